-- setup: part-link
-- expect: writes html only to a file whose name ends in .html or .htm, not to
-- A report written to the pre-placed link out/report.html.part.
local out = arg[#arg]
require("chiso.report").new{title = "x"}:write("html", out .. "/report.html.part")
