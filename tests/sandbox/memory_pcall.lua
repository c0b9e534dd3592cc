-- flags: --max-memory 64M --timeout 40
-- status: 5
-- expect: sandbox: memory limit reached
-- A memory bomb inside pcall, and then carrying on as if nothing happened.
pcall(function() local t = {} for i = 1, 1e10 do t[i] = {i} end end)
local t = {}
for i = 1, 10 do t[i] = i end
print("still running")
