-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- agg with 45,000 correlations, each of a different pair of 300 columns:
-- matching the pairs that share a gathering scans the requests, and looks
-- at the deadline as it goes.
local cols = {}
for c = 1, 300 do
  local v = {}
  for i = 1, 8 do v[i] = (i * c * 7919) % 101 end
  cols[c] = {string.format("c%03d", c), v}
end
cols[#cols + 1] = {"g", {1, 1, 1, 1, 2, 2, 2, 2}}
local d = chiso.dataset(cols)
local spec = {}
for a = 1, 300 do
  for b = a + 1, 300 do
    spec[#spec + 1] = {string.format("r%03d_%03d", a, b), "cor", string.format("c%03d", a),
                       string.format("c%03d", b)}
  end
end
local gb = d:group_by("g")
while true do gb:agg(spec) end
