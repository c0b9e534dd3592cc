-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A comparison of 4 million long strings with another long string, one by one.
local long = ("w"):rep(2000)
local s = {}
for i = 1, 1024 do s[i] = long .. i end
local part = chiso.dataset{s = s}
local parts = {}
for i = 1, 4096 do parts[i] = part end
local c = chiso.concat(parts):col("s")
local probe = long .. "5"
while true do c:lt(probe) end
