-- expect: reading '<chiso>/data/none.csv' is not allowed
-- A refusal for a file in the bundled folder names it as the report did.
local ok, e = pcall(chiso.read_csv, chiso.paths.data .. "/none.csv")
error(e, 0)
