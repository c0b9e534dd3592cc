-- expect: dataset has been closed
-- Finalizers, each making the next, close the dataset at some allocation
-- inside a method; whichever call it lands in keeps what it uses, and the
-- next call sees a closed dataset.
local ds = chiso.dataset{a = {"x", "y", "z"}, n = {1, 2, 3}}
local function arm()
  setmetatable({}, {__gc = function() local bye <close> = ds; arm() end})
end
arm()
while true do
  local t = {}
  for i = 1, 100 do t[i] = tostring(ds) .. ds:to_csv() .. #ds:sort("a") end
end
