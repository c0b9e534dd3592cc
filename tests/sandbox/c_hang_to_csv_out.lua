-- status: 6
-- expect: time limit reached
-- flags: --timeout 2 --max-output 8G
-- A dataset of 16 million rows written as a CSV file under --out, again
-- and again: the writer looks at the deadline every 65,536 rows, and the
-- unfinished file is removed.
local out = arg[#arg]
local x = {}
for i = 1, 4096 do x[i] = (i * 7919) % 4099 end
local part = chiso.dataset{a = x}
local parts = {}
for i = 1, 4096 do parts[i] = part end
local d = chiso.concat(parts)
while true do d:to_csv(out .. "/big.csv") end
