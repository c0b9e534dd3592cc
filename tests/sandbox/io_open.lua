-- expect: sandbox: 'io.open' is not available
-- Reading a file directly.
local f = io.open("/etc/passwd")
