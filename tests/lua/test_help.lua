-- help(x) and the manual come from the same source (docs/*.md): every
-- function of chiso, chiso.stats, chiso.vn, chiso.data and every dataset and
-- column method must have an entry, with a description and an example.

local T = require "testing"

local prompt = require "chiso.prompt"

local function check_table(t, prefix)
  local missing = {}
  for name, f in pairs(t) do
    if type(f) == "function" then
      local entries = prompt.entries(f)
      if #entries == 0 then
        missing[#missing + 1] = prefix .. name
      end
    end
  end
  table.sort(missing)
  T.eq(missing, {}, "functions without help")
end

T.case("every chiso function has help", function() check_table(chiso, "chiso.") end)
T.case("every chiso.stats function has help", function() check_table(chiso.stats, "chiso.stats.") end)
T.case("every chiso.vn function has help", function() check_table(chiso.vn, "chiso.vn.") end)
T.case("every chiso.data function has help", function() check_table(chiso.data, "chiso.data.") end)
T.case("every dataset method has help", function() check_table(chiso.Dataset, "ds:") end)
T.case("every column method has help", function() check_table(chiso.Column, "col:") end)

T.case("every chiso.report and chiso.chart function and report method has help", function()
  check_table(require("chiso.report"), "report.")
  check_table(require("chiso.chart"), "chart.")
  check_table(getmetatable(require("chiso.report").new{title = "t"}).__index, "doc:")
end)

T.case("the prompt's setup gives chiso.report, chiso.chart, report and chart without require", function()
  local lib = {}
  local env = {chiso = lib, chart = "mine"}
  prompt.setup(env)
  T.truthy(lib.report == require("chiso.report"), "chiso.report")
  T.truthy(lib.chart == require("chiso.chart"), "chiso.chart")
  T.truthy(env.report == require("chiso.report"), "report")
  T.eq(env.chart, "mine", "a global the user already has is kept")
end)

T.case("help finds chart and report functions by value and by name", function()
  local chart, report = require "chiso.chart", require "chiso.report"
  -- docs/reports.md: "### `chart.bars{items = {{label =, value =}, ...} ...}`"
  T.eq(prompt.entries(chart.bars)[1].signatures[1], "chart.bars{items = {{label =, value =}, ...} ...}",
    "chart.bars by value")
  T.eq(prompt.entries(report.new)[1].signatures[1],
    "report.new{title = text [, lang = \"vi\"] [, subtitle = text]}", "report.new by value")
  T.eq(prompt.entries("chart.scatter")[1].signatures[1],
    "chart.scatter{points = {{x =, y = [, label =]}, ...} ...}", "by name")
end)

T.case("a help entry has the signature, the text and an example", function()
  local e = prompt.entries(chiso.read_csv)[1]
  T.eq(e.signatures[1], "chiso.read_csv(path [, opts])", "signature")
  T.truthy(e.text:find("Reads a CSV file into a dataset", 1, true), "text")
  T.truthy(e.example:find("chiso.read_csv", 1, true), "example")
  T.eq(prompt.entries("where")[1].signatures[1], "ds:where(col, op, value)", "by name")
end)

T.case("values print as literals: nesting, strings, cycles", function()
  local t = {1, "Hà Nội", {x = 1}, n = false}
  t.self = t
  T.eq(prompt.literal(t), '{1, "Hà Nội", {x = 1}, n = false, self = <cycle>}', "literal")
  T.eq(prompt.literal({["a b"] = 1, [2.5] = "x"}), '{[2.5] = "x", ["a b"] = 1}', "odd keys")
  T.eq(prompt.literal({}), "{}", "empty")
end)

T.case("completion: globals, fields, methods, columns", function()
  T.eq(prompt.complete("chiso.st", 1, 8), {"chiso.stats"}, "field")
  local d = chiso.dataset{ {"score", {1}}, {"scope", {2}} }
  _G.cd = d
  T.eq(prompt.complete("cd:wh", 1, 5), {"cd:where"}, "method")
  T.eq(prompt.complete('cd:col("sc', 9, 10), {"scope", "score"}, "columns")
  T.eq(prompt.complete("cd.sco", 1, 6), {"cd.scope", "cd.score"}, "after ds.")
  T.eq(prompt.complete("whil", 1, 4), {"while"}, "keyword")
  _G.cd = nil
end)

T.finish()
