-- chiso.chart.map: the choropleth. The SVG is read back by Python's
-- xml.etree (an independent parser): every feature is one path titled with its
-- name, each province's fill is the legend colour of the class worked out by
-- hand below, provinces without a value are hatched (never a class colour),
-- the legend counts them, and the attribution of the boundaries is on the map.

local T = require "testing"
local chart = require "chiso.chart"
local report = require "chiso.report"

local PYTHON = "/usr/bin/python3"
-- Prints one line a drawn element, tab-separated: "P name fill" for a
-- feature's path (its <title> is "name: value"), "K fill label" for a legend
-- key (an 18×13 rect and the text after it), "T text" for every text, "H id"
-- for a pattern that hatches (a pattern holding a line).
local READ_SVG = [[
import sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == NS + "svg", root.tag
assert root.find(NS + "title") is not None and root.find(NS + "desc") is not None, "title, desc"
assert root.get("viewBox"), "viewBox"
for p in root.iter(NS + "pattern"):
    if p.find(NS + "line") is not None:
        print("H\t" + p.get("id"))
elements = list(root.iter())
for i, e in enumerate(elements):
    if e.tag == NS + "path" and e.find(NS + "title") is not None:
        print("P\t%s\t%s" % (e.find(NS + "title").text.rsplit(": ", 1)[0], e.get("fill")))
    elif e.tag == NS + "rect" and e.get("width") == "18" and e.get("height") == "13":
        label = next(x for x in elements[i + 1:] if x.tag == NS + "text")
        print("K\t%s\t%s" % (e.get("fill"), label.text))
    elif e.tag == NS + "text":
        print("T\t" + e.text)
]]

