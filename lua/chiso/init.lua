-- chiso: the library scripts see as the global `chiso` (also `require "chiso"`).
--
-- The C core ("chiso.core") provides datasets, columns and CSV input and
-- output; this module gathers them into one table, where the Lua side of the
-- library adds what is better written in Lua.

local core = require "chiso.core"

-- require gives a module the file it was found in as its second argument.
local _, this_file = ...

-- Where the library's own files are. The library lives in <home>/lua/chiso/,
-- beside <home>/data, <home>/scripts and <home>/docs, in a source tree and
-- in an installed share/chiso alike, so home is read off this file's path.
local function find_paths(file)
  local home = type(file) == "string" and file:match("^(.*)/lua/chiso/init%.lua$")
  if not home then
    error(string.format("chiso: cannot tell where the library is installed from '%s' (expected "
      .. "<folder>/lua/chiso/init.lua)", tostring(file)), 0)
  end
  return {home = home, lua = home .. "/lua", data = home .. "/data", scripts = home .. "/scripts",
          docs = home .. "/docs"}
end

local chiso = {}
for name, value in pairs(core) do
  chiso[name] = value
end
chiso.concat = core.reshape.concat
chiso.paths = find_paths(this_file)

chiso.vn = require "chiso.vn"
chiso.data = require "chiso.data"
chiso.files = require "chiso.files"

return chiso
