-- expect: probe: no difference in time
-- Telling whether a file outside the allowed folders exists from how long its refusal takes.
-- The two are timed in turn, several rounds, and each keeps its fastest round: noise from a
-- busy machine only ever adds time, so the fastest rounds are what the refusals really cost.
local function seconds(path)
  local t0 = os.clock()
  for _ = 1, 1000 do pcall(chiso.read_csv, path) end
  return os.clock() - t0
end
seconds("/etc/passwd") -- warm up
local there, nowhere = math.huge, math.huge
for _ = 1, 7 do
  there = math.min(there, seconds("/etc/passwd"))
  nowhere = math.min(nowhere, seconds("/etc/no-such-file-chiso"))
end
if there < 2 * nowhere and nowhere < 2 * there then
  error("probe: no difference in time", 0)
end
error(string.format("probe: %.3f s for a file that exists, %.3f s for one that does not", there, nowhere), 0)
