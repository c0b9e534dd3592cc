-- expect: sandbox: writing
-- A report document's write, taken from its metatable, to a path not --out.
local doc = require("chiso.report").new{title = "x"}
getmetatable(doc).write(doc, "text", "/tmp/chiso-sandbox-pwned-report_write_metatable")
