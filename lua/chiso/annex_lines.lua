-- chiso.annex_lines: where each row of a table read from a file lies in the
-- file, as the user sees it: the line a CSV record starts on (lines inside
-- quoted fields and blank lines counted), or a workbook's sheet row (empty
-- rows, titles and the header counted). The readers give a dataset, not
-- where its rows were; chiso.annex names problems by these lines.

local core = require "chiso.core"

local lines = {}

--[[
  The records of CSV text, blank lines left out, each {line = the line it
  starts on, fields = {...}}: quotes as RFC 4180 has them, so a quoted field
  may hold the delimiter and line breaks (which count as lines).
]]
local function csv_records(text, delimiter)
  if text:sub(1, 3) == "\239\187\191" then
    text = text:sub(4)
  end
  local records, fields, buf = {}, {}, {}
  local line, first, quoted = 1, 1, false
  local function end_record()
    fields[#fields + 1] = table.concat(buf)
    if not (#fields == 1 and fields[1]:match("^%s*$")) then
      records[#records + 1] = {line = first, fields = fields}
    end
    fields, buf = {}, {}
  end
  local i, n = 1, #text
  while i <= n do
    local c = text:sub(i, i)
    local crlf = c == "\r" and text:sub(i + 1, i + 1) == "\n"
    if quoted and c == '"' and text:sub(i + 1, i + 1) == '"' then
      buf[#buf + 1] = '"'
      i = i + 1
    elseif c == '"' then
      quoted = not quoted
    elseif quoted then
      buf[#buf + 1] = c
      if c == "\n" or (c == "\r" and not crlf) then
        line = line + 1
      end
    elseif c == delimiter then
      fields[#fields + 1] = table.concat(buf)
      buf = {}
    elseif c == "\n" or c == "\r" then
      i = crlf and i + 1 or i
      end_record()
      line = line + 1
      first = line
    else
      buf[#buf + 1] = c
    end
    i = i + 1
  end
  if #buf > 0 or #fields > 0 then
    end_record()
  end
  return records
end

-- A cell's text without spaces around it; "" for nothing (nil or chiso.null).
function lines.trimmed(v)
  if v == nil or v == core.null then
    return ""
  end
  return (tostring(v):match("^%s*(.-)%s*$"))
end
local trimmed = lines.trimmed

--[[
  The line each row of ds starts on in a CSV file: the rows are a run of the
  file's records (after titles and the header, before footnotes), found where
  the records' fields at the province column hold the rows' provinces, or
  failing that (a file in another encoding) their ranks. Returns the lines
  and the line of the header's first record, or nil when no run matches.
]]
function lines.csv(path, delimiter, ds, cols, header_rows)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local text = f:read("a")
  f:close()
  local records = csv_records(text, delimiter or ",")
  local position = {}
  for i, name in ipairs(ds:names()) do
    position[name] = i
  end
  local n = #ds
  local function matches(column, same)
    local p = position[column]
    local values = ds:col(column):totable()
    for offset = 0, #records - n do
      local all = true
      for i = 1, n do
        if not same(records[offset + i].fields[p], values[i]) then
          all = false
          break
        end
      end
      if all then
        return offset
      end
    end
    return nil
  end
  local offset = matches(cols.province, function(field, value)
    return trimmed(field) == trimmed(value)
  end) or matches(cols.rank, function(field, value)
    return value ~= core.null and tonumber(trimmed(field)) == tonumber(trimmed(value))
  end)
  if not offset then
    return nil
  end
  local lines = {}
  for i = 1, n do
    lines[i] = records[offset + i].line
  end
  local header = records[offset - header_rows + 1]
  return lines, header and header.line
end

-- Column letters to a number (A = 1) and back.
local function column_number(letters)
  local n = 0
  for c in letters:gmatch(".") do
    n = n * 26 + (c:byte() - 64)
  end
  return n
end

--[[
  The sheet row of each row of a workbook's table. The reader leaves out rows
  that are empty, so the rows of report.range that hold anything are
  counted, halving the range where some are empty, by reading parts of it
  again without a header. Returns the rows and the header's first row, or
  nil when the counts do not add up.
]]
function lines.sheet(path, report, n, header_rows)
  local left, top, right, bottom = (report.range or ""):match("^(%u+)(%d+):(%u+)(%d+)$")
  if not left then
    return nil
  end
  top, bottom = tonumber(top), tonumber(bottom)
  local function count(a, b)
    local ds = core.read(path, {sheet = report.sheet, range = left .. a .. ":" .. right .. b,
                                header = false, skip = 0, footer = 0, quiet = true})
    return ds and #ds or 0
  end
  local want = header_rows + n
  if count(top, bottom) ~= want or column_number(right) < column_number(left) then
    return nil
  end
  local rows = {}
  local function fill(a, b, k)
    if k == b - a + 1 then
      for r = a, b do
        rows[#rows + 1] = r
      end
    elseif k > 0 then
      local middle = (a + b) // 2
      local first = count(a, middle)
      fill(a, middle, first)
      fill(middle + 1, b, k - first)
    end
  end
  fill(top, bottom, want)
  local lines = {}
  for i = 1, n do
    lines[i] = rows[header_rows + i]
  end
  return lines, top
end

return lines
