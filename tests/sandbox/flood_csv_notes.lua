-- status: 7
-- expect: sandbox: output limit reached
-- flags: --max-output 1K
-- The CSV reader's notes on standard error (short rows padded), again and
-- again: they count against the output limit like everything else.
local text = "a,b,c\n1,2\n3\n4,5\n"
while true do pcall(chiso.parse_csv, text, {ragged = "pad"}) end
