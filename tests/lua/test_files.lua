-- chiso.files: looking at folders and making them, the same in trusted and
-- sandboxed runs, so scripts need not require LuaFileSystem (which a
-- sandboxed report cannot). Expected listings are the files this test makes.

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree
local lfs = require "lfs"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")

-- A folder with b.csv, a.CSV, notes.txt and sub/c.csv.
local function sample()
  local dir = T.tmpname("-files")
  assert(lfs.mkdir(dir))
  assert(lfs.mkdir(dir .. "/sub"))
  for _, name in ipairs{"b.csv", "a.CSV", "notes.txt", "sub/c.csv"} do
    T.write(dir .. "/" .. name, "x\n1\n")
  end
  return dir
end

local function remove(dir)
  for _, name in ipairs{"b.csv", "a.CSV", "notes.txt", "sub/c.csv"} do os.remove(dir .. "/" .. name) end
  lfs.rmdir(dir .. "/sub")
  lfs.rmdir(dir)
end

T.case("kind tells files, folders and nothing apart", function()
  local dir = sample()
  T.eq(chiso.files.kind(dir), "directory", "folder")
  T.eq(chiso.files.kind(dir .. "/b.csv"), "file", "file")
  T.eq(chiso.files.kind(dir .. "/none"), nil, "missing")
  T.eq(chiso.files.kind("/dev/null"), "other", "device")
  remove(dir)
end)

T.case("list gives a folder's names in byte order; an unreadable folder is nil and a message", function()
  local dir = sample()
  -- byte order: upper case before lower case ("a.CSV" < "b.csv" < "notes.txt" < "sub")
  T.eq(chiso.files.list(dir), {"a.CSV", "b.csv", "notes.txt", "sub"}, "names")
  local none, err = chiso.files.list(dir .. "/none")
  T.eq(none, nil, "missing folder")
  T.truthy(err:find("cannot read folder '" .. dir .. "/none'", 1, true), err)
  remove(dir)
end)

T.case("find walks sub-folders and keeps names matching the pattern", function()
  local dir = sample()
  T.eq(chiso.files.find(dir, "%.[cC][sS][vV]$"), {dir .. "/a.CSV", dir .. "/b.csv", dir .. "/sub/c.csv"}, "csv")
  T.eq(#chiso.files.find(dir), 4, "every file")
  remove(dir)
end)

T.case("make_dir makes a folder once, and says why it cannot", function()
  local dir = T.tmpname("-made")
  T.eq(chiso.files.make_dir(dir), true, "made")
  T.eq(lfs.attributes(dir, "mode"), "directory", "there")
  T.eq(chiso.files.make_dir(dir), true, "already there")
  local ok, err = chiso.files.make_dir(dir .. "/no/such/parent")
  T.eq(ok, nil, "missing parent")
  T.truthy(err:find("cannot make folder", 1, true), err)
  lfs.rmdir(dir)
end)

T.case("in a sandboxed report, files outside the allowed folders cannot even be looked at", function()
  local dir = sample()
  local script = T.tmpname("-report.lua")
  T.write(script, [[
print(chiso.files.kind(chiso.paths.data .. "/par_index.csv"))
print(#chiso.files.find(chiso.paths.data, "%.csv$") > 10)
print(pcall(chiso.files.kind, "/etc/passwd"))
print(pcall(chiso.files.list, arg[1]))
print(pcall(chiso.files.make_dir, arg[1] .. "/new"))
]])
  local out, err, status = run(string.format("CHISO_TRUST= %s run --sandbox %s %s", chiso_bin,
    quote(script), quote(dir)))
  T.eq(status, 0, "status (" .. err .. ")")
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
  T.eq(lines[1], "file", "bundled data readable")
  T.eq(lines[2], "true", "bundled data listed")
  T.truthy(lines[3]:find("^false\tsandbox: reading '/etc/passwd' is not allowed"), lines[3])
  T.truthy(lines[4]:find("^false\tsandbox: reading '.*' is not allowed"), lines[4])
  T.truthy(lines[5]:find("^false\tsandbox: writing '.*/new' is not allowed"), lines[5])
  T.eq(lfs.attributes(dir .. "/new"), nil, "no folder made")
  os.remove(script)
  remove(dir)
end)

T.case("a sandboxed report makes a folder under its --out folder, twice, without being let read it", function()
  local dir = T.tmpname("-outdir")
  assert(lfs.mkdir(dir))
  local script = T.tmpname("-mkdir.lua")
  T.write(script, 'print(chiso.files.make_dir(arg[1] .. "/sub"))\nprint(chiso.files.make_dir(arg[1] .. "/sub"))\n')
  local out, err, status = run(string.format("CHISO_TRUST= %s run --sandbox %s %s --out %s", chiso_bin,
    quote(script), quote(dir), quote(dir)))
  T.eq({out, status}, {"true\ntrue\n", 0}, "made, then already there (" .. err .. ")")
  T.eq(lfs.attributes(dir .. "/sub", "mode"), "directory", "the folder")
  lfs.rmdir(dir .. "/sub")
  lfs.rmdir(dir)
  os.remove(script)
end)

T.case("show_data and flagship run sandboxed: they use chiso, not lfs", function()
  local out, err, status = run(string.format("CHISO_TRUST= %s run --sandbox %s --lang en", chiso_bin,
    quote(root .. "/scripts/show_data.lua")))
  T.eq(status, 0, "show_data status (" .. err:sub(1, 300) .. ")")
  -- a sandboxed report sees the bundled folder as <chiso>/data, never its real path
  T.truthy(out:find("\n%d+ CSV files in <chiso>/data\n$"), out:sub(-200))
  T.truthy(not out:find(root, 1, true), "the real path of the data")
  local html = T.tmpname(".html")
  local _, err2, status2 = run(string.format("CHISO_TRUST= %s run --sandbox %s --out %s", chiso_bin,
    quote(root .. "/scripts/flagship.lua"), quote(html)))
  T.eq(status2, 0, "flagship status (" .. err2:sub(1, 300) .. ")")
  T.truthy(lfs.attributes(html, "size") > 1000, "the report was written")
  os.remove(html)
end)

T.case("chiso.paths comes from the library's own location", function()
  local here = select(2, package.searchers[2]("chiso")) -- host.c's searcher of chiso's folders
  T.eq(chiso.paths.lua .. "/chiso/init.lua", here, "lua")
  T.eq(chiso.paths.home .. "/lua", chiso.paths.lua, "home")
  T.eq(chiso.paths.docs, chiso.paths.home .. "/docs", "docs")
  T.eq(lfs.attributes(chiso.paths.scripts .. "/flagship.lua", "mode"), "file", "scripts")
end)

T.finish()
