-- read_csv on annex tables (docs/csv.md, "Annex tables"; issue 14): header = false and
-- names, skip, comment, title lines and footnotes found and noted, footer, header_rows,
-- empty columns dropped, repeated names renamed, each with its note and line; a file of
-- more than 4 MB with titles and footnotes read by two threads; files ds:to_csv writes
-- read back whole. Expected tables are written by hand from the inputs (the working in a
-- comment where it is not plain); where pandas reads the same text, the command and its
-- answer are in the comment too (pandas 1.5.3, /usr/bin/python3).

local T = require "testing"

-- parse_csv with quiet = true added to opts.
local function parse(text, opts)
  opts = opts or {}
  opts.quiet = true
  return chiso.parse_csv(text, opts)
end

-- The notes after the delimiter's (always first).
local function notes(report)
  local out = {}
  for i = 2, #report.notes do out[#out + 1] = report.notes[i] end
  return out
end

-- Column name of ds as a list, nulls as "nil".
local function column(ds, name)
  local out = {}
  local col = ds[name]
  for i = 1, ds:nrow() do
    local v = col[i]
    out[i] = v == nil and "nil" or v
  end
  return out
end

local function title_note(line, text)
  return string.format("line %d ('%s') taken for a title above the table and skipped "
    .. "(option skip sets the lines to skip)", line, text)
end

local function footnote_note(line, text)
  return string.format("line %d ('%s') taken for a footnote below the table and dropped "
    .. "(option footer sets the lines to drop)", line, text)
end

-- header = false and names --------------------------------------------------------

T.case("header = false: columns V1, V2..., the first line is data", function()
  -- pandas: read_csv(StringIO("1,2\n3,4\n"), header=None, names=["V1","V2"]) gives
  -- {'V1': [1, 3], 'V2': [2, 4]}
  local ds = assert(parse("1,2\n3,4\n", {header = false}))
  T.eq(ds:names(), {"V1", "V2"})
  T.eq(T.types(ds), {"int", "int"})
  T.eq(column(ds, "V1"), {1, 3})
  T.eq(column(ds, "V2"), {2, 4})
end)

T.case("header = false with names: the names given, types by position", function()
  local ds = assert(parse("01,2\n02,4\n", {header = false, names = {"mã", "điểm"},
                                           types = {"string", "float"}}))
  T.eq(ds:names(), {"mã", "điểm"})
  T.eq(T.types(ds), {"string", "float"})
  T.eq(column(ds, "mã"), {"01", "02"})
end)

T.case("names replace the header's; types by name use the new names", function()
  local ds = assert(parse("x,y\n1,2\n3,4\n", {names = {"p", "q"}, types = {q = "float"}}))
  T.eq(ds:names(), {"p", "q"})
  T.eq(T.types(ds), {"int", "float"})
  T.eq(column(ds, "p"), {1, 3})
end)

T.case("names of the wrong count are an error naming both counts", function()
  local ds, msg = parse("x,y,z\n1,2,3\n", {names = {"p", "q"}})
  T.eq(ds, nil)
  T.eq(msg, "<text>: option 'names' gives 2 names for 3 columns")
end)

T.case("names for the named columns: the header's empty trailing columns are still dropped", function()
  -- the header names 2 of 4 columns; names gives 2; columns 3 and 4 hold nothing
  local ds, r = assert(parse("x,y,,\n1,2,,\n", {names = {"p", "q"}}))
  T.eq(ds:names(), {"p", "q"})
  T.eq(notes(r), {"empty columns dropped: 3, 4"})
end)

-- skip and comment ---------------------------------------------------------------------

