-- Running out of memory at every allocation of chiso.read_xlsx and chiso.sheets, as
-- test_alloc_failures.lua does for the other operations: each run must raise "not enough
-- memory" or give the result of a run without failures, and the core's memory must come
-- back to where it was. The workbook is tests/sheet/book.xlsx, written by
-- tests/sheet/make_workbooks.py (kept in the tree so this needs no Python).

local T = require "testing"

local fail_after = chiso.fail_after
T.case("this chiso has chiso.fail_after (built by make failtest)", function()
  T.truthy(fail_after, "chiso.fail_after")
end)
if not fail_after then
  T.finish()
end

local book = assert(os.getenv("ROOT") or "../..", "ROOT") .. "/tests/sheet/book.xlsx"
if not io.open(book, "rb") then
  book = "../../tests/sheet/book.xlsx"
end

local function settle()
  collectgarbage()
  collectgarbage()
  return chiso.core_memory()
end

local function summary(ds, report)
  if type(ds) ~= "userdata" then
    return T.show({ds, report})
  end
  return ds:to_csv() .. T.show(report)
end

-- Fails allocation n (and, with every, all after it) for n = 1, 2, ... until a run makes
-- fewer than n; returns the runs that failed.
local function sweep(run, every)
  local expected = summary(run())
  local failed, n = 0, 0
  while true do
    n = n + 1
    local before = settle()
    fail_after(n, every)
    local ok, a, b = pcall(run)
    local made = fail_after(0)
    if ok then
      T.eq(summary(a, b), expected, "failing allocation " .. n .. " succeeded differently")
    else
      failed = failed + 1
      T.truthy(tostring(a):find("not enough memory", 1, true), "failing allocation " .. n .. ": " .. tostring(a))
    end
    a, b = nil, nil
    local after = settle()
    T.eq(after, before, "core memory after failing allocation " .. n)
    if made < n then
      return failed
    end
  end
end

local cases = {
  {"read_xlsx of the first visible sheet", function() return chiso.read_xlsx(book, {quiet = true}) end},
  {"read_xlsx of a two-row merged header, filled", function()
    return chiso.read_xlsx(book, {sheet = "Gộp", header_rows = 2, merged = "fill", quiet = true})
  end},
  {"read_xlsx of shared strings with types", function()
    return chiso.read_xlsx(book, {sheet = "Chung", types = {["số"] = "float"}, quiet = true})
  end},
  {"sheets", function() return chiso.sheets(book) end},
}

-- Writing: a workbook with a float that needs 17 digits, so the sheet is rewritten
-- (xlsxfinish.c) too; the result is true, or nil and a message, and nothing is left beside.
local written = os.tmpname()
os.remove(written)
written = written .. ".xlsx"
local to_write = chiso.dataset{ {"Tỉnh", {"Hà Nội", "Huế", "_x0041_"}},
  {"Điểm", {43.15, 0.1 + 0.2, chiso.null}}, {"Đạt", {true, false, true}} }
cases[#cases + 1] = {"to_xlsx with headers and decimals", function()
  os.remove(written)
  return to_write:to_xlsx(written, {headers = {["Tỉnh"] = "Tỉnh, thành phố"}, decimals = {["Điểm"] = 2}})
end}
cases[#cases + 1] = {"write_xlsx of two sheets", function()
  os.remove(written)
  return chiso.write_xlsx(written, {{data = to_write, sheet = "Một"}, {data = to_write:head(1)}})
end}
for _, c in ipairs(cases) do
  T.case(c[1] .. " fails cleanly at every allocation", function() sweep(c[2]) end)
  T.case(c[1] .. " fails cleanly when memory runs out for good", function()
    T.truthy(sweep(c[2], true) > 0, "some runs failed")
  end)
end

T.case("no file left beside the written workbook", function()
  os.remove(written)
  local folder, base = written:match("^(.*)/([^/]*)$")
  local left = {}
  for name in require("lfs").dir(folder) do
    if name:find(base, 1, true) then left[#left + 1] = name end
  end
  T.eq(left, {}, "files named after it")
end)

T.finish()
