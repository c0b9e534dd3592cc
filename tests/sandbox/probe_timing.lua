-- expect: probe: no difference in time
-- Telling whether a file outside the allowed folders exists from how long its refusal takes.
local function seconds(path)
  local t0 = os.clock()
  for _ = 1, 3000 do pcall(chiso.read_csv, path) end
  return os.clock() - t0
end
seconds("/etc/passwd") -- warm up
local there, nowhere = seconds("/etc/passwd"), seconds("/etc/no-such-file-chiso")
if there < 2 * nowhere and nowhere < 2 * there then
  error("probe: no difference in time", 0)
end
error(string.format("probe: %.3f s for a file that exists, %.3f s for one that does not", there, nowhere), 0)
