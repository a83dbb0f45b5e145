import Postgres

/// Every statement of the job queue, in one place. Tables are in sql/control/0002_job_queue.sql.
///
/// Conventions: `$now` parameters are an optional `timestamptz`; `NULL` means the database's
/// clock (production), a value means an injected clock (tests). All jobs of all tenants are in
/// the control schema, so every name is schema-qualified and no tenant role is involved.
enum QueueSQL {
    /// The clock expression for a statement whose parameter `n` is the optional `$now`.
    private static func now(_ n: Int) -> String { "coalesce($\(n)::timestamptz, statement_timestamp())" }

    /// Columns copied from `jobs` to `finished_jobs` (same names in both).
    private static let carried = "id, tenant, kind, payload, priority, attempt, max_attempts, unique_key, created_at, attempted_at"

    // MARK: - Enqueue

    /// $1 tenants, $2 kinds, $3 payloads (JSON text), $4 priorities, $5 run_at (NULL = now),
    /// $6 max_attempts, $7 unique keys (NULL = none). A unique key taken in the same tenant skips
    /// that row (keys are per tenant: another tenant's `invoice:123` is another key). A job
    /// due more than a second later is `scheduled`, and the claim round that finds it due makes
    /// it `available`; one due sooner is `available` at once and the claim waits for its run_at.
    static let enqueue: PostgresQuery = """
        \(unescaped: insertJobs)

        ON CONFLICT (tenant, unique_key) WHERE unique_key IS NOT NULL DO NOTHING
        RETURNING id
        """

    /// `enqueue` for a batch in which no job has a unique key (all of $7 NULL): without
    /// `ON CONFLICT`, PostgreSQL skips the speculative insertion (and its extra WAL record)
    /// for every row.
    static let enqueueWithoutKeys: PostgresQuery = """
        \(unescaped: insertJobs)

        RETURNING id
        """

    private static let insertJobs = """
        INSERT INTO relance.jobs (tenant, kind, payload, priority, run_at, max_attempts, unique_key, state)
        SELECT t, k, p::jsonb, pr::smallint, coalesce(r, now()), m::integer, u,
               CASE WHEN r > now() + interval '1 second' THEN 'scheduled' ELSE 'available' END
          FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::timestamptz[], $6::int8[], $7::text[])
               AS x(t, k, p, pr, r, m, u)
        """

    /// Around an enqueue: remember the role in force (a tenant's, in a tenant transaction),
    /// act as the session's own role (the application's, which owns the queue), then return
    /// to the remembered role. Transaction-local, like the tenant prologue's `SET LOCAL ROLE`
    /// (outside a transaction block the remembered role is gone by the insert: nothing to restore).
    static let leaveRole: PostgresQuery = "SELECT set_config('relance.enqueue_role', current_user, true), set_config('role', 'none', true)"
    static let restoreRole: PostgresQuery = """
        SELECT set_config('role', CASE WHEN coalesce(current_setting('relance.enqueue_role', true), '') IN ('', session_user)
                                       THEN 'none' ELSE current_setting('relance.enqueue_role') END, true)
        """

    // MARK: - Claim

