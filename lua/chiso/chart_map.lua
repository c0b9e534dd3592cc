-- chart_map: chiso.chart.map, a choropleth map of Viet Nam's 63 provinces or
-- 34 provincial units of 2025 as one standalone <svg> element, drawn from the
-- bundled boundaries (data/geo, loaded as text in an empty environment).
--
-- Classes are quantiles of the values given or fixed breaks; a province
-- without a value is hatched and counted as missing in the legend, never
-- given a class. chart.lua installs map with its own SVG helpers (make).

local i18n = require "chiso.i18n"
local vn = require "chiso.vn"

local has_chiso, chiso = pcall(require, "chiso")
local null = has_chiso and chiso.null or {}

local chart_map = {}

local INK, MUTED, BORDER = "#1b1b1b", "#555555", "#4d4d4d"
local FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
local HATCH_ID = "chiso-map-missing"
-- ColorBrewer's YlGnBu (sequential) and PuOr (diverging), both marked safe for
-- colour-blind readers; the palette's pale end is for low values.
local SEQUENTIAL = {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8",
  "#253494", "#081d58"}
local DIVERGING = {"#7f3b08", "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb",
  "#b2abd2", "#8073ac", "#542788", "#2d004b"}
local MAX_CLASSES = {sequential = 9, diverging = 11}

local LEVELS = {
  province = {file = "vn_provinces_63.lua", count = 63, noun = "map_provinces"},
  unit_2025 = {file = "vn_provinces_34.lua", count = 34, noun = "map_units_2025"},
}

-- Boundaries ---------------------------------------------------------------

local loaded = {}

-- The features of a level, {code =, name =, rings = {{lon, lat, ...}, ...}}, read once.
local function features(level)
  if loaded[level] then
    return loaded[level]
  end
  local file = LEVELS[level].file
  local path = require("chiso").paths.data .. "/geo/" .. file
  local f, err = io.open(path, "rb")
  if not f then
    error("map: cannot read the boundaries: " .. tostring(err), 0)
  end
  local text = f:read("a")
  f:close()
  -- Data, not code: text only, and nothing in reach but the table it builds.
  local chunk, why = load(text, "=" .. file, "t", {})
  local ok, geo = false, why
  if chunk then
    ok, geo = pcall(chunk)
  end
  if not ok or type(geo) ~= "table" or #(geo.features or {}) ~= LEVELS[level].count then
    error(string.format("map: data/geo/%s is not a list of %d features: %s", file,
      LEVELS[level].count, tostring(ok and "wrong count" or geo)), 0)
  end
  loaded[level] = geo.features
  return geo.features
end

-- Equirectangular: x = longitude × cos(middle latitude), so that a degree
-- is about as long both ways near Viet Nam's middle; north up.
local function projection(feats, height, left, top)
  local lon0, lon1, lat0, lat1 = math.huge, -math.huge, math.huge, -math.huge
  for _, feature in ipairs(feats) do
    for _, ring in ipairs(feature.rings) do
      for i = 1, #ring, 2 do
        lon0, lon1 = math.min(lon0, ring[i]), math.max(lon1, ring[i])
        lat0, lat1 = math.min(lat0, ring[i + 1]), math.max(lat1, ring[i + 1])
      end
    end
  end
  local k = math.cos(math.rad((lat0 + lat1) / 2))
  local s = height / (lat1 - lat0)
  local project = function(lon, lat)
    return left + (lon - lon0) * k * s, top + (lat1 - lat) * s
  end
  return project, (lon1 - lon0) * k * s
end

