-- chart: SVG charts for reports (slope, scatter, horizontal bars, rank
-- history, and the map of lua/chiso/chart_map.lua), each returned as the text of one standalone <svg> element.
--
-- The output is deterministic and self-contained: no scripts, no external
-- fonts or images, coordinates with at most two decimals, every label
-- XML-escaped, and no blank line inside (so Markdown keeps it as one HTML block).

local i18n = require "chiso.i18n"

local has_chiso, chiso = pcall(require, "chiso")
local null = has_chiso and chiso.null or {}

local chart = {}

local FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
local FONT_SIZE = 12
local TITLE_SIZE = 16
local INK, MUTED, GRID, AXIS = "#1b1b1b", "#555555", "#e4e4e4", "#8a8a8a"
local RISE, FALL, SAME = "#2166ac", "#d6604d", "#8c8c8c"
local BAR, BAR_MUTED, BAR_HIGHLIGHT = "#3a7dbf", "#a9c4de", "#d6604d"
-- Okabe and Ito's colours (without the yellow, too pale on white), then more.
local PALETTE = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
  "#999933", "#882255", "#44aa99"}

-- Text and numbers ---------------------------------------------------------

-- A coordinate with at most two decimals and no trailing zeros.
local function num(x)
  local text = string.format("%.2f", x):gsub("0+$", ""):gsub("%.$", "")
  if text == "-0" then
    return "0"
  end
  return text
end

local xml_escapes = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;"}

-- Text for XML content or a double-quoted attribute: valid UTF-8, no control
-- characters XML forbids, markup characters escaped.
local function xml(text)
  text = i18n.clean(tostring(text)):gsub("[%z\1-\8\11\12\14-\31]", "")
  return (text:gsub('[&<>"]', xml_escapes))
end

-- Estimated width in pixels of a label, from its display width; generous,
-- so that labels do not collide in the wider fonts (DejaVu Sans).
local function text_width(text, size)
  return i18n.width(text) * (size or FONT_SIZE) * 0.6
end

-- A function that turns a value into its label: a pattern for
-- string.format, a function(value, lang), a number of decimals, or nil for
-- the shortest form in the chart's language.
local function formatter(format, lang, fname)
  if format == nil or math.type(format) == "integer" then
    return function(v)
      return i18n.number(v, format, lang)
    end
  elseif type(format) == "string" then
    return function(v)
      return string.format(format, v)
    end
  elseif type(format) == "function" then
    return function(v)
      return tostring(format(v, lang))
    end
  end
  error(string.format("bad argument #1 to '%s' (field 'format' must be a pattern, a function "
    .. "or a number of decimals)", fname), 3)
end

local function is_number(v)
  return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge
end

-- Options ------------------------------------------------------------------

local function opt_error(fname, message)
  error(string.format("bad argument #1 to '%s' (%s)", fname, message), 3)
end

local function check_opts(opts, fname, list_field)
  if type(opts) ~= "table" then
    opt_error(fname, "table expected, got " .. type(opts))
  end
  if opts.title ~= nil and type(opts.title) ~= "string" then
    opt_error(fname, "field 'title' must be a string")
  end
  if type(opts[list_field]) ~= "table" then
    opt_error(fname, string.format("field '%s' must be a list", list_field))
  end
  return i18n.check_lang(opts.lang, 3)
end

-- Scales and ticks ---------------------------------------------------------

local function linear(d0, d1, r0, r1)
  local span = d1 - d0
  return function(v)
    return r0 + (v - d0) / span * (r1 - r0)
  end
end

-- A step of 1, 2 or 5 times a power of ten that cuts span into about count parts.
local function nice_step(span, count)
  local raw = span / count
  local magnitude = 10 ^ math.floor(math.log(raw, 10))
  local f = raw / magnitude
  local step = f <= 1 and 1 or f <= 2 and 2 or f <= 5 and 5 or 10
  return step * magnitude
end

