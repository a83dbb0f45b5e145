import Postgres

/// The SQL of `SettingsRepository`, in one place. Tenant statements run in the tenant's
/// context (unqualified names are its schema); the mirror runs as the application role.
enum SettingsSQL {
    static let columns = """
        display_name, time_zone, currency::text, locale, sender_email, sender_name, bank_account_holder,
        bank_iban, bank_bic, payment_reference_hint, updated_at, invoice_number_pattern, credit_note_number_pattern,
        payment_terms, late_penalty_rate_bp, recovery_indemnity, early_payment_discount_bp, early_payment_discount_days,
        auto_apply_credit, automatic_dunning, dunning_catch_up, dunning_minimum_gap_days, plan_breach_days,
        late_interest_rule, late_interest_contract_bp, chronic_late_days, chronic_late_invoices, chronic_policy_id,
        payment_methods
        """

    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM settings"

    /// Locks the row until the transaction ends, so a conditional update (If-Match) compares
    /// against the version it replaces.
    static let selectForUpdate: PostgresQuery = "SELECT \(unescaped: columns) FROM settings FOR UPDATE"

    /// $1/$2 … $53/$54: for each column a flag "set it" and its new value; one static statement
    /// whatever the change.
    static let update: PostgresQuery = """
        UPDATE settings SET
            display_name = CASE WHEN $1 THEN $2 ELSE display_name END,
            time_zone = CASE WHEN $3 THEN $4 ELSE time_zone END,
            currency = CASE WHEN $5 THEN $6 ELSE currency END,
            locale = CASE WHEN $7 THEN $8 ELSE locale END,
            sender_email = CASE WHEN $9 THEN $10 ELSE sender_email END,
            sender_name = CASE WHEN $11 THEN $12 ELSE sender_name END,
            bank_account_holder = CASE WHEN $13 THEN $14 ELSE bank_account_holder END,
            bank_iban = CASE WHEN $15 THEN $16 ELSE bank_iban END,
            bank_bic = CASE WHEN $17 THEN $18 ELSE bank_bic END,
            payment_reference_hint = CASE WHEN $19 THEN $20 ELSE payment_reference_hint END,
            invoice_number_pattern = CASE WHEN $21 THEN $22 ELSE invoice_number_pattern END,
            credit_note_number_pattern = CASE WHEN $23 THEN $24 ELSE credit_note_number_pattern END,
            payment_terms = CASE WHEN $25 THEN $26::jsonb ELSE payment_terms END,
            late_penalty_rate_bp = CASE WHEN $27 THEN $28::int4 ELSE late_penalty_rate_bp END,
            recovery_indemnity = CASE WHEN $29 THEN $30::int8 ELSE recovery_indemnity END,
            early_payment_discount_bp = CASE WHEN $31 THEN $32::int4 ELSE early_payment_discount_bp END,
            early_payment_discount_days = CASE WHEN $31 THEN $33::int4 ELSE early_payment_discount_days END,
            auto_apply_credit = CASE WHEN $34 THEN $35::bool ELSE auto_apply_credit END,
            automatic_dunning = CASE WHEN $36 THEN $37::bool ELSE automatic_dunning END,
            dunning_catch_up = CASE WHEN $38 THEN $39::text ELSE dunning_catch_up END,
            dunning_minimum_gap_days = CASE WHEN $40 THEN $41::int4 ELSE dunning_minimum_gap_days END,
            plan_breach_days = CASE WHEN $42 THEN $43::int4 ELSE plan_breach_days END,
            late_interest_rule = CASE WHEN $44 THEN $45::text ELSE late_interest_rule END,
            late_interest_contract_bp = CASE WHEN $44 THEN $46::int4 ELSE late_interest_contract_bp END,
            chronic_late_days = CASE WHEN $47 THEN $48::int4 ELSE chronic_late_days END,
            chronic_late_invoices = CASE WHEN $49 THEN $50::int4 ELSE chronic_late_invoices END,
            chronic_policy_id = CASE WHEN $51 THEN $52::uuid ELSE chronic_policy_id END,
            payment_methods = CASE WHEN $53 THEN $54::text[] ELSE payment_methods END,
            updated_at = now()
        RETURNING \(unescaped: columns)
        """

    /// The control schema's copy of what scheduling needs; $1 the slug, then flag/value pairs.
    static let mirror: PostgresQuery = """
        UPDATE relance.tenants SET
            display_name = CASE WHEN $2 THEN $3 ELSE display_name END,
            time_zone = CASE WHEN $4 THEN $5 ELSE time_zone END,
            currency = CASE WHEN $6 THEN $7 ELSE currency END,
            locale = CASE WHEN $8 THEN $9 ELSE locale END,
            updated_at = now()
        WHERE slug = $1
        """

    /// The tenant's calendar date now, in its time zone.
    static let today: PostgresQuery = "SELECT (now() AT TIME ZONE time_zone)::date FROM settings"

    /// What invoicing reads (`ReceivablesSettings`), with the tenant's local date.
    static let receivables: PostgresQuery = """
        SELECT currency::text, locale, (now() AT TIME ZONE time_zone)::date, invoice_number_pattern,
               credit_note_number_pattern, payment_terms, late_penalty_rate_bp, early_payment_discount_bp,
               early_payment_discount_days, recovery_indemnity, auto_apply_credit
        FROM settings
        """
}