T.case("skip = 2: the first two lines are skipped, lines still counted in errors", function()
  -- pandas: read_csv(StringIO("tiêu đề\nghi chú dòng 2\na,b\n1,2\n3,4\n"), skiprows=2)
  -- gives {'a': [1, 3], 'b': [2, 4]}
  local ds, r = assert(parse("tiêu đề\nghi chú dòng 2\na,b\n1,2\n3,4\n", {skip = 2}))
  T.eq(ds:names(), {"a", "b"})
  T.eq(column(ds, "a"), {1, 3})
  T.eq(notes(r), {}, "skip given: no title notes")
  -- line 5 of the file (3 after the skipped 2) is the short row
  local bad, msg = parse("x\r\ny\r\na,b\r\n1,2\r\n3\r\n", {skip = 2})
  T.eq(bad, nil)
  T.eq(msg, "<text>:5: row has 1 fields but the header has 2 (option ragged = \"pad\" or \"skip\" accepts such rows)")
end)

T.case("skip = 1 and a one-cell line after it: the header, not a title", function()
  local ds = assert(parse("Bảng 1\nTỉnh\nHà Nội\nHuế\n", {skip = 1}))
  T.eq(ds:names(), {"Tỉnh"})
  T.eq(column(ds, "Tỉnh"), {"Hà Nội", "Huế"})
end)

T.case("skip = 0: no title detection; a one-cell first line is the header", function()
  local ds, msg = parse("Bảng 1\na,b\n1,2\n", {skip = 0})
  T.eq(ds, nil)
  T.eq(msg, "<text>:2: row has 2 fields but the header has 1 (option ragged = \"pad\" or \"skip\" accepts such rows)")
end)

T.case("comment = '#': lines starting with it are skipped anywhere, a quoted '#' is data", function()
  -- pandas: read_csv(StringIO('#c\na,b\n# x, y\n1,2\n"#3",4\n'), comment="#")
  -- gives {'a': ['1', '#3'], 'b': [2, 4]}
  local ds = assert(parse('#c\na,b\n# x, y\n1,2\n"#3",4\n', {comment = "#"}))
  T.eq(ds:names(), {"a", "b"})
  T.eq(column(ds, "a"), {"1", "#3"})
  T.eq(column(ds, "b"), {2, 4})
end)

T.case("comment: a line inside a quoted field is not a comment; CRLF lines counted once", function()
  -- line 1 header; lines 2-3 one record whose field holds "x\r\n#y"; line 4 a comment;
  -- line 5 a short row: the error names line 5
  local ds = assert(parse('a,b\r\n"x\r\n#y",1\r\n#z\r\n2,3\r\n', {comment = "#"}))
  T.eq(column(ds, "a"), {"x\r\n#y", "2"})
  local bad, msg = parse('a,b\r\n"x\r\n#y",1\r\n#z\r\n2\r\n', {comment = "#"})
  T.eq(bad, nil)
  T.eq(msg, "<text>:5: row has 1 fields but the header has 2 (option ragged = \"pad\" or \"skip\" accepts such rows)")
end)

-- Title lines --------------------------------------------------------------------------

local annex = table.concat({
  "PHỤ LỤC 1;;;;",                 -- 1 title
  "Chỉ số PAR INDEX năm 2023",      -- 2 title
  "",                               -- 3
  ";;;;",                           -- 4 empty cells: passed over without a note
  "Tỉnh;Điểm;Hạng;Nhóm;Ghi chú",   -- 5 header
  "Hà Nội;85,94;1;A;",              -- 6
  "Huế;84,5;2;A;",                  -- 7
  "Cà Mau;80;3;;mới",               -- 8
  "",                               -- 9
  "Nguồn: Bộ Nội vụ;;;;",           -- 10 footnote
  "(*) Điểm trên thang 100",        -- 11 footnote
}, "\n") .. "\n"

