-- expect: sandbox: 'chiso.cli.header' is not available
-- Reading any file's leading comment lines.
print(require("chiso.cli").header("/etc/passwd"))
