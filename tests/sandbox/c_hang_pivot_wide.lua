-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- pivot_wider into 200,000 columns of 40 rows: many short columns, each
-- made without a look of its own; the loop over them looks.
local id, name, v = {}, {}, {}
for i = 1, 400000 do id[i] = i % 2; name[i] = i // 2; v[i] = i end
local d = chiso.dataset{id = id, name = name, v = v}
while true do d:pivot_wider{id = "id", names = "name", values = "v"} end
