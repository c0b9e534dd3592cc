-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- group_by with medians, quantiles and distinct counts over 8 million rows
-- in 3 groups: sorts of millions of values per group.
local n, g = {}, {}
for i = 1, 4096 do n[i] = (i * 7919) % 4099; g[i] = i % 3 end
local part = chiso.dataset{x = n, g = g}
local parts = {}
for i = 1, 2048 do parts[i] = part end
local d = chiso.concat(parts)
while true do
  d:group_by("g"):agg{m = {"median", "x"}, q = {"quantile", "x", q = 0.9}, n = {"n_distinct", "x"}}
end
