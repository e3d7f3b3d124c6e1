-- GET /ngsi-ld/v1/entities/{id} for ids drawn at random from the first CTX_SPREAD entities:
-- figure 3 (retrieve by id).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local spread = ctx.env_number("CTX_SPREAD", 1000)

function init(args)
  math.randomseed(os.time() + 7919 * tid)
end

function request()
  return wrk.format("GET", "/ngsi-ld/v1/entities/" .. ctx.entity_id(math.random(1, spread)))
end
