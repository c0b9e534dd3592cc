-- setup: symlink
-- expect: is not allowed in a sandboxed report
-- A link inside an allowed folder that points outside it (the test makes it: allowed/link.csv -> /etc/passwd).
chiso.read_csv(arg[1] .. "/link.csv")
