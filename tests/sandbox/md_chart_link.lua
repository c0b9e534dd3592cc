-- setup: chart-link
-- expect: report-1.svg: chart 1 of
-- A link placed where the first chart of out/report.md goes (out/report-1.svg, leading to a
-- file outside --out), beside an earlier report.md: neither followed nor replaced, and the
-- report is not written either.
local out = arg[#arg]
local chart = require "chiso.chart"
local doc = require("chiso.report").new{title = "x"}
doc:chart(chart.bars{items = {{label = "a", value = 1}}})
local ok, message = doc:write("md", out .. "/report.md")
assert(not ok and message:find("it is a symbolic link", 1, true), tostring(message))
error(message, 0)
