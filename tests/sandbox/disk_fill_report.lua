-- status: 7
-- expect: sandbox: output limit reached
-- flags: --max-output 100K
-- A report written again and again under --out.
local report = require "chiso.report"
local out = arg[#arg]
local doc = report.new{title = "big"}
for i = 1, 200 do doc:paragraph(("text %d "):format(i):rep(200)) end
for i = 1, 1000 do assert(doc:write("html", out .. "/r" .. i .. ".html")) end
