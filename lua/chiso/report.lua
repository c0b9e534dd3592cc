-- report: a report document (headings, paragraphs, notes, tables, charts)
-- built by a script, and its writers: aligned text for the terminal,
-- GitHub Markdown, CSV of its main table, JSON, one self-contained HTML file,
-- and an Excel workbook of its tables (chiso.report_xlsx).
--
--   local doc = report.new{title = "PAR INDEX 2023", lang = "vi"}
--   doc:heading("Xếp hạng"):table(par, {columns = {"province", "score"}})
--   assert(doc:write("html", "bao-cao.html"))

local i18n = require "chiso.i18n"
local sources = require "chiso.report_sources"

local has_chiso, chiso = pcall(require, "chiso")
local null = has_chiso and chiso.null or {}

local report = {}

local Report = {}
Report.__index = Report
Report.__name = "chiso.Report"

local TEXT_WIDTH = 78
local DASH = "—"

-- Arguments --------------------------------------------------------------

local function arg_error(n, fname, message)
  error(string.format("bad argument #%d to '%s' (%s)", n, fname, message), 3)
end

local function check_text(value, n, fname)
  if type(value) == "number" then
    return tostring(value)
  end
  if type(value) ~= "string" then
    arg_error(n, fname, "string expected, got " .. type(value))
  end
  return value
end

local function check_report(self, fname)
  if getmetatable(self) ~= Report then
    error(string.format("bad argument #0 to '%s' (report expected; call it as doc:%s(...))",
      fname, fname), 3)
  end
end

local function is_dataset(value)
  if type(value) ~= "userdata" then
    return false
  end
  local mt = getmetatable(value)
  return type(mt) == "table" and mt.__name == "chiso.Dataset"
end

-- Documents ----------------------------------------------------------------

-- A new, empty report: opts.title (required), opts.lang ("vi" or "en"),
-- opts.subtitle.
function report.new(opts)
  if type(opts) ~= "table" then
    arg_error(1, "new", "table expected, got " .. type(opts))
  end
  if type(opts.title) ~= "string" then
    arg_error(1, "new", "field 'title' must be a string")
  end
  if opts.subtitle ~= nil and type(opts.subtitle) ~= "string" then
    arg_error(1, "new", "field 'subtitle' must be a string")
  end
  local lang = i18n.check_lang(opts.lang, 2)
  return setmetatable({title = opts.title, subtitle = opts.subtitle, lang = lang, blocks = {}},
    Report)
end

