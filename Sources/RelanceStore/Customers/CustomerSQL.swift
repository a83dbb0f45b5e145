import Postgres

/// The SQL of `CustomerRepository`, in one place. Every statement runs in the tenant's
/// context (unqualified names are its schema); `settings` is its one-row settings table.
enum CustomerSQL {
    /// A customer with what it inherits from the tenant resolved and its unallocated credit
    /// (received payments and credit notes, less what is allocated); needs `customers c`
    /// and `settings s`.
    static let columns = """
        c.id, c.external_ref, c.name, c.legal_id_scheme, c.legal_id_value,
        c.address->>'line1', c.address->>'line2', c.address->>'postal_code', c.address->>'city', c.address->>'country',
        c.language, coalesce(c.language, split_part(s.locale, '-', 1)), coalesce(c.currency, s.currency)::text,
        (c.payment_terms->>'net')::int8, (c.payment_terms->>'end_of_month')::bool,
        c.credit_limit, c.credit_limit_currency::text, c.notes, c.dunning_policy_id, c.dunning_excluded,
        c.created_at, c.updated_at,
        (SELECT coalesce(sum(p.amount - p.amount_allocated), 0) FROM payments p
          WHERE p.customer_id = c.id AND p.status = 'received')::int8
        + (SELECT coalesce(sum(n.amount - n.amount_allocated), 0) FROM credit_notes n WHERE n.customer_id = c.id)::int8,
        c.in_collection_on, c.blocked_on
        """

    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM customers c CROSS JOIN settings s WHERE c.id = $1"

    /// Holds the customer's row until the transaction ends (a conditional update, a delete).
    static let selectForUpdate: PostgresQuery = """
        SELECT \(unescaped: columns) FROM customers c CROSS JOIN settings s WHERE c.id = $1 FOR UPDATE OF c
        """

    /// $1 LIKE pattern of `q` (escaped, with %…%) or null; $2 has_overdue or null; $3/$4 the
    /// (name, id) after which the page starts, or nulls; $5 rows to fetch. Overdue: an open
    /// invoice with something due whose due date is before the tenant's local today.
    static let list: PostgresQuery = """
        SELECT \(unescaped: columns) FROM customers c CROSS JOIN settings s
        WHERE ($1::text IS NULL OR c.name ILIKE $1 ESCAPE '\\' OR c.external_ref ILIKE $1 ESCAPE '\\')
          AND ($2::bool IS NULL OR $2 = EXISTS (
                SELECT 1 FROM invoices i
                WHERE i.customer_id = c.id AND i.status IN ('issued', 'partially_paid') AND i.amount_due > 0
                  AND i.due_date < (now() AT TIME ZONE s.time_zone)::date))
          AND ($3::text IS NULL OR (c.name, c.id) > ($3::text, $4::uuid))
        ORDER BY c.name, c.id
        LIMIT $5
        """

    /// $1 id, $2 external_ref, $3 name, $4/$5 legal id, $6…$10 address parts, $11 language,
    /// $12 currency (null: the tenant's), $13/$14 payment terms, $15/$16 credit limit, $17 notes,
    /// $18 dunning policy, $19 dunning excluded.
    static let insert: PostgresQuery = """
        INSERT INTO customers (id, external_ref, name, legal_id_scheme, legal_id_value, address, language, currency,
                               payment_terms, credit_limit, credit_limit_currency, notes, dunning_policy_id, dunning_excluded)
        SELECT $1, $2, $3, $4, $5,
               nullif(jsonb_strip_nulls(jsonb_build_object('line1', $6::text, 'line2', $7::text, 'postal_code', $8::text,
                                                           'city', $9::text, 'country', $10::text)), '{}'::jsonb),
               $11, coalesce($12::text, s.currency),
               nullif(jsonb_strip_nulls(jsonb_build_object('net', $13::int8, 'end_of_month', $14::bool)), '{}'::jsonb),
               $15, $16, $17, $18, $19
        FROM settings s
        """

