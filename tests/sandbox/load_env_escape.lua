-- expect: sandbox: 'io.open' is not available
-- A chunk loaded without an environment gets the sandbox's, not the real one.
local io2 = load("return io")()
io2.open("/etc/passwd")
