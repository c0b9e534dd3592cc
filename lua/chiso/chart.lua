-- chart: SVG charts for reports (slope, scatter, horizontal bars or dots,
-- rank history, and the map of lua/chiso/chart_map.lua), each returned as the
-- text of one standalone <svg> element.
--
-- The output is deterministic and self-contained: no scripts, no external
-- fonts or images, coordinates with at most two decimals, every label
-- XML-escaped, and no blank line inside (so Markdown keeps it as one HTML block).
-- Labels are placed by lua/chiso/chart_labels.lua so that none covers another
-- or a point.

local i18n = require "chiso.i18n"
local labels = require "chiso.chart_labels"
local S = require "chiso.chart_svg"

local FONT_SIZE, LINE, INK, MUTED, GRID, AXIS = S.FONT_SIZE, S.LINE, S.INK, S.MUTED, S.GRID, S.AXIS
local num, xml, text, line, circle, leader = S.num, S.xml, S.text, S.line, S.circle, S.leader
local text_width, formatter, is_number, opt_error = S.text_width, S.formatter, S.is_number, S.opt_error
local check_opts, highlighted, linear, nice_ticks = S.check_opts, S.highlighted, S.linear, S.nice_ticks
local svg_open, svg_close, title_text, title_room = S.svg_open, S.svg_close, S.title_text, S.title_room
local axis, null = S.axis, S.null
local RISE, FALL, SAME, BLUE, VERMILLION = S.RISE, S.FALL, S.SAME, S.BLUE, S.VERMILLION
local BAR, BAR_MUTED, BAR_HIGHLIGHT, TITLE_X = S.BAR, S.BAR_MUTED, S.BAR_HIGHLIGHT, S.TITLE_X

local chart = {}

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

-- A slope chart's labels, each with its point's y: one side's, in order
-- from the top, spread so that they do not overlap.
local function slope_labels(items, side, y, fmt, anchor_end)
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
  local placed = labels.spread(wanted, LINE + 2, y.top, y.bottom)
  local side_labels, moved = {}, false
  for k, i in ipairs(order) do
    local item = items[i]
    local value = fmt(item[side])
    side_labels[k] = {text = anchor_end and item.label .. "  " .. value or value .. "  " .. item.label,
      wanted = wanted[k], placed = placed[k]}
    moved = moved or math.abs(placed[k] - wanted[k]) > 1
  end
  return side_labels, moved
end

-- Where the labels of a side start from their axis: further out when some
-- were moved, to leave room for the leader lines to them.
local function slope_offset(moved)
  return moved and 26 or 12
end

