-- out: report.md
-- expect: other.md' is not allowed in a sandboxed report (it writes only to the file or folder given with --out
-- A Markdown report with a chart written to another name than the --out file, beside it:
-- refused before any file is made, its charts with it.
local out = arg[#arg]
local chart = require "chiso.chart"
local doc = require("chiso.report").new{title = "x"}
doc:chart(chart.bars{items = {{label = "a", value = 1}}})
doc:write("md", (out:gsub("report%.md$", "other.md")))
