-- expect: dataset has been closed
-- An unknown option's key whose __tostring closes the dataset while the error is written.
local ds = chiso.dataset{v = {3, 1, 2}}
local key = setmetatable({}, {__tostring = function() local bye <close> = ds; return "odd" end})
print(pcall(ds.rank, ds, "v", {[key] = true}))
print(ds:rank("v"))
