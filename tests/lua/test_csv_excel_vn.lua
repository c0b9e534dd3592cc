-- CSV in the excel-vn dialect (docs/csv.md, "Dialects"): ds:to_csv{dialect = "excel-vn"}
-- and a report's --csv-dialect excel-vn. Bytes are compared with text worked out by hand
-- from the rules (a UTF-8 byte-order mark EF BB BF, ";" between fields, a decimal comma in
-- floats, "\r\n" line ends, RFC 4180 quoting with ";" as the delimiter), and the file is
-- read by a second reader, Python's csv module with delimiter ";".

local T = require "testing"
local quote, run, remove_tree = T.quote, T.run, T.remove_tree
local lfs = require "lfs"

local BOM = "\239\187\191"

local function sample()
  return chiso.dataset{
    {"Tỉnh", {"Hà Nội", "Bà Rịa; Vũng Tàu", "a,b", chiso.null}},
    {"Điểm", {43.15, 0.1 + 0.2, 1e20, 2.0}},
    {"Hạng", {1, 22, chiso.null, 63}},
    {"Đạt", {true, false, true, chiso.null}},
  }
end

--[[
  By hand: the mark, then the header; "Bà Rịa; Vũng Tàu" holds the delimiter, so it is
  quoted; so is "a,b" (docs/csv.md: text holding any delimiter a reader may detect is
  quoted, so that the reader finds the file's own); floats keep their shortest exact
  form with the point made a comma (43,15; 0,30000000000000004; 1e+20; 2,0); integers and
  booleans as they are; nulls empty; every line ends in CR LF.
]]
local EXPECTED = BOM .. "Tỉnh;Điểm;Hạng;Đạt\r\n"
  .. "Hà Nội;43,15;1;true\r\n"
  .. "\"Bà Rịa; Vũng Tàu\";0,30000000000000004;22;false\r\n"
  .. "\"a,b\";1e+20;;true\r\n"
  .. ";2,0;63;\r\n"

T.case("to_csv{dialect = 'excel-vn'}: the mark, ';', decimal commas, CRLF", function()
  T.eq(sample():to_csv{dialect = "excel-vn"}, EXPECTED, "text")
  local path = T.tmpname(".csv")
  T.eq(sample():to_csv(path, {dialect = "excel-vn"}), true, "to a file")
  T.eq(T.read(path), EXPECTED, "file")
end)

T.case("the plain dialect stays the default", function()
  local plain = "Tỉnh,Điểm,Hạng,Đạt\n" .. "Hà Nội,43.15,1,true\n"
    .. "\"Bà Rịa; Vũng Tàu\",0.30000000000000004,22,false\n" .. "\"a,b\",1e+20,,true\n"
    .. ",2.0,63,\n"
  T.eq(sample():to_csv(), plain, "no options")
  T.eq(sample():to_csv{dialect = "plain"}, plain, "dialect plain")
end)

T.case("Python's csv module reads the excel-vn file with delimiter ';'", function()
  local path = T.tmpname(".csv")
  assert(sample():to_csv(path, {dialect = "excel-vn"}))
  local out, err, status = run(string.format("/usr/bin/python3 -c %s %s", quote(
    "import csv, sys\n"
    .. "raw = open(sys.argv[1], 'rb').read()\n"
    .. "print(raw[:3] == b'\\xef\\xbb\\xbf', raw.count(b'\\r\\n'), raw.count(b'\\n'))\n"
    .. "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
    .. "    for row in csv.reader(f, delimiter=';'):\n"
    .. "        print('|'.join(row))\n"), quote(path)))
  T.eq(status, 0, "python3 (" .. err .. ")")
  -- 5 lines, each ending in CR LF, no lone LF
  T.eq(out, "True 5 5\n" .. "Tỉnh|Điểm|Hạng|Đạt\n" .. "Hà Nội|43,15|1|true\n"
    .. "Bà Rịa; Vũng Tàu|0,30000000000000004|22|false\n" .. "a,b|1e+20||true\n" .. "|2,0|63|\n",
    "rows")
end)

T.case("read_csv with decimal = ',' reads the excel-vn file back as written", function()
  local path = T.tmpname(".csv")
  assert(sample():to_csv(path, {dialect = "excel-vn"}))
  local back = assert(chiso.read_csv(path, {decimal = ",", quiet = true}))
  T.eq(T.contents(back), T.contents(sample()), "the same columns, types and values")
end)

T.case("excel-vn with another delimiter; a comma refused; an unknown dialect refused", function()
  T.eq(chiso.dataset{ {"a", {1.5}}, {"b", {"x"}} }:to_csv{dialect = "excel-vn", delimiter = "tab"},
    BOM .. "a\tb\r\n1,5\tx\r\n", "tab")
  local ds = sample()
  T.raises(function() ds:to_csv{dialect = "excel-vn", delimiter = ","} end,
    "delimiter \",\" cannot go with dialect 'excel-vn'")
  T.raises(function() ds:to_csv{dialect = "excel"} end,
    "option 'dialect' must be \"plain\" or \"excel-vn\", not 'excel'")
  T.raises(function() ds:to_csv{delimter = ";"} end, "unknown option 'delimter'")
end)

-- A report whose primary table has a float, a column shown with 2 decimals, an int and text.
local REPORT = [[
-- rpt.lua: one table, for test_csv_excel_vn.lua.
local cli = require "chiso.cli"
local opts = cli.parse(arg, {"format", "out", "lang"})
local doc = require("chiso.report").new{title = "Thử", lang = opts.lang}
doc:table({{tinh = "Hà Nội; thủ đô", diem = 43.156, hang = 1, ti_le = 0.1 + 0.2},
           {tinh = "Huế", diem = 44, hang = 2, ti_le = 2.5}},
  {columns = {"tinh", "diem", "hang", "ti_le"}, formats = {diem = 2}})
cli.output(doc, opts)
]]

T.case("a report's --csv-dialect excel-vn, to the terminal and to --out", function()
  local dir = T.tmpname("-excel-vn")
  assert(lfs.mkdir(dir))
  T.write(dir .. "/rpt.lua", REPORT)
  --[[
    By hand from docs/reports.md: the header of column names; "Hà Nội; thủ đô" quoted for
    its ';'; diem shown with 2 decimals and a comma (43,16; 44,00); hang as it is; ti_le a
    float with a decimal comma (0,30000000000000004; 2,5); CR LF; the mark first.
  ]]
  local expected = BOM .. "tinh;diem;hang;ti_le\r\n" .. "\"Hà Nội; thủ đô\";43,16;1;0,30000000000000004\r\n"
    .. "Huế;44,00;2;2,5\r\n"
  local cmd = string.format("CHISO_PATH=%s %s run rpt --format csv --csv-dialect excel-vn",
    quote(dir), os.getenv("CHISO"))
  local out, err, status = run(cmd)
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(out, expected, "to the terminal")
  out, err, status = run(cmd .. " --out " .. quote(dir .. "/r.csv"))
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(T.read(dir .. "/r.csv"), expected, "to --out")
  remove_tree(dir)
end)

T.finish()
