import Postgres

/// The SQL of `EventLog`.
///
/// Inserting events also answers which active webhook endpoints subscribe to them, in the
/// same statement, so that a tenant without endpoints pays no round trip for webhooks (a scan
/// of its empty `webhook_endpoints`), and a batch of events one join.
enum EventSQL {
    /// One event; returns its id, the ids (text) of the active endpoints subscribed to its type
    /// (null when none), and the tenant's schema.
    static func insert(_ event: NewEvent) -> PostgresQuery {
        """
        WITH e AS (
            INSERT INTO events (type, subject_type, subject_id, customer_id, data, actor)
            VALUES (\(event.type), \(event.subjectType), \(event.subjectID), \(event.customerID),
                    convert_from(\(event.data), 'UTF8')::jsonb, \(event.actor))
            RETURNING id, type
        )
        SELECT e.id,
               (SELECT array_agg(w.id::text ORDER BY w.id) FROM webhook_endpoints w
                 WHERE w.status = 'active' AND e.type = ANY (w.event_types)),
               current_schema()::text
        FROM e
        """
    }

    /// Many events at once, in array order: types, subject types, subject ids, customer ids
    /// (nullable), JSON texts, actors. Returns one row per event and subscribed active endpoint:
    /// the event's id, the endpoint's id (text), the tenant's schema.
    static let insertMany: PostgresQuery = """
        WITH e AS (
            INSERT INTO events (type, subject_type, subject_id, customer_id, data, actor)
            SELECT t, st, sid::uuid, cid::uuid, d::jsonb, a
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(t, st, sid, cid, d, a, n)
            ORDER BY n
            RETURNING id, type
        )
        SELECT e.id, w.id::text, current_schema()::text
        FROM e JOIN webhook_endpoints w ON w.status = 'active' AND e.type = ANY (w.event_types)
        ORDER BY e.id, w.id
        """

    /// A customer's events newest first: $1 the customer, $2 the id to start below (null: the
    /// newest), $3 rows to fetch.
    static let timeline: PostgresQuery = """
        SELECT id, type, occurred_at, subject_type, subject_id, customer_id, data::text, actor FROM events
        WHERE customer_id = $1 AND ($2::int8 IS NULL OR id < $2)
        ORDER BY id DESC
        LIMIT $3
        """
}
