-- A fixed request (the URL given to wrk; method GET): the baseline and the queries (figure 4).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
