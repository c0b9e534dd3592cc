-- Writing CSV and reading it back: ds:to_csv() formatting (quoting, nulls,
-- shortest floats, int64 limits, bools, Vietnamese text, the delimiter
-- option), ds:to_csv(path) writing a file atomically and its failures, and a
-- randomized round trip: random datasets of int, float, string and bool
-- columns with nulls, written with to_csv() and read back with parse_csv,
-- must come back with the same names, types, values and nulls.
-- The expected CSV texts are written by hand from the rules in docs/csv.md.

local T = require "testing"
local lfs = require "lfs"

local N = chiso.null

local types = T.types

-- Formatting

-- Besides the file's own delimiter, the others a reader may detect (',', ';', '|', tab) are
-- quoted, so that what to_csv writes is read back with its own delimiter.
T.case("strings are quoted only when they need it", function()
  local ds = chiso.dataset{
    {"s", {"plain", "a,b", 'say "hi"', "line\nbreak", "cr\rhere", "crlf\r\nend", " lead",
           "trail ", "\ttab", "tab\t", "in\tside", "in side", "", "Hà Nội", "a;b", "a|b",
           "01", "NA"}},
  }
  T.eq(ds:to_csv(), table.concat({
    "s",
    "plain",
    '"a,b"',
    '"say ""hi"""',
    '"line\nbreak"',
    '"cr\rhere"',
    '"crlf\r\nend"',
    '" lead"',
    '"trail "',
    '"\ttab"',
    '"tab\t"',
    '"in\tside"',
    "in side",
    '""',
    "Hà Nội",
    '"a;b"',
    '"a|b"',
    "01",
    "NA",
  }, "\n") .. "\n", "text")
end)

T.case("header names are quoted by the same rules", function()
  local ds = chiso.dataset{
    {"tên, đầy đủ", {"x"}}, {'ghi "chú"', {"y"}}, {" cách", {"z"}}, {"điểm", {1}},
  }
  T.eq(ds:to_csv(), '"tên, đầy đủ","ghi ""chú"""," cách",điểm\nx,y,z,1\n', "text")
end)

T.case("nulls are empty fields", function()
  local ds = chiso.dataset{
    {"a", {1, N, 3}}, {"b", {N, "x", N}}, {"c", {N, N, N}}, {"d", {N, 2.5, N}},
  }
  T.eq(ds:to_csv(), "a,b,c,d\n1,,,\n,x,,2.5\n3,,,\n", "text")
end)

T.case("floats are written in the shortest form that reads back", function()
  local ds = chiso.dataset{
    {"x", {85.94, 0.1 + 0.2, 1.0, 1e20, -0.0, 1.7976931348623157e308,
           math.huge, -math.huge, 0.1, -1.5, 123456789.0, 0.001, 1e-5, 2.0 ^ 53,
           math.pi, 1 / 3, 2.2250738585072014e-308}},
  }
  T.eq(ds:to_csv(), table.concat({
    "x",
    "85.94",
    "0.30000000000000004",
    "1.0",
    "1e+20",
    "-0.0",
    "1.7976931348623157e+308",
    "inf",
    "-inf",
    "0.1",
    "-1.5",
    "123456789.0",
    "0.001",
    "1e-05",
    "9007199254740992.0",
    "3.141592653589793",
    "0.3333333333333333",
    "2.2250738585072014e-308",
  }, "\n") .. "\n", "text")
end)

T.case("subnormal floats are written in their shortest form too", function()
  -- 5e-324 is the smallest subnormal (2^-1074 = 4.9406564584124654e-324);
  -- "5e-324" reads back to it, so it is the shortest form. 3 * 2^-1074 is
  -- 1.48...e-323, between neighbours 9.88e-324 and 1.976e-323: "1.5e-323"
  -- is the shortest text that rounds to it.
  local ds = chiso.dataset{{"x", {5e-324, -5e-324, 3 * 5e-324}}}
  T.eq(ds:to_csv(), "x\n5e-324\n-5e-324\n1.5e-323\n", "text")
end)

