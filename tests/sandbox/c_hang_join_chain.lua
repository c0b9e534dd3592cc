-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A chain of joins of 4 million rows each, the result joined again.
local n = {}
for i = 1, 4096 do n[i] = i end
local part = chiso.dataset{k = n}
local parts = {}
for i = 1, 1024 do parts[i] = part end
local d = chiso.concat(parts)
local lookup = part:mutate("v", part.k * 3)
while true do
  d = d:join(lookup, {on = "k", how = "left", suffix = {"", "_"}}):select("k")
end
