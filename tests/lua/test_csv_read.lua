-- Reading well-formed CSV: encodings and line ends, quoting, blank lines,
-- trimming, delimiter detection, type inference and its widenings (with the
-- second pass that keeps the original text), nulls and the na option, the
-- decimal, thousands and types options, ragged rows, the report table and
-- the stderr notes, bad options, and a generated 50,000-row file.
-- Every expected value is written by hand from the input beside it, or
-- computed in Lua from the values the test itself generated.

local T = require "testing"
local lfs = require "lfs"

local N = chiso.null

local parse, values = T.parse_csv, T.values

local types = T.types

-- Encodings and line ends

T.case("a UTF-8 byte-order mark is dropped from the first name", function()
  local ds = parse("\239\187\191tỉnh,điểm\nHuế,79.5\n")
  T.eq(ds:names(), {"tỉnh", "điểm"}, "names")
  T.eq(values(ds, "tỉnh"), {"Huế"}, "tỉnh")
  T.eq(values(ds, "điểm"), {79.5}, "điểm")
end)

T.case("a byte-order mark is dropped by read_csv too", function()
  local path = T.tmpname(".csv")
  T.write(path, "\239\187\191năm\n2023\n")
  local ds = assert(chiso.read_csv(path))
  T.eq(ds:names(), {"năm"}, "names")
  T.eq(values(ds, "năm"), {2023}, "năm")
end)

T.case("CRLF line ends leave no CR in names or values", function()
  local ds = parse("a,b\r\n1,Hà Nội\r\n2,Huế\r\n")
  T.eq(ds:names(), {"a", "b"}, "names")
  T.eq(values(ds, "a"), {1, 2}, "a")
  T.eq(values(ds, "b"), {"Hà Nội", "Huế"}, "b")
end)

T.case("lone CR line ends split rows", function()
  local ds, report = parse("a,b\r1,Hà Nội\r2,Huế\r")
  T.eq(report.rows, 2, "rows")
  T.eq(values(ds, "a"), {1, 2}, "a")
  T.eq(values(ds, "b"), {"Hà Nội", "Huế"}, "b")
end)

