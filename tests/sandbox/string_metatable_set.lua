-- expect: bad argument #1 to 'setmetatable' (table expected, got string)
-- Replacing the metatable of strings.
setmetatable("", {__index = function() return os end})
