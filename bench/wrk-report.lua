-- wrk script used by scripts/bench for every target.
--
-- Environment (set by scripts/bench's measure function):
--   BENCH_WRK_METHOD  request method (default GET)
--   BENCH_WRK_BODY    request body (default none)
--   BENCH_WRK_REPORT  file to write the JSON report to (default: stdout, one line)
--
-- Headers come from wrk's own -H options. The request is static (no request() function),
-- so wrk builds it once and this script costs nothing per request.
--
-- The report: requests, duration_s, requests_per_sec, latency in milliseconds (wrk records
-- microseconds) and errors, where "status" counts responses with a status >= 400 (what wrk
-- prints as "Non-2xx or 3xx responses") and the others are socket errors.

local method = os.getenv("BENCH_WRK_METHOD")
if method and method ~= "" then wrk.method = method end
local body = os.getenv("BENCH_WRK_BODY")
if body and body ~= "" then wrk.body = body end

local function ms(us) return string.format("%.3f", us / 1000) end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local total_errors = e.connect + e.read + e.write + e.status + e.timeout
  local json = string.format(
    '{"requests":%.0f,"duration_s":%.3f,"requests_per_sec":%.2f,"bytes":%.0f,' ..
    '"latency_ms":{"mean":%s,"stdev":%s,"p50":%s,"p75":%s,"p90":%s,"p99":%s,"max":%s},' ..
    '"errors":{"total":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}}',
    summary.requests, seconds, seconds > 0 and summary.requests / seconds or 0, summary.bytes,
    ms(latency.mean), ms(latency.stdev), ms(latency:percentile(50)), ms(latency:percentile(75)),
    ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
    total_errors, e.connect, e.read, e.write, e.status, e.timeout)

  local path = os.getenv("BENCH_WRK_REPORT")
  if path and path ~= "" then
    local f = assert(io.open(path, "w"))
    f:write(json, "\n")
    f:close()
  else
    io.write(json, "\n")
  end
end
