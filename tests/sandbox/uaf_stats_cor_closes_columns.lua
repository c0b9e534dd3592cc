-- expect: column has been closed
-- chiso.stats.cor's options close both columns and their dataset while its method is read.
local ds = chiso.dataset{x = {1, 2, 3, 4}, y = {2, 4, 5, 9}}
local x, y = ds:col("x"), ds:col("y")
local opts = setmetatable({}, {__index = function(_, k)
  local a <close> = x
  local b <close> = y
  local c <close> = ds
  if k == "method" then return "spearman" end
end})
print(chiso.stats.cor(x, y, opts).r)
print(x:mean())
