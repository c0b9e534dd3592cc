-- ds:join: every kind of join (inner, left, right, full, semi, anti) with
-- one-to-one, one-to-many and many-to-many keys, two keys, null keys, no
-- matches, empty datasets, int against float keys, string keys read from
-- different CSV texts (so from different dictionaries), suffixes, argument
-- errors, and one join of the bundled data.
--
-- Expected values are worked by hand and checked against pandas 1.5.3
-- (/usr/bin/python3) or R 4.2.2; each script is quoted above its cases with
-- what it printed. pandas matches a null key with a null key, and chiso
-- never does (as SQL, and dplyr with na_matches = "never"), so the scripts
-- give each side's nulls a sentinel the other side lacks; R's
-- merge(..., incomparables = NA) has chiso's rule and agrees.

local T = require "testing"

local N = chiso.null

local contents = T.contents

-- k = 1 is one-to-one, k = 2 many-to-many (2 x 2), k = 5 one-to-many
-- (1 x 2); 3 is only on the left, 4 only on the right; each side has a null.
local function left()
  return chiso.dataset{ {"k", {1, 2, 2, 3, N, 5}}, {"lv", {"a", "b", "c", "d", "e", "f"}} }
end

local function right()
  return chiso.dataset{ {"k", {2, 5, 2, 4, 1, N, 5}}, {"rv", {"p", "q", "r", "s", "t", "u", "v"}} }
end

--[==[ pandas, with the nulls as -1 (left) and -2 (right):
  import pandas as pd
  L = pd.DataFrame({"k": [1, 2, 2, 3, -1, 5], "lv": list("abcdef")})
  R = pd.DataFrame({"k": [2, 5, 2, 4, 1, -2, 5], "rv": list("pqrstuv")})
  for how in ["inner", "left", "right", "outer"]:
      print(how); print(L.merge(R, on="k", how=how).to_string())
  print("semi"); print(L[L.k.isin(R.k)].to_string())
  print("anti"); print(L[~L.k.isin(R.k)].to_string())
printed (abridged to the values, row by row as k lv rv):
  inner  1 a t | 2 b p | 2 b r | 2 c p | 2 c r | 5 f q | 5 f v
  left   1 a t | 2 b p | 2 b r | 2 c p | 2 c r | 3 d NaN | -1 e NaN | 5 f q | 5 f v
  right  2 b p | 2 c p | 5 f q | 2 b r | 2 c r | 4 NaN s | 1 a t | -2 NaN u | 5 f v
  outer  1 a t | 2 b p | 2 b r | 2 c p | 2 c r | 3 d NaN | -1 e NaN | 5 f q | 5 f v
         | 4 NaN s | -2 NaN u
  semi   1 a | 2 b | 2 c | 5 f          anti   3 d | -1 e
R agrees on the rows, sorted by key, with the nulls unmatched:
  merge(L, R, by = "k", all = TRUE, incomparables = NA) with NA for -1 and -2 ]==]

T.case("inner join: left rows in order, each with its matches in the right's order", function()
  T.eq(contents(left():join(right(), {on = "k"})), {
    {"k", "int", {1, 2, 2, 2, 2, 5, 5}},
    {"lv", "string", {"a", "b", "b", "c", "c", "f", "f"}},
    {"rv", "string", {"t", "p", "r", "p", "r", "q", "v"}},
  })
end)

T.case("inner is the default kind", function()
  T.eq(contents(left():join(right(), {on = "k"})),
    contents(left():join(right(), {on = "k", how = "inner"})))
end)

T.case("left join keeps unmatched and null-key left rows with nulls on the right", function()
  T.eq(contents(left():join(right(), {on = "k", how = "left"})), {
    {"k", "int", {1, 2, 2, 2, 2, 3, N, 5, 5}},
    {"lv", "string", {"a", "b", "b", "c", "c", "d", "e", "f", "f"}},
    {"rv", "string", {"t", "p", "r", "p", "r", N, N, "q", "v"}},
  })
end)

