-- Dunning, second part: what a reminder claimed in late charges, the charge invoices that
-- bill them, and the flag new invoices of a blocked customer carry.

-- What a reminder stated for each invoice when it went out: late interest and the recovery
-- indemnity as of its run date, from the invoice's formal notice on (null: not claimed).
ALTER TABLE reminder_items
    ADD COLUMN late_interest bigint CHECK (late_interest >= 0),
    ADD COLUMN indemnity     bigint CHECK (indemnity >= 0);

-- A charge invoice bills an invoice's late charges (POST /v1/invoices/{id}/late-charges/invoice):
-- the invoice it is for, and the interest and indemnity it bills, so the next one bills only
-- what has accrued since. Charge invoices earn no late charges of their own.
ALTER TABLE invoices
    ADD COLUMN charges_for      uuid REFERENCES invoices,
    ADD COLUMN charged_interest  bigint CHECK (charged_interest >= 0),
    ADD COLUMN charged_indemnity bigint CHECK (charged_indemnity >= 0),
    ADD CONSTRAINT invoices_charges_complete CHECK ((charges_for IS NULL) = (charged_interest IS NULL AND charged_indemnity IS NULL)),
    -- Created while its customer was blocked (a block_customer step): the flag stays.
    ADD COLUMN customer_blocked boolean NOT NULL DEFAULT false;

CREATE INDEX invoices_charges_for_idx ON invoices (charges_for) WHERE charges_for IS NOT NULL;
