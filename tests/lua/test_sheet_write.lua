-- ds:to_xlsx and chiso.write_xlsx: workbooks written by chiso (through libxlsxwriter) read
-- back by two other readers, Debian's python3-openpyxl and pandas
-- (tests/sheet/dump_written.py), and compared with what was written, worked out by hand:
-- values and their types, the frozen bold header, column widths, number formats, sheet
-- names; the errors; a link at the target; nothing left beside a failed write.
--
-- Column widths follow ECMA-376 Part 1, 18.3.1.13: width = Truncate(({characters} *
-- {maximum digit width} + {5 pixels of padding}) / {maximum digit width} * 256) / 256, with
-- a maximum digit width of 7 pixels (Calibri 11, the default font). For a whole number of
-- characters c that is c + 0.7109375 (182/256): 8 characters give 8.7109375. chiso asks
-- for the longest text in characters plus 2, at most 60 (docs/workbooks.md).

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree
local lfs = require "lfs"

local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local python = "/usr/bin/python3"
local dumper = root .. "/tests/sheet/dump_written.py"

local function width(chars)
  return chars + 0.7109375
end

-- What dump_written.py says of path: a list of lines (flags: "--cells", "--pandas").
local function dump(path, flags)
  local out, err, status = run(string.format("%s %s %s %s", python, quote(dumper), quote(path),
    flags or ""))
  if status ~= 0 then
    error("dump_written.py failed (python3-openpyxl and python3-pandas: make test-deps): " .. err, 2)
  end
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
  return lines
end

