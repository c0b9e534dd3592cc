-- expect: sandbox: 'package.cpath' is not available
-- Pointing require at a crafted C module.
package.cpath = "/tmp/?.so"
require("evil")
