-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1 --max-memory 512M
-- os.date of a format tens of megabytes long, again and again.
local format = ("%c %x %X "):rep(2000000)
while true do os.date(format) end
