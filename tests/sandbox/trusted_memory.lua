-- trust: yes
-- status: 5
-- expect: memory limit reached (--max-memory 67108864 bytes)
-- flags: --max-memory 64M --timeout 40
-- --max-memory holds in a trusted run too.
local t = {}
for i = 1, 1e9 do t[i] = ("x"):rep(100) .. i end
