-- flags: --allow-read /dev
-- expect: (it is a device
-- /dev/tty with /dev allowed: refused without being opened, so a report never reads the terminal.
chiso.read_csv("/dev/tty")
