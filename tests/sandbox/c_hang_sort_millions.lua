-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- One sort of 16 million rows by two keys, again and again: the sort looks
-- at the deadline while it encodes, between radix passes and as it copies.
local n = {}
for i = 1, 4096 do n[i] = (i * 7919) % 4099 end
local part = chiso.dataset{x = n}
local parts = {}
for i = 1, 4096 do parts[i] = part end
local d = chiso.concat(parts)
d = d:mutate("y", d.x * 31 % 97)
while true do d = d:sort({"y", desc = true}, "x") end
