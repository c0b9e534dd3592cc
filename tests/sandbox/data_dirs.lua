-- expect: sandbox: 'chiso.data.dirs' is not available
-- The data folders are real paths (and CHISO_DATA's value).
print(table.concat(chiso.data.dirs(), ":"))
