-- Choosing rows by conditions (src/core/ops/select.c) and the index kept
-- with a column (src/core/data/colindex.c): every width and type against
-- values inside and outside its range, nulls and NaN, several conditions,
-- the comparison methods; then a randomized comparison with the plain
-- `lua5.4` interpreter (tests/lua/select_oracle.lua) deciding the same
-- conditions over the same values; then the index's life and its memory.
-- The expected rows of the small cases are worked out by hand in the
-- comments.

local T = require "testing"

local N = chiso.null
local NaN = 0 / 0
local inf = math.huge

local function ids(ds)
  return ds:col("id"):totable()
end

local function with_ids(columns)
  local n = #columns[1][2]
  local id = {}
  for i = 1, n do id[i] = i end
  table.insert(columns, 1, {"id", id})
  return chiso.dataset(columns)
end

-- One int column per width: 1 byte (-128..127), 2, 4 and 8.
local w = with_ids{
  {"i1", {5, -3, N, 127, 0, -128}},
  {"i2", {1925, 2024, N, 2000, -30000, 2000}},
  {"i4", {100000, -100000, 7, N, 2000, 7}},
  {"i8", {1 << 40, -(1 << 40), 1, N, 2000, 1 << 40}},
}

T.case("ints of each width against ints inside their range", function()
  T.eq(ids(w:where("i1", "<", 1)), {2, 5, 6}, "i1 < 1: -3, 0, -128")
  T.eq(ids(w:where("i1", ">=", 5)), {1, 4}, "i1 >= 5: 5, 127")
  T.eq(ids(w:where("i2", "==", 2000)), {4, 6}, "i2 == 2000")
  T.eq(ids(w:where("i2", "~=", 2000)), {1, 2, 5}, "i2 ~= 2000: the null row is not kept")
  T.eq(ids(w:where("i4", "<=", 7)), {2, 3, 6}, "i4 <= 7: -100000, 7, 7")
  T.eq(ids(w:where("i8", ">", 1)), {1, 5, 6}, "i8 > 1: 2^40, 2000, 2^40")
  T.eq(ids(w:where("i8", "==", 1 << 40)), {1, 6}, "i8 == 2^40")
end)

T.case("ints against ints beyond their width: every non-null row, or none", function()
  -- i1 holds -128..127: 1000 is above all, -1000 below all; the null row never passes
  T.eq(ids(w:where("i1", "==", 1000)), {}, "== above")
  T.eq(ids(w:where("i1", "~=", 1000)), {1, 2, 4, 5, 6}, "~= above")
  T.eq(ids(w:where("i1", "<", 1000)), {1, 2, 4, 5, 6}, "< above")
  T.eq(ids(w:where("i1", ">", 1000)), {}, "> above")
  T.eq(ids(w:where("i1", ">=", -1000)), {1, 2, 4, 5, 6}, ">= below")
  T.eq(ids(w:where("i1", "<=", -1000)), {}, "<= below")
  T.eq(ids(w:where("i2", "<", 40000)), {1, 2, 4, 5, 6}, "i2 < 40000")
  T.eq(ids(w:where("i4", ">", 1 << 40)), {}, "i4 > 2^40")
  T.eq(ids(w:where("i4", ">", -(1 << 40))), {1, 2, 3, 5, 6}, "i4 > -2^40")
end)

T.case("ints against floats compare as numbers; NaN passes only ~=", function()
  T.eq(ids(w:where("i2", "==", 2000.0)), {4, 6}, "== 2000.0")
  T.eq(ids(w:where("i2", "==", 2000.5)), {}, "== 2000.5")
  T.eq(ids(w:where("i2", "<", 2000.5)), {1, 4, 5, 6}, "< 2000.5: 1925, 2000, -30000, 2000")
  T.eq(ids(w:where("i1", ">", -3.5)), {1, 2, 4, 5}, "> -3.5: 5, -3, 127, 0")
  T.eq(ids(w:where("i4", "<", inf)), {1, 2, 3, 5, 6}, "< inf")
  T.eq(ids(w:where("i8", "==", NaN)), {}, "== NaN")
  T.eq(ids(w:where("i8", ">=", NaN)), {}, ">= NaN")
  T.eq(ids(w:where("i8", "~=", NaN)), {1, 2, 3, 5, 6}, "~= NaN: every non-null row")
end)

