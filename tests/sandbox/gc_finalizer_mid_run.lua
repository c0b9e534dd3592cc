-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- A finalizer that never returns, run by the collector in the middle of
-- the report.
setmetatable({}, {__gc = function() while true do end end})
local keep = {}
for i = 1, 1e8 do keep[i % 1000] = {i} end
