-- expect: cannot change a protected metatable
-- Removing the environment's metatable.
setmetatable(_G, nil)
