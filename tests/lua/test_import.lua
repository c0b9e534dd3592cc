-- scripts/import.lua and chiso.annex: an annex table as published, CSV or
-- workbook, into the user's data folder, or each problem with its line.
--
-- The annex files are SYNTHETIC (made-up figures, and they say so), written by
-- tests/import/make_annexes.py with Python's csv module and Debian's
-- python3-openpyxl, a second writer, in the layouts the ministry publishes:
-- a plain header; ";" with decimal commas and names in capitals; titles over a
-- two-row header with merged cells, an empty row inside and a footnote; a row
-- numbering the columns. The rows chiso must write are the ones the generator
-- computed (expected_2023.csv: provinces.csv's names, its formula's scores and
-- ranks), and some are worked by hand below. Line numbers in the failing files'
-- messages are worked out from the layouts the generator's comments describe.
--
-- The formula (make_annexes.py): the i-th province of provinces.csv has
-- k = 37 * i mod 63, score 60 + 0.37 * k and rank 63 - k, except k = 61, which
-- takes k = 62's score 82.94 and shares its rank 1. By hand:
--   Hà Nội      i = 1:  k = 37,                  score 73.69, rank 26
--   Lạng Sơn    i = 13: k = 481 - 7 * 63 = 40,     score 74.80, rank 23
--   Vĩnh Phúc   i = 17: k = 629 - 9 * 63 = 62,     score 82.94, rank 1
--   Quảng Ngãi  i = 34: k = 1258 - 19 * 63 = 61,   score 82.94 (tied), rank 1
--   TP. HCM     i = 50: k = 1850 - 29 * 63 = 23,   score 68.51, rank 40
--   Cà Mau      i = 63: k = 0,                   score 60.00, rank 63
-- The rows are written in rank order, so plain.csv holds rank r on line r + 1
-- (the tie: Vĩnh Phúc line 2, Quảng Ngãi line 3).

local T = require "testing"

local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local quote = T.quote

local dir = T.tmpname("-annex")
os.remove(dir)
assert(os.execute("mkdir -p " .. quote(dir)))
assert(os.execute(string.format("/usr/bin/python3 %s/tests/import/make_annexes.py %s %s", quote(root),
  quote(root .. "/data"), quote(dir))), "make_annexes.py runs (python3-openpyxl: make test-deps)")

-- A fresh, empty data folder.
local folders = 0
local function data_folder()
  folders = folders + 1
  return string.format("%s/data-%d", dir, folders)
end

-- `chiso run import FILE ARGS --lang LANG` in the annexes' folder, with CHISO_DATA = data;
-- out, err, status. The messages are in English unless lang says otherwise ("vi", or "" for
-- none given: the default, Vietnamese).
local function import(data, file, args, lang)
  lang = lang or "en"
  return T.run(string.format("cd %s && CHISO_DATA=%s %s run import %s %s%s", quote(dir), quote(data),
    quote(chiso_bin), quote(file), args or "--index par --year 2023",
    lang == "" and "" or " --lang " .. lang))
end

-- Rows of a CSV file keyed "year|province": {score, rank, basis, source}.
local function rows_of(path)
  local ds = assert(chiso.read_csv(path))
  local rows = {}
  for _, r in ds:rows() do
    rows[r.year .. "|" .. r.province] = {r.score, r.rank, r.basis, r.source}
  end
  return rows, ds
end

-- The rows the generator computed for year, as written by an import from source.
local function expected(year, source)
  local rows = rows_of(string.format("%s/expected_%d.csv", dir, year))
  for _, r in pairs(rows) do
    r[3], r[4] = "imported", source
  end
  return rows
end

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- stderr without the notes ("import: note: ...", "import: ghi chú: ..."), which say how the
-- file was read.
local function without_notes(err)
  return (err:gsub("import: note: [^\n]*\n", ""):gsub("import: ghi chú: [^\n]*\n", ""))
end

-- Imports file (2023, PAR INDEX) into a fresh folder and checks the written table.
local function imports_as_expected(file, source)
  local data = data_folder()
  local out, err, status = import(data, file)
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  local rows, ds = rows_of(data .. "/par_index.csv")
  T.eq(ds:names(), {"year", "province", "score", "rank", "basis", "source"}, "the bundled columns")
  local want = expected(2023, source or (dir .. "/" .. file))
  T.eq(count(rows), 63, "rows")
  T.eq(rows, want, "the rows the generator computed")
  -- by hand (above)
  T.eq(rows["2023|Hà Nội"][1], 73.69, "Hà Nội's score")
  T.eq(rows["2023|Hà Nội"][2], 26, "Hà Nội's rank")
  T.eq(rows["2023|TP. Hồ Chí Minh"][1], 68.51, "TP. HCM's score")
  T.eq(rows["2023|Cà Mau"], {60.0, 63, "imported", want["2023|Cà Mau"][4]}, "Cà Mau")
  -- sorted by rank, the tie in Vietnamese order (Q before V)
  T.eq({ds.province[1], ds.province[2], ds.province[3]}, {"Quảng Ngãi", "Vĩnh Phúc", "Long An"},
    "first rows")
  return out, err
