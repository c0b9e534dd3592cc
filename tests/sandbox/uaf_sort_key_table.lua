-- expect: dataset has been closed
-- A sort key {name, desc = ...} whose desc is served by a __index that closes the dataset.
local ds = chiso.dataset{a = {"c", "b", "a"}, n = {3, 2, 1}}
local key = setmetatable({"a"}, {__index = function(_, k)
  local bye <close> = ds
  if k == "desc" then return true end
end})
print(ds:sort(key, "n"))
print(ds:ncol())
