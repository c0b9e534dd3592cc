-- status: 7
-- expect: sandbox: output limit reached
-- flags: --max-output 1K --max-memory 64M
-- A small dataset of one long string, written as a CSV file of a gigabyte:
-- the file stops at the output limit and is removed.
local out = arg[#arg]
local long = ("w"):rep(100000)
local rows = {}
for i = 1, 10000 do rows[i] = long end
local d = chiso.dataset{s = rows}
print(d:to_csv(out .. "/big.csv"))
