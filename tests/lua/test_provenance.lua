-- Provenance on every report (docs/reports.md, doc:sources): every script run in every
-- format it writes, on the bundled data, ends with its sources, each with how many figures
-- came from it, the coverage of the data, the chiso version and the date made; its CSV
-- says what it holds (index, year). The counts are not chiso's: tests/provenance/check.py
-- makes them from the data files with Python's csv module and reads each output back with
-- Python (json, csv, html.parser, openpyxl for the workbook), e.g.
--
--   /usr/bin/python3 tests/provenance/check.py movers json out.json
--
-- counts the rows of data/par_index.csv of 2022 and 2023 by their source field. A user's
-- data folder is checked against counts worked out by hand below.

local T = require "testing"
local quote, run = T.quote, T.run
local lfs = require "lfs"

local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local python = "/usr/bin/python3"
local checker = root .. "/tests/provenance/check.py"
-- 1700000000 s after 1970-01-01 UTC is 2023-11-14 22:13:20 UTC (19675 days and 80000 s).
local EPOCH = "SOURCE_DATE_EPOCH=1700000000"

local work = T.tmpname("-provenance")
assert(lfs.mkdir(work))

local extension = {text = "txt", md = "md", csv = "csv", json = "json", html = "html",
                   xlsx = "xlsx"}
local ALL = {"text", "md", "csv", "json", "html", "xlsx"}

-- Runs `chiso run SCRIPT ARGS` writing format to a file; returns its path.
local function make(case, command, format, env)
  local path = string.format("%s/%s.%s", work, case, extension[format])
  local _, err, status = run(string.format("cd %s && %s %s %s run %s --format %s --out %s",
    quote(root), EPOCH, env or "", quote(chiso_bin), command, format, quote(path)))
  T.eq(status, 0, command .. " --format " .. format .. " (" .. err .. ")")
  return path
end

local function check(case, format, path, user_dir)
  local out, err, status = run(string.format("%s %s %s %s %s %s", python, quote(checker),
    case, format, quote(path), user_dir and quote(user_dir) or ""))
  T.eq(status, 0, "check.py (" .. err .. ")")
  T.eq(out, "ok\n", case .. " " .. format)
end

local cases = {
  {"movers", "movers --year 2023", ALL},
  {"movers-en", "movers --year 2023 --lang en", {"text", "md", "json", "xlsx"}},
  {"movers-papi-en", "movers --index papi:C08 --lang en", {"json", "csv"}},
  {"correlation", "sipas_correlation --year 2023", ALL},
  {"profile", "profile --province 'Lạng Sơn'", ALL},
  {"regions", "regions --year 2023", ALL},
  {"coverage", "coverage", ALL},
}

for _, c in ipairs(cases) do
  for _, format in ipairs(c[3]) do
    T.case(string.format("%s --format %s ends with its sources, coverage, version and date",
      c[2], format), function()
      check(c[1], format, make(c[1], c[2], format))
    end)
  end
end

T.case("flagship: its text and its HTML end with the sources of both analyses", function()
  local html = work .. "/flagship.html"
  local out, err, status = run(string.format("cd %s && %s %s run flagship --out %s", quote(root),
    EPOCH, quote(chiso_bin), quote(html)))
  T.eq(status, 0, "flagship (" .. err .. ")")
  -- the text is what precedes the line saying where the HTML went
  T.write(work .. "/flagship.txt", out:match("^(.*)\n\n[^\n]*\n$"))
  check("flagship", "text", work .. "/flagship.txt")
  check("flagship", "html", html)
end)

