-- expect: attempt to index a nil value
-- The string metatable's __index is the real string library: not reachable.
local mt = getmetatable("")
mt.__index.dump = nil
