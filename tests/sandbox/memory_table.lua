-- flags: --max-memory 64M --timeout 40
-- status: 5
-- expect: sandbox: memory limit reached
-- A table that grows without end.
local t = {}
for i = 1, 1e10 do t[i] = {i} end
