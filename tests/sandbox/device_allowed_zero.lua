-- flags: --allow-read /dev
-- expect: sandbox: reading '/dev/zero' is not allowed in a sandboxed report (it is a device
-- /dev given with --allow-read: its devices are still refused, and never opened.
chiso.read_csv("/dev/zero")
