-- flags: --timeout 1
-- status: 6
-- expect: sandbox: time limit reached
-- Long work inside the C primitives: they check the time budget themselves.
local n = {}
for i = 1, 200000 do n[i] = (i * 7919) % 100003 end
local d = chiso.dataset{x = n}
while true do d = d:sort({"x", desc = true}):sort("x") end