    /// Claims up to $1 jobs of the kinds $2 for worker $3 with a lease of $4 seconds; $5 is
    /// `$now`; $6 is the last tenant this worker served (round-robin cursor, '' at first).
    ///
    /// Fairness: the tenants with claimable jobs are found by a loose index scan, served
    /// round-robin from after the cursor, and each gets at most ceil($1 / tenants) jobs, so one
    /// tenant's backlog never fills a claim while another tenant waits.
    static let claim: PostgresQuery = """
        WITH RECURSIVE tenants(tenant) AS (
            (SELECT j.tenant FROM relance.jobs j
              WHERE j.state = 'available' ORDER BY j.tenant LIMIT 1)
          UNION ALL
            SELECT (SELECT j.tenant FROM relance.jobs j
                     WHERE j.state = 'available' AND j.tenant > t.tenant
                     ORDER BY j.tenant LIMIT 1)
              FROM tenants t WHERE t.tenant IS NOT NULL
        ),
        ordered AS MATERIALIZED (
            SELECT tenant FROM tenants WHERE tenant IS NOT NULL ORDER BY tenant <= $6::text, tenant
        ),
        picked AS (
            SELECT c.id
              FROM ordered o
              CROSS JOIN LATERAL (
                  SELECT j.id FROM relance.jobs j
                   WHERE j.tenant = o.tenant AND j.state = 'available' AND j.kind = ANY($2::text[])
                     AND j.run_at <= \(unescaped: now(5))
                   ORDER BY j.priority, j.run_at, j.id
                   LIMIT (SELECT greatest(1, ($1::int8 + count(*) - 1) / count(*)) FROM ordered)
                   FOR UPDATE SKIP LOCKED) c
             LIMIT $1::int8
        )
        UPDATE relance.jobs j
           SET state = 'running', attempt = j.attempt + 1, lease_owner = $3::uuid,
               lease_expires_at = \(unescaped: now(5)) + make_interval(secs => $4::float8), attempted_at = \(unescaped: now(5))
         WHERE j.id = ANY (ARRAY(SELECT id FROM picked))
        RETURNING j.id, j.tenant, j.kind, j.payload::text, j.priority, j.attempt, j.max_attempts, j.unique_key,
                  j.created_at, j.cancel_requested
        """

    /// Makes up to $2 scheduled or failed jobs that are due at $1 (`$now`) available. Runs in
    /// the same round trip as each claim, so the claim index only ever holds due jobs and the
    /// fair share of a tenant is counted among tenants that have work now.
    static let stage: PostgresQuery = """
        UPDATE relance.jobs SET state = 'available'
         WHERE id IN (SELECT id FROM relance.jobs
                       WHERE state IN ('scheduled', 'failed') AND run_at <= \(unescaped: now(1))
                       ORDER BY run_at
                       LIMIT $2::int8
                       FOR UPDATE SKIP LOCKED)
        """

    // MARK: - Completion

    /// Records that attempts of worker $1 succeeded: $2 job ids, $3 fencing keys
    /// (`id * 1024 + attempt`, see `Completion.fencingKey`), $4 is `$now`. The common case,
    /// kept to index lookups by id: no join against the input. Returns the ids accepted.
    static let succeed: PostgresQuery = """
        WITH ended AS (
            DELETE FROM relance.jobs j
             WHERE j.id = ANY($2::int8[]) AND (j.id * 1024 + j.attempt) = ANY($3::int8[])
               AND j.state = 'running' AND j.lease_owner = $1::uuid
            RETURNING j.*
        )
        INSERT INTO relance.finished_jobs (\(unescaped: carried), state, last_error, finished_at)
        SELECT \(unescaped: carried), 'succeeded', last_error, \(unescaped: now(4)) FROM ended
        RETURNING id
        """

    /// Ends or reschedules the attempts of worker $1: arrays $2 ids, $3 attempts, $4 outcomes
    /// (succeeded, discarded, cancelled, failed, snoozed, released), $5 next run_at (for failed,
    /// snoozed, released), $6 errors; $7 is `$now`. An entry whose job is no longer running
    /// under this worker and attempt (rescued, re-claimed) is refused: fencing by attempt.
    /// Returns the ids that were accepted.
    static let complete: PostgresQuery = """
        WITH input AS (
            SELECT * FROM unnest($2::int8[], $3::int8[], $4::text[], $5::timestamptz[], $6::text[])
                     AS c(id, attempt, outcome, run_at, error)
        ),
        ended AS (
            DELETE FROM relance.jobs j USING input c
             WHERE j.id = c.id AND j.attempt = c.attempt AND j.state = 'running' AND j.lease_owner = $1::uuid
               AND c.outcome IN ('succeeded', 'discarded', 'cancelled')
            RETURNING j.*, c.outcome, c.error
        ),
        archived AS (
            INSERT INTO relance.finished_jobs (\(unescaped: carried), state, last_error, finished_at)
            SELECT \(unescaped: carried), outcome, coalesce(error, last_error), \(unescaped: now(7)) FROM ended
            RETURNING id
        ),
        rescheduled AS (
            UPDATE relance.jobs j
               SET state = CASE WHEN c.outcome = 'failed' THEN 'failed'
                                WHEN coalesce(c.run_at, \(unescaped: now(7))) > \(unescaped: now(7)) THEN 'scheduled'
                                ELSE 'available' END,
                   run_at = coalesce(c.run_at, \(unescaped: now(7))),
                   attempt = CASE c.outcome WHEN 'failed' THEN j.attempt ELSE j.attempt - 1 END,
                   last_error = coalesce(c.error, j.last_error),
                   lease_owner = NULL, lease_expires_at = NULL
              FROM input c
             WHERE j.id = c.id AND j.attempt = c.attempt AND j.state = 'running' AND j.lease_owner = $1::uuid
               AND c.outcome IN ('failed', 'snoozed', 'released')
            RETURNING j.id
        )
        SELECT id FROM archived UNION ALL SELECT id FROM rescheduled
        """

