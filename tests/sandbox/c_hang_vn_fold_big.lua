-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- chiso.vn.fold and normalize of a string of 150 megabytes.
local s = ("Lạng Sơn, Thừa Thiên Huế. "):rep(5000000)
while true do chiso.vn.fold(s); chiso.vn.normalize(s) end
