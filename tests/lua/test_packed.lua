-- Ints and dictionary ids are kept in as few bytes as a column's values need
-- (1, 2, 4 or 8; docs/design.md, "Columns"). Nothing of that may show: these
-- cases put values at each edge of int8, int16 and int32 (and int64) through
-- reading, arithmetic (whose results may need more bytes than its operands),
-- comparisons, sorting, ranking, lag and diff, concatenation and writing, and
-- string and group keys past 256 and 65,536 distinct values. Expected values
-- are worked by hand in the comments; none comes from chiso.

local T = require "testing"

local N = chiso.null
local MAX, MIN = math.maxinteger, math.mininteger

-- Each column holds the two edges of one width and a value just past them.
local csv = T.tmpname(".csv")
T.write(csv, table.concat({
  "i8,i16,i32,i64",
  "-128,-32768,-2147483648,-9223372036854775808",
  "127,32767,2147483647,9223372036854775807",
  "0,0,0,0",
  "-1,-129,-32769,-2147483649",
  "1,128,32768,2147483648",
}, "\n") .. "\n")

local d = assert(chiso.read_csv(csv))

T.case("values at each width's edges read back exactly", function()
  T.eq(d.i8:totable(), {-128, 127, 0, -1, 1}, "i8")
  T.eq(d.i16:totable(), {-32768, 32767, 0, -129, 128}, "i16")
  T.eq(d.i32:totable(), {-2147483648, 2147483647, 0, -32769, 32768}, "i32")
  T.eq(d.i64:totable(), {MIN, MAX, 0, -2147483649, 2147483648}, "i64")
  local types = d:types()
  T.eq({types[1], types[2], types[3], types[4]}, {"int", "int", "int", "int"}, "types")
end)

