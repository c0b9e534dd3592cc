-- Reading a large file in two halves at once (src/core/csv/csvpar.c): files of 4 MB
-- and more are cut at the first line feed after their middle and read by two
-- threads. These files are built row by row from a formula, so what each
-- column must hold is known without reading them back: the expected counts,
-- sums and values below are worked out from the formulas (in the comments),
-- not taken from chiso. Where the two halves cannot be read apart (a quote
-- before the cut, a problem after it), the serial reader must take over and
-- say exactly what it says when reading the whole file.

local T = require "testing"

local N = 500000 -- rows: 4.4 MB at the least with the lines below, past the 4 MB threshold

-- Writes a CSV of a header and N rows, row i (from 1) given by line(i).
local function make(header, line, opts)
  opts = opts or {}
  local path = T.tmpname(".csv")
  local f = assert(io.open(path, "wb"))
  local nl = opts.crlf and "\r\n" or "\n"
  f:write((opts.bom and "\xEF\xBB\xBF" or "") .. header .. nl)
  local buf = {}
  for i = 1, N do
    buf[#buf + 1] = line(i)
    if #buf == 10000 then
      f:write(table.concat(buf, nl), nl)
      buf = {}
    end
  end
  if #buf > 0 then
    f:write(table.concat(buf, nl), nl)
  end
  f:close()
  return path
end

local names = {"Hà Nội", "Đà Nẵng", "Thừa Thiên Huế", "Lạng Sơn", "Cà Mau", "An Giang", "Bắc Ninh"}

-- The ordinary file: id, a name from seven, an int that becomes a float late, a flag.
-- id i; name names[i % 7 + 1]; val i, but i + 0.5 for i > 0.9 N; flag true for even i.
local plain = make("id,tỉnh,val,flag", function(i)
  local val = i > 0.9 * N and string.format("%d.5", i) or tostring(i)
  return string.format("%d,%s,%s,%s", i, names[i % 7 + 1], val, i % 2 == 0 and "true" or "false")
end)

T.case("a large file is read by two threads, its columns joined in order", function()
  local ds, report = assert(chiso.read_csv(plain, {progress = false}))
  T.eq(report.threads, 2, "threads")
  T.eq(report.rows, N, "rows")
  T.eq(T.types(ds), {"int", "string", "float", "bool"}, "types")
  -- sum of ids 1..N is N(N+1)/2
  T.eq(ds.id:sum(), N * (N + 1) // 2, "sum of id")
  -- val: 1..N plus 0.5 for each i > 0.9 N, that is for N - floor(0.9 N) rows
  local late = N - math.floor(0.9 * N)
  T.eq(ds.val:sum(), N * (N + 1) / 2 + 0.5 * late, "sum of val")
  T.eq(ds.flag:sum(), N // 2, "true flags")
  for _, i in ipairs({1, 2, N // 2, N // 2 + 1, N // 2 + 2, N - 1, N}) do
    T.eq(ds.id[i], i, "id of row " .. i)
    T.eq(ds["tỉnh"][i], names[i % 7 + 1], "name of row " .. i)
  end
  T.eq(ds["tỉnh"]:n_distinct(), 7, "distinct names")
end)

T.case("one thread (CHISO_THREADS=1) reads the same dataset", function()
  local chiso_bin = assert(os.getenv("CHISO"))
  local out = T.tmpname(".csv")
  local script = T.tmpname(".lua")
  T.write(script, string.format(
    "local d, r = assert(chiso.read_csv(%q, {progress = false})) assert(r.threads == 1) d:to_csv(%q)", plain, out))
  T.truthy(os.execute(string.format("CHISO_THREADS=1 %q --trust %q", chiso_bin, script)), "ran")
  local ds = assert(chiso.read_csv(plain, {progress = false}))
  local mine = T.tmpname(".csv")
  ds:to_csv(mine)
  T.truthy(T.read(out) == T.read(mine), "the same CSV from one thread and from two")
end)

T.case("a byte-order mark, CRLF and a semicolon are read in both halves", function()
  local path = make("a;b", function(i) return string.format("%d;%d,25", i, i) end, {bom = true, crlf = true})
  local ds, report = assert(chiso.read_csv(path, {decimal = ",", progress = false}))
  T.eq(report.threads, 2, "threads")
  T.eq(report.delimiter, ";", "delimiter")
  T.eq(T.types(ds), {"int", "float"}, "types")
  -- b is i + 0.25: the sum is N(N+1)/2 + 0.25 N
  T.eq(ds.b:sum(), N * (N + 1) / 2 + 0.25 * N, "sum of b")
  T.eq(ds:names()[1], "a", "the mark is not part of the first name")
end)

T.case("an int column with text after the cut turns to text, the numbers kept as written", function()
  -- code is i, except "x" .. i for the last ten rows
  local path = make("id,code", function(i) return string.format("%d,%s", i, i > N - 10 and "x" .. i or tostring(i)) end)
  local ds, report = assert(chiso.read_csv(path, {progress = false}))
  T.eq(report.threads, 2, "threads")
  T.eq(T.types(ds), {"int", "string"}, "types")
  T.eq(ds.code[1], "1", "first")
  T.eq(ds.code[N // 2 + 1], tostring(N // 2 + 1), "after the cut")
  T.eq(ds.code[N], "x" .. N, "last")
end)

T.case("a float column with text after the cut is read again, every value as written", function()
  -- p is "i.50" (text that a float cannot give back), "n/a" in the last row
  local path = make("id,p", function(i) return string.format("%d,%s", i, i == N and "n/a" or i .. ".50") end)
  local ds, report = assert(chiso.read_csv(path, {progress = false}))
  T.eq(report.passes, 2, "passes")
  T.eq(T.types(ds), {"int", "string"}, "types")
  T.eq(ds.p[1], "1.50", "first")
  T.eq(ds.p[N - 1], (N - 1) .. ".50", "next to last")
  T.eq(ds.p[N], "n/a", "last")
end)

T.case("nulls only in one half: the other half's type, with the nulls kept", function()
  -- v is empty for i <= N/2, else i; w is NA for i > N/2, else "t" .. i % 3
  local path = make("id,v,w", function(i)
    return string.format("%d,%s,%s", i, i <= N // 2 and "" or tostring(i), i > N // 2 and "NA" or "t" .. i % 3)
  end)
  local ds, report = assert(chiso.read_csv(path, {progress = false}))
  T.eq(report.threads, 2, "threads")
  T.eq(T.types(ds), {"int", "int", "string"}, "types")
  T.eq(ds.v:count(), N - N // 2, "values of v")
  -- v sums i over N/2 < i <= N: N(N+1)/2 - (N/2)(N/2+1)/2
  local h = N // 2
  T.eq(ds.v:sum(), N * (N + 1) // 2 - h * (h + 1) // 2, "sum of v")
  T.eq(ds.w:count(), h, "values of w")
  T.eq(ds.w:n_distinct(), 3, "distinct w")
end)

T.case("a quoted field before the cut: the serial reader reads the file", function()
  -- row 5's name is quoted and holds a comma and a line break
  local path = make("id,name", function(i) return i == 5 and '5,"Huế,\nmiền Trung"' or i .. ",p" .. i % 5 end)
  local ds, report = assert(chiso.read_csv(path, {progress = false}))
  T.eq(report.threads, 1, "threads")
  T.eq(report.rows, N, "rows")
  T.eq(ds.name[5], "Huế,\nmiền Trung", "the quoted field")
  T.eq(ds.id[N], N, "last id")
end)

T.case("a quoted field after the cut is read by the second half", function()
  local path = make("id,name", function(i) return i == N - 2 and i .. ',"a ""quoted"", name"' or i .. ",p" .. i % 5 end)
  local ds, report = assert(chiso.read_csv(path, {progress = false}))
  T.eq(report.threads, 2, "threads")
  T.eq(ds.name[N - 2], 'a "quoted", name', "the quoted field")
  T.eq(ds.name[N - 1], "p" .. (N - 1) % 5, "the next row")
end)

T.case("a bad row after the cut is reported with its line, as one thread reports it", function()
  -- row i is on line i + 1; row N - 3 has three fields
  local path = make("a,b", function(i) return i == N - 3 and i .. ",1,2" or i .. ",1" end)
  local ds, err = chiso.read_csv(path, {progress = false})
  T.eq(ds, nil, "no dataset")
  T.eq(err, string.format("%s:%d: row has 3 fields but the header has 2 (option ragged = \"pad\" or \"skip\" accepts such rows)",
    path, N - 2), "message")
end)

T.case("a bad row before the cut is reported with its line", function()
  local path = make("a,b", function(i) return i == 7 and "7" or i .. ",1" end)
  local ds, err = chiso.read_csv(path, {progress = false})
  T.eq(ds, nil, "no dataset")
  T.truthy(err:find(path .. ":8: row has 1 fields", 1, true), "message: " .. tostring(err))
end)

T.case("rows padded after the cut are noted with their lines", function()
  -- rows N - 9 and N - 4 are short: lines N - 8 and N - 3
  local path = make("a,b,c", function(i) return (i == N - 9 or i == N - 4) and i .. ",1" or i .. ",1,2" end)
  local ds, report = assert(chiso.read_csv(path, {ragged = "pad", quiet = true, progress = false}))
  T.eq(report.padded, 2, "padded")
  T.eq(ds.c:count(), N - 2, "values of c")
  local chiso_bin = assert(os.getenv("CHISO"))
  local script, err = T.tmpname(".lua"), T.tmpname(".err")
  T.write(script, string.format("assert(chiso.read_csv(%q, {ragged = 'pad', progress = false}))", path))
  T.truthy(os.execute(string.format("%q --trust %q 2>%q", chiso_bin, script, err)), "ran")
  T.eq(T.read(err), string.format("chiso: note: %s: 2 short rows padded with nulls (lines %d, %d)\n",
    path, N - 8, N - 3), "stderr")
end)

T.case("blank lines in both halves are not rows", function()
  -- every 1000th row is followed by an empty line
  local path = make("a,b", function(i) return i % 1000 == 0 and i .. ",1\n" or i .. ",1" end)
  local ds, report = assert(chiso.read_csv(path, {progress = false}))
  T.eq(report.threads, 2, "threads")
  T.eq(#ds, N, "rows")
  T.eq(ds.a:count(), N, "no null from a blank line")
end)

T.finish()
