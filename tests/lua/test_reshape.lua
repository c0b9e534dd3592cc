-- ds:pivot_wider, ds:pivot_longer, chiso.concat and ds:distinct: results,
-- nulls, empty inputs, single rows, groups of one, round trips, and
-- argument errors.
--
-- Expected values are worked by hand and checked against pandas 1.5.3
-- (/usr/bin/python3); each script is quoted above its cases with what it
-- printed. Where pandas differs by design (it sorts pivot rows, melts column
-- by column, and turns int columns with gaps into floats) the script undoes
-- that or the comment says how the printed values map to chiso's.

local T = require "testing"

local N = chiso.null

local contents = T.contents

-- pivot_wider

--[==[
  import pandas as pd
  long = pd.DataFrame({"province": ["Huế", "Hà Nội", "Huế", "Cao Bằng", "Hà Nội"],
                       "year": [2023, 2023, 2022, 2023, 2021],
                       "score": [80.0, 89.5, 78.25, None, 87.0]})
  print(long.pivot(index="province", columns="year", values="score")
            .reindex(long.province.unique()).to_string())
printed:
  year      2021   2022  2023
  Huế        NaN  78.25  80.0
  Hà Nội    87.0    NaN  89.5
  Cao Bằng   NaN    NaN   NaN ]==]
local function long()
  return chiso.dataset{
    {"province", {"Huế", "Hà Nội", "Huế", "Cao Bằng", "Hà Nội"}},
    {"year", {2023, 2023, 2022, 2023, 2021}},
    {"score", {80.0, 89.5, 78.25, N, 87.0}},
  }
end

T.case("pivot_wider: ids in order of first appearance, names sorted, gaps null", function()
  T.eq(contents(long():pivot_wider{id = "province", names = "year", values = "score"}), {
    {"province", "string", {"Huế", "Hà Nội", "Cao Bằng"}},
    {"2021", "float", {N, 87.0, N}},
    {"2022", "float", {78.25, N, N}},
    {"2023", "float", {80.0, 89.5, N}},
  })
end)

T.case("pivot_wider: id defaults to every other column", function()
  T.eq(contents(long():pivot_wider{names = "year", values = "score"}),
    contents(long():pivot_wider{id = {"province"}, names = "year", values = "score"}))
end)

--[==[
  num = pd.DataFrame({"id": ["a", "a", "b", "a"], "k": [10, 9, 100, 100], "v": [1, 2, 3, 4]})
  print(num.pivot(index="id", columns="k", values="v").reindex(num.id.unique()).to_string())
  s = pd.DataFrame({"id": [1, 1, 2], "k": ["b", "B", "a"], "v": [True, False, True]})
  print(s.pivot(index="id", columns="k", values="v").reindex(s.id.unique()).to_string())
printed (pandas makes the int cells float for its NaN; chiso keeps int with nulls):
  k   9    10   100         k       B     a     b
  a   2.0  1.0  4.0         1   False   NaN  True
  b   NaN  NaN  3.0         2     NaN  True   NaN ]==]
T.case("pivot_wider: int names sort by value, not as text", function()
  local d = chiso.dataset{ {"id", {"a", "a", "b", "a"}}, {"k", {10, 9, 100, 100}}, {"v", {1, 2, 3, 4}} }
  T.eq(contents(d:pivot_wider{id = "id", names = "k", values = "v"}), {
    {"id", "string", {"a", "b"}},
    {"9", "int", {2, N}},
    {"10", "int", {1, N}},
    {"100", "int", {4, 3}},
  })
end)

T.case("pivot_wider: string names sort by bytes; values of any type", function()
  local d = chiso.dataset{ {"id", {1, 1, 2}}, {"k", {"b", "B", "a"}}, {"v", {true, false, true}} }
  T.eq(contents(d:pivot_wider{id = "id", names = "k", values = "v"}), {
    {"id", "int", {1, 2}},
    {"B", "bool", {false, N}},
    {"a", "bool", {N, true}},
    {"b", "bool", {true, N}},
  })
end)

