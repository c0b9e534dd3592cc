-- status: 8
-- expect: sandbox: recursion depth limit reached (--max-depth 200 calls)
-- Each coroutine 150 calls deep, 150 coroutines nested (22,500 calls): the
-- depth counts across them.
local function nest(n)
  if n == 0 then return 0 end
  return coroutine.wrap(function()
    local function deep(k) if k == 0 then return nest(n - 1) end return 1 + deep(k - 1) end
    return deep(150)
  end)()
end
print(nest(150))
