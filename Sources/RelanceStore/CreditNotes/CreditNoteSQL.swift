import Postgres

/// The SQL of `CreditNoteRepository`.
enum CreditNoteSQL {
    static let columns = """
        c.id, c.number, c.customer_id, c.invoice_id, c.amount, c.currency::text, c.issue_date, c.reason, c.amount_allocated, c.created_at
        """

    static let insert: PostgresQuery = """
        INSERT INTO credit_notes (id, number, customer_id, invoice_id, amount, currency, issue_date, reason)
        VALUES ($1, $2, $3, $4, $5, $6::char(3), $7, $8)
        """

    static let numberExists: PostgresQuery = "SELECT EXISTS (SELECT FROM credit_notes WHERE number = $1)"

    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM credit_notes c WHERE c.id = $1"

    /// A page: customer $1 (null: all), after ($2 issue_date, $3 id) descending, $4 limit.
    static let list: PostgresQuery = """
        SELECT \(unescaped: columns) FROM credit_notes c
        WHERE ($1::uuid IS NULL OR c.customer_id = $1)
          AND ($2::date IS NULL OR (c.issue_date, c.id) < ($2::date, $3::uuid))
        ORDER BY c.issue_date DESC, c.id DESC
        LIMIT $4
        """
}