T.case("title lines above the header are skipped, each noted with its line and text", function()
  local ds, r = assert(parse(annex, {decimal = ","}))
  T.eq(ds:names(), {"Tỉnh", "Điểm", "Hạng", "Nhóm", "Ghi chú"})
  T.eq(T.types(ds), {"string", "float", "int", "string", "string"})
  T.eq(column(ds, "Điểm"), {85.94, 84.5, 80.0})
  T.eq(column(ds, "Ghi chú"), {"nil", "nil", "mới"})
  T.eq(notes(r), {
    title_note(1, "PHỤ LỤC 1"),
    title_note(2, "Chỉ số PAR INDEX năm 2023"),
    footnote_note(10, "Nguồn: Bộ Nội vụ"),
    footnote_note(11, "(*) Điểm trên thang 100"),
  })
  T.eq(r.rows, 3)
end)

T.case("a title's one cell may be anywhere in its line", function()
  local ds, r = assert(parse(",,Bảng 2,\nx,y,z,w\n1,2,3,4\n"))
  T.eq(ds:names(), {"x", "y", "z", "w"})
  T.eq(notes(r), {title_note(1, "Bảng 2")})
end)

T.case("notes print on stderr unless quiet", function()
  local chiso_bin = assert(os.getenv("CHISO"))
  local csv = T.tmpname(".csv")
  T.write(csv, "Bảng 3\na,b\n1,2\n")
  local script = T.tmpname(".lua")
  T.write(script, string.format("assert(chiso.read_csv(%q))", csv))
  local _, err, status = T.run(string.format("%s --trust %s", T.quote(chiso_bin), T.quote(script)))
  T.eq(status, 0)
  T.eq(err, "chiso: note: " .. csv .. ": " .. title_note(1, "Bảng 3") .. "\n")
end)