    // MARK: - Workers and leases

    /// $1 id, $2 name, $3 host, $4 kinds, $5 concurrency, $6 `$now`.
    static let registerWorker: PostgresQuery = """
        INSERT INTO relance.workers (id, name, host, kinds, concurrency, started_at, heartbeat_at)
        VALUES ($1::uuid, $2::text, $3::text, $4::text[], $5::int8, \(unescaped: now(6)), \(unescaped: now(6)))
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
        """

    /// Worker $1 is alive: refresh its row, and confirm the leases it still holds among its
    /// running jobs $4 (fencing keys $5, `id * 1024 + attempt`); $2 is the lease in seconds, $3
    /// `$now`. A lease is held while the job is running under this worker and attempt and
    /// `lease_expires_at` has not passed; a held lease past half its length is renewed to $2.
    /// Only the jobs the worker knows it runs are renewed, so a job claimed by a claim whose
    /// answer was lost still expires and is rescued; an expired lease is never revived (the
    /// rescuer may be about to hand the job to another worker).
    ///
    /// Returns whether the worker's row still existed (the rescuer removes a worker silent for
    /// its dead-after time that holds no job), the ids whose lease is held, and those of them
    /// an operator cancelled. The held ids are read from the statement's snapshot, without
    /// locking the rows (no lock waits, no deadlock with the worker's own completions): a
    /// rescue that commits while the heartbeat runs shows at the next heartbeat, and the lease
    /// fence, not the heartbeat, is what guards effects.
    static let heartbeat: PostgresQuery = """
        WITH alive AS (
            UPDATE relance.workers SET heartbeat_at = \(unescaped: now(3)) WHERE id = $1::uuid RETURNING id
        ),
        extended AS (
            UPDATE relance.jobs SET lease_expires_at = \(unescaped: now(3)) + make_interval(secs => $2::float8)
             WHERE id = ANY($4::int8[]) AND (id * 1024 + attempt) = ANY($5::int8[]) AND lease_owner = $1::uuid
               AND state = 'running' AND lease_expires_at > \(unescaped: now(3))
               AND lease_expires_at < \(unescaped: now(3)) + make_interval(secs => $2::float8 / 2)
            RETURNING id
        ),
        held AS (
            SELECT id, cancel_requested FROM relance.jobs
             WHERE id = ANY($4::int8[]) AND (id * 1024 + attempt) = ANY($5::int8[]) AND lease_owner = $1::uuid
               AND state = 'running' AND lease_expires_at > \(unescaped: now(3))
        )
        SELECT (SELECT count(*) FROM alive) > 0,
               array(SELECT id FROM held),
               array(SELECT id FROM held WHERE cancel_requested),
               (SELECT count(*) FROM extended)
        """

    /// The lease fence (`ClaimedJob.fence()`): job $1, attempt $2, worker $3, margin $4 seconds,
    /// $5 `$now`. No row: the lease is lost (the job was rescued, re-claimed or finished).
    /// Otherwise whether the lease lasts beyond now + margin, and when it expires. A plain read
    /// by primary key is enough: a job changes hands only once its lease has expired (the
    /// rescuer's rule), and heartbeats only ever extend a held lease.
    static let fence: PostgresQuery = """
        SELECT lease_expires_at > \(unescaped: now(5)) + make_interval(secs => $4::float8), lease_expires_at
          FROM relance.jobs
         WHERE id = $1::int8 AND attempt = $2::int8 AND lease_owner = $3::uuid AND state = 'running'
        """