--[[
  A user's data folder over the bundled PAR INDEX (data/par_index.csv), worked by hand:
  bundled 2022 has 36 rows and 2023 43 (79 figures from 65 sources). The user's rows are
  Lạng Sơn 2023 and Hà Nội 2023 ("Ha Noi"), both bundled already, so they replace two
  bundled rows, and Cao Bằng 2022, which the bundled table lacks: 79 - 2 + 3 = 80 figures,
  3 of them the user's; 2022 holds 37 provinces (1 the user's), 2023 43 (2 the user's).
  The bundled Lạng Sơn 2023 row's source (the VACIP article, also the source of its 2022
  row) falls from 2 figures to 1; the Hà Nội 2023 row's (baomoi.com ; baochinhphu) from 1
  to none, so it goes. phu-luc-1.xlsx gives 2, the row without a source 1: 65 - 1 + 2 = 66.
]]
T.case("a user's rows are counted under their own sources, and said to be the user's", function()
  local dir = work .. "/user-data"
  assert(lfs.mkdir(dir))
  T.write(dir .. "/par_index.csv", table.concat({
    "year,province,score,rank,basis,source",
    "2023,Lạng Sơn,86.5,40,imported,phu-luc-1.xlsx",
    "2023,Ha Noi,91.43,3,imported,phu-luc-1.xlsx",
    "2022,Cao Bằng,80.0,60,imported,",
  }, "\n") .. "\n")
  local env = "CHISO_DATA=" .. quote(dir)
  local json = make("movers-user", "movers --year 2023", "json", env)
  T.write(work .. "/user.py", [==[
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))["provenance"]
s = {x["source"]: x["figures"] for x in p["sources"]}
o = {x["source"]: x["origin"] for x in p["sources"]}
art = [k for k in s if k.startswith("article 'Lạng Sơn tăng 7 bậc")]
hn = [k for k in s if k.startswith("https://www.baomoi.com/par-index-2023-quang-ninh")]
print(p["figures"], p["user_figures"], len(s), s["phu-luc-1.xlsx"], o["phu-luc-1.xlsx"],
      s["(không ghi nguồn; thư mục dữ liệu của bạn)"], [s[k] for k in art], hn,
      [(c["year"], c["held"], c["user"]) for c in p["coverage"]])
]==])
  local out, err, status = run(string.format("%s %s %s", python, quote(work .. "/user.py"),
    quote(json)))
  T.eq(status, 0, "python (" .. err .. ")")
  T.eq(out, "80 3 66 2 user 1 [1] [] [(2022, 37, 1), (2023, 43, 2)]\n", "counts")
  check("movers-user", "json", json, dir)
  local text = T.read(make("movers-user", "movers --year 2023", "text", env))
  T.truthy(text:find("3 trong 80 số liệu lấy từ thư mục dữ liệu của bạn", 1, true),
    "the text says how many figures are the user's")
  T.truthy(text:find("Từ dữ liệu của bạn", 1, true), "the coverage has a column of the user's")
  check("movers-user", "text", work .. "/movers-user.txt", dir)
end)

T.case("SOURCE_DATE_EPOCH that is not a number stops a script with one line", function()
  local _, err, status = run(string.format("cd %s && SOURCE_DATE_EPOCH=soon %s run movers",
    quote(root), quote(chiso_bin)))
  T.eq(status, 2, "status")
  T.eq(err, "movers: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, "
    .. "not 'soon'\n", "message")
end)

T.case("a sandboxed report gets its date from the host's SOURCE_DATE_EPOCH", function()
  local script = work .. "/dated.lua"
  T.write(script, table.concat({
    'local report = require "chiso.report"',
    'local doc = report.new{title = "t", lang = "en"}',
    'doc:sources{{label = "mine", rows = {{source = "s", key = "a"}, {source = "s", key = "a"},',
    '  {origin = "user"}}}}',
    'print(doc:render("text"))',
  }, "\n"))
  local out, err, status = run(string.format("%s %s --sandbox %s", EPOCH, quote(chiso_bin),
    quote(script)))
  T.eq(status, 0, "status (" .. err .. ")")
  -- two rows of key "a" are one figure; the user's row gives no source; 1 + 1 = 2 figures
  T.truthy(out:find("The 2 figures this report uses come from 2 sources", 1, true), "count")
  T.truthy(out:find("- s (mine: 1 figure)", 1, true), "a key counted once")
  T.truthy(out:find("- (no source given; your data folder) (mine: 1 figure)", 1, true),
    "the user's row without a source")
  T.truthy(out:find("Made with chiso " .. chiso.version .. " on 2023-11-14.", 1, true),
    "the date of SOURCE_DATE_EPOCH")
end)

T.case("doc:sources names what is wrong with a use", function()
  local doc = require("chiso.report").new{title = "t"}
  T.raises(function() doc:sources{{rows = {}}} end,
    "bad argument #1 to 'sources' (use 1 must be a table with a string 'label')")
  T.raises(function() doc:sources{{label = "x", rows = {1}}} end,
    "bad argument #1 to 'sources' (row 1 of a use is a number, not a table)")
  T.raises(function() doc:sources{year = "2023"} end,
    "bad argument #1 to 'sources' (field 'year' must be an integer)")
  T.eq(doc.provenance, nil, "nothing recorded by a refused call")
  -- a report that records nothing has no section: its text is the title alone
  T.eq(doc:render("text"), "t\n=\n", "no section")
end)

T.remove_tree(work)
T.finish()
