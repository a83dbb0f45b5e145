-- The receivables ledger of one tenant: customers and their contacts, invoices and their
-- lines, payments, credit notes, the allocations that settle invoices, the customer-account
-- movements (ledger_entries) that statements read, and the events of every change.
--
-- Money is bigint minor units beside a char(3) ISO 4217 currency; dates are tenant-local
-- calendar dates (date); instants are timestamptz. Every balance stored here (an invoice's
-- amount_paid, a payment's amount_allocated) is derived from rows of allocations or
-- ledger_entries and is rechecked from them by `relance ledger check`. No table references
-- another schema.

ALTER TABLE settings
    -- Numbering patterns: literal text with {YYYY}, {YY}, {MM} and {seq:N} (N digits, zero
    -- padded); the sequence restarts every year.
    ADD COLUMN invoice_number_pattern      text NOT NULL DEFAULT 'F-{YYYY}-{seq:5}',
    ADD COLUMN credit_note_number_pattern  text NOT NULL DEFAULT 'AV-{YYYY}-{seq:5}',
    -- The tenant's default payment terms, {"net": 30} / {"end_of_month": true} / both; null:
    -- the French default, 30 days after delivery.
    ADD COLUMN payment_terms               jsonb,
    -- Late-payment penalty rate in basis points a year (printed on invoices; used by dunning).
    ADD COLUMN late_penalty_rate_bp        integer NOT NULL DEFAULT 1215 CHECK (late_penalty_rate_bp >= 0),
    -- The fixed recovery indemnity in minor units of the tenant currency (French law: €40).
    ADD COLUMN recovery_indemnity          bigint NOT NULL DEFAULT 4000 CHECK (recovery_indemnity >= 0),
    -- Default early-payment discount: percent in basis points and the days it runs; both
    -- null: none ("pas d'escompte").
    ADD COLUMN early_payment_discount_bp   integer CHECK (early_payment_discount_bp BETWEEN 1 AND 10000),
    ADD COLUMN early_payment_discount_days integer CHECK (early_payment_discount_days BETWEEN 0 AND 365),
    ADD CONSTRAINT settings_discount_pair CHECK ((early_payment_discount_bp IS NULL) = (early_payment_discount_days IS NULL)),
    -- Whether a customer's unallocated credit is applied automatically to the next invoice issued.
    ADD COLUMN auto_apply_credit           boolean NOT NULL DEFAULT false;

CREATE TABLE customers (
    id                    uuid PRIMARY KEY,
    external_ref          text UNIQUE,
    name                  text NOT NULL,
    legal_id_scheme       text CHECK (legal_id_scheme IN ('siren', 'siret', 'vat')),
    legal_id_value        text,
    address               jsonb,
    language              text CHECK (language IN ('fr', 'en')),   -- null: the tenant's
    currency              char(3),              -- null: the tenant's
    payment_terms         jsonb,                -- null: the tenant's
    credit_limit          bigint CHECK (credit_limit >= 0),
    credit_limit_currency char(3),
    notes                 text,
    dunning_policy_id     uuid,
    dunning_excluded      boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((legal_id_scheme IS NULL) = (legal_id_value IS NULL)),
    CHECK ((credit_limit IS NULL) = (credit_limit_currency IS NULL))
);

CREATE INDEX customers_name_idx ON customers (name, id);

CREATE TABLE contacts (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('billing', 'accounts_payable', 'decision_maker', 'other')),
    name        text,
    email       text,
    phone       text,                           -- E.164
    is_primary  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX contacts_customer_idx ON contacts (customer_id);
CREATE UNIQUE INDEX contacts_one_primary_per_role ON contacts (customer_id, role) WHERE is_primary;

-- Gapless numbering: one row per kind and year, locked by the transaction that takes the
-- next number, so a rolled-back issue gives its number back.
CREATE TABLE number_sequences (
    kind       text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    year       integer NOT NULL,
    last_value integer NOT NULL CHECK (last_value >= 0),
    PRIMARY KEY (kind, year)
);

CREATE TABLE invoices (
    id                          uuid PRIMARY KEY,
    customer_id                 uuid NOT NULL REFERENCES customers,
    number                      text UNIQUE,    -- null only for a draft that was given none
    status                      text NOT NULL CHECK (status IN ('draft', 'issued', 'partially_paid', 'paid', 'void', 'written_off')),
    currency                    char(3) NOT NULL,
    issue_date                  date NOT NULL,
    delivery_date               date,
    due_date                    date NOT NULL,
    payment_terms               jsonb,          -- the terms the due date came from; null: explicit due_date
    purchase_order              text,
    notes                       text,
    subtotal                    bigint NOT NULL,
    tax_total                   bigint NOT NULL,
    total                       bigint NOT NULL CHECK (total >= 0),
    amount_paid                 bigint NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    amount_credited             bigint NOT NULL DEFAULT 0 CHECK (amount_credited >= 0),
    amount_discounted           bigint NOT NULL DEFAULT 0 CHECK (amount_discounted >= 0),
    amount_written_off          bigint NOT NULL DEFAULT 0 CHECK (amount_written_off >= 0),
    -- What the customer owes on it: nothing on a draft or a voided invoice.
    amount_due                  bigint GENERATED ALWAYS AS
                                    (CASE WHEN status IN ('draft', 'void') THEN 0
                                          ELSE total - amount_paid - amount_credited - amount_discounted - amount_written_off END) STORED,
    early_payment_discount_bp   integer CHECK (early_payment_discount_bp BETWEEN 1 AND 10000),
    early_payment_discount_days integer CHECK (early_payment_discount_days BETWEEN 0 AND 365),
    payment_token               text NOT NULL UNIQUE,
    payment_reference           text,           -- ISO 11649 RF reference, from the number
    write_off_reason            text,
    disputed                    boolean NOT NULL DEFAULT false,
    -- What the invoice prints, fixed when it is created and again when it is issued: the
    -- late-penalty rate, the recovery indemnity and the discount terms (or "pas d'escompte").
    legal_mentions              jsonb NOT NULL DEFAULT '{}',
    -- Warnings given when the invoice was made (terms beyond the legal maximum…), as text.
    warnings                    jsonb NOT NULL DEFAULT '[]',
    issued_at                   timestamptz,
    voided_on                   date,
    voided_at                   timestamptz,
    written_off_on              date,
    written_off_at              timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    CHECK (total - amount_paid - amount_credited - amount_discounted - amount_written_off >= 0),
    CHECK ((early_payment_discount_bp IS NULL) = (early_payment_discount_days IS NULL))
);

CREATE INDEX invoices_customer_idx ON invoices (customer_id, due_date, id);
CREATE INDEX invoices_due_idx ON invoices (due_date, id);
CREATE INDEX invoices_number_idx ON invoices (number, id);
CREATE INDEX invoices_open_idx ON invoices (due_date, id) WHERE status IN ('issued', 'partially_paid');

CREATE TABLE invoice_lines (
    invoice_id       uuid NOT NULL REFERENCES invoices ON DELETE CASCADE,
    position         integer NOT NULL,
    description      text NOT NULL,
    quantity         numeric(18, 3) NOT NULL,
    unit_price       bigint NOT NULL,
    discount_percent numeric(7, 4),             -- 0 to 100
    tax_rate         integer NOT NULL CHECK (tax_rate BETWEEN 0 AND 10000),   -- basis points
    line_total       bigint NOT NULL,           -- net of the line discount, before tax
    PRIMARY KEY (invoice_id, position)
);

CREATE TABLE payments (
    id               uuid PRIMARY KEY,
    customer_id      uuid NOT NULL REFERENCES customers,
    amount           bigint NOT NULL CHECK (amount > 0),
    currency         char(3) NOT NULL,
    received_on      date NOT NULL,
    method           text NOT NULL CHECK (method IN ('transfer', 'sepa_debit', 'card', 'cheque', 'cash', 'other')),
    reference        text,
    status           text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'reversed')),
    amount_allocated bigint NOT NULL DEFAULT 0 CHECK (amount_allocated >= 0),
    reversed_on      date,
    reversal_reason  text,
    reversed_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (amount_allocated <= amount)
);

