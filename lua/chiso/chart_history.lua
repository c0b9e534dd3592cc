-- chart_history: chiso.chart.rank_history, ranks over the years, one line a
-- series, each labelled at its end.

local i18n = require "chiso.i18n"
local labels = require "chiso.chart_labels"
local S = require "chiso.chart_svg"

local LINE, INK, MUTED, GRID = S.LINE, S.INK, S.MUTED, S.GRID
local num, xml, text, line, circle = S.num, S.xml, S.text, S.line, S.circle
local text_width, is_number, opt_error = S.text_width, S.is_number, S.opt_error
local check_opts, linear = S.check_opts, S.linear
local svg_open, svg_close, title_text, title_room = S.svg_open, S.svg_close, S.title_text, S.title_room
local SMALL_SIZE, PALETTE, nice_step = S.SMALL_SIZE, S.PALETTE, S.nice_step

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

-- Each series' label at the end of its line (its last year with a rank),
-- in order from the top, spread so that none covers another.
local function history_ends(series, years, x_of, y_of, top, bottom)
  local ends = {}
  for i, s in ipairs(series) do
    for k = #years, 1, -1 do
      local rank = s.by_year[years[k]]
      if rank then
        ends[#ends + 1] = {index = i, label = s.label, x = x_of(years[k]), y = y_of(rank),
          last = k == #years}
        break
      end
    end
  end
  table.sort(ends, function(a, b)
    if a.y ~= b.y then
      return a.y < b.y
    end
    return a.index < b.index
  end)
  local wanted = {}
  for k, e in ipairs(ends) do
    wanted[k] = e.y
  end
  for k, y in ipairs(labels.spread(wanted, LINE + 2, top, bottom)) do
    ends[k].placed = y
  end
  return ends
end

-- The labels right of the plot, each joined to its line's end by a leader
-- in the line's colour (dotted when the line ends before the last year):
-- straight on when the label is level with its end, else bent towards it.
local function history_labels(out, ends, x)
  for _, e in ipairs(ends) do
    local colour = PALETTE[(e.index - 1) % #PALETTE + 1]
    local attrs = 'stroke-width="1.25"' .. (e.last and "" or ' stroke-dasharray="2 3"')
    if math.abs(e.placed - e.y) < 1 then
      line(out, e.x + 5, e.y, x - 4, e.y, colour, attrs)
    else
      out[#out + 1] = string.format('<polyline points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" %s/>',
        num(e.x + 5), num(e.y), num(x - 16), num(e.placed), num(x - 4), num(e.placed), colour, attrs)
    end
    text(out, x, e.placed + 4.5, e.label, string.format('fill="%s"', INK))
  end
end

local function history_lines(out, series, years, x_of, y_of)
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
end

local function history_desc(series, years, opts, lang)
  local names = {}
  for i, s in ipairs(series) do
    names[i] = s.label
  end
  return opts.desc or i18n.t("chart_desc_history", lang, table.concat(names, ", "),
    tostring(years[1] or ""), tostring(years[#years] or ""))
end

local function rank_history(opts)
  local lang = check_opts(opts, "rank_history", "series")
  local series, years, data_max = history_series(opts)
  local max_rank = opts.max_rank or data_max
  if math.type(max_rank) ~= "integer" or max_rank < data_max then
    opt_error("rank_history", "field 'max_rank' must be an integer no smaller than every rank")
  end
  local label_w = 0
  for _, s in ipairs(series) do
    label_w = math.max(label_w, text_width(s.label))
  end
  local width = title_room(opts.width or math.max(720, 600 + label_w), opts.title)
  local top = (opts.title and 52 or 20)
  local height = math.max(opts.height or 400, top + 60 + #series * (LINE + 2))
  local left, right, bottom = 64, width - label_w - 56, height - 44
  local y_of = linear(1, math.max(max_rank, 2), top, bottom)
  local first, last = years[1] or 0, years[#years] or 1
  local x_of = first == last and function() return (left + right) / 2 end
    or linear(first, last, left + 12, right - 12)

  local out = svg_open(width, height, opts.title or i18n.t("rank", lang),
    history_desc(series, years, opts, lang))
  title_text(out, opts.title)
  local tick_attrs = string.format('font-size="%d" text-anchor="%%s" fill="%s"', SMALL_SIZE, MUTED)
  for _, t in ipairs(rank_ticks(max_rank)) do
    line(out, left, y_of(t), right, y_of(t), GRID)
    text(out, left - 8, y_of(t) + 4, tostring(t), tick_attrs:format("end"))
  end
  if #years > 0 then
    for _, year in ipairs(year_ticks(years, right - left)) do
      text(out, x_of(year), bottom + 22, tostring(year), tick_attrs:format("middle"))
    end
  end
  out[#out + 1] = string.format('<text transform="translate(20 %s) rotate(-90)" '
    .. 'text-anchor="middle" fill="%s">%s</text>', num((top + bottom) / 2), INK,
    xml(opts.y_label or i18n.t("rank", lang)))
  history_lines(out, series, years, x_of, y_of)
  history_labels(out, history_ends(series, years, x_of, y_of, top, bottom), right + 30)
  return svg_close(out)
end

return rank_history
