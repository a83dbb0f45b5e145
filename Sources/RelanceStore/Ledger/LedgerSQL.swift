import Postgres

/// The SQL of `LedgerRepository`: the customer account's movements, the statement, and the
/// reconciliation check.
enum LedgerSQL {
    static let insert: PostgresQuery = """
        INSERT INTO ledger_entries (customer_id, currency, entry_date, kind, amount, invoice_id, payment_id, credit_note_id, description)
        VALUES ($1, $2::char(3), $3, $4, $5, $6, $7, $8, $9)
        """

    /// The balance of customer $1 before date $2.
    static let openingBalance: PostgresQuery = """
        SELECT coalesce(sum(amount), 0)::int8 FROM ledger_entries WHERE customer_id = $1 AND entry_date < $2
        """

    /// The movements of customer $1 from $2 to $3, in date order, with the number or
    /// reference of what they concern.
    static let movements: PostgresQuery = """
        SELECT e.entry_date, e.kind, e.amount,
               CASE e.kind WHEN 'credit_note' THEN c.number WHEN 'payment' THEN p.reference
                           ELSE coalesce(i.number, c.number, p.reference) END,
               e.description, e.invoice_id,
               e.payment_id, e.credit_note_id
        FROM ledger_entries e
        LEFT JOIN invoices i ON i.id = e.invoice_id
        LEFT JOIN credit_notes c ON c.id = e.credit_note_id
        LEFT JOIN payments p ON p.id = e.payment_id
        WHERE e.customer_id = $1 AND e.entry_date BETWEEN $2 AND $3
        ORDER BY e.entry_date, e.id
        """

    /// What customer $1 owes per invoice as of $2 (amounts and due dates of the invoices on
    /// the ledger by then), for the aging of a closing balance.
    static let openItemsAsOf: PostgresQuery = """
        SELECT i.due_date,
               (i.total
                - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.allocated_on <= $2
                            AND (a.reversed_on IS NULL OR a.reversed_on > $2)), 0)
                - CASE WHEN i.written_off_on <= $2 THEN i.amount_written_off ELSE 0 END)::int8
        FROM invoices i
        WHERE i.customer_id = $1 AND i.status <> 'draft' AND i.issue_date <= $2
          AND (i.voided_on IS NULL OR i.voided_on > $2)
        """

    /// Every invoice whose stored amounts or status disagree with its allocations.
    static let invoiceDifferences: PostgresQuery = """
        SELECT i.id, coalesce(i.number, ''), i.status, i.amount_paid, i.amount_credited, i.amount_discounted, i.total,
               i.amount_written_off,
               coalesce(sum(a.amount) FILTER (WHERE a.kind = 'payment' AND a.reversed_at IS NULL), 0)::int8,
               coalesce(sum(a.amount) FILTER (WHERE a.kind = 'credit_note' AND a.reversed_at IS NULL), 0)::int8,
               coalesce(sum(a.amount) FILTER (WHERE a.kind = 'discount' AND a.reversed_at IS NULL), 0)::int8
        FROM invoices i LEFT JOIN allocations a ON a.invoice_id = i.id
        GROUP BY i.id
        """

    /// Every payment and credit note whose allocated amount disagrees with its allocations.
    static let sourceDifferences: PostgresQuery = """
        SELECT 'payment', p.id, coalesce(p.reference, ''), p.amount_allocated,
               coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.payment_id = p.id AND a.kind = 'payment'
                         AND a.reversed_at IS NULL), 0)::int8
        FROM payments p
        UNION ALL
        SELECT 'credit_note', c.id, c.number, c.amount_allocated,
               coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = c.id AND a.reversed_at IS NULL), 0)::int8
        FROM credit_notes c
        """

    /// Per customer and currency: the ledger's balance, and the balance derived from the
    /// documents (what invoices on the account still owe less unallocated credit).
    static let customerBalances: PostgresQuery = """
        WITH ledger AS (
            SELECT customer_id, currency, sum(amount) AS amount FROM ledger_entries GROUP BY customer_id, currency
        ), documents AS (
            SELECT customer_id, currency, sum(amount_due) AS amount FROM invoices
            WHERE status IN ('issued', 'partially_paid', 'paid', 'written_off') GROUP BY customer_id, currency
            UNION ALL
            SELECT customer_id, currency, -sum(amount - amount_allocated) FROM payments
            WHERE status = 'received' GROUP BY customer_id, currency
            UNION ALL
            SELECT customer_id, currency, -sum(amount - amount_allocated) FROM credit_notes GROUP BY customer_id, currency
        ), derived AS (
            SELECT customer_id, currency, sum(amount) AS amount FROM documents GROUP BY customer_id, currency
        )
        SELECT coalesce(l.customer_id, d.customer_id), coalesce(l.currency, d.currency)::text,
               coalesce(l.amount, 0)::int8, coalesce(d.amount, 0)::int8
        FROM ledger l FULL JOIN derived d ON d.customer_id = l.customer_id AND d.currency = l.currency
        WHERE coalesce(l.amount, 0) <> coalesce(d.amount, 0)
        """
}
