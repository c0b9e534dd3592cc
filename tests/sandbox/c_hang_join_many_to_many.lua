-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A join on a key that 100,000 rows share on both sides: ten billion pairs
-- to count. The walk looks at the deadline by pairs, not by rows, and the
-- time runs out long before the pairs' memory would be asked for.
local k = {}
for i = 1, 1000 do k[i] = 1 end
local part = chiso.dataset{k = k}
local parts = {}
for i = 1, 100 do parts[i] = part end
local left = chiso.concat(parts)
local right = left:mutate("v", left.k * 2)
print(#left:join(right, {on = "k"}))
