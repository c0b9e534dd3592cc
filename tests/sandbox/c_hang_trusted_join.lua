-- trust: yes
-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A trusted run with --timeout: a join counting ten billion pairs stops at
-- the deadline, not at the alarm a second later.
local k = {}
for i = 1, 1000 do k[i] = 1 end
local part = chiso.dataset{k = k}
local parts = {}
for i = 1, 100 do parts[i] = part end
local left = chiso.concat(parts)
local right = left:mutate("v", left.k * 2)
print(#left:join(right, {on = "k"}))
