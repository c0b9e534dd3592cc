-- expect: sandbox: 'require 'chiso.prompt'' is not available
-- The prompt's module reads docs and lists folders.
require("chiso.prompt").complete("/etc/", 1, 5)
