import Postgres

/// Every statement of the scheduler, in one place. Tables: `tenants` (sql/control/0001) and
/// `schedule_runs` (sql/control/0002). Names are schema-qualified; no tenant role is involved.
enum SchedulerSQL {
    /// Active tenants, their IANA time zones, and the database's clock (so replicas on hosts
    /// with skewed clocks agree on what is due).
    static let activeTenants: PostgresQuery = "SELECT slug, time_zone, statement_timestamp() FROM relance.tenants WHERE status = 'active'"

    /// The fence. $1 tenants, $2 schedule names, $3 due occurrences (the latest at or before
    /// now), $4 `$now` (NULL = the database's clock). Records each occurrence as the schedule's
    /// last one for the tenant only where it is newer than the one recorded (or none is), for
    /// tenants still active, and returns the rows it advanced: exactly those get a job.
    ///
    /// Concurrent ticks: a second transaction that reaches a row the first one advanced waits
    /// for it to commit, then re-checks the condition against the committed row and skips it,
    /// so an occurrence advances once. Rows are taken in (tenant, schedule) order so two ticks
    /// cannot deadlock. The NOT EXISTS pre-filter reads without locking, so a tick that has
    /// nothing due writes nothing.
    static let advance: PostgresQuery = """
        INSERT INTO relance.schedule_runs AS r (tenant, schedule, last_occurrence, enqueued_at)
        SELECT d.tenant, d.schedule, d.occurrence, coalesce($4::timestamptz, statement_timestamp())
          FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS d(tenant, schedule, occurrence)
          JOIN relance.tenants t ON t.slug = d.tenant AND t.status = 'active'
         WHERE NOT EXISTS (SELECT 1 FROM relance.schedule_runs s
                            WHERE s.tenant = d.tenant AND s.schedule = d.schedule AND s.last_occurrence >= d.occurrence)
         ORDER BY d.tenant, d.schedule
        ON CONFLICT (tenant, schedule) DO UPDATE
           SET last_occurrence = excluded.last_occurrence, enqueued_at = excluded.enqueued_at
         WHERE r.last_occurrence < excluded.last_occurrence
        RETURNING r.tenant, r.schedule, r.last_occurrence
        """

    /// Takes the scheduler's session-level advisory lock $1 if it is free; returns whether it did.
    static let tryLock: PostgresQuery = "SELECT pg_try_advisory_lock($1::int8)"

    /// Releases the advisory lock $1 held by this session.
    static let unlock: PostgresQuery = "SELECT pg_advisory_unlock($1::int8)"

    /// A round trip that proves the session (and so its advisory lock) is alive.
    static let ping: PostgresQuery = "SELECT 1"
}
