-- expect: probe: the same answer for a folder that exists and one that does not
-- Telling whether a folder exists from the refusal to write there (to_csv, a report, make_dir).
local function answer(fn, path)
  local ok, message = pcall(fn, path)
  return tostring(ok) .. " " .. tostring(message):gsub(path:gsub("%p", "%%%0"), "PATH")
end
local ds = chiso.dataset{a = {1}}
local doc = require("chiso.report").new{title = "x"}
local writers = {
  function(p) return ds:to_csv(p .. "/x.csv") end,
  function(p) return doc:write("text", p .. "/x.txt") end,
  function(p) return chiso.files.make_dir(p .. "/new") end,
}
for _, fn in ipairs(writers) do
  if answer(fn, "/usr/lib") ~= answer(fn, "/usr/no-such-dir-chiso") then
    error("probe: leaked " .. answer(fn, "/usr/lib") .. " / " .. answer(fn, "/usr/no-such-dir-chiso"), 0)
  end
end
error("probe: the same answer for a folder that exists and one that does not", 0)
