-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- chiso.concat of 60,000 one-row datasets each with its own column name:
-- matching the names is quadratic in the parts, and looks at the deadline.
local parts = {}
for i = 1, 60000 do parts[i] = chiso.dataset{{"c" .. i, {i}}} end
while true do chiso.concat(parts) end
