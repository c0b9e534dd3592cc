-- setup: symlink
-- expect: probe: the same answer whether the folder climbed through exists or not
-- "/usr/lib/../../ALLOWED" names ALLOWED only if /usr/lib exists, to the kernel; the sandbox cleans ".." from the text first.
local function answer(fn, path)
  local ok, a, b = pcall(fn, path)
  if type(a) == "table" then a = "{" .. table.concat(a, ",") .. "}" end
  return tostring(ok) .. " " .. tostring(a):gsub(path:gsub("%p", "%%%0"), "PATH") .. " " .. tostring(b)
end
local there, nowhere = "/usr/lib/../.." .. arg[1], "/usr/no-such-dir-chiso/../.." .. arg[1]
for _, fn in ipairs{chiso.files.kind, chiso.files.list} do
  if answer(fn, there) ~= answer(fn, nowhere) then
    error("probe: leaked " .. answer(fn, there) .. " / " .. answer(fn, nowhere), 0)
  end
end
error("probe: the same answer whether the folder climbed through exists or not", 0)
