-- expect: sandbox: 'require 'chiso.core'' is not available
-- The core C module behind the library, with its sandbox controls.
local core = require("chiso.core")