    /// $1 worker id.
    static let deregisterWorker: PostgresQuery = "DELETE FROM relance.workers WHERE id = $1::uuid"

    // MARK: - Rescue and prune

    /// Returns up to $2 running jobs whose lease expired; $1 is `$now`. The lost attempt
    /// counts: a job out of attempts is discarded, a job an operator cancelled is cancelled,
    /// the others run again now. Returns (discarded or cancelled, returned to the queue).
    ///
    /// Only an expired lease hands a job over, never a worker's silence alone: that is what
    /// lets the lease fence promise a handler that nobody else holds its job until the lease
    /// expires (a silent worker's leases expire anyway, as no heartbeat renews them).
    static let rescue: PostgresQuery = """
        WITH stale AS (
            SELECT j.id FROM relance.jobs j
             WHERE j.state = 'running' AND j.lease_expires_at < \(unescaped: now(1))
             ORDER BY j.id
             LIMIT $2::int8
             FOR UPDATE OF j SKIP LOCKED
        ),
        ended AS (
            DELETE FROM relance.jobs j USING stale s
             WHERE j.id = s.id AND (j.attempt >= j.max_attempts OR j.cancel_requested)
            RETURNING j.*
        ),
        archived AS (
            INSERT INTO relance.finished_jobs (\(unescaped: carried), state, last_error, finished_at)
            SELECT \(unescaped: carried), CASE WHEN cancel_requested THEN 'cancelled' ELSE 'discarded' END,
                   'lease lost: the worker stopped before finishing attempt ' || attempt, \(unescaped: now(1))
              FROM ended
            RETURNING id
        ),
        returned AS (
            UPDATE relance.jobs j
               SET state = 'failed', run_at = \(unescaped: now(1)), lease_owner = NULL, lease_expires_at = NULL,
                   last_error = 'lease lost: the worker stopped before finishing attempt ' || j.attempt
              FROM stale s
             WHERE j.id = s.id AND j.attempt < j.max_attempts AND NOT j.cancel_requested
            RETURNING j.id
        )
        SELECT (SELECT count(*) FROM archived), (SELECT count(*) FROM returned)
        """

    /// Removes workers silent for $2 seconds that hold no running job; $1 is `$now`.
    static let removeDeadWorkers: PostgresQuery = """
        DELETE FROM relance.workers w
         WHERE w.heartbeat_at < \(unescaped: now(1)) - make_interval(secs => $2::float8)
           AND NOT EXISTS (SELECT 1 FROM relance.jobs j WHERE j.lease_owner = w.id AND j.state = 'running')
        """

    /// Deletes up to $2 finished jobs that finished before $1.
    static let prune: PostgresQuery = """
        DELETE FROM relance.finished_jobs
         WHERE id IN (SELECT id FROM relance.finished_jobs WHERE finished_at < $1::timestamptz LIMIT $2::int8)
        """

    /// Dead row versions in the hot table, from the statistics collector.
    static let deadRows: PostgresQuery = "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = 'relance.jobs'::regclass"

    /// Reclaims the hot table's dead rows (not in a transaction); skipped if another worker's
    /// vacuum holds the table.
    static let vacuum: PostgresQuery = "VACUUM (SKIP_LOCKED) relance.jobs"

    /// Unfinished jobs by state and kind.
    static let depth: PostgresQuery = "SELECT state, kind, count(*) FROM relance.jobs GROUP BY state, kind"

    // MARK: - Operators

    private static let listColumns = """
        id, tenant, kind, payload::text, priority, attempt, max_attempts, state, unique_key, last_error,
        run_at, created_at, attempted_at, finished_at, lease_owner, lease_expires_at, cancel_requested
        """