T.case("right join: right rows in order, each with its left matches; keys from the right", function()
  T.eq(contents(left():join(right(), {on = "k", how = "right"})), {
    {"k", "int", {2, 2, 5, 2, 2, 4, 1, N, 5}},
    {"lv", "string", {"b", "c", "f", "b", "c", N, "a", N, "f"}},
    {"rv", "string", {"p", "p", "q", "r", "r", "s", "t", "u", "v"}},
  })
end)

T.case("full join: the left join, then unmatched right rows in the right's order", function()
  T.eq(contents(left():join(right(), {on = "k", how = "full"})), {
    {"k", "int", {1, 2, 2, 2, 2, 3, N, 5, 5, 4, N}},
    {"lv", "string", {"a", "b", "b", "c", "c", "d", "e", "f", "f", N, N}},
    {"rv", "string", {"t", "p", "r", "p", "r", N, N, "q", "v", "s", "u"}},
  })
end)

T.case("semi join: left rows with a match, each once, left columns only", function()
  T.eq(contents(left():join(right(), {on = "k", how = "semi"})), {
    {"k", "int", {1, 2, 2, 5}},
    {"lv", "string", {"a", "b", "c", "f"}},
  })
end)

T.case("anti join: left rows without a match, a null key among them", function()
  T.eq(contents(left():join(right(), {on = "k", how = "anti"})), {
    {"k", "int", {3, N}},
    {"lv", "string", {"d", "e"}},
  })
end)

-- By hand: the null of each side finds nothing; only 1 meets 1.
T.case("null keys never match, not even each other", function()
  local a = chiso.dataset{ {"k", {N, 1}}, {"x", {1, 2}} }
  local b = chiso.dataset{ {"k", {N, 1}}, {"y", {3, 4}} }
  T.eq(contents(a:join(b)), { {"k", "int", {1}}, {"x", "int", {2}}, {"y", "int", {4}} })
  T.eq(contents(a:join(b, {how = "full"})), {
    {"k", "int", {N, 1, N}}, {"x", "int", {1, 2, N}}, {"y", "int", {N, 4, 3}},
  })
  T.eq(a:join(b, {how = "semi"}).x:totable(), {2}, "semi")
  T.eq(a:join(b, {how = "anti"}).x:totable(), {1}, "anti")
end)

T.case("one row against one row, matching and not", function()
  local a = chiso.dataset{ {"k", {"x"}}, {"v", {1}} }
  T.eq(contents(a:join(chiso.dataset{ {"k", {"x"}}, {"w", {2.5}} })), {
    {"k", "string", {"x"}}, {"v", "int", {1}}, {"w", "float", {2.5}},
  })
  T.eq(contents(a:join(chiso.dataset{ {"k", {"y"}}, {"w", {2.5}} }, {how = "full"})), {
    {"k", "string", {"x", "y"}}, {"v", "int", {1, N}}, {"w", "float", {N, 2.5}},
  })
end)

