-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- chiso.vn.compare of two strings of 100 megabytes that differ at the end.
local a = ("Đắk Lắk "):rep(10000000)
local b = a .. "x"
while true do chiso.vn.compare(a, b) end
