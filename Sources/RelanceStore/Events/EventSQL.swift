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
}
