-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- ds:rank in two groups of 8 million rows each, with every tie method.
local n, g = {}, {}
for i = 1, 4096 do n[i] = (i * 7919) % 4099; g[i] = i % 2 end
local part = chiso.dataset{x = n, g = g}
local parts = {}
for i = 1, 4096 do parts[i] = part end
local d = chiso.concat(parts)
local ties = {"min", "max", "average", "first", "dense"}
local k = 0
while true do
  k = k % #ties + 1
  d = d:rank("x", {by = "g", ties = ties[k], pct = true, name = "r", replace = true})
end
