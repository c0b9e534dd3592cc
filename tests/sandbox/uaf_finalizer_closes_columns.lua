-- expect: column has been closed
-- Finalizers close the columns that column arithmetic is combining.
local ds = chiso.dataset{a = {1.5, 2.5, 3.5}, b = {1, 2, 3}}
local a, b = ds:col("a"), ds:col("b")
local function arm()
  setmetatable({}, {__gc = function()
    local x <close> = a
    local y <close> = b
    arm()
  end})
end
arm()
while true do
  local t = {}
  for i = 1, 100 do t[i] = {(a + b) * 2, a:gt(b), a:mean()} end
end
