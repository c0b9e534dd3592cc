-- expect: sandbox: reading '/dev/tty' is not allowed
-- The terminal itself.
chiso.read_csv("/dev/tty")
