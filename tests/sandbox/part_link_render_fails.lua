-- setup: part-link
-- expect: format failed on purpose
-- The report's CSV fails while it is rendered: nothing is written, no link beside the target followed.
local out = arg[#arg]
local doc = require("chiso.report").new{title = "x"}
doc:table({{a = 1}, {a = 2}}, {formats = {a = function(v)
  if v == 2 then error("format failed on purpose", 0) end
  return tostring(v)
end}})
doc:write("csv", out .. "/report.csv")