CREATE INDEX payments_customer_idx ON payments (customer_id, received_on, id);

CREATE TABLE credit_notes (
    id               uuid PRIMARY KEY,
    number           text NOT NULL UNIQUE,
    customer_id      uuid NOT NULL REFERENCES customers,
    invoice_id       uuid REFERENCES invoices,  -- null: customer credit
    amount           bigint NOT NULL CHECK (amount > 0),
    currency         char(3) NOT NULL,
    issue_date       date NOT NULL,
    reason           text NOT NULL,
    amount_allocated bigint NOT NULL DEFAULT 0 CHECK (amount_allocated >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (amount_allocated <= amount)
);

CREATE INDEX credit_notes_customer_idx ON credit_notes (customer_id, issue_date, id);

-- What settles an invoice: part of a payment, part of a credit note, or an early-payment
-- discount earned by a payment (kind 'discount', payment_id set). Reversing a payment sets
-- reversed_at on its allocations; an invoice's amount_paid / amount_credited /
-- amount_discounted is the sum of its allocations of that kind with reversed_at null.
CREATE TABLE allocations (
    id             uuid PRIMARY KEY,
    invoice_id     uuid NOT NULL REFERENCES invoices,
    kind           text NOT NULL CHECK (kind IN ('payment', 'credit_note', 'discount')),
    payment_id     uuid REFERENCES payments,
    credit_note_id uuid REFERENCES credit_notes,
    amount         bigint NOT NULL CHECK (amount > 0),
    allocated_on   date NOT NULL,
    reversed_on    date,
    reversed_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'credit_note') = (credit_note_id IS NOT NULL)),
    CHECK ((kind = 'credit_note') = (payment_id IS NULL)),
    CHECK ((reversed_on IS NULL) = (reversed_at IS NULL))
);

