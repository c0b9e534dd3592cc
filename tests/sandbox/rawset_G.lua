-- expect: sandbox: 'io.open' is not available
-- rawset on the environment changes only the report's own globals: io stays out of reach.
rawset(_G, "io", nil)
rawset(_G, "print", nil)
io.open("/etc/passwd")
