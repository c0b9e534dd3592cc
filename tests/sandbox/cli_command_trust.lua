-- expect: sandbox: 'chiso.cli.command' is not available
-- chiso.cli's entry point would run this report again with --trust.
require("chiso.cli").command("run", "--trust", arg[0], "again")
