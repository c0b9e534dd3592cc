-- expect: writes md only to a file whose name ends in .md, .markdown or .txt, not to
-- Markdown written to a .htm name.
local out = arg[#arg]
require("chiso.report").new{title = "x"}:paragraph("<script>alert(1)</script>"):write("md", out .. "/r.htm")
