-- Loads CTX_ENTITIES entities (urn:ngsi-ld:Sensor:000001…) through POST /entityOperations/upsert,
-- CTX_BATCH per request, then stops: figure 2 (batch upsert entities/s), and the data the other
-- figures need. Each thread sends its own share of the batches (batch b goes to thread b mod
-- CTX_THREADS). A connection with nothing left to load sends GET /healthz until its thread has
-- every answer (wrk cannot leave a connection idle); those answer 200, which an upsert never does
-- (201 or 204), so they are told apart. A batch answered 207 counts as "partial".
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local entities = ctx.env_number("CTX_ENTITIES", 10000)
local batch = ctx.env_number("CTX_BATCH", 500)
local threads = ctx.env_number("CTX_THREADS", 1)
local batches = math.ceil(entities / batch)
local mine, sent, answered, partial, units = {}, 0, 0, 0, 0
-- wrk calls request() once more on its first thread, to see whether the request is static, and
-- throws that one away; it must not take a batch.
local probe = false

function init(args)
  for b = tid, batches - 1, threads do table.insert(mine, b) end
  probe = tid == 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if probe then
    probe = false
    return wrk.format("GET", "/healthz", {}, nil)
  end
  sent = sent + 1
  local b = mine[sent]
  if b == nil then return wrk.format("GET", "/healthz", {}, nil) end
  local first, last = b * batch + 1, math.min((b + 1) * batch, entities)
  local parts = {}
  for i = first, last do parts[#parts + 1] = ctx.entity_json(i) end
  return wrk.format("POST", "/ngsi-ld/v1/entityOperations/upsert", nil, "[" .. table.concat(parts, ",") .. "]")
end

function response(status, headers, body)
  if status ~= 200 then
    answered = answered + 1
    if status == 207 then partial = partial + 1 end
    wrk.thread:set("partial", partial)
  end
  if answered >= #mine then
    local n = 0
    for _, b in ipairs(mine) do n = n + math.min((b + 1) * batch, entities) - b * batch end
    wrk.thread:set("units", n)
    -- wrk runs for its -d whatever its threads do, so scripts/bench-context waits for these
    -- files, one a thread, and then stops wrk.
    local done_file = os.getenv("CTX_DONE")
    if done_file and done_file ~= "" and not finished then
      finished = true
      local f = io.open(done_file .. "." .. tid, "w")
      if f then f:close() end
    end
    wrk.thread:stop()
  end
end
