/// The statements that return a pooled session to the state it connected with, so nothing
/// one borrower set (a `SET`, `SET ROLE`, a temporary table, a `LISTEN`, a session advisory
/// lock, a `WITH HOLD` cursor, a sequence's `currval`) reaches the next borrower.
///
/// `DISCARD ALL` minus `DEALLOCATE ALL` and `DISCARD PLANS`: the prepared statements of the
/// connection's `StatementCache` survive (dropping them would cost a parse and plan per
/// statement per checkout). `RESET ALL` restores the values given at connect (`options`),
/// such as the session timeouts; it leaves the role alone, which `RESET ROLE` resets.
/// (`SET SESSION AUTHORIZATION DEFAULT`, as `DISCARD ALL` has it, also undoes a superuser's
/// `SET SESSION AUTHORIZATION`, which only a superuser can run, and cost 15 % of a trivial
/// transaction's throughput in pgbench here: the application's role is not a superuser.)
/// Every statement may run in an implicit transaction, so
/// the script can follow `COMMIT` in one message and a pipeline's statements in one round trip.
enum PostgresSessionReset {
    static let statements = [
        "CLOSE ALL",
        "RESET ROLE",
        "RESET ALL",
        "UNLISTEN *",
        "SELECT pg_advisory_unlock_all()",
        "DISCARD SEQUENCES",
        "DISCARD TEMP",
    ]

    /// The statements as one simple-query script.
    static let script = statements.joined(separator: "; ")
}
