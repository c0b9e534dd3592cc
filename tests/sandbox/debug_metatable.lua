-- expect: sandbox: 'debug.getmetatable' is not available
-- The real metatable of a dataset through debug.
local mt = debug.getmetatable(chiso.dataset{x = {1}})