T.case("nan is written nan whatever its sign bit", function()
  local nan = 0 / 0
  local ds = chiso.dataset{{"x", {nan, -nan, 1.5}}}
  T.eq(ds:to_csv(), "x\nnan\nnan\n1.5\n", "text")
end)

T.case("int64 limits are written in full", function()
  local ds = chiso.dataset{{"n", {math.mininteger, math.maxinteger, 0, -1}}}
  T.eq(ds:to_csv(), "n\n-9223372036854775808\n9223372036854775807\n0\n-1\n", "text")
end)

T.case("bools are written true and false", function()
  local ds = chiso.dataset{{"b", {true, false, N}}, {"i", {1, 2, 3}}}
  T.eq(ds:to_csv(), "b,i\ntrue,1\nfalse,2\n,3\n", "text")
end)

T.case("Vietnamese names and values are written as they are", function()
  local ds = chiso.dataset{
    {"tỉnh", {"Lạng Sơn", "Hà Nội", "Thừa Thiên Huế"}}, {"điểm", {85.94, 89.5, 80.0}},
  }
  T.eq(ds:to_csv(), "tỉnh,điểm\nLạng Sơn,85.94\nHà Nội,89.5\nThừa Thiên Huế,80.0\n", "text")
end)

T.case("to_csv{delimiter = ';'} quotes semicolons, and commas too", function()
  local ds = chiso.dataset{{"s", {"a,b", "c;d", "e"}}, {"f", {1.5, 2.0, 3.0}}}
  T.eq(ds:to_csv{delimiter = ";"}, "s;f\n\"a,b\";1.5\n\"c;d\";2.0\ne;3.0\n", "text")
end)

T.case("to_csv{delimiter = 'tab'} separates with tabs", function()
  local ds = chiso.dataset{{"s", {"a,b", "c\td"}}, {"n", {1, 2}}}
  T.eq(ds:to_csv{delimiter = "tab"}, "s\tn\n\"a,b\"\t1\n\"c\td\"\t2\n", "text")
end)

T.case("a dataset with no rows is its header", function()
  local ds = chiso.dataset{{"a", {}}, {"b", {}}}
  T.eq(ds:to_csv(), "a,b\n", "text")
end)

