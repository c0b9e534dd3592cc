-- expect: <chiso>/data/none.csv: No such file or directory
-- A missing file inside an allowed folder may say so (only outside them is existence hidden), naming it as the report did.
local ds, e = chiso.read_csv(chiso.paths.data .. "/none.csv")
error(e, 0)
