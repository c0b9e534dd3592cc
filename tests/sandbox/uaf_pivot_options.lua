-- expect: dataset has been closed
-- pivot_longer's option names are served by a __index that closes the dataset.
local ds = chiso.dataset{id = {1, 2}, a = {1.5, 2.5}, b = {3.5, 4.5}}
local served = {cols = {"a", "b"}, names_to = "which", values_to = "value"}
print(ds:pivot_longer(setmetatable({}, {__index = function(_, k)
  local bye <close> = ds
  return served[k]
end})))
print(ds:pivot_wider{id = "id", names = "a", values = "b"})
