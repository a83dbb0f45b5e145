#!/usr/bin/env bash
# Shared by deploy/local/up, deploy/local/test and deploy/local/bench: installs what is
# missing and runs a throwaway PostgreSQL cluster under the repository (.local/).
# Sourced, not run.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_VERSION=${PG_VERSION:-15}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}
export PATH="/opt/swift/usr/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages the build, the tests and the local run need, if missing.
ensure_packages() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=("postgresql-$PG_VERSION" "postgresql-contrib-$PG_VERSION")
  [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  command -v runuser >/dev/null || missing+=(util-linux)
  [ -x "$PG_BIN/pgbench" ] || missing+=("postgresql-contrib-$PG_VERSION")
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root or install them"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v swift >/dev/null || die "swift is not on PATH (expected under /opt/swift)"
}

# Installs, for each COMMAND:PACKAGE argument whose COMMAND is not on PATH, the Debian PACKAGE.
ensure_tools() {
  local missing=() wanted
  for wanted in "$@"; do
    command -v "${wanted%%:*}" >/dev/null || missing+=("${wanted#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root or install them"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Creates the Python virtual environment DIR if missing and installs each pinned
# NAME==VERSION that is not installed at that version: ensure_venv DIR NAME==VERSION...
ensure_venv() {
  local venv=$1 pin wanted=()
  shift
  if [ ! -x "$venv/bin/python" ]; then
    log "creating the virtual environment $venv"
    python3 -m venv "$venv" || die "could not create $venv (Debian: apt-get install python3-venv)"
  fi
  for pin in "$@"; do
    "$venv/bin/python" -c 'import importlib.metadata as m, sys
name, version = sys.argv[1].split("==")
try: sys.exit(m.version(name) != version)
except m.PackageNotFoundError: sys.exit(1)' "$pin" 2>/dev/null || wanted+=("$pin")
  done
  if [ ${#wanted[@]} -gt 0 ]; then
    log "pip install ${wanted[*]}"
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "${wanted[@]}" \
      || die "pip install ${wanted[*]} failed"
  fi
}

# Runs a command as the cluster's owner: the postgres user when we are root.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Prints the first free TCP port on 127.0.0.1 at or after $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# start_cluster DIR PORT [fast]
# Creates (if new) and starts a cluster in DIR listening on 127.0.0.1:PORT, with a login
# role `relance` (CREATEDB CREATEROLE, not superuser) owning database `relance`.
# "fast" turns durability off, for tests.
start_cluster() {
  local dir=$1 port=$2 mode=${3:-}
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres: "$dir"
    # The cluster's owner must reach $dir: a clone under `mktemp -d` (mode 700) is not
    # traversable by others; let others traverse (not read) each folder on the way.
    local up=$dir
    while [ "$up" != / ]; do
      up=$(dirname "$up")
      runuser -u postgres -- test -x "$up" 2>/dev/null || chmod o+x "$up"
    done
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir/data"
    as_pg_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed in $dir/data"
  fi
  # A cluster left running by an interrupted run is stopped first.
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  local options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300"
  if [ "$mode" = fast ]; then
    options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  elif [ "$mode" = bench ]; then
    # The settings of ../shared/bench/queue-peer/run.sh, so figures compare line for line.
    options="$options -c shared_buffers=256MB"
  fi
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$options" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; die "PostgreSQL did not start (log: $dir/postgres.log)"; }
  as_pg_owner "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<'SQL' >/dev/null
SELECT 'CREATE ROLE relance LOGIN CREATEDB CREATEROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relance') \gexec
SELECT 'CREATE DATABASE relance OWNER relance' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'relance') \gexec
SQL
}

# stop_cluster DIR [remove]
stop_cluster() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ "${2:-}" = remove ]; then rm -rf "$dir"; fi
}
