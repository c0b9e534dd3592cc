-- trust: yes
-- status: 8
-- expect: recursion depth limit reached (--max-depth 50 calls)
-- flags: --max-depth 50
-- --max-depth holds in a trusted run too.
local function f(n) return 1 + f(n + 1) end
f(1)