T.case("a file's control characters in a note or an error on stderr are shown, not obeyed, in a trusted run too", function()
  local chiso_bin = assert(os.getenv("CHISO"))
  local csv = T.tmpname(".csv")
  -- a C1 CSI (C2 9B) in a repeated name, then OSC 0 (retitle the window)
  T.write(csv, "a\194\155,a\194\155\n1,2\n")
  local script = T.tmpname(".lua")
  T.write(script, string.format("assert(chiso.read_csv(%q, {duplicate_names = arg[1]}))", csv))
  local _, err, status = T.run(string.format("%s --trust %s rename", T.quote(chiso_bin), T.quote(script)))
  T.eq(status, 0)
  -- the names' bytes as outlimit.c's caret notation shows them: ESC ^[, BEL ^G, C1 ?
  T.eq(err, "chiso: note: " .. csv .. ": column 2 repeats the name 'a?'; named 'a?_2'\n")
  T.write(csv, "a\27]0;PWNED\7,a\27]0;PWNED\7\n1,2\n")
  _, err, status = T.run(string.format("%s --trust %s error", T.quote(chiso_bin), T.quote(script)))
  T.eq(status, 1)
  T.truthy(err:find("duplicate column name 'a^[]0;PWNED^G'", 1, true), err)
  T.eq(err:find("\27", 1, true), nil, "no escape on stderr")
end)

T.case("a file of one column has no titles: its first line is the header", function()
  local ds, r = assert(parse("Tỉnh\nHà Nội\n\nHuế\n"))
  T.eq(ds:names(), {"Tỉnh"})
  -- one column: the empty line 3 is a null between Hà Nội and Huế
  T.eq(column(ds, "Tỉnh"), {"Hà Nội", "nil", "Huế"})
  T.eq(notes(r), {})
end)

T.case("a long file of one column is read whole (title lines are looked for in its first lines only)", function()
  local lines = {"mã"}
  for i = 1, 200 do lines[#lines + 1] = "m" .. i end
  local ds, r = assert(parse(table.concat(lines, "\n") .. "\n"))
  T.eq(ds:names(), {"mã"})
  T.eq(ds:nrow(), 200)
  T.eq(ds["mã"][200], "m200")
  T.eq(notes(r), {})
end)

T.case("titles do not reach the columns: a title that is a number leaves an int column int", function()
  local ds, r = assert(parse("2023\nnăm,điểm\n2021,1\n2022,2\n"))
  T.eq(T.types(ds), {"int", "int"})
  T.eq(notes(r), {title_note(1, "2023")})
end)

T.case("header = false after titles: the first line with two values is the first row", function()
  local ds, r = assert(parse("Bảng 4\n1,2\n3,4\n", {header = false}))
  T.eq(ds:names(), {"V1", "V2"})
  T.eq(column(ds, "V1"), {1, 3})
  T.eq(notes(r), {title_note(1, "Bảng 4")})
end)

-- header_rows ---------------------------------------------------------------------------

T.case("header_rows = 2: a merged upper cell carries right, the spec's example", function()
  -- upper Tỉnh;Điểm;;Xếp hạng; and lower ;2023;2024;2023;2024 (the empty upper cells 3 and 5
  -- take Điểm and Xếp hạng from their left; Tỉnh has no lower part)
  local text = "Tỉnh;Điểm;;Xếp hạng;\n;2023;2024;2023;2024\nHà Nội;85,94;86,1;1;1\n"
  local ds = assert(parse(text, {header_rows = 2, decimal = ","}))
  T.eq(ds:names(), {"Tỉnh", "Điểm 2023", "Điểm 2024", "Xếp hạng 2023", "Xếp hạng 2024"})
  T.eq(column(ds, "Điểm 2024"), {86.1})
end)

T.case("header_rows = 2: the same text in both rows names the column once; titles above", function()
  local text = "PHỤ LỤC 3\nTỉnh,Điểm,\nTỉnh,2023,2024\nHuế,1,2\n"
  local ds, r = assert(parse(text, {header_rows = 2}))
  T.eq(ds:names(), {"Tỉnh", "Điểm 2023", "Điểm 2024"})
  T.eq(notes(r), {title_note(1, "PHỤ LỤC 3")})
end)

T.case("header_rows larger than the file is an error", function()
  local ds, msg = parse("a,b\n", {header_rows = 2})
  T.eq(ds, nil)
  T.eq(msg, "<text>: the file has 1 non-empty line, fewer than the 2 of the header (option header_rows)")
end)

-- Empty and repeated names ---------------------------------------------------------------

T.case("columns with an empty name and no value are dropped with a note (Excel's a,b,,,)", function()
  local ds, r = assert(parse("a,b,,,\n1,2,,,\n3,4,,,\n"))
  T.eq(ds:names(), {"a", "b"})
  T.eq(column(ds, "b"), {2, 4})
  T.eq(notes(r), {"empty columns dropped: 3, 4, 5"})
end)

T.case("an empty name over values is an error naming the column and the option", function()
  local ds, msg = parse("a,,c\n1,2,3\n")
  T.eq(ds, nil)
  T.eq(msg, "<text>:1: column 2 has an empty name but holds values (option names can name the columns)")
end)

T.case("a repeated name becomes score_2, then score_3, skipping a name taken", function()
  -- pandas names them score, score.1; chiso's rule (spec): score_2 with a note.
  -- columns: score, score, score_2, score -> score, score_3 (score_2 is column 3's), score_2, score_4
  local ds, r = assert(parse("score,score,score_2,score\n1,2,3,4\n"))
  T.eq(ds:names(), {"score", "score_3", "score_2", "score_4"})
  T.eq(notes(r), {
    "column 2 repeats the name 'score'; named 'score_3'",
    "column 4 repeats the name 'score'; named 'score_4'",
  })
  T.eq(column(ds, "score_4"), {4})
end)

T.case("duplicate_names = 'error' makes a repeated name an error", function()
  local ds, msg = parse("a,score,c,score\n1,2,3,4\n", {duplicate_names = "error"})
  T.eq(ds, nil)
  T.eq(msg, "<text>:1: duplicate column name 'score' (columns 2 and 4)")
end)

T.case("trim = true trims the header's names too", function()
  local ds = assert(parse('" a ","b\t"\n1,2\n', {trim = true}))
  T.eq(ds:names(), {"a", "b"})
end)

-- Footnotes ------------------------------------------------------------------------------

T.case("a row 'Hà Tây,,' at the end of a table is data", function()
  local ds, r = assert(parse("tỉnh,điểm,hạng\nHà Nội,1.5,1\nHà Tây,,\n"))
  T.eq(column(ds, "tỉnh"), {"Hà Nội", "Hà Tây"})
  T.eq(column(ds, "điểm"), {1.5, "nil"})
  T.eq(notes(r), {})
end)

T.case("footnote words and marks in any case, with or without tones", function()
  for _, text in ipairs({"Nguồn: x", "NGUỒN x", "nguon: x", "Ghi chú: x", "GHI CHU", "Chú thích 1",
                         "Lưu ý: x", "Source: GSO", "Sources: GSO", "Note: x", "notes", "* x",
                         "(*) x", "(1) x", "(12) x"}) do
    local ds, r = assert(parse("a,b\n1,2\n" .. text .. ",\n"))
    T.eq(ds:nrow(), 1, text)
    T.eq(notes(r), {footnote_note(3, text)}, text)
  end
end)

T.case("words that only begin like a footnote word are data", function()
  -- "Notebook" is not "Note"; "Nguồnx" neither; "(a)" is not a numbered mark
  for _, text in ipairs({"Notebook", "Nguồnx", "(a) x"}) do
    local ds, r = assert(parse("a,b\n1,2\n" .. text .. ",\n"))
    T.eq(ds:nrow(), 2, text)
    T.eq(notes(r), {}, text)
  end
end)

T.case("a blank line before the last rows makes them footnotes", function()
  -- lines 4 and 5 follow the blank line 3
  local ds, r = assert(parse("a,b\n1,2\n\nHà Tây,\nBảng do Sở lập,\n"))
  T.eq(ds:nrow(), 1)
  T.eq(notes(r), {footnote_note(4, "Hà Tây"), footnote_note(5, "Bảng do Sở lập")})
end)

T.case("a line with fewer fields than the header is a footnote", function()
  local ds, r = assert(parse("a,b,c\n1,2,3\nBảng do Sở lập\n"))
  T.eq(ds:nrow(), 1)
  T.eq(notes(r), {footnote_note(3, "Bảng do Sở lập")})
end)

T.case("a footnote-like line followed by data is data", function()
  -- "Ghi chú,," is followed by the row 4,5,6: it is a row (a, string, with nulls)
  local ds, r = assert(parse("a,b,c\nx,2,3\nGhi chú,,\ny,5,6\n"))
  T.eq(column(ds, "a"), {"x", "Ghi chú", "y"})
  T.eq(column(ds, "b"), {2, "nil", 5})
  T.eq(notes(r), {})
end)

T.case("a footnote-like line, then a row without a mark: both are data", function()
  -- from the end: 'Hà Tây,,' has no mark and no blank before it: data; so 'Nguồn,,' before it too
  local ds, r = assert(parse("a,b,c\nx,2,3\nNguồn: x,,\nHà Tây,,\n"))
  T.eq(column(ds, "a"), {"x", "Nguồn: x", "Hà Tây"})
  T.eq(notes(r), {})
end)

T.case("a number alone in the first cell is data, not a footnote", function()
  local ds, r = assert(parse("a,b\n1,2\n\n3,\n"))
  T.eq(column(ds, "a"), {1, 3})
  T.eq(column(ds, "b"), {2, "nil"})
  T.eq(notes(r), {})
end)

T.case("footnotes never reach the columns: an int column stays int, a float stays float", function()
  local ds = assert(parse("a,b\n1,2.5\n3,4.5\nNguồn: Tổng cục Thống kê,\n", {types = {a = "int"}}))
  T.eq(T.types(ds), {"int", "float"})
  ds = assert(parse("a,b\n1,2.5\n3,4.5\nNguồn: Tổng cục Thống kê,\n"))
  T.eq(T.types(ds), {"int", "float"})
end)

T.case("empty rows between the table and its footnotes go with them, noted", function()
  local ds, r = assert(parse("a,b\n1,2\n,\nNguồn: x,\n"))
  T.eq(ds:nrow(), 1)
  T.eq(notes(r), {"line 3 (no values) dropped with the footnotes below it (option footer sets the lines to drop)",
                  footnote_note(4, "Nguồn: x")})
end)

T.case("at least one data row is kept", function()
  local ds, r = assert(parse("a,b\nNguồn: x,\n"))
  T.eq(ds:nrow(), 1)
  T.eq(column(ds, "a"), {"Nguồn: x"})
  T.eq(notes(r), {})
end)

T.case("one-column tables have no footnotes", function()
  local ds, r = assert(parse("tên\nAn\nNguồn: x\n"))
  T.eq(column(ds, "tên"), {"An", "Nguồn: x"})
  T.eq(notes(r), {})
end)

T.case("ragged = 'skip' and 'pad' read footnotes the same", function()
  for _, ragged in ipairs({"skip", "pad"}) do
    local ds, r = assert(parse("a,b\n1,2\nNguồn: x\n", {ragged = ragged}))
    T.eq(ds:nrow(), 1, ragged)
    T.eq(notes(r), {footnote_note(3, "Nguồn: x")}, ragged)
    T.eq(r.padded + r.skipped, 0, ragged)
  end
end)

T.case("footer = 2 drops the last two records, no detection", function()
  -- pandas: read_csv(StringIO("a,b,c\n1,2,3\n4,5,6\n7,8,9\n"), skipfooter=2, engine="python")
  -- gives {'a': [1], 'b': [2], 'c': [3]}
  local ds, r = assert(parse("a,b,c\n1,2,3\n4,5,6\n7,8,9\n", {footer = 2}))
  T.eq(column(ds, "a"), {1})
  T.eq(notes(r), {})
  -- one column: the empty line is a null row, counted among the records
  ds = assert(parse("x\n1\n\n2\n3\n", {footer = 1}))
  T.eq(column(ds, "x"), {1, "nil", 2})
end)

T.case("footer = 0 keeps every record: a footnote is a row then", function()
  local ds, r = assert(parse("a,b\n1,2\nNguồn: x,\n", {footer = 0}))
  T.eq(column(ds, "a"), {"1", "Nguồn: x"})
  T.eq(notes(r), {})
  local bad, msg = parse("a,b\n1,2\nNguồn: x\n", {footer = 0})
  T.eq(bad, nil)
  T.eq(msg, "<text>:3: row has 1 fields but the header has 2 (option ragged = \"pad\" or \"skip\" accepts such rows)")
end)

T.case("many footnote-like rows in a table are rows, in order", function()
  -- 100 rows "k," then "x,1": none is a footnote (data follows); the holdback keeps order
  local lines = {"a,b"}
  for k = 1, 100 do lines[#lines + 1] = "r" .. k .. "," end
  lines[#lines + 1] = "x,1"
  local ds = assert(parse(table.concat(lines, "\n") .. "\n"))
  T.eq(ds:nrow(), 101)
  T.eq(ds.a[1], "r1")
  T.eq(ds.a[100], "r100")
  T.eq(ds.a[101], "x")
  T.eq(ds.b:nulls(), 100)
end)

-- Two threads ------------------------------------------------------------------------------

-- A file over 4 MB (csvpar.c reads it in two halves): two title lines, a blank line, the
-- header on line 4, N rows of 20 bytes each (line 4 + i for row i), a blank line and two
-- footnotes. Five rows around the cut are "ghi chu ...,," (the only value the first, text
-- beginning with a footnote word), which the first half holds back at its end and must put
-- in as rows at the cut, since rows follow them.
local N = 215000 -- 20 bytes a row: 4.3 MB
local big_head = {"PHỤ LỤC 2,,", "Số liệu mẫu", "", "mã,id,điểm"}
local big_tail = {"", "Nguồn: Bộ Nội vụ", "Ghi chú: mẫu,,"}

local function big_row(i) -- "P0000001,1000001,11": 19 bytes and a line feed
  return string.format("P%07d,%07d,%02d", i, 1000000 + i, 10 + i % 90)
end

local function big_candidate(i) -- "ghi chu 000000001,,": 19 bytes too
  return string.format("ghi chu %09d,,", i)
end

-- Rows r-2 .. r+2, r the row whose line feed the cut follows: csvpar cuts at the first line
-- feed at or after byte size // 2 (0-based), and row r's line feed is at prefix + 20 r - 1.
local prefix = #table.concat(big_head, "\n") + 1
local size = prefix + 20 * N + #table.concat(big_tail, "\n") + 1
local r_cut = (size // 2 - prefix + 1 + 19) // 20
local candidates = {}
for i = r_cut - 2, r_cut + 2 do candidates[i] = true end

local big = T.tmpname(".csv")
do
  local f = assert(io.open(big, "wb"))
  f:write(table.concat(big_head, "\n"), "\n")
  local buf = {}
  for i = 1, N do
    buf[#buf + 1] = candidates[i] and big_candidate(i) or big_row(i)
    if #buf == 10000 then f:write(table.concat(buf, "\n"), "\n") buf = {} end
  end
  if #buf > 0 then f:write(table.concat(buf, "\n"), "\n") end
  f:write(table.concat(big_tail, "\n"), "\n")
  f:close()
  local g = assert(io.open(big, "rb"))
  assert(g:seek("end") == size, "the file is as long as worked out")
  g:close()
end

local big_notes = {
  title_note(1, "PHỤ LỤC 2"),
  title_note(2, "Số liệu mẫu"),
  footnote_note(N + 6, "Nguồn: Bộ Nội vụ"), -- line 4 + N is the last row, N + 5 the blank line
  footnote_note(N + 7, "Ghi chú: mẫu"),
}

T.case("a file over 4 MB with titles and footnotes: two threads, rows held at the cut kept", function()
  local ds, r = assert(chiso.read_csv(big, {quiet = true, progress = false}))
  T.eq(r.threads, 2, "threads")
  T.eq(r.rows, N, "rows")
  T.eq(ds:names(), {"mã", "id", "điểm"})
  T.eq(T.types(ds), {"string", "int", "int"})
  T.eq(notes(r), big_notes)
  local sum = 0
  for i = 1, N do
    if not candidates[i] then sum = sum + 1000000 + i end
  end
  T.eq(ds.id:nulls(), 5, "the held rows' nulls")
  T.eq(ds.id:sum(), sum, "sum of id")
  for i = r_cut - 3, r_cut + 3 do
    T.eq(ds["mã"][i], candidates[i] and string.format("ghi chu %09d", i) or string.format("P%07d", i), "row " .. i)
  end
  T.eq(ds["mã"][N], string.format("P%07d", N))
end)

T.case("the same file read by one thread gives the same dataset and notes", function()
  local chiso_bin = assert(os.getenv("CHISO"))
  local out, notes_out = T.tmpname(".csv"), T.tmpname(".txt")
  local script = T.tmpname(".lua")
  T.write(script, string.format([[
local d, r = assert(chiso.read_csv(%q, {quiet = true, progress = false}))
assert(r.threads == 1)
d:to_csv(%q)
local f = assert(io.open(%q, "w")) f:write(table.concat(r.notes, "\n")) f:close()
]], big, out, notes_out))
  local _, err, status = T.run(string.format("CHISO_THREADS=1 %s --trust %s", T.quote(chiso_bin), T.quote(script)))
  T.eq(status, 0, err)
  local ds, r = assert(chiso.read_csv(big, {quiet = true, progress = false}))
  local mine = T.tmpname(".csv")
  ds:to_csv(mine)
  T.truthy(T.read(out) == T.read(mine), "the same CSV from one thread and from two")
  T.eq(T.read(notes_out), table.concat(r.notes, "\n"))
end)

T.case("a 1.6 MB file read by one thread: footnote-like rows before and in the last MB are rows", function()
  -- 80000 rows of 20 bytes; rows 10 (far from the end) and 79990 (in the last megabyte, where
  -- first fields are held back) are "ghi chu ...,,", each followed by rows: data. Then a blank
  -- line (80002) and a footnote (80003).
  local lines = {"mã,id,điểm"}
  for i = 1, 80000 do
    lines[#lines + 1] = (i == 10 or i == 79990) and big_candidate(i) or big_row(i)
  end
  lines[#lines + 1] = ""
  lines[#lines + 1] = "Nguồn: mẫu"
  local path = T.tmpname(".csv")
  T.write(path, table.concat(lines, "\n") .. "\n")
  local ds, r = assert(chiso.read_csv(path, {quiet = true, progress = false}))
  T.eq(r.threads, 1)
  T.eq(ds:nrow(), 80000)
  T.eq(ds["mã"][10], string.format("ghi chu %09d", 10))
  T.eq(ds["mã"][79990], string.format("ghi chu %09d", 79990))
  T.eq(ds.id:nulls(), 2)
  T.eq(notes(r), {footnote_note(80003, "Nguồn: mẫu")})
end)

-- Round trips ------------------------------------------------------------------------------

T.case("ds:to_csv of a dataset whose last rows have nulls reads back whole", function()
  local d = chiso.dataset{
    {"tỉnh", {"Hà Nội", "Hà Tây", "Ghi chép", chiso.null}},
    {"điểm", {1.5, chiso.null, chiso.null, chiso.null}},
    {"hạng", {1, chiso.null, chiso.null, chiso.null}},
  }
  local text = d:to_csv()
  -- written: "Hà Tây,," and "Ghi chép,," and ",," at the end
  local back, r = assert(chiso.parse_csv(text, {types = d:types(), quiet = true}))
  T.eq(back:nrow(), 4)
  T.eq(column(back, "tỉnh"), {"Hà Nội", "Hà Tây", "Ghi chép", "nil"})
  T.eq(notes(r), {})
  T.eq(back:to_csv(), text)
end)

-- Workbooks: the same options -------------------------------------------------------------

T.case("read_xlsx takes duplicate_names and comment as read_csv does", function()
  local python = "/usr/bin/python3"
  local book = T.tmpname(".xlsx")
  local script = T.tmpname(".py")
  T.write(script, table.concat({
    "import openpyxl, sys",
    "wb = openpyxl.Workbook()",
    "s = wb.active",
    "s.append(['# ghi chú của người nhập'])",
    "s.append(['a', 'score', 'c', 'score'])",
    "s.append([1, 2, 3, 4])",
    "s.append(['# dòng bỏ'])",
    "s.append([5, 6, 7, 8])",
    "wb.save(sys.argv[1])",
  }, "\n") .. "\n")
  T.truthy(os.execute(string.format("%s %q %q", python, script, book)), "openpyxl writes the book")
  local ds, r = assert(chiso.read_xlsx(book, {comment = "#", quiet = true}))
  T.eq(ds:names(), {"a", "score", "c", "score_2"})
  T.eq(column(ds, "score_2"), {4, 8})
  T.eq(r.notes, {"column D repeats the name 'score'; named 'score_2'"})
  local bad, msg = chiso.read_xlsx(book, {comment = "#", duplicate_names = "error", quiet = true})
  T.eq(bad, nil)
  T.eq(msg, book .. ": sheet 'Sheet': duplicate column name 'score' (columns B and D)")
  -- the CSV of the same cells reads to the same names
  local csv = assert(chiso.parse_csv("# ghi chú\na,score,c,score\n1,2,3,4\n# dòng bỏ\n5,6,7,8\n",
                                     {comment = "#", quiet = true}))
  T.eq(csv:names(), ds:names())
end)

T.finish()
