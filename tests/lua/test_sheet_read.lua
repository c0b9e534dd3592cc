-- chiso.read_xlsx, read_xls, read and sheets: workbooks written by a second writer
-- (tests/sheet/make_workbooks.py, Debian's python3-openpyxl) with the values it was given
-- (pandas reads the same: `python3 -c "import pandas; print(pandas.read_excel(
-- 'book.xlsx', sheet_name=None, header=None))"`); every cell of the PCI workbooks in
-- ../shared/data/pci/raw against xlrd's and openpyxl's reading (tests/sheet/dump_cells.py);
-- read_csv of a workbook; damaged workbooks, which must give a message, never a crash.

local T = require "testing"

local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local python = "/usr/bin/python3"
local raw = root .. "/../shared/data/pci/raw"

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Standard output of cmd (standard error too when cmd ends in 2>&1).
local function capture(cmd)
  local p = assert(io.popen(cmd:find("2>&1$") and cmd or cmd .. " 2>/dev/null"))
  local out = p:read("a")
  p:close()
  return out
end

local dir = T.tmpname("-sheets")
os.remove(dir)
assert(os.execute("mkdir -p " .. quote(dir)))
assert(os.execute(string.format("%s %s/tests/sheet/make_workbooks.py %s", python, quote(root),
  quote(dir))), "make_workbooks.py runs (python3-openpyxl: make test-deps)")
local book, book1904 = dir .. "/book.xlsx", dir .. "/book1904.xlsx"

local function has(list, pattern)
  for _, s in ipairs(list) do
    if s:find(pattern) then return true end
  end
  return false
end

local function column(ds, name)
  local out = {}
  for i, row in ds:rows() do out[i] = row[name] == nil and "nil" or row[name] end
  return out
end

T.case("the first visible sheet by default: title, footnote, types, dates, a formula's cached value", function()
  local ds, r = chiso.read_xlsx(book, {quiet = true})
  T.truthy(ds, r)
  T.eq(r.sheet, "Dữ liệu")
  T.eq(ds:names(), {"Tỉnh", "Năm", "Điểm", "Hạng", "Đạt", "Ngày"})
  T.eq(T.types(ds), {"string", "int", "float", "int", "bool", "string"})
  -- inline strings (openpyxl's), spaces kept as written
  T.eq(column(ds, "Tỉnh"), {"Hà Nội", "Thừa Thiên Huế", "  Đà Nẵng ", "Cần Thơ"})
  T.eq(column(ds, "Năm"), {2023, 2023, 2023, 2023})
  -- C5 is =C3-1 with the cached value 84.94; C6 is #N/A, read as null
  T.eq(column(ds, "Điểm"), {85.94, 84.5, 84.94, "nil"})
  T.eq(column(ds, "Đạt"), {true, false, true, false})
  -- dd/mm/yyyy, dd/mm/yyyy hh:mm and yyyy-mm-dd formats over 2024-03-05, 14:30 that day, 2000-02-29
  T.eq(column(ds, "Ngày"), {"2024-03-05", "2024-03-05 14:30:00", "2000-02-29", "nil"})
  T.eq(r.range, "A2:F6")
  T.eq(r.date_system, 1900)
end)

T.case("notes: hidden first sheet, title, footnote, hidden row, error cell", function()
  local _, r = chiso.read_xlsx(book, {quiet = true})
  T.truthy(has(r.notes, "sheet 1 'Ẩn' is hidden"), table.concat(r.notes, " | "))
  T.truthy(has(r.notes, "row 1 %('PHỤ LỤC 1"), table.concat(r.notes, " | "))
  T.truthy(has(r.notes, "row 7 %('Nguồn: Bộ Nội vụ'%) taken for a footnote"), table.concat(r.notes, " | "))
  T.truthy(has(r.notes, "1 row hidden in the workbook read all the same %(row 6%)"), table.concat(r.notes, " | "))
  T.truthy(has(r.notes, "C6 #N/A"), table.concat(r.notes, " | "))
end)

T.case("a line break in a title cell stays in its note: one note, one line", function()
  local path = dir .. "/title_break.xlsx"
  local ds = chiso.dataset{a = {"x", "1"}, b = {"y", "2"}, c = {"z", "3"}}
  assert(ds:to_xlsx(path, {headers = {a = "Bảng 1\nchiso: note: giả", b = "", c = ""}}))
  local _, r = assert(chiso.read_xlsx(path, {quiet = true}))
  -- row 1 holds the title alone, row 2 the header x, y, z
  T.eq(r.notes, {"row 1 ('Bảng 1 chiso: note: giả') taken for a title above the table and "
    .. "skipped (option skip sets the rows to skip)"})
end)

T.case("notes go to stderr unless quiet", function()
  local script = dir .. "/notes.lua"
  T.write(script, "chiso.read_xlsx('book.xlsx')\n")
  local out = capture(string.format("cd %s && %s --trust notes.lua 2>&1", quote(dir), chiso_bin))
  T.truthy(out:find("chiso: note: book.xlsx: sheet 'Dữ liệu': 1 row hidden", 1, true), out)
end)

T.case("a hidden sheet by name, with a note", function()
  local ds, r = chiso.read_xlsx(book, {sheet = "Ẩn", header = false, quiet = true})
  T.truthy(ds, r)
  T.eq(column(ds, "V1"), {"secret", "1"})
  T.truthy(has(r.notes, "sheet 1 'Ẩn' is hidden in the workbook"), table.concat(r.notes, " | "))
end)

T.case("sheet by number; ints stay ints where a column is all whole numbers", function()
  local ds = assert(chiso.read_xlsx(book, {sheet = 3, quiet = true}))
  T.eq(ds:names(), {"a", "b", "c"})
  T.eq(T.types(ds), {"int", "float", "string"})
  T.eq(column(ds, "a"), {1, 2, 3})
  T.eq(column(ds, "b"), {1.5, 2.0, "nil"})
  -- text with a number among it: the number as text
  T.eq(column(ds, "c"), {"x", "3", "nil"})
end)

T.case("shared strings (sheet 5, rewritten as shared strings by make_workbooks.py)", function()
  local ds = assert(chiso.read_xlsx(book, {sheet = "Chung", quiet = true}))
  T.eq(column(ds, "tên"), {"Hà Nội", "Hà Nội", "Lào Cai"})
  T.eq(column(ds, "số"), {1, 2, 3})
end)

T.case("a two-row header: merged upper cells carry over the columns below", function()
  local ds, r = chiso.read_xlsx(book, {sheet = "Gộp", header_rows = 2, quiet = true})
  T.truthy(ds, r)
  T.eq(ds:names(), {"Tỉnh", "Điểm 2023", "Điểm 2024", "Hạng", "Nhóm"})
  T.eq(column(ds, "Điểm 2024"), {81.25, 80.0})
  T.eq(column(ds, "Nhóm"), {"Tốt", "nil"})
  T.truthy(has(r.notes, "1 merged area in the data %(E3:E4%)"), table.concat(r.notes, " | "))
  local filled = assert(chiso.read_xlsx(book, {sheet = "Gộp", header_rows = 2, merged = "fill", quiet = true}))
  T.eq(filled:names(), {"Tỉnh", "Điểm 2023", "Điểm 2024", "Hạng", "Nhóm"})
  T.eq(column(filled, "Nhóm"), {"Tốt", "Tốt"})
end)

T.case("range, skip, header = false, names, footer", function()
  local ds = assert(chiso.read_xlsx(book, {sheet = "Dữ liệu", range = "A2:C4", quiet = true}))
  T.eq(ds:names(), {"Tỉnh", "Năm", "Điểm"})
  T.eq(#ds, 2)
  local plain = assert(chiso.read_xlsx(book, {sheet = "Dữ liệu", range = "B3:C4", header = false,
                                              quiet = true}))
  T.eq(plain:names(), {"V1", "V2"})
  T.eq(column(plain, "V2"), {85.94, 84.5})
  local named = assert(chiso.read_xlsx(book, {sheet = "Dữ liệu", skip = 1, footer = 1,
                                              names = {"p", "y", "s", "r", "ok", "d"}, quiet = true}))
  T.eq(named:names(), {"p", "y", "s", "r", "ok", "d"})
  T.eq(#named, 4)
  T.eq(column(named, "p")[4], "Cần Thơ")
end)

T.case("types fix a column's type; a value that does not fit names its cell", function()
  local ds = assert(chiso.read_xlsx(book, {sheet = "Số", types = {a = "float", c = "string"}, quiet = true}))
  T.eq(T.types(ds), {"float", "float", "string"})
  local none, err = chiso.read_xlsx(book, {sheet = "Số", types = {c = "int"}, quiet = true})
  T.eq(none, nil)
  T.truthy(err:find("sheet 'Số' cell C2: column 'c' is int but holds 'x'", 1, true), err)
end)

T.case("dates in the 1904 system", function()
  local ds, r = chiso.read_xlsx(book1904, {quiet = true})
  T.truthy(ds, r)
  T.eq(r.date_system, 1904)
  T.eq(column(ds, "ngày"), {"2024-03-05", "1904-01-02"})
  T.eq(column(ds, "giờ"), {"14:30:00", "06:00:15"})
end)

T.case("chiso.sheets lists every sheet with its state", function()
  local list = assert(chiso.sheets(book))
  T.eq(#list, 5)
  T.eq(list[1], {name = "Ẩn", hidden = true})
  T.eq(list[2], {name = "Dữ liệu", hidden = false})
end)

T.case("bad options and sheets: clear messages", function()
  local none, err = chiso.read_xlsx(book, {sheet = "Không có"})
  T.eq(none, nil)
  T.truthy(err:find("no sheet is called 'Không có' (the sheets are 1 'Ẩn' (hidden), 2 'Dữ liệu'", 1, true), err)
  none, err = chiso.read_xlsx(book, {sheet = 9})
  T.truthy(err:find("there is no sheet 9; the workbook has 5", 1, true), err)
  T.raises(function() chiso.read_xlsx(book, {range = "A3-F9"}) end, "option 'range' must be a range")
  T.raises(function() chiso.read_xlsx(book, {range = "A3:"}) end, "option 'range' must be a range")
  T.raises(function() chiso.read_xlsx(book, {colour = 1}) end, "colour")
  none, err = chiso.read_xlsx(book, {sheet = "Số", names = {"x"}})
  T.truthy(err:find("option 'names' gives 1 names for 3 columns", 1, true), err)
end)

T.case("read_csv of a workbook says what it is and which function reads it", function()
  local none, err = chiso.read_csv(book)
  T.eq(none, nil)
  T.eq(err, book .. ": this is an Excel workbook (.xlsx), not a CSV file: read it with "
    .. "chiso.read_xlsx (chiso.read picks the reader by content)")
  none, err = chiso.read_xls(book)
  T.truthy(err:find("read it with chiso.read_xlsx", 1, true), err)
  local text = dir .. "/t.csv"
  T.write(text, "a,b\n1,2\n")
  none, err = chiso.read_xlsx(text)
  T.truthy(err:find("this is not an Excel workbook (.xlsx)", 1, true), err)
end)

T.case("chiso.read picks the reader by content, whatever the name", function()
  local renamed = dir .. "/book.csv"
  T.write(renamed, T.read(book))
  local ds = assert(chiso.read(renamed, {sheet = "Số", quiet = true}))
  T.eq(column(ds, "a"), {1, 2, 3})
  local text = dir .. "/t.xlsx"
  T.write(text, "a;b\n1;2\n")
  local csv = assert(chiso.read(text))
  T.eq(csv:names(), {"a", "b"})
end)

-- Damaged copies: every one ends in a dataset or nil and a message naming the file.
local function damaged(path, copy, mutate)
  local bytes = T.read(path)
  local out = {}
  for i, variant in ipairs(mutate(bytes)) do
    T.write(copy, variant)
    local ok, ds, err = pcall(chiso.read, copy, {quiet = true})
    if not ok then
      out[#out + 1] = string.format("variant %d raised %s", i, tostring(ds))
    elseif not ds and not tostring(err):find(copy, 1, true) then
      out[#out + 1] = string.format("variant %d: message without the file: %s", i, tostring(err))
    end
  end
  return out
end

local function truncations(bytes)
  local list = {}
  for _, n in ipairs{0, 1, 4, 30, 100, 500, #bytes // 3, #bytes // 2, #bytes - 22, #bytes - 1} do
    list[#list + 1] = bytes:sub(1, n)
  end
  return list
end

local function bit_flips(bytes)
  local list, seed = {}, 12345
  for _ = 1, 40 do
    local b = {bytes:byte(1, -1)}
    for _ = 1, 3 do
      seed = (seed * 1103515245 + 12345) % 2147483648
      local at = seed % #b + 1
      b[at] = b[at] ~ (1 << (seed % 8))
    end
    local parts = {}
    for i = 1, #b, 4096 do parts[#parts + 1] = string.char(table.unpack(b, i, math.min(i + 4095, #b))) end
    list[#list + 1] = table.concat(parts)
  end
  return list
end

T.case("truncated and bit-flipped .xlsx files: a message, never a crash", function()
  local copy = dir .. "/bad.xlsx"
  local bad = damaged(book, copy, truncations)
  for _, s in ipairs(damaged(book, copy, bit_flips)) do bad[#bad + 1] = s end
  T.eq(bad, {})
  T.write(copy, T.read(book):sub(1, 1000))
  local none, err = chiso.read_xlsx(copy)
  T.eq(none, nil)
  T.truthy(err:find("bad.xlsx: not a readable .xlsx workbook", 1, true), err)
end)

T.case("hostile and damaged XML inside sound zips: a message naming the file, never a crash", function()
  local hostile = dir .. "/hostile"
  assert(os.execute("mkdir -p " .. quote(hostile)))
  assert(os.execute(string.format("%s %s/tests/sheet/make_hostile.py %s", python, quote(root),
    quote(hostile))), "make_hostile.py runs")
  local bad, read = {}, 0
  for name in io.popen("ls " .. quote(hostile)):lines() do
    local path = hostile .. "/" .. name
    for _, opts in ipairs{{quiet = true}, {quiet = true, merged = "fill", header = false}} do
      local ok, ds, err = pcall(chiso.read_xlsx, path, opts)
      read = read + 1
      if not ok then
        bad[#bad + 1] = name .. " raised " .. tostring(ds)
      elseif not ds and not err:find(path, 1, true) then
        bad[#bad + 1] = name .. ": " .. err
      end
    end
  end
  T.truthy(read >= 160, read .. " reads")
  T.eq(bad, {})
  local function message(name, opts)
    return select(2, chiso.read_xlsx(hostile .. "/" .. name .. ".xlsx", opts or {quiet = true}))
  end
  T.truthy(message("doctype-entities"):find("a document type declaration, which workbooks never have", 1, true))
  T.truthy(message("diagonal"):find("the table would have 7998 rows of 7999 columns, more than 50000000 cells", 1, true))
  T.truthy(message("shared-out-of-range"):find("cell A1 refers to shared string '7', but the workbook has 0", 1, true))
  T.truthy(message("number-is-text"):find("cell A1 holds 'abc' where a number belongs", 1, true))
  T.truthy(message("bad-ref"):find("xl/worksheets/sheet1.xml: 'A0' is not a cell reference", 1, true))
  T.truthy(message("merge-bad-ref"):find("merged cells 'A1:' are not a range", 1, true))
  T.truthy(message("merge-everything", {merged = "fill"}):find("more than 10 million cells", 1, true))
  -- 100000 sheets: a name looked for from the top for each took 4e10 steps, past any deadline
  local script = hostile .. "/many.lua"
  T.write(script, string.format("local _, err = chiso.read_xlsx(%q, {sheet = 'nope'})\n"
    .. "io.stderr:write(err)\n", hostile .. "/many-sheets.xlsx"))
  local seconds = 5 * (tonumber(os.getenv("CHISO_TEST_SLOWDOWN")) or 1)
  local out = capture(string.format("%s --trust --timeout %d %s 2>&1", chiso_bin, seconds,
    quote(script)))
  T.truthy(out:find("no sheet is called 'nope' (the sheets are 1 's0', 2 's1'", 1, true), out)
  T.truthy(chiso.read_xlsx(hostile .. "/many-sheets.xlsx", {sheet = "s99999", quiet = true}))
  -- 100000 number formats and 100000 cell formats: 1e10 steps looking each up along the list
  T.write(script, string.format("local ds = chiso.read_xlsx(%q, {quiet = true})\n"
    .. "io.stderr:write(ds and 'read ' .. #ds .. ' rows' or 'not read')\n",
    hostile .. "/many-styles.xlsx"))
  out = capture(string.format("%s --trust --timeout %d %s 2>&1", chiso_bin, seconds, quote(script)))
  T.eq(out, "read 2 rows", "many-styles.xlsx")
  -- 300000 merged areas, looked along for each of the header's 16382 empty cells: 5e9 steps
  T.write(script, string.format("local ds = chiso.read_xlsx(%q, {quiet = true})\n"
    .. "io.stderr:write(ds and 'read ' .. #ds .. ' rows of ' .. ds:ncol() or 'not read')\n",
    hostile .. "/many-merges.xlsx"))
  out = capture(string.format("%s --trust --timeout %d %s 2>&1", chiso_bin, seconds, quote(script)))
  T.eq(out, "read 1 rows of 2", "many-merges.xlsx")
end)

-- The PCI workbooks, when ../shared is beside the checkout.
local present = io.open(raw .. "/PCI_2011.xls", "rb")
if present then present:close() end

local function skip(name)
  print("ok " .. name .. " # skipped: ../shared/data/pci/raw is not here")
end

-- xlrd's or openpyxl's cells of sheet index (0-based) against chiso's reading of every cell.
-- libfreexl 1.0.6 does not read FORMULA records, so in an .xls file a formula cell reads as
-- null: below row formulas_from (the footers, whose cells are formulas) null is allowed.
local function compare_cells(file, index, formulas_from)
  local path = raw .. "/" .. file
  local dump = capture(string.format("%s %s/tests/sheet/dump_cells.py %s %d", python, quote(root),
    quote(path), index))
  local ds, r = chiso.read(path, {sheet = index + 1, range = "A1:XFD1048576", header = false,
                                  skip = 0, footer = 0, na = {}, quiet = true})
  assert(ds, r)
  local rows, row_of, n = {}, {}, 0
  for line in dump:gmatch("[^\n]+") do
    local ref = line:match("^(%u+%d+)\t")
    local number = tonumber(ref:match("%d+"))
    if not row_of[number] then n = n + 1; row_of[number] = n end
  end
  local data = {}
  for i, row in ds:rows() do data[i] = row end
  local bad, cells = {}, 0
  for line in dump:gmatch("[^\n]+") do
    local letters, number, kind, value = line:match("^(%u+)(%d+)\t(%a)\t(.*)$")
    local col = 0
    for c in letters:gmatch(".") do col = col * 26 + c:byte() - 64 end
    local got = (data[row_of[tonumber(number)]] or {})["V" .. col]
    local same
    if kind == "n" then
      same = tonumber(got) ~= nil and math.abs(tonumber(got) - tonumber(value)) <= 1e-9 * math.max(1, math.abs(tonumber(value)))
    elseif kind == "s" then
      value = value:gsub("\\n", "\n"):gsub("\\t", "\t"):gsub("\\r", "\r"):gsub("\\\\", "\\")
      same = got == value
    else
      same = tostring(got) == value
    end
    cells = cells + 1
    if not same and got == nil and formulas_from and tonumber(number) >= formulas_from then
      same = true
    end
    if not same and #bad < 5 then
      bad[#bad + 1] = string.format("%s%s: %s %q, chiso %q", letters, number, kind, value, tostring(got))
    end
  end
  return cells, bad
end

-- The .xls ones with the first row of their footers (SOURCES.md's layout table), where
-- formulas may stand.
for _, c in ipairs{{"PCI_2007.xls", 1, 66}, {"PCI_2008.xls", 0, 67}, {"PCI_2009.xls", 0},
                   {"PCI_2010.xls", 0, 65}, {"PCI_2011.xls", 0, 65}, {"PCI_2012.xlsx", 0}, {"PCI_2013.xlsx", 0},
                   {"PCI_2013.xlsx", 1}, {"PCI_2014.xlsx", 0}, {"PCI_2015.xlsx", 0}, {"PCI_2016.xlsx", 0}} do
  local name = string.format("every cell of %s sheet %d as xlrd/openpyxl read it", c[1], c[2] + 1)
  if present then
    T.case(name, function()
      local cells, bad = compare_cells(c[1], c[2], c[3])
      T.truthy(cells > 100, cells .. " cells")
      T.eq(bad, {})
    end)
  else
    skip(name)
  end
end

if present then
  T.case("PCI 2013-2016: Summary is a hidden sheet, Summary_VN the first visible", function()
    local list = assert(chiso.sheets(raw .. "/PCI_2014.xlsx"))
    T.eq(list[2], {name = "Summary", hidden = true})
    local _, r = chiso.read_xlsx(raw .. "/PCI_2014.xlsx", {quiet = true})
    T.eq(r.sheet, "Summary_VN")
  end)
  T.case(".xls: read_csv names it, chiso.read reads it, sheets lists it", function()
    local path = raw .. "/PCI_2011.xls"
    local none, err = chiso.read_csv(path)
    T.eq(none, nil)
    T.eq(err, path .. ": this is an Excel 97-2003 workbook (.xls, an OLE2 compound file), not a CSV "
      .. "file: read it with chiso.read_xls (chiso.read picks the reader by content)")
    none, err = chiso.read_xlsx(path)
    T.truthy(err:find("read it with chiso.read_xls", 1, true), err)
    -- xlrd: sheet 1 'Tong hop', T1 and V1 empty, U1 'PCI 2011', W1 'Xếp hạng'; row 2 'Lào Cai',
    -- 73.53, 'Lào Cai', 1.0 (`xlrd.open_workbook(path).sheet_by_index(0).row_values(1)[19:23]`)
    local ds = assert(chiso.read(path, {range = "T1:W64", quiet = true}))
    T.eq(ds:names(), {"T", "PCI 2011", "V", "Xếp hạng"})
    T.eq(ds:row(1), {T = "Lào Cai", ["PCI 2011"] = 73.53, V = "Lào Cai", ["Xếp hạng"] = 1})
    T.eq(#ds, 63)
    local list = assert(chiso.sheets(path))
    T.eq(list[1], {name = "Tong hop", hidden = false})
    T.eq(#list, 11)
  end)
  T.case("PCI 2005: libfreexl's refusal is a clear message", function()
    local none, err = chiso.read_xls(raw .. "/PCI_2005.xls")
    T.eq(none, nil)
    T.truthy(err:find("PCI_2005.xls: libfreexl cannot read this .xls workbook", 1, true), err)
  end)
  T.case("truncated and bit-flipped .xls files: a message, never a crash", function()
    local copy = dir .. "/bad.xls"
    local bad = damaged(raw .. "/PCI_2009.xls", copy, truncations)
    for _, s in ipairs(damaged(raw .. "/PCI_2009.xls", copy, bit_flips)) do bad[#bad + 1] = s end
    T.eq(bad, {})
  end)
else
  skip("PCI 2013-2016 hidden Summary sheets")
  skip("PCI 2005: libfreexl's refusal")
  skip("damaged .xls files")
end

T.case("a sandboxed report reads workbooks only where it may", function()
  local report = dir .. "/report.lua"
  T.write(report, string.format("print(#assert(chiso.read_xlsx(%q, {quiet = true})))\n"
    .. "print(pcall(chiso.read_xlsx, '/etc/passwd'))\n", book))
  local allowed = capture(string.format("cd / && CHISO_TRUST= %s --allow-read %s %s 2>&1", chiso_bin,
    quote(dir), quote(report)))
  T.truthy(allowed:find("\n4\n", 1, true) or allowed:find("^4\n"), allowed)
  T.truthy(allowed:find("false\tsandbox: reading '/etc/passwd' is not allowed", 1, true), allowed)
  local refused = capture(string.format("cd / && CHISO_TRUST= %s %s 2>&1", chiso_bin, quote(report)))
  T.truthy(refused:find("is not allowed in a sandboxed report", 1, true), refused)
end)

os.execute("rm -rf " .. quote(dir))
T.finish()