-- Ticks covering [lo, hi] at a nice step: the ticks, the decimals their
-- labels need, and the rounded-out domain.
local function nice_ticks(lo, hi, count)
  if lo == hi then
    local pad = lo == 0 and 1 or math.abs(lo) * 0.1
    lo, hi = lo - pad, hi + pad
  end
  local step = nice_step(hi - lo, count or 5)
  local decimals = math.max(0, -math.floor(math.log(step, 10) + 1e-9))
  local first = math.floor(lo / step + 1e-9)
  local last = math.ceil(hi / step - 1e-9)
  local ticks = {}
  for k = first, last do
    ticks[#ticks + 1] = tonumber(string.format("%." .. decimals .. "f", k * step))
  end
  return ticks, decimals, ticks[1], ticks[#ticks]
end

-- SVG pieces ---------------------------------------------------------------

local function svg_open(width, height, title)
  return {
    string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" '
      .. 'viewBox="0 0 %s %s" font-family="%s" font-size="%d" role="img">',
      num(width), num(height), num(width), num(height), FONT, FONT_SIZE),
    "<title>" .. xml(title) .. "</title>",
    string.format('<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>', num(width),
      num(height)),
  }
end

local function svg_close(out)
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

-- attrs: a string of extra attributes, already escaped.
local function text(out, x, y, label, attrs)
  out[#out + 1] = string.format('<text x="%s" y="%s"%s>%s</text>', num(x), num(y),
    attrs and " " .. attrs or "", xml(label))
end

local function line(out, x1, y1, x2, y2, stroke, attrs)
  out[#out + 1] = string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>',
    num(x1), num(y1), num(x2), num(y2), stroke, attrs and " " .. attrs or "")
end

local function circle(out, x, y, r, fill, attrs)
  out[#out + 1] = string.format('<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>', num(x), num(y),
    num(r), fill, attrs and " " .. attrs or "")
end

local function title_text(out, title)
  if title then
    text(out, 16, 26, title, string.format('font-size="%d" font-weight="bold" fill="%s"',
      TITLE_SIZE, INK))
  end
end

-- Spreads label positions (sorted by wanted position) at least gap apart
-- within [lo, hi], moving each as little as the others allow.
local function spread(wanted, gap, lo, hi)
  local placed = {}
  for i, y in ipairs(wanted) do
    placed[i] = math.max(y, lo, i > 1 and placed[i - 1] + gap or lo)
  end
  for i = #placed, 1, -1 do
    local limit = i < #placed and placed[i + 1] - gap or hi
    placed[i] = math.min(placed[i], limit)
  end
  return placed
end

-- Slope chart --------------------------------------------------------------

local function slope_items(opts)
  local items = {}
  for i, item in ipairs(opts.items) do
    if type(item) ~= "table" or type(item.label) ~= "string" then
      opt_error("slope", string.format("item %d needs a string 'label'", i))
    end
    for _, side in ipairs{"left", "right"} do
      local v = item[side]
      if v ~= nil and v ~= null and not is_number(v) then
        opt_error("slope", string.format("item %d: '%s' must be a number", i, side))
      end
    end
    items[i] = {label = item.label, left = is_number(item.left) and item.left or nil,
      right = is_number(item.right) and item.right or nil}
  end
  return items
end

-- The y scale of a slope chart: rank 1 at the top, or larger values higher.
local function slope_scale(items, opts, top, bottom)
  local lo, hi = math.huge, -math.huge
  for _, item in ipairs(items) do
    for _, v in ipairs{item.left or item.right, item.right or item.left} do
      if v then
        lo, hi = math.min(lo, v), math.max(hi, v)
      end
    end
  end
  if lo > hi then
    lo, hi = 0, 1
  end
  if opts.ranks then
    return linear(math.min(1, lo), math.max(opts.max_rank or hi, hi, 2), top, bottom)
  elseif lo == hi then
    lo, hi = lo - 1, hi + 1
  end
  return linear(lo, hi, bottom, top)
end

-- Labels of one side of a slope chart, spread so that they do not overlap.
local function slope_side(out, items, side, x, y, fmt, anchor_end)
  local order = {}
  for i, item in ipairs(items) do
    if item[side] then
      order[#order + 1] = i
    end
  end
  table.sort(order, function(a, b)
    local ya, yb = y(items[a][side]), y(items[b][side])
    if ya ~= yb then
      return ya < yb
    end
    return a < b
  end)
  local wanted = {}
  for k, i in ipairs(order) do
    wanted[k] = y(items[i][side])
  end
  local placed = spread(wanted, 15, y.top, y.bottom)
  local dx = anchor_end and -1 or 1
  for k, i in ipairs(order) do
    local item = items[i]
    if math.abs(placed[k] - wanted[k]) > 1 then
      line(out, x + 5 * dx, wanted[k], x + 9 * dx, placed[k], AXIS, 'stroke-width="0.75"')
    end
    local value = fmt(item[side])
    local label = anchor_end and item.label .. "  " .. value or value .. "  " .. item.label
    text(out, x + 11 * dx, placed[k] + 4, label,
      string.format('text-anchor="%s" fill="%s"', anchor_end and "end" or "start", INK))
  end
end

local function slope_direction(item, ranks)
  if not (item.left and item.right) or item.left == item.right then
    return "same"
  end
  local up = item.right > item.left
  if ranks then
    up = not up
  end
  return up and "up" or "down"
end

local function slope_legend(out, items, opts, lang, x, y)
  local counts = {up = 0, down = 0, same = 0}
  for _, item in ipairs(items) do
    local d = slope_direction(item, opts.ranks)
    counts[d] = counts[d] + 1
  end
  local entries = {
    {RISE, i18n.t(opts.ranks and "rank_up" or "value_up", lang), counts.up},
    {FALL, i18n.t(opts.ranks and "rank_down" or "value_down", lang), counts.down},
    {SAME, i18n.t("unchanged", lang), counts.same},
  }
  for _, entry in ipairs(entries) do
    line(out, x, y - 4, x + 18, y - 4, entry[1], 'stroke-width="2.5"')
    local label = string.format("%s (%d)", entry[2], entry[3])
    text(out, x + 24, y, label, string.format('fill="%s"', INK))
    x = x + 24 + text_width(label) + 20
  end
end

function chart.slope(opts)
  local lang = check_opts(opts, "slope", "items")
  local items = slope_items(opts)
  local fmt = formatter(opts.format, lang, "slope")
  local left_w, right_w = 40, 40
  for _, item in ipairs(items) do
    if item.left then
      left_w = math.max(left_w, text_width(item.label .. "  " .. fmt(item.left)))
    end
    if item.right then
      right_w = math.max(right_w, text_width(fmt(item.right) .. "  " .. item.label))
    end
  end
  local x_left = 16 + left_w + 12
  local x_right = x_left + (opts.slope_width or 220)
  local width = math.max(x_right + 12 + right_w + 16, 360)
  local top = (opts.title and 48 or 16) + 24
  -- Room for every label 17 px apart; with many ranks to show, up to 12 px
  -- a rank, so that labels seldom move far from their points.
  local span = 0
  if opts.ranks then
    span = opts.max_rank or 0
    for _, item in ipairs(items) do
      span = math.max(span, item.left or 0, item.right or 0)
    end
  end
  local crowd = (#items - 1) * 17
  local bottom = top + math.max(200, crowd, math.min((span - 1) * 12, crowd * 2.5))
  local height = bottom + 52
  local scale = slope_scale(items, opts, top, bottom)
  local y = setmetatable({top = top, bottom = bottom}, {__call = function(_, v) return scale(v) end})

  local out = svg_open(width, height, opts.title or i18n.t("chart", lang))
  title_text(out, opts.title)
  for _, column in ipairs{{x_left, opts.left}, {x_right, opts.right}} do
    line(out, column[1], top - 8, column[1], bottom + 8, GRID)
    if column[2] ~= nil then
      text(out, column[1], top - 14, tostring(column[2]),
        string.format('text-anchor="middle" font-weight="bold" fill="%s"', INK))
    end
  end
  local colours = {up = RISE, down = FALL, same = SAME}
  for _, item in ipairs(items) do
    local colour = colours[slope_direction(item, opts.ranks)]
    if item.left and item.right then
      line(out, x_left, y(item.left), x_right, y(item.right), colour, 'stroke-width="2"')
    end
    if item.left then
      circle(out, x_left, y(item.left), 3.5, colour)
    end
    if item.right then
      circle(out, x_right, y(item.right), 3.5, colour)
    end
  end
  slope_side(out, items, "left", x_left, y, fmt, true)
  slope_side(out, items, "right", x_right, y, fmt, false)
  slope_legend(out, items, opts, lang, 16, height - 16)
  return svg_close(out)
end

-- Axes ---------------------------------------------------------------------

-- Grid lines and tick labels of a numeric axis; horizontal is the x axis.
local function axis(out, ticks, decimals, scale, from, to, horizontal, lang)
  for _, t in ipairs(ticks) do
    local p = scale(t)
    local label = i18n.number(t, decimals, lang)
    if horizontal then
      line(out, p, from, p, to, GRID)
      text(out, p, to + 16, label, string.format('text-anchor="middle" fill="%s"', MUTED))
    else
      line(out, from, p, to, p, GRID)
      text(out, from - 6, p + 4, label, string.format('text-anchor="end" fill="%s"', MUTED))
    end
  end
end

-- Scatter plot -------------------------------------------------------------

local function scatter_points(opts)
  local points = {}
  for i, p in ipairs(opts.points) do
    if type(p) ~= "table" then
      opt_error("scatter", string.format("point %d is a %s, not a table", i, type(p)))
    end
    if p.label ~= nil and type(p.label) ~= "string" then
      opt_error("scatter", string.format("point %d: 'label' must be a string", i))
    end
    if is_number(p.x) and is_number(p.y) then
      points[#points + 1] = p
    end
  end
  return points
end

-- The part of the fitted line over [x0, x1] that lies within [y_lo, y_hi].
local function clip_fit(fit, x0, x1, y_lo, y_hi)
  local y0, y1 = fit.intercept + fit.slope * x0, fit.intercept + fit.slope * x1
  local t0, t1 = 0, 1
  if y0 == y1 then
    if y0 < y_lo or y0 > y_hi then
      return nil
    end
  else
    local ta, tb = (y_lo - y0) / (y1 - y0), (y_hi - y0) / (y1 - y0)
    t0, t1 = math.max(0, math.min(ta, tb)), math.min(1, math.max(ta, tb))
    if t0 > t1 then
      return nil
    end
  end
  local dx, dy = x1 - x0, y1 - y0
  return x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy
end

local function wanted_labels(label_points)
  if label_points == true then
    return setmetatable({}, {__index = function() return true end})
  end
  local set = {}
  for _, label in ipairs(label_points or {}) do
    set[label] = true
  end
  return set
end

local function data_range(points, key)
  local lo, hi = math.huge, -math.huge
  for _, p in ipairs(points) do
    lo, hi = math.min(lo, p[key]), math.max(hi, p[key])
  end
  if lo > hi then
    return 0, 1
  end
  return lo, hi
end

function chart.scatter(opts)
  local lang = check_opts(opts, "scatter", "points")
  local points = scatter_points(opts)
  local fit = opts.fit
  if fit ~= nil and not (type(fit) == "table" and is_number(fit.slope)
      and is_number(fit.intercept)) then
    opt_error("scatter", "field 'fit' must be {slope = number, intercept = number}")
  end
  local width, height = opts.width or 640, opts.height or 440
  local top = (opts.title and 44 or 16) + (opts.annotation and 22 or 0) + 8
  local left, right, bottom = 72, width - 24, height - 56
  local x_lo, x_hi = data_range(points, "x")
  local y_lo, y_hi = data_range(points, "y")
  local x_ticks, x_dec, x_min, x_max = nice_ticks(x_lo, x_hi)
  local y_ticks, y_dec, y_min, y_max = nice_ticks(y_lo, y_hi)
  local sx, sy = linear(x_min, x_max, left, right), linear(y_min, y_max, bottom, top)

  local out = svg_open(width, height, opts.title or i18n.t("chart", lang))
  title_text(out, opts.title)
  if opts.annotation then
    text(out, 16, (opts.title and 44 or 16) + 12, opts.annotation, string.format('fill="%s"', MUTED))
  end
  axis(out, x_ticks, x_dec, sx, top, bottom, true, lang)
  axis(out, y_ticks, y_dec, sy, left, right, false, lang)
  line(out, left, bottom, right, bottom, AXIS)
  line(out, left, top, left, bottom, AXIS)
  if opts.x_label then
    text(out, (left + right) / 2, height - 14, opts.x_label,
      string.format('text-anchor="middle" fill="%s"', INK))
  end
  if opts.y_label then
    out[#out + 1] = string.format('<text transform="translate(18 %s) rotate(-90)" '
      .. 'text-anchor="middle" fill="%s">%s</text>', num((top + bottom) / 2), INK, xml(opts.y_label))
  end
  if fit and #points > 0 then
    local ax, ay, bx, by = clip_fit(fit, x_lo, x_hi, y_min, y_max)
    if ax then
      line(out, sx(ax), sy(ay), sx(bx), sy(by), INK, 'stroke-width="1.5" stroke-dasharray="6 4"')
    end
  end
  local labelled = wanted_labels(opts.label_points)
  for _, p in ipairs(points) do
    local marked = p.label and labelled[p.label]
    circle(out, sx(p.x), sy(p.y), 4, marked and FALL or BAR,
      'fill-opacity="0.8" stroke="#ffffff" stroke-width="0.75"')
  end
  for _, p in ipairs(points) do
    if p.label and labelled[p.label] then
      local x, y = sx(p.x), sy(p.y)
      local fits = x + 7 + text_width(p.label, 11) <= width - 4
      text(out, fits and x + 7 or x - 7, y - 6, p.label, string.format(
        'font-size="11" text-anchor="%s" fill="%s"', fits and "start" or "end", INK))
    end
  end
  return svg_close(out)
end

-- Horizontal bars ----------------------------------------------------------

local function bar_items(opts)
  local items = {}
  for i, item in ipairs(opts.items) do
    if type(item) ~= "table" or type(item.label) ~= "string" then
      opt_error("bars", string.format("item %d needs a string 'label'", i))
    end
    local v = item.value
    if v ~= nil and v ~= null and not is_number(v) then
      opt_error("bars", string.format("item %d: 'value' must be a number", i))
    end
    items[i] = {label = item.label, value = is_number(v) and v or nil}
  end
  return items
end

local function highlighted(highlight)
  local set = {}
  if type(highlight) == "string" then
    set[highlight] = true
  elseif type(highlight) == "table" then
    for _, label in ipairs(highlight) do
      set[label] = true
    end
  end
  return set, next(set) ~= nil
end

local function bar_reference(out, ref, sx, fmt, top, bottom, width)
  local x = sx(ref.value)
  line(out, x, top - 6, x, bottom, INK, 'stroke-width="1.25" stroke-dasharray="4 3"')
  local label = (ref.label and ref.label .. ": " or "") .. fmt(ref.value)
  local w = text_width(label)
  local anchor = x + w / 2 > width - 8 and "end" or x - w / 2 < 8 and "start" or "middle"
  text(out, x, top - 10, label, string.format('text-anchor="%s" fill="%s"', anchor, INK))
end

-- The values' range, with zero (bars start there) and the reference line.
local function bar_range(items, ref)
  local lo, hi = 0, 0
  for _, item in ipairs(items) do
    if item.value then
      lo, hi = math.min(lo, item.value), math.max(hi, item.value)
    end
  end
  if ref then
    lo, hi = math.min(lo, ref.value), math.max(hi, ref.value)
  end
  return lo, hi
end

-- One bar with its label and value, in the row whose top is y.
local function bar_row(out, item, y, row, left, sx, fmt, fill, bold)
  local weight = bold and ' font-weight="bold"' or ""
  local baseline = y + row / 2 + 4
  text(out, left - 8, baseline, item.label, string.format('text-anchor="end" fill="%s"%s', INK,
    weight))
  if not item.value then
    text(out, sx(0) + 4, baseline, "—", string.format('fill="%s"', MUTED))
    return
  end
  local x0, x1 = sx(0), sx(item.value)
  out[#out + 1] = string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>',
    num(math.min(x0, x1)), num(y + 4), num(math.abs(x1 - x0)), num(row - 8), fill)
  local shown = fmt(item.value)
  -- A negative bar's value goes left of its end, unless that would run into the labels:
  -- then it goes right of the zero line.
  local after = item.value >= 0 or x1 - 4 - text_width(shown) < left
  local x = item.value >= 0 and x1 + 4 or after and x0 + 4 or x1 - 4
  text(out, x, baseline, shown, string.format('text-anchor="%s" fill="%s"%s',
    after and "start" or "end", INK, weight))
end

function chart.bars(opts)
  local lang = check_opts(opts, "bars", "items")
  local items = bar_items(opts)
  local fmt = formatter(opts.format, lang, "bars")
  local ref = opts.reference
  if ref ~= nil and not (type(ref) == "table" and is_number(ref.value)) then
    opt_error("bars", "field 'reference' must be {value = number, label = text}")
  end
  local marked, any_marked = highlighted(opts.highlight)
  local width = opts.width or 640
  local label_w = 0
  for _, item in ipairs(items) do
    label_w = math.max(label_w, text_width(item.label))
  end
  local left = 16 + label_w + 10
  local right = math.max(width - 64, left + 120)
  width = right + 64
  local top = (opts.title and 44 or 12) + (ref and 20 or 0) + 6
  local row = 24
  local bottom = top + math.max(1, #items) * row
  local height = bottom + 40

  local ticks, decimals, x_min, x_max = nice_ticks(bar_range(items, ref))
  local sx = linear(x_min, x_max, left, right)

  local out = svg_open(width, height, opts.title or i18n.t("chart", lang))
  title_text(out, opts.title)
  axis(out, ticks, decimals, sx, top, bottom, true, lang)
  for i, item in ipairs(items) do
    local is_marked = marked[item.label] or false
    local fill = is_marked and BAR_HIGHLIGHT or any_marked and BAR_MUTED or BAR
    bar_row(out, item, top + (i - 1) * row, row, left, sx, fmt, fill, is_marked)
  end
  line(out, sx(0), top, sx(0), bottom, AXIS)
  if ref then
    bar_reference(out, ref, sx, fmt, top, bottom, width)
  end
  return svg_close(out)
end

-- Rank history -------------------------------------------------------------

local function history_series(opts)
  local series, first, last = {}, math.huge, -math.huge
  local max_rank = 1
  for i, s in ipairs(opts.series) do
    if type(s) ~= "table" or type(s.label) ~= "string" or type(s.points) ~= "table" then
      opt_error("rank_history", string.format("series %d needs a string 'label' and a list "
        .. "'points'", i))
    end
    local by_year = {}
    for k, p in ipairs(s.points) do
      if type(p) ~= "table" or math.type(p.x) ~= "integer" then
        opt_error("rank_history", string.format("series %d, point %d: 'x' must be an integer "
          .. "(a year)", i, k))
      end
      first, last = math.min(first, p.x), math.max(last, p.x)
      if is_number(p.y) then
        by_year[p.x] = p.y
        max_rank = math.max(max_rank, p.y)
      end
    end
    series[i] = {label = s.label, by_year = by_year}
  end
  local years = {}
  for year = math.tointeger(first) or 1, math.tointeger(last) or 0 do
    years[#years + 1] = year
  end
  return series, years, max_rank
end

-- Runs of consecutive years in which a series has a rank: a year without
-- one breaks the line.
local function runs(by_year, years)
  local all, current = {}, nil
  for _, year in ipairs(years) do
    if by_year[year] then
      current = current or {}
      current[#current + 1] = year
    elseif current then
      all[#all + 1] = current
      current = nil
    end
  end
  all[#all + 1] = current
  return all
end

local function rank_ticks(max_rank)
  if max_rank <= 1 then
    return {1}
  end
  local step = math.max(1, math.floor(nice_step(max_rank - 1, 7) + 0.5))
  local ticks = {1}
  for t = step, max_rank, step do
    if t > 1 and max_rank - t >= step / 2 then
      ticks[#ticks + 1] = t
    end
  end
  if ticks[#ticks] ~= max_rank then
    ticks[#ticks + 1] = max_rank
  end
  return ticks
end

-- Every year, or every 2nd, 5th, 10th... when the labels would touch.
local function year_ticks(years, pixels)
  local first, last = years[1], years[#years]
  local fitting = math.max(1, math.floor(pixels / 40))
  local step
  for _, s in ipairs{1, 2, 5, 10, 20, 50, 100} do
    step = s
    if (last - first) / step <= fitting then
      break
    end
  end
  local ticks = {}
  for y = first, last, step do
    ticks[#ticks + 1] = y
  end
  return ticks
end

local function history_legend(out, series, x, top)
  for i, s in ipairs(series) do
    local colour = PALETTE[(i - 1) % #PALETTE + 1]
    local y = top + (i - 1) * 20
    line(out, x, y, x + 20, y, colour, 'stroke-width="2.5"')
    circle(out, x + 10, y, 3, colour)
    text(out, x + 28, y + 4, s.label, string.format('fill="%s"', INK))
  end
end

function chart.rank_history(opts)
  local lang = check_opts(opts, "rank_history", "series")
  local series, years, data_max = history_series(opts)
  local max_rank = opts.max_rank or data_max
  if math.type(max_rank) ~= "integer" or max_rank < data_max then
    opt_error("rank_history", "field 'max_rank' must be an integer no smaller than every rank")
  end
  local legend_w = 0
  for _, s in ipairs(series) do
    legend_w = math.max(legend_w, 28 + text_width(s.label))
  end
  local width = opts.width or math.max(640, 560 + legend_w)
  local height = opts.height or math.max(380, 120 + #series * 20)
  local top = (opts.title and 48 or 20)
  local left, right, bottom = 64, width - legend_w - 40, height - 40
  local y_of = linear(1, math.max(max_rank, 2), top, bottom)
  local first, last = years[1] or 0, years[#years] or 1
  local x_of = first == last and function() return (left + right) / 2 end
    or linear(first, last, left + 12, right - 12)

  local out = svg_open(width, height, opts.title or i18n.t("rank", lang))
  title_text(out, opts.title)
  for _, t in ipairs(rank_ticks(max_rank)) do
    line(out, left, y_of(t), right, y_of(t), GRID)
    text(out, left - 8, y_of(t) + 4, tostring(t), string.format('text-anchor="end" fill="%s"', MUTED))
  end
  if #years > 0 then
    for _, year in ipairs(year_ticks(years, right - left)) do
      text(out, x_of(year), bottom + 20, tostring(year),
        string.format('text-anchor="middle" fill="%s"', MUTED))
    end
  end
  out[#out + 1] = string.format('<text transform="translate(20 %s) rotate(-90)" '
    .. 'text-anchor="middle" fill="%s">%s</text>', num((top + bottom) / 2), INK,
    xml(opts.y_label or i18n.t("rank", lang)))
  for i, s in ipairs(series) do
    local colour = PALETTE[(i - 1) % #PALETTE + 1]
    for _, run in ipairs(runs(s.by_year, years)) do
      if #run > 1 then
        local coords = {}
        for k, year in ipairs(run) do
          coords[k] = num(x_of(year)) .. "," .. num(y_of(s.by_year[year]))
        end
        out[#out + 1] = string.format('<polyline points="%s" fill="none" stroke="%s" '
          .. 'stroke-width="2" stroke-linejoin="round"/>', table.concat(coords, " "), colour)
      end
      for _, year in ipairs(run) do
        circle(out, x_of(year), y_of(s.by_year[year]), 3, colour)
      end
    end
  end
  history_legend(out, series, right + 24, top + 4)
  return svg_close(out)
end

-- Map ----------------------------------------------------------------------

chart.map = require("chiso.chart_map").make{num = num, xml = xml, text = text,
  text_width = text_width, formatter = formatter, opt_error = opt_error}

return chart