-- The lines that begin with prefix.
local function only(lines, prefix)
  local out = {}
  for _, line in ipairs(lines) do
    if line:sub(1, #prefix) == prefix then out[#out + 1] = line end
  end
  return out
end

local function fresh_dir(name)
  local dir = T.tmpname("-" .. name)
  assert(lfs.mkdir(dir))
  return dir
end

-- Values and types ---------------------------------------------------------------------

local function sample()
  return chiso.dataset{
    {"Tỉnh", {"Hà Nội", "  Đà Nẵng ", "=1+2", chiso.null}},
    {"Năm", {2023, -7, 9007199254740992, 9007199254740993}},
    {"Điểm", {43.15, 0.1 + 0.2, 1e20, chiso.null}},
    {"Đạt", {true, false, chiso.null, true}},
    {"x", {0 / 0, 1 / 0, -1 / 0, 5e-324}},
  }
end

T.case("to_xlsx: numbers as numbers (floats exact), booleans, text, nulls as empty cells", function()
  local dir = fresh_dir("values")
  local path = dir .. "/sample.xlsx"
  T.eq(sample():to_xlsx(path), true, "to_xlsx")
  --[[
    By hand, from docs/workbooks.md: the header row bold; ints and floats numbers (openpyxl
    gives them; repr(float) here); 0.1 + 0.2 is 0.30000000000000004, which 16 digits
    (libxlsxwriter's "%.16G") would give back as 0.3; 2^53 = 9007199254740992 is a
    number, 2^53 + 1 text; nan, inf and -inf text; the smallest subnormal, 5e-324, a
    number; a null, no cell; "=1+2" text, never a formula; spaces kept.
  ]]
  T.eq(only(dump(path, "--cells"), "cell"), {
    "cell A1 s 1 General Tỉnh", "cell B1 s 1 General Năm", "cell C1 s 1 General Điểm",
    "cell D1 s 1 General Đạt", "cell E1 s 1 General x",
    "cell A2 s 0 General Hà Nội", "cell B2 n 0 General 2023.0", "cell C2 n 0 General 43.15",
    "cell D2 b 0 General true", "cell E2 s 0 General nan",
    "cell A3 s 0 General   Đà Nẵng ", "cell B3 n 0 General -7.0",
    "cell C3 n 0 General 0.30000000000000004", "cell D3 b 0 General false",
    "cell E3 s 0 General inf",
    "cell A4 s 0 General =1+2", "cell B4 n 0 General 9007199254740992.0",
    "cell C4 n 0 General 1e+20", "cell E4 s 0 General -inf",
    "cell B5 s 0 General 9007199254740993", "cell D5 b 0 General true",
    "cell E5 n 0 General 5e-324",
  }, "cells")
  remove_tree(dir)
end)

T.case("to_xlsx: the header row frozen, columns as wide as their text in characters", function()
  local dir = fresh_dir("widths")
  local path = dir .. "/sample.xlsx"
  assert(sample():to_xlsx(path))
  local long = chiso.dataset{ {"t", {string.rep("ệ", 100)}} }
  assert(long:to_xlsx(dir .. "/long.xlsx"))
  --[[
    Characters, not bytes: A's longest is "  Đà Nẵng " (10 characters, 15 bytes) -> 12;
    B's "9007199254740993" (text, 16) -> 18, its numbers counting at most 12; C's numbers
    at most 12 ("0.30000000000000004" has 19) -> 14; D's booleans, FALSE, 5 -> 7; E's
    "5e-324" (6) -> 8; a text of 100 "ệ" (300 bytes) -> the cap, 60.
  ]]
  T.eq(dump(path), {"sheet 1 Sheet1 freeze=A2", "width A " .. width(12), "width B " .. width(18),
    "width C " .. width(14), "width D " .. width(7), "width E " .. width(8)}, "sheet")
  T.eq(dump(dir .. "/long.xlsx"), {"sheet 1 Sheet1 freeze=A2", "width A " .. width(60)}, "cap")
  remove_tree(dir)
end)

T.case("to_xlsx: pandas reads int, float, bool and text columns with their types", function()
  local dir = fresh_dir("pandas")
  local path = dir .. "/p.xlsx"
  assert(chiso.dataset{
    {"Tỉnh", {"Lạng Sơn", "Cà Mau", "Bắc Kạn"}},
    {"Hạng", {1, 63, 12}},
    {"Điểm", {46.5, 0.1 + 0.2, -2.25}},
    {"Đạt", {true, false, true}},
  }:to_xlsx(path, {sheet = "PAR 2023"}))
  T.eq(only(dump(path, "--pandas"), "pandas"), {
    "pandas PAR 2023 Tỉnh object ['Lạng Sơn', 'Cà Mau', 'Bắc Kạn']",
    "pandas PAR 2023 Hạng int64 [1, 63, 12]",
    "pandas PAR 2023 Điểm float64 [46.5, 0.30000000000000004, -2.25]",
    "pandas PAR 2023 Đạt bool [True, False, True]",
  }, "pandas")
  remove_tree(dir)
end)

T.case("to_xlsx: headers and decimals: labels in the header, numbers shown rounded but kept exact", function()
  local dir = fresh_dir("decimals")
  local path = dir .. "/d.xlsx"
  assert(chiso.dataset{ {"province", {"Huế"}}, {"score", {44.875}}, {"rank", {7}} }:to_xlsx(path, {
    headers = {province = "Tỉnh, thành phố", score = "Điểm 2023"}, decimals = {score = 2, rank = 0}}))
  -- "0.00" shows two decimals (44.88 on screen); the cell holds 44.875
  T.eq(only(dump(path, "--cells"), "cell"), {
    "cell A1 s 1 General Tỉnh, thành phố", "cell B1 s 1 General Điểm 2023",
    "cell C1 s 1 General rank", "cell A2 s 0 General Huế", "cell B2 n 0 0.00 44.875",
    "cell C2 n 0 0 7.0"}, "cells")
  -- widths: "Tỉnh, thành phố" 15; "Điểm 2023" 9 over "44.88" 5; "rank" 4 over "7" 1
  T.eq(only(dump(path), "width"), {"width A " .. width(17), "width B " .. width(11),
    "width C " .. width(6)}, "widths")
  remove_tree(dir)
end)

T.case("write_xlsx: a sheet per dataset, in order, with names of its own", function()
  local dir = fresh_dir("sheets")
  local path = dir .. "/book.xlsx"
  local par = chiso.dataset{ {"Tỉnh", {"Hà Nội"}}, {"Điểm", {88.5}} }
  local sipas = chiso.dataset{ {"Tỉnh", {"Huế", "Cần Thơ"}}, {"Điểm", {84.25, 83}} }
  assert(chiso.write_xlsx(path, {
    {data = par, sheet = "PAR 2023"},
    {data = sipas},
    {data = sipas:head(1), sheet = "Điểm SIPAS", decimals = {["Điểm"] = 1}},
  }))
  local lines = dump(path, "--cells")
  T.eq(only(lines, "sheet"), {"sheet 1 PAR 2023 freeze=A2", "sheet 2 Sheet2 freeze=A2",
    "sheet 3 Điểm SIPAS freeze=A2"}, "sheets")
  T.eq(only(lines, "cell B"), {"cell B1 s 1 General Điểm", "cell B2 n 0 General 88.5",
    "cell B1 s 1 General Điểm", "cell B2 n 0 General 84.25", "cell B3 n 0 General 83.0",
    "cell B1 s 1 General Điểm", "cell B2 n 0 0.0 84.25"}, "column B of each sheet")
  remove_tree(dir)
end)

T.case("to_xlsx: a dataset without rows gives the header alone", function()
  local dir = fresh_dir("empty")
  local path = dir .. "/e.xlsx"
  assert(chiso.dataset{ {"a", {1, 2}}, {"b", {"x", "y"}} }:head(0):to_xlsx(path))
  T.eq(only(dump(path, "--cells"), "cell"), {"cell A1 s 1 General a", "cell B1 s 1 General b"})
  remove_tree(dir)
end)

T.case("to_xlsx: text as Excel reads it: ECMA-376's _xHHHH_ escapes undone give it back", function()
  local dir = fresh_dir("escapes")
  local path = dir .. "/x.xlsx"
  assert(chiso.dataset{ {"t", {"_x0041_ là chữ A", "a\1b", "tab\there", "cr\rhere",
    "\u{FFFE}!"}} }:to_xlsx(path))
  --[[
    openpyxl gives the text as the file holds it: chiso escapes the underscore of a text's
    own "_x0041_" (_x005F_), libxlsxwriter writes \1 and \r as _x0001_ and _x000D_ (a tab
    stays a tab), chiso U+FFFE as _xFFFE_; unescaping (what Excel does) gives each back.
  ]]
  T.eq(only(dump(path, "--cells"), "cell A"), {"cell A1 s 1 General t",
    "cell A2 s 0 General _x005F_x0041_ là chữ A", "cell A3 s 0 General a_x0001_b",
    "cell A4 s 0 General tab\\there", "cell A5 s 0 General cr_x000D_here",
    "cell A6 s 0 General _xFFFE_!"}, "as written")
  T.eq(only(dump(path, "--cells"), "unescaped"), {"unescaped A2 _x0041_ là chữ A",
    "unescaped A3 a\1b", "unescaped A5 cr\\rhere", "unescaped A6 \u{FFFE}!"}, "unescaped")
  remove_tree(dir)
end)

T.case("to_xlsx: 30,000 rows of floats that need 17 digits read back exactly", function()
  local dir = fresh_dir("many")
  local path = dir .. "/many.xlsx"
  local n, ints, floats, names = 30000, {}, {}, {}
  for i = 1, n do
    ints[i], floats[i], names[i] = i * 7, i / 3, "tỉnh " .. i
  end
  assert(chiso.dataset{ {"i", ints}, {"f", floats}, {"s", names} }:to_xlsx(path))
  local lines = only(dump(path, "--cells"), "cell")
  T.eq(#lines, 3 + 3 * n, "cells")
  local bad
  for i = 1, n do
    local f = lines[3 + 3 * (i - 1) + 2]
    local got = tonumber(f:match("^cell B%d+ n 0 General (%S+)$"))
    if got ~= i / 3 or lines[3 + 3 * (i - 1) + 3] ~= "cell C" .. (i + 1) .. " s 0 General tỉnh " .. i
       or lines[3 + 3 * (i - 1) + 1] ~= string.format("cell A%d n 0 General %d.0", i + 1, i * 7) then
      bad = bad or string.format("row %d: %s | %s | %s", i, lines[3 + 3 * (i - 1) + 1], f,
        lines[3 + 3 * (i - 1) + 3])
    end
  end
  T.eq(bad, nil, "first row that differs")
  remove_tree(dir)
end)

-- Errors ------------------------------------------------------------------------------------

T.case("text a cell cannot hold: nil and a message naming the cell; the target stays as it was", function()
  local dir = fresh_dir("badtext")
  local path = dir .. "/t.xlsx"
  T.write(path, "old")
  -- (text that is not UTF-8 cannot get into a dataset: chiso.dataset and the readers refuse it)
  for _, c in ipairs{
    {"a\0b", "sheet 'Sheet1', cell A3 (column 'name', row 2): the text holds a NUL byte"},
    {string.rep("ơ", 32768), "sheet 'Sheet1', cell A3 (column 'name', row 2): a text of 32768 "
      .. "characters; a cell holds at most 32767"},
  } do
    local ok, message = chiso.dataset{ {"name", {"fine", c[1]}} }:to_xlsx(path)
    T.eq(ok, nil, "result")
    T.truthy(type(message) == "string" and message:find(c[2], 1, true), message)
    T.eq(T.read(path), "old", "the target is untouched")
    T.eq(files_in(dir), {"t.xlsx"}, "nothing left beside it")
  end
  T.eq(chiso.dataset{ {"name", {string.rep("ơ", 32767)}} }:to_xlsx(path), true, "32,767 fit")
  remove_tree(dir)
end)

T.case("a trusted run that the alarm ends while a workbook is written leaves no temporary file", function()
  -- 2000 headers of 32000 control characters each, which libxlsxwriter writes as _x0001_ one
  -- by one when it flushes the header row, in one call: seconds in C, where only the alarm
  -- half a second past --timeout ends the run. It removes the temporary file beside the target.
  local dir = fresh_dir("alarm")
  local code = 'local cols, headers, long = {}, {}, ("\\1"):rep(32000) '
    .. 'for i = 1, 2000 do cols[i] = {"c" .. i, {1}}; headers["c" .. i] = long end '
    .. string.format('print(chiso.dataset(cols):to_xlsx(%q, {headers = headers}))', dir .. "/a.xlsx")
  local _, err, status = run(string.format("%s --trust --timeout 1 -e %s", os.getenv("CHISO"),
    quote(code)))
  T.eq(status, 6, "status (" .. err .. ")")
  T.eq(files_in(dir), {}, "nothing beside the target")
  remove_tree(dir)
end)

T.case("a work file cut short (a full disk) is found; nothing is written", function()
  -- RLIMIT_FSIZE (ulimit -f, in 1024-byte blocks) with SIGXFSZ ignored makes every write past
  -- the size fail with EFBIG, as a full disk would; libxlsxwriter does not notice a failed
  -- write to its work files, so the check after it must.
  local dir = fresh_dir("full")
  local code = 'local t, u = {}, {} for i = 1, 20000 do t[i] = i / 3; u[i] = "tỉnh " .. i end '
    .. string.format('print(chiso.dataset{ {"f", t}, {"s", u} }:to_xlsx(%q))', dir .. "/a.xlsx")
  local found = false
  for _, blocks in ipairs{10, 200, 2000} do
    local out, err, status = run(string.format("ulimit -f %d; trap '' XFSZ; %s --trust -e %s",
      blocks, os.getenv("CHISO"), quote(code)))
    T.eq(status, 0, blocks .. " blocks: status (" .. err .. ")")
    -- the zip itself may fail first (libxlsxwriter says so), else the check finds the cut
    T.truthy(out:find("^nil\t.*a write to it failed %(is the disk full%?%)\n$")
      or out:find("^nil\tcannot write the workbook: Zip generic error ZIP_ERRNO"), blocks .. " blocks: " .. out)
    found = found or out:find("is the disk full", 1, true) ~= nil
    T.eq(files_in(dir), {}, blocks .. " blocks: nothing written")
  end
  T.truthy(found, "some size cuts a sheet short under a sound zip, and the check finds it")
  remove_tree(dir)
end)

T.case("misuse raises: sheet names Excel refuses, bad options, a table larger than a sheet", function()
  local ds = chiso.dataset{ {"score", {1.5}} }
  local dir = fresh_dir("misuse")
  local path = dir .. "/m.xlsx"
  T.raises(function() ds:to_xlsx(path, {sheet = "a/b"}) end, "sheet name 'a/b' holds '/'")
  T.raises(function() ds:to_xlsx(path, {sheet = "[x]"}) end, "holds '['")
  T.raises(function() ds:to_xlsx(path, {sheet = ""}) end, "a sheet's name cannot be empty")
  T.raises(function() ds:to_xlsx(path, {sheet = string.rep("ă", 32)}) end,
    "has 32 characters; Excel allows at most 31")
  T.raises(function() ds:to_xlsx(path, {sheet = "'x"}) end, "begins or ends with '")
  T.raises(function() ds:to_xlsx(path, {sheet = "history"}) end,
    "'history' is a sheet name Excel keeps for itself")
  -- XML cannot carry U+0001 nor U+FFFF; a line break no reader (chiso's own) takes back
  T.raises(function() ds:to_xlsx(path, {sheet = "a\1b"}) end,
    "a sheet's name cannot hold a control character (U+0001, character 2)")
  T.raises(function() ds:to_xlsx(path, {sheet = "ă\nb"}) end,
    "a sheet's name cannot hold a control character (U+000A, character 2)")
  T.raises(function() ds:to_xlsx(path, {sheet = "x\u{FFFF}"}) end,
    "a sheet's name cannot hold U+FFFF (character 2), which XML cannot carry")
  T.raises(function() ds:to_xlsx(path, {sheets = "x"}) end, "unknown option 'sheets'")
  T.raises(function() ds:to_xlsx(path, {decimals = {score = 16}}) end,
    "option 'decimals' must give each column a whole number from 0 to 15")
  T.raises(function() ds:to_xlsx(path, {headers = {nope = "x"}}) end,
    "option 'headers' names no column of the dataset: 'nope'")
  T.raises(function() ds:to_xlsx(path, {headers = {score = 1}}) end,
    "option 'headers' must give each column a string")
  T.raises(function() chiso.write_xlsx(path, {{data = ds, sheet = "Điểm"}, {data = ds, sheet = "ĐIỂM"}}) end,
    "two sheets are named 'Điểm' and 'ĐIỂM'")
  T.raises(function() chiso.write_xlsx(path, {{data = ds}, {data = ds, sheet = "sheet1"}}) end,
    "two sheets are named 'Sheet1' and 'sheet1'")
  T.raises(function() chiso.write_xlsx(path, {{sheet = "x"}}) end, "sheet 1: field 'data' is not a dataset")
  T.raises(function() chiso.write_xlsx(path, {}) end, "a list of sheets is needed")
  T.raises(function() chiso.write_xlsx(path, {{data = ds, colour = 1}}) end, "unknown option 'colour'")
  local rows = {}
  for i = 1, 1048576 do rows[i] = i end
  T.raises(function() chiso.dataset{ {"a", rows} }:to_xlsx(path) end,
    "1048576 rows and 1 columns do not fit in a sheet, which holds 1048575 rows under its header")
  T.eq(files_in(dir), {}, "nothing written")
  remove_tree(dir)
end)

T.case("a link at the target is replaced, never written through; a missing folder is nil and a message", function()
  local dir = fresh_dir("link")
  T.write(dir .. "/victim.txt", "keep\n")
  assert(lfs.link(dir .. "/victim.txt", dir .. "/book.xlsx", true))
  assert(chiso.dataset{a = {1}}:to_xlsx(dir .. "/book.xlsx"))
  T.eq(T.read(dir .. "/victim.txt"), "keep\n", "the file behind the link")
  T.eq(lfs.symlinkattributes(dir .. "/book.xlsx", "mode"), "file", "the link replaced")
  T.eq(files_in(dir), {"book.xlsx", "victim.txt"}, "nothing else")
  local ok, message = chiso.dataset{a = {1}}:to_xlsx(dir .. "/no-such-folder/b.xlsx")
  T.eq(ok, nil, "result")
  T.truthy(message:find("no%-such%-folder/b%.xlsx: No such file or directory"), message)
  remove_tree(dir)
end)

-- Reports ------------------------------------------------------------------------------------

-- A report with four tables: under a heading, with a caption, the primary one, and one
-- under a heading it shares.
local REPORT = [[
-- rpt.lua: a report with four tables, for test_sheet_write.lua.
local cli = require "chiso.cli"
local report = require "chiso.report"
local opts = cli.parse(arg, {"format", "out", "lang"})
local doc = report.new{title = "Thử", lang = opts.lang}
doc:heading("Tăng hạng")
doc:table({{tinh = "Hà Nội", diem = 43.156, hang = 3, dat = true},
           {tinh = "Huế", diem = 0.1 + 0.2, hang = 1, dat = false}},
  {columns = {"tinh", "diem", "hang", "dat"}, headers = {tinh = "Tỉnh", diem = "Điểm"},
   formats = {diem = 2}})
doc:table(chiso.dataset{ {"a", {1}} }, {caption = "Phụ lục: A/B [1]"})
doc:heading("Tất cả")
doc:table({{tinh = "Cà Mau", change = 2}, {tinh = "Bến Tre", change = -1}},
  {columns = {"tinh", "change"}, primary = true,
   formats = {change = function(v) return v > 0 and "tăng" or "giảm" end}})
doc:table({{v = 1}, {v = "hai"}, {v = chiso.null}})
cli.output(doc, opts)
]]

T.case("a report's caption with control characters names its sheet without them", function()
  local dir = fresh_dir("caption")
  local doc = require("chiso.report").new{title = "t"}
  -- ESC, BEL and U+FFFE, which a sheet's name cannot hold, made spaces as : / [ ] are (the ] too)
  doc:table(chiso.dataset{ {"a", {1}} }, {caption = "Bảng\27]0;x\7 1\u{FFFE}"})
  T.eq(doc:write("xlsx", dir .. "/c.xlsx"), true)
  T.eq(chiso.sheets(dir .. "/c.xlsx"), {{name = "Bảng 0;x 1", hidden = false}})
  remove_tree(dir)
end)

T.case("chiso run SCRIPT --format xlsx: the report's tables as sheets, the primary first", function()
  local dir = fresh_dir("report")
  T.write(dir .. "/rpt.lua", REPORT)
  local _, err, status = run(string.format("CHISO_PATH=%s %s run rpt --format xlsx --out %s",
    quote(dir), os.getenv("CHISO"), quote(dir .. "/r.xlsx")))
  T.eq(status, 0, "status (" .. err .. ")")
  local lines = dump(dir .. "/r.xlsx", "--cells")
  --[[
    By hand from docs/reports.md: the primary table first, named by the heading above it;
    then the others in order: "Tăng hạng" (its heading), the caption with : / [ ] made
    spaces and runs of spaces one, and "Tất cả" again, made "Tất cả (2)". Headers are
    the labels; diem keeps its exact value shown with 2 decimals; change holds the text
    its function makes; a column mixing a number and text holds text.
  ]]
  T.eq(only(lines, "sheet"), {"sheet 1 Tất cả freeze=A2", "sheet 2 Tăng hạng freeze=A2",
    "sheet 3 Phụ lục A B 1 freeze=A2", "sheet 4 Tất cả (2) freeze=A2"}, "sheets")
  T.eq(only(lines, "cell"), {
    "cell A1 s 1 General tinh", "cell B1 s 1 General change",
    "cell A2 s 0 General Cà Mau", "cell B2 s 0 General tăng",
    "cell A3 s 0 General Bến Tre", "cell B3 s 0 General giảm",
    "cell A1 s 1 General Tỉnh", "cell B1 s 1 General Điểm", "cell C1 s 1 General hang",
    "cell D1 s 1 General dat",
    "cell A2 s 0 General Hà Nội", "cell B2 n 0 0.00 43.156", "cell C2 n 0 General 3.0",
    "cell D2 b 0 General true",
    "cell A3 s 0 General Huế", "cell B3 n 0 0.00 0.30000000000000004",
    "cell C3 n 0 General 1.0", "cell D3 b 0 General false",
    "cell A1 s 1 General a", "cell A2 n 0 General 1.0",
    "cell A1 s 1 General v", "cell A2 s 0 General 1", "cell A3 s 0 General hai",
  }, "cells")
  remove_tree(dir)
end)

T.case("chiso run movers --format xlsx: the published figures, as numbers", function()
  local dir = fresh_dir("movers")
  local _, err, status = run(string.format("%s run movers --year 2023 --out %s",
    os.getenv("CHISO"), quote(dir .. "/m.xlsx")))
  T.eq(status, 0, "status (" .. err .. ")")
  local lines = dump(dir .. "/m.xlsx", "--cells")
  T.eq(#only(lines, "sheet"), 4, "sheets: every province, risers, fallers, sources")
  T.eq(only(lines, "sheet")[4], "sheet 4 Nguồn freeze=A2", "the sources last")
  -- Hải Dương in the PAR INDEX: 47th in 2022 (83.52), 22nd in 2023 (87.84), as in
  -- tests/cli/movers.test; the first sheet is every province ranked in both years.
  local row
  for _, line in ipairs(lines) do
    if line:match("^cell A%d+ s 0 General Hải Dương$") then row = line:match("^cell A(%d+)") break end
  end
  T.truthy(row, "Hải Dương is on the first sheet")
  local got = {}
  for _, line in ipairs(lines) do
    local col, rest = line:match("^cell ([B-G])" .. row .. " (.*)$")
    if col then got[#got + 1] = col .. " " .. rest end
    if line:match("^sheet 2") then break end
  end
  -- the change is 87.84 - 83.52 rounded to 2 decimals, as movers rounds it (movers.lua, round2)
  T.eq(got, {"B n 0 General 47.0", "C n 0 General 22.0", "D n 0 General 25.0",
    "E n 0 General 83.52", "F n 0 General 87.84", "G n 0 General 4.32"}, "row")
  remove_tree(dir)
end)

T.finish()
