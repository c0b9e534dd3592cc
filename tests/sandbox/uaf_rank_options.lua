-- expect: dataset has been closed
-- rank's options close the dataset: every option is read through the closing __index.
local ds = chiso.dataset{g = {"a", "b", "a", "b"}, v = {4, 3, 2, 1}}
local served = {by = "g", desc = true, ties = "dense", name = "r"}
local r = ds:rank("v", setmetatable({}, {__index = function(_, k)
  local bye <close> = ds
  return served[k]
end}))
print(r)
print(ds:rank("v"))
