-- PATCH /ngsi-ld/v1/entities/{id}/attrs with a new temperature and its observedAt, for ids drawn
-- at random from the first CTX_SPREAD entities: figure 1 (attribute updates, each one a history row).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local spread = ctx.env_number("CTX_SPREAD", 1000)
local start = os.time()
local n = 0

function init(args)
  math.randomseed(os.time() + 7919 * tid)
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  -- A distinct observedAt per request of this thread (a millisecond apart), as a sensor would send.
  local ms = n + tid * 1000000000
  local observed = os.date("!%Y-%m-%dT%H:%M:%S", start + math.floor(ms / 1000)) .. string.format(".%03dZ", ms % 1000)
  local body = string.format('{"temperature":{"type":"Property","value":%.1f,"unitCode":"CEL","observedAt":"%s"}}',
    math.random(0, 399) / 10, observed)
  return wrk.format("PATCH", "/ngsi-ld/v1/entities/" .. ctx.entity_id(math.random(1, spread)) .. "/attrs", nil, body)
end