-- No key in common: worked by hand.
T.case("no matches: inner and semi are empty, left keeps every row, anti all", function()
  local a = chiso.dataset{ {"k", {1, 2}}, {"v", {"a", "b"}} }
  local b = chiso.dataset{ {"k", {3}}, {"w", {true}} }
  local inner = a:join(b)
  T.eq(contents(inner), { {"k", "int", {}}, {"v", "string", {}}, {"w", "bool", {}} })
  T.eq(contents(a:join(b, {how = "left"})), {
    {"k", "int", {1, 2}}, {"v", "string", {"a", "b"}}, {"w", "bool", {N, N}},
  })
  T.eq(#a:join(b, {how = "semi"}), 0, "semi rows")
  T.eq(#a:join(b, {how = "anti"}), 2, "anti rows")
  T.eq(contents(a:join(b, {how = "right"})), {
    {"k", "int", {3}}, {"v", "string", {N}}, {"w", "bool", {true}},
  })
end)

-- By hand: an empty side contributes no rows and no matches.
T.case("empty datasets on either side, for every kind", function()
  local a = chiso.dataset{ {"k", {1, 2}}, {"v", {"a", "b"}} }
  local b = chiso.dataset{ {"k", {1}}, {"w", {0.5}} }
  local a0, b0 = a:head(0), b:head(0)
  local empty_right = {inner = 0, left = 2, right = 0, full = 2, semi = 0, anti = 2}
  local empty_left = {inner = 0, left = 0, right = 1, full = 1, semi = 0, anti = 0}
  for _, how in ipairs{"inner", "left", "right", "full", "semi", "anti"} do
    local names = (how == "semi" or how == "anti") and {"k", "v"} or {"k", "v", "w"}
    local j = a:join(b0, {how = how})
    T.eq({#j, j:names()}, {empty_right[how], names}, how .. " join with an empty right")
    j = a0:join(b, {how = how})
    T.eq({#j, j:names()}, {empty_left[how], names}, how .. " join with an empty left")
    T.eq(#a0:join(b0, {how = how}), 0, how .. " join of two empty datasets")
  end
  T.eq(contents(a:join(b0, {how = "left"})), {
    {"k", "int", {1, 2}}, {"v", "string", {"a", "b"}}, {"w", "float", {N, N}},
  })
end)

--[==[ Two keys; pandas with the left's null year as -1 and the right's null province as "?R":
  L = pd.DataFrame({"province": ["Hà Nội", "Hà Nội", "Huế", "Lạng Sơn", "Lạng Sơn"],
                    "year": [2022, 2023, 2023, 2023, -1], "score": [88.1, 89.5, 80.0, 85.94, 70.0]})
  R = pd.DataFrame({"province": ["Lạng Sơn", "Hà Nội", "Hà Nội", "Lạng Sơn", "?R"],
                    "year": [2023, 2023, 2021, 2023, 2023], "rank": [47, 5, 9, 46, 1]})
  for how in ["inner", "left", "outer"]:
      print(how); print(L.merge(R, on=["province", "year"], how=how).to_string())
printed (province year score rank):
  inner  Hà Nội 2023 89.50 5 | Lạng Sơn 2023 85.94 47 | Lạng Sơn 2023 85.94 46
  left   Hà Nội 2022 88.10 NaN | Hà Nội 2023 89.50 5.0 | Huế 2023 80.00 NaN
         | Lạng Sơn 2023 85.94 47.0 | Lạng Sơn 2023 85.94 46.0 | Lạng Sơn -1 70.00 NaN
  outer  (the left rows, then) Hà Nội 2021 NaN 9.0 | ?R 2023 NaN 1.0 ]==]
local function scores()
  return chiso.dataset{
    {"province", {"Hà Nội", "Hà Nội", "Huế", "Lạng Sơn", "Lạng Sơn"}},
    {"year", {2022, 2023, 2023, 2023, N}},
    {"score", {88.1, 89.5, 80.0, 85.94, 70.0}},
  }
end

local function ranks()
  return chiso.dataset{
    {"province", {"Lạng Sơn", "Hà Nội", "Hà Nội", "Lạng Sơn", N}},
    {"year", {2023, 2023, 2021, 2023, 2023}},
    {"rank", {47, 5, 9, 46, 1}},
  }
end

T.case("two keys: inner join matches on both", function()
  T.eq(contents(scores():join(ranks(), {on = {"province", "year"}})), {
    {"province", "string", {"Hà Nội", "Lạng Sơn", "Lạng Sơn"}},
    {"year", "int", {2023, 2023, 2023}},
    {"score", "float", {89.5, 85.94, 85.94}},
    {"rank", "int", {5, 47, 46}},
  })
end)

T.case("two keys: a null in either key never matches", function()
  T.eq(contents(scores():join(ranks(), {on = {"province", "year"}, how = "left"})), {
    {"province", "string", {"Hà Nội", "Hà Nội", "Huế", "Lạng Sơn", "Lạng Sơn", "Lạng Sơn"}},
    {"year", "int", {2022, 2023, 2023, 2023, 2023, N}},
    {"score", "float", {88.1, 89.5, 80.0, 85.94, 85.94, 70.0}},
    {"rank", "int", {N, 5, N, 47, 46, N}},
  })
end)

T.case("two keys: full join takes each key from the side that has the row", function()
  T.eq(contents(scores():join(ranks(), {on = {"province", "year"}, how = "full"})), {
    {"province", "string", {"Hà Nội", "Hà Nội", "Huế", "Lạng Sơn", "Lạng Sơn", "Lạng Sơn",
      "Hà Nội", N}},
    {"year", "int", {2022, 2023, 2023, 2023, 2023, N, 2021, 2023}},
    {"score", "float", {88.1, 89.5, 80.0, 85.94, 85.94, 70.0, N, N}},
    {"rank", "int", {N, 5, N, 47, 46, N, 9, 1}},
  })
end)

T.case("without 'on', the keys are the columns both datasets have", function()
  T.eq(contents(scores():join(ranks())), contents(scores():join(ranks(), {on = {"province", "year"}})))
end)

T.case("the order of the keys in 'on' does not change the result", function()
  T.eq(contents(scores():join(ranks(), {on = {"year", "province"}, how = "full"})),
    contents(scores():join(ranks(), {on = {"province", "year"}, how = "full"})))
end)

--[==[ int against float keys:
  L = pd.DataFrame({"year": [2020, 2021, 2022], "a": ["x", "y", "z"]})
  R = pd.DataFrame({"year": [2021.0, 2022.5, 2020.0], "b": [True, False, True]})
  print(L.merge(R, on="year", how="inner")); print(L.merge(R, on="year", how="outer"))
printed: inner  2020 x True | 2021 y True   (year int64)
         outer  2020.0 x True | 2021.0 y True | 2022.0 z NaN | 2022.5 NaN False  (year float64)
chiso makes the key float in every kind of join (as dplyr, whose common type of
integer and double is double); pandas keeps int64 when no float value remains. ]==]
T.case("an int key meets a float key by value; the key becomes float", function()
  local a = chiso.dataset{ {"year", {2020, 2021, 2022}}, {"a", {"x", "y", "z"}} }
  local b = chiso.dataset{ {"year", {2021.0, 2022.5, 2020.0}}, {"b", {true, false, true}} }
  T.eq(contents(a:join(b)), {
    {"year", "float", {2020.0, 2021.0}}, {"a", "string", {"x", "y"}}, {"b", "bool", {true, true}},
  })
  T.eq(contents(a:join(b, {how = "full"})), {
    {"year", "float", {2020.0, 2021.0, 2022.0, 2022.5}},
    {"a", "string", {"x", "y", "z", N}},
    {"b", "bool", {true, true, N, false}},
  })
  T.eq(contents(b:join(a, {how = "right"})), {
    {"year", "float", {2020.0, 2021.0, 2022.0}},
    {"b", "bool", {true, true, N}},
    {"a", "string", {"x", "y", "z"}},
  })
end)

T.case("boolean keys", function()
  local a = chiso.dataset{ {"ok", {true, false, N}}, {"n", {1, 2, 3}} }
  local b = chiso.dataset{ {"ok", {false, false, true}}, {"m", {"f1", "f2", "t"}} }
  T.eq(contents(a:join(b, {how = "left"})), {
    {"ok", "bool", {true, false, false, N}},
    {"n", "int", {1, 2, 2, 3}},
    {"m", "string", {"t", "f1", "f2", N}},
  })
end)

-- Two CSV texts: each string column gets its own dictionary, with the
-- provinces in a different order, so matching must go by text.
T.case("string keys from different files match by text", function()
  local scores_csv = assert(chiso.parse_csv(
    "province,score\nLạng Sơn,85.94\nHà Nội,89.5\nCao Bằng,74.0\nHuế,80.0\n"))
  local regions_csv = assert(chiso.parse_csv(
    "province,region\nHuế,Bắc Trung Bộ\nĐà Nẵng,Duyên hải\nHà Nội,Đồng bằng sông Hồng\n" ..
    "Lạng Sơn,Trung du và miền núi phía Bắc\n"))
  T.eq(contents(scores_csv:join(regions_csv, {on = "province", how = "full"})), {
    {"province", "string", {"Lạng Sơn", "Hà Nội", "Cao Bằng", "Huế", "Đà Nẵng"}},
    {"score", "float", {85.94, 89.5, 74.0, 80.0, N}},
    {"region", "string", {"Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng", N, "Bắc Trung Bộ",
      "Duyên hải"}},
  })
  local j = scores_csv:join(regions_csv, {how = "right"})
  T.eq(j.province:totable(), {"Huế", "Đà Nẵng", "Hà Nội", "Lạng Sơn"}, "right join keys")
  T.eq(j.score:totable(), {80.0, N, 89.5, 85.94}, "right join scores")
end)

-- Names: by hand from the rule (left's columns, then the right's non-key ones).
T.case("clashing names: the right one gets the second suffix, the left one the first", function()
  local a = chiso.dataset{ {"k", {1}}, {"score", {1.5}}, {"only_a", {"a"}} }
  local b = chiso.dataset{ {"score", {2.5}}, {"k", {1}}, {"only_b", {"b"}} }
  T.eq(a:join(b, {on = "k"}):names(), {"k", "score", "only_a", "score_r", "only_b"},
    "default suffixes")
  local j = a:join(b, {on = "k", suffix = {"_x", "_y"}})
  T.eq(j:names(), {"k", "score_x", "only_a", "score_y", "only_b"}, "given suffixes")
  T.eq({j.score_x[1], j.score_y[1]}, {1.5, 2.5}, "values under the suffixed names")
  T.eq(a:join(b, {on = "k", how = "semi"}):names(), {"k", "score", "only_a"}, "semi join names")
end)

T.case("suffixes that leave two columns with one name are an error", function()
  local a = chiso.dataset{ {"k", {1}}, {"score", {1.5}}, {"score_r", {0}} }
  local b = chiso.dataset{ {"k", {1}}, {"score", {2.5}} }
  T.raises(function() a:join(b, {on = "k"}) end,
    "bad argument #2 to 'join' (duplicate column name 'score_r' (columns 3 and 4) in the result; " ..
    "choose other suffixes (option 'suffix'))")
  T.raises(function() a:join(b, {on = "k", suffix = {"", ""}}) end, "duplicate column name 'score'")
  T.eq(a:join(b, {on = "k", suffix = {"_l", "_r2"}}):names(), {"k", "score_l", "score_r", "score_r2"})
end)

T.case("misuse names the function, the argument and the problem", function()
  local a, b = left(), right()
  T.raises(function() a:join(b, {on = "zz"}) end,
    "bad argument #2 to 'join' (option 'on': no column 'zz'; did you mean 'k'? the columns are: k, lv)")
  T.raises(function() a:join(b, {on = "lv"}) end,
    "bad argument #2 to 'join' (option 'on' in the right dataset: no column 'lv'; " ..
    "did you mean 'rv'? the columns are: k, rv)")
  T.raises(function() a:join(b, {how = "outer"}) end,
    "bad argument #2 to 'join' (option 'how' must be \"inner\", \"left\", \"right\", \"full\", " ..
    "\"semi\" or \"anti\", not 'outer')")
  T.raises(function() a:join(b, {by = "k"}) end, "bad argument #2 to 'join' (unknown option 'by'")
  T.raises(function() a:join(b, {on = {}}) end, "option 'on' names no columns")
  T.raises(function() a:join(b, {on = {"k", "k"}}) end, "option 'on' names column 'k' twice")
  T.raises(function() a:join(b, {on = 5}) end, "option 'on' must be a column name or a list of names")
  T.raises(function() a:join(b, {suffix = "_r"}) end, "option 'suffix' must be a list of two strings")
  T.raises(function() a:join(b, {suffix = {"_a"}}) end, "option 'suffix' must be a list of two strings")
  T.raises(function() a:join(42) end, "bad argument #1 to 'join' (chiso.Dataset expected, got number)")
  T.raises(function() a:join(b, "k") end, "bad argument #2 to 'join' (table expected, got string)")
  T.raises(function() a:join(chiso.dataset{ {"x", {1}} }) end,
    "bad argument #1 to 'join' (the datasets have no column name in common; name the keys with " ..
    "option 'on')")
end)

T.case("keys of types that cannot be compared name the key and both types", function()
  local a = chiso.dataset{ {"code", {1, 2}} }
  local b = chiso.dataset{ {"code", {"01", "02"}} }
  T.raises(function() a:join(b) end,
    "bad argument #1 to 'join' (key 'code' is int in the left dataset but string in the right one)")
  T.raises(function() chiso.dataset{ {"code", {true}} }:join(chiso.dataset{ {"code", {1.5}} }) end,
    "key 'code' is bool in the left dataset but float in the right one")
end)

T.case("a many-to-many key of 300 x 200 rows gives every pair", function()
  local ka, rows, kb = {}, {}, {}
  for i = 1, 300 do ka[i], rows[i] = i % 3, i end
  for i = 1, 200 do kb[i] = i % 2 end
  local a = chiso.dataset{ {"k", ka}, {"i", rows} }
  local b = chiso.dataset{ {"k", kb} }
  -- keys 0 and 1 each have 100 rows on the left and 100 on the right; key 2 has no match
  T.eq(#a:join(b), 2 * 100 * 100, "inner rows")
  T.eq(#a:join(b, {how = "left"}), 2 * 100 * 100 + 100, "left rows")
  T.eq(#a:join(b, {how = "anti"}), 100, "anti rows")
end)

--[==[ The bundled data:
  import pandas as pd
  par = pd.read_csv("data/par_index.csv"); pro = pd.read_csv("data/provinces.csv", dtype=str)
  m = par.merge(pro, on="province", how="left")
  print(len(par), len(pro), len(m), m.region.isna().sum())
  print((m.province == "Lạng Sơn").sum(), m.loc[m.province == "Lạng Sơn", "region"].unique())
  print(m.iloc[[0, 1, 230]][["year", "province", "region"]].to_string())
printed:
  231 63 231 0
  2 ['Trung du và miền núi phía Bắc']
  0    2012  Đà Nẵng            Bắc Trung Bộ và duyên hải miền Trung
  1    2012  Bà Rịa - Vũng Tàu  Đông Nam Bộ
  230  2024  Điện Biên          Trung du và miền núi phía Bắc ]==]
T.case("bundled data: PAR INDEX rows left-joined to their provinces' regions", function()
  local par = assert(chiso.read_csv(chiso.paths.data .. "/par_index.csv"))
  local provinces = assert(chiso.read_csv(chiso.paths.data .. "/provinces.csv"))
  local j = par:join(provinces, {on = "province", how = "left"})
  T.eq(#j, 231, "rows")
  T.eq(j.region:nulls(), 0, "every province found")
  local regions = {}
  for _, row in j:rows() do
    if row.province == "Lạng Sơn" then regions[#regions + 1] = row.region end
  end
  T.eq(regions, {"Trung du và miền núi phía Bắc", "Trung du và miền núi phía Bắc"}, "Lạng Sơn")
  T.eq({j:row(1).province, j:row(1).region}, {"Đà Nẵng", "Bắc Trung Bộ và duyên hải miền Trung"})
  T.eq({j:row(2).province, j:row(2).region}, {"Bà Rịa - Vũng Tàu", "Đông Nam Bộ"})
  T.eq({j:row(231).year, j:row(231).province, j:row(231).region},
    {2024, "Điện Biên", "Trung du và miền núi phía Bắc"})
  T.eq(j:names(), {"year", "province", "score", "rank", "basis", "source", "code", "region",
    "unit_2025", "unit_2025_code"}, "names")
end)

T.finish()