T.case("arithmetic leaves a column's width when its results need it", function()
  -- -128 + 1 = -127, 127 + 1 = 128 (past int8), 0 + 1, -1 + 1, 1 + 1
  T.eq((d.i8 + 1):totable(), {-127, 128, 1, 0, 2}, "i8 + 1")
  -- -128 - 1 = -129 (past int8), 127 - 1, 0 - 1, -1 - 1, 1 - 1
  T.eq((d.i8 - 1):totable(), {-129, 126, -1, -2, 0}, "i8 - 1")
  -- i16 - i8 row by row: -32768 - -128 = -32640, 32767 - 127 = 32640, 0, -129 - -1 = -128, 128 - 1
  T.eq((d.i16 - d.i8):totable(), {-32640, 32640, 0, -128, 127}, "i16 - i8")
  -- 32767 * 1000 = 32767000 (past int16); -32768 * 1000 = -32768000
  T.eq((d.i16 * 1000):totable(), {-32768000, 32767000, 0, -129000, 128000}, "i16 * 1000")
  -- 2147483647 + 2147483647 = 4294967294 (past int32)
  T.eq((d.i32 + d.i32):totable(), {-4294967296, 4294967294, 0, -65538, 65536}, "i32 + i32")
  -- int64 wraps as Lua's integers do: MAX + 1 = MIN, MIN - 1 = MAX
  T.eq((d.i64 + 1):totable(), {MIN + 1, MIN, 1, -2147483648, 2147483649}, "i64 + 1")
  T.eq((d.i64 - 1):totable(), {MAX, MAX - 1, -1, -2147483650, 2147483647}, "i64 - 1")
  -- floor division and modulo: -128 // 2 = -64, 127 // 2 = 63, -1 // 2 = -1; -1 % 2 = 1
  T.eq((d.i8 // 2):totable(), {-64, 63, 0, -1, 0}, "i8 // 2")
  T.eq((d.i8 % 2):totable(), {0, 1, 0, 1, 1}, "i8 % 2")
  -- unary minus: -(-128) = 128 (past int8); -MIN wraps to MIN
  T.eq((-d.i8):totable(), {128, -127, 0, 1, -1}, "-i8")
  T.eq((-d.i64):totable(), {MIN, -MAX, 0, 2147483649, -2147483648}, "-i64")
end)

T.case("comparisons with a number on every width", function()
  T.eq(d.i8:eq(127):totable(), {false, true, false, false, false}, "i8 == 127")
  T.eq(d.i16:gt(0):totable(), {false, true, false, false, true}, "i16 > 0")
  T.eq(d.i32:lt(0):totable(), {true, false, false, true, false}, "i32 < 0")
  T.eq(d.i64:ge(2147483648):totable(), {false, true, false, false, true}, "i64 >= 2^31")
  -- a number beyond the column's width: nothing in an int8 column equals 1000 or passes -1000
  T.eq(d.i8:eq(1000):totable(), {false, false, false, false, false}, "i8 == 1000")
  T.eq(d.i8:gt(-1000):totable(), {true, true, true, true, true}, "i8 > -1000")
  T.eq(#d:where("i16", "<=", -129), 2, "where i16 <= -129: rows 1 and 4")
end)

T.case("sorting and ranking narrow columns with negative values", function()
  -- i16 ascending: -32768 (row 1), -129 (row 4), 0 (row 3), 128 (row 5), 32767 (row 2)
  T.eq(d:sort("i16").i16:totable(), {-32768, -129, 0, 128, 32767}, "sorted")
  -- descending ranks of i8: 127 first, then 1, 0, -1, -128
  T.eq(d:rank("i8", {desc = true, name = "r"}).r:totable(), {5, 1, 3, 4, 2}, "rank")
  T.eq(d.i32:max(), 2147483647, "max")
  T.eq(d.i8:min(), -128, "min")
  T.eq(d.i16:sum(), -32768 + 32767 + 0 - 129 + 128, "sum")
end)

T.case("lag and diff over narrow columns", function()
  local p = chiso.dataset{
    {"k", {"a", "a", "a", "b", "b"}},
    {"t", {1, 2, 3, 1, 2}},
    {"v", {-128, 127, 5, 32767, -32768}},
  }
  T.eq(p:lag("v", {by = "k", time = "t", name = "l"}).l:totable(), {N, -128, 127, N, 32767}, "lag")
  -- diffs: 127 - -128 = 255, 5 - 127 = -122; -32768 - 32767 = -65535 (past int16)
  T.eq(p:diff("v", {by = "k", time = "t", name = "d"}).d:totable(), {N, 255, -122, N, -65535}, "diff")
end)

T.case("concatenating columns of different widths keeps every value", function()
  local a = chiso.dataset{x = {1, -2}}
  local b = chiso.dataset{x = {MAX, 40000}}
  T.eq(chiso.reshape.concat(a, b, a).x:totable(), {1, -2, MAX, 40000, 1, -2}, "concat")
end)

T.case("writing narrow columns gives back the file's values", function()
  local out = T.tmpname(".csv")
  assert(d:to_csv(out))
  T.eq(T.read(out), T.read(csv), "round trip")
end)

-- n rows of k distinct names and their row numbers: row i holds name i % k.
local function names(n, k)
  local name, num = {}, {}
  for i = 1, n do
    name[i] = string.format("xã %d", (i - 1) % k)
    num[i] = i
  end
  return chiso.dataset{ {"name", name}, {"i", num} }
end

for _, k in ipairs{255, 256, 257, 65536, 65537} do
  T.case(string.format("%d distinct strings: keys, groups and order", k), function()
    local n = k + 3 -- names 0, 1 and 2 appear twice
    local x = names(n, k)
    local g = x:group_by("name"):agg{ {"count", "count"}, {"sum_i", "sum", "i"} }
    T.eq(#g, k, "groups")
    -- group_by sorts its keys by their bytes: "xã 0", "xã 1", "xã 10", ...; "xã 0" holds rows 1 and k + 1
    local first = g:head(1)
    T.eq(first.name:totable(), {"xã 0"}, "first key")
    T.eq(first.count:totable(), {2}, "rows of xã 0")
    T.eq(first.sum_i:totable(), {1 + (k + 1)}, "sum of xã 0")
    local last = string.format("xã %d", k - 1)
    T.eq(#x:where("name", "==", last), 1, "where ==")
    T.eq(x:where("name", "==", last).i:totable(), {k}, "the row of the last name")
    T.eq(#x:distinct("name"), k, "distinct")
    -- sorted by name, the last row holds the greatest name by bytes: "xã 99", "xã 999" or "xã 9999"
    local top = k > 10000 and "xã 9999" or k > 1000 and "xã 999" or "xã 99"
    T.eq(x:sort("name").name[n], top, "greatest name")
  end)
end

T.finish()
