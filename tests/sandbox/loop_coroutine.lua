-- flags: --timeout 1
-- status: 6
-- expect: sandbox: time limit reached
-- An infinite loop inside a coroutine, resumed in a loop.
while true do
  coroutine.resume(coroutine.create(function() while true do end end))
end
