-- Choosing rows and columns: where, select, drop, rename, mutate, sort,
-- slice. Expected results are written out by hand from the small inputs;
-- the Vietnamese order follows the alphabet a ă â b c d đ e ê g h i k l m
-- n o ô ơ p q r s t u ư v x y, tones after letters.

local T = require "testing"

local N = chiso.null

local d = chiso.dataset{
  {"province", {"Lạng Sơn", "Hà Nội", "Cao Bằng", "Huế", "Lạng Sơn", "Bắc Kạn"}},
  {"year", {2023, 2023, 2023, 2022, 2022, 2023}},
  {"score", {85.94, 91.43, N, 87.2, 83.1, 78.9}},
  {"rank", {47, 3, 63, 12, 54, N}},
}

local function col(ds, name)
  return ds:col(name):totable()
end

T.case("where(col, op, value) for each comparison", function()
  T.eq(col(d:where("year", "==", 2022), "province"), {"Huế", "Lạng Sơn"}, "==")
  T.eq(col(d:where("year", "~=", 2022), "rank"), {47, 3, 63, N}, "~=")
  T.eq(col(d:where("year", "!=", 2022), "rank"), {47, 3, 63, N}, "!= as ~=")
  T.eq(col(d:where("score", "<", 85), "province"), {"Lạng Sơn", "Bắc Kạn"}, "<")
  T.eq(col(d:where("score", "<=", 85.94), "rank"), {47, 54, N}, "<=")
  T.eq(col(d:where("rank", ">", 47), "province"), {"Cao Bằng", "Lạng Sơn"}, ">")
  T.eq(col(d:where("rank", ">=", 47), "province"), {"Lạng Sơn", "Cao Bằng", "Lạng Sơn"}, ">=")
  T.eq(col(d:where("province", "==", "Lạng Sơn"), "year"), {2023, 2022}, "string ==")
end)

