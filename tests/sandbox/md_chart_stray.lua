-- setup: chart-stray
-- expect: it is a file, with no report of that name beside it; chiso replaces only the charts
-- A file of the user's at the name of the first chart of a new report (out/report-1.svg, and
-- no out/report.md): not overwritten, and the report is not written either.
local out = arg[#arg]
local chart = require "chiso.chart"
local doc = require("chiso.report").new{title = "x"}
doc:chart(chart.bars{items = {{label = "a", value = 1}}})
assert(doc:write("md", out .. "/report.md"))
