-- expect: sandbox: 'require 'lfs'' is not available
-- LuaFileSystem, directly.
require("lfs").dir("/")
