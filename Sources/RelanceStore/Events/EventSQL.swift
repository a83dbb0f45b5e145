import Postgres

/// The SQL of `EventLog`.
enum EventSQL {
    static func insert(_ event: NewEvent) -> PostgresQuery {
        """
        INSERT INTO events (type, subject_type, subject_id, customer_id, data, actor)
        VALUES (\(event.type), \(event.subjectType), \(event.subjectID), \(event.customerID),
                convert_from(\(event.data), 'UTF8')::jsonb, \(event.actor))
        RETURNING id
        """
    }

    /// A customer's events newest first: $1 the customer, $2 the id to start below (null: the
    /// newest), $3 rows to fetch.
    static let timeline: PostgresQuery = """
        SELECT id, type, occurred_at, subject_type, subject_id, customer_id, data::text, actor FROM events
        WHERE customer_id = $1 AND ($2::int8 IS NULL OR id < $2)
        ORDER BY id DESC
        LIMIT $3
        """
}