-- By hand: ids (A, x), (A, y), (B, x) in order of first appearance.
T.case("pivot_wider: two id columns, and a null id is an id of its own", function()
  local d = chiso.dataset{
    {"p", {"A", "A", "B", "A", N}},
    {"q", {"x", "y", "x", "x", "x"}},
    {"name", {"n1", "n1", "n2", "n2", "n1"}},
    {"value", {1.5, 2.5, 3.5, 4.5, 5.5}},
  }
  T.eq(contents(d:pivot_wider{id = {"p", "q"}}), {
    {"p", "string", {"A", "A", "B", N}},
    {"q", "string", {"x", "y", "x", "x"}},
    {"n1", "float", {1.5, 2.5, N, 5.5}},
    {"n2", "float", {4.5, N, 3.5, N}},
  })
end)

T.case("pivot_wider: no id columns give one row; a single row; no rows", function()
  local d = chiso.dataset{ {"name", {"b", "a"}}, {"value", {1, 2}} }
  T.eq(contents(d:pivot_wider{}), { {"a", "int", {2}}, {"b", "int", {1}} })
  T.eq(contents(long():head(1):pivot_wider{id = "province", names = "year", values = "score"}), {
    {"province", "string", {"Huế"}}, {"2023", "float", {80.0}},
  })
  T.eq(contents(long():head(0):pivot_wider{id = "province", names = "year", values = "score"}), {
    {"province", "string", {}},
  })
end)

T.case("pivot_wider: a duplicate id and name is an error naming both rows and the cell", function()
  local d = chiso.dataset{
    {"province", {"Huế", "Hà Nội", "Huế"}}, {"year", {2023, 2023, 2023}}, {"score", {1.0, 2.0, 3.0}},
  }
  T.raises(function() d:pivot_wider{id = "province", names = "year", values = "score"} end,
    "bad argument #1 to 'pivot_wider' (rows 1 and 3 both give a value for province 'Huế', year 2023)")
end)

T.case("pivot_wider: names that cannot name a column are errors", function()
  local d = chiso.dataset{ {"id", {1, 2}}, {"year", {2023, N}}, {"v", {1, 2}} }
  T.raises(function() d:pivot_wider{names = "year", values = "v"} end,
    "column 'year' holds a null (row 2), which cannot name a column")
  d = chiso.dataset{ {"id", {1, 2}}, {"k", {"x", ""}}, {"v", {1, 2}} }
  T.raises(function() d:pivot_wider{names = "k", values = "v"} end,
    "column 'k' holds an empty string (row 2), which cannot name a column")
  d = chiso.dataset{ {"id", {1, 2}}, {"k", {"x", "id"}}, {"v", {1, 2}} }
  T.raises(function() d:pivot_wider{names = "k", values = "v"} end,
    "value 'id' of column 'k' (row 2) would name a column like the id column")
end)

T.case("pivot_wider: misuse names the function, the option and the problem", function()
  local d = long()
  T.raises(function() d:pivot_wider{names = "yaer", values = "score"} end,
    "bad argument #1 to 'pivot_wider' (option 'names': no column 'yaer'; did you mean 'year'?")
  T.raises(function() d:pivot_wider{names = "year"} end, "option 'values': no column 'value'")
  T.raises(function() d:pivot_wider{names = "year", values = "year"} end,
    "options 'names' and 'values' both name column 'year'")
  T.raises(function() d:pivot_wider{id = "year", names = "year", values = "score"} end,
    "option 'id' includes 'year', the names column")
  T.raises(function() d:pivot_wider{names = "year", values = "score", from = 1} end,
    "unknown option 'from'; the options are id, names, values")
  T.raises(function() d:pivot_wider{names = 5, values = "score"} end,
    "option 'names' must be a column name, not number")
  T.raises(function() d:pivot_wider("year") end,
    "bad argument #1 to 'pivot_wider' (table expected, got string)")
end)

-- pivot_longer

