-- sort, rank, group_by/agg, distinct and lag/lead/diff/pct_change on inputs
-- of 1,400 to 2,000 rows, large enough to take their fast paths: the radix
-- sort (256 rows or more) and its merge-sort fallback (an int key holding
-- both a null and INT64_MAX, or INT64_MIN descending), rank's sort by words,
-- group ids by dense arrays (strings, booleans, ints in a short range, with
-- nulls, several keys) and by the hash table (an int key spanning 2^64), and
-- lag's dense time spans and its hash table (a series with years 1 and
-- 10^12). The data has many ties, nulls, NaN, -0.0, negative numbers,
-- infinities, Vietnamese names and ints at INT64_MIN and INT64_MAX.
--
-- Inputs and expected outputs are in tests/data/large/, all written by
--   /usr/bin/python3 tests/data/large/make.py
-- (seeded; pandas 1.5.3). Its header states how pandas' conventions were
-- bridged to chiso's (null apart from NaN, the Vietnamese order, first
-- appearance of null groups). None of the expected values comes from chiso.

local T = require "testing"

local N = chiso.null
local DIR = T.here() .. "/../data/large/"
local INT64_MAX, INT64_MIN = math.maxinteger, math.mininteger

local function load(name, types)
  local d, err = chiso.read_csv(DIR .. name, {types = types})
  assert(d, err)
  return d
end

local rows = load("rows.csv", {id = "int", p = "string", k = "int", b = "bool", big = "int",
  bign = "int", v = "int", x = "float", xn = "float"})

local function show(v)
  if v == N then return "null" end
  if type(v) == "number" and v ~= v then return "nan" end
  if math.type(v) == "float" then return string.format("%.17g", v) end
  return T.show(v)
end

-- Equal values: null only with null, NaN only with NaN, integers exactly,
-- other numbers to 1e-12 relative, the rest by ==.
local function same(a, e)
  if e == N or a == N then return a == e end
  if type(e) ~= "number" or type(a) ~= "number" then return a == e end
  if e ~= e or a ~= a then return e ~= e and a ~= a end
  if math.type(e) == "integer" and math.type(a) == "integer" then return a == e end
  if e == math.huge or e == -math.huge then return a == e end
  return math.abs(a - e) <= 1e-12 * math.max(1, math.abs(e))
end

