-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A loop of medians of 8 million values: each call takes longer than the
-- whole time allowed, so the median itself must stop.
local n = {}
for i = 1, 4096 do n[i] = (i * 7919) % 100003 end
local part = chiso.dataset{x = n}
local parts = {}
for i = 1, 2048 do parts[i] = part end
local x = chiso.concat(parts):col("x")
local total = 0
while true do total = total + x:median() end
