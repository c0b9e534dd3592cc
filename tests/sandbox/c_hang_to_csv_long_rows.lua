-- status: 6
-- expect: time limit reached
-- flags: --timeout 2 --max-memory 2G
-- 4,000 rows holding one 20 MB string (held once, in the dictionary)
-- written as CSV text: 80 GB, in rows far fewer than the writer's 65,536;
-- it weighs rows by their bytes between looks at the deadline.
local big = ("x"):rep(20000000)
local s = {}
for i = 1, 4000 do s[i] = big end
local d = chiso.dataset{s = s}
while true do d:to_csv() end