-- One side's labels: beside their points, or moved with a leader line.
local function slope_side(out, side_labels, moved, x, anchor_end)
  local dx = anchor_end and -1 or 1
  local offset = slope_offset(moved)
  for _, l in ipairs(side_labels) do
    if math.abs(l.placed - l.wanted) > 1 then
      leader(out, {x + 6 * dx, l.wanted, x + (offset - 3) * dx, l.placed})
    end
    text(out, x + offset * dx, l.placed + 4.5, l.text,
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

-- The legend's entries: colour and text, "Tăng hạng (11)".
local function slope_legend_entries(items, opts, lang)
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
  local width, texts = 0, {}
  for i, entry in ipairs(entries) do
    texts[i] = string.format("%s (%d)", entry[2], entry[3])
    width = width + 24 + text_width(texts[i]) + 20
    entry[2] = texts[i]
  end
  return entries, width - 20, table.concat(texts, ", ")
end

local function slope_legend(out, entries, x, y)
  for _, entry in ipairs(entries) do
    line(out, x, y - 4, x + 18, y - 4, entry[1], 'stroke-width="2.5"')
    text(out, x + 24, y, entry[2], string.format('fill="%s"', INK))
    x = x + 24 + text_width(entry[2]) + 20
  end
end

-- The slope chart's height from the top of its scale to the bottom: room
-- for every label, and with many ranks to show up to 12 px a rank, so that
-- labels seldom move far from their points.
local function slope_span(items, opts)
  local span = 0
  if opts.ranks then
    span = opts.max_rank or 0
    for _, item in ipairs(items) do
      span = math.max(span, item.left or 0, item.right or 0)
    end
  end
  local crowd = (#items - 1) * (LINE + 2)
  return math.max(200, crowd, math.min((span - 1) * 12, crowd * 2.5))
end

function chart.slope(opts)
  local lang = check_opts(opts, "slope", "items")
  local items = slope_items(opts)
  local fmt = formatter(opts.format, lang, "slope")
  local top = (opts.title and 52 or 16) + 24
  local bottom = top + slope_span(items, opts)
  local scale = slope_scale(items, opts, top, bottom)
  local y = setmetatable({top = top, bottom = bottom}, {__call = function(_, v) return scale(v) end})
  local left_labels, left_moved = slope_labels(items, "left", y, fmt, true)
  local right_labels, right_moved = slope_labels(items, "right", y, fmt, false)
  local left_w, right_w = 40, 40
  for _, l in ipairs(left_labels) do
    left_w = math.max(left_w, text_width(l.text))
  end
  for _, l in ipairs(right_labels) do
    right_w = math.max(right_w, text_width(l.text))
  end
  local x_left = 16 + left_w + slope_offset(left_moved)
  local x_right = x_left + (opts.slope_width or 260)
  local entries, legend_w, legend_text = slope_legend_entries(items, opts, lang)
  local width = math.max(x_right + slope_offset(right_moved) + right_w + 16, 32 + legend_w, 400)
  width = title_room(width, opts.title)
  local height = math.max(bottom, left_labels[#left_labels] and left_labels[#left_labels].placed
    or 0, right_labels[#right_labels] and right_labels[#right_labels].placed or 0) + 56

  local desc = i18n.t("chart_desc_slope", lang, #items, tostring(opts.left or "—"),
    tostring(opts.right or "—"), legend_text)
  local out = svg_open(width, height, opts.title or i18n.t("chart", lang), opts.desc or desc)
  title_text(out, opts.title)
  for _, column in ipairs{{x_left, opts.left}, {x_right, opts.right}} do
    line(out, column[1], top - 8, column[1], bottom + 8, GRID)
    if column[2] ~= nil then
      text(out, column[1], top - 16, tostring(column[2]),
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
  slope_side(out, left_labels, left_moved, x_left, true)
  slope_side(out, right_labels, right_moved, x_right, false)
  slope_legend(out, entries, 16, height - 18)
  return svg_close(out)
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
      points[#points + 1] = {x = p.x, y = p.y, label = p.label}
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

local NOTABLE = 4

-- How far each point lies from the rest: its distance from the fitted line,
-- or without one from the centre of the points in standard units.
local function outlyingness(points, fit)
  local far = {}
  if fit then
    for i, p in ipairs(points) do
      far[i] = math.abs(p.y - (fit.intercept + fit.slope * p.x))
    end
    return far
  end
  local n, mean, sd = #points, {x = 0, y = 0}, {x = 0, y = 0}
  for _, key in ipairs{"x", "y"} do
    for _, p in ipairs(points) do
      mean[key] = mean[key] + p[key] / n
    end
    for _, p in ipairs(points) do
      sd[key] = sd[key] + (p[key] - mean[key]) ^ 2 / n
    end
    sd[key] = math.sqrt(sd[key]) > 0 and math.sqrt(sd[key]) or 1
  end
  for i, p in ipairs(points) do
    far[i] = ((p.x - mean.x) / sd.x) ^ 2 + ((p.y - mean.y) / sd.y) ^ 2
  end
  return far
end

--[[
  The points a scatter labels, as indices in the order their labels are
  placed (so the first win when places run short): the highlighted, those
  named in label_points, then the notable ones (the NOTABLE furthest from
  the rest, if further than the median point, then those with the smallest
  and largest x and y), then, with
  label_points = true, all the others. label_points = false: only the
  highlighted.
]]
local function scatter_labelled(points, opts, marked)
  local order, chosen = {}, {}
  local function take(i)
    if points[i].label and not chosen[i] then
      chosen[i] = true
      order[#order + 1] = i
    end
  end
  for i, p in ipairs(points) do
    if marked[p.label] then
      take(i)
    end
  end
  if opts.label_points == false then
    return order
  end
  local named = opts.label_points == true and {} or highlighted(opts.label_points)
  for i, p in ipairs(points) do
    if named[p.label] then
      take(i)
    end
  end
  local far, by_far = outlyingness(points, opts.fit), {}
  for i in ipairs(points) do
    by_far[i] = i
  end
  table.sort(by_far, function(a, b)
    if far[a] ~= far[b] then
      return far[a] > far[b]
    end
    return a < b
  end)
  -- Only those further than the median: points on the line are not notable.
  local median = by_far[(#by_far + 1) // 2] and far[by_far[(#by_far + 1) // 2]]
  for k = 1, math.min(NOTABLE, #by_far) do
    if far[by_far[k]] > median then
      take(by_far[k])
    end
  end
  for _, key in ipairs{"x", "y"} do
    local lo, hi = 1, 1
    for i, p in ipairs(points) do
      lo = p[key] < points[lo][key] and i or lo
      hi = p[key] > points[hi][key] and i or hi
    end
    if #points > 0 then
      take(lo)
      take(hi)
    end
  end
  if opts.label_points == true then
    for i in ipairs(points) do
      take(i)
    end
  end
  return order
end

-- The scatter's labels placed where they cover no point, label or the
-- fitted line: {[index] = placed label}, the text's size and weight in each.
local function scatter_place(points, opts, marked, plot, fit_line)
  local placer = labels.placer(plot)
  for _, p in ipairs(points) do
    placer:add_point(p.px, p.py, p.r)
  end
  if fit_line then
    placer:add_segment(table.unpack(fit_line))
  end
  local placed = {}
  for _, i in ipairs(scatter_labelled(points, opts, marked)) do
    local p = points[i]
    local bold = marked[p.label] or false
    local w = text_width(p.label, FONT_SIZE, bold)
    local spot = placer:place(p.px, p.py, p.r, w, LINE)
    if spot then
      spot.bold = bold
      placed[i] = spot
    end
  end
  return placed
end

local function scatter_axes(out, opts, frame, lang)
  local f = frame
  axis(out, f.x_ticks, f.x_dec, f.sx, f.top, f.bottom, true, lang)
  axis(out, f.y_ticks, f.y_dec, f.sy, f.left, f.right, false, lang)
  line(out, f.left, f.bottom, f.right, f.bottom, AXIS)
  line(out, f.left, f.top, f.left, f.bottom, AXIS)
  if opts.x_label then
    text(out, (f.left + f.right) / 2, f.height - 16, opts.x_label,
      string.format('text-anchor="middle" fill="%s"', INK))
  end
  if opts.y_label then
    out[#out + 1] = string.format('<text transform="translate(20 %s) rotate(-90)" '
      .. 'text-anchor="middle" fill="%s">%s</text>', num((f.top + f.bottom) / 2), INK,
      xml(opts.y_label))
  end
end

-- The scatter's frame: its size, the plot's edges, the scales and ticks.
local function scatter_frame(points, opts)
  local f = {width = opts.width or 800, height = opts.height or 520}
  f.width = title_room(f.width, opts.title)
  if opts.annotation then
    f.width = math.max(f.width, 32 + text_width(opts.annotation))
  end
  f.top = (opts.title and 48 or 16) + (opts.annotation and 24 or 0) + 10
  f.left, f.right, f.bottom = 80, f.width - 24, f.height - 60
  local x_lo, x_hi = data_range(points, "x")
  local y_lo, y_hi = data_range(points, "y")
  f.x_lo, f.x_hi = x_lo, x_hi
  f.x_ticks, f.x_dec, f.x_min, f.x_max = nice_ticks(x_lo, x_hi)
  f.y_ticks, f.y_dec, f.y_min, f.y_max = nice_ticks(y_lo, y_hi)
  f.sx = linear(f.x_min, f.x_max, f.left, f.right)
  f.sy = linear(f.y_min, f.y_max, f.bottom, f.top)
  return f
end

function chart.scatter(opts)
  local lang = check_opts(opts, "scatter", "points")
  local points = scatter_points(opts)
  local fit = opts.fit
  if fit ~= nil and not (type(fit) == "table" and is_number(fit.slope)
      and is_number(fit.intercept)) then
    opt_error("scatter", "field 'fit' must be {slope = number, intercept = number}")
  end
  local marked = highlighted(opts.highlight)
  local f = scatter_frame(points, opts)
  for _, p in ipairs(points) do
    p.px, p.py, p.r = f.sx(p.x), f.sy(p.y), marked[p.label] and 6 or 4.5
  end
  local fit_line
  if fit and #points > 0 then
    local ax, ay, bx, by = clip_fit(fit, f.x_lo, f.x_hi, f.y_min, f.y_max)
    fit_line = ax and {f.sx(ax), f.sy(ay), f.sx(bx), f.sy(by)}
  end
  local placed = scatter_place(points, opts, marked, {f.left + 2, f.top, f.right, f.bottom - 2},
    fit_line)

  local desc = i18n.t("chart_desc_scatter", lang, #points, opts.x_label or "x", opts.y_label or "y")
  local out = svg_open(f.width, f.height, opts.title or i18n.t("chart", lang),
    opts.desc or (opts.annotation and desc .. " " .. opts.annotation or desc))
  title_text(out, opts.title)
  if opts.annotation then
    text(out, TITLE_X, (opts.title and 48 or 16) + 14, opts.annotation,
      string.format('fill="%s"', MUTED))
  end
  scatter_axes(out, opts, f, lang)
  if fit_line then
    line(out, fit_line[1], fit_line[2], fit_line[3], fit_line[4], INK,
      'stroke-width="1.5" stroke-dasharray="6 4"')
  end
  for i in ipairs(points) do
    if placed[i] and placed[i].leader then
      leader(out, placed[i].leader)
    end
  end
  for i, p in ipairs(points) do
    if marked[p.label] then
      circle(out, p.px, p.py, p.r, VERMILLION, string.format('stroke="%s" stroke-width="1.5"', INK))
    else
      circle(out, p.px, p.py, p.r, placed[i] and VERMILLION or BLUE,
        'fill-opacity="0.8" stroke="#ffffff" stroke-width="0.75"')
    end
  end
  for i, p in ipairs(points) do
    local spot = placed[i]
    if spot then
      text(out, spot.x, spot.box[2] + labels.ASCENT * FONT_SIZE, p.label,
        string.format('text-anchor="%s" fill="%s"%s', spot.anchor, INK,
          spot.bold and ' font-weight="bold"' or ""))
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

-- Values this close together are drawn as dots on an axis that need not
-- start at zero: bars from zero would differ by less than a quarter of the
-- longest one's length, and look alike.
local NARROW = 0.25

-- Whether the values (two or more, all of one sign, none zero) sit in a
-- narrow band: (largest - smallest) / the largest size < NARROW.
local function narrow_band(items)
  local lo, hi, n = math.huge, -math.huge, 0
  for _, item in ipairs(items) do
    if item.value then
      lo, hi, n = math.min(lo, item.value), math.max(hi, item.value), n + 1
    end
  end
  if n < 2 or lo * hi <= 0 then
    return false
  end
  return (hi - lo) / math.max(math.abs(lo), math.abs(hi)) < NARROW
end

-- The vertical spans [from, to] of a line at x left free by the boxes it would cross.
local function free_spans(x, from, to, boxes)
  local blocked = {}
  for _, box in ipairs(boxes) do
    if box[1] - 3 < x and x < box[3] + 3 then
      blocked[#blocked + 1] = {box[2] - 2, box[4] + 2}
    end
  end
  table.sort(blocked, function(a, b) return a[1] < b[1] end)
  local spans, y = {}, from
  for _, b in ipairs(blocked) do
    if b[1] > y then
      spans[#spans + 1] = {y, math.min(b[1], to)}
    end
    y = math.max(y, b[2])
  end
  if y < to then
    spans[#spans + 1] = {y, to}
  end
  return spans
end

-- The reference line, stopped where it would cross a value's label, with
-- its own label above it.
local function bar_reference(out, ref, sx, fmt, frame, value_boxes)
  local x = sx(ref.value)
  for _, span in ipairs(free_spans(x, frame.top - 6, frame.bottom, value_boxes)) do
    line(out, x, span[1], x, span[2], INK, 'stroke-width="1.25" stroke-dasharray="4 3"')
  end
  local label = (ref.label and ref.label .. ": " or "") .. fmt(ref.value)
  local w = text_width(label)
  local anchor = x + w / 2 > frame.width - 8 and "end" or x - w / 2 < 8 and "start" or "middle"
  text(out, x, frame.top - 11, label, string.format('text-anchor="%s" fill="%s"', anchor, INK))
end

-- The axis's range: the values and the reference line, and zero, where bars start.
local function bar_range(items, ref, dots)
  local lo, hi = math.huge, -math.huge
  if not dots then
    lo, hi = 0, 0
  end
  for _, item in ipairs(items) do
    if item.value then
      lo, hi = math.min(lo, item.value), math.max(hi, item.value)
    end
  end
  if ref then
    lo, hi = math.min(lo, ref.value), math.max(hi, ref.value)
  end
  if lo > hi then
    return 0, 0
  end
  return lo, hi
end

-- A value's label at x, drawn and returned as its box.
local function value_label(out, x, baseline, shown, anchor, bold)
  text(out, x, baseline, shown, string.format('text-anchor="%s" fill="%s"%s', anchor, INK,
    bold and ' font-weight="bold"' or ""))
  return labels.text_box(x, baseline, shown, FONT_SIZE, anchor, bold)
end

-- One bar, or one dot, with its label and value in the row whose top is y;
-- returns the box of the value's label.
local function bar_row(out, item, y, f, fill, bold)
  local weight = bold and ' font-weight="bold"' or ""
  local baseline = y + f.row / 2 + 4.5
  text(out, f.left - 10, baseline, item.label, string.format('text-anchor="end" fill="%s"%s', INK,
    weight))
  if not item.value then
    local x = f.dots and f.left + 4 or f.sx(0) + 4
    text(out, x, baseline, "—", string.format('fill="%s"', MUTED))
    return labels.text_box(x, baseline, "—", FONT_SIZE, "start")
  end
  local shown = f.fmt(item.value)
  local x1 = f.sx(item.value)
  if f.dots then
    line(out, f.left, y + f.row / 2, f.right, y + f.row / 2, GRID, 'stroke-dasharray="1 3"')
    circle(out, x1, y + f.row / 2, 5.5, fill)
    return value_label(out, x1 + 10, baseline, shown, "start", bold)
  end
  local x0 = f.sx(0)
  out[#out + 1] = string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>',
    num(math.min(x0, x1)), num(y + 4), num(math.abs(x1 - x0)), num(f.row - 8), fill)
  -- A negative bar's value goes left of its end, unless that would run into the labels:
  -- then it goes right of the zero line.
  local after = item.value >= 0 or x1 - 4 - text_width(shown, FONT_SIZE, bold) < f.left
  local x = item.value >= 0 and x1 + 4 or after and x0 + 4 or x1 - 4
  return value_label(out, x, baseline, shown, after and "start" or "end", bold)
end

-- The bars' frame: the plot's edges, the rows, the scale and its ticks.
local function bar_frame(items, opts, fmt, marked, ref, dots)
  local label_w, value_w = 0, text_width("—")
  for _, item in ipairs(items) do
    label_w = math.max(label_w, text_width(item.label, FONT_SIZE, marked[item.label]))
    if item.value then
      value_w = math.max(value_w, text_width(fmt(item.value), FONT_SIZE, marked[item.label]))
    end
  end
  local f = {fmt = fmt, dots = dots, row = 26, left = 16 + label_w + 12}
  f.right = math.max((opts.width or 720) - 28 - value_w, f.left + 160)
  f.width = title_room(f.right + 28 + value_w, opts.title)
  f.top = (opts.title and 48 or 12) + (ref and 22 or 0) + 6
  f.bottom = f.top + math.max(1, #items) * f.row
  f.height = f.bottom + 40
  f.ticks, f.decimals, f.x_min, f.x_max = nice_ticks(bar_range(items, ref, dots))
  f.sx = linear(f.x_min, f.x_max, f.left, f.right)
  return f
end

local function bar_desc(items, f, ref, lang)
  local lo, hi = math.huge, -math.huge
  for _, item in ipairs(items) do
    if item.value then
      lo, hi = math.min(lo, item.value), math.max(hi, item.value)
    end
  end
  local from, to = lo <= hi and f.fmt(lo) or "—", lo <= hi and f.fmt(hi) or "—"
  local desc = f.dots and i18n.t("chart_desc_dots", lang, #items, from, to,
    i18n.number(f.x_min, f.decimals, lang)) or i18n.t("chart_desc_bars", lang, #items, from, to)
  if ref then
    desc = desc .. " " .. i18n.t("chart_desc_reference", lang,
      (ref.label and ref.label .. ": " or "") .. f.fmt(ref.value))
  end
  return desc
end

function chart.bars(opts)
  local lang = check_opts(opts, "bars", "items")
  local items = bar_items(opts)
  local fmt = formatter(opts.format, lang, "bars")
  local ref = opts.reference
  if ref ~= nil and not (type(ref) == "table" and is_number(ref.value)) then
    opt_error("bars", "field 'reference' must be {value = number, label = text}")
  end
  if opts.dots ~= nil and type(opts.dots) ~= "boolean" then
    opt_error("bars", "field 'dots' must be true or false")
  end
  local dots = opts.dots
  if dots == nil then
    dots = narrow_band(items)
  end
  local marked, any_marked = highlighted(opts.highlight)
  local f = bar_frame(items, opts, fmt, marked, ref, dots)

  local out = svg_open(f.width, f.height, opts.title or i18n.t("chart", lang),
    opts.desc or bar_desc(items, f, ref, lang))
  title_text(out, opts.title)
  axis(out, f.ticks, f.decimals, f.sx, f.top, f.bottom, true, lang)
  local value_boxes = {}
  for i, item in ipairs(items) do
    local is_marked = marked[item.label] or false
    local fill = is_marked and BAR_HIGHLIGHT or any_marked and BAR_MUTED or BAR
    value_boxes[i] = bar_row(out, item, f.top + (i - 1) * f.row, f, fill, is_marked)
  end
  if not dots then
    line(out, f.sx(0), f.top, f.sx(0), f.bottom, AXIS)
  end
  if ref then
    bar_reference(out, ref, f.sx, fmt, f, value_boxes)
  end
  return svg_close(out)
end

-- Rank history and map ----------------------------------------------------

chart.rank_history = require "chiso.chart_history"
chart.map = require("chiso.chart_map").make{num = num, xml = xml, text = text,
  text_width = text_width, formatter = formatter, opt_error = opt_error, style = S.STYLE,
  title_size = S.TITLE_SIZE}

return chart
