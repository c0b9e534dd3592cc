-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- A finalizer that never returns, run when the state is closed at the end
-- (hooks do not run inside finalizers): the parent's clock ends it.
setmetatable({}, {__gc = function() while true do end end})
print("the report itself ends at once")
