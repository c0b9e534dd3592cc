-- expect: sandbox: 'chiso.data.path' is not available
-- A bundled file's real path.
print(chiso.data.path("par_index.csv"))
