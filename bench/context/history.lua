-- Gives one entity (urn:ngsi-ld:Sensor:000001) CTX_INSTANCES history instances of temperature
-- through PATCH …/attrs, observedAt one minute apart from 2024-01-01 (100,000 instances span about
-- 69 days), then stops: the data of the temporal figures (query and aggregation over that many
-- instances). Threads share the instances (instance k goes to thread k mod CTX_THREADS); as in
-- upsert.lua, a connection with nothing left to send asks GET /healthz (answered 200, which a PATCH
-- never is) until its thread has every answer, and then drops a file CTX_DONE.<thread>.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local instances = ctx.env_number("CTX_INSTANCES", 100000)
local threads = ctx.env_number("CTX_THREADS", 1)
local start = 1704067200 -- 2024-01-01T00:00:00Z
local mine, sent, answered, finished = 0, 0, 0, false
local probe = false

function init(args)
  mine = math.floor(instances / threads) + ((tid < instances % threads) and 1 or 0)
  probe = tid == 0
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if probe then
    probe = false
    return wrk.format("GET", "/healthz", {}, nil)
  end
  if sent >= mine then return wrk.format("GET", "/healthz", {}, nil) end
  local k = sent * threads + tid
  sent = sent + 1
  local observed = os.date("!%Y-%m-%dT%H:%M:00Z", start + 60 * k)
  local body = string.format('{"temperature":{"type":"Property","value":%.1f,"unitCode":"CEL","observedAt":"%s"}}',
    (k * 7919 % 400) / 10, observed)
  return wrk.format("PATCH", "/ngsi-ld/v1/entities/" .. ctx.entity_id(1) .. "/attrs", nil, body)
end

function response(status, headers, body)
  if status ~= 200 then answered = answered + 1 end
  if answered >= mine then
    wrk.thread:set("units", mine)
    local done_file = os.getenv("CTX_DONE")
    if done_file and done_file ~= "" and not finished then
      finished = true
      local f = io.open(done_file .. "." .. tid, "w")
      if f then f:close() end
    end
    wrk.thread:stop()
  end
end
