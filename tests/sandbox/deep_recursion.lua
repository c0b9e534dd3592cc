-- status: 8
-- expect: sandbox: recursion depth limit reached
local function f(n) return 1 + f(n + 1) end
f(1)
