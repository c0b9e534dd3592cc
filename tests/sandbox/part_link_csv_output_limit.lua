-- setup: part-link
-- flags: --max-output 2K
-- status: 7
-- expect: output limit reached
-- A CSV larger than --max-output: stopped before its first block is written, its temporary file removed.
local out = arg[#arg]
local names = {}
for i = 1, 20000 do names[i] = "province " .. i end
chiso.dataset{name = names}:to_csv(out .. "/report.csv")
