-- expect: <chiso>/lua/chiso/
-- An error inside library Lua code names the file relative to the library.
local ok, e = pcall(require("chiso.movers").compute)
error(e, 0)
