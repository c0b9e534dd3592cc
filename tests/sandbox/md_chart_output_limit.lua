-- out: report.md
-- flags: --max-output 6K
-- status: 7
-- expect: output limit reached
-- Charts larger than --max-output together: stopped while they are written, their
-- temporary files and the report's removed.
local out = arg[#arg]
local chart = require "chiso.chart"
local doc = require("chiso.report").new{title = "x"}
for i = 1, 8 do
  local items = {}
  for j = 1, 20 do items[j] = {label = "province " .. j, value = i * j} end
  doc:chart(chart.bars{items = items})
end
doc:write("md", out)
