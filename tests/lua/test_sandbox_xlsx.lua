-- Workbooks written by a sandboxed report (`chiso run --sandbox REPORT --out DIR`, in a
-- process of its own under Landlock and seccomp where the kernel has them): ds:to_xlsx and
-- --format xlsx write under --out, to a name ending in .xlsx, and nowhere else; the
-- workbook's bytes count against --max-output; nothing is left after a failure, a limit
-- or a report killed mid-write: neither beside the target nor in the work folder chiso
-- makes in $TMPDIR (each run here gets a $TMPDIR of its own, which must end empty).
-- What was written is read back with openpyxl (tests/sheet/dump_written.py).

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree
local lfs = require "lfs"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")

-- A folder with an empty out/ and tmp/ in it.
local function fresh_dir()
  local dir = T.tmpname("-xlsx-sandbox")
  assert(lfs.mkdir(dir))
  assert(lfs.mkdir(dir .. "/out"))
  assert(lfs.mkdir(dir .. "/tmp"))
  return dir
end

-- Writes report text to dir/report.lua and runs it sandboxed, with dir/tmp as $TMPDIR.
local function run_report(dir, text, flags, args)
  T.write(dir .. "/report.lua", text)
  return run(string.format("cd %s && CHISO_TRUST= TMPDIR=%s %s run --sandbox %s %s --out %s %s "
    .. "</dev/null", quote(dir), quote(dir .. "/tmp"), chiso_bin, flags or "",
    quote(dir .. "/report.lua"), quote(dir .. "/out"), args or ""))
end

