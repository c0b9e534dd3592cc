-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- table.sort of long strings with a comparator that never ends: the
-- hook stops the comparator, and sort cannot hold the error back.
local t = {}
for i = 1, 2000 do t[i] = ("x"):rep(10000) .. (i % 7) end
table.sort(t, function(a, b)
  local n = 0
  for _ = 1, 1e12 do n = n + 1 end
  return a < b
end)
