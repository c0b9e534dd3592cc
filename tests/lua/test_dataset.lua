-- The Lua face of a dataset: building from tables, columns, rows, head and
-- tail, nulls, misuse errors, sharing, and the library's set-up (lfs,
-- require "chiso", paths). Expected values are written out by hand.

local T = require "testing"

local function sample()
  return chiso.dataset{
    {"province", {"Lạng Sơn", "Hà Nội", chiso.null, "Đà Nẵng"}},
    {"year", {2023, 2023, 2022, 2023}},
    {"score", {85.94, 89.5, 80.0, chiso.null}},
    {"ranked", {true, false, chiso.null, true}},
  }
end

T.case("ordered form keeps the column order given", function()
  local d = sample()
  T.eq(d:names(), {"province", "year", "score", "ranked"}, "names")
  T.eq(#d, 4, "#d")
  T.eq(d:nrow(), 4, "nrow")
  T.eq(d:ncol(), 4, "ncol")
end)

T.case("types follow the values: int, float, string, bool", function()
  local types = sample():types()
  T.eq({types[1], types[2], types[3], types[4]}, {"string", "int", "float", "bool"}, "by position")
  T.eq(types.score, "float", "by name")
end)

T.case("named form orders columns by name", function()
  local d = chiso.dataset{zeta = {1}, alpha = {"a"}, mid = {true}}
  T.eq(d:names(), {"alpha", "mid", "zeta"}, "names")
end)

T.case("integers mixed with floats make a float column", function()
  local d = chiso.dataset{x = {1, 2.5, 3}}
  T.eq(d:types()[1], "float", "type")
  T.eq(d.x:totable(), {1.0, 2.5, 3.0}, "values are floats")
end)

T.case("a column of nulls only is a string column", function()
  local d = chiso.dataset{x = {chiso.null, chiso.null}}
  T.eq(d:types()[1], "string", "type")
  T.eq(d.x:nulls(), 2, "nulls")
end)

T.case("an empty table gives an empty dataset", function()
  local d = chiso.dataset{}
  T.eq(#d, 0, "rows")
  T.eq(d:ncol(), 0, "columns")
end)

T.case("mixing strings and numbers names the column and the rows", function()
  T.raises(function() chiso.dataset{code = {1, 2, "03"}} end,
    "column 'code' mixes integer values (row 1) and string values (row 3)")
  T.raises(function() chiso.dataset{flag = {true, 1.5}} end,
    "column 'flag' mixes boolean values (row 1) and float values (row 2)")
end)

T.case("columns of different lengths are an error", function()
  T.raises(function() chiso.dataset{ {"a", {1, 2}}, {"b", {1}} } end,
    "column 'b' has 1 rows but column 'a' has 2")
end)

T.case("duplicate and empty names are errors", function()
  T.raises(function() chiso.dataset{ {"a", {1}}, {"a", {2}} } end,
    "duplicate column name 'a' (columns 1 and 2)")
  T.raises(function() chiso.dataset{ {"", {1}} } end, "column 1 has an empty name")
end)

T.case("values that are not data are an error", function()
  T.raises(function() chiso.dataset{x = {1, {}}} end, "column 'x' row 2 holds a table")
  T.raises(function() chiso.dataset{x = 5} end, "column 'x' must be an array or a column")
  T.raises(function() chiso.dataset{1, 2} end, "keys must be column names")
end)

T.case("strings must be UTF-8, and names free of NUL bytes", function()
  T.raises(function() chiso.dataset{x = {"ok", "Ha\224 No\226i"}} end,
    "column 'x' row 2 is not valid UTF-8")
  T.raises(function() chiso.dataset{ {"a\0b", {1}} } end, "is not UTF-8 text without NUL bytes")
end)

T.case("a name with a NUL byte finds no column, even when its start is a column's name", function()
  local d = chiso.dataset{a = {1}}
  T.raises(function() return d["a\0b"] end, "dataset has no column or method")
  T.raises(function() d:col("a\0") end, "no column")
end)

T.case("col(name), col(i) and ds.name give the same column", function()
  local d = sample()
  T.eq(d:col("year"):totable(), {2023, 2023, 2022, 2023}, "col(name)")
  T.eq(d:col(2):totable(), {2023, 2023, 2022, 2023}, "col(i)")
  T.eq(d.year:totable(), {2023, 2023, 2022, 2023}, "ds.year")
  T.eq(d.year:type(), "int", "type")
  T.eq(d.year:name(), "year", "name")
  T.eq(#d.year, 4, "#col")
end)

T.case("col[i] gives values, nil for null, and an error out of range", function()
  local c = sample().score
  T.eq(c[1], 85.94, "c[1]")
  T.eq(c[4], nil, "null")
  T.raises(function() return c[5] end, "column index 5 is out of range; the column has 4 values")
  T.raises(function() return c[0] end, "column index 0 is out of range")
end)

T.case("totable marks nulls with chiso.null", function()
  local t = sample().province:totable()
  T.eq(t[3], chiso.null, "null sentinel")
  T.eq(#t, 4, "no holes")
  T.eq(tostring(chiso.null), "null", "tostring")
end)

T.case("row(i) leaves null fields out; rows() walks every row", function()
  local d = sample()
  T.eq(d:row(1), {province = "Lạng Sơn", year = 2023, score = 85.94, ranked = true}, "row 1")
  T.eq(d:row(3), {year = 2022, score = 80.0}, "row 3 with nulls")
  local seen = {}
  for i, row in d:rows() do
    seen[#seen + 1] = i .. ":" .. row.year
  end
  T.eq(seen, {"1:2023", "2:2023", "3:2022", "4:2023"}, "rows()")
end)

T.case("head and tail take rows from either end", function()
  local d = sample()
  T.eq(d:head(2).province:totable(), {"Lạng Sơn", "Hà Nội"}, "head(2)")
  T.eq(d:tail(1).province:totable(), {"Đà Nẵng"}, "tail(1)")
  T.eq(#d:head(10), 4, "head past the end")
  T.eq(#d:head(0), 0, "head(0)")
  T.eq(d:head(0):names(), d:names(), "head(0) keeps the columns")
  T.eq(d:tail(2).score:totable(), {80.0, chiso.null}, "tail keeps nulls")
end)

T.case("misuse names the function and the argument", function()
  local d = sample()
  T.raises(function() d:col("scroe") end,
    "bad argument #1 to 'col' (no column 'scroe'; did you mean 'score'? the columns are: province, year, score, ranked)")
  T.raises(function() return d.scroe end, "dataset has no column or method 'scroe'")
  T.raises(function() d:row(5) end, "bad argument #1 to 'row' (row 5 is out of range; the dataset has 4 rows)")
  T.raises(function() d:row("x") end, "bad argument #1 to 'row' (number expected, got string)")
  T.raises(function() d:head(-1) end, "bad argument #1 to 'head' (row count must not be negative)")
  T.raises(function() d:col(9) end, "column 9 is out of range; the dataset has 4 columns")
  T.raises(function() return d[1] end, "use ds:row(i) for a row")
  T.raises(function() d.names(42) end, "chiso.Dataset expected, got number")
end)

T.case("columns are read-only", function()
  local c = sample().year
  T.raises(function() c[1] = 5 end, "columns are read-only")
end)

T.case("a column can be shared into a new dataset", function()
  local d = sample()
  local e = chiso.dataset{ {"p", d.province}, {"y", d.year} }
  T.eq(e.p:totable(), d.province:totable(), "shared values")
  T.eq(e:types()[2], "int", "type kept")
end)

T.case("a dataset lives on after the names used to reach it are gone", function()
  local col
  do
    local d = sample()
    col = d.score
  end
  collectgarbage()
  collectgarbage()
  T.eq(col[2], 89.5, "column outlives its dataset")
end)

T.case("to-be-closed datasets close without harm", function()
  do
    local d <close> = sample()
    T.eq(#d, 4, "usable inside the block")
  end
end)

T.case("methods added to chiso.Dataset reach every dataset", function()
  chiso.Dataset.first_name = function(ds) return ds:names()[1] end
  T.eq(sample():first_name(), "province", "new method")
  chiso.Dataset.first_name = nil
end)

T.case("a large dataset built from Lua keeps every value", function()
  local ints, floats, names = {}, {}, {}
  for i = 1, 100000 do
    ints[i] = i
    floats[i] = i / 4
    names[i] = "tỉnh " .. (i % 63)
  end
  local d = chiso.dataset{ {"i", ints}, {"f", floats}, {"n", names} }
  local si, sf = 0, 0
  for _, v in ipairs(d.i:totable()) do si = si + v end
  for _, v in ipairs(d.f:totable()) do sf = sf + v end
  T.eq(si, 5000050000, "sum of 1..100000 is n(n+1)/2")
  T.eq(sf, 5000050000 / 4, "sum of i/4")
  T.eq(d.n[64], "tỉnh 1", "64 % 63 = 1")
end)

T.case("lfs is preloaded and chiso is the required library", function()
  local lfs = require "lfs"
  T.eq(type(lfs.attributes), "function", "lfs")
  T.truthy(require "chiso" == chiso, "require 'chiso' is the global")
  T.eq(lfs.attributes(chiso.paths.lua .. "/chiso/init.lua", "mode"), "file", "paths.lua")
  T.eq(lfs.attributes(chiso.paths.data .. "/par_index.csv", "mode"), "file", "paths.data")
end)

-- The searcher host.c adds after package.preload: CHISO_PATH's folders, then chiso's lua/;
-- package.path is left as Lua sets it, as lua leaves it.
T.case("modules are found in CHISO_PATH's folders, then chiso's, before package.path", function()
  local searcher = package.searchers[2]
  T.eq(select(2, searcher("testing")), os.getenv("CHISO_PATH") .. "/testing.lua", "CHISO_PATH")
  T.eq(select(2, searcher("chiso.cli")), chiso.paths.lua .. "/chiso/cli.lua", "chiso's own")
  T.eq(select("#", searcher("no_such_module")), 0, "nothing for a module in neither")
  T.truthy(not package.path:find(chiso.paths.lua, 1, true), "package.path is Lua's own")
end)

T.case("memory is counted and returned to the count when freed", function()
  collectgarbage()
  local before = chiso.memory()
  local d = chiso.dataset{x = {1, 2, 3}}
  T.truthy(chiso.memory() > before, "memory grows with a dataset")
  d = nil
  collectgarbage()
  collectgarbage()
  T.truthy(chiso.memory() <= before, "and comes back")
  T.raises(function() chiso.memory("bogus") end, "invalid option 'bogus'")
end)

T.finish()