-- What READ_SVG finds in svg: paths by name, legend keys in order, texts, hatch ids.
local function read_svg(svg)
  if not io.open(PYTHON) then
    error("python3 is needed to read the SVG and is missing: apt-get install python3", 2)
  end
  local input, script = T.tmpname(".svg"), T.tmpname(".py")
  T.write(input, svg)
  T.write(script, READ_SVG)
  local pipe = io.popen(string.format("%s '%s' '%s' 2>&1", PYTHON, script, input))
  local output = pipe:read("a")
  if not pipe:close() then
    error("the SVG does not parse as XML as expected: " .. output, 2)
  end
  local found = {paths = {}, npaths = 0, keys = {}, texts = {}, hatch = {}}
  for line in output:gmatch("[^\n]+") do
    local kind, a, b = line:match("^(%u)\t([^\t]*)\t?(.*)$")
    if kind == "P" then
      T.eq(found.paths[a], nil, "one path for " .. a)
      found.paths[a] = b
      found.npaths = found.npaths + 1
    elseif kind == "K" then
      found.keys[#found.keys + 1] = {fill = a, label = b}
    elseif kind == "T" then
      found.texts[#found.texts + 1] = a
    elseif kind == "H" then
      found.hatch["url(#" .. a .. ")"] = true
    end
  end
  return found
end

local function has_text(found, pattern)
  for _, t in ipairs(found.texts) do
    if t:find(pattern, 1, true) then return true end
  end
  return false
end

-- Seven provinces; the rest have no value.
local SEVEN = {["Hà Nội"] = 10, ["Hải Phòng"] = 20, ["Lạng Sơn"] = 30, ["Cao Bằng"] = 40,
  ["Cà Mau"] = 50, ["Thừa Thiên Huế"] = 60, ["Đà Nẵng"] = 100}

-- Each province's fill must be the legend key of its class (classes from 1),
-- and every other province hatched.
local function check_classes(found, classes, nclasses, lang)
  T.eq(#found.keys, nclasses + 1, "a key a class and one for missing")
  local missing_key = found.keys[#found.keys]
  T.truthy(found.hatch[missing_key.fill], "the missing key is hatched: " .. missing_key.fill)
  local seen = {}
  for c = 1, nclasses do
    T.truthy(not found.hatch[found.keys[c].fill], "class " .. c .. " is a colour")
    T.eq(seen[found.keys[c].fill], nil, "class " .. c .. " has a colour of its own")
    seen[found.keys[c].fill] = true
  end
  local missing = 0
  for name, fill in pairs(found.paths) do
    local c = classes[name]
    if c then
      T.eq(fill, found.keys[c].fill, name .. " in class " .. c)
    else
      T.truthy(found.hatch[fill], name .. " has no value and is hatched, got " .. fill)
      missing = missing + 1
    end
  end
  T.eq(missing_key.label:match("^(.-) %(") , lang == "en" and "No data" or "Không có số liệu",
    "the missing key's label")
  T.eq(tonumber(missing_key.label:match("%((%d+)%)$")), missing, "the missing key counts them")
end

T.case("map by province: one path a province, named as in provinces.csv", function()
  local found = read_svg(chart.map{title = "PAR INDEX", values = SEVEN})
  T.eq(found.npaths, 63, "63 paths")
  local provinces = require("chiso.data").load("provinces")
  for _, row in provinces:rows() do
    T.truthy(found.paths[row.province], "a path for " .. row.province)
  end
end)

T.case("quantile classes as worked by hand", function()
  -- 7 values sorted 10 20 30 40 50 60 100, 4 classes: breaks at p = 1/4, 1/2, 3/4 by linear
  -- interpolation (type 7): h = 6p + 1 = 2.5, 4, 5.5, so 20 + .5 × 10 = 25, x4 = 40,
  -- 50 + .5 × 10 = 55. Classes are closed below: 10, 20 -> 1; 30 -> 2; 40, 50 -> 3; 60, 100 -> 4.
  local found = read_svg(chart.map{values = SEVEN, classes = 4, legend_title = "Điểm"})
  check_classes(found, {["Hà Nội"] = 1, ["Hải Phòng"] = 1, ["Lạng Sơn"] = 2, ["Cao Bằng"] = 3,
    ["Cà Mau"] = 3, ["Thừa Thiên Huế"] = 4, ["Đà Nẵng"] = 4}, 4)
  -- Whole values and whole breaks: a class ends at the whole number below its upper break.
  T.eq(found.keys[1].label, "10 – 24", "class 1 from the smallest value")
  T.eq(found.keys[2].label, "25 – 39", "class 2")
  T.eq(found.keys[3].label, "40 – 54", "class 3")
  T.eq(found.keys[4].label, "55 – 100", "class 4 to the largest value")
  -- ColorBrewer YlGnBu, its palest colour left out below nine classes.
  T.eq({found.keys[1].fill, found.keys[2].fill, found.keys[3].fill, found.keys[4].fill},
    {"#edf8b1", "#7fcdbb", "#225ea8", "#081d58"}, "YlGnBu, pale to dark")
end)

T.case("fixed breaks, and a value of zero is a class, never missing", function()
  -- breaks 20, 50: below 20 -> 1; 20 to under 50 -> 2; 50 and over -> 3.
  local values = {}
  for k, v in pairs(SEVEN) do values[k] = v end
  values["Bắc Kạn"] = 0
  values["Hà Giang"] = chiso.null
  local found = read_svg(chart.map{values = values, breaks = {20, 50}, format = 0, lang = "vi"})
  check_classes(found, {["Bắc Kạn"] = 1, ["Hà Nội"] = 1, ["Hải Phòng"] = 2, ["Lạng Sơn"] = 2,
    ["Cao Bằng"] = 2, ["Cà Mau"] = 3, ["Thừa Thiên Huế"] = 3, ["Đà Nẵng"] = 3}, 3)
  T.eq({found.keys[1].label, found.keys[2].label, found.keys[3].label},
    {"≤ 19", "20 – 49", "≥ 50"}, "fixed classes' labels, whole numbers")
end)

T.case("fractional values: classes labelled from break to break", function()
  -- 1.5, 2.5, 3.5 in 2 classes: the median 2.5 is the break; 2.5 goes up.
  -- Fixed breaks 2 and 3 over the same values: below 2, 2 to 3, 3 and over.
  local values = {["An Giang"] = 1.5, ["Bến Tre"] = 2.5, ["Sơn La"] = 3.5}
  local found = read_svg(chart.map{values = values, classes = 2, lang = "en"})
  check_classes(found, {["An Giang"] = 1, ["Bến Tre"] = 2, ["Sơn La"] = 2}, 2, "en")
  T.eq({found.keys[1].label, found.keys[2].label}, {"1.5 – 2.5", "2.5 – 3.5"}, "quantile labels")
  found = read_svg(chart.map{values = values, breaks = {2, 3}, format = 0})
  check_classes(found, {["An Giang"] = 1, ["Bến Tre"] = 2, ["Sơn La"] = 3}, 3)
  T.eq({found.keys[1].label, found.keys[2].label, found.keys[3].label}, {"< 2", "2 – 3", "≥ 3"},
    "fixed labels")
end)

T.case("values from a dataset, names through the resolver", function()
  local ds = chiso.dataset{province = {"hcm", "Ha Noi", "Huế", "Lạng Sơn"},
    score = {4, 3, 2, chiso.null}}
  -- two classes: the median of 2, 3, 4 is 3: 2 -> 1; 3, 4 -> 2. Lạng Sơn's null is missing.
  local found = read_svg(chart.map{values = ds, classes = 2})
  check_classes(found, {["TP. Hồ Chí Minh"] = 2, ["Hà Nội"] = 2, ["Thừa Thiên Huế"] = 1}, 2)
end)

T.case("map by 2025 unit: 34 paths, units by name", function()
  local found = read_svg(chart.map{level = "unit_2025", values = {["Huế"] = 1, ["Tuyên Quang"] = 2,
    ["Hà Nội"] = 3}, classes = 3, lang = "en"})
  T.eq(found.npaths, 34, "34 paths")
  T.truthy(found.paths["Huế"] and found.paths["Tuyên Quang"], "units' names")
  T.eq(found.paths["Hà Giang"], nil, "no old province")
  -- three values, three classes: breaks 1 + 2/3 and 2 + 1/3
  T.eq(found.keys[#found.keys].label, "No data (31)", "31 units without data, in English")
  T.truthy(found.paths["Huế"] ~= found.paths["Hà Nội"], "different classes")
end)

T.case("attribution, Hoàng Sa and Trường Sa on the map", function()
  local found = read_svg(chart.map{values = SEVEN})
  local all = table.concat(found.texts, " ")
  T.truthy(all:find("geoBoundaries (www.geoboundaries.org)", 1, true), "attribution: " .. all)
  T.truthy(has_text(found, "Hoàng Sa") and has_text(found, "Trường Sa"), "the archipelagos named")
end)

T.case("a report inlines the map as plain SVG", function()
  local doc = report.new{title = "Bản đồ"}
  doc:chart(chart.map{values = SEVEN})
  local html = doc:render("html")
  T.truthy(html:find("<pattern id=\"chiso-map-missing\"", 1, true), "inlined, not an image")
  T.truthy(not html:find("data:image/svg", 1, true), "no data: image")
end)

T.case("misuse raises errors that name the problem", function()
  T.raises(function() chart.map{values = {["Hà Nội"] = 1, ["Ha Noi"] = 2}} end,
    "bad argument #1 to 'map' ('")
  T.raises(function() chart.map{values = {["Atlantis"] = 1}} end, "unknown province 'Atlantis'")
  T.raises(function() chart.map{level = "unit_2025", values = {["Hà Giang"] = 1}} end,
    "it became part of Tuyên Quang")
  T.raises(function() chart.map{values = {}, breaks = {3, 2}} end, "increasing numbers")
  T.raises(function() chart.map{values = {}, classes = 12} end, "from 2 to 9")
  T.raises(function() chart.map{values = {["Hà Nội"] = "x"}} end, "must be a number")
  T.raises(function() chart.map{values = {}, level = "district"} end, "unknown level 'district'")
end)

T.case("a sandboxed report draws a map: the boundaries are bundled data", function()
  local script = T.tmpname(".lua")
  T.write(script, [[
local svg = require("chiso.chart").map{values = {["Hà Nội"] = 1, ["Huế"] = 2}}
local paths = 0
for _ in svg:gmatch('fill%-rule="evenodd"><title>') do paths = paths + 1 end
print(paths)
]])
  local pipe = io.popen(string.format("'%s' --sandbox '%s' 2>&1", os.getenv("CHISO"), script))
  local out = pipe:read("a")
  local ok = pipe:close()
  T.truthy(ok, "exit status 0: " .. out)
  T.eq(out, "63\n", "63 provinces drawn in the sandbox")
end)

T.finish()
