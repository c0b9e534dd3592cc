-- expect: sandbox: 'load of binary chunks' is not available
-- Bytecode handed to load as a string starting with the ESC byte.
local f = load("\27Lua\84\0\25\147\r\n\26\n" .. string.rep("\0", 40))
f()