CREATE INDEX allocations_invoice_idx ON allocations (invoice_id);
CREATE INDEX allocations_payment_idx ON allocations (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX allocations_credit_note_idx ON allocations (credit_note_id) WHERE credit_note_id IS NOT NULL;

-- The customer account, one row per movement: amount is signed, positive when it raises
-- what the customer owes (an invoice issued, a payment reversed), negative when it lowers
-- it (a payment, a credit note, a discount, a write-off, a void). A customer's balance in a
-- currency is the sum of its entries; statements list them.
CREATE TABLE ledger_entries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers,
    currency       char(3) NOT NULL,
    entry_date     date NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('invoice', 'payment', 'credit_note', 'discount', 'reversal', 'write_off', 'void')),
    amount         bigint NOT NULL,
    invoice_id     uuid REFERENCES invoices,
    payment_id     uuid REFERENCES payments,
    credit_note_id uuid REFERENCES credit_notes,
    description    text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ledger_entries_customer_idx ON ledger_entries (customer_id, entry_date, id);
CREATE INDEX ledger_entries_invoice_idx ON ledger_entries (invoice_id) WHERE invoice_id IS NOT NULL;

-- One row per change, written in the transaction of the change: its type
-- ("invoice.issued"), its subject, the customer it concerns (for the timeline), a JSON
-- snapshot of what changed, and who made it (the API key id, or "system").
CREATE TABLE events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    type         text NOT NULL,
    subject_type text NOT NULL,
    subject_id   uuid NOT NULL,
    customer_id  uuid,
    data         jsonb NOT NULL,
    actor        text NOT NULL
);

CREATE INDEX events_customer_idx ON events (customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX events_subject_idx ON events (subject_id, id);
