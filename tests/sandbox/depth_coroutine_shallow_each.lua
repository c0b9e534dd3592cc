-- status: 8
-- expect: sandbox: recursion depth limit reached
-- flags: --max-depth 64
-- Coroutines only a few calls deep each, nested many times: the sum counts.
local function nest(n)
  return coroutine.wrap(function() return nest(n + 1) end)()
end
nest(1)
