-- Column arithmetic, comparisons, logic and aggregates. Expected values are
-- worked by hand (the working is in the comments) or were printed by pandas
-- with the command recorded beside them.

local T = require "testing"

local N = chiso.null

local function values(c)
  return c:totable()
end

local d = chiso.dataset{
  {"a", {1, 2, 3, N}},
  {"b", {0.5, 2.5, N, 4.0}},
  {"s", {"Hà Nội", "Huế", N, "Cần Thơ"}},
  {"ok", {true, false, N, true}},
}

T.case("int + float gives float; a null on either side gives null", function()
  -- 1 + 0.5 = 1.5, 2 + 2.5 = 4.5, 3 + null, null + 4
  T.eq(values(d.a + d.b), {1.5, 4.5, N, N}, "a + b")
  T.eq((d.a + d.b):type(), "float", "type")
end)

T.case("int with int stays int for + - * // %", function()
  T.eq(values(d.a * 2), {2, 4, 6, N}, "a * 2")
  T.eq(values(10 - d.a), {9, 8, 7, N}, "10 - a")
  T.eq((d.a * 2):type(), "int", "type")
  -- floor division and modulo as Lua (and numpy) do them: 7 // -2 = -4, 7 % -2 = -1
  local x = chiso.dataset{x = {7, -7, 7, -7}, y = {2, 2, -2, -2}}
  T.eq(values(x.x // x.y), {3, -4, -4, 3}, "//")
  T.eq(values(x.x % x.y), {1, 1, -1, -1}, "%")
end)

T.case("/ and ^ give floats; unary minus keeps the type", function()
  T.eq(values(d.a / 2), {0.5, 1.0, 1.5, N}, "a / 2")
  T.eq(values(d.a ^ 2), {1.0, 4.0, 9.0, N}, "a ^ 2")
  T.eq(values(-d.a), {-1, -2, -3, N}, "-a")
  T.eq(values(-d.b), {-0.5, -2.5, N, -4.0}, "-b")
end)

T.case("integer division and modulo by zero give null; float division gives inf", function()
  T.eq(values(d.a // 0), {N, N, N, N}, "a // 0")
  T.eq(values(d.a % 0), {N, N, N, N}, "a % 0")
  T.eq(values(d.b / 0), {math.huge, math.huge, N, math.huge}, "b / 0")
end)

T.case("integer arithmetic wraps around as Lua's does", function()
  local x = chiso.dataset{x = {math.maxinteger}}
  T.eq((x.x + 1)[1], math.mininteger, "maxinteger + 1")
  T.eq((chiso.dataset{x = {math.mininteger}}.x // -1)[1], math.mininteger, "mininteger // -1")
end)

T.case("float modulo takes the sign of the divisor, as in Lua", function()
  -- fmod(5.5, -2) = 1.5, which has the dividend's sign, so Lua adds the divisor: -0.5
  T.eq((chiso.dataset{x = {5.5}}.x % -2)[1], -0.5, "5.5 % -2")
end)

T.case("arithmetic on strings or booleans is an error", function()
  T.raises(function() return d.s + 1 end, "arithmetic needs numbers, not string")
  T.raises(function() return d.ok * 2 end, "arithmetic needs numbers, not bool")
  T.raises(function() return d.a + d:head(2).a end, "columns of different lengths (4 and 2)")
end)

T.case("a column minus its mean centres it", function()
  -- mean of 0.5, 2.5, 4.0 is 7 / 3
  local c = d.b - d.b:mean()
  T.near(c[1], 0.5 - 7 / 3, 1e-15, "first")
  T.eq(c[3], nil, "null stays null")
end)

T.case("comparisons give boolean columns, null where a value is null", function()
  T.eq(values(d.a:gt(1)), {false, true, true, N}, "a > 1")
  T.eq(values(d.a:ge(2)), {false, true, true, N}, "a >= 2")
  T.eq(values(d.a:lt(2.5)), {true, true, false, N}, "int against a float")
  T.eq(values(d.a:eq(2)), {false, true, false, N}, "a == 2")
  T.eq(values(d.a:ne(2)), {true, false, true, N}, "a ~= 2")
  T.eq(values(d.s:eq("Huế")), {false, true, N, false}, "string equality")
  -- by bytes: "Huế" < "Hà" since 'u' (0x75) < 'à' (0xC3 0xA0); "Cần Thơ" < "Hà" since 'C' < 'H'
  T.eq(values(d.s:lt("Hà")), {false, true, N, true}, "strings by bytes")
  T.eq(values(d.a:le(d.b)), {false, true, N, N}, "column against column")
  T.eq(values(d.ok:eq(true)), {true, false, N, true}, "booleans")
end)

T.case("NaN compares false, except with ~=", function()
  local x = chiso.dataset{x = {0 / 0, 1.0}}
  T.eq(values(x.x:eq(x.x)), {false, true}, "NaN == NaN")
  T.eq(values(x.x:ne(1)), {true, false}, "NaN ~= 1")
end)

T.case("comparing different kinds of value is an error naming them", function()
  T.raises(function() return d.a:eq("2") end, "cannot compare int with string")
  T.raises(function() return d.s:gt(1) end, "cannot compare string with int")
end)

T.case("isin, is_null and not_null", function()
  T.eq(values(d.a:isin{1, 3, 9}), {true, false, true, N}, "ints")
  T.eq(values(d.b:isin{2.5, 4}), {false, true, N, true}, "floats, and 4 as an int")
  T.eq(values(d.s:isin{"Huế", "Đà Nẵng"}), {false, true, N, false}, "strings")
  T.eq(values(d.a:isin{}), {false, false, false, N}, "empty list")
  T.eq(values(d.a:is_null()), {false, false, false, true}, "is_null")
  T.eq(values(d.s:not_null()), {true, true, false, true}, "not_null")
  T.raises(function() return d.a:isin{1, "x"} end, "value 2 of the list is string")
  local big = chiso.dataset{x = {math.maxinteger, math.maxinteger - 1}}
  T.eq(values(big.x:isin{math.maxinteger}), {true, false}, "large ints are matched exactly")
end)

T.case("& | ~ are three-valued logic on boolean columns", function()
  -- and: false wins; or: true wins; otherwise a null makes null
  local x = chiso.dataset{
    {"p", {true, true, true, false, false, false, N, N, N}},
    {"q", {true, false, N, true, false, N, true, false, N}},
  }
  T.eq(values(x.p & x.q), {true, false, N, false, false, false, N, false, N}, "and")
  T.eq(values(x.p | x.q), {true, true, true, true, false, N, true, N, N}, "or")
  T.eq(values(~x.p), {false, false, false, true, true, true, N, N, N}, "not")
  T.raises(function() return d.a & d.ok end, "logic needs boolean columns, not int")
end)

T.case("aggregates of a float column agree with pandas", function()
  -- /usr/bin/python3 -c "import pandas as pd; s = pd.Series([3.5, None, 1.25, 8.0, 2.0, 3.5]);
  --   print(s.sum(), s.mean(), s.std(), s.var(), s.median(), s.quantile(0.25), s.quantile(0.9),
  --         s.min(), s.max(), s.count(), s.nunique())"
  -- 18.25 3.65 2.619637379485947 6.862499999999999 3.5 2.0 6.2 1.25 8.0 5 4
  local c = chiso.dataset{x = {3.5, N, 1.25, 8.0, 2.0, 3.5}}.x
  T.eq(c:sum(), 18.25, "sum")
  T.eq(c:mean(), 3.65, "mean")
  T.near(c:sd(), 2.619637379485947, 1e-15, "sd")
  T.near(c:var(), 6.862499999999999, 1e-14, "var")
  T.eq(c:median(), 3.5, "median")
  T.eq(c:quantile(0.25), 2.0, "quantile 0.25")
  T.near(c:quantile(0.9), 6.2, 1e-15, "quantile 0.9")
  T.eq(c:min(), 1.25, "min")
  T.eq(c:max(), 8.0, "max")
  T.eq(c:count(), 5, "count")
  T.eq(c:n_distinct(), 4, "n_distinct")
  T.eq(c:first(), 3.5, "first")
  T.eq(c:last(), 3.5, "last")
end)

T.case("aggregates of an int column agree with pandas", function()
  -- /usr/bin/python3 -c "import pandas as pd; i = pd.Series([4, 7, -2, 7, 10], dtype='Int64');
  --   print(i.sum(), i.mean(), i.std(), i.median(), i.quantile(0.1), i.nunique())"
  -- 26 5.2 4.54972526643093 7.0 0.40000000000000036 4
  local c = chiso.dataset{x = {4, 7, -2, 7, 10}}.x
  T.eq(c:sum(), 26, "sum stays an integer")
  T.eq(c:mean(), 5.2, "mean")
  T.near(c:sd(), 4.54972526643093, 1e-14, "sd")
  T.eq(c:median(), 7.0, "median")
  T.near(c:quantile(0.1), 0.40000000000000036, 1e-15, "quantile 0.1: -2 + 0.4 * (4 - -2)")
  T.eq(c:n_distinct(), 4, "n_distinct")
  T.eq(c:min(), -2, "min stays an integer")
end)

T.case("aggregates skip NaN as pandas does", function()
  local c = chiso.dataset{x = {1.0, 0 / 0, 3.0}}.x
  T.eq(c:mean(), 2.0, "mean of 1 and 3")
  T.eq(c:count(), 2, "count")
  T.eq(c:max(), 3.0, "max")
end)

T.case("aggregates of nothing: 0 for count and sum, nil for the rest", function()
  local empty = chiso.dataset{x = {1.5}}:head(0).x
  T.eq(empty:count(), 0, "count")
  T.eq(empty:sum(), 0.0, "sum")
  T.eq(empty:mean(), nil, "mean")
  T.eq(empty:median(), nil, "median")
  T.eq(empty:min(), nil, "min")
  local one = chiso.dataset{x = {2.5}}.x
  T.eq(one:sd(), nil, "sd of one value needs two")
  T.eq(one:var(), nil, "var of one value")
  T.eq(one:mean(), 2.5, "mean of one")
end)

T.case("min, max, first, last of strings; booleans sum as 0 and 1", function()
  T.eq(d.s:min(), "Cần Thơ", "min by bytes")
  T.eq(d.s:max(), "Hà Nội", "max by bytes: after 'H', 'à' (0xC3 0xA0) > 'u' (0x75)")
  T.eq(d.s:first(), "Hà Nội", "first")
  T.eq(d.s:last(), "Cần Thơ", "last skips nothing here")
  T.eq(d.ok:sum(), 2, "two trues")
  T.raises(function() return d.s:mean() end, "'mean' needs a numeric column, not string")
  T.raises(function() return d.b:quantile(1.5) end, "quantile must be between 0 and 1")
end)

T.finish()
