-- expect: sandbox: writing '/tmp/chiso-sandbox-pwned-report' is not allowed
local report = require "chiso.report"
report.new{title = "x"}:write("html", "/tmp/chiso-sandbox-pwned-report")
