-- flags: --allow-read /dev
-- expect: (it is a device
-- /dev/stdin with /dev allowed: the link leads to a device (here /dev/null), refused.
chiso.read_csv("/dev/stdin")