T.case("a null never satisfies a comparison; is_null and not_null find them", function()
  -- score is null in row 3: neither < 100 nor >= 0
  T.eq(#d:where("score", "<", 100), 5, "< 100")
  T.eq(#d:where("score", ">=", 0), 5, ">= 0")
  T.eq(col(d:where("score", "is_null"), "province"), {"Cao Bằng"}, "is_null")
  T.eq(col(d:where("rank", "not_null"), "rank"), {47, 3, 63, 12, 54}, "not_null")
end)

T.case("where with in, and with a list of conditions (all must hold)", function()
  T.eq(col(d:where("province", "in", {"Huế", "Bắc Kạn", "Đà Nẵng"}), "province"), {"Huế", "Bắc Kạn"}, "in")
  T.eq(col(d:where{ {"year", ">=", 2023}, {"rank", "<", 50} }, "province"), {"Lạng Sơn", "Hà Nội"}, "and")
  T.eq(#d:where{}, 6, "no conditions keep every row")
end)

T.case("where with a boolean column and with a function of the row", function()
  T.eq(col(d:where(d.year:eq(2023) & d.score:gt(80)), "province"), {"Lạng Sơn", "Hà Nội"}, "column")
  T.eq(col(d:where(function(r) return r.rank and r.rank % 2 == 1 end), "rank"), {47, 3, 63}, "function")
end)

T.case("where keeps every column, types included, and an empty result has them too", function()
  local none = d:where("year", "==", 1999)
  T.eq(#none, 0, "no rows")
  T.eq(none:names(), {"province", "year", "score", "rank"}, "names")
  T.eq(T.types(none), {"string", "int", "float", "int"}, "types")
end)

T.case("where's errors name the argument and the problem", function()
  T.raises(function() d:where("yaer", "==", 1) end, "no column 'yaer'; did you mean 'year'?")
  T.raises(function() d:where("year", "=", 1) end, "unknown operator '='")
  T.raises(function() d:where("year", "==", "2023") end, "cannot compare int with string (column 'year')")
  T.raises(function() d:where{ {"year", "in", 2023} } end, "'in' needs a list of values")
  T.raises(function() d:where(d.year) end, "a boolean column is needed to choose rows")
  T.raises(function() d:where{ 5 } end, "condition 1 must be {column, operator, value}")
end)

T.case("select keeps the named columns in the order named; drop removes them", function()
  T.eq(d:select("rank", "province"):names(), {"rank", "province"}, "select varargs")
  T.eq(d:select{"year"}:names(), {"year"}, "select list")
  T.eq(d:drop("score", "rank"):names(), {"province", "year"}, "drop")
  T.eq(d:drop{}:names(), d:names(), "drop nothing")
  T.raises(function() d:select("province", "province") end, "duplicate column name 'province'")
  T.raises(function() d:drop("sore") end, "no column 'sore'; did you mean 'score'?")
end)

T.case("rename changes names and keeps order and values", function()
  local r = d:rename{score = "diem", province = "tinh"}
  T.eq(r:names(), {"tinh", "year", "diem", "rank"}, "names")
  T.eq(col(r, "diem"), col(d, "score"), "values")
  T.raises(function() d:rename{score = "rank"} end, "duplicate column name 'rank'")
  T.raises(function() d:rename{nope = "x"} end, "no column 'nope'")
end)

T.case("mutate adds a column from column arithmetic, a function of the row, or one value", function()
  local m = d:mutate("gap", d.score - 80)
  T.eq(m:names(), {"province", "year", "score", "rank", "gap"}, "appended")
  T.near(m.gap[1], 5.94, 1e-12, "85.94 - 80")
  T.eq(m.gap[3], nil, "null stays null")
  local f = d:mutate("label", function(r) return r.province .. " " .. r.year end)
  T.eq(f.label[2], "Hà Nội 2023", "function")
  local c = d:mutate("source", "PAR INDEX")
  T.eq(col(c, "source"), {"PAR INDEX", "PAR INDEX", "PAR INDEX", "PAR INDEX", "PAR INDEX", "PAR INDEX"}, "constant")
  local n = d:mutate("half", function(r) return r.rank and r.rank / 2 end)
  T.eq(col(n, "half"), {23.5, 1.5, 31.5, 6.0, 27.0, N}, "nil from the function is null")
end)

T.case("mutate with replace = true replaces a column in place; the input is unchanged", function()
  local m = d:mutate("score", d.score * 2, {replace = true})
  T.eq(m:names(), d:names(), "same order")
  T.eq(m.score[2], 182.86, "91.43 * 2")
  T.eq(d.score[2], 91.43, "original untouched")
end)

T.case("mutate with a table adds several, in name order, later ones seeing earlier ones", function()
  local m = d:mutate{b = function(r) return r.a * 10 end, a = function(r) return r.year - 2000 end}
  T.eq(m:names(), {"province", "year", "score", "rank", "a", "b"}, "names")
  T.eq(col(m, "b"), {230, 230, 230, 220, 220, 230}, "b from a")
end)

T.case("mutate names a column it would replace unless given replace = true", function()
  T.raises(function() d:mutate("score", 1) end,
    "bad argument #1 to 'mutate' (column 'score' exists; give replace = true to replace it)")
  T.raises(function() d:mutate({a = 1, rank = 2}) end,
    "bad argument #1 to 'mutate' (column 'rank' exists; give replace = true to replace it)")
  T.raises(function() d:mutate("score", 1, {replace = false}) end, "column 'score' exists")
  T.raises(function() d:mutate("score", 1, {replace = "yes"}) end,
    "bad argument #3 to 'mutate' (option 'replace' must be a boolean, not string)")
  T.raises(function() d:mutate("x", 1, {replce = true}) end, "unknown option 'replce'")
  T.raises(function() d:mutate({x = 1}, {replace = 1}) end,
    "bad argument #2 to 'mutate' (option 'replace' must be a boolean, not number)")
  local m = d:mutate({rank = 7, a = 1}, {replace = true})
  T.eq(m:names(), {"province", "year", "score", "rank", "a"}, "rank replaced in place, a added")
  T.eq(m:col("rank")[1], 7, "the new rank")
  T.eq(d:col("rank")[2], 3, "the input unchanged")
  T.eq(d:mutate("new", 1, {replace = true}):names(), {"province", "year", "score", "rank", "new"},
    "replace = true adds a column that is not there")
end)

T.case("mutate's errors", function()
  T.raises(function() d:mutate("x", d:head(2).year) end, "column 'x' has 2 values; the dataset has 6 rows")
  T.raises(function() d:mutate("x", function(r) return r.year == 2023 and 1 or "one" end) end,
    "column 'x' mixes integer values (row 1) and string values (row 4)")
end)

T.case("sort by several keys, each ascending or descending, stable, nulls last", function()
  local s = d:sort("year", {"score", desc = true})
  T.eq(col(s, "province"), {"Huế", "Lạng Sơn", "Hà Nội", "Lạng Sơn", "Bắc Kạn", "Cao Bằng"}, "order")
  local r = d:sort({"rank", desc = true})
  T.eq(col(r, "rank"), {63, 54, 47, 12, 3, N}, "null last even descending")
  local stable = d:sort("year")
  T.eq(col(stable, "province"), {"Huế", "Lạng Sơn", "Lạng Sơn", "Hà Nội", "Cao Bằng", "Bắc Kạn"}, "stable")
end)

T.case("strings sort by bytes by default, and as Vietnamese with collate = 'vi'", function()
  local names = chiso.dataset{p = {"Bắc Giang", "Đà Nẵng", "Bạc Liêu", "An Giang", "Bà Rịa - Vũng Tàu",
    "Cà Mau", "Điện Biên", "Bình Dương", "Ðồng Nai"}}
  -- by bytes, "Điện Biên" (Đ i) comes before "Đà Nẵng" (Đ à) because 'i' < the bytes of 'à'
  T.eq(names:sort("p").p:totable(), {"An Giang", "Bà Rịa - Vũng Tàu", "Bình Dương", "Bạc Liêu",
    "Bắc Giang", "Cà Mau", "Ðồng Nai", "Điện Biên", "Đà Nẵng"}, "bytes")
  -- Vietnamese: a < ă < â and tones come second: Bà Rịa (ba + space) < Bạc (bac) < Bắc (băc) < Bình;
  -- Đ after D; Đà < Điện < Đồng (a < i < ô). "Ðồng Nai" is spelt with U+00D0 (Icelandic eth),
  -- which is not a Vietnamese letter, so it sorts after every letter.
  T.eq(names:sort("p", {collate = "vi"}).p:totable(), {"An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu",
    "Bắc Giang", "Bình Dương", "Cà Mau", "Đà Nẵng", "Điện Biên", "Ðồng Nai"}, "vi")
end)

T.case("Vietnamese order: tones only break ties of letters, ngang huyền hỏi ngã sắc nặng", function()
  local tones = chiso.dataset{w = {"mạ", "má", "mã", "mả", "mà", "ma", "mai", "mă"}}
  T.eq(tones:sort({"w", collate = "vi"}).w:totable(), {"ma", "mà", "mả", "mã", "má", "mạ", "mai", "mă"}, "tones")
end)

T.case("decomposed (NFD) text sorts like precomposed text", function()
  -- "Bắc" written as B a U+0306 U+0301 c
  local nfd = "Ba\204\134\204\129c"
  local x = chiso.dataset{w = {"Bạc", nfd, "Bác", "Bâc"}}
  T.eq(x:sort({"w", collate = "vi"}).w:totable(), {"Bác", "Bạc", nfd, "Bâc"}, "NFD")
end)

T.case("sort errors", function()
  T.raises(function() d:sort() end, "sort needs at least one column")
  T.raises(function() d:sort("yr") end, "no column 'yr'")
  T.raises(function() d:sort("year", {collate = "fr"}) end, "option 'collate' must be \"bytes\" or \"vi\", not 'fr'")
end)

T.case("slice counts rows from 1, and from the end with negative numbers", function()
  T.eq(col(d:slice(2, 3), "rank"), {3, 63}, "2..3")
  T.eq(col(d:slice(5), "rank"), {54, N}, "5..end")
  T.eq(col(d:slice(-2), "rank"), {54, N}, "last two")
  T.eq(col(d:slice(-3, -2), "rank"), {12, 54}, "-3..-2")
  T.eq(#d:slice(4, 2), 0, "empty when i > j")
  T.eq(#d:slice(0, 100), 6, "clamped")
end)

T.case("operations chain, and share unchanged columns", function()
  local out = d:where("year", "==", 2023):sort({"score", desc = true}):select("province", "score"):head(2)
  T.eq(col(out, "province"), {"Hà Nội", "Lạng Sơn"}, "top two of 2023")
  local r = d:rename{rank = "hang"}
  T.eq(r.hang:totable(), d:col("rank"):totable(), "same values (d.rank is the rank method)")
end)

T.finish()
