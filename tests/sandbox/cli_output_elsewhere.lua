-- expect: sandbox: writing
-- cli.output to a path other than --out.
local doc = require("chiso.report").new{title = "x"}
require("chiso.cli").output(doc, {format = "text", out = "/tmp/chiso-sandbox-pwned-cli_output_elsewhere"})