end

T.case("import: plain.csv, one header line, writes the 63 rows with basis imported and the file as source", function()
  local out = imports_as_expected("plain.csv")
  local data = string.format("%s/data-%d", dir, folders)
  T.eq(out, "PAR INDEX 2023 from plain.csv: 63 provinces, ranks 1-63, scores 60.00-82.94\n"
    .. "columns: province 'Tỉnh, thành phố', score 'Điểm', rank 'Xếp hạng'\n"
    .. "wrote " .. data .. "/par_index.csv: a new file of 63 rows\n", "what it says")
end)

T.case("import: semicolon.csv: ';', decimal commas, capitals (HẢI PHÒNG), TP. HCM, a two-line note, a blank line", function()
  imports_as_expected("semicolon.csv")
end)

T.case("import: titles.xlsx: titles, a merged two-row header, an empty row inside, an average, a footnote", function()
  local _, err = imports_as_expected("titles.xlsx", dir .. "/titles.xlsx, sheet 'PL1'")
  -- the reader's notes, then the average row left out, in sheet row 70
  T.truthy(err:find("import: note: titles.xlsx: row 1 ('PHỤ LỤC 1: KẾT QUẢ", 1, true), "title noted")
  T.truthy(err:find("import: note: titles.xlsx: sheet 'PL1' row 70: 'Trung bình cả nước' has no rank: "
    .. "taken for a national or regional average, not a province, and left out\n", 1, true), err)
end)

T.case("import: numbered.xlsx: a row numbering the columns (2-row header), scores as text with commas", function()
  imports_as_expected("numbered.xlsx", dir .. "/numbered.xlsx, sheet 'Bảng 2'")
end)

-- Needs the CSV reader's work of issue 14 (title lines, header_rows = 2, footnotes): until it
-- is merged, read_csv takes the title line for the header and this fails.
T.case("import: titles.csv, the titles.xlsx layout as CSV (needs the CSV reader's annex layouts)", function()
  imports_as_expected("titles.csv")
end)

T.case("import: titles.csv with the layout given: --skip 3 --header-rows 2 --footer 1 (needs the CSV reader's options)", function()
  -- lines 1-3 titles and a blank line, 4-5 the header, line 70 the footnote (the average on
  -- line 69 is left out with a note)
  local data = data_folder()
  local _, err, status = import(data, "titles.csv",
    "--index par --year 2023 --skip 3 --header-rows 2 --footer 1")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  T.eq(rows_of(data .. "/par_index.csv"), expected(2023, dir .. "/titles.csv"), "rows")
end)

T.case("import: units_2025.csv: from 2025 a table ranks the 34 provincial units", function()
  -- unit j of 34 in order of first appearance in provinces.csv' unit_2025 has k = 13 * j mod 34,
  -- score 50 + 0.5 * k, rank 34 - k: j = 1, Hà Nội, k = 13, score 56.5, rank 21
  local data = data_folder()
  local _, err, status = import(data, "units_2025.csv", "--index sipas --year 2025")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  local rows = rows_of(data .. "/sipas.csv")
  T.eq(count(rows), 34, "34 units")
  T.eq(rows, expected(2025, dir .. "/units_2025.csv"), "rows")
  T.eq({rows["2025|Hà Nội"][1], rows["2025|Hà Nội"][2]}, {56.5, 21}, "Hà Nội, by hand")
end)

T.case("import: a 2023 table given as 2025 lists the provinces that are no longer units", function()
  local data = data_folder()
  local _, err, status = import(data, "plain.csv", "--index par --year 2025")
  T.eq(status, 1, "exit status")
  -- plain.csv line 2 is Vĩnh Phúc, which joined Phú Thọ
  T.truthy(err:find("plain.csv: the table (lines 2-64) has 63 provinces, but a table for 2025 ranks "
    .. "34\n", 1, true), err:sub(1, 300))
  T.truthy(err:find("plain.csv:2: Vĩnh Phúc is part of Phú Thọ since 1 July 2025: a table for 2025 "
    .. "ranks the 34 provincial units\n", 1, true), err:sub(1, 300))
end)

