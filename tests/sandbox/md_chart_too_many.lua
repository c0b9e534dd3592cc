-- out: report.md
-- expect: cannot name chart 33 beside it (at most 32 charts
-- More charts than chiso writes beside one report: refused before any file is made.
local out = arg[#arg]
local chart = require "chiso.chart"
local doc = require("chiso.report").new{title = "x"}
for i = 1, 40 do
  doc:chart(chart.bars{items = {{label = "chart " .. i, value = i}}})
end
doc:write("md", out)
