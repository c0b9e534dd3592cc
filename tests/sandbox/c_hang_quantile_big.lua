-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- Quantiles of a column of 16 million floats, again and again: the sort of
-- the values looks at the deadline as it goes.
local n = {}
for i = 1, 4096 do n[i] = ((i * 7919) % 4099) / 7 end
local part = chiso.dataset{x = n}
local parts = {}
for i = 1, 4096 do parts[i] = part end
local x = chiso.concat(parts):col("x")
local total = 0
while true do total = total + x:quantile(0.37) + chiso.stats.quantile(x, {0.1, 0.9})[1] end
