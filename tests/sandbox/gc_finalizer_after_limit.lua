-- status: 8
-- expect: sandbox: recursion depth limit reached
-- flags: --timeout 1
-- A limit is reached, then a finalizer hangs while the state closes: the
-- limit that was reported stands, and the run still ends in time.
local keep = setmetatable({}, {__gc = function() while true do end end})
local function f() return 1 + f() end
f()
print(keep)