T.case("import: a second import replaces the rows of its year and says so; other years stay", function()
  local data = data_folder()
  local out1, _, s1 = import(data, "plain.csv", "--index par --year 2022")
  local out2, _, s2 = import(data, "plain.csv", "--index par --year 2023")
  local out3, _, s3 = import(data, "semicolon.csv", "--index par --year 2023")
  T.eq({s1, s2, s3}, {0, 0, 0}, "statuses")
  local file = data .. "/par_index.csv"
  T.eq(out1:match("wrote [^\n]*"), "wrote " .. file .. ": a new file of 63 rows", "first")
  T.eq(out2:match("wrote [^\n]*"), "wrote " .. file .. ": 63 rows of 2023 added; 63 rows of other "
    .. "years kept", "second")
  T.eq(out3:match("wrote [^\n]*"), "wrote " .. file .. ": 63 rows of 2023 added; 63 rows of 2023 "
    .. "that were there replaced; 63 rows of other years kept", "third")
  local rows, ds = rows_of(file)
  T.eq(#ds, 126, "two years")
  T.eq(rows["2022|Lạng Sơn"], {74.8, 23, "imported", dir .. "/plain.csv"}, "2022 from plain.csv")
  T.eq(rows["2023|Lạng Sơn"], {74.8, 23, "imported", dir .. "/semicolon.csv"}, "2023 replaced")
end)

T.case("import: an existing file that cannot be read is left as it is, and nothing is written", function()
  local data = data_folder()
  assert(os.execute("mkdir -p " .. quote(data)))
  local text = "year,province,score,rank,basis,source\n2021,Hà Nội,x,1,stated,mine\n"
  T.write(data .. "/par_index.csv", text)
  local out, err, status = import(data, "plain.csv")
  T.eq({out, status}, {"", 1}, "stdout and status")
  T.eq(without_notes(err), "import: cannot add to " .. data .. "/par_index.csv: " .. data
    .. "/par_index.csv:2: column 'score' is float but holds 'x'; nothing written\n", "stderr")
  T.eq(T.read(data .. "/par_index.csv"), text, "the file as it was")
  -- a file of another shape
  text = "a,b\n1,2\n"
  T.write(data .. "/par_index.csv", text)
  out, err, status = import(data, "plain.csv")
  T.eq({out, status}, {"", 1}, "another shape: stdout and status")
  T.eq(without_notes(err), "import: cannot add to " .. data .. "/par_index.csv: it has no year or "
    .. "province column (its columns are a, b); nothing written\n", "another shape: stderr")
  T.eq(T.read(data .. "/par_index.csv"), text, "that file as it was")
end)

T.case("import: every script then uses the imported 2023 rows over the bundled ones", function()
  local data = data_folder()
  local _, _, status = import(data, "plain.csv")
  T.eq(status, 0, "import")
  local out, err, s = T.run(string.format("CHISO_DATA=%s %s run profile --province 'Lạng Sơn' "
    .. "--format csv", quote(data), quote(chiso_bin)))
  T.eq({err, s}, {"", 0}, "profile")
  local par = assert(chiso.parse_csv(out)):where("index", "==", "PAR INDEX")
  -- 2022 bundled (par_index.csv "2022,Lạng Sơn,,54"), 2023 imported (74.80, 23rd)
  T.eq(par.year:totable(), {2022, 2023}, "years")
  T.eq({par:col("rank")[1], par.score[2], par:col("rank")[2]}, {54, 74.8, 23}, "ranks and score")
end)

-- Runs a failing import (in English, or in lang); its stderr (notes aside) must be exactly the
-- lines given, and nothing written.
local function fails_with(file, lines, args, lang)
  local data = data_folder()
  local out, err, status = import(data, file, args, lang)
  T.eq({out, status}, {"", 1}, "stdout and status")
  T.eq(without_notes(err), table.concat(lines, "\n") .. "\n", "stderr")
  T.eq(io.open(data .. "/par_index.csv"), nil, "nothing written")
end

T.case("import check: a rank missing (line 11 says 11 for 10)", function()
  -- rank 10 (k = 53) scores 79.61, rank 11 (k = 52) 79.24
  fails_with("bad_gap.csv", {
    "bad_gap.csv:11: rank 10 is missing: rank 9 (line 10) is followed by rank 11",
    "bad_gap.csv:12: rank 11 is shared with line 11, but the scores differ (79.61 and 79.24): a "
      .. "shared rank needs equal scores",
    "import: 2 problems in bad_gap.csv; nothing written",
  })
end)

T.case("import check: a rank outside 1..63 (line 64 says 64)", function()
  fails_with("bad_range.csv", {
    "bad_range.csv:64: rank 64 is outside 1-63",
    "import: 1 problem in bad_range.csv; nothing written",
  })
end)

T.case("import check: a province twice (line 21 says ha noi, Hà Nội is on line 27)", function()
  -- line 21 was rank 20, Ninh Bình (i = 25: k = 925 - 14 * 63 = 43, rank 20), now absent
  fails_with("bad_duplicate.csv", {
    "bad_duplicate.csv: the table (lines 2-64) does not have Ninh Bình",
    "bad_duplicate.csv:27: Hà Nội is listed twice (also on line 21)",
    "import: 2 problems in bad_duplicate.csv; nothing written",
  })
end)

T.case("import check: a name that does not resolve is listed, never guessed (line 31)", function()
  -- line 31 was rank 30, k = 33: i = 33 * 46 mod 63 = 6 (46 is 37's inverse: 37 * 46 = 27 * 63 + 1),
  -- the 6th province, Lào Cai
  fails_with("bad_unknown.csv", {
    "bad_unknown.csv: the table (lines 2-64) does not have Lào Cai",
    "bad_unknown.csv:31: unknown province 'Atlantis'; did you mean Cần Thơ, Hà Nội, An Giang?",
    "import: 2 problems in bad_unknown.csv; nothing written",
  })
end)

T.case("import check: a name holding control characters is listed as shown, not obeyed", function()
  -- OSC 0 (retitle the window) and a C1 CSI (C2 9B) in place of Atlantis: caret notation, "?"
  local text = T.read(dir .. "/bad_unknown.csv"):gsub("Atlantis", "Atlan\27]0;T\7tis\194\155")
  T.write(dir .. "/bad_escape.csv", text)
  local _, err, status = import(data_folder(), "bad_escape.csv")
  T.eq(status, 1, "status")
  T.truthy(err:find("bad_escape.csv:31: unknown province 'Atlan^[]0;T^Gtis?'", 1, true), err)
  T.eq(err:find("[\27\7]"), nil, "no control character on stderr")
end)

T.case("import check: a score rising with the rank (lines 41 and 42 swapped)", function()
  -- rank 40 TP. HCM 68.51, rank 41 (k = 22) 68.14, swapped
  fails_with("bad_order.csv", {
    "bad_order.csv:42: score 68.51 at rank 41 is higher than 68.14 at rank 40 (line 41): scores must "
      .. "fall as ranks rise",
    "import: 1 problem in bad_order.csv; nothing written",
  })
end)

T.case("import check: 62 provinces where 63 are ranked (line 64 gone)", function()
  fails_with("bad_count.csv", {
    "bad_count.csv: the table (lines 2-63) has 62 provinces, but a table for 2023 ranks 63 (not in "
      .. "it: Cà Mau)",
    "import: 1 problem in bad_count.csv; nothing written",
  })
end)

T.case("import check: no rank column (line 1 is the header)", function()
  fails_with("bad_column.csv", {
    "bad_column.csv:1: no rank column: no header names one (Xếp hạng, Thứ hạng / Rank) among 'STT', "
      .. "'Tỉnh, thành phố', 'Điểm', 'Ghi chú'; give --rank-column",
    "import: 1 problem in bad_column.csv; nothing written",
  })
end)

T.case("import: --rank-column names a column the header words do not", function()
  local data = data_folder()
  local out, err, status = import(data, "bad_column.csv", "--index par --year 2023 --rank-column 'ghi chu'")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  T.truthy(out:find("rank 'Ghi chú'", 1, true), out)
  T.eq(rows_of(data .. "/par_index.csv"), expected(2023, dir .. "/bad_column.csv"), "rows")
end)

T.case("import check: lines after a two-line note and a blank line (bad_semicolon.csv line 43)", function()
  -- semicolon.csv: row 2 takes lines 3-4, line 34 is blank, so row n >= 32 is on line n + 3:
  -- row 40 on line 43 (its score made 90,00), row 39 (k = 24, 68.88) on line 42
  fails_with("bad_semicolon.csv", {
    "bad_semicolon.csv:43: score 90 at rank 40 is higher than 68.88 at rank 39 (line 42): scores "
      .. "must fall as ranks rise",
    "import: 1 problem in bad_semicolon.csv; nothing written",
  })
end)

T.case("import check: a workbook's problems name its sheet rows (after titles and an empty row)", function()
  -- row n of the table is in sheet row n + 5, n + 6 after the empty row 37: row 40 (Atlantis,
  -- was TP. HCM) in 46, row 50 (ranked 51 for 50; 64.81, and rank 51 scores 64.44) in 56
  local data = data_folder()
  local out, err, status = import(data, "bad_titles.xlsx")
  T.eq({out, status}, {"", 1}, "stdout and status")
  local problems = {}
  for line in without_notes(err):gmatch("[^\n]+") do
    problems[#problems + 1] = line
  end
  T.eq(problems, {
    "bad_titles.xlsx: sheet 'PL1': the table (rows 6-69) does not have TP. Hồ Chí Minh",
    "bad_titles.xlsx: sheet 'PL1' row 46: unknown province 'Atlantis'; did you mean Cần Thơ, Hà Nội, "
      .. "An Giang?",
    "bad_titles.xlsx: sheet 'PL1' row 56: rank 50 is missing: rank 49 (row 55) is followed by rank 51",
    "bad_titles.xlsx: sheet 'PL1' row 57: rank 51 is shared with row 56, but the scores differ (64.81 "
      .. "and 64.44): a shared rank needs equal scores",
    "import: 4 problems in bad_titles.xlsx; nothing written",
  }, "problems")
end)

-- In Vietnamese, the default: the same problems and summaries, written by hand from the
-- English ones above and the entries of chiso.strings (decimal commas; "dòng" for a CSV
-- line, "hàng" and "trang tính" for a sheet's row and the sheet); the readers' own words
-- (their notes, a malformed file) stay English.

T.case("import in Vietnamese (no --lang, and --lang vi): what it says of a table that passes", function()
  for _, lang in ipairs{"", "vi"} do
    local data = data_folder()
    local out, err, status = import(data, "plain.csv", nil, lang)
    T.eq(status, 0, "exit status (stderr: " .. err .. ")")
    T.eq(out, "đã đọc PAR INDEX năm 2023 từ plain.csv: 63 tỉnh, thành phố; hạng từ 1 đến 63; "
      .. "điểm từ 60,00 đến 82,94\n"
      .. "các cột đã đọc: tỉnh, thành phố 'Tỉnh, thành phố'; điểm 'Điểm'; hạng 'Xếp hạng'\n"
      .. "đã ghi " .. data .. "/par_index.csv: tệp mới, 63 dòng\n", "what it says, lang '" .. lang .. "'")
    -- the CSV reader's note on the delimiter it found stays in its words
    T.eq(err, "import: ghi chú: plain.csv: delimiter ',' (detected)\n", "the reader's note")
    T.eq(rows_of(data .. "/par_index.csv"), expected(2023, dir .. "/plain.csv"), "the same rows")
  end
end)

T.case("import in Vietnamese: a second import says what it added, replaced and kept", function()
  local data = data_folder()
  local _, _, s1 = import(data, "plain.csv", "--index par --year 2022", "vi")
  local _, _, s2 = import(data, "plain.csv", nil, "vi")
  local out, _, s3 = import(data, "semicolon.csv", nil, "vi")
  T.eq({s1, s2, s3}, {0, 0, 0}, "statuses")
  T.eq(out:match("đã ghi [^\n]*"), "đã ghi " .. data .. "/par_index.csv: thêm 63 dòng năm 2023; "
    .. "thay 63 dòng năm 2023 đã có; giữ 63 dòng của các năm khác", "third")
end)

T.case("import check in Vietnamese: ranks, ties, order, duplicates, count, names, columns", function()
  local cases = {
    {"bad_gap.csv", {
      "bad_gap.csv:11: thiếu hạng 10: sau hạng 9 (dòng 10) là hạng 11",
      "bad_gap.csv:12: hạng 11 trùng với dòng 11 nhưng điểm khác nhau (79,61 và 79,24): cùng hạng "
        .. "thì điểm phải bằng nhau",
      "import: 2 lỗi trong bad_gap.csv; không ghi dữ liệu nào"}},
    {"bad_range.csv", {
      "bad_range.csv:64: hạng 64 nằm ngoài khoảng 1-63",
      "import: 1 lỗi trong bad_range.csv; không ghi dữ liệu nào"}},
    {"bad_duplicate.csv", {
      "bad_duplicate.csv: bảng (dòng 2-64) thiếu Ninh Bình",
      "bad_duplicate.csv:27: Hà Nội xuất hiện hai lần (cả ở dòng 21)",
      "import: 2 lỗi trong bad_duplicate.csv; không ghi dữ liệu nào"}},
    -- the resolver's message in Vietnamese (chiso.vn's vn_unknown)
    {"bad_unknown.csv", {
      "bad_unknown.csv: bảng (dòng 2-64) thiếu Lào Cai",
      "bad_unknown.csv:31: không có tỉnh, thành phố 'Atlantis'; có phải là Cần Thơ, Hà Nội, An Giang "
        .. "không?",
      "import: 2 lỗi trong bad_unknown.csv; không ghi dữ liệu nào"}},
    {"bad_order.csv", {
      "bad_order.csv:42: điểm 68,51 ở hạng 41 cao hơn điểm 68,14 ở hạng 40 (dòng 41): hạng càng về "
        .. "sau thì điểm phải càng thấp",
      "import: 1 lỗi trong bad_order.csv; không ghi dữ liệu nào"}},
    {"bad_count.csv", {
      "bad_count.csv: bảng (dòng 2-63) có 62 tỉnh, thành phố, nhưng bảng xếp hạng năm 2023 phải có 63 "
        .. "(thiếu: Cà Mau)",
      "import: 1 lỗi trong bad_count.csv; không ghi dữ liệu nào"}},
    {"bad_column.csv", {
      "bad_column.csv:1: không tìm thấy cột hạng: không tiêu đề nào ghi tên cột này (Xếp hạng, Thứ "
        .. "hạng / Rank) trong các cột 'STT', 'Tỉnh, thành phố', 'Điểm', 'Ghi chú'; hãy ghi --rank-column",
      "import: 1 lỗi trong bad_column.csv; không ghi dữ liệu nào"}},
  }
  for _, c in ipairs(cases) do
    fails_with(c[1], c[2], nil, "vi")
  end
end)

T.case("import check in Vietnamese: a workbook's sheet and rows, the average left out", function()
  local data = data_folder()
  local out, err, status = import(data, "bad_titles.xlsx", nil, "")
  T.eq({out, status}, {"", 1}, "stdout and status")
  T.truthy(err:find("import: ghi chú: bad_titles.xlsx: row 1 ('PHỤ LỤC 1: KẾT QUẢ", 1, true),
    "the reader's note on the title, in its words: " .. err:sub(1, 300))
  T.truthy(err:find("import: ghi chú: bad_titles.xlsx: trang tính 'PL1' hàng 70: 'Trung bình cả nước' "
    .. "không có hạng: được coi là số trung bình cả nước hoặc trung bình vùng, không phải tỉnh, thành "
    .. "phố, nên bỏ qua\n", 1, true), err)
  local problems = {}
  for line in without_notes(err):gmatch("[^\n]+") do
    problems[#problems + 1] = line
  end
  T.eq(problems, {
    "bad_titles.xlsx: trang tính 'PL1': bảng (hàng 6-69) thiếu TP. Hồ Chí Minh",
    "bad_titles.xlsx: trang tính 'PL1' hàng 46: không có tỉnh, thành phố 'Atlantis'; có phải là Cần "
      .. "Thơ, Hà Nội, An Giang không?",
    "bad_titles.xlsx: trang tính 'PL1' hàng 56: thiếu hạng 50: sau hạng 49 (hàng 55) là hạng 51",
    "bad_titles.xlsx: trang tính 'PL1' hàng 57: hạng 51 trùng với hàng 56 nhưng điểm khác nhau (64,81 "
      .. "và 64,44): cùng hạng thì điểm phải bằng nhau",
    "import: 4 lỗi trong bad_titles.xlsx; không ghi dữ liệu nào",
  }, "problems")
end)

T.case("import in Vietnamese: a 2023 table given as 2025; a data file that cannot be read or made", function()
  local data = data_folder()
  local _, err, status = import(data, "plain.csv", "--index par --year 2025", "vi")
  T.eq(status, 1, "exit status")
  T.truthy(err:find("plain.csv: bảng (dòng 2-64) có 63 tỉnh, thành phố, nhưng bảng xếp hạng năm 2025 "
    .. "phải có 34\n", 1, true), err:sub(1, 300))
  T.truthy(err:find("plain.csv:2: Vĩnh Phúc thuộc Phú Thọ từ ngày 1/7/2025: bảng xếp hạng năm 2025 gồm "
    .. "34 đơn vị hành chính cấp tỉnh\n", 1, true), err:sub(1, 300))
  -- an existing file the CSV reader cannot read: its words stay English inside the sentence
  data = data_folder()
  assert(os.execute("mkdir -p " .. quote(data)))
  T.write(data .. "/par_index.csv", "year,province,score,rank,basis,source\n2021,Hà Nội,x,1,stated,mine\n")
  local out
  out, err, status = import(data, "plain.csv", nil, "vi")
  T.eq({out, without_notes(err), status}, {"", "import: không thêm được vào " .. data .. "/par_index.csv: "
    .. data .. "/par_index.csv:2: column 'score' is float but holds 'x'; không ghi dữ liệu nào\n", 1},
    "a file the reader cannot read")
  T.write(data .. "/par_index.csv", "a,b\n1,2\n")
  out, err, status = import(data, "plain.csv", nil, "vi")
  T.eq({out, without_notes(err), status}, {"", "import: không thêm được vào " .. data .. "/par_index.csv: "
    .. "tệp không có cột year hoặc province (các cột là a, b); không ghi dữ liệu nào\n", 1},
    "a file of another shape")
  -- a data folder under a file: the system's reason (strerror) stays in its words
  local under = data .. "/par_index.csv/sub"
  for lang, text in pairs{vi = "import: không tạo được thư mục '" .. under .. "': Not a directory\n",
                          en = "import: cannot make folder '" .. under .. "': Not a directory\n"} do
    out, err, status = import(under, "plain.csv", nil, lang)
    T.eq({out, without_notes(err), status}, {"", text, 1}, "a folder that cannot be made, " .. lang)
  end
end)

-- data/pci.csv holds these years as read from the same workbooks and checked against pandas,
-- openpyxl and xlrd (tests/lua/test_pci_import.lua). Their summary tables (ranges from
-- data/pci_import.lua, with the header row): the province column has no header (named by its
-- letter) and in 2011-2012 comes twice, beside the scores and beside the ranks; 2010 is an
-- .xls file with names without tone marks. Runs where ../shared/data/pci is.
local pci_name = "import: the published PCI workbooks 2010-2016 give data/pci.csv's rows"
local raw = root .. "/../shared/data/pci/raw"
local present = io.open(raw .. "/PCI_2016.xlsx", "rb")
if not present then
  print("ok " .. pci_name .. " # skipped: ../shared/data/pci/raw is not here")
else
  present:close()
  T.case(pci_name, function()
    local data = data_folder()
    for _, spec in ipairs{ {2010, "xls", "V1:Y64"}, {2011, "xls", "T1:W64"}, {2012, "xlsx", "T1:W64"},
                           {2013, "xlsx", "V1:X64"}, {2014, "xlsx", "V1:X64"}, {2015, "xlsx", "V1:X64"},
                           {2016, "xlsx", "V1:X64"} } do
      local year, ext, range = table.unpack(spec)
      local sheet = year >= 2013 and " --sheet Summary_VN" or ""
      local _, err, status = import(data, string.format("%s/PCI_%d.%s", raw, year, ext),
        string.format("--index pci --year %d --range %s%s", year, range, sheet))
      T.eq(status, 0, year .. " (stderr: " .. err .. ")")
    end
    local mine = rows_of(data .. "/pci.csv")
    local bundled = rows_of(root .. "/data/pci.csv")
    local n = 0
    for k, row in pairs(mine) do
      T.eq({row[1], row[2]}, {bundled[k][1], bundled[k][2]}, k)
      n = n + 1
    end
    T.eq(n, 7 * 63, "rows")
  end)
end

-- chiso.annex's parts on small tables.
local annex = require "chiso.annex"

T.case("annex.find_columns: header words in Vietnamese and English; the year picks among several", function()
  local ds = chiso.dataset{ {"STT", {1}}, {"Tên tỉnh, thành phố", {"Hà Nội"}}, {"Điểm 2023", {80.1}},
    {"Điểm 2024", {81.2}}, {"Xếp hạng 2023", {3}}, {"Xếp hạng 2024", {2}}, {"Tăng/giảm hạng", {1}} }
  T.eq(annex.find_columns(ds, {}, 2024), {province = "Tên tỉnh, thành phố", score = "Điểm 2024",
    rank = "Xếp hạng 2024"}, "2024")
  local cols, messages = annex.find_columns(ds, {}, nil, "en")
  T.eq(cols, nil, "no year: several")
  T.eq(messages, {"several columns could be the score: 'Điểm 2023', 'Điểm 2024'; give --score-column",
    "several columns could be the rank: 'Xếp hạng 2023', 'Xếp hạng 2024'; give --rank-column"},
    "messages")
  T.eq(select(2, annex.find_columns(ds, {}, nil)), {
    "có nhiều cột có thể là cột điểm: 'Điểm 2023', 'Điểm 2024'; hãy ghi --score-column",
    "có nhiều cột có thể là cột hạng: 'Xếp hạng 2023', 'Xếp hạng 2024'; hãy ghi --rank-column"},
    "messages in Vietnamese, the default")
  -- "Tính minh bạch" (transparency) folds as "Tỉnh" does, and is not the province; a column
  -- without a name is the province when its values are provinces
  local pci = chiso.dataset{ {"V", {"Đà Nẵng", "Quảng Ninh"}}, {"Tính minh bạch", {6.1, 5.9}},
    {"PCI 2016", {70.0, 65.6}}, {"Xếp hạng", {1, 2}}, {"Nhóm xếp hạng", {"Rất tốt", "Rất tốt"}} }
  T.eq(annex.find_columns(pci, {}, 2016), {province = "V", score = "PCI 2016", rank = "Xếp hạng"},
    "by values")
  local en = chiso.dataset{ {"No.", {1}}, {"Province", {"Hanoi"}}, {"PCI score", {70.1}},
    {"Rank", {4}} }
  T.eq(annex.find_columns(en, {}, 2016), {province = "Province", score = "PCI score", rank = "Rank"},
    "English")
  T.eq(annex.find_columns(en, {score = "3", rank = "rank"}, 2016),
    {province = "Province", score = "PCI score", rank = "Rank"}, "given by place and folded name")
  T.eq(select(2, annex.find_columns(en, {rank = "Hạng"}, 2016, "en")),
    {"no column 'Hạng' for --rank-column (the columns are 'No.', 'Province', 'PCI score', 'Rank')"},
    "a given column that is not there")
  T.eq(select(2, annex.find_columns(en, {rank = "Hạng"}, 2016, "vi")),
    {"không có cột 'Hạng' cho --rank-column (các cột là 'No.', 'Province', 'PCI score', 'Rank')"},
    "a given column that is not there, in Vietnamese")
  T.truthy(not pcall(annex.find_columns, en, {}, 2016, "fr"), "a language chiso does not have")
end)

T.case("annex.check in both languages: ranks missing at the start, a tie that does not skip, text for numbers", function()
  -- Worked by hand. Lines 2-6: ranks 3, 4, 4, 5 and none: the first rank is 3, so ranks 1-2
  -- are missing; Hải Phòng and Đà Nẵng share rank 4 (equal scores), so the next is 6, not 5;
  -- Lào Cai's score "x" is no number and its rank "7.5" no whole number.
  local ds = chiso.dataset{ {"p", {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Lào Cai"}},
    {"s", {"90", "85", "85", "80", "x"}}, {"r", {"3", "4", "4", "5", "7.5"}} }
  local t = {ds = ds, cols = {province = "p", score = "s", rank = "r"}, lines = {2, 3, 4, 5, 6},
             kind = "csv"}
  local function by_line(problems)
    local list = {}
    for _, p in ipairs(problems) do
      if p.line then
        list[#list + 1] = p.line .. ": " .. p.text
      end
    end
    return list
  end
  local _, problems = annex.check(t, 2023, "en")
  T.eq(by_line(problems), {
    "2: ranks 1-2 are missing: the first rank is 3",
    "5: rank 5 should be 6: 2 provinces share rank 4 (lines 3, 4), so the next rank is 6",
    "6: score 'x' is not a number",
    "6: rank '7.5' is not a whole number",
  }, "en")
  T.eq(problems[1].line, nil, "the count first, for the whole table")
  T.truthy(problems[1].text:find("^the table %(lines 2%-6%) has 5 provinces, but a table for 2023 "
    .. "ranks 63 %(not in it: An Giang, "), problems[1].text)
  _, problems = annex.check(t, 2023)
  T.eq(by_line(problems), {
    "2: thiếu các hạng 1-2: hạng đầu tiên là 3",
    "5: hạng 5 phải là 6: 2 tỉnh, thành phố cùng hạng 4 (dòng 3, 4), nên hạng tiếp theo là 6",
    "6: điểm 'x' không phải là số",
    "6: hạng '7.5' không phải là số nguyên",
  }, "vi, the default")
  T.truthy(problems[1].text:find("^bảng %(dòng 2%-6%) có 5 tỉnh, thành phố, nhưng bảng xếp hạng năm "
    .. "2023 phải có 63 %(thiếu: An Giang, "), problems[1].text)
  -- A workbook's rows 2-4: ranks 2, 3, 6: rank 1 is missing, and ranks 4-5 after rank 3 (row 3).
  t = {ds = chiso.dataset{ {"p", {"Hà Nội", "Hải Phòng", "Đà Nẵng"}}, {"s", {90, 85, 80}},
         {"r", {2, 3, 6}} },
       cols = {province = "p", score = "s", rank = "r"}, lines = {2, 3, 4}, kind = "xlsx"}
  _, problems = annex.check(t, 2023, "en")
  T.eq(by_line(problems), {"2: rank 1 is missing: the first rank is 2",
    "4: ranks 4-5 are missing: rank 3 (row 3) is followed by rank 6"}, "en, a workbook")
  _, problems = annex.check(t, 2023, "vi")
  T.eq(by_line(problems), {"2: thiếu hạng 1: hạng đầu tiên là 2",
    "4: thiếu các hạng 4-5: sau hạng 3 (hàng 3) là hạng 6"}, "vi, a workbook")
  T.truthy(problems[1].text:find("^bảng %(hàng 2%-4%) có 3 tỉnh"), problems[1].text)
  T.truthy(not pcall(annex.check, t, 2023, "fr"), "a language chiso does not have")
end)

T.case("annex.number_of: numbers as annexes write them", function()
  local cases = {
    {"85,94", 85.94}, {"85.94", 85.94}, {" 85,94 ", 85.94}, {"85,94%", 85.94}, {"85.94%", 85.94},
    {"85\194\16094", nil}, {"8x,5", nil}, {"1.234,5", nil}, {"", nil}, {90, 90}, {"-3,5", -3.5},
    {"\194\16085,94\194\160", 85.94},
  }
  for _, c in ipairs(cases) do
    T.eq(annex.number_of(c[1]), c[2], string.format("%q", tostring(c[1])))
  end
end)

T.finish()
