-- expect: dataset has been closed
-- Sort's options close the dataset being sorted while they are read.
local ds = chiso.dataset{a = {"c", "b", "a"}, n = {3, 2, 1}}
local sorted = ds:sort("a", setmetatable({}, {__index = function() local bye <close> = ds end}))
print(sorted)
print(ds:nrow())
