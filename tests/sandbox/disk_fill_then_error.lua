-- expect: after writing
-- A report that writes its file and then fails: a failed sandboxed run
-- leaves no output, so the file is removed.
local out = arg[#arg]
assert(chiso.dataset{a = {1, 2, 3}}:to_csv(out .. "/done.csv"))
error("after writing")
