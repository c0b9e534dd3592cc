-- status: 8
-- expect: sandbox: recursion depth limit reached
-- flags: --max-depth 100
-- The same with coroutine.resume, each level catching the error of the one below.
local function nest(n)
  local co = coroutine.create(function()
    local function deep(k) if k == 0 then return nest(n + 1) end return 1 + deep(k - 1) end
    return deep(30)
  end)
  local ok, v = coroutine.resume(co)
  if not ok then error(v, 0) end
  return v
end
print(nest(1))
