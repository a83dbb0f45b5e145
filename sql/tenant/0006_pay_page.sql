-- The public pay page (GET /pay/{token}): the ways the tenant's customers may pay it, which
-- the page lists (a recorded payment's method names; `transfer` shows the bank account, the
-- reference to quote and a SEPA QR code).

ALTER TABLE settings
    ADD COLUMN payment_methods text[] NOT NULL DEFAULT '{transfer}'
        CHECK (cardinality(payment_methods) BETWEEN 1 AND 5
               AND payment_methods <@ ARRAY['transfer', 'sepa_debit', 'card', 'cheque', 'cash']::text[]);
