-- expect: sandbox: 'require 'lfs'' is not available
-- LuaFileSystem, a C module, would list and change any folder.
local lfs = require("lfs")