local function cells(path)
  local out, err, status = run(string.format("/usr/bin/python3 %s %s --cells",
    quote(root .. "/tests/sheet/dump_written.py"), quote(path)))
  assert(status == 0, "dump_written.py: " .. err)
  local list = {}
  for line in out:gmatch("[^\n]+") do
    if line:match("^cell ") then list[#list + 1] = line end
  end
  return list
end

T.case("a sandboxed report writes a workbook under --out, and leaves no work file", function()
  local dir = fresh_dir()
  local out, err, status = run_report(dir, [[
local out = arg[#arg]
local ds = chiso.dataset{ {"Tỉnh", {"Hà Nội", "Huế"}}, {"Điểm", {43.15, 0.1 + 0.2}} }
print(ds:to_xlsx(out .. "/a.xlsx", {sheet = "Điểm"}))
print(chiso.write_xlsx(out .. "/b.xlsx", {{data = ds}, {data = ds:head(1), sheet = "Một"}}))
]])
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(out, "true\ntrue\n", "both written")
  T.eq(files_in(dir .. "/out"), {"a.xlsx", "b.xlsx"}, "the two workbooks and nothing else")
  T.eq(cells(dir .. "/out/a.xlsx"), {"cell A1 s 1 General Tỉnh", "cell B1 s 1 General Điểm",
    "cell A2 s 0 General Hà Nội", "cell B2 n 0 General 43.15", "cell A3 s 0 General Huế",
    "cell B3 n 0 General 0.30000000000000004"}, "a.xlsx")
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.case("a sandboxed report is refused a workbook elsewhere, or under a name that is not .xlsx", function()
  local dir = fresh_dir()
  local out, err, status = run_report(dir, [[
local out = arg[#arg]
local ds = chiso.dataset{a = {1}}
print(pcall(ds.to_xlsx, ds, "elsewhere.xlsx"))
print(pcall(ds.to_xlsx, ds, out .. "/a.csv"))
print(pcall(chiso.write_xlsx, out .. "/../escape.xlsx", {{data = ds}}))
]])
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(out, table.concat({
    "false\tsandbox: writing 'elsewhere.xlsx' is not allowed in a sandboxed report (it writes "
      .. "only to the file or folder given with --out; run it with --out elsewhere.xlsx to allow it)",
    "false\tsandbox: a sandboxed report writes xlsx only to a file whose name ends in .xlsx, not "
      .. "to '" .. dir .. "/out/a.csv'",
    "false\tsandbox: writing '" .. dir .. "/out/../escape.xlsx' is not allowed in a sandboxed "
      .. "report (it writes only to the file or folder given with --out; run it with --out "
      .. dir .. "/out/../escape.xlsx to allow it)",
  }, "\n") .. "\n", "refusals")
  T.eq(files_in(dir), {"out", "report.lua", "tmp"}, "nothing written beside")
  T.eq(files_in(dir .. "/out"), {}, "nor under --out")
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.case("a failed write in a sandboxed report leaves neither the target nor a work file", function()
  local dir = fresh_dir()
  local out, err, status = run_report(dir, [[
local out = arg[#arg]
local ds = chiso.dataset{ {"t", {"fine", string.rep("x", 40000)}} }
print(ds:to_xlsx(out .. "/a.xlsx"))
]])
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(out, "nil\tsheet 'Sheet1', cell A3 (column 't', row 2): a text of 40000 characters; a cell "
    .. "holds at most 32767\n", "the message")
  T.eq(files_in(dir .. "/out"), {}, "no target, no temporary file")
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.case("a workbook counts against --max-output: past it, the run stops and writes nothing", function()
  local dir = fresh_dir()
  -- a workbook of 50 rows takes about 6 KiB; 5,000 rows of distinct text well over 16 KiB
  local report = [[
local out, n = arg[#arg - 1], tonumber(arg[#arg])
local t = {}
for i = 1, n do t[i] = string.format("tỉnh %d %x", i, i * 2654435761 % 4294967296) end
print(chiso.dataset{ {"t", t} }:to_xlsx(out .. "/a.xlsx"))
]]
  local out, err, status = run_report(dir, report, "--max-output 16K", "50")
  T.eq(status, 0, "50 rows: status (" .. err .. ")")
  T.eq(out, "true\n", "50 rows fit")
  os.remove(dir .. "/out/a.xlsx")
  out, err, status = run_report(dir, report, "--max-output 16K", "5000")
  T.eq(status, 7, "5,000 rows: the output limit's status")
  T.truthy(err:find("chiso: sandbox: output limit reached (--max-output 16384 bytes)", 1, true), err)
  T.eq(files_in(dir .. "/out"), {}, "nothing under --out")
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.case("a report killed mid-write (its time limit) leaves only whole workbooks", function()
  local dir = fresh_dir()
  local out, err, status = run_report(dir, [[
local out = arg[#arg]
local t = {}
for i = 1, 200000 do t[i] = i / 7 end
local ds = chiso.dataset{ {"f", t} }
while true do assert(ds:to_xlsx(out .. "/a.xlsx")) end
]], "--timeout 2")
  T.eq(status, 6, "the time limit's status (" .. err .. ")")
  T.eq(out, "", "nothing printed")
  local left = files_in(dir .. "/out")
  T.truthy(#left == 0 or (#left == 1 and left[1] == "a.xlsx"), "only the target: " .. T.show(left))
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.case("a workbook in a folder the trust list lets reports write: the parent puts it in place", function()
  -- No --out: the report's process may write nowhere (Landlock), so the file is one the
  -- parent makes and renames (ask.h, answered from the trust list's "write DIR" line);
  -- the workbook is built in the work folder and copied into it.
  local dir = fresh_dir()
  assert(lfs.mkdir(dir .. "/dest"))
  assert(lfs.mkdir(dir .. "/home"))
  assert(lfs.mkdir(dir .. "/home/.config"))
  assert(lfs.mkdir(dir .. "/home/.config/chiso"))
  local real = T.run("realpath " .. quote(dir .. "/dest")):gsub("\n$", "")
  T.write(dir .. "/home/.config/chiso/trust", "write " .. real .. "\n")
  T.write(dir .. "/report.lua", 'print(chiso.dataset{ {"x", {1.5, 0.1 + 0.2}} }:to_xlsx("dest/r.xlsx"))\n')
  local out, err, status = run(string.format("cd %s && HOME=%s XDG_CONFIG_HOME= CHISO_TRUST= "
    .. "TMPDIR=%s %s run --sandbox report.lua </dev/null", quote(dir), quote(dir .. "/home"),
    quote(dir .. "/tmp"), chiso_bin))
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(out, "true\n", "written")
  T.eq(files_in(dir .. "/dest"), {"r.xlsx"}, "the workbook and nothing else")
  T.eq(cells(dir .. "/dest/r.xlsx"), {"cell A1 s 1 General x", "cell A2 n 0 General 1.5",
    "cell A3 n 0 General 0.30000000000000004"}, "r.xlsx")
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.case("a sandboxed report's --format xlsx writes its tables under --out", function()
  local dir = fresh_dir()
  local _, err, status = run(string.format("cd %s && TMPDIR=%s %s --sandbox run movers --year 2023 "
    .. "--format xlsx --out %s", quote(dir), quote(dir .. "/tmp"), chiso_bin,
    quote(dir .. "/out/movers.xlsx")))
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(files_in(dir .. "/out"), {"movers.xlsx"}, "the workbook")
  -- the header of the first sheet, every province ranked in both years, as the report labels it
  local list = cells(dir .. "/out/movers.xlsx")
  T.eq({list[1], list[2], list[3]}, {"cell A1 s 1 General Tỉnh, thành phố",
    "cell B1 s 1 General Hạng 2022", "cell C1 s 1 General Hạng 2023"}, "header")
  T.eq(files_in(dir .. "/tmp"), {}, "the work folder is gone")
  remove_tree(dir)
end)

T.finish()