local f = with_ids{ {"x", {1.5, NaN, N, -0.0, inf, 3.0}} }

T.case("floats: NaN compares false except with ~=, -0 equals 0, ints as numbers", function()
  T.eq(ids(f:where("x", "==", 0)), {4}, "== 0: -0.0")
  T.eq(ids(f:where("x", "~=", 1.5)), {2, 4, 5, 6}, "~= 1.5: NaN, -0.0, inf, 3")
  T.eq(ids(f:where("x", "<", inf)), {1, 4, 6}, "< inf")
  T.eq(ids(f:where("x", ">", -inf)), {1, 4, 5, 6}, "> -inf: not NaN")
  T.eq(ids(f:where("x", "==", 3)), {6}, "== 3 (an int)")
  T.eq(ids(f:where("x", "<=", NaN)), {}, "<= NaN")
  T.eq(ids(f:where("x", "in", {3, 1.5, NaN})), {1, 6}, "in {3, 1.5, NaN}")
end)

local s = with_ids{ {"name", {"b", "a", N, "ab", "B", "Hà Nội"}} }

T.case("strings compare by their bytes", function()
  -- bytes: "B" (66) < "Hà Nội" (72) < "a" (97) < "ab" < "b"
  T.eq(ids(s:where("name", "<", "b")), {2, 4, 5, 6}, "< b")
  T.eq(ids(s:where("name", ">=", "ab")), {1, 4}, ">= ab")
  T.eq(ids(s:where("name", "==", "Hà Nội")), {6}, "== Hà Nội")
  T.eq(ids(s:where("name", "==", "zz")), {}, "== a string no row holds")
  T.eq(ids(s:where("name", "~=", "zz")), {1, 2, 4, 5, 6}, "~= a string no row holds")
  T.eq(ids(s:where("name", "in", {"a", "B", "q"})), {2, 5}, "in")
  T.eq(ids(s:where("name", "is_null")), {3}, "is_null")
end)

local b = with_ids{ {"ok", {true, false, N, true}} }

T.case("booleans: false before true; a boolean column chooses its true rows", function()
  T.eq(ids(b:where("ok", "==", true)), {1, 4}, "== true")
  T.eq(ids(b:where("ok", "<", true)), {2}, "< true: false")
  T.eq(ids(b:where("ok", ">=", false)), {1, 2, 4}, ">= false")
  T.eq(ids(b:where(b.ok)), {1, 4}, "where(column)")
  T.eq(ids(b:where(b.ok:eq(false))), {2}, "where(ok == false)")
end)

T.case("ints in a list of ints and floats", function()
  -- i2: 1925, 2024, null, 2000, -30000, 2000
  T.eq(ids(w:where("i2", "in", {2000, 1925.0, 2024.5})), {1, 4, 6}, "in")
  T.eq(ids(w:where("i8", "in", {1, 1 << 40})), {1, 3, 6}, "i8 in")
  T.eq(ids(w:where("i1", "in", {})), {}, "in an empty list")
end)

T.case("several conditions: each null column drops its own null rows", function()
  local d = with_ids{
    {"a", {1, 2, N, 4, 5, 6}},
    {"c", {"x", N, "x", "y", "x", "x"}},
    {"v", {0.5, 1.5, 2.5, N, 4.5, NaN}},
  }
  -- a >= 2: rows 2, 4, 5, 6; c == "x": 1, 3, 5, 6; v > 1: 2, 3, 5
  T.eq(ids(d:where{ {"a", ">=", 2}, {"c", "==", "x"} }), {5, 6}, "a and c")
  T.eq(ids(d:where{ {"a", ">=", 2}, {"c", "==", "x"}, {"v", ">", 1} }), {5}, "a, c and v")
  T.eq(ids(d:where{ {"c", "not_null"}, {"v", "not_null"} }), {1, 3, 5, 6}, "not_null twice")
  T.eq(ids(d:where{ {"a", "is_null"} }), {3}, "is_null")
  T.eq(ids(d:where{ {"a", "<", d.id} }), {}, "a column against a column: a < id nowhere")
  T.eq(ids(d:where{ {"a", "==", d.id} }), {1, 2, 4, 5, 6}, "a == id")
end)

