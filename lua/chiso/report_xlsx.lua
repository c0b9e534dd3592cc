-- report_xlsx: a report's tables as the sheets of an Excel workbook, for
-- doc:write("xlsx", path) (chiso.report). The primary table (the one
-- --format csv writes) is the first sheet, the others follow in the
-- report's order, one sheet each, and last, when the report recorded its
-- sources (doc:sources), a sheet "Nguồn" ("Sources") of them. A sheet is named by its table's caption,
-- else by the heading above the table, else "Bảng N" ("Table N"); its
-- header row holds the columns' headers as the report shows them.
--
-- Cells hold what CSV holds, typed: numbers as numbers (a column shown with
-- a number of decimals keeps its exact value, shown with those decimals),
-- booleans as booleans, nulls as empty cells; a column whose format is a
-- function or a pattern holds the formatted text, as CSV does; a column
-- mixing numbers and text holds text.

local i18n = require "chiso.i18n"

local core = require "chiso.core"

local M = {}

-- Excel's rules for a sheet's name (the writer checks them too): at most 31
-- characters, none of : \ / ? * [ ], no ' at either end; and no control
-- character, U+FFFE or U+FFFF, which XML cannot carry.
local NAME_CHARS = 31

local function sheet_name(text)
  text = text:gsub("[:\\/%?%*%[%]%c]", " "):gsub("\239\191[\190\191]", " "):gsub("%s+", " ")
    :match("^[%s']*(.-)[%s']*$")
  if utf8.len(text) == nil then
    return ""
  end
  if utf8.len(text) > NAME_CHARS then
    text = text:sub(1, utf8.offset(text, NAME_CHARS + 1) - 1):match("^(.-)[%s']*$")
  end
  return text
end

-- Two names Excel takes for one (it ignores case): the same key. Folding
-- drops tones too, which can only make two names differ that need not.
local function name_key(text)
  return core.vn.fold(text):lower()
end

-- The report's tables in sheet order, each with the heading above it.
local function tables_of(doc, primary)
  local list, heading = {}, nil
  for _, block in ipairs(doc.blocks) do
    if block.kind == "heading" then
      heading = block.text
    elseif block.kind == "table" and block ~= primary then
      list[#list + 1] = {block = block, heading = heading}
    elseif block.kind == "table" then
      table.insert(list, 1, {block = block, heading = heading})
    end
  end
  return list
end

-- A name for each table, each different from the others.
local function name_sheets(list, lang)
  local taken = {}
  for n, item in ipairs(list) do
    local base = sheet_name(item.block.caption or item.heading or "")
    if base == "" or base:lower() == "history" then
      base = i18n.t("sheet_table", lang, n)
    end
    local name, k = base, 1
    while taken[name_key(name)] do
      k = k + 1
      local suffix = string.format(" (%d)", k)
      name = sheet_name(base)
      if utf8.len(name) + #suffix > NAME_CHARS then
        name = name:sub(1, utf8.offset(name, NAME_CHARS - #suffix + 1) - 1)
      end
      name = name .. suffix
    end
    taken[name_key(name)] = true
    item.name = name
  end
end

-- What one column's cells hold: numbers, booleans, or text.
local function column_kind(column, cells, j, null)
  if column.format and type(column.format) ~= "number" then
    return "text"
  end
  local numbers, booleans, others = 0, 0, 0
  for _, row in ipairs(cells) do
    local v = row[j]
    if type(v) == "number" then
      numbers = numbers + 1
    elseif type(v) == "boolean" then
      booleans = booleans + 1
    elseif v ~= null then
      others = others + 1
    end
  end
  if others == 0 and booleans == 0 then
    return "number"
  elseif others == 0 and numbers == 0 then
    return "boolean"
  end
  return "text"
end

-- One table as a sheet for chiso.write_xlsx: its data, headers and decimals.
local function sheet_of(item, lang, helpers)
  local null = core.null
  local block, columns, names, headers, decimals = item.block, {}, {}, {}, {}
  local seen = {}
  for j, column in ipairs(block.columns) do
    local name = column.name
    while seen[name] do
      name = name .. "_"
    end
    seen[name] = true
    local kind = column_kind(column, block.cells, j, null)
    local values = {}
    for i, row in ipairs(block.cells) do
      local v = row[j]
      if v == null or v == nil then
        values[i] = null
      elseif kind == "text" and column.format then
        values[i] = helpers.apply_format(column, v, lang)
      elseif kind == "text" then
        values[i] = type(v) == "number" and helpers.data_number(v) or tostring(v)
      else
        values[i] = v
      end
    end
    columns[j] = {name, values}
    names[j] = name
    headers[name] = column.label or column.name
    if kind == "number" and type(column.format) == "number" then
      decimals[name] = column.format
    end
  end
  return {data = core.dataset(columns), sheet = item.name, headers = headers, decimals = decimals}
end

-- Writes doc's tables to path as a workbook: true, or nil and a message.
-- helpers: the report's apply_format and data_number, its primary table, and its
-- provenance as a table block (nil when it recorded none).
function M.write(doc, path, helpers)
  local list = tables_of(doc, helpers.primary)
  if #list == 0 then
    error("the report has no table to write as a workbook", 0)
  end
  if helpers.provenance then
    list[#list + 1] = {block = helpers.provenance}
  end
  name_sheets(list, doc.lang)
  local sheets = {}
  for n, item in ipairs(list) do
    sheets[n] = sheet_of(item, doc.lang, helpers)
  end
  return core.write_xlsx(path, sheets)
end

return M
