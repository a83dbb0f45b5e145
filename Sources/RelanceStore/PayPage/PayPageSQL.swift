import Postgres

/// The SQL of `PayPageStore`, in one place. `tenant` runs as the application role (it reads
/// the control schema); the others run in the tenant's context.
enum PayPageSQL {
    /// The active tenant a token belongs to: $1 the slug the token names, or null for an
    /// older token, then looked up by $2 the token in `relance.legacy_payment_tokens`.
    static let tenant: PostgresQuery = """
        SELECT t.slug FROM relance.tenants t
        WHERE t.status = 'active'
          AND t.slug = coalesce($1::text, (SELECT l.tenant_slug FROM relance.legacy_payment_tokens l WHERE l.token = $2::text))
        """

    /// The statuses whose page is shown; a draft, a void or a written-off invoice's token is
    /// revoked (the page is a 404, like an unknown token).
    static let shownStatuses = "('issued', 'partially_paid', 'paid')"

    /// Everything the page shows but the late charges, for the invoice of token $1: the
    /// invoice, its customer, the tenant's settings and today, and what charge invoices
    /// (not void) already bill of its late charges.
    static let page: PostgresQuery = """
        SELECT i.id, i.number, i.status, i.currency::text, i.issue_date, i.due_date, i.total, i.amount_due,
               i.payment_reference, i.disputed, i.formal_notice_on, i.charges_for IS NOT NULL,
               c.name, c.language, s.locale, s.display_name, s.sender_email, s.bank_account_holder, s.bank_iban, s.bank_bic,
               s.payment_methods, (now() AT TIME ZONE s.time_zone)::date,
               coalesce(b.interest, 0)::int8, coalesce(b.indemnity, 0)::int8
        FROM invoices i
        JOIN customers c ON c.id = i.customer_id
        CROSS JOIN settings s
        LEFT JOIN LATERAL (
            SELECT sum(charged_interest) AS interest, sum(charged_indemnity) AS indemnity
            FROM invoices WHERE charges_for = i.id AND status <> 'void'
        ) b ON true
        WHERE i.payment_token = $1 AND i.status IN \(unescaped: shownStatuses)
        """

    /// The invoice of token $1, locked for a dispute: id, status, disputed, amount due.
    static let lockForDispute: PostgresQuery = """
        SELECT id, status, disputed, amount_due FROM invoices
        WHERE payment_token = $1 AND status IN \(unescaped: shownStatuses)
        FOR UPDATE
        """
}
