import Postgres

/// Every statement of the scheduler, in one place. Tables: `tenants` (sql/control/0001),
/// `schedule_runs` (sql/control/0002, next_due from 0005) and `schedule_changes` (0005).
/// Names are schema-qualified; no tenant role is involved.
enum SchedulerSQL {
    /// Every tenant's row for every configured schedule: $1 schedule names, $2 their cron
    /// expressions. Creates the missing rows and re-arms (`next_due = '-infinity'`: look at it
    /// at the next due read) those computed with another cron or parked, so the due read then
    /// computes their next occurrence. Run by a leader's first tick, once per leadership term;
    /// the only statement whose cost grows with the tenant count.
    static let reconcileAll: PostgresQuery = """
        INSERT INTO relance.schedule_runs AS r (tenant, schedule, next_due, cron)
        SELECT t.slug, s.name, '-infinity', s.cron
          FROM relance.tenants t CROSS JOIN unnest($1::text[], $2::text[]) AS s(name, cron)
         ORDER BY 1, 2
        ON CONFLICT (tenant, schedule) DO UPDATE SET next_due = '-infinity', cron = excluded.cron
         WHERE r.cron IS DISTINCT FROM excluded.cron OR r.next_due = 'infinity'
        """

    /// Parks the rows of schedules that are not among $1 (removed from the configuration):
    /// their records stay, as the fence for when they come back.
    static let parkUnconfigured: PostgresQuery = """
        UPDATE relance.schedule_runs SET next_due = 'infinity'
         WHERE schedule <> ALL($1::text[]) AND next_due <> 'infinity'
        """

    /// Re-arms the rows of the tenants the `tenants` triggers noted in `schedule_changes`
    /// (created, status or time zone changed), creating their missing rows, and empties that
    /// table: $1 schedule names, $2 cron expressions. Costs as much as the tenants changed.
    static let reconcileChanged: PostgresQuery = """
        WITH changed AS (DELETE FROM relance.schedule_changes RETURNING tenant)
        INSERT INTO relance.schedule_runs AS r (tenant, schedule, next_due, cron)
        SELECT c.tenant, s.name, '-infinity', s.cron
          FROM changed c CROSS JOIN unnest($1::text[], $2::text[]) AS s(name, cron)
         ORDER BY 1, 2
        ON CONFLICT (tenant, schedule) DO UPDATE SET next_due = '-infinity', cron = excluded.cron
        """

    /// Whether any row is due at $1 (`$now`, NULL = the database's clock): one index probe.
    static let anyDue: PostgresQuery = """
        SELECT EXISTS (SELECT 1 FROM relance.schedule_runs WHERE next_due <= coalesce($1::timestamptz, statement_timestamp()))
        """

    /// Locks up to $2 rows due at $1 (`$now`) that no other tick holds, with what computing
    /// their occurrences needs: tenant, schedule, last occurrence enqueued, the tenant's time
    /// zone and status, and the database's clock.
    static let due: PostgresQuery = """
        SELECT r.tenant, r.schedule, r.last_occurrence, t.time_zone, t.status, statement_timestamp()
          FROM relance.schedule_runs r JOIN relance.tenants t ON t.slug = r.tenant
         WHERE r.next_due <= coalesce($1::timestamptz, statement_timestamp())
         ORDER BY r.tenant, r.schedule
         LIMIT $2::int8
           FOR UPDATE OF r SKIP LOCKED
        """

    /// The fence. For the rows `due` locked: $1 tenants, $2 schedule names, $3 the latest
    /// occurrence at or before now (NULL: none, or the row is parked), $4 the next occurrence
    /// after now (NULL: parked, `infinity`), $5 `$now`. Sets next_due, and records the
    /// occurrence as the last one only where it is newer than the one recorded (or none is);
    /// returns the rows it advanced: exactly those get a job.
    ///
    /// The rows are locked by `due` in the same transaction, so a second tick racing on them
    /// skips them (SKIP LOCKED), or, reading after the commit, finds them no longer due.
    static let advance: PostgresQuery = """
        WITH input AS (
            SELECT d.tenant, d.schedule, d.occurrence, d.next_due,
                   d.occurrence IS NOT NULL AND (s.last_occurrence IS NULL OR s.last_occurrence < d.occurrence) AS advanced
              FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS d(tenant, schedule, occurrence, next_due)
              JOIN relance.schedule_runs s ON s.tenant = d.tenant AND s.schedule = d.schedule
        ),
        updated AS (
            UPDATE relance.schedule_runs r
               SET next_due = coalesce(i.next_due, 'infinity'),
                   last_occurrence = CASE WHEN i.advanced THEN i.occurrence ELSE r.last_occurrence END,
                   enqueued_at = CASE WHEN i.advanced THEN coalesce($5::timestamptz, statement_timestamp()) ELSE r.enqueued_at END
              FROM input i
             WHERE r.tenant = i.tenant AND r.schedule = i.schedule
            RETURNING r.tenant, r.schedule, i.occurrence, i.advanced
        )
        SELECT tenant, schedule, occurrence FROM updated WHERE advanced
        """

    /// Takes the scheduler's session-level advisory lock $1 if it is free; returns whether it did.
    static let tryLock: PostgresQuery = "SELECT pg_try_advisory_lock($1::int8)"

    /// Releases the advisory lock $1 held by this session.
    static let unlock: PostgresQuery = "SELECT pg_advisory_unlock($1::int8)"

    /// A round trip that proves the session (and so its advisory lock) is alive.
    static let ping: PostgresQuery = "SELECT 1"
}
