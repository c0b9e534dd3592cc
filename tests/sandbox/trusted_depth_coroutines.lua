-- trust: yes
-- status: 8
-- expect: recursion depth limit reached
-- flags: --max-depth 100
-- Calls spread over nested coroutines count together in a trusted run too.
local function nest(n)
  local function deep(k) if k == 0 then return nest(n + 1) end return 1 + deep(k - 1) end
  return coroutine.wrap(function() return deep(20) end)()
end
nest(1)
