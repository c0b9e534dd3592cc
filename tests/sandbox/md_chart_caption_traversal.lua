-- out: report.md
-- expect: md_chart_caption_traversal: written, then failed on purpose
-- Charts whose captions and titles name paths outside --out: their files are named by chiso
-- from the --out file (report-1.svg, report-2.svg), whatever the report says; the run then
-- fails, so the parent removes the report and its charts.
local out = arg[#arg]
local chart = require "chiso.chart"
local doc = require("chiso.report").new{title = "x"}
local evil = "../../../../../../../../tmp/chiso-sandbox-pwned-md_chart_caption_traversal"
doc:chart(chart.bars{title = evil, items = {{label = evil, value = 1}}}, {caption = evil})
doc:chart(chart.bars{title = "/tmp/x.svg", items = {{label = "a", value = 2}}},
  {caption = evil .. ".svg"})
assert(doc:write("md", out))
error("md_chart_caption_traversal: written, then failed on purpose", 0)
