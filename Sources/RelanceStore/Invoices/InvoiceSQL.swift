import Postgres

/// The SQL of `InvoiceRepository`, in one place. Every statement runs in the tenant's
/// context (unqualified names are its schema).
enum InvoiceSQL {
    /// The columns `InvoiceRepository.invoice(from:)` reads, in order.
    static let columns = """
        i.id, i.number, i.status, i.customer_id, i.currency::text, i.issue_date, i.delivery_date, i.due_date,
        i.payment_terms, i.purchase_order, i.notes, i.subtotal, i.tax_total, i.total, i.amount_paid,
        i.amount_credited, i.amount_discounted, i.amount_written_off, i.amount_due, i.early_payment_discount_bp,
        i.early_payment_discount_days, i.payment_token, i.payment_reference, i.write_off_reason, i.disputed,
        i.legal_mentions, i.warnings, i.issued_at, i.created_at, i.updated_at, i.customer_blocked, i.charges_for
        """

    /// The customer an invoice is for: its currency, terms, language and block ($1 id).
    static let customer: PostgresQuery = """
        SELECT currency::text, payment_terms, language, blocked_on FROM customers WHERE id = $1
        """

    static let numberExists: PostgresQuery = "SELECT EXISTS (SELECT FROM invoices WHERE number = $1)"

    /// $17 is the payment token's secret: the token is the tenant's slug (its schema,
    /// `t_<slug>`, without the `t_`), a dot and the secret (`PaymentToken`).
    static let insert: PostgresQuery = """
        INSERT INTO invoices (id, customer_id, number, status, currency, issue_date, delivery_date, due_date,
            payment_terms, purchase_order, notes, subtotal, tax_total, total, early_payment_discount_bp,
            early_payment_discount_days, payment_token, payment_reference, legal_mentions, warnings, issued_at,
            customer_blocked, charges_for, charged_interest, charged_indemnity)
        VALUES ($1, $2, $3, $4, $5::char(3), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                substr(current_schema(), 3) || '.' || $17::text, $18, $19, $20,
                CASE WHEN $4 = 'draft' THEN NULL ELSE now() END, $21, $22, $23, $24)
        """

    /// One statement for all lines: parallel arrays unnested ($1 invoice id).
    static let insertLines: PostgresQuery = """
        INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, discount_percent, tax_rate, line_total)
        SELECT $1, l.position, l.description, l.quantity::numeric, l.unit_price, l.discount_percent::numeric, l.tax_rate, l.line_total
        FROM unnest($2::int8[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::int8[], $8::int8[])
             AS l(position, description, quantity, unit_price, discount_percent, tax_rate, line_total)
        """

    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM invoices i WHERE i.id = $1"
    static let selectForUpdate: PostgresQuery = "SELECT \(unescaped: columns) FROM invoices i WHERE i.id = $1 FOR UPDATE"

    /// The lines of the invoices $1 (uuid[] as text[]), in order.
    static let lines: PostgresQuery = """
        SELECT invoice_id, description, trim_scale(quantity)::text, unit_price, trim_scale(discount_percent)::text, tax_rate, line_total
        FROM invoice_lines WHERE invoice_id = ANY($1::uuid[]) ORDER BY invoice_id, position
        """

    /// The amounts of invoice $1 as of date $2: allocations made by then and not reversed
    /// by then, and a write-off made by then.
    static let amountsAsOf: PostgresQuery = """
        SELECT
            coalesce(sum(a.amount) FILTER (WHERE a.kind = 'payment'), 0)::int8,
            coalesce(sum(a.amount) FILTER (WHERE a.kind = 'credit_note'), 0)::int8,
            coalesce(sum(a.amount) FILTER (WHERE a.kind = 'discount'), 0)::int8,
            (SELECT CASE WHEN written_off_on <= $2 THEN amount_written_off ELSE 0 END FROM invoices WHERE id = $1)::int8
        FROM allocations a
        WHERE a.invoice_id = $1 AND a.allocated_on <= $2 AND (a.reversed_on IS NULL OR a.reversed_on > $2)
        """

    /// Issues a draft: number, reference, mentions, status ($1 id, $2 number, $3 reference,
    /// $4 mentions, $5 status).
    static let issue: PostgresQuery = """
        UPDATE invoices SET number = $2, payment_reference = $3, legal_mentions = $4, status = $5,
            issued_at = now(), updated_at = now()
        WHERE id = $1
        """

    static let void: PostgresQuery = """
        UPDATE invoices SET status = 'void', voided_on = $2, voided_at = now(), updated_at = now() WHERE id = $1
        """

    static let writeOff: PostgresQuery = """
        UPDATE invoices SET status = 'written_off', amount_written_off = amount_due, write_off_reason = $2,
            written_off_on = $3, written_off_at = now(), updated_at = now()
        WHERE id = $1
        """

    /// Adds to the settled amounts of invoice $1 and sets its status ($2 paid, $3 credited,
    /// $4 discounted, $5 status; negative amounts undo).
    static let settle: PostgresQuery = """
        UPDATE invoices SET amount_paid = amount_paid + $2, amount_credited = amount_credited + $3,
            amount_discounted = amount_discounted + $4, status = $5, updated_at = now()
        WHERE id = $1
        """

    /// Open invoices of customer $1 in currency $2, locked, oldest due first.
    static let openForCustomer: PostgresQuery = """
        SELECT id, number, due_date, amount_due, total, issue_date, early_payment_discount_bp, early_payment_discount_days,
               amount_discounted
        FROM invoices
        WHERE customer_id = $1 AND currency = $2::char(3) AND status IN ('issued', 'partially_paid') AND amount_due > 0
        ORDER BY due_date, number NULLS LAST, id
        FOR UPDATE
        """

    /// The list's filters: each is optional (null: no filter).
    static let filters = """
        ($1::text IS NULL OR i.status = $1)
          AND ($2::uuid IS NULL OR i.customer_id = $2)
          AND ($3::date IS NULL OR (i.status IN ('issued', 'partially_paid') AND i.amount_due > 0 AND i.due_date < $3))
          AND ($4::date IS NULL OR i.due_date >= $4)
          AND ($5::date IS NULL OR i.due_date <= $5)
          AND ($6::text IS NULL OR i.number = $6)
          AND ($7::int8 IS NULL OR i.amount_due >= $7)
          AND ($8::int8 IS NULL OR i.amount_due <= $8)
        """

    /// By due date, then id; $9/$10 the cursor (due date, id), $11 the limit.
    static let listByDueDate: PostgresQuery = """
        SELECT \(unescaped: columns) FROM invoices i
        WHERE \(unescaped: filters) AND ($9::date IS NULL OR (i.due_date, i.id) > ($9::date, $10::uuid))
        ORDER BY i.due_date, i.id
        LIMIT $11
        """

    /// By number (drafts without one first), then id; $9/$10 the cursor (number, id), $11 the limit.
    static let listByNumber: PostgresQuery = """
        SELECT \(unescaped: columns) FROM invoices i
        WHERE \(unescaped: filters) AND ($9::text IS NULL OR (coalesce(i.number, ''), i.id) > ($9::text, $10::uuid))
        ORDER BY coalesce(i.number, ''), i.id
        LIMIT $11
        """
}
