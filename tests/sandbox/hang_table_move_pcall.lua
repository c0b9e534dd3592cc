-- status: 6
-- flags: --timeout 1
-- expect: sandbox: time limit reached
-- table.move inside pcall inside a coroutine: still killed at the deadline.
local co = coroutine.wrap(function()
  return pcall(table.move, {}, 1, math.maxinteger - 1, 1, {})
end)
print(co())
