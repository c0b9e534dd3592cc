-- chiso.chart: the SVG charts. Each chart must parse as XML (checked by
-- Python's xml.dom.minidom, an independent parser), carry its labels escaped
-- and intact, and place things where the chart's rules say: rank 1 at the
-- top, gaps for missing years, the fitted line clipped to the plot, nice ticks.

local T = require "testing"
local chart = require "chiso.chart"

local PYTHON = "/usr/bin/python3"
local XML_CHECK = [[import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())]]

-- Fails unless the text is well-formed XML.
local function check_xml(svg)
  if not io.open(PYTHON) then
    error("python3 is needed to check the SVG as XML and is missing: "
      .. "apt-get install python3 (make deps installs it)", 2)
  end
  local input = T.tmpname(".svg")
  T.write(input, svg)
  local pipe = io.popen(string.format("%s -c '%s' < '%s' 2>&1", PYTHON, XML_CHECK, input))
  local output = pipe:read("a")
  local ok = pipe:close()
  if not ok then
    error("the SVG is not well-formed XML: " .. (output:match("([^\n]+)\n*$") or output), 2)
  end
end

local function count(text, plain)
  local n, at = 0, 1
  while true do
    local found = text:find(plain, at, true)
    if not found then
      return n
    end
    n, at = n + 1, found + 1
  end
end

-- Standalone SVG: namespace, size, viewBox, a title, at most two decimals.
local function check_svg(svg, title)
  check_xml(svg)
  T.truthy(svg:find('^<svg xmlns="http://www.w3.org/2000/svg" width="[%d.]+" height="[%d.]+" '
    .. 'viewBox="0 0 [%d.]+ [%d.]+"'), "root element with size and viewBox")
  T.truthy(svg:find("<title>" .. title .. "</title>", 1, true), "title element " .. title)
  T.eq(svg:sub(-6), "</svg>", "ends with </svg>")
  T.truthy(not svg:find("%d%.%d%d%d"), "numbers with at most two decimals")
  T.truthy(not svg:find("\n%s*\n"), "no blank line")
  T.truthy(not svg:find("<script", 1, true), "no script")
  local rest = svg:gsub("http://www%.w3%.org/2000/svg", "")
  T.truthy(not rest:find("http", 1, true) and not rest:find("href", 1, true), "no external reference")
end

local function slope_items()
  return {
    {label = "Lạng Sơn", left = 54, right = 47},
    {label = "Cao Bằng", left = 10, right = 20},
    {label = "Bà Rịa - Vũng Tàu & <Huế>", left = 5, right = 5},
  }
end

local function slope_chart(lang)
  return chart.slope{title = "Thứ hạng 2022–2023", left = "2022", right = "2023",
    items = slope_items(), ranks = true, lang = lang}
end

