import Postgres

/// The SQL of `WebhookEndpointRepository` and `WebhookDeliveryLog`, run in the tenant's context.
enum WebhookSQL {
    static let columns = """
        w.id, w.url, w.event_types, w.description, w.status, w.failing_since, w.disabled_at, w.disabled_reason, w.created_at, w.updated_at
        """
    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM webhook_endpoints w WHERE w.id = $1"
    static let selectForUpdate: PostgresQuery = "SELECT \(unescaped: columns) FROM webhook_endpoints w WHERE w.id = $1 FOR UPDATE"
    /// In creation order after endpoint $1 (from the first when null), $2 rows.
    static let list: PostgresQuery = """
        SELECT \(unescaped: columns) FROM webhook_endpoints w
        WHERE $1::uuid IS NULL OR (w.created_at, w.id) > (SELECT created_at, id FROM webhook_endpoints WHERE id = $1)
        ORDER BY w.created_at, w.id LIMIT $2
        """
    /// $1 id, $2 url, $3 event types, $4 secret, $5 description.
    static let insert: PostgresQuery = """
        INSERT INTO webhook_endpoints (id, url, event_types, secret, description) VALUES ($1, $2, $3::text[], $4, $5)
        """
    /// $1 id; $2 url, $3 event types (null: kept); $4 whether to set the description, $5 to what;
    /// $6 the status (null: kept). Re-enabling forgets the failure streak.
    static let update: PostgresQuery = """
        UPDATE webhook_endpoints SET
            url = coalesce($2, url),
            event_types = coalesce($3::text[], event_types),
            description = CASE WHEN $4 THEN $5 ELSE description END,
            status = coalesce($6, status),
            failing_since = CASE WHEN $6 = 'active' AND status = 'disabled' THEN NULL ELSE failing_since END,
            disabled_at = CASE WHEN $6 = 'active' THEN NULL WHEN $6 = 'disabled' THEN coalesce(disabled_at, now()) ELSE disabled_at END,
            disabled_reason = CASE WHEN $6 = 'active' THEN NULL
                                   WHEN $6 = 'disabled' AND status = 'active' THEN 'disabled through the API'
                                   ELSE disabled_reason END,
            updated_at = now()
        WHERE id = $1
        """
    static let rotate: PostgresQuery = "UPDATE webhook_endpoints SET secret = $2, updated_at = now() WHERE id = $1"
    static let delete: PostgresQuery = "DELETE FROM webhook_endpoints WHERE id = $1"

    static let deliveryColumns = """
        d.id, d.endpoint_id, d.event_id, d.event_type, d.attempt, d.status, d.response_status, d.response_excerpt, d.error,
        d.duration_ms, d.next_attempt_at, d.attempted_at
        """
    /// Endpoint $1's attempts, newest first, with an id below $2 (null: from the newest), $3 rows.
    static let deliveries: PostgresQuery = """
        SELECT \(unescaped: deliveryColumns) FROM webhook_deliveries d
        WHERE d.endpoint_id = $1 AND ($2::int8 IS NULL OR d.id < $2)
        ORDER BY d.id DESC LIMIT $3
        """

    /// Endpoint $1 and event $2, for a delivery.
    static let target: PostgresQuery = """
        SELECT w.url, w.secret, w.status, e.type, e.occurred_at, e.data::text
        FROM webhook_endpoints w CROSS JOIN events e WHERE w.id = $1 AND e.id = $2
        """
    /// A success: the failure streak ends. Returns the status (no row: the endpoint is gone).
    static let succeeded: PostgresQuery = """
        UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 RETURNING status
        """
    /// A failure: the streak starts now if it had not. Returns the status, when the streak
    /// started, and whether it is more than a day old.
    static let failed: PostgresQuery = """
        UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()) WHERE id = $1
        RETURNING status, failing_since, failing_since < now() - interval '1 day'
        """
    /// Disables active endpoint $1 with reason $2; returns its id if it was active.
    static let disable: PostgresQuery = """
        UPDATE webhook_endpoints SET status = 'disabled', disabled_at = now(), disabled_reason = $2, updated_at = now()
        WHERE id = $1 AND status = 'active' RETURNING id
        """
    /// $1 endpoint, $2 event, $3 type, $4 attempt, $5 status, $6 response status, $7 excerpt,
    /// $8 error, $9 duration in ms, $10 seconds until the next attempt (null: none).
    static let insertAttempt: PostgresQuery = """
        INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, attempt, status, response_status, response_excerpt, error,
                                        duration_ms, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10::float8 * interval '1 second')
        """
    /// Attempts older than 30 days, at most 500 at a time (an index range scan that finds
    /// nothing at once when there is nothing to prune).
    static let prune: PostgresQuery = """
        DELETE FROM webhook_deliveries WHERE id IN (
            SELECT id FROM webhook_deliveries WHERE attempted_at < now() - interval '30 days' ORDER BY attempted_at LIMIT 500)
        """
}
