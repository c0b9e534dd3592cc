-- chiso.report, chiso.i18n and chiso.strings: the report writers (text,
-- Markdown, CSV, JSON, HTML), writing files atomically, and the strings and
-- number formats they use. Expected outputs are written out by hand from the
-- rules in docs/reports.md; JSON is also parsed back by a small decoder
-- written here, independent of the encoder.

local T = require "testing"
local report = require "chiso.report"
local i18n = require "chiso.i18n"
local strings = require "chiso.strings"

local function small_dataset()
  return chiso.dataset{
    {"province", {"Lạng Sơn", "Cao Bằng", "Hà Nội"}},
    {"score", {85.94, chiso.null, 89.5}},
    {"rank", {47, 63, 5}},
  }
end

local function small_report(lang)
  local doc = report.new{title = "Chỉ số PAR INDEX", lang = lang}
  doc:heading("Xếp hạng")
  doc:table(small_dataset(), {headers = {province = "Tỉnh", score = "Điểm", rank = "Hạng"}})
  doc:note("Nguồn: Bộ Nội vụ")
  return doc
end

local function lines(...)
  return table.concat({...}, "\n") .. "\n"
end

-- A JSON decoder for the tests: objects become tables (with the key order in
-- field "__keys"), arrays tables, null the value `null` below.
local null = setmetatable({}, {__tostring = function() return "null" end})
local function json_decode(text)
  local pos = 1
  local value
  local function skip()
    pos = text:find("[^ \t\r\n]", pos) or #text + 1
  end
  local function fail(what)
    error(string.format("JSON: %s at byte %d", what, pos), 0)
  end
  local function str()
    local out = {}
    pos = pos + 1
    while true do
      local c = text:sub(pos, pos)
      if c == '"' then
        pos = pos + 1
        return table.concat(out)
      elseif c == "\\" then
        local e = text:sub(pos + 1, pos + 1)
        local simple = {['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n",
          r = "\r", t = "\t"}
        if simple[e] then
          out[#out + 1] = simple[e]
          pos = pos + 2
        elseif e == "u" then
          out[#out + 1] = utf8.char(tonumber(text:sub(pos + 2, pos + 5), 16))
          pos = pos + 6
        else
          fail("bad escape")
        end
      elseif c == "" or c:byte() < 32 then
        fail("bad string character")
      else
        out[#out + 1] = c
        pos = pos + 1
      end
    end
  end
  function value()
    skip()
    local c = text:sub(pos, pos)
    if c == "{" then
      local obj = {__keys = {}}
      pos = pos + 1
      skip()
      if text:sub(pos, pos) == "}" then
        pos = pos + 1
        return obj
      end
      repeat
        skip()
        if text:sub(pos, pos) ~= '"' then fail("key expected") end
        local key = str()
        skip()
        if text:sub(pos, pos) ~= ":" then fail("':' expected") end
        pos = pos + 1
        obj[key] = value()
        obj.__keys[#obj.__keys + 1] = key
        skip()
        c = text:sub(pos, pos)
        pos = pos + 1
      until c ~= ","
      if c ~= "}" then fail("'}' expected") end
      return obj
    elseif c == "[" then
      local arr = {}
      pos = pos + 1
      skip()
      if text:sub(pos, pos) == "]" then
        pos = pos + 1
        return arr
      end
      repeat
        arr[#arr + 1] = value()
        skip()
        c = text:sub(pos, pos)
        pos = pos + 1
      until c ~= ","
      if c ~= "]" then fail("']' expected") end
      return arr
    elseif c == '"' then
      return str()
    end
    for word, v in pairs{["true"] = true, ["false"] = false, null = null} do
      if text:sub(pos, pos + #word - 1) == word then
        pos = pos + #word
        return v
      end
    end
    local number = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if not number or number == "" then fail("value expected") end
    pos = pos + #number
    if number:find("[.eE]") then
      return tonumber(number) + 0.0
    end
    return math.tointeger(tonumber(number))
  end
  local result = value()
  skip()
  if pos <= #text then fail("trailing text") end
  return result
end

-- Strings ------------------------------------------------------------------

T.case("strings: keys are in alphabetical order in the file, each with vi and en", function()
  local path = chiso.paths.lua .. "/chiso/strings.lua"
  local keys = {}
  for key in T.read(path):gmatch("\n  ([%w_]+) = {") do
    keys[#keys + 1] = key
  end
  T.truthy(#keys >= 10, "the file lists its keys one a line")
  for i = 2, #keys do
    T.truthy(keys[i - 1] < keys[i], string.format("'%s' before '%s'", keys[i - 1], keys[i]))
  end
  local count = 0
  for key, entry in pairs(strings) do
    count = count + 1
    T.eq(type(entry.vi), "string", key .. ".vi")
    T.eq(type(entry.en), "string", key .. ".en")
  end
  T.eq(count, #keys, "keys in the table and in the file")
end)

T.case("i18n.t: Vietnamese by default, English on request, arguments formatted", function()
  T.eq(i18n.t("rank"), "Hạng", "default language")
  T.eq(i18n.t("rank", "vi"), "Hạng", "vi")
  T.eq(i18n.t("rank", "en"), "Rank", "en")
  T.eq(i18n.t("page_title", "vi", "PAR INDEX"), "PAR INDEX · chiso", "with an argument")
  T.eq(i18n.t("chart_caption", "en", "Scores"), "Chart: Scores", "chart caption")
end)

T.case("i18n.t: an unknown key or language is an error naming it", function()
  T.raises(function() i18n.t("no_such_key", "vi") end, "unknown string key 'no_such_key'")
  T.raises(function() i18n.t("rank", "fr") end, "unknown language 'fr' (expected vi or en)")
end)

T.case("i18n.number: decimal comma in Vietnamese, point in English", function()
  T.eq(i18n.number(85.94, 2, "vi"), "85,94", "vi, 2 decimals")
  T.eq(i18n.number(85.94, 2, "en"), "85.94", "en, 2 decimals")
  T.eq(i18n.number(85.94), "85,94", "default language vi, shortest form")
  T.eq(i18n.number(0.1 + 0.2, nil, "en"), "0.30000000000000004", "shortest exact form")
  T.eq(i18n.number(47, nil, "vi"), "47", "integer")
  T.eq(i18n.number(2023, nil, "vi"), "2023", "no thousands separator in a year")
  T.eq(i18n.number(7, 1, "vi"), "7,0", "integer with decimals")
  T.eq(i18n.number(85.0, nil, "en"), "85", "integral float")
  T.eq(i18n.number(85.955, 1, "vi"), "86,0", "rounded")
end)

T.case("i18n.number: negatives, negative zero, missing values", function()
  T.eq(i18n.number(-3.5, 1, "vi"), "-3,5", "negative vi")
  T.eq(i18n.number(-3.5, nil, "en"), "-3.5", "negative en")
  T.eq(i18n.number(-12, nil, "en"), "-12", "negative integer")
  T.eq(i18n.number(-0.001, 2, "vi"), "0,00", "rounds to zero: no minus sign")
  T.eq(i18n.number(-0.0, nil, "en"), "0", "negative zero")
  T.eq(i18n.number(nil, 2, "vi"), "—", "nil")
  T.eq(i18n.number(chiso.null, 2, "en"), "—", "chiso.null")
  T.eq(i18n.number(0 / 0, 2, "en"), "—", "NaN")
  T.raises(function() i18n.number("85", 2, "vi") end, "number expected, got string")
  T.raises(function() i18n.number(1, 2, "de") end, "unknown language 'de'")
end)

T.case("i18n.width: letters with tone marks take one column, combining marks none", function()
  T.eq(i18n.width("Hà Nội"), 6, "precomposed")
  T.eq(i18n.width("Ha\u{300} No\u{323}\u{302}i"), 6, "decomposed")
  T.eq(i18n.width("Đắk Lắk"), 7, "đ and ắ")
  T.eq(i18n.width("—"), 1, "em dash")
  T.eq(i18n.width("越南"), 4, "wide characters")
  T.eq(i18n.width("a\xffb"), 3, "invalid UTF-8 counts bytes")
end)

-- Text ---------------------------------------------------------------------

T.case("text: title underlined, table aligned by display width, nulls as a dash", function()
  local expected = lines(
    "Chỉ số PAR INDEX",
    "================",
    "",
    "Xếp hạng",
    "--------",
    "",
    "Tỉnh       Điểm  Hạng",
    "--------  -----  ----",
    "Lạng Sơn  85,94    47",
    "Cao Bằng      —    63",
    "Hà Nội     89,5     5",
    "",
    "Ghi chú: Nguồn: Bộ Nội vụ")
  T.eq(small_report("vi"):render("text"), expected, "text")
end)

T.case("text in English: decimal point, English note label", function()
  local expected = lines(
    "Chỉ số PAR INDEX",
    "================",
    "",
    "Xếp hạng",
    "--------",
    "",
    "Tỉnh       Điểm  Hạng",
    "--------  -----  ----",
    "Lạng Sơn  85.94    47",
    "Cao Bằng      —    63",
    "Hà Nội     89.5     5",
    "",
    "Note: Nguồn: Bộ Nội vụ")
  T.eq(small_report("en"):render("text"), expected, "text")
end)

T.case("text: subtitle, heading levels, wrapped paragraph, caption, chart placeholder", function()
  local doc = report.new{title = "PAPI", subtitle = "Năm 2023", lang = "en"}
  doc:heading("Part one", 1):heading("Detail", 3)
  doc:paragraph(string.rep("word ", 20) .. "end")
  doc:table({{name = "a", n = 1}, {name = "bb", n = 10}}, {caption = "Table 1"})
  doc:chart(require("chiso.chart").bars{items = {{label = "x", value = 1}}}, {caption = "Bars"})
  doc:chart(require("chiso.chart").bars{items = {{label = "x", value = 1}}})
  -- 15 words of 4 letters and 14 spaces fill 74 columns; a 16th would make 79.
  local expected = lines(
    "PAPI",
    "====",
    "Năm 2023",
    "",
    "Part one",
    "========",
    "",
    "Detail",
    "",
    string.rep("word ", 14) .. "word",
    "word word word word word end",
    "",
    "Table 1",
    " n  name",
    "--  ----",
    " 1  a",
    "10  bb",
    "",
    "[Chart: Bars]",
    "",
    "[Chart]")
  T.eq(doc:render("text"), expected, "text")
end)

T.case("text: a table of decomposed names lines up with precomposed ones", function()
  local doc = report.new{title = "T"}
  doc:table({{p = "Ha\u{300} No\u{323}\u{302}i", v = 1}, {p = "Huế", v = 22}},
    {columns = {"p", "v"}})
  local expected = lines(
    "T",
    "=",
    "",
    "p        v",
    "------  --",
    "Ha\u{300} No\u{323}\u{302}i   1",
    "Huế     22")
  T.eq(doc:render("text"), expected, "text")
end)

-- Markdown -----------------------------------------------------------------

T.case("md: headings, table with numeric columns right-aligned, note as a quote", function()
  local expected = lines(
    "# Chỉ số PAR INDEX",
    "",
    "### Xếp hạng",
    "",
    "| Tỉnh | Điểm | Hạng |",
    "|---|---:|---:|",
    "| Lạng Sơn | 85,94 | 47 |",
    "| Cao Bằng | — | 63 |",
    "| Hà Nội | 89,5 | 5 |",
    "",
    "> Nguồn: Bộ Nội vụ")
  T.eq(small_report("vi"):render("md"), expected, "md")
end)

T.case("md to the screen: | escaped inside cells, caption, formats, each chart a one-line note", function()
  local chart = require "chiso.chart"
  local doc = report.new{title = "T", subtitle = "S", lang = "en"}
  doc:heading("H1", 1):paragraph("Some *text*.")
  doc:table({{a = "x|y", b = 0.5}, {a = "line\nbreak", b = chiso.null}},
    {columns = {"a", "b"}, headers = {a = "A|B"}, formats = {b = "%.1f%%"}, caption = "Cap"})
  local svg = chart.bars{items = {{label = "x", value = 1}}}
  doc:chart(svg, {caption = "Chart one"})
  doc:chart(svg)
  local expected = lines(
    "# T",
    "",
    "S",
    "",
    "## H1",
    "",
    "Some *text*.",
    "",
    "*Cap*",
    "",
    "| A\\|B | b |",
    "|---|---:|",
    "| x\\|y | 0.5% |",
    "| line break | — |",
    "",
    "> Chart: Chart one (left out of Markdown printed to the screen: write the report with "
      .. "--out FILE.md to get the chart as an .svg file beside it)",
    "",
    "> Chart (left out of Markdown printed to the screen: write the report with --out FILE.md "
      .. "to get the chart as an .svg file beside it)")
  T.eq(doc:render("md"), expected, "md")
  local vi = report.new{title = "T", lang = "vi"}:chart(svg, {caption = "Hình 1"}):render("md")
  T.eq(vi, lines("# T", "", "> Biểu đồ: Hình 1 (không có trong bản Markdown in ra màn hình: ghi "
    .. "báo cáo bằng --out TỆP.md để có biểu đồ thành tệp .svg bên cạnh)"), "md in Vietnamese")
  T.truthy(not doc:render("md"):find("<svg", 1, true), "no SVG in the text")
end)

-- Python's XML parser on each file: the root's tag, with its namespace.
local function xml_roots(paths)
  local quoted = {}
  for i, path in ipairs(paths) do
    quoted[i] = T.quote(path)
  end
  local pipe = assert(io.popen("/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E\n"
    .. "for p in sys.argv[1:]: print(E.parse(p).getroot().tag)' " .. table.concat(quoted, " ")
    .. " 2>&1"))
  local out = pipe:read("a")
  pipe:close()
  return out
end

local function fresh_folder()
  local dir = T.tmpname("-md")
  assert(require("lfs").mkdir(dir))
  return dir
end

T.case("md to a file: each chart an .svg file beside it, valid XML, linked with its caption", function()
  local chart = require "chiso.chart"
  local dir = fresh_folder()
  local doc = report.new{title = "T", lang = "en"}
  local bars = chart.bars{items = {{label = "Hà Nội & Huế", value = 1}}}
  doc:paragraph("Before.")
  doc:chart(bars, {caption = "Figure [1] <b>"})
  doc:chart(chart.slope{left = "2022", right = "2023", items = {{label = "A", left = 1, right = 2}}})
  doc:chart('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    {caption = "Not plain"})
  local path = dir .. "/báo cáo (1).md"
  T.eq(doc:write("md", path), true, "written")
  T.eq(T.files_in(dir), {"báo cáo (1)-1.svg", "báo cáo (1)-2.svg", "báo cáo (1).md"},
    "the report and its two plain charts, nothing else")
  -- The names percent-encoded byte by byte: á is C3 A1 in UTF-8, a space 20, ( 28, ) 29.
  T.eq(T.read(path), lines(
    "# T",
    "",
    "Before.",
    "",
    "![Figure \\[1\\] &lt;b>](b%C3%A1o%20c%C3%A1o%20%281%29-1.svg)",
    "",
    "*Figure [1] &lt;b>*",
    "",
    "![Chart](b%C3%A1o%20c%C3%A1o%20%281%29-2.svg)",
    "",
    "> Chart: Not plain (not written to a file: it is not SVG as chiso.chart draws it)"), "md")
  local first = T.read(dir .. "/báo cáo (1)-1.svg")
  T.eq(first, '<?xml version="1.0" encoding="UTF-8"?>\n' .. bars .. "\n", "the chart's own SVG")
  T.eq(xml_roots{dir .. "/báo cáo (1)-1.svg", dir .. "/báo cáo (1)-2.svg"},
    "{http://www.w3.org/2000/svg}svg\n{http://www.w3.org/2000/svg}svg\n", "valid SVG files")
  T.eq(doc:write("md", path), true, "written again: its charts replaced")
  T.eq(#T.files_in(dir), 3, "still three files")
  T.remove_tree(dir)
end)

T.case("md to a file: what lies at a chart's name is replaced only if it is a chart of the report", function()
  local chart = require "chiso.chart"
  local lfs = require "lfs"
  local doc = report.new{title = "T", lang = "en"}:chart(chart.bars{items = {{label = "a", value = 1}}})
  local dir = fresh_folder()
  T.write(dir .. "/r-1.svg", "mine\n")
  local ok, message = doc:write("md", dir .. "/r.md")
  T.eq(ok, nil, "refused: a stray file")
  T.truthy(message:find(dir .. "/r-1.svg: chart 1 of " .. dir .. "/r.md goes there, but it is a "
    .. "file, with no report of that name beside it; chiso replaces only the charts of a report it "
    .. "replaces: move it away or give the report another name", 1, true), message)
  T.eq(T.read(dir .. "/r-1.svg"), "mine\n", "the file kept")
  T.eq(T.files_in(dir), {"r-1.svg"}, "and no report written, nor any temporary file")
  os.remove(dir .. "/r-1.svg")
  T.write(dir .. "/r.md", "old\n")
  T.write(dir .. "/victim.txt", "keep\n")
  assert(lfs.link(dir .. "/victim.txt", dir .. "/r-1.svg", true))
  ok, message = doc:write("md", dir .. "/r.md")
  T.truthy(not ok and message:find("but it is a symbolic link", 1, true), tostring(message))
  T.eq({T.read(dir .. "/victim.txt"), T.read(dir .. "/r.md")}, {"keep\n", "old\n"},
    "the link not followed, the report as it was")
  os.remove(dir .. "/r-1.svg")
  assert(lfs.mkdir(dir .. "/r-1.svg"))
  ok, message = doc:write("md", dir .. "/r.md")
  T.truthy(not ok and message:find("but it is a folder", 1, true), tostring(message))
  T.remove_tree(dir)
end)

T.case("md to a file: at most 32 charts; a failure leaves no file", function()
  local chart = require "chiso.chart"
  local doc = report.new{title = "T", lang = "en"}
  for i = 1, 33 do
    doc:chart(chart.bars{items = {{label = "a", value = i}}})
  end
  local dir = fresh_folder()
  T.raises(function() doc:write("md", dir .. "/r.md") end,
    dir .. "/r.md: cannot name chart 33 beside it (at most 32 charts")
  T.eq(T.files_in(dir), {}, "nothing written")
  local ok, message = report.new{title = "T"}:chart(chart.bars{items = {{label = "a", value = 1}}})
    :write("md", dir .. "/no-such-folder/r.md")
  T.eq(ok, nil, "a missing folder")
  T.truthy(message:find("No such file or directory", 1, true), message)
  T.eq(T.files_in(dir), {}, "still nothing written")
  T.remove_tree(dir)
end)

-- CSV ----------------------------------------------------------------------

T.case("csv: the first table, raw values, nulls empty, shortest floats", function()
  local expected = lines(
    "province,score,rank",
    "Lạng Sơn,85.94,47",
    "Cao Bằng,,63",
    "Hà Nội,89.5,5")
  T.eq(small_report("vi"):render("csv"), expected, "csv")
  T.eq(small_report("vi"):render("csv"), small_dataset():to_csv(), "same as ds:to_csv")
end)

T.case("csv: RFC 4180 quoting, the primary table, formats applied", function()
  local doc = report.new{title = "T", lang = "vi"}
  doc:table({{a = 1}})
  doc:table({
    {name = "a,b", note = 'say "hi"', x = 0.1 + 0.2, p = 0.25},
    {name = "two\nlines", note = "", x = 2.0, p = 1.0},
    {name = " padded", x = 1e20},
  }, {columns = {"name", "note", "x", "p"}, primary = true,
      formats = {p = function(v) return string.format("%.0f%%", v * 100) end}})
  local expected = lines(
    "name,note,x,p",
    '"a,b","say ""hi""",0.30000000000000004,25%',
    '"two',
    'lines","",2.0,100%',
    '" padded",,1e+20,')
  T.eq(doc:render("csv"), expected, "csv")
end)

T.case("csv: a number of decimals keeps the decimal point, whatever the language", function()
  local doc = report.new{title = "T", lang = "vi"}
  doc:table(small_dataset(), {columns = {"province", "score"}, formats = {score = 1}})
  T.eq(doc:render("csv"), lines("province,score", "Lạng Sơn,85.9", "Cao Bằng,", "Hà Nội,89.5"),
    "csv")
  T.eq(doc:render("md"):match("| Lạng Sơn | [^|]* |"), "| Lạng Sơn | 85,9 |", "md uses a comma")
end)

T.case("csv: a report without a table is an error", function()
  T.raises(function() report.new{title = "T"}:render("csv") end, "no table")
end)

-- JSON ---------------------------------------------------------------------

T.case("json: exact output of a small report", function()
  local doc = report.new{title = 'Tỉnh "A"', lang = "en"}
  doc:heading("H", 3)
  doc:paragraph("tab\there\nnew \\ line\1")
  doc:table({{p = "Huế", s = 85.94, r = 1, ok = true}, {p = "Hà Nội", r = 2, ok = false}},
    {columns = {"p", "s", "r", "ok"}, headers = {p = "Tỉnh"}, caption = "C"})
  local expected = '{"title":"Tỉnh \\"A\\"","subtitle":null,"lang":"en","blocks":['
    .. '{"type":"heading","level":3,"text":"H"},'
    .. '{"type":"paragraph","text":"tab\\there\\nnew \\\\ line\\u0001"},'
    .. '{"type":"table","caption":"C","columns":["p","s","r","ok"],'
    .. '"labels":["Tỉnh","s","r","ok"],"rows":['
    .. '{"p":"Huế","s":85.94,"r":1,"ok":true},'
    .. '{"p":"Hà Nội","s":null,"r":2,"ok":false}]}]}\n'
  T.eq(doc:render("json"), expected, "json")
end)

T.case("json: parses back; integers, floats, NaN and infinity, nulls, charts", function()
  local chart = require "chiso.chart"
  local doc = report.new{title = "T", subtitle = "S", lang = "vi"}
  local d = chiso.dataset{
    {"n", {1, 2, 3, 4}},
    {"x", {1.0, 0 / 0, 1 / 0, chiso.null}},
    {"y", {0.1, -2.5, 1e-7, 123456789012.5}},
  }
  doc:table(d)
  doc:note("ghi chú")
  doc:chart(chart.bars{items = {{label = "Hà Nội & Huế", value = 2}}}, {caption = "Cap"})
  local text = doc:render("json")
  local v = json_decode(text)
  T.eq(v.__keys, {"title", "subtitle", "lang", "blocks"}, "top-level keys in order")
  T.eq(v.title, "T", "title")
  T.eq(v.lang, "vi", "lang")
  T.eq(#v.blocks, 3, "blocks")
  local rows = v.blocks[1].rows
  T.eq(rows[1].n, 1, "integer")
  T.eq(rows[1].x, 1.0, "integral float")
  T.eq(rows[2].x, null, "NaN is null")
  T.eq(rows[3].x, null, "infinity is null")
  T.eq(rows[4].x, null, "chiso.null is null")
  T.eq(rows[1].y, 0.1, "0.1")
  T.eq(rows[3].y, 1e-7, "1e-7")
  T.eq(rows[4].y, 123456789012.5, "large float")
  T.truthy(text:find('"n":1,"x":1.0,"y":0.1', 1, true), "integers without .0, floats shortest")
  T.eq(v.blocks[2].type, "note", "note")
  T.eq(v.blocks[3].type, "chart", "chart")
  T.eq(v.blocks[3].caption, "Cap", "chart caption")
  T.truthy(v.blocks[3].svg:find("Hà Nội &amp; Huế", 1, true), "svg kept as text")
end)

T.case("json: invalid UTF-8 becomes U+FFFD so the output stays valid", function()
  local doc = report.new{title = "a\xffb"}
  T.eq(json_decode(doc:render("json")).title, "a\u{FFFD}b", "title")
end)

-- HTML ---------------------------------------------------------------------

local function html_report()
  local chart = require "chiso.chart"
  local doc = report.new{title = "Báo cáo <PAR> & \"SIPAS\"", subtitle = "Năm 2023", lang = "vi"}
  doc:heading("Xếp hạng"):paragraph("Đoạn <b>văn</b>\ndòng hai"):note("Nguồn: 'Bộ Nội vụ'")
  doc:table(small_dataset(), {headers = {province = "Tỉnh"}, caption = "Bảng 1"})
  doc:chart(chart.bars{title = "Điểm", items = {{label = "Lạng Sơn", value = 85.94}}},
    {caption = "Hình 1"})
  return doc:render("html")
end

T.case("html: one self-contained document with the language and charset", function()
  local page = html_report()
  T.eq(page:sub(1, 15), "<!DOCTYPE html>", "doctype first")
  T.truthy(page:find('<html lang="vi">', 1, true), "lang")
  T.truthy(page:find('<meta charset="utf-8">', 1, true), "charset")
  T.truthy(page:find("<style>", 1, true), "inline style")
  T.truthy(page:find('"Noto Sans", "DejaVu Sans"', 1, true), "a font stack with Vietnamese glyphs")
  T.truthy(not page:lower():find("<script", 1, true), "no script")
  T.truthy(not page:lower():find("<link", 1, true), "no link")
  T.truthy(not page:lower():find("<img", 1, true), "no image")
  T.truthy(not page:lower():find("url(", 1, true), "no url() in the style")
  T.truthy(not page:lower():find("src=", 1, true), "no src attribute")
  local rest = page:gsub("http://www%.w3%.org/2000/svg", ""):gsub('http%-equiv="', "")
  T.truthy(not rest:find("http"), "no http reference besides the SVG namespace")
  -- The policy itself, as CSP Level 3 spells it: nothing by default, inline styles, data: images.
  T.truthy(page:find('<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
    .. [[content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">]], 1, true),
    "a Content-Security-Policy right after the charset")
  T.truthy(page:find('<svg xmlns="http://www.w3.org/2000/svg"', 1, true), "inline SVG")
  T.truthy(page:find("<figcaption>Hình 1</figcaption>", 1, true), "chart caption")
  T.eq(select(2, page:gsub("</html>", "")), 1, "one document")
  local en = report.new{title = "T", lang = "en"}:render("html")
  T.truthy(en:find('<html lang="en">', 1, true), "lang en")
end)

T.case("html: every text escaped, numeric cells right-aligned, nulls marked", function()
  local page = html_report()
  T.truthy(page:find("<h1>Báo cáo &lt;PAR&gt; &amp; &quot;SIPAS&quot;</h1>", 1, true), "title")
  T.truthy(page:find("<title>Báo cáo &lt;PAR&gt; &amp; &quot;SIPAS&quot; · chiso</title>", 1, true),
    "page title")
  T.truthy(page:find("<p>Đoạn &lt;b&gt;văn&lt;/b&gt;<br>\ndòng hai</p>", 1, true), "paragraph")
  T.truthy(page:find('<p class="note">Nguồn: &#39;Bộ Nội vụ&#39;</p>', 1, true), "note")
  T.truthy(page:find("<h3>Xếp hạng</h3>", 1, true), "heading level 2 is h3 under the title's h1")
  T.truthy(page:find('<th>Tỉnh</th><th class="num">score</th><th class="num">rank</th>', 1, true),
    "header")
  T.truthy(page:find('<tr><td>Lạng Sơn</td><td class="num">85,94</td><td class="num">47</td></tr>',
    1, true), "row")
  T.truthy(page:find('<td class="num null">—</td>', 1, true), "null cell")
  T.truthy(page:find(".num { text-align: right", 1, true), "numeric columns right-aligned")
end)

-- Writing files ------------------------------------------------------------

T.case("write: the file holds the rendering; no temporary file is left", function()
  local doc = small_report("vi")
  local path = T.tmpname(".md")
  T.eq(doc:write("md", path), true, "result")
  T.eq(T.read(path), doc:render("md"), "content")
  T.eq(io.open(path .. ".part"), nil, "temporary file removed")
  T.eq(doc:write("csv", path), true, "overwrite")
  T.eq(T.read(path), small_dataset():to_csv(), "replaced content")
end)

T.case("write: an unwritable path gives nil and a message, and leaves nothing", function()
  local ok, message = small_report("vi"):write("text", "/nonexistent-dir/report.txt")
  T.eq(ok, nil, "result")
  T.truthy(type(message) == "string" and message:find("nonexistent%-dir"), "message names the path")
end)

-- Misuse -------------------------------------------------------------------

T.case("misuse raises errors that name the problem", function()
  T.raises(function() report.new{} end, "field 'title' must be a string")
  T.raises(function() report.new{title = "T", lang = "fr"} end, "unknown language 'fr'")
  local doc = report.new{title = "T"}
  T.raises(function() doc:render("pdf") end,
    "bad argument #1 to 'render' (unknown format 'pdf' (expected text, md, csv, json, html or xlsx))")
  T.raises(function() doc:render("xlsx") end, "a workbook is not text")
  T.raises(function() doc:render("md", {dialect = "excel-vn"}) end, "a dialect is for CSV, not md")
  T.raises(function() doc:render("csv", {dialect = "excel"}) end,
    "dialect must be \"plain\" or \"excel-vn\", not 'excel'")
  T.raises(function() doc:write("pdf", "x") end, "unknown format 'pdf'")
  T.raises(function() doc:heading("H", 4) end, "level must be 1, 2 or 3")
  T.raises(function() doc:paragraph(nil) end, "bad argument #1 to 'paragraph' (string expected")
  T.raises(function() doc:table(small_dataset(), {columns = {"tinh"}}) end,
    "unknown column 'tinh' (columns: province, score, rank)")
  T.raises(function() doc:table(small_dataset(), {headers = {tinh = "Tỉnh"}}) end,
    "headers names unknown column 'tinh'")
  T.raises(function() doc:table(small_dataset(), {formats = {score = true}}) end,
    "format of column 'score' must be")
  T.raises(function() doc:table(42) end, "dataset or list of rows expected")
  T.raises(function() doc:chart("<div/>") end, "SVG text expected")
  T.raises(function() report.new{title = "T"}.heading({}, "x") end, "report expected")
  doc:table({{a = 1}}, {primary = true})
  T.raises(function() doc:table({{a = 1}}, {primary = true}) end, "already has a primary table")
end)

T.case("methods chain: each returns the report", function()
  local doc = report.new{title = "T"}
  T.eq(doc:heading("a"):paragraph("b"):note("c"):table({{x = 1}}), doc, "chain")
end)

T.finish()
