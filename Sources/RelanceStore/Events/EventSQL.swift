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

    /// Many events at once, in array order: types, subject types, subject ids, customer ids
    /// (nullable), JSON texts, actors.
    static let insertMany: PostgresQuery = """
        INSERT INTO events (type, subject_type, subject_id, customer_id, data, actor)
        SELECT t, st, sid::uuid, cid::uuid, d::jsonb, a
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(t, st, sid, cid, d, a, n)
        ORDER BY n
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
