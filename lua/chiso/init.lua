-- chiso: the library scripts see as the global `chiso` (also `require "chiso"`).
--
-- The C core ("chiso.core") provides datasets, columns and CSV input and
-- output; this module gathers them into one table, where the Lua side of the
-- library adds what is better written in Lua.

local core = require "chiso.core"

local chiso = {}
for name, value in pairs(core) do
  chiso[name] = value
end
chiso.concat = core.reshape.concat

chiso.vn = require "chiso.vn"
chiso.data = require "chiso.data"

return chiso