--[==[ melt goes column by column; sorting stably by the original row gives tidyr's order:
  wide = pd.DataFrame({"province": ["Huế", "Hà Nội", "Cao Bằng"], "region": ["BTB", "ĐBSH", "TD"],
                       "2021": [None, 87.0, None], "2022": [78.25, None, None]})
  m = (wide.melt(id_vars=["province", "region"], value_vars=["2021", "2022"], var_name="year",
                 value_name="score", ignore_index=False)
           .reset_index().sort_values("index", kind="stable"))
  print(m.to_string()); print(m.dropna(subset=["score"]).to_string())
printed (index province region year score):
  0 Huế BTB 2021 NaN | 0 Huế BTB 2022 78.25 | 1 Hà Nội ĐBSH 2021 87.00 | 1 Hà Nội ĐBSH 2022 NaN
  | 2 Cao Bằng TD 2021 NaN | 2 Cao Bằng TD 2022 NaN
  dropna: 0 Huế BTB 2022 78.25 | 1 Hà Nội ĐBSH 2021 87.00
(melt's year holds the strings "2021", "2022"; chiso turns plain integer names into ints) ]==]
local function wide()
  return chiso.dataset{
    {"province", {"Huế", "Hà Nội", "Cao Bằng"}},
    {"region", {"BTB", "ĐBSH", "TD"}},
    {"2021", {N, 87.0, N}},
    {"2022", {78.25, N, N}},
  }
end

T.case("pivot_longer: one row per input row and column, names that are integers become ints", function()
  T.eq(contents(wide():pivot_longer{cols = {"2021", "2022"}, names_to = "year", values_to = "score"}), {
    {"province", "string", {"Huế", "Huế", "Hà Nội", "Hà Nội", "Cao Bằng", "Cao Bằng"}},
    {"region", "string", {"BTB", "BTB", "ĐBSH", "ĐBSH", "TD", "TD"}},
    {"year", "int", {2021, 2022, 2021, 2022, 2021, 2022}},
    {"score", "float", {N, 78.25, 87.0, N, N, N}},
  })
end)

T.case("pivot_longer: drop_nulls leaves out null values", function()
  T.eq(contents(wide():pivot_longer{cols = {"2021", "2022"}, names_to = "year", values_to = "score",
                                    drop_nulls = true}), {
    {"province", "string", {"Huế", "Hà Nội"}},
    {"region", "string", {"BTB", "ĐBSH"}},
    {"year", "int", {2022, 2021}},
    {"score", "float", {78.25, 87.0}},
  })
end)

-- By hand, from the rule: names become ints only when every one is an integer written plainly.
T.case("pivot_longer: names stay strings unless all are plain integers", function()
  local function names_of(cols)
    local spec = {}
    for i, name in ipairs(cols) do spec[i] = {name, {1}} end
    local d = chiso.dataset(spec):pivot_longer{cols = cols}
    return {d.name:type(), d.name:totable()}
  end
  T.eq(names_of{"2019", "x"}, {"string", {"2019", "x"}}, "a word among years")
  T.eq(names_of{"07", "08"}, {"string", {"07", "08"}}, "leading zeros")
  T.eq(names_of{"1e3", "2"}, {"string", {"1e3", "2"}}, "an exponent")
  T.eq(names_of{"+1", "2"}, {"string", {"+1", "2"}}, "a plus sign")
  T.eq(names_of{"-3", "5", "0"}, {"int", {-3, 5, 0}}, "signed integers")
end)

T.case("pivot_longer: int and float columns stack into float; strings and bools by type", function()
  local d = chiso.dataset{ {"id", {1, 2}}, {"a", {1, 2}}, {"b", {0.5, N}} }
  T.eq(contents(d:pivot_longer{cols = {"b", "a"}}), {
    {"id", "int", {1, 1, 2, 2}},
    {"name", "string", {"b", "a", "b", "a"}},
    {"value", "float", {0.5, 1.0, N, 2.0}},
  })
  local s = chiso.dataset{ {"x", {"p", "q"}}, {"y", {"r", N}} }
  T.eq(contents(s:pivot_longer{cols = {"x", "y"}, names_to = "col"}), {
    {"col", "string", {"x", "y", "x", "y"}},
    {"value", "string", {"p", "r", "q", N}},
  })
  local b = chiso.dataset{ {"x", {true}}, {"y", {false}} }
  T.eq(contents(b:pivot_longer{cols = "y"}), {
    {"x", "bool", {true}}, {"name", "string", {"y"}}, {"value", "bool", {false}},
  })
end)

T.case("pivot_longer: no rows give no rows, with the columns typed", function()
  T.eq(contents(wide():head(0):pivot_longer{cols = {"2021", "2022"}}), {
    {"province", "string", {}}, {"region", "string", {}}, {"name", "int", {}}, {"value", "float", {}},
  })
end)

T.case("pivot_longer: misuse names the function, the option and the problem", function()
  local d = chiso.dataset{ {"id", {1}}, {"a", {1}}, {"c", {"x"}} }
  T.raises(function() d:pivot_longer{cols = {"a", "c"}} end,
    "bad argument #1 to 'pivot_longer' (columns 'a' (int) and 'c' (string) cannot be stacked " ..
    "into one column: they must be all numbers, all strings or all booleans)")
  T.raises(function() d:pivot_longer{} end, "option 'cols' (the columns to stack) is required")
  T.raises(function() d:pivot_longer{cols = {}} end, "option 'cols' names no columns")
  T.raises(function() d:pivot_longer{cols = {"a", "zz"}} end, "option 'cols': no column 'zz'")
  T.raises(function() d:pivot_longer{cols = {"a", "a"}} end, "option 'cols' names column 'a' twice")
  T.raises(function() d:pivot_longer{cols = "a", names_to = "id"} end,
    "'id' is the name of a column that is kept (not in 'cols')")
  T.raises(function() d:pivot_longer{cols = "a", names_to = "v", values_to = "v"} end,
    "'names_to' and 'values_to' are both 'v'")
  T.raises(function() d:pivot_longer{cols = "a", names_to = ""} end,
    "option 'names_to' must be a name that is not empty")
  T.raises(function() d:pivot_longer{cols = "a", drop_nulls = 1} end,
    "option 'drop_nulls' must be a boolean")
  T.raises(function() d:pivot_longer{cols = "a", names = "x"} end, "unknown option 'names'")
end)

-- Round trips: by construction, long data in row-major order with sorted
-- names comes back unchanged; gaps come back as nulls unless dropped.
T.case("pivot round trip: wider then longer gives back the long data", function()
  local d = chiso.dataset{
    {"province", {"Huế", "Huế", "Hà Nội", "Hà Nội", "Cao Bằng"}},
    {"year", {2021, 2022, 2021, 2022, 2022}},
    {"score", {78.5, 80.0, 87.0, 89.5, 70.25}},
  }
  local w = d:pivot_wider{id = "province", names = "year", values = "score"}
  local back = w:pivot_longer{cols = {"2021", "2022"}, names_to = "year", values_to = "score",
                              drop_nulls = true}
  T.eq(contents(back), contents(d))
  local kept = w:pivot_longer{cols = {"2021", "2022"}, names_to = "year", values_to = "score"}
  T.eq(kept.score:totable(), {78.5, 80.0, 87.0, 89.5, N, 70.25}, "the gap as a null")
end)

T.case("pivot round trip: longer then wider gives back the wide data", function()
  local w = wide()
  local again = w:pivot_longer{cols = {"2021", "2022"}, names_to = "year", values_to = "score"}
                 :pivot_wider{id = {"province", "region"}, names = "year", values = "score"}
  T.eq(contents(again), contents(w))
end)

-- concat

--[==[
  a = pd.DataFrame({"province": ["Huế", "Hà Nội"], "score": [80, 89]})
  b = pd.DataFrame({"year": [2023], "score": [78.5], "province": ["Cao Bằng"]})
  c = pd.DataFrame({"score": pd.Series([], dtype="int64")})
  r = pd.concat([a, b, c], ignore_index=True); print(r.to_string()); print(r.dtypes.to_string())
printed:
     province  score    year
  0       Huế   80.0     NaN
  1    Hà Nội   89.0     NaN
  2  Cao Bằng   78.5  2023.0
  province object, score float64, year float64
(pandas makes year float for its NaN; chiso keeps int with nulls, as dplyr's bind_rows) ]==]
local function parts()
  local a = chiso.dataset{ {"province", {"Huế", "Hà Nội"}}, {"score", {80, 89}} }
  local b = chiso.dataset{ {"year", {2023}}, {"score", {78.5}}, {"province", {"Cao Bằng"}} }
  local c = chiso.dataset{ {"score", {1}} }:head(0)
  return a, b, c
end

T.case("concat: columns by name in order of first appearance, gaps null, int and float to float", function()
  T.eq(contents(chiso.concat(parts())), {
    {"province", "string", {"Huế", "Hà Nội", "Cao Bằng"}},
    {"score", "float", {80.0, 89.0, 78.5}},
    {"year", "int", {N, N, 2023}},
  })
end)

T.case("concat: a list of datasets works as the arguments do", function()
  local a, b, c = parts()
  T.eq(contents(chiso.concat{a, b, c}), contents(chiso.concat(a, b, c)))
end)

T.case("concat: one dataset, and datasets with no rows", function()
  local a, _, c = parts()
  T.eq(contents(chiso.concat(a)), contents(a))
  T.eq(contents(chiso.concat(c, c)), { {"score", "int", {}} })
  T.eq(contents(chiso.concat(c, a)), {
    {"score", "int", {80, 89}}, {"province", "string", {"Huế", "Hà Nội"}},
  }, "the empty dataset's column comes first")
end)

T.case("concat: strings from different files are put in one dictionary", function()
  local x = assert(chiso.parse_csv("province,n\nHà Nội,1\nHuế,2\n"))
  local y = assert(chiso.parse_csv("province,n\nHuế,3\nĐà Nẵng,4\nHà Nội,5\n"))
  local both = chiso.concat(x, y)
  T.eq(contents(both), {
    {"province", "string", {"Hà Nội", "Huế", "Huế", "Đà Nẵng", "Hà Nội"}},
    {"n", "int", {1, 2, 3, 4, 5}},
  })
  T.eq(#both:distinct("province"), 3, "equal strings from either file are one value")
end)

T.case("concat: a column holding no values takes the others' type", function()
  local a = chiso.dataset{ {"score", {80, 89}} }
  local nulls = chiso.dataset{ {"score", {N}} } -- a column of nulls only is a string column
  T.eq(contents(chiso.concat(a, nulls)), { {"score", "int", {80, 89, N}} })
  T.eq(contents(chiso.concat(nulls, a)), { {"score", "int", {N, 80, 89}} })
end)

T.case("concat: misuse names the argument, the column and the datasets", function()
  local a, b = parts()
  local text = chiso.dataset{ {"score", {"x"}} }
  T.raises(function() chiso.concat(a, b, text) end,
    "bad argument #3 to 'concat' (column 'score' is int in dataset 1 but string in dataset 3)")
  T.raises(function() chiso.concat(chiso.dataset{ {"f", {true}} }, chiso.dataset{ {"f", {1}} }) end,
    "bad argument #2 to 'concat' (column 'f' is bool in dataset 1 but int in dataset 2)")
  T.raises(function() chiso.concat{a, text} end,
    "bad argument #1 to 'concat' (column 'score' is int in dataset 1 but string in dataset 2)")
  T.raises(function() chiso.concat() end, "bad argument #1 to 'concat' (at least one dataset is needed)")
  T.raises(function() chiso.concat{} end, "bad argument #1 to 'concat' (at least one dataset is needed)")
  T.raises(function() chiso.concat(a, 5) end, "bad argument #2 to 'concat' (chiso.Dataset expected, got number)")
  T.raises(function() chiso.concat{a, "b"} end, "bad argument #1 to 'concat' (entry 2 of the list is not a dataset)")
end)

-- distinct

--[==[
  d = pd.DataFrame({"province": ["Huế", "Hà Nội", "Huế", None, "Hà Nội", None],
                    "year": [2023, 2023, 2023, 2022, 2022, 2022],
                    "score": [80.0, 89.5, 81.0, 70.0, 88.0, 70.0]})
  print(d.drop_duplicates().to_string())
  print(d[["province"]].drop_duplicates().to_string())
  print(d[["province", "year"]].drop_duplicates().to_string())
  print(d.drop_duplicates(subset=["province"]).to_string())
printed (row labels are the rows kept, from 0):
  whole rows         0 1 2 3 4
  province           0 Huế | 1 Hà Nội | 3 None
  province, year     0 Huế 2023 | 1 Hà Nội 2023 | 3 None 2022 | 4 Hà Nội 2022
  subset=province    0 Huế 2023 80.0 | 1 Hà Nội 2023 89.5 | 3 None 2022 70.0 ]==]
local function visits()
  return chiso.dataset{
    {"province", {"Huế", "Hà Nội", "Huế", N, "Hà Nội", N}},
    {"year", {2023, 2023, 2023, 2022, 2022, 2022}},
    {"score", {80.0, 89.5, 81.0, 70.0, 88.0, 70.0}},
  }
end

T.case("distinct with no names: distinct whole rows, nulls equal to each other", function()
  T.eq(contents(visits():distinct()), contents(visits():head(5)))
end)

T.case("distinct with names: those columns only, in order of first appearance", function()
  T.eq(contents(visits():distinct("province")), { {"province", "string", {"Huế", "Hà Nội", N}} })
  T.eq(contents(visits():distinct("province", "year")), {
    {"province", "string", {"Huế", "Hà Nội", N, "Hà Nội"}},
    {"year", "int", {2023, 2023, 2022, 2022}},
  })
  T.eq(contents(visits():distinct{"province", "year"}), contents(visits():distinct("province", "year")))
end)

T.case("distinct with keep_all: every column of each combination's first row", function()
  local expect = {
    {"province", "string", {"Huế", "Hà Nội", N}},
    {"year", "int", {2023, 2023, 2022}},
    {"score", "float", {80.0, 89.5, 70.0}},
  }
  T.eq(contents(visits():distinct("province", {keep_all = true})), expect)
  T.eq(contents(visits():distinct{"province", keep_all = true}), expect)
  T.eq(contents(visits():distinct({"province"}, {keep_all = false})),
    { {"province", "string", {"Huế", "Hà Nội", N}} })
end)

T.case("distinct: no rows, one row, every row its own group", function()
  T.eq(contents(visits():head(0):distinct("year")), { {"year", "int", {}} })
  T.eq(contents(visits():head(1):distinct()), contents(visits():head(1)))
  T.eq(#visits():distinct("score"), 5, "six scores, 70.0 twice")
end)

T.case("distinct: misuse names the argument and the problem", function()
  local d = visits()
  T.raises(function() d:distinct("provnice") end,
    "bad argument #1 to 'distinct' (no column 'provnice'; did you mean 'province'?")
  T.raises(function() d:distinct("year", {"zz"}) end,
    "bad argument #2 to 'distinct' (column list: no column 'zz'")
  T.raises(function() d:distinct("year", "year") end, "names column 'year' twice")
  T.raises(function() d:distinct{"year", keep = true} end,
    "unknown option 'keep'; the options are keep_all")
  T.raises(function() d:distinct{"year", keep_all = "yes"} end, "option 'keep_all' must be a boolean")
  T.raises(function() d:distinct(3) end,
    "bad argument #1 to 'distinct' (column name or table expected, got number)")
end)

T.finish()
