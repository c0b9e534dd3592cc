-- expect: sandbox: reading '/dev/zero' is not allowed
-- An endless device, outside the allowed folders.
chiso.read_csv("/dev/zero")
