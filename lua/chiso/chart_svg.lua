-- chart_svg: what chiso.chart's charts share: the font sizes and colours,
-- number and text formatting, option checks, scales and ticks, and the SVG
-- elements they are drawn with.

local i18n = require "chiso.i18n"
local labels = require "chiso.chart_labels"

local has_chiso, chiso = pcall(require, "chiso")
local null = has_chiso and chiso.null or {}

local FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
-- Labels and values; ticks and notes; titles. No text is smaller than 12 px
-- when the chart is shown at its own size.
local FONT_SIZE, SMALL_SIZE, TITLE_SIZE = 13, 12, 18
local LINE = labels.ASCENT * FONT_SIZE + labels.DESCENT * FONT_SIZE
-- The SVG's own scaling: never wider than its container, in proportion.
local STYLE = "max-width:100%;height:auto"
local INK, MUTED, GRID, AXIS = "#1b1b1b", "#555555", "#e4e4e4", "#8a8a8a"
-- Okabe and Ito's colour-blind-safe colours: blue and vermillion, with greys.
local BLUE, VERMILLION, PALE_BLUE = "#0072b2", "#d55e00", "#a6cbe3"
local RISE, FALL, SAME = BLUE, VERMILLION, "#8c8c8c"
local BAR, BAR_MUTED, BAR_HIGHLIGHT = BLUE, PALE_BLUE, VERMILLION
-- Okabe and Ito's colours (without the yellow, too pale on white), then
-- Paul Tol's olive, wine and teal.
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

-- The width in pixels of a label (chart_labels: never less than a browser draws).
local function text_width(text, size, bold)
  return labels.text_width(text, size or FONT_SIZE, bold)
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
  for _, field in ipairs{"title", "desc"} do
    if opts[field] ~= nil and type(opts[field]) ~= "string" then
      opt_error(fname, string.format("field '%s' must be a string", field))
    end
  end
  if type(opts[list_field]) ~= "table" then
    opt_error(fname, string.format("field '%s' must be a list", list_field))
  end
  return i18n.check_lang(opts.lang, 3)
end

-- A set of labels from one label or a list of them; whether any is given.
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

-- The opening of a chart: its size, a <title> and a <desc> for screen
-- readers, the white background.
local function svg_open(width, height, title, desc)
  return {
    string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" '
      .. 'viewBox="0 0 %s %s" style="%s" font-family="%s" font-size="%d" role="img">',
      num(width), num(height), num(width), num(height), STYLE, FONT, FONT_SIZE),
    "<title>" .. xml(title) .. "</title>",
    "<desc>" .. xml(desc) .. "</desc>",
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

local function leader(out, l, colour)
  line(out, l[1], l[2], l[3], l[4], colour or MUTED, 'stroke-width="0.75"')
end

local TITLE_X, TITLE_Y = 16, 30

local function title_text(out, title)
  if title then
    text(out, TITLE_X, TITLE_Y, title, string.format('font-size="%d" font-weight="bold" fill="%s"',
      TITLE_SIZE, INK))
  end
end

-- The width a chart needs for its title besides its own.
local function title_room(width, title)
  return title and math.max(width, TITLE_X * 2 + text_width(title, TITLE_SIZE, true)) or width
end

-- Axes ---------------------------------------------------------------------

-- Grid lines and tick labels of a numeric axis; horizontal is the x axis.
local function axis(out, ticks, decimals, scale, from, to, horizontal, lang)
  for _, t in ipairs(ticks) do
    local p = scale(t)
    local label = i18n.number(t, decimals, lang)
    if horizontal then
      line(out, p, from, p, to, GRID)
      text(out, p, to + 20, label, string.format('font-size="%d" text-anchor="middle" fill="%s"',
        SMALL_SIZE, MUTED))
    else
      line(out, from, p, to, p, GRID)
      text(out, from - 7, p + 4, label, string.format('font-size="%d" text-anchor="end" fill="%s"',
        SMALL_SIZE, MUTED))
    end
  end
end

return {
  FONT_SIZE = FONT_SIZE, SMALL_SIZE = SMALL_SIZE, TITLE_SIZE = TITLE_SIZE, LINE = LINE,
  STYLE = STYLE, INK = INK, MUTED = MUTED, GRID = GRID, AXIS = AXIS, BLUE = BLUE,
  VERMILLION = VERMILLION, PALE_BLUE = PALE_BLUE, RISE = RISE, FALL = FALL, SAME = SAME,
  BAR = BAR, BAR_MUTED = BAR_MUTED, BAR_HIGHLIGHT = BAR_HIGHLIGHT, PALETTE = PALETTE,
  null = null, num = num, xml = xml, text_width = text_width, formatter = formatter,
  is_number = is_number, opt_error = opt_error, check_opts = check_opts,
  highlighted = highlighted, linear = linear, nice_step = nice_step, nice_ticks = nice_ticks,
  svg_open = svg_open, svg_close = svg_close, text = text, line = line, circle = circle,
  leader = leader, TITLE_X = TITLE_X, TITLE_Y = TITLE_Y, title_text = title_text,
  title_room = title_room, axis = axis,
}