    /// One job by id $1, wherever it is.
    static let show: PostgresQuery = """
        SELECT \(unescaped: listColumns) FROM (
            SELECT id, tenant, kind, payload, priority, attempt, max_attempts, state, unique_key, last_error,
                   run_at, created_at, attempted_at, NULL::timestamptz AS finished_at, lease_owner, lease_expires_at,
                   cancel_requested
              FROM relance.jobs WHERE id = $1::int8
            UNION ALL
            SELECT id, tenant, kind, payload, priority, attempt, max_attempts, state, unique_key, last_error,
                   NULL, created_at, attempted_at, finished_at, NULL, NULL, false
              FROM relance.finished_jobs WHERE id = $1::int8
        ) j
        """

    /// Jobs newest first: $1 states (NULL = all), $2 kind, $3 tenant, $4 before this id, $5 limit.
    static let list: PostgresQuery = """
        SELECT \(unescaped: listColumns) FROM (
            SELECT id, tenant, kind, payload, priority, attempt, max_attempts, state, unique_key, last_error,
                   run_at, created_at, attempted_at, NULL::timestamptz AS finished_at, lease_owner, lease_expires_at,
                   cancel_requested
              FROM relance.jobs
             WHERE ($1::text[] IS NULL OR state = ANY($1::text[])) AND ($2::text IS NULL OR kind = $2::text)
               AND ($3::text IS NULL OR tenant = $3::text) AND ($4::int8 IS NULL OR id < $4::int8)
            UNION ALL
            SELECT id, tenant, kind, payload, priority, attempt, max_attempts, state, unique_key, last_error,
                   NULL, created_at, attempted_at, finished_at, NULL, NULL, false
              FROM relance.finished_jobs
             WHERE ($1::text[] IS NULL OR state = ANY($1::text[])) AND ($2::text IS NULL OR kind = $2::text)
               AND ($3::text IS NULL OR tenant = $3::text) AND ($4::int8 IS NULL OR id < $4::int8)
        ) j
        ORDER BY id DESC
        LIMIT $5::int8
        """

    /// Cancels job $1: a waiting job ends now; a running one is flagged and its worker told by
    /// NOTIFY. $2 is `$now`. Returns (ended now, flagged).
    static let cancel: PostgresQuery = """
        WITH ended AS (
            DELETE FROM relance.jobs WHERE id = $1::int8 AND state IN ('scheduled', 'available', 'failed') RETURNING *
        ),
        archived AS (
            INSERT INTO relance.finished_jobs (\(unescaped: carried), state, last_error, finished_at)
            SELECT \(unescaped: carried), 'cancelled', last_error, \(unescaped: now(2)) FROM ended
            RETURNING id
        ),
        flagged AS (
            UPDATE relance.jobs SET cancel_requested = true WHERE id = $1::int8 AND state = 'running' RETURNING id
        )
        SELECT (SELECT count(*) FROM archived),
               (SELECT count(*) FROM (SELECT pg_notify('relance_job_cancel', id::text) FROM flagged) n)
        """

    /// Retries job $1 now: a discarded or cancelled job comes back with its attempts reset; a
    /// failed or future job runs now. $2 is `$now`. Returns the number of jobs changed.
    static let retry: PostgresQuery = """
        WITH revived AS (
            DELETE FROM relance.finished_jobs WHERE id = $1::int8 AND state IN ('discarded', 'cancelled') RETURNING *
        ),
        inserted AS (
            INSERT INTO relance.jobs (id, tenant, kind, payload, priority, run_at, attempt, max_attempts, state,
                                      unique_key, last_error, created_at)
            SELECT id, tenant, kind, payload, priority, \(unescaped: now(2)), 0, max_attempts, 'available', unique_key, last_error,
                   created_at
              FROM revived
            RETURNING id
        ),
        hurried AS (
            UPDATE relance.jobs SET run_at = \(unescaped: now(2)), state = 'available'
             WHERE id = $1::int8 AND state IN ('scheduled', 'available', 'failed')
            RETURNING id
        )
        SELECT (SELECT count(*) FROM inserted) + (SELECT count(*) FROM hurried), pg_notify('relance_jobs', '')
        """
}
