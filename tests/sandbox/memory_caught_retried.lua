-- status: 5
-- expect: sandbox: memory limit reached
-- flags: --max-memory 32M --timeout 40
-- Catching the memory limit and trying again stays stopped.
for _ = 1, 100 do
  pcall(string.rep, "x", 1 << 28)
  pcall(function() local t = {} for i = 1, 1e8 do t[i] = i end end)
end
print("carried on")
