-- expect: dataset has been closed
-- lag's options close the dataset while its by, time and step are read.
local ds = chiso.dataset{p = {"a", "a", "b", "b"}, year = {2022, 2023, 2022, 2023}, v = {1, 2, 3, 4}}
local served = {by = "p", time = "year", step = 1}
print(ds:lag("v", setmetatable({}, {__index = function(_, k)
  local bye <close> = ds
  return served[k]
end})))
print(ds:lead("v", {by = "p"}))
