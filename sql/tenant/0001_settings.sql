-- A tenant's own settings: one row. Applied inside the tenant's schema (search_path).

CREATE TABLE settings (
    id                   boolean PRIMARY KEY DEFAULT true CHECK (id),
    display_name         text NOT NULL,
    time_zone            text NOT NULL,
    currency             char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    locale               text NOT NULL,
    sender_email         text,
    sender_name          text,
    bank_account_holder  text,
    bank_iban            text,
    bank_bic             text,
    payment_reference_hint text,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
