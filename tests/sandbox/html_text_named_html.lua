-- expect: writes text only to a file whose name ends in .txt, not to
-- Plain text (not escaped) written to a .html name, where a browser would run its script.
local out = arg[#arg]
local doc = require("chiso.report").new{title = "<script>alert(document.cookie)</script>"}
doc:write("text", out .. "/report.html")
