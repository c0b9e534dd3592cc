-- expect: dataset has been closed
-- join's options close the left and the right dataset while they are read.
local left = chiso.dataset{k = {1, 2, 3}, a = {"x", "y", "z"}}
local right = chiso.dataset{k = {1, 2}, b = {true, false}}
local opts = setmetatable({}, {__index = function(_, key)
  local l <close> = left
  local r <close> = right
  if key == "on" then return "k" end
end})
print(left:join(right, opts))
print(right:names())
