-- pgbench: the statements of GET /v1/invoices/{id} (logged with log_statement = all), in
-- the same tenant transaction. Run by deploy/local/bench receivables:
--   pgbench -n -M prepared -c 16 -j 2 -T 30 -D tenants=N -D sample=20 -f get-invoice.sql $DATABASE_URL
-- Tenant n (recv_0000n) and its k-th sampled invoice are picked at random; the invoice id
-- is read by primary key from public.bench_receivables_sample inside the statements (the
-- API gets it from the URL). Not run here: the API key lookup (the API caches a key for
-- 2 s, so at this rate it runs once per key every 2 s, not per request) and the session
-- reset the API sends with its COMMIT. -M prepared: the API prepares every statement once
-- per connection; BEGIN and the prologue, one message in the API, are two round trips here.
\set n random(1, :tenants)
\set k random(1, :sample)
BEGIN;
SELECT set_config('role', 'bench_t_recv_' || lpad(:n::text, 5, '0'), true), set_config('search_path', 't_recv_' || lpad(:n::text, 5, '0'), true);
SELECT i.id, i.number, i.status, i.customer_id, i.currency::text, i.issue_date, i.delivery_date, i.due_date, i.payment_terms, i.purchase_order, i.notes, i.subtotal, i.tax_total, i.total, i.amount_paid, i.amount_credited, i.amount_discounted, i.amount_written_off, i.amount_due, i.early_payment_discount_bp, i.early_payment_discount_days, i.payment_token, i.payment_reference, i.write_off_reason, i.disputed, i.legal_mentions, i.warnings, i.issued_at, i.created_at, i.updated_at FROM invoices i WHERE i.id = (SELECT invoice_id FROM public.bench_receivables_sample WHERE n = :n AND k = :k);
SELECT invoice_id, description, trim_scale(quantity)::text, unit_price, trim_scale(discount_percent)::text, tax_rate, line_total FROM invoice_lines WHERE invoice_id = ANY(ARRAY(SELECT invoice_id FROM public.bench_receivables_sample WHERE n = :n AND k = :k)) ORDER BY invoice_id, position;
COMMIT;
