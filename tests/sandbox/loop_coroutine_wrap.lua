-- flags: --timeout 1
-- status: 6
-- expect: sandbox: time limit reached
coroutine.wrap(function() while true do end end)()
