-- The CSV reader's fast path (issue 17, csvr_quick_value in src/core/csv/csvread.h): plain
-- numbers and text taken without the general value code must come out as the general code
-- reads them. Each small case is read twice: with footer = 0, where every field of a plain
-- block may take the fast path, and without, where a record's first field waits for the
-- footnote check and takes the general path; both must give the expected values.
--
-- How each text splits into fields is what Python's csv module reads (Python 3.11):
--   python3 -c 'import csv, io; print(list(csv.reader(io.StringIO(TEXT, newline=""))))'
-- e.g. 'a,b\n1,x\n2,"x\ny"\n3,z\n4,w,q\n'
--   -> [['a','b'], ['1','x'], ['2','x\ny'], ['3','z'], ['4','w','q']].
-- Types and values are worked by hand from docs/csv.md; the large files are built from a
-- formula, so what each column holds is known without reading them back.

local T = require "testing"

local null = chiso.null

-- The dataset read from text, with footer = 0 and without; the case checks both.
local function both(text, opts, check)
  for _, footer in ipairs({0, false}) do
    local o = {quiet = true}
    for k, v in pairs(opts or {}) do
      o[k] = v
    end
    if footer then
      o.footer = footer
    end
    local ds, report = T.parse_csv(text, o)
    check(ds, report, footer and "footer = 0" or "default")
  end
end

T.case("'-0' in an int column is kept as written when the column turns to text", function()
  both("a,b\n1,x\n-0,x\nz,x\n", nil, function(ds, report, how)
    T.eq(T.values(ds, "a"), {"1", "-0", "z"}, how)
    T.eq(report.passes, 2, how .. ": read again, '-0' being gone from the ints")
  end)
end)

T.case("an int column meeting a float becomes float, its ints kept", function()
  both("n,t\n1,a\n2.5,a\n-3,a\n", nil, function(ds, _, how)
    T.eq(ds:col("n"):type(), "float", how)
    T.eq(T.values(ds, "n"), {1.0, 2.5, -3.0}, how)
  end)
end)

T.case("a float column meeting text is read again, each value as written", function()
  both("f,t\n1.50,a\n2,a\nx,a\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "f"), {"1.50", "2", "x"}, how)
  end)
end)

T.case("a leading zero is text, '+5' is 5 but comes back as '+5' in text", function()
  both("c,t\n1,a\n01,a\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "c"), {"1", "01"}, how)
  end)
  both("p,t\n+5,a\n7,a\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "p"), {5, 7}, how)
  end)
  both("p,t\n7,a\n+5,a\nx,a\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "p"), {"7", "+5", "x"}, how)
  end)
end)

T.case("numbers past the fast path's 15 digits, and exponents, are read exactly", function()
  both("big,f,e,t\n1234567890123456,0.1234567890123456,1e3,a\n12,0.5,2,a\n", nil,
    function(ds, _, how)
      T.eq(T.values(ds, "big"), {1234567890123456, 12}, how)
      T.eq(T.values(ds, "f"), {0.1234567890123456, 0.5}, how)
      T.eq(T.values(ds, "e"), {1000.0, 2.0}, how)
    end)
end)

T.case("null tokens, the option's own among numbers, and empty fields are null", function()
  both("v,t\n5,a\n-1,a\n7,a\n", {na = {"-1"}}, function(ds, _, how)
    T.eq(T.values(ds, "v"), {5, null, 7}, how)
  end)
  both("v,t\n5,a\nNA,a\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "v"), {5, null}, how)
  end)
  both('v,t\n1,a\n,a\n"",a\n', nil, function(ds, _, how)
    T.eq(T.values(ds, "v"), {1, null, null}, how)
  end)
end)

T.case("a decimal comma and a thousands separator are read as the options say", function()
  both("v;t\n1,5;a\n2;a\n", {decimal = ","}, function(ds, _, how)
    T.eq(T.values(ds, "v"), {1.5, 2.0}, how)
  end)
  both("v;t\n1.234;a\n5;a\n", {decimal = ",", thousands = "."}, function(ds, _, how)
    T.eq(T.values(ds, "v"), {1234, 5}, how)
  end)
end)

T.case("text repeating the value above, or of its length but different, keeps its own value", function()
  both("s,t\nab,1\nab,2\nac,3\nab,4\nabc,5\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "s"), {"ab", "ab", "ac", "ab", "abc"}, how)
    T.eq(ds:distinct("s"):nrow(), 3, how .. ": three distinct values")
  end)
end)

T.case("booleans stay booleans", function()
  both("b,t\ntrue,a\nFALSE,a\n", nil, function(ds, _, how)
    T.eq(T.values(ds, "b"), {true, false}, how)
  end)
end)

T.case("a quoted line break in a text column counts for the lines of later errors", function()
  for _, footer in ipairs({0, -1}) do
    local ds, err = chiso.parse_csv('a,b\n1,x\n2,"x\ny"\n3,z\n4,w,q\n',
      {quiet = true, footer = footer >= 0 and footer or nil})
    T.eq(ds, nil, "no dataset")
    T.truthy(tostring(err):find(":6: row has 3 fields but the header has 2", 1, true),
      "footer " .. footer .. ": the row on line 6: " .. tostring(err))
  end
end)

-- Writes a file of a header and n rows, row i given by line(i); returns its path.
local function make(header, n, line)
  local path = T.tmpname(".csv")
  local f = assert(io.open(path, "wb"))
  f:write(header, "\n")
  local buf = {}
  for i = 1, n do
    buf[#buf + 1] = line(i)
    if #buf == 10000 or i == n then
      f:write(table.concat(buf, "\n"), "\n")
      buf = {}
    end
  end
  f:close()
  return path
end

local N = 300000

T.case("a large file of plain fields, read by two threads, holds what its formula wrote", function()
  -- a: i, but 2.5 on row 250000 (a float column); s: "E" .. i // 100, in runs of 100;
  -- x: (i % 1000) / 100 with two decimals ("2.34" on row 1234)
  local path = make("a,s,x", N, function(i)
    return string.format("%s,E%d,%d.%02d", i == 250000 and "2.5" or tostring(i), i // 100,
      i % 1000 // 100, i % 100)
  end)
  local ds, report = assert(chiso.read_csv(path, {progress = false, quiet = true}))
  T.eq(report.threads, 2, "two threads")
  T.eq(ds:nrow(), N, "rows")
  T.eq(ds:col("a"):type(), "float", "a is float")
  -- 1 + ... + 300000 = 45000150000; less 250000, plus 2.5
  T.eq(ds.a:sum(), 44999900002.5, "sum of a")
  T.eq(ds.a[249999], 249999.0, "a before the float")
  T.eq(ds.s[1], "E0", "s first")
  T.eq(ds.s[N], "E3000", "s last")
  T.eq(ds:distinct("s"):nrow(), 3001, "E0 to E3000")
  T.eq(ds.x[1234], 2.34, "x on row 1234")
  -- each 1000 rows hold 0.00 .. 9.99 once: 4995 a block, 300 blocks
  T.near(ds.x:sum(), 1498500, 1e-6, "sum of x")
end)

T.case("a large file whose int column meets '-0' and then text is read again as written", function()
  local path = make("n,t", N, function(i)
    return (i == 7 and "-0" or i == N and "z" or tostring(i)) .. ",t"
  end)
  local ds, report = assert(chiso.read_csv(path, {progress = false, quiet = true}))
  T.eq(report.passes, 2, "read again")
  T.eq(ds.n[7], "-0", "row 7")
  T.eq(ds.n[8], "8", "row 8")
  T.eq(ds.n[N], "z", "last row")
end)

T.finish()