T.case("a last line without a line end is read", function()
  local ds = parse("a,b\n1,2\n3,4")
  T.eq(#ds, 2, "rows")
  T.eq(values(ds, "b"), {2, 4}, "b")
end)

-- Quoting

T.case("quoted fields keep delimiters, doubled quotes and newlines", function()
  local ds = parse('tên,ghi chú\n"Hà Nội, Việt Nam","nói ""xin chào"""\n'
    .. '"Huế","dòng một\ndòng hai"\n')
  T.eq(#ds, 2, "rows")
  T.eq(values(ds, "tên"), {"Hà Nội, Việt Nam", "Huế"}, "tên")
  T.eq(values(ds, "ghi chú"), {'nói "xin chào"', "dòng một\ndòng hai"}, "ghi chú")
end)

T.case("a quoted header name may hold a comma and a newline", function()
  local ds = parse('"tên, đầy đủ","ghi\nchú"\nx,y\n')
  T.eq(ds:names(), {"tên, đầy đủ", "ghi\nchú"}, "names")
  T.eq(ds:row(1), {["tên, đầy đủ"] = "x", ["ghi\nchú"] = "y"}, "row 1")
end)

T.case("a quoted number is still a number", function()
  local ds = parse('x\n"12"\n"3"\n')
  T.eq(values(ds, "x"), {12, 3}, "x")
end)

-- Blank lines and spaces

T.case("blank lines are skipped, before the header and between rows", function()
  local ds, report = parse("\n\na,b\n\n1,2\n\n\n3,4\n\n")
  T.eq(ds:names(), {"a", "b"}, "names")
  T.eq(report.rows, 2, "report.rows")
  T.eq(values(ds, "a"), {1, 3}, "a")
end)

T.case("spaces and tabs around fields are kept in text, quoted or not, as Python's csv keeps them", function()
  -- python3: list(csv.reader(io.StringIO(text, newline='')))
  -- [[' a ', ' b ', 'c'], ['  x  ', '  y  ', '\t z\t'], ['   42 ', '\tt ', ' 7 ']]
  local ds = parse(' a , b ,c\n  x  ,"  y  ",\t z\t\n   42 ,"\tt ", 7 \n')
  T.eq(ds:names(), {" a ", " b ", "c"}, "names")
  T.eq(values(ds, " a "), {"  x  ", "   42 "}, "a")
  T.eq(values(ds, " b "), {"  y  ", "\tt "}, "b")
  T.eq(values(ds, "c"), {"\t z\t", " 7 "}, "c is text because of z")
end)

T.case("a number padded with spaces is a number", function()
  local ds = parse("n\n  42  \n\t-7\t\n")
  T.eq(values(ds, "n"), {42, -7}, "n")
end)

-- Delimiters

T.case("a comma file is detected as comma", function()
  local _, report = parse("a,b\n1,2\n")
  T.eq(report.delimiter, ",", "delimiter")
end)

T.case("a semicolon file with decimal commas is detected as semicolon", function()
  local ds, report = parse("tỉnh;điểm\nHà Nội;85,94\nHuế;79,5\n")
  T.eq(report.delimiter, ";", "delimiter")
  T.eq(ds:names(), {"tỉnh", "điểm"}, "names")
  -- without decimal = ",", 85,94 is text
  T.eq(types(ds), {"string", "string"}, "types")
  T.eq(values(ds, "điểm"), {"85,94", "79,5"}, "điểm")
end)

T.case("semicolon wins over a comma that splits the header but not the rows", function()
  -- by comma: header 2 fields, then 2, 1, 1; by semicolon: 2, 2, 2, 2
  local ds, report = parse("tên, đầy đủ;điểm\nHà Nội;85,94\nHuế;80\nĐà Nẵng;79\n")
  T.eq(report.delimiter, ";", "delimiter")
  T.eq(ds:names(), {"tên, đầy đủ", "điểm"}, "names")
  T.eq(values(ds, "điểm"), {"85,94", "80", "79"}, "điểm")
end)

T.case("a tab file is detected as tab", function()
  local ds, report = parse("tỉnh\tđiểm\nHà Nội\t85.94\nHuế\t79.5\n")
  T.eq(report.delimiter, "tab", "delimiter")
  T.eq(values(ds, "điểm"), {85.94, 79.5}, "điểm")
end)

T.case("a one-column file falls back to comma", function()
  local ds, report = parse("tỉnh\nHà Nội\nHuế\n")
  T.eq(report.delimiter, ",", "delimiter")
  T.eq(ds:names(), {"tỉnh"}, "names")
  T.eq(values(ds, "tỉnh"), {"Hà Nội", "Huế"}, "tỉnh")
end)

T.case("a pipe is detected", function()
  local ds, report = parse("a|b\n1|2\n")
  T.eq(report.delimiter, "|", "delimiter")
  T.eq(ds:names(), {"a", "b"}, "names")
  T.eq(values(ds, "b"), {2}, "values")
end)

T.case("delimiter = '|' reads a pipe file", function()
  local ds, report = parse("a|b\n1|Hà Nội\n", {delimiter = "|"})
  T.eq(report.delimiter, "|", "delimiter")
  T.eq(values(ds, "a"), {1}, "a")
  T.eq(values(ds, "b"), {"Hà Nội"}, "b")
end)

T.case("an explicit delimiter overrides detection", function()
  -- comma and semicolon both split this header and row into two fields
  local ds = parse("a;b,c\n1;2,3\n", {delimiter = ","})
  T.eq(ds:names(), {"a;b", "c"}, "names")
  T.eq(values(ds, "a;b"), {"1;2"}, "a;b")
  T.eq(values(ds, "c"), {3}, "c")
end)

T.case("delimiter = 'tab' reads a tab file", function()
  local ds = parse("a\tb\n1,5\t2\n", {delimiter = "tab"})
  T.eq(ds:names(), {"a", "b"}, "names")
  T.eq(values(ds, "a"), {"1,5"}, "a")
end)

-- Type inference

T.case("int: optional sign, digits, and zero alone", function()
  local ds = parse("n\n1\n-2\n+3\n0\n1234567890123\n")
  T.eq(ds:col("n"):type(), "int", "type")
  T.eq(values(ds, "n"), {1, -2, 3, 0, 1234567890123}, "n")
end)

T.case("float: decimal point, leading point, exponent", function()
  local ds = parse("x\n1.5\n-2.25\n.5\n1e-3\n2E+2\n")
  T.eq(ds:col("x"):type(), "float", "type")
  T.eq(values(ds, "x"), {1.5, -2.25, 0.5, 0.001, 200.0}, "x")
end)

T.case("bool: true and false in any letter case", function()
  local ds = parse("b\ntrue\nFALSE\nTrue\nfalse\n")
  T.eq(ds:col("b"):type(), "bool", "type")
  T.eq(values(ds, "b"), {true, false, true, false}, "b")
end)

T.case("string: any value that is not a number or bool", function()
  local ds = parse("s\nabc\n1\n")
  T.eq(ds:col("s"):type(), "string", "type")
  T.eq(values(ds, "s"), {"abc", "1"}, "s")
end)

T.case("int widens to float when a decimal appears", function()
  local ds = parse("x\n1\n2\n2.5\n")
  T.eq(ds:col("x"):type(), "float", "type")
  T.eq(values(ds, "x"), {1.0, 2.0, 2.5}, "x")
end)

T.case("int widens to string after 5000 ints, keeping their text", function()
  local lines = {"x"}
  for i = 1, 5000 do
    lines[#lines + 1] = tostring(i * 7 - 3000)
  end
  lines[#lines + 1] = "Hà Nội"
  local ds = parse(table.concat(lines, "\n") .. "\n")
  T.eq(ds:col("x"):type(), "string", "type")
  local col = ds:col("x")
  T.eq(#col, 5001, "rows")
  T.eq(col[1], "-2993", "row 1")
  T.eq(col[429], "3", "row 429")
  T.eq(col[5000], "32000", "row 5000")
  T.eq(col[5001], "Hà Nội", "row 5001")
end)

T.case("int widens to string keeping '+3' and '-0' as written", function()
  local ds = parse("x\n+3\n-0\n007x\n")
  T.eq(values(ds, "x"), {"+3", "-0", "007x"}, "x")
end)

T.case("bool widens to string keeping the letter case", function()
  local ds = parse("x\nTRUE\nFalse\nabc\n")
  T.eq(values(ds, "x"), {"TRUE", "False", "abc"}, "x")
end)

T.case("float widens to string keeping '1.50' and '1e3' as written", function()
  local ds = parse("x\n1.50\n1e3\n-0.0\n.5\nchữ\n")
  T.eq(ds:col("x"):type(), "string", "type")
  T.eq(values(ds, "x"), {"1.50", "1e3", "-0.0", ".5", "chữ"}, "x")
end)

T.case("float turning to string after 20,000 rows needs a second pass (passes == 2)", function()
  local lines = {"id,x"}
  for i = 1, 20000 do
    -- "1.50", "2.50", ...: text a float cannot give back
    lines[#lines + 1] = i .. "," .. (i % 97) .. ".50"
  end
  lines[#lines + 1] = "20001,không có"
  local ds, report = parse(table.concat(lines, "\n") .. "\n")
  T.eq(report.passes, 2, "report.passes")
  T.eq(types(ds), {"int", "string"}, "types")
  local col = ds:col("x")
  T.eq(col[1], "1.50", "row 1")
  T.eq(col[97], "0.50", "row 97")
  T.eq(col[20000], (20000 % 97) .. ".50", "row 20000")
  T.eq(col[20001], "không có", "row 20001")
  T.eq(ds:col("id")[20001], 20001, "id 20001")
end)

T.case("a plain file is read in one pass", function()
  local _, report = parse("a,b\n1,x\n2,y\n")
  T.eq(report.passes, 1, "report.passes")
end)

T.case("leading zeros stay text: codes 01, 02 keep their zeros", function()
  local ds = parse("mã,tên\n01,Hà Nội\n02,Hà Giang\n10,Cao Bằng\n")
  T.eq(ds:col("mã"):type(), "string", "type")
  T.eq(values(ds, "mã"), {"01", "02", "10"}, "mã")
end)

T.case("zero alone and numbers ending in zero are ints", function()
  local ds = parse("n\n0\n10\n-100\n")
  T.eq(ds:col("n"):type(), "int", "type")
  T.eq(values(ds, "n"), {0, 10, -100}, "n")
end)

T.case("int64 limits are ints", function()
  local ds = parse("n\n9223372036854775807\n-9223372036854775808\n")
  T.eq(ds:col("n"):type(), "int", "type")
  T.eq(values(ds, "n"), {math.maxinteger, math.mininteger}, "n")
end)

T.case("an integer beyond int64 keeps the column as text", function()
  local ds = parse("n\n9223372036854775808\n1\n")
  T.eq(ds:col("n"):type(), "string", "type")
  T.eq(values(ds, "n"), {"9223372036854775808", "1"}, "n")
  ds = parse("n\n-9223372036854775809\n2\n")
  T.eq(values(ds, "n"), {"-9223372036854775809", "2"}, "below min")
end)

T.case("an integer beyond int64 beside floats keeps the column as text", function()
  local ds = parse("n\n1.5\n99999999999999999999\n")
  T.eq(ds:col("n"):type(), "string", "type")
  T.eq(values(ds, "n"), {"1.5", "99999999999999999999"}, "n")
end)

T.case("inf, -inf, nan and infinity in any case are floats", function()
  local ds = parse("x\n1.5\ninf\n-inf\nNaN\nInfinity\n-INFINITY\nINF\n")
  T.eq(ds:col("x"):type(), "float", "type")
  local v = values(ds, "x")
  T.eq(v, {1.5, math.huge, -math.huge, 0 / 0, math.huge, -math.huge, math.huge}, "x")
  T.truthy(v[4] ~= v[4], "row 4 is nan")
end)

T.case("a column of inf only is float", function()
  local ds = parse("x\ninf\n")
  T.eq(ds:col("x"):type(), "float", "type")
  T.eq(values(ds, "x"), {math.huge}, "x")
end)

-- Nulls

T.case("NA, N/A, null and the empty field are null by default", function()
  local ds = parse("a,b\n1,NA\n,N/A\n3,null\n4,x\n")
  T.eq(types(ds), {"int", "string"}, "types")
  T.eq(values(ds, "a"), {1, N, 3, 4}, "a")
  T.eq(values(ds, "b"), {N, N, N, "x"}, "b")
  T.eq(ds:col("b"):nulls(), 3, "b nulls")
  T.eq(ds:col("a")[2], nil, "col[i] is nil for null")
end)

T.case("a row table leaves null fields out", function()
  local ds = parse("tỉnh,năm,điểm\nHuế,,79.5\n")
  T.eq(ds:row(1), {["tỉnh"] = "Huế", ["điểm"] = 79.5}, "row 1")
end)

T.case("na replaces the default tokens", function()
  local ds = parse("a,b\n1,-\nNA,x\n", {na = {"-"}})
  T.eq(values(ds, "a"), {"1", "NA"}, "NA is text")
  T.eq(values(ds, "b"), {N, "x"}, "- is null")
end)

T.case("na = {} reads NA and null as text", function()
  local ds = parse("a\nNA\nnull\nN/A\n", {na = {}})
  T.eq(values(ds, "a"), {"NA", "null", "N/A"}, "a")
end)

T.case("an unquoted empty field is null even with na = {}", function()
  local ds = parse("a,b\n1,\n2,x\n", {na = {}})
  T.eq(values(ds, "b"), {N, "x"}, "b")
end)

T.case("null tokens do not stop a column from being int, float or bool", function()
  local ds = parse("i,f,b\n1,NA,null\nN/A,2.5,true\n3,,FALSE\n")
  T.eq(types(ds), {"int", "float", "bool"}, "types")
  T.eq(values(ds, "i"), {1, N, 3}, "i")
  T.eq(values(ds, "f"), {N, 2.5, N}, "f")
  T.eq(values(ds, "b"), {N, true, false}, "b")
end)

T.case("a column of nulls only is string", function()
  local ds = parse("a,b\n1,\n2,NA\n")
  T.eq(types(ds), {"int", "string"}, "types")
  T.eq(values(ds, "b"), {N, N}, "b")
end)

T.case("a quoted empty field is null in an int column", function()
  local ds = parse('a,b\n1,x\n"",y\n2,z\n')
  T.eq(types(ds), {"int", "string"}, "types")
  T.eq(values(ds, "a"), {1, N, 2}, "a")
end)

T.case("a quoted empty field is the empty string in a string column", function()
  local ds = parse('a,b\n1,x\n2,""\n')
  T.eq(ds:col("b"):type(), "string", "type")
  T.eq(values(ds, "b"), {"x", ""}, "b")
end)

T.case("a quoted empty field before the first text value is the empty string", function()
  -- the column is string (because of x) though "" comes first
  local ds = parse('a,b\n1,""\n2,x\n3,""\n')
  T.eq(types(ds), {"int", "string"}, "types")
  T.eq(values(ds, "b"), {"", "x", ""}, "b")
end)

T.case("a quoted empty field is null in float and bool columns", function()
  local ds = parse('f,b\n"",true\n1.5,""\n')
  T.eq(types(ds), {"float", "bool"}, "types")
  T.eq(values(ds, "f"), {N, 1.5}, "f")
  T.eq(values(ds, "b"), {true, N}, "b")
end)

-- decimal and thousands

T.case("decimal = ',' reads 85,94 as 85.94", function()
  local ds = parse("tỉnh;điểm\nHà Nội;85,94\nHuế;79,5\nĐà Nẵng;80\n", {decimal = ","})
  T.eq(ds:col("điểm"):type(), "float", "type")
  T.eq(values(ds, "điểm"), {85.94, 79.5, 80.0}, "điểm")
end)

T.case("with decimal = ',' a point is not a decimal mark", function()
  local ds = parse("x;y\n85,94;1\n85.94;2\n", {decimal = ","})
  T.eq(ds:col("x"):type(), "string", "type")
  T.eq(values(ds, "x"), {"85,94", "85.94"}, "x keeps its text")
end)

T.case("thousands = '.' reads 1.234.567 as 1234567", function()
  local ds = parse("tỉnh;dân số\nHà Nội;8.053.663\nHuế;1.160.220\nLai Châu;460.196\nX;7\n",
    {thousands = ".", decimal = ","})
  T.eq(ds:col("dân số"):type(), "int", "type")
  T.eq(values(ds, "dân số"), {8053663, 1160220, 460196, 7}, "dân số")
end)

T.case("thousands = '.' with decimal = ',' reads 1.234,5 as 1234.5", function()
  local ds = parse("x\n1.234,5\n12,25\n", {thousands = ".", decimal = ",", delimiter = ";"})
  T.eq(values(ds, "x"), {1234.5, 12.25}, "x")
end)

T.case("thousands groups must be three digits after a first group of 1 to 3", function()
  local ds = parse("a;b;c\n1.234.567;12.34;1234.567\n", {thousands = ".", decimal = ","})
  T.eq(types(ds), {"int", "string", "string"}, "types")
  T.eq(values(ds, "b"), {"12.34"}, "b")
  T.eq(values(ds, "c"), {"1234.567"}, "c")
end)

T.case("without thousands, 1.234.567 is text", function()
  local ds = parse("x\n1.234.567\n")
  T.eq(values(ds, "x"), {"1.234.567"}, "x")
end)

T.case("thousands = ',' reads quoted 1,234 and 12,345,678.5", function()
  local ds = parse('n\n"1,234"\n"12,345,678.5"\n', {thousands = ","})
  T.eq(ds:col("n"):type(), "float", "type")
  T.eq(values(ds, "n"), {1234.0, 12345678.5}, "n")
end)

T.case("thousands = ' ' reads 1 234 567", function()
  local ds = parse("n\n1 234 567\n-12 000\n", {thousands = " "})
  T.eq(values(ds, "n"), {1234567, -12000}, "n")
end)

T.case("thousands = \"'\" reads 1'234'567", function()
  local ds = parse("n\n1'234'567\n", {thousands = "'"})
  T.eq(values(ds, "n"), {1234567}, "n")
end)

T.case("thousands = '' accepts no groups", function()
  local ds = parse('n\n"1,234"\n', {thousands = ""})
  T.eq(values(ds, "n"), {"1,234"}, "n")
end)

-- types

T.case("types by name: digits read as string, ints read as float", function()
  local ds = parse("mã,x\n1,1\n2,2\n", {types = {["mã"] = "string", x = "float"}})
  T.eq(types(ds), {"string", "float"}, "types")
  T.eq(values(ds, "mã"), {"1", "2"}, "mã")
  T.eq(values(ds, "x"), {1.0, 2.0}, "x")
end)

T.case("types by position", function()
  local ds = parse("a,b,c\n1,2,true\n", {types = {"string", "float"}})
  T.eq(types(ds), {"string", "float", "bool"}, "types")
  T.eq(values(ds, "a"), {"1"}, "a")
  T.eq(values(ds, "b"), {2.0}, "b")
end)

T.case("types keep nulls null", function()
  local ds = parse("x,y\n1,\n,2\n", {types = {x = "int", y = "float"}})
  T.eq(values(ds, "x"), {1, N}, "x")
  T.eq(values(ds, "y"), {N, 2.0}, "y")
end)

T.case("types = 'bool' reads any letter case", function()
  local ds = parse("b\nTRUE\nfalse\n", {types = {b = "bool"}})
  T.eq(values(ds, "b"), {true, false}, "b")
end)

T.case("types = 'string' keeps a number's text as written", function()
  local ds = parse("x\n1.50\n+7\n", {types = {x = "string"}})
  T.eq(values(ds, "x"), {"1.50", "+7"}, "x")
end)

T.case("types for a header-only file fix the column types", function()
  local ds = parse("a,b\n", {types = {a = "int", b = "bool"}})
  T.eq(types(ds), {"int", "bool"}, "types")
  T.eq(#ds, 0, "rows")
end)

-- Ragged rows

local ragged_text = "a,b,c\n1,2,3\n4,5\n6\n7,8,9,\n10,11,12\n"

T.case("ragged = 'pad' pads short rows and cuts empty extras", function()
  local ds, report = parse(ragged_text, {ragged = "pad", quiet = true})
  T.eq(report.rows, 5, "report.rows")
  T.eq(report.padded, 2, "report.padded")
  T.eq(report.trimmed, 1, "report.trimmed")
  T.eq(report.skipped, 0, "report.skipped")
  T.eq(values(ds, "a"), {1, 4, 6, 7, 10}, "a")
  T.eq(values(ds, "b"), {2, 5, N, 8, 11}, "b")
  T.eq(values(ds, "c"), {3, N, N, 9, 12}, "c")
end)

T.case("ragged = 'skip' leaves rows of the wrong length out", function()
  local ds, report = parse("a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n", {ragged = "skip", quiet = true})
  T.eq(report.rows, 2, "report.rows")
  T.eq(report.skipped, 2, "report.skipped")
  T.eq(report.padded, 0, "report.padded")
  T.eq(report.trimmed, 0, "report.trimmed")
  T.eq(values(ds, "a"), {1, 6}, "a")
  T.eq(values(ds, "c"), {3, 8}, "c")
end)

T.case("the report of a regular file counts nothing padded or skipped", function()
  local _, report = parse("a,b\n1,2\n")
  T.eq(report, {rows = 1, delimiter = ",", padded = 0, trimmed = 0, skipped = 0, passes = 1,
    threads = 1, notes = {"delimiter ',' (detected)"}}, "report")
end)

-- Runs a chiso script in a fresh process; returns what it wrote to stderr.
local function stderr_of(script)
  local chiso_bin = os.getenv("CHISO") or arg[-1]
  local path = T.tmpname(".lua")
  local err = T.tmpname(".err")
  T.write(path, script)
  local ok = os.execute(string.format("%q %q >/dev/null 2>%q", chiso_bin, path, err))
  local text = T.read(err)
  T.truthy(ok, "the script ran (stderr: " .. text .. ")")
  return text
end

T.case("ragged = 'pad' notes the padded rows on stderr with their lines", function()
  local csv = T.tmpname(".csv")
  -- short rows on lines 4 and 6 (line 5 is blank)
  T.write(csv, "a,b\n1,2\n3,4\n5\n\n6\n7,8\n")
  local err = stderr_of(string.format("assert(chiso.read_csv(%q, {ragged = 'pad'}))", csv))
  T.eq(err, "chiso: note: " .. csv .. ": 2 short rows padded with nulls (lines 4, 6)\n", "stderr")
end)

T.case("parse_csv notes name the source <text>", function()
  local err = stderr_of("assert(chiso.parse_csv('a,b\\n1\\n', {ragged = 'pad'}))")
  T.eq(err, "chiso: note: <text>: 1 short row padded with nulls (line 2)\n", "stderr")
end)

T.case("quiet = true silences the notes", function()
  local err = stderr_of("assert(chiso.parse_csv('a,b\\n1\\n1,2,\\n', "
    .. "{ragged = 'pad', quiet = true}))\n"
    .. "assert(chiso.parse_csv('a,b\\n1\\n', {ragged = 'skip', quiet = true}))")
  T.eq(err, "", "stderr")
end)

T.case("progress = true draws on stderr, progress = false and the default do not", function()
  local csv = T.tmpname(".csv")
  T.write(csv, "a,b\n1,2\n3,4\n")
  local script = "local ds = assert(chiso.read_csv(%q, %s))\nassert(#ds == 2)"
  T.truthy(#stderr_of(string.format(script, csv, "{progress = true}")) > 0, "progress = true")
  T.eq(stderr_of(string.format(script, csv, "{progress = false}")), "", "progress = false")
  -- stderr is a file here, not a terminal
  T.eq(stderr_of(string.format(script, csv, "nil")), "", "default")
end)

-- Header only

T.case("a header-only file has 0 rows and string columns", function()
  local ds, report = parse("tỉnh,năm\n")
  T.eq(#ds, 0, "#ds")
  T.eq(report.rows, 0, "report.rows")
  T.eq(ds:names(), {"tỉnh", "năm"}, "names")
  T.eq(types(ds), {"string", "string"}, "types")
end)

T.case("a header-only file without a line end has 0 rows", function()
  local ds = parse("a,b")
  T.eq(#ds, 0, "#ds")
  T.eq(ds:names(), {"a", "b"}, "names")
end)

-- Options that are misused raise

T.case("an unknown option raises and lists the valid ones", function()
  local ok, err = pcall(function() return chiso.read_csv("x.csv", {delim = ","}) end)
  T.eq(ok, false, "raised")
  T.truthy(err:find("bad argument #2 to 'read_csv' (unknown option 'delim'", 1, true), err)
  for _, name in ipairs({"delimiter", "decimal", "thousands", "na", "ragged", "types",
                         "progress", "quiet"}) do
    T.truthy(err:find(name, 1, true), "message names " .. name .. ": " .. err)
  end
end)

local bad_options = {
  {"delimiter ':'", {delimiter = ":"}},
  {"decimal ';'", {decimal = ";"}},
  {"thousands '_'", {thousands = "_"}},
  {"thousands equal to decimal", {thousands = ".", decimal = "."}},
  {"ragged 'drop'", {ragged = "drop"}},
  {"types {a = 'number'}", {types = {a = "number"}}},
  {"types {[0] = 'int'}", {types = {[0] = "int"}}},
  {"na = 'NA' (not a list)", {na = "NA"}},
  {"na = {1} (not strings)", {na = {1}}},
}
for _, case in ipairs(bad_options) do
  T.case("option " .. case[1] .. " raises a bad argument #2 error", function()
    T.raises(function() return chiso.parse_csv("a\n1\n", case[2]) end,
      "bad argument #2 to 'parse_csv' (", "parse_csv")
    T.raises(function() return chiso.read_csv("a.csv", case[2]) end,
      "bad argument #2 to 'read_csv' (", "read_csv")
  end)
end

-- A generated file of 50,000 rows

T.case("a generated file of 50,000 rows loads with the right counts and sums", function()
  local n = 50000
  local provinces = {"Hà Nội", "Huế", "Đà Nẵng", "Lạng Sơn", "Cà Mau", "Bắc Ninh", "Sóc Trăng"}
  local lines = {"id,tỉnh,điểm,đạt,dân số"}
  local sum_id, sum_score, scores, nulls_score, passed, sum_pop = 0, 0.0, 0, 0, 0, 0
  local count_by_province = {}
  for i = 1, n do
    local province = provinces[i % #provinces + 1]
    count_by_province[province] = (count_by_province[province] or 0) + 1
    -- quarters are exact in binary, so the sum is exact in any order
    local score = (i % 400) / 4
    local score_text = score .. ""
    if i % 11 == 0 then
      score_text = "NA"
      nulls_score = nulls_score + 1
    else
      sum_score = sum_score + score
      scores = scores + 1
    end
    local ok = i % 3 == 0
    if ok then
      passed = passed + 1
    end
    local pop = i * 1000 + 7
    sum_pop = sum_pop + pop
    sum_id = sum_id + i
    lines[#lines + 1] = string.format('%d,"%s",%s,%s,%d', i, province, score_text,
      ok and "true" or "false", pop)
  end
  local path = T.tmpname(".csv")
  T.write(path, table.concat(lines, "\r\n") .. "\r\n")

  local ds, report = assert(chiso.read_csv(path))
  T.eq(#ds, n, "#ds")
  T.eq(report.rows, n, "report.rows")
  T.eq(types(ds), {"int", "string", "float", "bool", "int"}, "types")
  -- 1 + 2 + ... + 50000 = 50000 * 50001 / 2
  T.eq(sum_id, 1250025000, "generator check")
  local got_id, got_score, got_scores, got_passed, got_pop = 0, 0.0, 0, 0, 0
  local got_by_province = {}
  local id, score, ok, pop, province = ds:col("id"), ds:col("điểm"), ds:col("đạt"),
    ds:col("dân số"), ds:col("tỉnh")
  for i = 1, #ds do
    got_id = got_id + id[i]
    if score[i] ~= nil then
      got_score = got_score + score[i]
      got_scores = got_scores + 1
    end
    if ok[i] then
      got_passed = got_passed + 1
    end
    got_pop = got_pop + pop[i]
    got_by_province[province[i]] = (got_by_province[province[i]] or 0) + 1
  end
  T.eq(got_id, 1250025000, "sum of id")
  T.eq(got_score, sum_score, "sum of điểm")
  T.eq(got_scores, scores, "non-null điểm")
  T.eq(score:nulls(), nulls_score, "null điểm")
  T.eq(nulls_score, 4545, "50000 // 11 nulls")
  T.eq(got_passed, 16666, "50000 // 3 passed")
  T.eq(got_pop, sum_pop, "sum of dân số")
  T.eq(got_by_province, count_by_province, "rows per province")
  T.eq(ds:row(12345), {id = 12345, ["tỉnh"] = provinces[12345 % 7 + 1],
    ["điểm"] = (12345 % 400) / 4, ["đạt"] = true, ["dân số"] = 12345007}, "row 12345")
  T.eq(ds:row(44), {id = 44, ["tỉnh"] = provinces[44 % 7 + 1], ["đạt"] = false,
    ["dân số"] = 44007}, "row 44 (null điểm)")
end)

T.finish()
