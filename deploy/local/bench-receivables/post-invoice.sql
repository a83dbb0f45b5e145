-- pgbench: the statements of POST /v1/invoices (an issued invoice of 3 lines, no
-- Idempotency-Key; logged with log_statement = all), in the same tenant transaction, with
-- the values the API sent for the body of post-invoice.lua. Run by deploy/local/bench receivables:
--   pgbench -n -M prepared -c 16 -j 2 -T 30 -D tenants=N -D sample=20 -f post-invoice.sql $DATABASE_URL
-- Tenant n and the customer of its k-th sampled invoice are picked at random (the customer
-- id read by primary key from public.bench_receivables_sample inside the statements). What
-- the API computes (totals, due date, number format, RF reference, payment token, the
-- event's JSON) is computed or written out in SQL here; the invoice id comes back from the
-- INSERT (the API makes it). Not run here: the key lookup (cached by the API) and the
-- session reset sent with the API's COMMIT; BEGIN and the prologue are two round trips.
\set n random(1, :tenants)
\set k random(1, :sample)
BEGIN;
SELECT set_config('role', 'bench_t_recv_' || lpad(:n::text, 5, '0'), true), set_config('search_path', 't_recv_' || lpad(:n::text, 5, '0'), true);
SELECT currency::text, locale, (now() AT TIME ZONE time_zone)::date, invoice_number_pattern, credit_note_number_pattern, payment_terms, late_penalty_rate_bp, early_payment_discount_bp, early_payment_discount_days, recovery_indemnity, auto_apply_credit FROM settings;
SELECT currency::text, payment_terms, language FROM customers WHERE id = (SELECT customer_id FROM public.bench_receivables_sample WHERE n = :n AND k = :k);
INSERT INTO number_sequences (kind, year, last_value) VALUES ('invoice', 2026, 1) ON CONFLICT (kind, year) DO UPDATE SET last_value = number_sequences.last_value + 1 RETURNING last_value
\gset
SELECT EXISTS (SELECT FROM invoices WHERE number = 'F-2026-' || lpad(:last_value::text, 5, '0'));
INSERT INTO invoices (id, customer_id, number, status, currency, issue_date, delivery_date, due_date, payment_terms, purchase_order, notes, subtotal, tax_total, total, early_payment_discount_bp, early_payment_discount_days, payment_token, payment_reference, legal_mentions, warnings, issued_at) VALUES (gen_random_uuid(), (SELECT customer_id FROM public.bench_receivables_sample WHERE n = :n AND k = :k), 'F-2026-' || lpad(:last_value::text, 5, '0'), 'issued', 'EUR'::char(3), '2026-12-01', NULL, '2026-12-31', NULL, NULL, NULL, 10622, 2106, 12728, NULL, NULL, md5(random()::text), 'RF72F2026' || lpad(:last_value::text, 5, '0'), '{"text": ["Pénalités de retard : 12,15 % par an, exigibles dès le lendemain de la date d''échéance.", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40,00 EUR (art. L441-10 du Code de commerce).", "Pas d''escompte pour paiement anticipé."], "indemnityCurrency": "EUR", "recoveryIndemnity": 4000, "latePenaltyRateBasisPoints": 1215}', '[]', CASE WHEN 'issued' = 'draft' THEN NULL ELSE now() END) RETURNING id AS invoice_id
\gset
INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, discount_percent, tax_rate, line_total) SELECT :invoice_id, l.position, l.description, l.quantity::numeric, l.unit_price, l.discount_percent::numeric, l.tax_rate, l.line_total FROM unnest('{1,2,3}'::int8[], '{Conseil,Formation,Livre}'::text[], '{3,1.5,0.125}'::text[], '{1999,3333,999}'::int8[], '{NULL,10,NULL}'::text[], '{2000,2000,550}'::int8[], '{5997,4500,125}'::int8[]) AS l(position, description, quantity, unit_price, discount_percent, tax_rate, line_total);
INSERT INTO ledger_entries (customer_id, currency, entry_date, kind, amount, invoice_id, payment_id, credit_note_id, description) VALUES ((SELECT customer_id FROM public.bench_receivables_sample WHERE n = :n AND k = :k), 'EUR'::char(3), '2026-12-01', 'invoice', 12728, :invoice_id, NULL, NULL, 'Invoice ' || 'F-2026-' || lpad(:last_value::text, 5, '0'));
SELECT i.id, i.number, i.status, i.customer_id, i.currency::text, i.issue_date, i.delivery_date, i.due_date, i.payment_terms, i.purchase_order, i.notes, i.subtotal, i.tax_total, i.total, i.amount_paid, i.amount_credited, i.amount_discounted, i.amount_written_off, i.amount_due, i.early_payment_discount_bp, i.early_payment_discount_days, i.payment_token, i.payment_reference, i.write_off_reason, i.disputed, i.legal_mentions, i.warnings, i.issued_at, i.created_at, i.updated_at FROM invoices i WHERE i.id = :invoice_id;
SELECT invoice_id, description, trim_scale(quantity)::text, unit_price, trim_scale(discount_percent)::text, tax_rate, line_total FROM invoice_lines WHERE invoice_id = ANY(ARRAY[:invoice_id]::uuid[]) ORDER BY invoice_id, position;
INSERT INTO events (type, subject_type, subject_id, customer_id, data, actor) VALUES ('invoice.issued', 'invoice', :invoice_id, (SELECT customer_id FROM public.bench_receivables_sample WHERE n = :n AND k = :k), convert_from(convert_to(jsonb_build_object('amount_due', 12728, 'currency', 'EUR', 'due_date', '2026-12-31', 'id', upper(:invoice_id::text), 'number', 'F-2026-' || lpad(:last_value::text, 5, '0'), 'status', 'issued', 'total', 12728)::text, 'UTF8'), 'UTF8')::jsonb, 'key:' || 'a8a0f1d3-740a-46f9-9870-c7520d707f95') RETURNING id;
COMMIT;
