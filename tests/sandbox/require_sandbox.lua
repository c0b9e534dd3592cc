-- expect: sandbox: 'require 'chiso.sandbox'' is not available
-- The sandbox's own module sets folders and limits.
require("chiso.sandbox").run_file(arg[0], {}, {trust = true})
