import Postgres

/// The SQL of `IdempotencyRepository`. Tenant statements run in the tenant's context (the
/// table is `idempotency_keys` of its schema); control statements name `relance.`.
enum IdempotencySQL {
    /// One transaction at a time per tenant and key: a second request with the key while the
    /// first is in flight finds the lock taken (409) instead of waiting. The lock is keyed by
    /// schema and key, so tenants never contend.
    static let lockTenant: PostgresQuery = "SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency:' || current_schema() || ':' || $1, 0))"

    /// Keys are kept 24 hours; the expired ones go on the next keyed request (index on created_at).
    static let pruneTenant: PostgresQuery = "DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'"

    static let findTenant: PostgresQuery = "SELECT fingerprint, status, content_type, etag, body FROM idempotency_keys WHERE key = $1"

    static let insertTenant: PostgresQuery = """
        INSERT INTO idempotency_keys (key, fingerprint, status, content_type, etag, body) VALUES ($1, $2, $3, $4, $5, $6)
        """

    /// Expired records of the scope, and claims older than 15 minutes (their process died).
    static let pruneControl: PostgresQuery = """
        DELETE FROM relance.idempotency_keys
        WHERE scope = $1 AND (created_at < now() - interval '24 hours' OR (status IS NULL AND created_at < now() - interval '15 minutes'))
        """

    static let claimControl: PostgresQuery = """
        INSERT INTO relance.idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, $3)
        ON CONFLICT (scope, key) DO NOTHING RETURNING 1
        """

    static let findControl: PostgresQuery = "SELECT fingerprint, status, content_type, etag, body FROM relance.idempotency_keys WHERE scope = $1 AND key = $2"

    static let completeControl: PostgresQuery = """
        UPDATE relance.idempotency_keys SET status = $3, content_type = $4, etag = $5, body = $6
        WHERE scope = $1 AND key = $2 AND status IS NULL
        """

    static let releaseControl: PostgresQuery = "DELETE FROM relance.idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL"
}
