-- expect: sandbox: 'chiso.cli.list' is not available
-- Listing every script folder, and each script's header.
print(#require("chiso.cli").list())
