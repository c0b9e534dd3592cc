-- expect: sandbox: 'chiso.cli.find' is not available
-- Asking whether a file exists anywhere.
print(require("chiso.cli").find("../../../etc/passwd"))
