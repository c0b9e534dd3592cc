-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- chiso.stats.describe of a dataset of 8 million rows and three columns.
local x = {}
for i = 1, 4096 do x[i] = (i * 7919) % 4099 end
local part = chiso.dataset{a = x, b = x, c = x}
local parts = {}
for i = 1, 2048 do parts[i] = part end
local d = chiso.concat(parts)
while true do chiso.stats.describe(d) end
