-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- chiso.dataset from 60,000 strings of 2 KB, again and again: each string
-- is checked and hashed byte by byte, so the builder weighs strings by
-- their length between its looks at the deadline.
local prefix = ("Lạng Sơn "):rep(220)
local s = {}
for i = 1, 60000 do s[i] = prefix .. i end
while true do chiso.dataset{s = s} end
