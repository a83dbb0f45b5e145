-- POST /v1/invoices: an issued invoice of 3 lines for a random tenant's customer per request.
--   SAMPLE_FILE=.local/receivables-sample.tsv wrk -t 2 -c 16 -d 30s --latency -s post-invoice.lua http://127.0.0.1:18080
-- SAMPLE_FILE holds `key<TAB>invoice_id<TAB>customer_id` lines (relance-bench receivables load).
-- No Idempotency-Key: pgbench's script runs the statements of a request without one.
local samples = {}
for line in io.lines(os.getenv("SAMPLE_FILE") or "receivables-sample.tsv") do
  local key, invoice, customer = line:match("^(%S+)\t(%S+)\t(%S+)$")
  if key then samples[#samples + 1] = { key = key, invoice = invoice, customer = customer } end
end
assert(#samples > 0, "no line in SAMPLE_FILE")

local thread_seed = 0
function setup(thread)
  thread_seed = thread_seed + 1
  thread:set("seed", thread_seed)
end

function init(args)
  math.randomseed(4242 + (seed or 0))
end

local body = [[{"customer_id": "%s", "issue_date": "2026-12-01", "issue": true, "lines": [
  {"description": "Conseil", "quantity": 3, "unit_price": {"amount": 1999, "currency": "EUR"}, "tax_rate": 2000},
  {"description": "Formation", "quantity": "1.5", "unit_price": {"amount": 3333, "currency": "EUR"}, "discount_percent": 10, "tax_rate": 2000},
  {"description": "Livre", "quantity": 0.125, "unit_price": {"amount": 999, "currency": "EUR"}, "tax_rate": 550}]}]]

function request()
  local s = samples[math.random(#samples)]
  return wrk.format("POST", "/v1/invoices",
    { ["Authorization"] = "Bearer " .. s.key, ["Content-Type"] = "application/json" }, string.format(body, s.customer))
end
