-- tostring(ds) and print(ds): the aligned table. The expected tables are
-- drawn by hand; alignment is also checked independently by measuring each
-- line's display width with Lua's utf8 library (combining marks take no
-- column).

local T = require "testing"

-- Display width of a line: code points, less the combining marks U+0300-U+036F.
local function width(line)
  local w = 0
  for _, cp in utf8.codes(line) do
    if not (cp >= 0x300 and cp <= 0x36F) then
      w = w + 1
    end
  end
  return w
end

local function lines(s)
  local out = {}
  for line in (s .. "\n"):gmatch("(.-)\n") do
    out[#out + 1] = line
  end
  return out
end

-- Every line of the table part (not the footer) has the same display width.
local function check_aligned(text)
  local ls = lines(text)
  local w = width(ls[1])
  for i, line in ipairs(ls) do
    if line:find("^[┌│├└]") then
      T.eq(width(line), w, "display width of line " .. i)
    end
  end
end

T.case("a small table: header, types, right-aligned numbers, Vietnamese names", function()
  local d = chiso.dataset{
    {"province", {"Lạng Sơn", "Hà Nội", chiso.null}},
    {"score", {85.94, 89.5, 100.0}},
    {"rank", {47, 5, chiso.null}},
  }
  local expected = table.concat({
    "┌──────────┬───────┬──────┐",
    "│ province │ score │ rank │",
    "│ string   │ float │  int │",
    "├──────────┼───────┼──────┤",
    "│ Lạng Sơn │ 85.94 │   47 │",
    "│ Hà Nội   │  89.5 │    5 │",
    "│ null     │ 100.0 │ null │",
    "└──────────┴───────┴──────┘",
    "3 rows × 3 columns",
  }, "\n")
  T.eq(tostring(d), expected, "table")
end)

T.case("names in decomposed form (NFD) line up with precomposed ones", function()
  -- "Hà Nội" with the tone marks as combining characters: H a U+0300 ...
  local nfd = "Ha\204\128 No\204\130\204\163i"
  local d = chiso.dataset{ {"name", {nfd, "Hà Nội", "Đà Nẵng"}}, {"n", {1, 2, 3}} }
  check_aligned(tostring(d))
end)

T.case("wide characters take two columns", function()
  local d = chiso.dataset{ {"name", {"漢字", "ab"}}, {"n", {1, 2}} }
  local ls = lines(tostring(d))
  -- the name column is as wide as its type row, "string" (6 columns)
  T.eq(ls[5], "│ 漢字   │   1 │", "wide row")
  T.eq(ls[6], "│ ab     │   2 │", "narrow row")
end)

T.case("booleans print as true and false, left-aligned", function()
  local d = chiso.dataset{ok = {true, false}}
  T.eq(lines(tostring(d))[5], "│ true  │", "true")
  T.eq(lines(tostring(d))[6], "│ false │", "false")
end)

T.case("a long dataset shows its first and last ten rows and a count", function()
  local n = {}
  for i = 1, 25 do n[i] = i end
  local ls = lines(tostring(chiso.dataset{n = n}))
  T.eq(#ls, 4 + 10 + 1 + 10 + 1 + 1, "header 4 + 10 + gap + 10 + rule + footer")
  T.eq(ls[5], "│   1 │", "first row")
  T.eq(ls[14], "│  10 │", "tenth row")
  T.eq(ls[15], "│   ⋮ │", "gap")
  T.eq(ls[16], "│  16 │", "first of the last ten")
  T.eq(ls[25], "│  25 │", "last row")
  T.eq(ls[27], "25 rows × 1 column (first 10 and last 10 rows shown)", "footer")
end)

T.case("long strings are cut with an ellipsis at 40 columns", function()
  local long = string.rep("ă", 50)
  local ls = lines(tostring(chiso.dataset{s = {long}}))
  T.eq(ls[5], "│ " .. string.rep("ă", 39) .. "… │", "cut cell")
end)

T.case("control characters in strings are shown escaped", function()
  local ls = lines(tostring(chiso.dataset{s = {"a\nb\tc"}}))
  T.eq(ls[5], "│ a\\nb\\tc │", "escaped")
end)

T.case("an empty dataset and a dataset with no rows", function()
  T.eq(tostring(chiso.dataset{}), "0 rows × 0 columns", "no columns")
  local d = chiso.dataset{x = {1}}:head(0)
  T.eq(tostring(d), table.concat({
    "┌─────┐",
    "│   x │",
    "│ int │",
    "├─────┤",
    "└─────┘",
    "0 rows × 1 column",
  }, "\n"), "no rows")
end)

T.case("a column's tostring is compact", function()
  local d = chiso.dataset{ {"p", {"Hà Nội", chiso.null}}, {"x", {1.5, 2.0}} }
  T.eq(tostring(d.p), 'column \'p\' (string, 2 values, 1 null): "Hà Nội" null', "string column")
  T.eq(tostring(d.x), "column 'x' (float, 2 values): 1.5 2.0", "float column")
end)

T.case("the bundled PAR INDEX table lines up", function()
  local d = assert(chiso.read_csv(chiso.paths.data .. "/par_index.csv"))
  check_aligned(tostring(d))
end)

T.finish()