-- Compares two lists value by value; the message counts the differences and
-- shows the first, with the id of its row when ids are given.
local function check_list(actual, expected, what, ids)
  T.eq(#actual, #expected, what .. ": number of values")
  local bad, first = 0, nil
  for i = 1, #expected do
    if not same(actual[i], expected[i]) then
      bad = bad + 1
      first = first or i
    end
  end
  if bad > 0 then
    error(string.format("%s: %d of %d values differ; the first at row %d%s: expected %s, got %s",
      what, bad, #expected, first, ids and " (id " .. tostring(ids[first]) .. ")" or "",
      show(expected[first]), show(actual[first])), 2)
  end
end

local values = T.values

-- Sort

-- Each name of sort_expected.csv with the keys that chiso sorts by.
local sorts = {
  {"p", {"p"}},
  {"p_desc", {{"p", desc = true}}},
  {"p_vi", {{"p", collate = "vi"}}},
  {"p_vi_desc", {{"p", desc = true, collate = "vi"}}},
  {"k_x_desc", {"k", {"x", desc = true}}},
  {"x", {"x"}},
  {"x_desc", {{"x", desc = true}}},
  {"xn", {"xn"}},
  {"xn_desc", {{"xn", desc = true}}},
  {"big", {"big"}},
  {"big_desc", {{"big", desc = true}}},
  {"bign", {"bign"}},
  {"bign_desc", {{"bign", desc = true}}},
  {"p_k_v", {"p", "k", "v"}},
  {"v_desc_bign", {{"v", desc = true}, "bign"}},
  {"b_desc_p_vi", {{"b", desc = true}, {"p", collate = "vi"}}},
}

local sort_expected = load("sort_expected.csv")

-- The ids of want (a full order) that are at most n: a stable sort of the
-- first n rows gives exactly this subsequence.
local function first_ids(want, n)
  local out = {}
  for _, id in ipairs(want) do
    if id <= n then out[#out + 1] = id end
  end
  return out
end

T.case("the inputs hold what the fast paths need", function()
  T.eq(#rows, 2000, "rows")
  local bign, big = values(rows, "bign"), values(rows, "big")
  local has = {}
  for i = 1, #bign do
    has[bign[i] == N and "null" or bign[i]] = true
    has["big" .. tostring(big[i])] = true
  end
  T.truthy(has.null and has[INT64_MAX] and has[INT64_MIN], "bign has null, INT64_MAX and INT64_MIN")
  T.truthy(has["big" .. INT64_MAX] and has["big" .. INT64_MIN], "big has INT64_MAX and INT64_MIN")
  T.eq(rows.big:count(), 2000, "big has no nulls (so the radix sort takes it)")
end)

for _, s in ipairs(sorts) do
  local name, keys = s[1], s[2]
  T.case("sort " .. name .. " agrees with pandas' stable sort (2000, 256 and 255 rows)", function()
    local want = values(sort_expected, name)
    check_list(values(rows:sort(table.unpack(keys)), "id"), want, "sort " .. name)
    for _, n in ipairs{256, 255} do
      check_list(values(rows:head(n):sort(table.unpack(keys)), "id"), first_ids(want, n),
        string.format("sort %s of the first %d rows", name, n))
    end
  end)
end

T.case("an int key with nulls takes the radix sort when no value sorts like a null", function()
  -- Without INT64_MAX ascending (or INT64_MIN descending) the nulls' word is
  -- free, so the radix sort runs; the answer is pandas' order with those rows left out.
  local bign = values(rows, "bign")
  for _, case in ipairs{{INT64_MAX, "bign", "bign"}, {INT64_MIN, {"bign", desc = true}, "bign_desc"}} do
    local left_out, want = {}, {}
    for i = 1, #bign do  -- ids are row numbers
      left_out[i] = bign[i] == case[1]
    end
    for _, id in ipairs(values(sort_expected, case[3])) do
      if not left_out[id] then want[#want + 1] = id end
    end
    local subset = rows:where(function(r) return r.bign ~= case[1] end)
    T.eq(#subset, #want, "rows kept")
    T.truthy(#subset >= 256, "enough rows for the radix sort")
    check_list(values(subset:sort(case[2]), "id"), want, "sort without " .. case[1])
  end
end)

-- Rank

-- The columns of rank_expected.csv are named col_by_ties_dir_na[_pct]: by is
-- the key columns run together, or "all" for none; dir is a(scending) or d(escending).
local by_names = {all = nil, p = {"p"}, k = {"k"}, pk = {"p", "k"}, bign = {"bign"},
  pbign = {"p", "bign"}, bk = {"b", "k"}}

local rank_expected = load("rank_expected.csv")
local ids = values(rows, "id")

for _, name in ipairs(rank_expected:names()) do
  local col, by, ties, dir, na, pct = name:match("^(%w+)_(%w+)_(%a+)_([ad])_(%a+)(.*)$")
  local opts = {by = by_names[by], ties = ties, desc = dir == "d", na = na, pct = pct == "_pct"}
  local what = string.format("rank %s by %s ties=%s desc=%s na=%s pct=%s", col, by, ties,
    opts.desc, na, opts.pct)
  T.case(what .. " agrees with pandas", function()
    local r = rows:rank(col, opts)
    local want_type = (opts.pct or ties == "average") and "float" or "int"
    T.eq(r:col("rank"):type(), want_type, what .. ": type")
    check_list(values(r, "rank"), values(rank_expected, name), what, ids)
  end)
end

-- group_by / agg

local aggs = {
  {"n", "count"}, {"nv", "count", "v"}, {"sv", "sum", "v"}, {"lo", "min", "v"}, {"hi", "max", "v"},
  {"nd", "n_distinct", "v"}, {"mx", "mean", "x"}, {"cxn", "count", "xn"}, {"hxn", "max", "xn"},
}
local agg_types = {p = "string", k = "int", b = "bool", bign = "int", n = "int", nv = "int",
  sv = "int", lo = "int", hi = "int", nd = "int", mx = "float", cxn = "int", hxn = "float"}

local groupings = {
  {{"p", "k"}, "string and small-range int keys with nulls: dense codes"},
  {{"p", "bign"}, "a string key and an int key spanning 2^64 with nulls: the hash table"},
  {{"b", "k"}, "boolean and int keys with nulls: dense codes"},
}

for _, g in ipairs(groupings) do
  local keys, how = g[1], g[2]
  for _, sorted in ipairs{true, false} do
    local file = string.format("agg_%s_%s.csv", table.concat(keys, "_"), sorted and "sorted" or "appearance")
    local what = string.format("group_by(%s%s)", table.concat(keys, ", "), sorted and "" or ", sort = false")
    T.case(what .. ":agg agrees with pandas, " .. (sorted and "in key order" or "in order of first appearance")
        .. " (" .. how .. ")", function()
      local types = {}
      for _, name in ipairs(keys) do types[name] = agg_types[name] end
      for _, a in ipairs(aggs) do types[a[1]] = agg_types[a[1]] end
      local want = load(file, types)
      local args = {table.unpack(keys)}
      if not sorted then args[#args + 1] = {sort = false} end
      local got = rows:group_by(table.unpack(args)):agg(aggs)
      T.eq(got:names(), want:names(), what .. ": columns")
      T.eq(#got, #want, what .. ": number of groups")
      for _, name in ipairs(want:names()) do
        check_list(values(got, name), values(want, name), what .. " column " .. name)
      end
    end)
  end
end

-- distinct

for _, keys in ipairs{{"p", "k"}, {"bign", "p"}, {"b", "k"}, {"k", "p", "bign"}} do
  local what = "distinct(" .. table.concat(keys, ", ") .. ")"
  T.case(what .. " keeps each combination's first row, in order, as pandas' drop_duplicates", function()
    local want = values(load("distinct_" .. table.concat(keys, "_") .. ".csv", {id = "int"}), "id")
    local args = {table.unpack(keys)}
    args[#args + 1] = {keep_all = true}
    local all = rows:distinct(table.unpack(args))
    check_list(values(all, "id"), want, what .. " keep_all ids")
    local only = rows:distinct(table.unpack(keys))
    T.eq(only:names(), keys, what .. ": columns")
    for _, k in ipairs(keys) do
      check_list(values(only, k), values(all, k), what .. " column " .. k)
    end
  end)
end

-- lag, lead, diff, pct_change

local window_types = {id = "int", v_lag = "int", v_lead = "int", v_diff = "int", v_pct_change = "float",
  v_lag2 = "int", x_lag = "float", x_lead = "float", x_diff = "float", x_pct_change = "float",
  p_lag = "string", year_lag2 = "int"}

local function windows(d)
  local by = {"p", "s"}
  return d:lag("v", {by = by}):lead("v", {by = by}):diff("v", {by = by}):pct_change("v", {by = by})
    :lag("v", {by = by, step = 2, name = "v_lag2"})
    :lag("x", {by = by}):lead("x", {by = by}):diff("x", {by = by}):pct_change("x", {by = by})
    :lag("p", {by = by}):lag("year", {by = by, step = 2, name = "year_lag2"})
end

local panels = {
  {"panel", "dense time spans: 48 series over 40 years with gaps"},
  {"panel_far", "the hash table: one series has years -5 to 10^12 + 3"},
}

for _, p in ipairs(panels) do
  local file, how = p[1], p[2]
  T.case("lag, lead, diff, pct_change on " .. file .. " agree with pandas' merge (" .. how .. ")", function()
    local d = load(file .. ".csv", {id = "int", p = "string", s = "int", year = "int", v = "int", x = "float"})
    local want = load(file .. "_expected.csv", window_types)
    local got = windows(d)
    local ids_here = values(d, "id")
    check_list(ids_here, values(want, "id"), file .. " ids")
    for _, name in ipairs(want:names()) do
      if name ~= "id" then
        check_list(values(got, name), values(want, name), file .. " " .. name, ids_here)
      end
    end
  end)

  T.case("a duplicate (key, time) in " .. file .. " is an error naming both rows", function()
    local d = load(file .. ".csv", {id = "int", p = "string", s = "int", year = "int", v = "int", x = "float"})
    -- the row to repeat: the far series' year 10^12 when there is one, else the first whole row
    local at
    for i, r in d:rows() do
      if r.p ~= N and r.s ~= N and r.year ~= N and (at == nil or r.year == 1000000000000) then
        at = i
      end
    end
    local r = d:row(at)
    local twice = chiso.concat(d, d:slice(at, at))
    local msg = string.format("two rows for p '%s', s %d and year %d (rows %d and %d)", r.p, r.s, r.year,
      at, #d + 1)
    T.raises(function() twice:lag("v", {by = {"p", "s"}}) end, msg, "lag")
    T.raises(function() twice:pct_change("x", {by = {"p", "s"}}) end, msg, "pct_change")
  end)
end

T.finish()
