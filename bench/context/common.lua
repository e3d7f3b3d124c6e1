-- Shared by the bench/context wrk scripts (loaded with dofile): thread numbering, the generated
-- entities, and a done() hook that writes wrk's summary as JSON, with p95, to CTX_REPORT.
--
-- Environment (set by scripts/bench-context):
--   CTX_THREADS  wrk threads (-t), so each thread knows its share of the work
--   CTX_REPORT   file the JSON report goes to (default: stdout)

ctx = ctx or {}
ctx.threads_list = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(ctx.threads_list, thread)
end

function ctx.env_number(name, default)
  local v = tonumber(os.getenv(name) or "")
  return v or default
end

function ctx.entity_id(i) return string.format("urn:ngsi-ld:Sensor:%06d", i) end

-- The entity with number i, the same on every run: temperature uniform over 0.0–39.9, status
-- "on" for half of them independently of it, a point in a 10 km square.
function ctx.entity_json(i)
  local h = (i * 2654435761) % 4294967296
  local temperature = (h % 400) / 10
  local status = (math.floor(h / 400) % 2 == 0) and "on" or "off"
  local lon = 4.30 + (math.floor(h / 800) % 1000) / 10000
  local lat = 50.80 + (math.floor(h / 800000) % 1000) / 10000
  return string.format(
    '{"id":"%s","type":"Sensor",' ..
    '"temperature":{"type":"Property","value":%.1f,"unitCode":"CEL","observedAt":"2025-01-01T00:00:00Z"},' ..
    '"status":{"type":"Property","value":"%s"},' ..
    '"location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[%.4f,%.4f]}}}',
    ctx.entity_id(i), temperature, status, lon, lat)
end

local function ms(us) return string.format("%.3f", us / 1000) end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local total_errors = e.connect + e.read + e.write + e.status + e.timeout
  -- Counters the scripts keep per thread (e.g. batches answered 207).
  local partial, units = 0, 0
  for _, t in ipairs(ctx.threads_list) do
    partial = partial + (tonumber(t:get("partial")) or 0)
    units = units + (tonumber(t:get("units")) or 0)
  end
  local json = string.format(
    '{"requests":%.0f,"duration_s":%.3f,"requests_per_sec":%.2f,"bytes":%.0f,"units":%.0f,"partial":%.0f,' ..
    '"latency_ms":{"mean":%s,"stdev":%s,"p50":%s,"p90":%s,"p95":%s,"p99":%s,"max":%s},' ..
    '"errors":{"total":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}}',
    summary.requests, seconds, seconds > 0 and summary.requests / seconds or 0, summary.bytes, units, partial,
    ms(latency.mean), ms(latency.stdev), ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
    total_errors, e.connect, e.read, e.write, e.status, e.timeout)
  local path = os.getenv("CTX_REPORT")
  if path and path ~= "" then
    local f = assert(io.open(path, "w"))
    f:write(json, "\n")
    f:close()
  else
    io.write(json, "\n")
  end
end
