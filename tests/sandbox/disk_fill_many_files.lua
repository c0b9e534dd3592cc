-- status: 7
-- expect: sandbox: output limit reached
-- flags: --max-output 64K
-- Many small files, each under the limit: together they count, and every
-- one is removed when the run fails.
local out = arg[#arg]
local d = chiso.dataset{s = {("v"):rep(1000), ("v"):rep(1000)}}
for i = 1, 100000 do
  assert(d:to_csv(out .. "/part-" .. i .. ".csv"))
end
