-- trust: yes
-- status: 6
-- expect: time limit reached
-- flags: --timeout 1
-- A finalizer that never returns, at the end of a trusted run.
setmetatable({}, {__gc = function() while true do end end})
