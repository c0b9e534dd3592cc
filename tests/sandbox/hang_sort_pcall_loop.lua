-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- Sorting again and again, each sort under pcall: a limit once reached
-- cannot be caught.
local t = {}
for i = 1, 20000 do t[i] = ("long string "):rep(20) .. (i * 7919 % 20011) end
while true do
  pcall(table.sort, t, function(a, b) return a > b end)
  pcall(table.sort, t)
end