T.case("comparison methods: answers and nulls at the null rows", function()
  T.eq(w.i2:eq(2000):totable(), {false, false, N, true, false, true}, "eq")
  T.eq(w.i1:lt(1000):totable(), {true, true, N, true, true, true}, "lt above the width")
  T.eq(w.i4:ge(7.5):totable(), {true, false, false, N, true, false}, "ge a float")
  T.eq(f.x:ne(NaN):totable(), {true, true, N, true, true, true}, "ne NaN")
  T.eq(s.name:gt("a"):totable(), {true, false, N, true, false, false}, "gt on strings")
  T.eq(b.ok:le(false):totable(), {false, true, N, false}, "le on booleans")
end)

T.case("where's errors name the column and the problem", function()
  T.raises(function() w:where("i1", "==", "1") end, "cannot compare int with string (column 'i1')")
  T.raises(function() w:where{ {"i2", ">", 1}, {"i1", "in", {1, "x"}} } end,
    "value 2 of the list is string, which cannot be compared with int (column 'i1')")
  T.raises(function() s:where("name", "<", true) end, "cannot compare string with bool (column 'name')")
end)

-- The randomized comparison with lua5.4 ------------------------------------------------

local function have_lua()
  local ok = os.execute("command -v lua5.4 >/dev/null 2>&1")
  return ok == true or ok == 0
end

-- A value as Lua source the oracle reads back exactly; a null as its marker.
local function source(v)
  if v == N then return '"\\0null"' end
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "boolean" then return tostring(v) end
  if math.type(v) == "integer" then return string.format("%d", v) end
  if v ~= v then return "0/0" end
  if v == inf then return "1/0" end
  if v == -inf then return "-1/0" end
  return string.format("%a", v)
end

local function list_source(values)
  local parts = {}
  for i, v in ipairs(values) do parts[i] = source(v) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local random = math.random
math.randomseed(17)

