-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- A loop of medians: many short C calls.
local n = {}
for i = 1, 100000 do n[i] = (i * 7919) % 100003 end
local x = chiso.dataset{x = n}:col("x")
local total = 0
while true do total = total + x:median() end
