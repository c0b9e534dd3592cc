-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- Kendall's tau over 8 million pairs, as a correlation matrix: sorts of the
-- pairs and the count of inversions look at the deadline as they go.
local x, y = {}, {}
for i = 1, 4096 do x[i] = (i * 7919) % 4099; y[i] = (i * 104729) % 4093 end
local part = chiso.dataset{x = x, y = y}
local parts = {}
for i = 1, 2048 do parts[i] = part end
local d = chiso.concat(parts)
while true do d:cor{"x", "y", method = "kendall"} end