local function scatter_chart()
  local points = {}
  for x = 0, 10 do
    points[#points + 1] = {x = x, y = x, label = "Tỉnh " .. x}
  end
  points[#points + 1] = {x = 5, y = 10, label = "Đắk Lắk"}
  return chart.scatter{title = "Điểm", x_label = "Năm 2022", y_label = "Năm 2023",
    points = points, fit = {slope = 5, intercept = 0}, annotation = "r = 0,63; p = 0,009",
    label_points = {"Đắk Lắk"}}
end

local function bars_chart()
  return chart.bars{title = "Điểm PAR INDEX", items = {
    {label = "Hà Nội", value = 3}, {label = "Lạng Sơn", value = 7},
    {label = "Cao Bằng", value = 12}, {label = "Hà Giang"},
  }, format = "%.1f", highlight = "Lạng Sơn", reference = {value = 8.5, label = "Trung bình"}}
end

local function history_chart(points)
  return chart.rank_history{title = "Thứ hạng", max_rank = 63, series = {
    {label = "Lạng Sơn", points = points or {{x = 2019, y = 1}, {x = 2020, y = 63}}},
  }}
end

-- Pixel positions of the tick labels of an axis: value text -> {x, y}.
local function tick_positions(svg)
  local at = {}
  for x, y, label in svg:gmatch('<text x="([-%d.]+)" y="([-%d.]+)" font%-size="12" '
      .. 'text%-anchor="[a-z]+" fill="#555555">([^<]*)</text>') do
    at[#at + 1] = {label = label, x = tonumber(x), y = tonumber(y)}
  end
  return at
end

-- Slope ----------------------------------------------------------------------

T.case("slope: well-formed standalone SVG with escaped, intact Vietnamese labels", function()
  local svg = slope_chart()
  check_svg(svg, "Thứ hạng 2022–2023")
  T.truthy(svg:find("Bà Rịa - Vũng Tàu &amp; &lt;Huế&gt;", 1, true), "escaped label")
  T.truthy(not svg:find("<Huế>", 1, true), "no raw markup")
  T.truthy(svg:find(">Lạng Sơn  54<", 1, true), "left label with its rank")
  T.truthy(svg:find(">47  Lạng Sơn<", 1, true), "right label with its rank")
  T.truthy(svg:find(">2022<", 1, true) and svg:find(">2023<", 1, true), "column headings")
end)

T.case("slope: lines coloured by direction; rank 1 at the top", function()
  local svg = slope_chart()
  -- Lạng Sơn 54 -> 47 moved up, Cao Bằng 10 -> 20 moved down, the third kept 5.
  local lines = {}
  for x1, y1, x2, y2, colour in svg:gmatch('<line x1="([%d.]+)" y1="([%d.]+)" x2="([%d.]+)" '
      .. 'y2="([%d.]+)" stroke="(#%x+)" stroke%-width="2"/>') do
    lines[#lines + 1] = {y1 = tonumber(y1), y2 = tonumber(y2), colour = colour}
  end
  T.eq(#lines, 3, "one line per item")
  T.eq(lines[1].colour, "#0072b2", "moved up: blue")
  T.eq(lines[2].colour, "#d55e00", "moved down: vermillion")
  T.eq(lines[3].colour, "#8c8c8c", "unchanged: grey")
  T.truthy(lines[1].y2 < lines[1].y1, "rank 47 is drawn above rank 54")
  T.truthy(lines[3].y1 < lines[2].y1, "rank 5 is drawn above rank 10")
  T.truthy(svg:find(">Tăng hạng (1)<", 1, true), "legend in Vietnamese with counts")
  T.truthy(slope_chart("en"):find(">Moved down (1)<", 1, true), "legend in English")
end)

T.case("slope: without ranks, larger values are higher", function()
  local svg = chart.slope{items = {{label = "a", left = 10, right = 90}}, format = 0}
  local y1, y2 = svg:match('<line x1="[%d.]+" y1="([%d.]+)" x2="[%d.]+" y2="([%d.]+)" '
    .. 'stroke="#0072b2"')
  T.truthy(y1 and tonumber(y2) < tonumber(y1), "rising value drawn rising, in blue")
  T.truthy(svg:find(">Tăng (1)<", 1, true), "value legend")
end)

T.case("slope: labels of tied ranks do not overlap", function()
  local items = {}
  for i = 1, 5 do
    items[i] = {label = "Tỉnh " .. i, left = 3, right = 3}
  end
  local svg = chart.slope{items = items, ranks = true}
  local ys = {}
  for y in svg:gmatch('<text x="[%d.]+" y="([%d.]+)" text%-anchor="end"[^>]*>Tỉnh') do
    ys[#ys + 1] = tonumber(y)
  end
  T.eq(#ys, 5, "five left labels")
  for i = 2, #ys do
    T.truthy(ys[i] - ys[i - 1] >= 14.99, "labels at least 15 px apart")
  end
end)

-- Scatter ------------------------------------------------------------------

T.case("scatter: well-formed, axis labels, annotation, labelled points", function()
  -- The points lie on y = x but Đắk Lắk (5, 10); the fit given is y = 5x, so
  -- every point is off it: residuals |x - 5x| = 4x, and |10 - 25| = 15 for Đắk Lắk.
  local svg = scatter_chart()
  check_svg(svg, "Điểm")
  T.truthy(svg:find(">r = 0,63; p = 0,009<", 1, true), "annotation")
  T.truthy(svg:find(">Năm 2022<", 1, true), "x label")
  T.truthy(svg:find('rotate(-90)" text-anchor="middle" fill="#1b1b1b">Năm 2023<', 1, true),
    "y label, rotated")
  T.truthy(svg:find(">Đắk Lắk<", 1, true), "a point named in label_points is labelled")
  -- Notable: the four furthest from the line, 4x for x = 10, 9, 8, 7 (all
  -- above the 6th largest of the 12, 4 × 5 = 20), and the extremes, Tỉnh 0 (smallest x and y)
  -- and Tỉnh 10 (largest x and y, before Đắk Lắk's equal y).
  for _, x in ipairs{0, 7, 8, 9, 10} do
    T.truthy(svg:find(">Tỉnh " .. x .. "<", 1, true), "notable point Tỉnh " .. x .. " labelled")
  end
  for x = 1, 6 do
    T.truthy(not svg:find(">Tỉnh " .. x .. "<", 1, true), "Tỉnh " .. x .. " is not labelled")
  end
  T.eq(count(svg, "<circle"), 12, "one circle per point")
end)

T.case("scatter: nice ticks and the fitted line clipped to the plot", function()
  local svg = scatter_chart()
  -- Data 0..10 on both axes: ticks 0, 2, 4, 6, 8, 10 (a step of 2 for about 5
  -- parts) on each axis.
  for _, label in ipairs{"0", "2", "4", "6", "8", "10"} do
    T.eq(count(svg, 'fill="#555555">' .. label .. "<"), 2, "tick " .. label .. " on both axes")
  end
  T.eq(#tick_positions(svg), 12, "no other ticks")
  -- y = 5x leaves the plot (y <= 10) at x = 2: the line runs from (0, 0) to (2, 10).
  local x1, y1, x2, y2 = svg:match('<line x1="([%d.]+)" y1="([%d.]+)" x2="([%d.]+)" '
    .. 'y2="([%d.]+)" stroke="#1b1b1b" stroke%-width="1.5"')
  T.truthy(x1, "fitted line drawn")
  local left, right = 80, 800 - 24
  local per_unit = (right - left) / 10
  T.near(tonumber(x1), left, 0.01, "starts at x = 0")
  T.near(tonumber(x2), left + 2 * per_unit, 0.01, "ends at x = 2")
  T.truthy(tonumber(y2) < tonumber(y1), "rises")
  -- The plot's top: 48 px of title, 24 of annotation, 10 of space.
  T.near(tonumber(y2), 48 + 24 + 10, 0.01, "ends at the top of the plot")
end)

T.case("scatter: a fitted line wholly outside the plot is not drawn", function()
  local svg = chart.scatter{points = {{x = 0, y = 0}, {x = 1, y = 1}},
    fit = {slope = 0, intercept = 50}}
  check_xml(svg)
  T.truthy(not svg:find("stroke-dasharray", 1, true), "no fitted line")
end)

-- Bars ---------------------------------------------------------------------

T.case("bars: well-formed, formatted values, highlight, reference line, missing value", function()
  local svg = bars_chart()
  check_svg(svg, "Điểm PAR INDEX")
  T.truthy(svg:find(">12.0<", 1, true), "value formatted with the pattern")
  T.truthy(svg:find('font-weight="bold">Lạng Sơn<', 1, true), "highlighted label in bold")
  T.eq(count(svg, 'fill="#d55e00"'), 1, "one highlighted bar")
  T.eq(count(svg, 'fill="#a6cbe3"'), 2, "the others muted")
  T.truthy(svg:find(">Trung bình: 8.5<", 1, true), "reference label with its value")
  T.truthy(svg:find('stroke-dasharray="4 3"', 1, true), "reference line")
  T.truthy(svg:find(">Hà Giang<", 1, true) and svg:find(">—<", 1, true), "missing value as a dash")
  T.eq(count(svg, "<rect") - 1, 3, "three bars besides the background")
end)

T.case("bars: ticks at 1, 2 or 5 times a power of ten, from zero", function()
  local svg = bars_chart()
  -- 0..12 in about five parts: a step of 5 (2.4 rounds up to 5), so 0, 5, 10, 15.
  local labels = {}
  for _, t in ipairs(tick_positions(svg)) do
    labels[#labels + 1] = t.label
  end
  T.eq(labels, {"0", "5", "10", "15"}, "tick labels")
  local small = chart.bars{items = {{label = "a", value = 0.37}}, lang = "vi"}
  labels = {}
  for _, t in ipairs(tick_positions(small)) do
    labels[#labels + 1] = t.label
  end
  T.eq(labels, {"0,0", "0,1", "0,2", "0,3", "0,4"}, "decimal ticks with a comma in Vietnamese")
end)

T.case("bars: negative values extend left of zero", function()
  local svg = chart.bars{items = {{label = "a", value = -4}, {label = "b", value = 6}}}
  check_xml(svg)
  local bars = {}
  for x, w in svg:gmatch('<rect x="([-%d.]+)" y="[%d.]+" width="([%d.]+)" height="18"') do
    bars[#bars + 1] = {x = tonumber(x), w = tonumber(w)}
  end
  T.eq(#bars, 2, "two bars")
  T.near(bars[1].x + bars[1].w, bars[2].x, 0.01, "the negative bar ends where the positive starts")
end)

-- Rank history -------------------------------------------------------------

T.case("rank_history: well-formed, legend, rank 1 above rank 63", function()
  local svg = history_chart()
  check_svg(svg, "Thứ hạng")
  local ys = {}
  for y in svg:gmatch('<circle cx="[%d.]+" cy="([%d.]+)" r="3" fill="#0072b2"/>') do
    ys[#ys + 1] = tonumber(y)
  end
  T.eq(#ys, 2, "two points")
  T.truthy(ys[1] < ys[2], "rank 1 (2019) is drawn above rank 63 (2020)")
  T.truthy(svg:find(">Lạng Sơn<", 1, true), "the line's label")
  T.truthy(svg:find(">Hạng<", 1, true), "axis title")
  T.truthy(svg:find(">2019<", 1, true) and svg:find(">2020<", 1, true), "year ticks")
end)

T.case("rank_history: a missing year leaves a gap", function()
  local svg = history_chart{{x = 2019, y = 5}, {x = 2020, y = 7}, {x = 2022, y = 9},
    {x = 2023, y = 12}, {x = 2024}}
  check_xml(svg)
  local runs = {}
  for points in svg:gmatch('<polyline points="([^"]*)"') do
    local n = select(2, points:gsub(",", ""))
    runs[#runs + 1] = n
  end
  T.eq(runs, {2, 2}, "2019-2020 and 2022-2023 drawn apart")
  T.eq(count(svg, "<circle"), 4, "four points")
end)

T.case("rank_history: several series take distinct colours; escaping", function()
  local svg = chart.rank_history{series = {
    {label = "A & B", points = {{x = 2020, y = 3}, {x = 2021, y = 4}}},
    {label = "C", points = {{x = 2020, y = 8}, {x = 2021, y = 2}}},
  }, lang = "en"}
  check_svg(svg, "Rank")
  T.truthy(svg:find(">A &amp; B<", 1, true), "escaped label")
  T.truthy(svg:find('stroke="#0072b2"', 1, true) and svg:find('stroke="#d55e00"', 1, true),
    "two colours")
end)

-- All charts ---------------------------------------------------------------

T.case("each chart describes itself in a <desc>, in its language, or as told", function()
  T.truthy(slope_chart():find("<desc>Biểu đồ độ dốc: 3 mục, từ 2022 đến 2023: Tăng hạng (1), "
    .. "Tụt hạng (1), Không đổi (1).</desc>", 1, true), "slope, with the legend's counts")
  T.truthy(slope_chart("en"):find("<desc>Slope chart: 3 items, from 2022 to 2023: Moved up (1), "
    .. "Moved down (1), Unchanged (1).</desc>", 1, true), "slope in English")
  T.truthy(bars_chart():find("<desc>Biểu đồ thanh ngang: 4 mục, giá trị từ 3.0 đến 12.0; các "
    .. "thanh bắt đầu từ 0. Đường nét đứt: Trung bình: 8.5.</desc>", 1, true), "bars")
  T.truthy(scatter_chart():find("<desc>Biểu đồ phân tán: 12 điểm; trục ngang: Năm 2022; trục "
    .. "dọc: Năm 2023. r = 0,63; p = 0,009</desc>", 1, true), "scatter, with its annotation")
  T.truthy(history_chart():find("<desc>Thứ hạng của Lạng Sơn qua các năm 2019–2020; hạng 1 ở "
    .. "trên cùng.</desc>", 1, true), "rank history")
  T.truthy(chart.bars{items = {}, desc = "Mô tả & <b>"}:find("<desc>Mô tả &amp; &lt;b&gt;</desc>",
    1, true), "desc given, escaped")
end)

T.case("charts are deterministic", function()
  T.eq(slope_chart(), slope_chart(), "slope")
  T.eq(scatter_chart(), scatter_chart(), "scatter")
  T.eq(bars_chart(), bars_chart(), "bars")
  T.eq(history_chart(), history_chart(), "rank_history")
end)

T.case("control characters and invalid UTF-8 in labels still give valid XML", function()
  local svg = chart.bars{title = "a\1b\xff", items = {{label = "x\0y", value = 1}}}
  check_xml(svg)
  T.truthy(svg:find("<title>ab\u{FFFD}</title>", 1, true), "cleaned title")
end)

T.case("empty charts are still well-formed", function()
  check_xml(chart.slope{items = {}})
  check_xml(chart.scatter{points = {}})
  check_xml(chart.bars{items = {}})
  check_xml(chart.rank_history{series = {}})
end)

T.case("misuse raises errors that name the problem", function()
  T.raises(function() chart.bars{items = {{value = 1}}} end,
    "bad argument #1 to 'bars' (item 1 needs a string 'label')")
  T.raises(function() chart.bars{items = {{label = "a", value = "x"}}} end, "'value' must be a number")
  T.raises(function() chart.slope{} end, "field 'items' must be a list")
  T.raises(function() chart.scatter{points = {}, fit = {slope = 1}} end, "field 'fit' must be")
  T.raises(function() chart.rank_history{series = {{label = "a", points = {{x = 2020.5, y = 1}}}}} end,
    "'x' must be an integer")
  T.raises(function() chart.rank_history{max_rank = 10, series = {
    {label = "a", points = {{x = 2020, y = 20}}}}} end, "'max_rank' must be an integer")
  T.raises(function() chart.bars{items = {}, lang = "fr"} end, "unknown language 'fr'")
  T.raises(function() chart.scatter{points = {}, desc = 1} end,
    "bad argument #1 to 'scatter' (field 'desc' must be a string)")
  T.raises(function() chart.bars{items = {}, dots = "yes"} end,
    "bad argument #1 to 'bars' (field 'dots' must be true or false)")
end)

T.finish()