T.case("a one-column int dataset with a null reads back with its null", function()
  -- a null alone on its line must not be lost as a blank line
  local ds = chiso.dataset{{"n", {1, N, 3}}}
  local back, msg = chiso.parse_csv(ds:to_csv(), {types = ds:types()})
  T.truthy(back, msg)
  T.eq(#back, 3, "rows")
  T.eq(back:col("n"):totable(), {1, N, 3}, "n")
end)

-- Writing files

T.case("to_csv(path) writes the text and returns true", function()
  local ds = chiso.dataset{{"tỉnh", {"Hà Nội", "Huế"}}, {"điểm", {85.94, N}}}
  local path = T.tmpname(".csv")
  T.eq(ds:to_csv(path), true, "result")
  T.eq(T.read(path), "tỉnh,điểm\nHà Nội,85.94\nHuế,\n", "file")
  local back = assert(chiso.read_csv(path))
  T.eq(back:col("tỉnh"):totable(), {"Hà Nội", "Huế"}, "tỉnh")
  T.eq(back:col("điểm"):totable(), {85.94, N}, "điểm")
end)

T.case("to_csv(path) replaces an existing file", function()
  local path = T.tmpname(".csv")
  T.write(path, "old,content\n1,2\n3,4\n5,6\n")
  T.eq(chiso.dataset{{"a", {1}}}:to_csv(path), true, "result")
  T.eq(T.read(path), "a\n1\n", "file")
end)

T.case("to_csv(path, {delimiter = ';'}) writes with semicolons", function()
  local path = T.tmpname(".csv")
  T.eq(chiso.dataset{{"a", {1.5}}, {"b", {"x;y"}}}:to_csv(path, {delimiter = ";"}), true, "result")
  T.eq(T.read(path), "a;b\n1.5;\"x;y\"\n", "file")
end)

-- The names in a directory, sorted.
local function listing(dir)
  local names = {}
  for name in lfs.dir(dir) do
    if name ~= "." and name ~= ".." then
      names[#names + 1] = name
    end
  end
  table.sort(names)
  return names
end

T.case("to_csv into a missing directory returns nil and a message, and writes nothing", function()
  local dir = T.tmpname(".missing")
  local path = dir .. "/out.csv"
  local ok, msg = chiso.dataset{{"a", {1}}}:to_csv(path)
  T.eq(ok, nil, "result")
  T.eq(type(msg), "string", "message type")
  T.truthy(#msg > 0, "message is not empty")
  T.eq(lfs.attributes(path), nil, "no file at " .. path)
  T.eq(lfs.attributes(dir), nil, "no directory " .. dir)
end)

T.case("a failed to_csv over a directory leaves no temporary file beside it", function()
  local base = T.tmpname(".dir")
  os.remove(base)
  assert(lfs.mkdir(base))
  assert(lfs.mkdir(base .. "/target"))
  local ok, msg = chiso.dataset{{"a", {1, 2, 3}}}:to_csv(base .. "/target")
  local after = listing(base)
  local target_mode = lfs.attributes(base .. "/target", "mode")
  os.remove(base .. "/target")
  for _, name in ipairs(after) do
    os.remove(base .. "/" .. name)
  end
  os.remove(base)
  T.eq(ok, nil, "result")
  T.eq(type(msg), "string", "message type")
  T.eq(after, {"target"}, "files in the directory afterwards")
  T.eq(target_mode, "directory", "the directory is untouched")
end)

-- Randomized round trip

local viet = {"Hà Nội", "Đà Nẵng", "Thừa Thiên Huế", "Lạng Sơn", "Bà Rịa – Vũng Tàu", "ồ", "Ế"}
local pieces = {
  "plain", "a,b", 'nói "chào"', '"', '""', "dòng\nmới", "x\r\ny", "\r", "\n", " ", "  lead",
  "trail  ", "\t", "01", "1.50", "42", "-7", "1e5", "inf", "nan", "true", "FALSE", ";", "|",
  "-0", "+3", ".5", "1,5", "'", "\\",
}
local tokens = {"NA", "N/A", "null"}

local function pick(list)
  return list[math.random(#list)]
end

local function random_string(with_tokens)
  local r = math.random()
  if r < 0.08 then
    return ""
  end
  if with_tokens and r < 0.16 then
    return pick(tokens)
  end
  local parts = {}
  for k = 1, math.random(1, 3) do
    parts[k] = math.random() < 0.4 and pick(viet) or pick(pieces)
  end
  return table.concat(parts)
end

local special_floats = {
  0.0, -0.0, 1.0, -1.0, 0.1, 85.94, 1e20, -1e-300, 5e-324, -5e-324, 2.2250738585072014e-308,
  1.7976931348623157e308, -1.7976931348623157e308, math.huge, -math.huge, 0 / 0, 2.0 ^ 53,
  2.0 ^ 63, 100.0, 1e15, 1e16, 1e-5, 123456.789,
}

local function random_float()
  local r = math.random()
  if r < 0.3 then
    return pick(special_floats)
  elseif r < 0.6 then
    -- any bit pattern: every exponent, subnormals, NaNs
    return (string.unpack("<d", string.pack("<i8", math.random(math.mininteger, math.maxinteger))))
  elseif r < 0.8 then
    return math.random(-1000000, 1000000) + 0.0
  end
  return (math.random() - 0.5) * 10.0 ^ math.random(-30, 30)
end

local special_ints = {0, 1, -1, math.maxinteger, math.mininteger, math.maxinteger - 1,
                      math.mininteger + 1, 1 << 53, 10}

local function random_int()
  local r = math.random()
  if r < 0.3 then
    return pick(special_ints)
  elseif r < 0.6 then
    return math.random(math.mininteger, math.maxinteger)
  end
  return math.random(-100000, 100000)
end

local generators = {
  int = random_int,
  float = random_float,
  bool = function() return math.random() < 0.5 end,
  string = random_string,
}
local type_names = {"int", "float", "string", "bool"}

-- Header names: no ';' or tab, so that comma is the only delimiter that
-- splits the header when the text is read back without options.
local name_pool = {"tỉnh", "điểm số", "năm", "ghi chú, thêm", 'tên "gọi"', " cách ", "mã", "x"}

-- A random dataset of 2 to 6 columns and 0 to 40 rows; returns it, its
-- columns as {name, type, values} and whether no-option reading is safe.
local function random_dataset(with_tokens)
  local ncol, nrow = math.random(2, 6), math.random(0, 40)
  if math.random() < 0.2 then
    nrow = math.random(0, 2)
  end
  local spec, columns = {}, {}
  local unambiguous = true
  for j = 1, ncol do
    local ty = pick(type_names)
    local vals = {}
    local text_seen, values_seen = false, false
    for i = 1, nrow do
      if math.random() < 0.15 then
        vals[i] = N
      else
        vals[i] = generators[ty](with_tokens)
        values_seen = true
        if ty == "string" and vals[i]:find("[\128-\255]") then
          text_seen = true -- a value with a Vietnamese letter cannot read as a number
        end
      end
    end
    if ty == "string" and values_seen and not text_seen then
      unambiguous = false
    end
    local name = name_pool[(j - 1) % #name_pool + 1] .. j
    spec[j] = {name, vals}
    columns[j] = {name = name, values = vals}
  end
  return chiso.dataset(spec), columns, unambiguous
end

-- Every name, type, value and null of back equals the generated columns.
local function check_same(ds, back, columns, what)
  T.eq(back:names(), ds:names(), what .. ": names")
  T.eq(types(back), types(ds), what .. ": types")
  T.eq(#back, #ds, what .. ": rows")
  for _, c in ipairs(columns) do
    local got = back:col(c.name):totable()
    T.eq(ds:col(c.name):totable(), c.values, what .. ": dataset built from column " .. c.name)
    for i = 1, #c.values do
      local want, have = c.values[i], got[i]
      if not T.same(have, want) then
        T.eq(have, want, string.format("%s: column %s row %d", what, c.name, i))
      end
      if want == 0 and math.type(want) == "float" and 1 / want ~= 1 / have then
        T.eq(1 / have, 1 / want, string.format("%s: sign of zero, column %s row %d", what,
          c.name, i))
      end
    end
  end
end

for seed = 1, 12 do
  local with_tokens = seed % 3 == 0
  local na = with_tokens and {} or nil
  math.randomseed(seed)
  local ds, columns, unambiguous = random_dataset(with_tokens)
  local text = ds:to_csv()

  T.case(string.format("random round trip, seed %d, with types%s", seed,
    with_tokens and " and na = {}" or ""), function()
    local back, msg = chiso.parse_csv(text, {types = ds:types(), na = na})
    T.truthy(back, msg)
    check_same(ds, back, columns, "read back")
    T.eq(back:to_csv(), text, "written again")
  end)

  if unambiguous then
    T.case(string.format("random round trip, seed %d, without types%s", seed,
      with_tokens and " but na = {}" or ""), function()
      local back, msg = chiso.parse_csv(text, {na = na})
      T.truthy(back, msg)
      check_same(ds, back, columns, "read back")
    end)
  end
end

T.case("random round trips through a file, seeds 101 to 110", function()
  for seed = 101, 110 do
    math.randomseed(seed)
    local ds, columns = random_dataset(false)
    local path = T.tmpname(".csv")
    T.eq(ds:to_csv(path), true, "seed " .. seed .. ": to_csv(path)")
    local back, msg = chiso.read_csv(path, {types = ds:types()})
    T.truthy(back, msg)
    check_same(ds, back, columns, "seed " .. seed)
  end
end)

T.finish()
