-- expect: sandbox: 'package.loadlib' is not available
-- Loading a C function from the C library.
local system = package.loadlib("libc.so.6", "system")
