-- status: 5
-- expect: sandbox: memory limit reached
-- flags: --max-memory 64M --timeout 40
-- table.concat of a table holding one 1 MB string many times.
local t, piece = {}, ("c"):rep(1000000)
for i = 1, 1000 do t[i] = piece end
print(#table.concat(t))