local nrow = 3000 -- three blocks of 1,024 rows and a short one
local strings = {"a", "b", "B", "ab", "Hà Nội", "", "zz"}
local makers = {
  year = function() return random(1990, 2029) end,
  small = function() return random(-100, 100) end,
  mid = function() return random(-40000, 40000) end,
  big = function() return random(-(1 << 40), 1 << 40) end,
  x = function()
    local r = random(1, 20)
    if r == 1 then return NaN end
    if r == 2 then return math.tointeger(random(-3, 3)) + 0.0 end
    return random(-5000, 5000) / 100
  end,
  s = function() return strings[random(1, #strings)] end,
  ok = function() return random(0, 1) == 1 end,
}
local names = {"year", "small", "mid", "big", "x", "s", "ok"}
local columns = {}
for _, name in ipairs(names) do
  local values = {}
  for i = 1, nrow do
    values[i] = random(1, 20) == 1 and N or makers[name]()
  end
  columns[name] = values
end

-- A value to compare a column with: mostly its own kind of value, sometimes beyond its range.
local function value_for(name)
  local r = random(1, 10)
  if name == "s" then return r == 1 and "q" or strings[random(1, #strings)] end
  if name == "ok" then return r <= 5 end
  if name == "x" then return r == 1 and NaN or r == 2 and random(-3, 3) or makers.x() end
  if r == 1 then return makers[name]() * 1000 end
  if r == 2 then return makers[name]() + 0.5 end
  return makers[name]()
end

local ops = {"==", "~=", "<", "<=", ">", ">=", "in", "not_null", "is_null"}
local function condition()
  local name = names[random(1, #names)]
  local op = ops[random(1, #ops)]
  if name == "ok" and op == "in" then op = "==" end
  if op == "in" then
    local set = {}
    for k = 1, random(0, 4) do set[k] = value_for(name) end
    return {name, op, set}
  end
  -- equalities on the year most of all, so its index is built and used
  if random(1, 3) == 1 then return {"year", "==", value_for("year")} end
  return {name, op, value_for(name)}
end

local queries = {}
for q = 1, 300 do
  local query = {}
  for k = 1, random(1, 3) do query[k] = condition() end
  queries[q] = query
end

T.case("where agrees with lua5.4 deciding the same conditions (300 random queries)", function()
  if not have_lua() then
    error("lua5.4 is not installed (apt-get install lua5.4)")
  end
  local text = {"return {nrow = ", nrow, ", columns = {"}
  for _, name in ipairs(names) do
    text[#text + 1] = name .. " = " .. list_source(columns[name]) .. ",\n"
  end
  text[#text + 1] = "}, queries = {"
  for _, query in ipairs(queries) do
    local conds = {}
    for k, c in ipairs(query) do
      local v = c[2] == "in" and list_source(c[3]) or c[3] == nil and "nil" or source(c[3])
      conds[k] = string.format("{%q, %q, %s}", c[1], c[2], v)
    end
    text[#text + 1] = "{" .. table.concat(conds, ", ") .. "},\n"
  end
  text[#text + 1] = "}}\n"
  local path = T.tmpname(".lua")
  T.write(path, table.concat(text))
  local out, err, status = T.run("lua5.4 " .. T.quote(T.here() .. "/select_oracle.lua") .. " " .. T.quote(path))
  T.eq(status, 0, "lua5.4's status (" .. err .. ")")

  local list = {}
  for _, name in ipairs(names) do list[#list + 1] = {name, columns[name]} end
  local d = with_ids(list)
  local q = 0
  for line in out:gmatch("([^\n]*)\n") do
    q = q + 1
    local expected = {}
    for id in line:gmatch("%d+") do expected[#expected + 1] = tonumber(id) end
    local query = queries[q]
    -- d keeps its columns (and their indexes) from query to query; a slice is new columns
    T.eq(ids(d:where(query)), expected, "query " .. q .. " " .. T.show(query))
    T.eq(ids(d:slice(1, nrow):where(query)), expected, "query " .. q .. " on fresh columns")
    if #query == 1 then
      local c = query[1]
      T.eq(ids(d:where(c[1], c[2], c[3])), expected, "query " .. q .. " as where(col, op, value)")
    end
  end
  T.eq(q, #queries, "answers from lua5.4")
end)

T.case("the comparison methods agree with lua5.4's choice of rows", function()
  -- the same oracle, through col:eq and its kin: true exactly at its rows, null at null rows
  local list = {}
  for _, name in ipairs(names) do list[#list + 1] = {name, columns[name]} end
  local d = with_ids(list)
  local methods = {["=="] = "eq", ["~="] = "ne", ["<"] = "lt", ["<="] = "le", [">"] = "gt", [">="] = "ge"}
  local chosen = {}
  for q, query in ipairs(queries) do
    if #query == 1 and methods[query[1][2]] then chosen[#chosen + 1] = q end
  end
  local text = {"return {nrow = ", nrow, ", columns = {"}
  for _, name in ipairs(names) do text[#text + 1] = name .. " = " .. list_source(columns[name]) .. ",\n" end
  text[#text + 1] = "}, queries = {"
  for _, q in ipairs(chosen) do
    local c = queries[q][1]
    text[#text + 1] = string.format("{{%q, %q, %s}},\n", c[1], c[2], source(c[3]))
  end
  text[#text + 1] = "}}\n"
  local path = T.tmpname(".lua")
  T.write(path, table.concat(text))
  local out, err, status = T.run("lua5.4 " .. T.quote(T.here() .. "/select_oracle.lua") .. " " .. T.quote(path))
  T.eq(status, 0, "lua5.4's status (" .. err .. ")")
  local k = 0
  for line in out:gmatch("([^\n]*)\n") do
    k = k + 1
    local c = queries[chosen[k]][1]
    local expected = {}
    for i = 1, nrow do expected[i] = columns[c[1]][i] == N and N or false end
    for id in line:gmatch("%d+") do expected[tonumber(id)] = true end
    local got = d[c[1]][methods[c[2]]](d[c[1]], c[3]):totable()
    T.eq(got, expected, "query " .. chosen[k] .. " " .. T.show(c))
  end
  T.truthy(k > 20, "enough single comparisons (" .. k .. ")")
end)

-- The index ---------------------------------------------------------------------------

-- Bytes in use once every piece of garbage is collected.
local function settled()
  collectgarbage()
  collectgarbage()
  return (chiso.memory())
end

-- 100,000 rows of 100 years; the index of `year` takes 4 bytes a row and 4 a slot (102 of them).
local function panel()
  local years, values = {}, {}
  for i = 1, 100000 do
    years[i] = 1925 + (i - 1) % 100
    values[i] = i
  end
  return chiso.dataset{ {"year", years}, {"v", values} }
end

-- The equality that builds a column's index: COLINDEX_AFTER in src/core/data/colindex.h.
local AFTER = 8

T.case("the index is built on the 8th equality on a column, and counted in chiso.memory()", function()
  local start = settled()
  local d = panel()
  local before = settled()
  for y = 1925, 1925 + AFTER - 2 do T.eq(#d:where("year", "==", y), 1000, "rows of " .. y) end
  local scanned = settled()
  T.truthy(math.abs(scanned - before) < 4096, "the scans keep nothing: " .. (scanned - before))
  T.eq(#d:where("year", "==", 1925 + AFTER - 1), 1000, "the lookup that builds")
  local built = settled()
  -- 400,000 bytes of row numbers, 408 of slots, and the index's own small header
  T.truthy(built - before >= 400408 and built - before < 400408 + 4096,
    "the index's bytes: " .. (built - before))
  for y = 1925 + AFTER, 2024 do T.eq(#d:where("year", "==", y), 1000, "rows of " .. y) end
  T.truthy(math.abs(settled() - built) < 4096, "one index, whatever the number of lookups")
  local rows = d:where("year", "==", 2000):col("v"):totable()
  T.eq({rows[1], rows[2], rows[1000]}, {76, 176, 99976}, "rows in order: 2000 is the 76th year")
  d = nil
  -- Lua's string table may have grown a little; the index alone is 400 KB
  T.truthy(settled() - start < 65536, "the index freed with its column: " .. (settled() - start))
end)

T.case("datasets that share the column share its index; derived columns have none", function()
  local d = panel()
  for y = 1925, 1925 + AFTER - 1 do d:where("year", "==", y) end
  local built = settled()
  local shared = d:select("year") -- the same column object
  for y = 1929, 1940 do T.eq(#shared:where("year", "==", y), 1000, "shared, " .. y) end
  T.truthy(settled() - built < 4096, "no second index for the shared column")
  local derived = d:where("year", ">=", 2000) -- 25,000 rows in new columns
  local mark = settled()
  for y = 2000, 2000 + AFTER - 2 do T.eq(#derived:where("year", "==", y), 1000, "derived, " .. y) end
  T.truthy(math.abs(settled() - mark) < 4096, "the first lookups on the derived column build nothing")
  T.eq(#derived:where("year", "==", 1990), 0, "a year the derived rows lack")
  T.truthy(settled() - mark >= 100000, "the 8th builds the derived column's own index")
  T.eq(derived:where("year", "==", 2010):col("v"):totable()[1], 86, "its rows are its own")
end)

T.case("an index answers with the other conditions applied, and for strings", function()
  local names, kinds, years = {}, {}, {}
  for i = 1, 5000 do
    names[i] = "E" .. (i % 50)
    kinds[i] = i % 7 == 0 and N or i % 3
    years[i] = 2000 + i % 10
  end
  local d = chiso.dataset{ {"name", names}, {"kind", kinds}, {"year", years} }
  for k = 1, AFTER do
    -- rows with i % 50 == 7, i % 3 == 1 (and not i % 7 == 0), i % 10 == 7:
    -- i = 7 + 50j with j % 3 = 0 (7 + 50j = 1 mod 3 -> 2j = 0 mod 3), not multiples of 7
    local got = d:where{ {"name", "==", "E7"}, {"kind", "==", 1}, {"year", "==", 2007} }
    local expected = {}
    for i = 1, 5000 do
      if i % 50 == 7 and i % 3 == 1 and i % 7 ~= 0 then expected[#expected + 1] = 2007 end
    end
    T.eq(got:col("year"):totable(), expected, "lookup " .. k)
    T.eq(#d:where("name", "==", "nobody"), 0, "a name not in the dictionary, lookup " .. k)
  end
end)

T.case("near the memory limit the index is not built, and the run goes on", function()
  local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
  local out, err, status = T.run(T.quote(chiso_bin) .. " --max-memory 64M --trust " ..
    T.quote(T.here() .. "/select_limit.lua"))
  T.eq(status, 0, "status (" .. err .. ")")
  local near, room = out:match("near the limit\t(%d+)\nwith room\t(%d+)\n")
  T.truthy(near and tonumber(near) < 16384, "nothing kept near the limit: " .. out)
  T.truthy(room and tonumber(room) >= 400408, "the index made once there is room: " .. out)
end)

T.finish()
