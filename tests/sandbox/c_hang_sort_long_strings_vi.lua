-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- Ranking 60,000 long strings that differ only at their end, in Vietnamese
-- order: every comparison walks 2,000 letters; the merge sort looks at the
-- deadline every 1,024 of them, and vn_compare gives up when told to stop.
local prefix = ("Lạng Sơn "):rep(220)
local s = {}
for i = 1, 60000 do s[i] = prefix .. string.format("%06d", (i * 7919) % 60013) end
local d = chiso.dataset{s = s}
while true do d = d:sort({"s", collate = "vi"}) end
