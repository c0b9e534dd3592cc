-- status: 8
-- expect: sandbox: recursion depth limit reached
-- Deep recursion caught by pcall, then more.
local function f(n) return 1 + f(n + 1) end
print(pcall(f, 1))
print("carrying on")
