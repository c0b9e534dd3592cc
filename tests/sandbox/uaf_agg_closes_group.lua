-- expect: grouped dataset has been closed
-- An aggregate's request table closes the grouped dataset and its source while agg reads it.
local ds = chiso.dataset{g = {"a", "b", "a"}, v = {1.5, 2.5, 3.5}}
local gb = ds:group_by("g")
local q = setmetatable({"quantile", "v"}, {__index = function(_, k)
  local x <close> = gb
  local y <close> = ds
  if k == "q" then return 0.5 end
end})
print(gb:agg{med = q, n = {"count"}})
print(gb:agg{n = {"count"}})
