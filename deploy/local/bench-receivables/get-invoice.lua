-- GET /v1/invoices/{id} with a random tenant's key and one of its invoices per request.
--   SAMPLE_FILE=.local/receivables-sample.tsv wrk -t 2 -c 16 -d 30s --latency -s get-invoice.lua http://127.0.0.1:18080
-- SAMPLE_FILE holds `key<TAB>invoice_id<TAB>customer_id` lines (relance-bench receivables load).
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
  math.randomseed(42 + (seed or 0))
end

function request()
  local s = samples[math.random(#samples)]
  return wrk.format("GET", "/v1/invoices/" .. s.invoice, { ["Authorization"] = "Bearer " .. s.key })
end
