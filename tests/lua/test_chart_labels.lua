-- chiso.chart's layout, read back from the SVG: no two texts' boxes meet,
-- no text covers a point's marker, every text lies inside the chart, a label
-- far from every point has a leader line, reference lines stop at the value
-- labels, no text is under 12 px; on the bundled data (the movers slope
-- chart, the correlation scatters) and on crowded random points. Text boxes
-- are estimated as the charts estimate them (chart_labels.text_box), and that
-- estimate is checked here against widths measured in a browser.

local T = require "testing"
local chart = require "chiso.chart"
local labels = require "chiso.chart_labels"
local indices = require "chiso.indices"
local movers = require "chiso.movers"
local correlation = require "chiso.correlation"

-- Reading the SVG --------------------------------------------------------------

local entities = {amp = "&", lt = "<", gt = ">", quot = '"', apos = "'"}

local function unescape(text)
  return (text:gsub("&(%a+);", entities))
end

local function attributes(tag)
  local a = {}
  for name, value in tag:gmatch('([%w%-:]+)="([^"]*)"') do
    a[name] = value
  end
  return a
end

-- The chart as {width, height, root (the <svg> attributes), texts, circles,
-- lines, polylines, title, desc}; a text is {x, y, size, bold, anchor,
-- content, rotated, box}.
local function read_svg(svg)
  local root = attributes(svg:match("^<svg([^>]*)>"))
  local found = {root = root, width = tonumber(root.width), height = tonumber(root.height),
    texts = {}, circles = {}, lines = {}, polylines = {}, sizes = {tonumber(root["font-size"])},
    title = svg:match("<title>(.-)</title>"), desc = svg:match("<desc>(.-)</desc>")}
  for size in svg:gmatch('font%-size="([^"]*)"') do
    found.sizes[#found.sizes + 1] = tonumber(size)
  end
  for tag, content in svg:gmatch("<text([^>]*)>(.-)</text>") do
    local a = attributes(tag)
    local t = {x = tonumber(a.x), y = tonumber(a.y), size = tonumber(a["font-size"] or root["font-size"]),
      bold = a["font-weight"] == "bold", anchor = a["text-anchor"] or "start",
      content = unescape(content), rotated = a.transform ~= nil}
    if not t.rotated then
      t.box = labels.text_box(t.x, t.y, t.content, t.size, t.anchor, t.bold)
    end
    found.texts[#found.texts + 1] = t
  end
  for tag in svg:gmatch("<circle([^>]*)/>") do
    local a = attributes(tag)
    found.circles[#found.circles + 1] = {tonumber(a.cx), tonumber(a.cy), tonumber(a.r)}
  end
  for tag in svg:gmatch("<line([^>]*)/>") do
    local a = attributes(tag)
    found.lines[#found.lines + 1] = {tonumber(a.x1), tonumber(a.y1), tonumber(a.x2), tonumber(a.y2),
      dash = a["stroke-dasharray"], width = a["stroke-width"]}
  end
  return found
end

local function show_box(t)
  return string.format("'%s' [%.1f %.1f %.1f %.1f]", t.content, t.box[1], t.box[2], t.box[3],
    t.box[4])
end

-- The checks ---------------------------------------------------------------------

-- Every text inside the chart and clear of every other text and of every marker.
local function check_layout(svg, what)
  local c = read_svg(svg)
  local boxes = {}
  for _, t in ipairs(c.texts) do
    if t.box then
      boxes[#boxes + 1] = t
      local b = t.box
      T.truthy(b[1] >= 0 and b[2] >= 0 and b[3] <= c.width and b[4] <= c.height,
        what .. ": inside the chart: " .. show_box(t))
    end
  end
  for i = 1, #boxes do
    for j = i + 1, #boxes do
      T.truthy(not labels.boxes_meet(boxes[i].box, boxes[j].box),
        what .. ": " .. show_box(boxes[i]) .. " and " .. show_box(boxes[j]) .. " overlap")
    end
    for _, p in ipairs(c.circles) do
      T.truthy(not labels.circle_meets_box(p[1], p[2], p[3], boxes[i].box), string.format(
        "%s: %s covers the point at (%s, %s)", what, show_box(boxes[i]), p[1], p[2]))
    end
  end
  return c
end

-- A label more than 8 px from every marker has a leader line ending within 3 px of it.
local function check_leaders(c, texts, what)
  for _, t in ipairs(texts) do
    local near = false
    for _, p in ipairs(c.circles) do
      near = near or labels.circle_meets_box(p[1], p[2], p[3] + 8, t.box)
    end
    if not near then
      local led = false
      local b = t.box
      local reach = {b[1] - 3, b[2] - 3, b[3] + 3, b[4] + 3}
      for _, l in ipairs(c.lines) do
        if l.width == "0.75" and (labels.circle_meets_box(l[1], l[2], 0.01, reach)
            or labels.circle_meets_box(l[3], l[4], 0.01, reach)) then
          led = true
        end
      end
      T.truthy(led, what .. ": " .. show_box(t) .. " is far from every point and has no leader")
    end
  end
end

-- The texts drawn as point labels: INK, not bold titles, not ticks.
local function point_labels(c, names)
  local set, out = {}, {}
  for _, name in ipairs(names) do
    set[name] = true
  end
  for _, t in ipairs(c.texts) do
    if set[t.content] then
      out[#out + 1] = t
    end
  end
  return out
end

local function check_fonts(svg, what)
  local c = read_svg(svg)
  T.truthy(#c.sizes > 1, what .. ": font sizes found")
  for _, size in ipairs(c.sizes) do
    T.truthy(size >= 12, what .. ": font-size " .. size .. " is under 12 px")
  end
  return c
end

-- A fixed pseudo-random sequence (a linear congruential generator, as in C's
-- rand example), so that the crowded charts are the same each run.
local function generator(seed)
  return function()
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  end
end

local function province_names()
  local names = {}
  for _, row in require("chiso.data").load("provinces"):rows() do
    names[#names + 1] = row.province
  end
  return names
end

local function crowded_points(seed, count)
  local rand, names, points = generator(seed), province_names(), {}
  for i = 1, count do
    points[i] = {x = 80 + rand() * 10, y = 40 + rand() * 8, label = names[i]}
  end
  return points, names
end

-- Text widths --------------------------------------------------------------------

-- Widths at 13 px measured in headless Chromium 120 (SVG getComputedTextLength),
-- the larger of DejaVu Sans 2.37 and Liberation Sans 2.1 (Arial's metrics):
--   {text, normal, bold}
-- Recorded by a Python script that writes each text into an SVG <text> with
-- font-size 13 and each family and weight, loads the page with
-- `chromium --headless --no-sandbox --disable-gpu --dump-dom` and reads the
-- lengths back from the DOM.
local MEASURED = {
  {"Hà Nam", 52.2, 57.4},
  {"Quảng Nam", 77.4, 85.4},
  {"Lâm Đồng", 66.5, 73.5},
  {"Bà Rịa - Vũng Tàu", 115.0, 129.2},
  {"TP. Hồ Chí Minh", 100.2, 113.5},
  {"Thừa Thiên Huế", 102.7, 114.8},
  {"Đắk Lắk", 52.5, 58.5},
  {"Khánh Hòa", 71.0, 79.7},
  {"Ninh Thuận", 74.6, 83.8},
  {"Trung bình cả nước: 86,98", 169.3, 190.0},
  {"91,99", 37.2, 41.1},
  {"-5,0", 25.4, 28.4},
  {"ỨỪỬỮỰ Ổ", 70.1, 69.9},
  {"WWWWMMMM", 96.3, 109.1},
  {"Điểm PAR INDEX và SIPAS năm 2024, với đường hồi quy", 363.5, 406.3},
  {"Tăng hạng (11)", 100.0, 111.8},
  {"PAR INDEX: thứ hạng 2023 và 2024", 230.9, 257.1},
  {"Không có số liệu (63)", 137.7, 155.2},
}

T.case("text widths are never under those a browser draws, nor far over", function()
  for _, m in ipairs(MEASURED) do
    local normal, bold = labels.text_width(m[1], 13), labels.text_width(m[1], 13, true)
    T.truthy(normal >= m[2], string.format("'%s': %.1f estimated, %.1f drawn", m[1], normal, m[2]))
    T.truthy(bold >= m[3], string.format("'%s' bold: %.1f estimated, %.1f drawn", m[1], bold, m[3]))
    T.truthy(normal <= m[2] * 1.25 + 4, string.format("'%s': %.1f estimated is too generous for %.1f",
      m[1], normal, m[2]))
  end
  -- The same text decomposed (a letter then its combining marks) is as wide.
  T.eq(labels.text_width("Hà Nam", 13), labels.text_width("Ha\u{300} Nam", 13), "combining mark")
end)

-- Geometry helpers ---------------------------------------------------------------

T.case("geometry: boxes, circles and segments meet as drawn by hand", function()
  T.truthy(labels.boxes_meet({0, 0, 10, 10}, {9, 9, 20, 20}), "corners overlapping")
  T.truthy(not labels.boxes_meet({0, 0, 10, 10}, {10, 0, 20, 10}), "sides touching")
  -- Circle at (0, 0), r 5; the box from (3, 3): its nearest point is at distance √18 ≈ 4.24 < 5.
  T.truthy(labels.circle_meets_box(0, 0, 5, {3, 3, 9, 9}), "near corner")
  -- From (4, 4): √32 ≈ 5.66 > 5.
  T.truthy(not labels.circle_meets_box(0, 0, 5, {4, 4, 9, 9}), "corner out of reach")
  T.truthy(labels.segment_meets_box(0, 5, 20, 5, {8, 0, 12, 10}), "through")
  T.truthy(not labels.segment_meets_box(0, 0, 5, 20, {8, 0, 12, 10}), "beside")
  -- From (0, 0) to (20, 20) passes (8, 8), inside {6, 6, 7, 20}? No: at x = 6..7, y = 6..7, inside.
  T.truthy(labels.segment_meets_box(0, 0, 20, 20, {6, 6, 7, 20}), "diagonal through a corner strip")
  T.truthy(not labels.segment_meets_box(0, 0, 20, 20, {8, 0, 20, 7}), "diagonal above")
end)

-- Scatter ------------------------------------------------------------------------

T.case("scatter of crowded points: every label clear of the others and of every point", function()
  local points = crowded_points(12345, 63)
  local svg = chart.scatter{title = "63 điểm", points = points, label_points = true,
    fit = {slope = 0.3, intercept = 18}, x_label = "X", y_label = "Y"}
  local c = check_layout(svg, "crowded")
  local names = {}
  for i, p in ipairs(points) do
    names[i] = p.label
  end
  local placed = point_labels(c, names)
  -- Most find a place: 63 labels of about 70 × 16 px in a plot of 696 × 378 px.
  T.truthy(#placed >= 45, "at least 45 of 63 labels placed, got " .. #placed)
  check_leaders(c, placed, "crowded")
end)

T.case("scatter of 63 points in a small area, other seeds, default labels", function()
  for _, seed in ipairs{1, 7, 2024} do
    local points = crowded_points(seed, 63)
    local svg = chart.scatter{points = points, width = 720, height = 480, highlight = "Lạng Sơn"}
    local c = check_layout(svg, "seed " .. seed)
    local names = {}
    for i, p in ipairs(points) do
      names[i] = p.label
    end
    check_leaders(c, point_labels(c, names), "seed " .. seed)
    T.truthy(svg:find('font-weight="bold" fill="#1b1b1b">Lạng Sơn<', 1, false) or
      svg:find('fill="#1b1b1b" font-weight="bold">Lạng Sơn<', 1, true), "highlighted label, bold")
  end
end)

T.case("scatter of the bundled data: PAR INDEX against SIPAS and PAPI, every year", function()
  for _, with in ipairs{"sipas", "papi"} do
    for year = 2019, 2024 do
      local what = with .. " " .. year
      local result = assert(correlation.compute{with = with, year = year})
      local svg = correlation.chart(result, "vi")
      local c = check_layout(svg, what)
      local names = {}
      for _, row in result.single.pairs:rows() do
        names[#names + 1] = row.province
      end
      local placed = point_labels(c, names)
      T.truthy(#placed >= math.min(5, #names), what .. ": the furthest from the line and the "
        .. "extremes labelled, got " .. #placed)
      check_leaders(c, placed, what)
      check_fonts(svg, what)
    end
  end
end)

T.case("scatter of the bundled data with every point labelled (PAPI 2023, 34 points)", function()
  local result = assert(correlation.compute{with = "papi", year = 2023})
  local points, names = {}, {}
  for _, row in result.single.pairs:rows() do
    points[#points + 1] = {x = row.x, y = row.y, label = row.province}
    names[#names + 1] = row.province
  end
  local svg = chart.scatter{title = "PAR INDEX, PAPI 2023", points = points, label_points = true,
    fit = {slope = result.single.fit.slope, intercept = result.single.fit.intercept}}
  local c = check_layout(svg, "papi 2023, all")
  local placed = point_labels(c, names)
  T.truthy(#placed >= 30, "at least 30 of 34 labels placed, got " .. #placed)
  check_leaders(c, placed, "papi 2023, all")
end)

T.case("scatter: labels of points on the plot's edges stay inside it", function()
  local points = {}
  for i, xy in ipairs{{0, 0}, {0, 10}, {10, 0}, {10, 10}, {5, 5}} do
    points[i] = {x = xy[1], y = xy[2], label = "Bà Rịa - Vũng Tàu " .. i}
  end
  check_layout(chart.scatter{points = points, label_points = true, width = 400, height = 300},
    "corners")
end)

-- Slope and rank history ----------------------------------------------------

T.case("slope chart of the bundled movers: labels apart, off the points, inside", function()
  local result = assert(movers.compute{index = indices.resolve("par"), year = 2023, top = 5})
  for _, lang in ipairs{"vi", "en"} do
    local svg = movers.chart(result, lang)
    check_layout(svg, "movers " .. lang)
    check_fonts(svg, "movers " .. lang)
  end
end)

T.case("slope chart of 40 items on 10 ranks: moved labels with leaders", function()
  local rand, names, items = generator(99), province_names(), {}
  for i = 1, 40 do
    items[i] = {label = names[i], left = 1 + math.floor(rand() * 10), right = 1 + math.floor(rand() * 10)}
  end
  local svg = chart.slope{title = "Thứ hạng", left = "2022", right = "2023", ranks = true, items = items}
  local c = check_layout(svg, "crowded slope")
  local leaders = 0
  for _, l in ipairs(c.lines) do
    leaders = leaders + (l.width == "0.75" and 1 or 0)
  end
  T.truthy(leaders >= 40, "moved labels have leaders, got " .. leaders)
end)

T.case("rank history of several provinces: line-end labels apart and inside", function()
  local rand, names, series = generator(5), province_names(), {}
  for i = 1, 8 do
    local points = {}
    for year = 2015, 2024 do
      points[#points + 1] = {x = year, y = 1 + math.floor(rand() * 6)}
    end
    series[i] = {label = names[i], points = points}
  end
  series[3].points[10] = {x = 2024}
  local svg = chart.rank_history{title = "Thứ hạng", max_rank = 63, series = series}
  local c = check_layout(svg, "history")
  T.eq(#point_labels(c, {names[1], names[2], names[3], names[4], names[5], names[6], names[7],
    names[8]}), 8, "a label a line")
end)

-- Bars ---------------------------------------------------------------------------

local function shapes(svg)
  local rects = select(2, svg:gsub("<rect ", "")) - 1
  local dots = select(2, svg:gsub("<circle ", ""))
  return rects, dots
end

local function scores(values)
  local items = {}
  for i, v in ipairs(values) do
    items[i] = {label = "Tỉnh " .. i, value = v}
  end
  return items
end

T.case("bars: values in a narrow band as dots, a wide range as bars from zero", function()
  -- 81..92: (92 - 81) / 92 = 0.12 < 0.25, dots.
  local rects, dots = shapes(chart.bars{items = scores{81, 85.5, 92, 88}})
  T.eq({rects, dots}, {0, 4}, "81-92: four dots, no bar")
  -- 10..90: 80 / 90 = 0.89, bars.
  rects, dots = shapes(chart.bars{items = scores{10, 50, 90}})
  T.eq({rects, dots}, {3, 0}, "10-90: three bars")
  -- 75 and 100: 25 / 100 = 0.25, not under a quarter: bars; 76 and 100: 0.24, dots.
  T.eq({shapes(chart.bars{items = scores{75, 100}})}, {2, 0}, "75-100: bars")
  T.eq({shapes(chart.bars{items = scores{76, 100}})}, {0, 2}, "76-100: dots")
  -- Negative, narrow: -92..-81, dots; across zero: bars.
  T.eq({shapes(chart.bars{items = scores{-92, -81}})}, {0, 2}, "-92..-81: dots")
  T.eq({shapes(chart.bars{items = scores{-1, 1}})}, {2, 0}, "-1..1: bars")
  T.eq({shapes(chart.bars{items = scores{85}})}, {1, 0}, "one value: a bar")
  T.eq({shapes(chart.bars{items = scores{81, 92}, dots = false})}, {2, 0}, "dots = false")
  T.eq({shapes(chart.bars{items = scores{10, 90}, dots = true})}, {0, 2}, "dots = true")
end)

T.case("bars: the dot plot's axis does not start at zero and says so", function()
  local svg = chart.bars{items = scores{81, 92}, lang = "en"}
  -- 81..92 in about five parts: a step of 5 (2.2 rounds up to 5), so 80, 85, 90, 95.
  local ticks = {}
  for label in svg:gmatch('font%-size="12" text%-anchor="middle" fill="#555555">([^<]*)<') do
    ticks[#ticks + 1] = label
  end
  T.eq(ticks, {"80", "85", "90", "95"}, "ticks")
  T.truthy(read_svg(svg).desc:find("starts at 80, not at 0", 1, true), "desc: " .. read_svg(svg).desc)
end)

-- The reference line's segments against the value labels' boxes.
local function check_reference(svg, what)
  local c = check_layout(svg, what)
  local segments, values = {}, {}
  for _, l in ipairs(c.lines) do
    if l.dash == "4 3" then
      segments[#segments + 1] = l
    end
  end
  T.truthy(#segments > 0, what .. ": a reference line")
  for _, t in ipairs(c.texts) do
    if t.box and t.size == 13 and t.content:match("^%-?[%d,.]+$") then
      values[#values + 1] = t
      for _, s in ipairs(segments) do
        T.truthy(not labels.segment_meets_box(s[1], s[2], s[3], s[4], t.box),
          what .. ": the reference line crosses " .. show_box(t))
      end
    end
  end
  return segments, values
end

T.case("bars: the reference line never crosses a value label", function()
  -- The line at 48 runs where the labels of 45 and 47 (right of their bars) are.
  local svg = chart.bars{items = scores{10, 45, 90, -5, 47}, format = 1,
    reference = {value = 48, label = "Trung bình"}}
  local segments, values = check_reference(svg, "bars")
  T.eq(#values, 5, "five value labels")
  T.truthy(#segments >= 3, "the line stops at two labels: three pieces, got " .. #segments)
  -- Dots: the line at 86.98 runs through the label of 86.2.
  svg = chart.bars{items = scores{91.99, 86.2, 81.2, 88}, format = 2,
    reference = {value = 86.98, label = "Trung bình cả nước"}}
  segments = check_reference(svg, "dots")
  T.truthy(#segments >= 2, "the line stops at a label")
  -- Nothing in its way: one piece.
  segments = check_reference(chart.bars{items = scores{10, 20}, reference = {value = 50}}, "clear")
  T.eq(#segments, 1, "one piece")
end)

-- Every chart ----------------------------------------------------------------

local function every_chart()
  local points = crowded_points(3, 20)
  return {
    slope = chart.slope{title = "Thứ hạng", left = "2022", right = "2023", ranks = true,
      items = {{label = "Lạng Sơn", left = 54, right = 47}, {label = "Cao Bằng", left = 10, right = 20}}},
    scatter = chart.scatter{title = "Điểm", points = points, x_label = "X", y_label = "Y"},
    bars = chart.bars{title = "Điểm", items = scores{81, 92}, reference = {value = 86, label = "TB"}},
    rank_history = chart.rank_history{title = "Hạng", series = {{label = "Hà Nội",
      points = {{x = 2020, y = 3}, {x = 2021, y = 5}}}}},
    map = chart.map{title = "PAR INDEX", values = {["Hà Nội"] = 1, ["Lạng Sơn"] = 2}},
  }
end

T.case("every chart: text of 12 px or more, titles larger, a title and a desc", function()
  for name, svg in pairs(every_chart()) do
    local c = check_fonts(svg, name)
    T.truthy(c.title and #c.title > 0, name .. ": <title>")
    T.truthy(c.desc and #c.desc > 0, name .. ": <desc>")
    local title_size = svg:match('font%-size="(%d+)" font%-weight="bold"[^>]*>[^<]*</text>')
    T.truthy(tonumber(title_size or 0) >= 16, name .. ": title at " .. tostring(title_size) .. " px")
  end
end)

T.case("every chart: texts apart and inside", function()
  for name, svg in pairs(every_chart()) do
    check_layout(svg, name)
  end
  check_layout(chart.map{title = "PAR INDEX", level = "unit_2025", values = {["Huế"] = 1},
    legend_title = "Điểm PAR INDEX năm 2024 (công bố)"}, "map 2025")
end)

T.case("every chart scales with the page: viewBox, width, height, max-width 100%", function()
  for name, svg in pairs(every_chart()) do
    local c = read_svg(svg)
    T.eq(c.root.viewBox, "0 0 " .. c.root.width .. " " .. c.root.height, name .. ": viewBox")
    T.eq(c.root.style, "max-width:100%;height:auto", name .. ": style")
    T.truthy(c.width >= 400, name .. ": width " .. c.width)
  end
end)

T.case("every chart is inlined by the HTML writer (its SVG allow-list)", function()
  local doc = require("chiso.report").new{title = "T"}
  for _, name in ipairs{"slope", "scatter", "bars", "rank_history", "map"} do
    doc:chart(every_chart()[name])
  end
  local page = doc:render("html")
  T.eq(select(2, page:gsub("<svg ", "")), 5, "five inline charts")
  T.truthy(not page:find("data:image/svg", 1, true), "none as an image")
end)

T.case("a style other than the charts' own makes the SVG an image", function()
  local doc = require("chiso.report").new{title = "T"}
  doc:chart('<svg xmlns="http://www.w3.org/2000/svg" style="max-width:100%;background:red"></svg>')
  T.truthy(doc:render("html"):find("data:image/svg", 1, true), "shown as an image")
end)

T.finish()
