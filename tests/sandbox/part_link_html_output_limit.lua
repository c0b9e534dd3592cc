-- setup: part-link
-- flags: --max-output 4K
-- status: 7
-- expect: output limit reached
-- An HTML report larger than --max-output, written beside the pre-placed links.
local out = arg[#arg]
local rows = {}
for i = 1, 2000 do rows[i] = {name = "province " .. i, score = i} end
local doc = require("chiso.report").new{title = "x"}
doc:table(rows)
doc:write("html", out .. "/report.html")
