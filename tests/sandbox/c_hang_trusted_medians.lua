-- trust: yes
-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A trusted run with --timeout: the median's own sort stops at the deadline
-- (the alarm, a second later, is only the last resort).
local n = {}
for i = 1, 4096 do n[i] = (i * 7919) % 100003 end
local part = chiso.dataset{x = n}
local parts = {}
for i = 1, 2048 do parts[i] = part end
local x = chiso.concat(parts):col("x")
local total = 0
while true do total = total + x:median() end