function Report:heading(text, level)
  check_report(self, "heading")
  text = check_text(text, 1, "heading")
  level = level or 2
  if level ~= 1 and level ~= 2 and level ~= 3 then
    arg_error(2, "heading", "level must be 1, 2 or 3")
  end
  self.blocks[#self.blocks + 1] = {kind = "heading", text = text, level = math.tointeger(level)}
  return self
end

function Report:paragraph(text)
  check_report(self, "paragraph")
  self.blocks[#self.blocks + 1] = {kind = "paragraph", text = check_text(text, 1, "paragraph")}
  return self
end

function Report:note(text)
  check_report(self, "note")
  self.blocks[#self.blocks + 1] = {kind = "note", text = check_text(text, 1, "note")}
  return self
end

function Report:chart(svg, opts)
  check_report(self, "chart")
  if type(svg) ~= "string" or not svg:match("^%s*<svg[%s>]") then
    arg_error(1, "chart", "SVG text expected (a string from chiso.chart)")
  end
  opts = opts or {}
  if type(opts) ~= "table" then
    arg_error(2, "chart", "table expected, got " .. type(opts))
  end
  if opts.caption ~= nil and type(opts.caption) ~= "string" then
    arg_error(2, "chart", "field 'caption' must be a string")
  end
  self.blocks[#self.blocks + 1] = {kind = "chart", svg = svg:match("^%s*(.-)%s*$"),
    caption = opts.caption}
  return self
end

-- Provenance ---------------------------------------------------------------

local function check_rows(rows, fname)
  if is_dataset(rows) then
    local list = {}
    for _, row in rows:rows() do
      list[#list + 1] = {source = row.source, origin = row.origin, key = row.key}
    end
    return list
  elseif type(rows) ~= "table" then
    arg_error(1, fname, "field 'rows' of a use must be a dataset or a list of rows")
  end
  for i, row in ipairs(rows) do
    if type(row) ~= "table" then
      arg_error(1, fname, string.format("row %d of a use is a %s, not a table", i, type(row)))
    end
  end
  return rows
end

--[[
  Records where the report's figures come from; every writer but CSV ends
  the report with them, in a section of their own (docs/reports.md). spec
  is a list of uses, each {label = the data as readers name it ("PAR
  INDEX"), rows = the rows used (a list of tables or a dataset, each with
  source, origin "bundled" or "user", and key: rows of one key count once
  however many uses name them), source = the source of rows that give none,
  coverage = {{year =, held =, ranked =, scored =, of =, user =}, ...},
  id = the index's name in data}; and, optionally, index (text), year and
  from (integers: the report's year, the year it is compared with), which
  CSV writes as the first columns of the primary table when it has none of
  that name. Calls add up, so an analysis records what it used.
]]
function Report:sources(spec)
  check_report(self, "sources")
  if type(spec) ~= "table" then
    arg_error(1, "sources", "table expected, got " .. type(spec))
  end
  if spec.index ~= nil and type(spec.index) ~= "string" then
    arg_error(1, "sources", "field 'index' must be a string")
  end
  for _, name in ipairs{"year", "from"} do
    if spec[name] ~= nil and math.type(spec[name]) ~= "integer" then
      arg_error(1, "sources", string.format("field '%s' must be an integer", name))
    end
  end
  local provenance = self.provenance or {uses = {}}
  for i, use in ipairs(spec) do
    if type(use) ~= "table" or type(use.label) ~= "string" then
      arg_error(1, "sources", string.format("use %d must be a table with a string 'label'", i))
    end
    if use.source ~= nil and type(use.source) ~= "string" then
      arg_error(1, "sources", string.format("field 'source' of use %d must be a string", i))
    end
    provenance.uses[#provenance.uses + 1] = {label = use.label, id = use.id, source = use.source,
      rows = check_rows(use.rows or {}, "sources"), coverage = use.coverage or {}}
  end
  provenance.index = spec.index or provenance.index
  provenance.year = spec.year or provenance.year
  provenance.from = spec.from or provenance.from
  self.provenance = provenance
  return self
end

--[[
  The date a report is made, "YYYY-MM-DD": SOURCE_DATE_EPOCH's (seconds
  since 1970, in UTC: the reproducible-builds convention) when it is set,
  else today's in local time.
]]
report.made_on = sources.made_on

-- Tables -------------------------------------------------------------------

-- Columns and cells of a dataset: cells[i][j] is row i's value in column j,
-- with chiso.null for a missing value.
local function dataset_cells(ds, wanted)
  local names, types = ds:names(), ds:types()
  local known = {}
  for _, name in ipairs(names) do
    known[name] = true
  end
  wanted = wanted or names
  local columns, values = {}, {}
  for j, name in ipairs(wanted) do
    if not known[name] then
      arg_error(2, "table", string.format("unknown column '%s' (columns: %s)", tostring(name),
        table.concat(names, ", ")))
    end
    columns[j] = {name = name, numeric = types[name] == "int" or types[name] == "float"}
    values[j] = ds:col(name):totable()
  end
  local cells = {}
  for i = 1, ds:nrow() do
    local row = {}
    for j = 1, #columns do
      row[j] = values[j][i]
    end
    cells[i] = row
  end
  return columns, cells
end

-- The same for an array of row tables; without a list of columns, every
-- key that some row has, in alphabetical order.
local function row_cells(rows, wanted)
  for i, row in ipairs(rows) do
    if type(row) ~= "table" then
      arg_error(1, "table", string.format("row %d is a %s, not a table", i, type(row)))
    end
  end
  if not wanted then
    local seen = {}
    wanted = {}
    for _, row in ipairs(rows) do
      for key in pairs(row) do
        if type(key) == "string" and not seen[key] then
          seen[key] = true
          wanted[#wanted + 1] = key
        end
      end
    end
    table.sort(wanted)
  end
  local columns, cells = {}, {}
  for j, name in ipairs(wanted) do
    local numbers, others = 0, 0
    for _, row in ipairs(rows) do
      local v = row[name]
      if type(v) == "number" then
        numbers = numbers + 1
      elseif v ~= nil and v ~= null then
        others = others + 1
      end
    end
    columns[j] = {name = name, numeric = numbers > 0 and others == 0}
  end
  for i, row in ipairs(rows) do
    local out = {}
    for j, column in ipairs(columns) do
      local v = row[column.name]
      if v == nil then
        v = null
      end
      out[j] = v
    end
    cells[i] = out
  end
  return columns, cells
end

local function check_format(format, name)
  local kind = type(format)
  if kind == "function" or kind == "string" or math.type(format) == "integer" then
    return format
  end
  arg_error(2, "table", string.format("format of column '%s' must be a function, a pattern or a "
    .. "number of decimals, not a %s", name, kind))
end

-- Labels and formats from opts, checked against the columns.
local function apply_options(columns, opts)
  local by_name = {}
  for _, column in ipairs(columns) do
    by_name[column.name] = column
    column.label = column.name
  end
  for field, setter in pairs{
    headers = function(column, value)
      column.label = check_text(value, 2, "table")
    end,
    formats = function(column, value)
      column.format = check_format(value, column.name)
    end,
  } do
    local given = opts[field]
    if given ~= nil and type(given) ~= "table" then
      arg_error(2, "table", string.format("field '%s' must be a table", field))
    end
    for name, value in pairs(given or {}) do
      if not by_name[name] then
        arg_error(2, "table", string.format("%s names unknown column '%s'", field, tostring(name)))
      end
      setter(by_name[name], value)
    end
  end
end

function Report:table(data, opts)
  check_report(self, "table")
  opts = opts or {}
  if type(opts) ~= "table" then
    arg_error(2, "table", "table expected, got " .. type(opts))
  end
  if opts.columns ~= nil and type(opts.columns) ~= "table" then
    arg_error(2, "table", "field 'columns' must be a list of names")
  end
  if opts.caption ~= nil and type(opts.caption) ~= "string" then
    arg_error(2, "table", "field 'caption' must be a string")
  end
  local columns, cells
  if is_dataset(data) then
    columns, cells = dataset_cells(data, opts.columns)
  elseif type(data) == "table" then
    columns, cells = row_cells(data, opts.columns)
  else
    arg_error(1, "table", "dataset or list of rows expected, got " .. type(data))
  end
  apply_options(columns, opts)
  if opts.primary then
    for _, block in ipairs(self.blocks) do
      if block.kind == "table" and block.primary then
        arg_error(2, "table", "the report already has a primary table")
      end
    end
  end
  self.blocks[#self.blocks + 1] = {kind = "table", columns = columns, cells = cells,
    caption = opts.caption, primary = opts.primary and true or false}
  return self
end

-- A table block of rows, as doc:table makes one.
-- A table block of rows, as doc:table makes one, for the section of sources.
local function table_block(rows, columns, headers, extra)
  local cols, cells = row_cells(rows, columns)
  local wanted = {}
  for _, name in ipairs(columns) do
    wanted[name] = headers[name]
  end
  apply_options(cols, {headers = wanted})
  local block = {kind = "table", columns = cols, cells = cells, primary = false}
  for k, v in pairs(extra or {}) do
    block[k] = v
  end
  return block
end

-- The report's blocks, then its section of sources (chiso.report_sources).
local function with_provenance(doc)
  local all = {}
  for i, block in ipairs(doc.blocks) do
    all[i] = block
  end
  for _, block in ipairs(sources.blocks(doc, table_block)) do
    all[#all + 1] = block
  end
  return all
end

-- Cell values --------------------------------------------------------------

local function apply_format(column, value, lang)
  local format = column.format
  local text
  if type(format) == "function" then
    text = format(value, lang)
  elseif type(format) == "string" then
    text = string.format(format, value)
  else
    text = i18n.number(value, format, lang)
  end
  if type(text) == "number" then
    text = tostring(text)
  elseif type(text) ~= "string" then
    error(string.format("format of column '%s' returned a %s, not a string", column.name,
      type(text)), 0)
  end
  return text
end

-- A value as readers see it: formatted, decimal comma in Vietnamese, "—" for null.
local function display(column, value, lang)
  if value == null then
    return DASH
  elseif column.format then
    return apply_format(column, value, lang)
  elseif type(value) == "number" then
    return i18n.number(value, nil, lang)
  elseif type(value) == "boolean" then
    return i18n.t(value and "bool_true" or "bool_false", lang)
  end
  return tostring(value)
end

-- A number as data: integers as they are, floats in their shortest exact
-- form with ".0" when integral (as ds:to_csv writes them).
local function data_number(x)
  if math.type(x) == "integer" then
    return string.format("%d", x)
  elseif x ~= x then
    return "nan"
  elseif x == math.huge or x == -math.huge then
    return x > 0 and "inf" or "-inf"
  end
  local text = i18n.shortest(x)
  if not text:find("[.en]") then
    text = text .. ".0"
  end
  return text
end

-- Text ---------------------------------------------------------------------

local function single_line(text)
  return (text:gsub("\r?\n", " "))
end

local function wrap(text, width)
  local lines = {}
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    local words, used = {}, 0
    for word in line:gmatch("%S+") do
      local w = i18n.width(word)
      if used > 0 and used + 1 + w > width then
        lines[#lines + 1] = table.concat(words, " ")
        words, used = {}, 0
      end
      used = used + (used > 0 and 1 or 0) + w
      words[#words + 1] = word
    end
    lines[#lines + 1] = table.concat(words, " ")
  end
  return table.concat(lines, "\n")
end

local function pad(text, width, right)
  local gap = string.rep(" ", width - i18n.width(text))
  return right and gap .. text or text .. gap
end

local function underline(text, char)
  return text .. "\n" .. string.rep(char, i18n.width(text))
end

-- The sources of the provenance section as a list: "- source (PAR INDEX: 3 figures)".
local function text_sources(block, lang)
  local lines = {}
  for _, cells in ipairs(block.cells) do
    local key = cells[3] == 1 and "sources_item_figure" or "sources_item_figures"
    local item = cells[1] .. " (" .. i18n.t(key, lang, cells[2], cells[3]) .. ")"
    lines[#lines + 1] = "- " .. wrap(item, TEXT_WIDTH - 2):gsub("\n", "\n  ")
  end
  return table.concat(lines, "\n")
end

local function text_table(block, lang)
  if block.sources then
    return text_sources(block, lang)
  end
  local rows = {{}}
  for j, column in ipairs(block.columns) do
    rows[1][j] = single_line(column.label)
  end
  for i, cells in ipairs(block.cells) do
    local row = {}
    for j, column in ipairs(block.columns) do
      row[j] = single_line(display(column, cells[j], lang))
    end
    rows[i + 1] = row
  end
  local widths = {}
  for j = 1, #block.columns do
    widths[j] = 0
    for _, row in ipairs(rows) do
      widths[j] = math.max(widths[j], i18n.width(row[j]))
    end
  end
  local rule = {}
  for j, w in ipairs(widths) do
    rule[j] = string.rep("-", w)
  end
  table.insert(rows, 2, rule)
  local lines = {}
  if block.caption then
    lines[1] = single_line(block.caption)
  end
  for _, row in ipairs(rows) do
    local parts = {}
    for j, column in ipairs(block.columns) do
      parts[j] = pad(row[j], widths[j], column.numeric)
    end
    lines[#lines + 1] = (table.concat(parts, "  "):gsub("%s+$", ""))
  end
  return table.concat(lines, "\n")
end

local function render_text(doc)
  local lang = doc.lang
  local parts = {underline(single_line(doc.title), "=")}
  if doc.subtitle then
    parts[1] = parts[1] .. "\n" .. wrap(doc.subtitle, TEXT_WIDTH)
  end
  for _, block in ipairs(with_provenance(doc)) do
    local kind = block.kind
    if kind == "heading" then
      local line = single_line(block.text)
      parts[#parts + 1] = block.level == 3 and line or underline(line, block.level == 1 and "=" or "-")
    elseif kind == "paragraph" then
      parts[#parts + 1] = wrap(block.text, TEXT_WIDTH)
    elseif kind == "note" then
      parts[#parts + 1] = wrap(i18n.t("note", lang) .. ": " .. block.text, TEXT_WIDTH)
    elseif kind == "table" then
      parts[#parts + 1] = text_table(block, lang)
    elseif kind == "chart" then
      local caption = block.caption and i18n.t("chart_caption", lang, single_line(block.caption))
        or i18n.t("chart", lang)
      parts[#parts + 1] = "[" .. caption .. "]"
    end
  end
  return table.concat(parts, "\n\n") .. "\n"
end

-- Charts -------------------------------------------------------------------

-- What inline SVG may hold: the elements and attributes chiso.chart draws
-- with. An attribute's value may not hold ":", "/", ";", "&" or a quote, so
-- no URL, no script and no style can ride in one; xmlns must be SVG's own.
-- The map's hatching is a <pattern> in <defs> named by an id: without ":" or
-- "/", its fill="url(#id)" can only point inside the page. The one style
-- allowed is the charts' own scaling, letter for letter.
local SVG_ELEMENTS = {svg = true, title = true, desc = true, g = true, rect = true, line = true,
  circle = true, ellipse = true, polyline = true, polygon = true, path = true, text = true,
  tspan = true, defs = true, pattern = true}
local SVG_ATTRIBUTES = {}
for name in ([[width height viewBox x y x1 y1 x2 y2 cx cy r rx ry dx dy d points fill stroke
    stroke-width stroke-dasharray stroke-linejoin stroke-linecap stroke-opacity fill-opacity
    opacity font-family font-size font-weight font-style text-anchor dominant-baseline transform
    role fill-rule id patternUnits patternTransform]]):gmatch("%S+") do
  SVG_ATTRIBUTES[name] = true
end
local SVG_NS = "http://www.w3.org/2000/svg"
local SVG_STYLE = "max-width:100%;height:auto"

local function svg_attributes_safe(attrs)
  local rest = attrs:gsub('%s*([%w%-:]+)="([^"]*)"', function(name, value)
    if name == "xmlns" and value == SVG_NS or name == "style" and value == SVG_STYLE then
      return ""
    elseif SVG_ATTRIBUTES[name] and not value:find("[:/;&'\"\\<>]")
        or name == "font-family" and not value:find("[:/;&\"\\<>]") then
      return ""
    end
  end)
  return rest:match("^%s*/?$") ~= nil
end

-- Whether svg is plain SVG as chiso.chart makes it: known elements and
-- attributes only, properly nested, text with no entities but XML's own.
local function svg_is_plain(svg)
  local open, pos = {}, 1
  while pos <= #svg do
    local text_end = svg:find("<", pos, true) or #svg + 1
    local text = svg:sub(pos, text_end - 1)
    if text:find(">", 1, true) or text:gsub("&[%w#]+;", function(entity)
      return (entity:match("^&#%d+;$") or entity:match("^&%a+;$") and ({["&amp;"] = 1,
        ["&lt;"] = 1, ["&gt;"] = 1, ["&quot;"] = 1, ["&apos;"] = 1})[entity]) and "" or nil
    end):find("&", 1, true) then
      return false
    end
    if text_end > #svg then break end
    local tag_end = svg:find(">", text_end, true)
    if not tag_end then return false end
    local tag = svg:sub(text_end + 1, tag_end - 1)
    local closing, name, attrs = tag:match("^(/?)([%w]+)(.*)$")
    if not name or not SVG_ELEMENTS[name] then return false end
    if closing == "/" then
      if attrs ~= "" or table.remove(open) ~= name then return false end
    else
      if not svg_attributes_safe(attrs) then return false end
      if not attrs:find("/$") then open[#open + 1] = name end
    end
    if #open == 0 and svg:find("%S", tag_end + 1) then return false end
    pos = tag_end + 1
  end
  return #open == 0
end

local BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = {}
    for k = 1, 4 do
      local index = (n >> (6 * (4 - k))) & 63
      chars[k] = BASE64:sub(index + 1, index + 1)
    end
    if not b then chars[3] = "=" end
    if not c then chars[4] = "=" end
    out[#out + 1] = table.concat(chars)
  end
  return table.concat(out)
end

-- A chart as HTML: inline when it is plain SVG, else as an image, in which
-- a browser runs no script and fetches nothing.
local function svg_markup(svg)
  if svg_is_plain(svg) then
    return svg
  end
  return '<img alt="" src="data:image/svg+xml;base64,' .. base64(svg) .. '">'
end

-- Markdown -----------------------------------------------------------------

-- Text as Markdown shows it, minus what a viewer would fetch or run: "<"
-- begins no HTML tag (or autolink), "![" no image.
local function md_text(text)
  return (text:gsub("<", "&lt;"):gsub("!%[", "!\\["))
end

local function md_cell(text)
  return md_text(single_line(text):gsub("\\", "\\\\"):gsub("|", "\\|"))
end

local function md_table(block, lang)
  local lines = {}
  if block.caption then
    lines[1] = "*" .. md_text(single_line(block.caption)) .. "*"
    lines[2] = ""
  end
  local header, rule = {}, {}
  for j, column in ipairs(block.columns) do
    header[j] = md_cell(column.label)
    rule[j] = column.numeric and "---:" or "---"
  end
  lines[#lines + 1] = "| " .. table.concat(header, " | ") .. " |"
  lines[#lines + 1] = "|" .. table.concat(rule, "|") .. "|"
  for _, cells in ipairs(block.cells) do
    local row = {}
    for j, column in ipairs(block.columns) do
      row[j] = md_cell(display(column, cells[j], lang))
    end
    lines[#lines + 1] = "| " .. table.concat(row, " | ") .. " |"
  end
  return table.concat(lines, "\n")
end

-- A chart's caption as an image's alt text: one line, no bracket ends it.
local function md_alt(text)
  return (md_text(single_line(text)):gsub("[\\%[%]]", "\\%0"))
end

-- A file name as a relative URL: every byte but letters, digits and "-._~" percent-encoded.
local function url_path(name)
  return (name:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

-- A chart as a file of its own: an XML declaration, and SVG's namespace on the root.
local function svg_file(svg)
  if not svg:match("^<svg[^>]-%sxmlns=") then
    svg = svg:gsub("^<svg", '<svg xmlns="' .. SVG_NS .. '"', 1)
  end
  return '<?xml version="1.0" encoding="UTF-8"?>\n' .. svg .. "\n"
end

-- A chart in Markdown. Written to a file (out.charts collects the charts'
-- files, out.chart_name names them), a link to its .svg file beside the
-- report, which only plain SVG becomes; to the screen, a one-line note.
local function md_chart(block, lang, out)
  local label = block.caption and i18n.t("chart_caption", lang, single_line(block.caption))
    or i18n.t("chart", lang)
  if not out.charts then
    return "> " .. md_text(i18n.t("chart_left_out", lang, label))
  elseif not svg_is_plain(block.svg) then
    return "> " .. md_text(i18n.t("chart_not_svg", lang, label))
  end
  out.charts[#out.charts + 1] = svg_file(block.svg)
  local link = "![" .. md_alt(block.caption or label) .. "](" .. url_path(out.chart_name(#out.charts))
    .. ")"
  if block.caption then
    return link .. "\n\n*" .. md_text(single_line(block.caption)) .. "*"
  end
  return link
end

-- out.charts and out.chart_name when the report goes to a file (md_chart).
local function render_md(doc, out)
  local lang = doc.lang
  local parts = {"# " .. md_text(single_line(doc.title))}
  if doc.subtitle then
    parts[2] = md_text(doc.subtitle)
  end
  for _, block in ipairs(with_provenance(doc)) do
    local kind = block.kind
    if kind == "heading" then
      parts[#parts + 1] = string.rep("#", block.level + 1) .. " " .. md_text(single_line(block.text))
    elseif kind == "paragraph" then
      parts[#parts + 1] = md_text(block.text)
    elseif kind == "note" then
      parts[#parts + 1] = "> " .. md_text(block.text):gsub("\n", "\n> ")
    elseif kind == "table" then
      parts[#parts + 1] = md_table(block, lang)
    elseif kind == "chart" then
      parts[#parts + 1] = md_chart(block, lang, out)
    end
  end
  return table.concat(parts, "\n\n") .. "\n"
end

-- CSV ----------------------------------------------------------------------

-- CSV dialects: what --csv-dialect names. excel-vn is what Excel in a
-- Vietnamese locale opens as meant: a byte-order mark (so it reads UTF-8),
-- ";" between fields and "," in numbers (the locale's list separator and
-- decimal mark), and "\r\n" line ends (Excel's own).
local DIALECTS = {
  plain = {delimiter = ",", decimal = ".", newline = "\n", bom = ""},
  ["excel-vn"] = {delimiter = ";", decimal = ",", newline = "\r\n", bom = "\239\187\191"},
}
report.csv_dialects = {"plain", "excel-vn"}

-- Quoted as ds:to_csv quotes (docs/csv.md): every delimiter a reader may detect, not only
-- the dialect's own, so a reader finds the dialect's.
local function csv_field(text)
  if text == "" or text:find('[,;|\t"\r\n]') or text:find("^%s") or text:find("%s$") then
    return '"' .. text:gsub('"', '""') .. '"'
  end
  return text
end

-- A text field, after a ' when the file is a sandboxed report's and a
-- spreadsheet would run it as a formula (counted in out.neutralised).
local function csv_text(text, out)
  if out.neutralise and out.formula(text) then
    out.neutralised = out.neutralised + 1
    return csv_field("'" .. text)
  end
  return csv_field(text)
end

local function csv_value(column, value, lang, out)
  local comma = out.dialect.decimal == ","
  if value == null then
    return ""
  elseif column.format then
    -- A number of decimals keeps the decimal point: CSV is data, read by programs.
    local decimals_only = type(column.format) == "number"
    local text = apply_format(column, value, decimals_only and (comma and "vi" or "en") or lang)
    if decimals_only and text:find("^%-?%d+[.,]?%d*$") then
      return text -- a number, as the dialect writes floats: never quoted
    end
    return csv_text(text, out)
  elseif type(value) == "number" then
    local text = data_number(value)
    return comma and math.type(value) == "float" and (text:gsub("%.", ",")) or text
  end
  return csv_text(tostring(value), out)
end

local function primary_table(doc)
  local first
  for _, block in ipairs(doc.blocks) do
    if block.kind == "table" then
      if block.primary then
        return block
      end
      first = first or block
    end
  end
  return first
end

-- The columns CSV adds before the primary table's so that a saved file says what it holds:
-- index, year and from, from doc:sources, each unless the table has a column of that name.
local function csv_added(doc, block)
  local p, added = doc.provenance, {}
  if not p then
    return added
  end
  local has = {}
  for _, column in ipairs(block.columns) do
    has[column.name] = true
  end
  for _, name in ipairs{"index", "year", "from"} do
    if p[name] ~= nil and not has[name] then
      added[#added + 1] = {name = name, value = p[name]}
    end
  end
  return added
end

-- out: {neutralise = bool, formula = function, neutralised = 0, dialect = name}, or nil to
-- write as is in the plain dialect.
local function render_csv(doc, out)
  out = out or {neutralised = 0}
  out.dialect = DIALECTS[out.dialect or "plain"]
  local block = primary_table(doc)
  if not block then
    error("the report has no table to write as CSV", 0)
  end
  local lines, header, delimiter = {}, {}, out.dialect.delimiter
  local added = csv_added(doc, block)
  for j, column in ipairs(added) do
    header[j] = csv_text(column.name, out)
  end
  for _, column in ipairs(block.columns) do
    header[#header + 1] = csv_text(column.name, out)
  end
  lines[1] = table.concat(header, delimiter)
  for i, cells in ipairs(block.cells) do
    local row = {}
    for j, column in ipairs(added) do
      row[j] = csv_value(column, column.value, doc.lang, out)
    end
    for j, column in ipairs(block.columns) do
      row[#added + j] = csv_value(column, cells[j], doc.lang, out)
    end
    lines[i + 1] = table.concat(row, delimiter)
  end
  local newline = out.dialect.newline
  return out.dialect.bom .. table.concat(lines, newline) .. newline
end

-- JSON ---------------------------------------------------------------------

-- A JSON object whose keys keep their order: object("a", 1, "b", 2).
local Object = {}
local function object(...)
  return setmetatable({n = select("#", ...), ...}, Object)
end

local json_escapes = {['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

local function json_string(text)
  return '"' .. i18n.clean(text):gsub('[%c"\\]', function(c)
    return json_escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local encode

local function json_array(list)
  local parts = {}
  for i = 1, #list do
    parts[i] = encode(list[i])
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

local function json_object(obj)
  local parts = {}
  for i = 1, obj.n, 2 do
    parts[#parts + 1] = json_string(obj[i]) .. ":" .. encode(obj[i + 1])
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function encode(value)
  local kind = type(value)
  if value == nil or value == null then
    return "null"
  elseif kind == "boolean" then
    return tostring(value)
  elseif kind == "number" then
    if math.type(value) == "float" and (value ~= value or value == math.huge
        or value == -math.huge) then
      return "null"
    end
    return data_number(value)
  elseif kind == "string" then
    return json_string(value)
  elseif getmetatable(value) == Object then
    return json_object(value)
  elseif kind == "table" then
    return json_array(value)
  end
  error("cannot write a " .. kind .. " as JSON", 0)
end

local function json_block(block)
  local kind = block.kind
  if kind == "heading" then
    return object("type", "heading", "level", block.level, "text", block.text)
  elseif kind == "paragraph" or kind == "note" then
    return object("type", kind, "text", block.text)
  elseif kind == "chart" then
    return object("type", "chart", "caption", block.caption, "svg", block.svg)
  end
  local names, labels, rows = {}, {}, {}
  for j, column in ipairs(block.columns) do
    names[j], labels[j] = column.name, column.label
  end
  for i, cells in ipairs(block.cells) do
    local fields = {}
    for j, column in ipairs(block.columns) do
      fields[#fields + 1] = column.name
      fields[#fields + 1] = cells[j]
    end
    rows[i] = object(table.unpack(fields, 1, 2 * #block.columns))
  end
  return object("type", "table", "caption", block.caption, "columns", names, "labels", labels,
    "rows", rows)
end

local function render_json(doc)
  local blocks = {}
  for i, block in ipairs(doc.blocks) do
    blocks[i] = json_block(block)
  end
  local provenance = sources.json(doc, object)
  if not provenance then
    return encode(object("title", doc.title, "subtitle", doc.subtitle, "lang", doc.lang,
      "blocks", blocks)) .. "\n"
  end
  return encode(object("title", doc.title, "subtitle", doc.subtitle, "lang", doc.lang,
    "blocks", blocks, "provenance", provenance)) .. "\n"
end

-- HTML ---------------------------------------------------------------------

local html_escapes = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
  ["'"] = "&#39;"}

local function html(text)
  return (i18n.clean(text):gsub("[&<>\"']", html_escapes))
end

local function html_lines(text)
  return (html(text):gsub("\r?\n", "<br>\n"))
end

-- The page fits any width: text wraps (a long word too), charts shrink with
-- the page, and a table too wide for it scrolls inside its own wrapper, its
-- first column held in place (sticky, on a background so it stays legible);
-- the page itself never scrolls sideways. Headers wrap, numbers do not, so
-- at 1280 px a table with many columns fits by wrapping its headers. In
-- print (A4), tables wrap instead of scrolling, header rows repeat on every
-- page, and no table row or chart is split across pages.
local STYLE = [[
body { margin: 0; background: #fff; color: #1b1b1b;
  font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif;
  font-size: 16px; line-height: 1.55; overflow-wrap: break-word; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .35rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .3rem; }
p { margin: .5rem 0 1rem; max-width: 45rem; }
.subtitle { color: #555; font-size: 1.1rem; margin-top: 0; }
.note { color: #555; font-size: .875rem; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: .75rem 0 1.5rem; }
table { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: .4rem; }
th, td { padding: .3rem .6rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid #e0e0e0; }
th { border-bottom: 2px solid #999; vertical-align: bottom; line-height: 1.3; }
th:first-child, td:first-child { position: sticky; left: 0; z-index: 1; background: #fff;
  box-shadow: inset -1px 0 0 #e0e0e0; }
.num { text-align: right; }
td.num { white-space: nowrap; }
.null { color: #999; }
figure { margin: 1rem 0 1.75rem; }
svg, img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .875rem; margin-top: .35rem; }
table.sources td { overflow-wrap: anywhere; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 10pt; line-height: 1.4; print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  p { max-width: none; }
  h2, h3, h4, caption { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  th, td { padding: .2rem .35rem; overflow-wrap: anywhere; }
  td.num { white-space: normal; }
  th:first-child, td:first-child { position: static; box-shadow: none; }
  thead { display: table-header-group; }
  tr, figure, svg, img { break-inside: avoid; }
  a { color: inherit; }
  a[href]:not([href^="#"])::after { content: " (" attr(href) ")"; font-size: .85em; color: #555;
    overflow-wrap: anywhere; }
}
]]

-- What the page may load and run: its own inline styles and data: images,
-- nothing else (no script, no request anywhere), whatever text it carries.
local CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

local function html_table(block, lang)
  local lines = {'<div class="table-wrap">', block.sources and '<table class="sources">' or "<table>"}
  if block.caption then
    lines[#lines + 1] = "<caption>" .. html(block.caption) .. "</caption>"
  end
  local header = {}
  for j, column in ipairs(block.columns) do
    header[j] = (column.numeric and '<th class="num">' or "<th>") .. html(column.label) .. "</th>"
  end
  lines[#lines + 1] = "<thead><tr>" .. table.concat(header) .. "</tr></thead>"
  lines[#lines + 1] = "<tbody>"
  for _, cells in ipairs(block.cells) do
    local row = {}
    for j, column in ipairs(block.columns) do
      local classes = {}
      if column.numeric then
        classes[#classes + 1] = "num"
      end
      if cells[j] == null then
        classes[#classes + 1] = "null"
      end
      local open = #classes > 0 and '<td class="' .. table.concat(classes, " ") .. '">' or "<td>"
      row[j] = open .. html(display(column, cells[j], lang)) .. "</td>"
    end
    lines[#lines + 1] = "<tr>" .. table.concat(row) .. "</tr>"
  end
  lines[#lines + 1] = "</tbody>"
  lines[#lines + 1] = "</table>"
  lines[#lines + 1] = "</div>"
  return table.concat(lines, "\n")
end

local function html_block(block, lang)
  local kind = block.kind
  if kind == "heading" then
    local tag = "h" .. (block.level + 1)
    return "<" .. tag .. ">" .. html(block.text) .. "</" .. tag .. ">"
  elseif kind == "paragraph" then
    return "<p>" .. html_lines(block.text) .. "</p>"
  elseif kind == "note" then
    return '<p class="note">' .. html_lines(block.text) .. "</p>"
  elseif kind == "table" then
    return html_table(block, lang)
  end
  local caption = block.caption and "\n<figcaption>" .. html(block.caption) .. "</figcaption>" or ""
  return '<figure class="chart">\n' .. svg_markup(block.svg) .. caption .. "\n</figure>"
end

local function render_html(doc)
  local lang = doc.lang
  local lines = {
    "<!DOCTYPE html>",
    '<html lang="' .. lang .. '">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="' .. CSP .. '">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>" .. html(i18n.t("page_title", lang, doc.title)) .. "</title>",
    "<style>",
    STYLE .. "</style>",
    "</head>",
    "<body>",
    "<main>",
    "<h1>" .. html(doc.title) .. "</h1>",
  }
  if doc.subtitle then
    lines[#lines + 1] = '<p class="subtitle">' .. html_lines(doc.subtitle) .. "</p>"
  end
  for _, block in ipairs(with_provenance(doc)) do
    lines[#lines + 1] = html_block(block, lang)
  end
  lines[#lines + 1] = "</main>"
  lines[#lines + 1] = "</body>"
  lines[#lines + 1] = "</html>"
  return table.concat(lines, "\n") .. "\n"
end

-- Output -------------------------------------------------------------------

local renderers = {text = render_text, md = render_md, csv = render_csv, json = render_json,
  html = render_html}
local FORMATS = "text, md, csv, json, html or xlsx"

-- opts of render and write: {dialect = "plain" or "excel-vn"} for CSV.
local function check_options(opts, format, fname)
  if opts == nil then
    return {}
  end
  if type(opts) ~= "table" then
    arg_error(3, fname, "table expected, got " .. type(opts))
  end
  for key in pairs(opts) do
    if key ~= "dialect" then
      arg_error(3, fname, string.format("unknown option '%s' (the option is dialect)", tostring(key)))
    end
  end
  if opts.dialect ~= nil and not DIALECTS[opts.dialect] then
    arg_error(3, fname, string.format("dialect must be \"plain\" or \"excel-vn\", not '%s'",
      tostring(opts.dialect)))
  end
  if opts.dialect ~= nil and format ~= "csv" then
    arg_error(3, fname, string.format("a dialect is for CSV, not %s", format))
  end
  return opts
end

function Report:render(format, opts)
  check_report(self, "render")
  local renderer = renderers[format]
  if format == "xlsx" then
    arg_error(1, "render", "a workbook is not text: write it to a file with doc:write(\"xlsx\", path)")
  elseif not renderer then
    arg_error(1, "render", string.format("unknown format '%s' (expected %s)", tostring(format),
      FORMATS))
  end
  opts = check_options(opts, format, "render")
  return renderer(self, {neutralised = 0, dialect = opts.dialect})
end

-- Writes the rendering to path through chiso's one file writer: made whole
-- beside path and renamed over it, never through a link, so a failure never
-- leaves a half-written report. Markdown's charts go in .svg files beside
-- it, named by chiso from path (NAME-1.svg, ...), written the same way. A sandboxed report's CSV has its formulas
-- made text, with a note saying how many. xlsx writes the report's tables
-- as the sheets of a workbook (chiso.report_xlsx).
function Report:write(format, path, opts)
  check_report(self, "write")
  if not renderers[format] and format ~= "xlsx" then
    arg_error(1, "write", string.format("unknown format '%s' (expected %s)", tostring(format),
      FORMATS))
  end
  if type(path) ~= "string" then
    arg_error(2, "write", "string expected, got " .. type(path))
  end
  opts = check_options(opts, format, "write")
  local core_sandbox = require("chiso.core").sandbox
  core_sandbox.check_write(path) -- refused before any work: a sandboxed report writes only to --out
  if format == "xlsx" then
    return require("chiso.report_xlsx").write(self, path, {apply_format = apply_format,
      data_number = data_number, primary = primary_table(self),
      provenance = sources.sheet(self, table_block)})
  end
  local out = {neutralise = core_sandbox.active(), formula = core_sandbox.formula, neutralised = 0,
    dialect = opts.dialect}
  if format == "md" then
    out.charts = {}
    out.chart_name = function(n) return core_sandbox.chart_name(path, n) end
  end
  local text = renderers[format](self, out)
  local ok, message
  if format == "md" then
    ok, message = core_sandbox.write_report(path, text, format, out.charts)
  else
    ok, message = core_sandbox.write_file(path, text, format)
  end
  if ok and out.neutralised > 0 then
    core_sandbox.note(string.format("%s: %d cell%s beginning with =, +, -, @, a tab or a "
      .. "carriage return written after a ' so that spreadsheets do not run %s as formulas", path,
      out.neutralised, out.neutralised == 1 and "" or "s", out.neutralised == 1 and "it" or "them"))
  end
  return ok, message
end

report.formats = {"text", "md", "csv", "json", "html", "xlsx"}

return report
