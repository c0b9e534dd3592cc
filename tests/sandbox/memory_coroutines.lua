-- status: 5
-- expect: sandbox: memory limit reached
-- flags: --max-memory 64M --timeout 40
-- Many coroutines, each kept suspended with a deep stack.
local keep = {}
for i = 1, 1e9 do
  local co = coroutine.create(function()
    local function deep(k) if k == 0 then coroutine.yield() end return 1 + deep(k - 1) end
    return deep(150)
  end)
  coroutine.resume(co)
  keep[i] = co
end