local function path_data(feature, project, num)
  local parts = {}
  for _, ring in ipairs(feature.rings) do
    local x, y = project(ring[1], ring[2])
    local d = {"M" .. num(x) .. " " .. num(y)}
    for i = 3, #ring - 2, 2 do
      x, y = project(ring[i], ring[i + 1])
      d[#d + 1] = num(x) .. " " .. num(y)
    end
    parts[#parts + 1] = table.concat(d, "L") .. "Z"
  end
  return table.concat(parts)
end

-- Values -------------------------------------------------------------------

-- The code of the feature a name stands for at a level, or an error.
local function feature_code(name, level, fail)
  local canonical, code = vn.find_province(name, "en") -- within a "bad argument" error, English
  if not canonical then
    fail(code)
  end
  if level == "unit_2025" then
    local unit, unit_code = vn.unit_2025(canonical)
    if unit_code ~= code then
      fail(string.format("'%s' is not a provincial unit of 2025: it became part of %s", name, unit))
    end
  end
  return code
end

local function is_number(v)
  return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge
end

-- {code = value} from a table keyed by name or a dataset's two columns.
local function collect(opts, level, fail)
  local pairs_list = {}
  local values = opts.values
  if type(values) == "userdata" then
    local key, column = opts.key or "province", opts.column or "score"
    local ok, err = pcall(function()
      for _, row in values:rows() do
        pairs_list[#pairs_list + 1] = {row[key], row[column]}
      end
    end)
    if not ok then
      fail(string.format("field 'values' must be a dataset with columns '%s' and '%s' (%s)", key,
        column, tostring(err)))
    end
  elseif type(values) == "table" then
    for name, v in pairs(values) do
      pairs_list[#pairs_list + 1] = {name, v}
    end
  else
    fail("field 'values' must be a dataset or a table of values by province name")
  end
  local by_code, name_of = {}, {}
  for _, pair in ipairs(pairs_list) do
    local name, v = pair[1], pair[2]
    if type(name) ~= "string" then
      fail("every key of 'values' must be a province name")
    end
    if v ~= nil and v ~= null and not is_number(v) then
      fail(string.format("the value of '%s' must be a number", name))
    end
    local code = feature_code(name, level, fail)
    if name_of[code] then
      fail(string.format("'%s' and '%s' are the same province", name_of[code], name))
    end
    name_of[code] = name
    by_code[code] = v ~= null and v or nil
  end
  return by_code
end

-- Classes ------------------------------------------------------------------

-- The breaks that cut sorted values into n quantile classes (chiso.stats.quantile's
-- type 7, R's and NumPy's default); a break equal to the one before it or to the
-- smallest value is dropped, so classes can be fewer.
local function quantile_breaks(sorted, n)
  local ps, breaks = {}, {}
  for j = 1, n - 1 do
    ps[j] = j / n
  end
  for _, b in ipairs(#ps > 0 and require("chiso.core").stats.quantile(sorted, ps) or {}) do
    if b > sorted[1] and (#breaks == 0 or b > breaks[#breaks]) then
      breaks[#breaks + 1] = b
    end
  end
  return breaks
end

-- The class of v, from 1: one more than the number of breaks at or below it.
local function class_of(v, breaks)
  local c = 1
  for _, b in ipairs(breaks) do
    if v >= b then
      c = c + 1
    end
  end
  return c
end

local function check_breaks(breaks, fail)
  if type(breaks) ~= "table" or #breaks == 0 then
    fail("field 'breaks' must be a list of increasing numbers")
  end
  for i, b in ipairs(breaks) do
    if not is_number(b) or (i > 1 and b <= breaks[i - 1]) then
      fail("field 'breaks' must be a list of increasing numbers")
    end
  end
end

-- n colours spread evenly over a palette; a sequential one skips its palest
-- colour below nine classes, which would read as the background.
local function colours(palette, n)
  local stops = palette == "diverging" and DIVERGING or SEQUENTIAL
  local first = (palette == "sequential" and n < #stops) and 2 or 1
  local out = {}
  for i = 1, n do
    local at = n == 1 and first or first + (i - 1) * (#stops - first) / (n - 1)
    out[i] = stops[math.floor(at + 0.5)]
  end
  return out
end

-- The legend text of each class: its range, closed below and open above.
-- With whole values and whole breaks a class ends at the whole number
-- below its upper break ("-9 – -1", or "0" alone), which is what it holds.
local function class_labels(breaks, lo, hi, fmt, fixed, whole)
  local labels = {}
  for c = 1, #breaks + 1 do
    local from = breaks[c - 1] or (not fixed and lo or nil)
    local to, open = breaks[c], breaks[c] ~= nil
    if not open and not fixed then
      to = hi
    end
    if whole and open then
      to = to - 1
    end
    if not from then
      labels[c] = (whole and "≤ " or "< ") .. fmt(to)
    elseif not to then
      labels[c] = "≥ " .. fmt(from)
    elseif whole and from == to then
      labels[c] = fmt(from)
    else
      labels[c] = fmt(from) .. " – " .. fmt(to)
    end
  end
  return labels
end

-- Whether every value and every break is a whole number.
local function all_whole(values, breaks)
  for _, list in ipairs{values, breaks} do
    for _, v in ipairs(list) do
      if v ~= math.floor(v) then
        return false
      end
    end
  end
  return true
end

-- Drawing ------------------------------------------------------------------

local function wrap(words, width_of, max_width)
  local lines, current = {}, nil
  for word in words:gmatch("%S+") do
    local try = current and current .. " " .. word or word
    if current and width_of(try) > max_width then
      lines[#lines + 1] = current
      current = word
    else
      current = try
    end
  end
  lines[#lines + 1] = current
  return lines
end

local function hatch_defs()
  return string.format('<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" '
    .. 'patternTransform="rotate(45)"><rect x="0" y="0" width="6" height="6" fill="#ffffff"/>'
    .. '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>',
    HATCH_ID)
end

local function legend(out, h, x, y, title, labels, fills, missing_count, lang)
  if title then
    h.text(out, x, y, title, string.format('font-weight="bold" fill="%s"', INK))
    y = y + 20
  end
  local rows = {}
  for c, label in ipairs(labels) do
    rows[#rows + 1] = {fills[c], label}
  end
  rows[#rows + 1] = {"url(#" .. HATCH_ID .. ")",
    string.format("%s (%d)", i18n.t("map_missing", lang), missing_count)}
  for _, row in ipairs(rows) do
    out[#out + 1] = string.format('<rect x="%s" y="%s" width="18" height="13" fill="%s" '
      .. 'stroke="%s" stroke-width="0.5"/>', h.num(x), h.num(y - 11), row[1], BORDER)
    h.text(out, x + 26, y, row[2], string.format('fill="%s"', INK))
    y = y + 20
  end
end

local function options(opts, h)
  -- Raised without a place: map re-raises it at its caller's line.
  local fail = function(message)
    error(string.format("bad argument #1 to 'map' (%s)", message), 0)
  end
  if type(opts) ~= "table" then
    fail("table expected, got " .. type(opts))
  end
  local lang = i18n.check_lang(opts.lang, 4)
  local level = opts.level or "province"
  if not LEVELS[level] then
    fail(string.format("unknown level '%s' (province or unit_2025)", tostring(level)))
  end
  local palette = opts.palette or "sequential"
  if not MAX_CLASSES[palette] then
    fail(string.format("unknown palette '%s' (sequential or diverging)", tostring(palette)))
  end
  if opts.breaks ~= nil then
    check_breaks(opts.breaks, fail)
    if #opts.breaks + 1 > MAX_CLASSES[palette] then
      fail(string.format("at most %d classes with the %s palette", MAX_CLASSES[palette], palette))
    end
  end
  local own = opts.class_labels
  if own ~= nil and (type(own) ~= "table" or opts.breaks == nil or #own ~= #opts.breaks + 1) then
    fail("field 'class_labels' must be a list of one label a class, with 'breaks'")
  end
  local n = opts.classes or 5
  if math.type(n) ~= "integer" or n < 2 or n > MAX_CLASSES[palette] then
    fail(string.format("field 'classes' must be an integer from 2 to %d", MAX_CLASSES[palette]))
  end
  return lang, level, palette, n, fail
end

-- What the map shows, before any drawing: each feature's value, the breaks,
-- the classes' colours and legend labels, the provinces to outline.
local function classify(opts, h)
  local lang, level, palette, n, fail = options(opts, h)
  local by_code = collect(opts, level, fail)
  local m = {lang = lang, level = level, by_code = by_code, feats = features(level), present = {},
    fixed = opts.breaks ~= nil, highlight = {}}
  for _, feature in ipairs(m.feats) do
    m.present[#m.present + 1] = by_code[feature.code]
  end
  table.sort(m.present)
  local present = m.present
  m.breaks = m.fixed and opts.breaks or (#present > 0 and quantile_breaks(present, n) or {})
  m.fills = #present > 0 and colours(palette, #m.breaks + 1) or {}
  local whole = all_whole(present, m.breaks)
  m.fmt = h.formatter(opts.format or (whole and 0 or 1), lang, "map")
  m.labels = #present > 0 and (opts.class_labels or class_labels(m.breaks, present[1],
    present[#present], m.fmt, m.fixed, whole)) or {}
  -- 2.5 px round the highlighted, 1.2 px round those outlined (a region, say).
  for width, field in pairs{[2.5] = "highlight", [1.2] = "outline"} do
    local names = opts[field]
    for _, name in ipairs(type(names) == "table" and names or {names}) do
      local code = feature_code(name, level, fail)
      m.highlight[code] = math.max(m.highlight[code] or 0, width)
    end
  end
  return m
end

-- The opening of the SVG: size, <title>, <desc>, the hatching, the background.
local function svg_head(m, opts, h, width, height)
  local title = opts.title or i18n.t("chart", m.lang)
  local method = i18n.t(m.fixed and "map_method_breaks" or "map_method_quantile", m.lang)
  local desc = i18n.t("map_desc", m.lang, #m.feats, i18n.t(LEVELS[m.level].noun, m.lang),
    #m.present, #m.feats - #m.present, #m.breaks + 1, method)
  local out = {
    string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%s" '
      .. 'viewBox="0 0 %d %s" style="%s" font-family="%s" font-size="12" role="img">', width,
      h.num(height), width, h.num(height), h.style, FONT),
    "<title>" .. h.xml(title) .. "</title>",
    "<desc>" .. h.xml(desc) .. "</desc>",
    hatch_defs(),
    string.format('<rect x="0" y="0" width="%d" height="%s" fill="#ffffff"/>', width,
      h.num(height)),
  }
  if opts.title then
    h.text(out, 16, 30, opts.title, string.format('font-size="%d" font-weight="bold" fill="%s"',
      h.title_size, INK))
  end
  return out
end

-- Every feature filled with its class's colour or hatched, then the outlines of those highlighted.
local function features_svg(out, m, h, project)
  out[#out + 1] = string.format('<g stroke="%s" stroke-width="0.4" stroke-linejoin="round">',
    BORDER)
  for _, feature in ipairs(m.feats) do
    local v = m.by_code[feature.code]
    local fill = v and m.fills[class_of(v, m.breaks)] or "url(#" .. HATCH_ID .. ")"
    out[#out + 1] = string.format('<path d="%s" fill="%s" fill-rule="evenodd"><title>%s: %s'
      .. '</title></path>', path_data(feature, project, h.num), fill, h.xml(feature.name),
      h.xml(v and m.fmt(v) or i18n.t("map_missing", m.lang)))
  end
  out[#out + 1] = "</g>"
  -- Thin outlines first, so that a thick one is drawn over its neighbours'.
  for _, width in ipairs{1.2, 2.5} do
    for _, feature in ipairs(m.feats) do
      if m.highlight[feature.code] == width then
        out[#out + 1] = string.format('<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>',
          path_data(feature, project, h.num), INK, h.num(width))
      end
    end
  end
end

local function draw(opts, h)
  local m = classify(opts, h)
  local map_h = opts.height or 640
  local top = opts.title and 52 or 16
  local project, map_w = projection(m.feats, map_h, 16, top)
  -- As wide as the map, or as its title or its legend when they reach further.
  local legend_x, legend_y = project(109.8, 23.2)
  local legend_w = opts.legend_title and h.text_width(opts.legend_title, 12, true) or 0
  for _, label in ipairs(m.labels) do
    legend_w = math.max(legend_w, 26 + h.text_width(label, 12))
  end
  local width = math.floor(math.max(16 + map_w + 16, opts.title and
    h.text_width(opts.title, h.title_size, true) + 32 or 0, legend_x + legend_w + 16) + 0.5)
  local attribution = wrap(i18n.t("map_attribution", m.lang), h.text_width, width - 32)
  local height = top + map_h + 16 + #attribution * 16 + 8
  local out = svg_head(m, opts, h, width, height)
  features_svg(out, m, h, project)
  local label_attrs = string.format('text-anchor="end" font-style="italic" fill="%s"', MUTED)
  local x, y = project(115, 17.3)
  h.text(out, x, y, i18n.t("map_hoang_sa", m.lang), label_attrs)
  x, y = project(115, 11.4)
  h.text(out, x, y, i18n.t("map_truong_sa", m.lang), label_attrs)
  legend(out, h, legend_x, legend_y + 4, opts.legend_title, m.labels, m.fills,
    #m.feats - #m.present, m.lang)
  for i, line in ipairs(attribution) do
    h.text(out, 16, top + map_h + 16 + (i - 1) * 16, line, string.format('fill="%s"', MUTED))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

function chart_map.make(h)
  return function(opts)
    local ok, svg = pcall(draw, opts, h)
    if not ok then
      error(svg, 2)
    end
    return svg
  end
end

return chart_map
