-- expect: writes json only to a file whose name ends in .json, not to
-- JSON written to a .svg name, which a browser would parse as SVG.
local out = arg[#arg]
require("chiso.report").new{title = "x"}:write("json", out .. "/chart.svg")
