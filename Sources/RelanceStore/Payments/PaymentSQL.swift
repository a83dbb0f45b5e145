import Postgres

/// The SQL of `PaymentRepository`.
enum PaymentSQL {
    static let columns = """
        p.id, p.customer_id, p.amount, p.currency::text, p.received_on, p.method, p.reference, p.status,
        p.amount_allocated, p.reversed_on, p.reversal_reason, p.created_at
        """

    static let insert: PostgresQuery = """
        INSERT INTO payments (id, customer_id, amount, currency, received_on, method, reference)
        VALUES ($1, $2, $3, $4::char(3), $5, $6, $7)
        """

    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM payments p WHERE p.id = $1"
    static let selectForUpdate: PostgresQuery = "SELECT \(unescaped: columns) FROM payments p WHERE p.id = $1 FOR UPDATE"

    /// The allocations of payments $1 (uuid[] as text[]): payment parts and discounts.
    static let allocations: PostgresQuery = """
        SELECT a.payment_id, a.invoice_id, i.number, a.kind, a.amount, a.allocated_on, a.reversed_on
        FROM allocations a JOIN invoices i ON i.id = a.invoice_id
        WHERE a.payment_id = ANY($1::uuid[])
        ORDER BY a.payment_id, a.created_at, a.id
        """

    /// The live allocations of payment $1, locked.
    static let liveAllocations: PostgresQuery = """
        SELECT id, invoice_id, kind, amount FROM allocations
        WHERE payment_id = $1 AND reversed_at IS NULL ORDER BY created_at, id FOR UPDATE
        """

    static let reverseAllocation: PostgresQuery = "UPDATE allocations SET reversed_on = $2, reversed_at = now() WHERE id = $1"

    static let reverse: PostgresQuery = """
        UPDATE payments SET status = 'reversed', amount_allocated = 0, reversed_on = $2, reversal_reason = $3, reversed_at = now()
        WHERE id = $1
        """

    /// A page: customer $1 (null: all), after ($2 received_on, $3 id) descending, $4 limit.
    static let list: PostgresQuery = """
        SELECT \(unescaped: columns) FROM payments p
        WHERE ($1::uuid IS NULL OR p.customer_id = $1)
          AND ($2::date IS NULL OR (p.received_on, p.id) < ($2::date, $3::uuid))
        ORDER BY p.received_on DESC, p.id DESC
        LIMIT $4
        """
}
