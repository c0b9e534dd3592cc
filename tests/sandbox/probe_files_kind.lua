-- expect: probe: the same answer for a folder that exists and one that does not
-- Telling whether a folder outside the allowed folders exists from chiso.files.kind and list.
local function answer(fn, path)
  local ok, message = pcall(fn, path)
  return tostring(ok) .. " " .. tostring(message):gsub(path:gsub("%p", "%%%0"), "PATH")
end
for _, fn in ipairs{chiso.files.kind, chiso.files.list, chiso.files.find} do
  if answer(fn, "/usr/lib") ~= answer(fn, "/usr/no-such-dir-chiso") then
    error("probe: leaked " .. answer(fn, "/usr/lib") .. " / " .. answer(fn, "/usr/no-such-dir-chiso"), 0)
  end
end
error("probe: the same answer for a folder that exists and one that does not", 0)
