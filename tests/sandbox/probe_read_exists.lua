-- expect: probe: the same answer for a file that exists and one that does not
-- Telling whether a file outside the allowed folders exists from read_csv's refusal.
local function answer(path)
  local ok, message = pcall(chiso.read_csv, path)
  return tostring(ok) .. " " .. tostring(message):gsub(path:gsub("%p", "%%%0"), "PATH")
end
if answer("/etc/passwd") == answer("/etc/no-such-file-chiso") then
  error("probe: the same answer for a file that exists and one that does not", 0)
end
error("probe: leaked " .. answer("/etc/passwd") .. " / " .. answer("/etc/no-such-file-chiso"), 0)