    /// $1 the id; then for each field a flag "set it" and its new value(s); $30/$31 lift the
    /// collection hand-off / the block.
    static let update: PostgresQuery = """
        UPDATE customers SET
            external_ref = CASE WHEN $2 THEN $3 ELSE external_ref END,
            name = CASE WHEN $4 THEN $5 ELSE name END,
            legal_id_scheme = CASE WHEN $6 THEN $7 ELSE legal_id_scheme END,
            legal_id_value = CASE WHEN $6 THEN $8 ELSE legal_id_value END,
            address = CASE WHEN $9 THEN nullif(jsonb_strip_nulls(jsonb_build_object(
                'line1', $10::text, 'line2', $11::text, 'postal_code', $12::text, 'city', $13::text, 'country', $14::text)),
                '{}'::jsonb) ELSE address END,
            language = CASE WHEN $15 THEN $16 ELSE language END,
            currency = CASE WHEN $17 THEN $18::text ELSE currency END,
            payment_terms = CASE WHEN $19 THEN nullif(jsonb_strip_nulls(jsonb_build_object(
                'net', $20::int8, 'end_of_month', $21::bool)), '{}'::jsonb) ELSE payment_terms END,
            credit_limit = CASE WHEN $22 THEN $23 ELSE credit_limit END,
            credit_limit_currency = CASE WHEN $22 THEN $24::text ELSE credit_limit_currency END,
            notes = CASE WHEN $25 THEN $26 ELSE notes END,
            dunning_policy_id = CASE WHEN $27 THEN $28 ELSE dunning_policy_id END,
            dunning_excluded = CASE WHEN $27 THEN $29 ELSE dunning_excluded END,
            in_collection_on = CASE WHEN $30 THEN NULL ELSE in_collection_on END,
            blocked_on = CASE WHEN $31 THEN NULL ELSE blocked_on END,
            updated_at = now()
        WHERE id = $1
        """

    /// Whether the customer has any invoice, payment or credit note: (invoices or payments, any).
    static let documents: PostgresQuery = """
        SELECT EXISTS (SELECT 1 FROM invoices WHERE customer_id = $1) OR EXISTS (SELECT 1 FROM payments WHERE customer_id = $1),
               EXISTS (SELECT 1 FROM credit_notes WHERE customer_id = $1)
        """

    static let delete: PostgresQuery = "DELETE FROM customers WHERE id = $1"

    static let contactColumns = "id, customer_id, role, name, email, phone, is_primary, created_at, updated_at"

    static let contacts: PostgresQuery = """
        SELECT \(unescaped: contactColumns) FROM contacts
        WHERE customer_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3
        """

    static let contact: PostgresQuery = "SELECT \(unescaped: contactColumns) FROM contacts WHERE id = $1 AND customer_id = $2"

    static let contactForUpdate: PostgresQuery = """
        SELECT \(unescaped: contactColumns) FROM contacts WHERE id = $1 AND customer_id = $2 FOR UPDATE
        """

    static let insertContact: PostgresQuery = """
        INSERT INTO contacts (id, customer_id, role, name, email, phone, is_primary) VALUES ($1, $2, $3, $4, $5, $6, $7)
        RETURNING \(unescaped: contactColumns)
        """

    /// $1 id, $2 customer; then flag/value pairs for role, name, email, phone, is_primary.
    static let updateContact: PostgresQuery = """
        UPDATE contacts SET
            role = CASE WHEN $3 THEN $4 ELSE role END,
            name = CASE WHEN $5 THEN $6 ELSE name END,
            email = CASE WHEN $7 THEN $8 ELSE email END,
            phone = CASE WHEN $9 THEN $10 ELSE phone END,
            is_primary = CASE WHEN $11 THEN $12 ELSE is_primary END,
            updated_at = now()
        WHERE id = $1 AND customer_id = $2
        RETURNING \(unescaped: contactColumns)
        """

    static let deleteContact: PostgresQuery = """
        DELETE FROM contacts WHERE id = $1 AND customer_id = $2 RETURNING \(unescaped: contactColumns)
        """
}
