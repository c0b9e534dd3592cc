-- expect: attempt to index a nil value
-- A dataset's real metatable stays hidden.
local mt = getmetatable(chiso.dataset{x = {1}})
mt.__index = nil
