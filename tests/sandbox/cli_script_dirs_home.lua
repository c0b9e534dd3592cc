-- expect: sandbox: 'chiso.cli.script_dirs' is not available
-- The script folders name the user's home and CHISO_PATH.
print(table.concat(require("chiso.cli").script_dirs(), ":"))
