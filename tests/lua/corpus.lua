-- corpus: the comparison of a loaded dataset with an expected table, shared by the
-- harnesses of the CSV corpora (test_csv_cases.lua) and of the workbooks with pandas'
-- expectations (test_sheet_pandas.lua).
--
-- An expected table (a NAME.expect file: a Lua chunk returning it) holds either
--   names, types, rows (null is chiso.null), notes (substrings that report.notes must hold,
--   each in some note), delimiter (report.delimiter; the tab may be reported as "tab")
-- or, for a file that must be refused,
--   error (substrings of the message), line (the line the message names, or nil).
-- NAME.opts, when present, is a table constructor of the reader's options; quiet = true is
-- added.

local T = require "testing"
local lfs = require "lfs"

local C = {}

function C.exists(path)
  return lfs.attributes(path, "mode") ~= nil
end

-- A Lua chunk of the corpus, run with only the names its expectations use.
function C.load_chunk(path, prefix)
  local env = {null = chiso.null, inf = math.huge, nan = 0 / 0, math = {mininteger = math.mininteger}}
  local chunk = assert(load(prefix .. T.read(path), "=" .. path, "t", env))
  return chunk()
end

function C.options(path)
  local opts = C.exists(path) and C.load_chunk(path, "return ") or {}
  if opts.quiet == nil then
    opts.quiet = true
  end
  return opts
end

local function show(v)
  if rawequal(v, chiso.null) then
    return "null"
  end
  if math.type(v) == "float" then
    return string.format("%.17g (float)", v)
  end
  return T.show(v)
end

-- The first differences between the loaded dataset and the expected table, as text.
local function table_differences(ds, report, want)
  local diffs = {}
  local function differ(text)
    if #diffs < 4 then
      diffs[#diffs + 1] = text
    end
  end
  local names = ds:names()
  if not T.same(names, want.names) then
    differ("names " .. T.show(names) .. ", expected " .. T.show(want.names))
    return diffs
  end
  local types = T.types(ds)
  if not T.same(types, want.types) then
    differ("types " .. T.show(types) .. ", expected " .. T.show(want.types))
  end
  local nrow = ds:nrow()
  if nrow ~= #want.rows then
    differ(string.format("%d rows, expected %d", nrow, #want.rows))
  end
  for j, name in ipairs(names) do
    local values = ds:col(name):totable()
    for i = 1, math.min(nrow, #want.rows) do
      local got, expected = values[i], want.rows[i][j]
      if not (rawequal(got, expected) or T.same(got, expected)) then
        differ(string.format("row %d column '%s': %s, expected %s", i, name, show(got),
          show(expected)))
      end
    end
  end
  local notes = report and report.notes
  for _, text in ipairs(want.notes or {}) do
    local found = false
    for _, note in ipairs(type(notes) == "table" and notes or {}) do
      if type(note) == "string" and note:find(text, 1, true) then
        found = true
      end
    end
    if not found then
      differ(string.format("no note contains %q (notes: %s)", text,
        type(notes) == "table" and T.show(notes) or "none"))
    end
  end
  -- the tab may be reported as "\t" or as "tab", the option's own name for it
  local delimiter = report and report.delimiter
  if delimiter == "tab" then
    delimiter = "\t"
  end
  if want.delimiter and delimiter ~= want.delimiter then
    differ(string.format("report.delimiter %s, expected %s", T.show(report and report.delimiter),
      T.show(want.delimiter)))
  end
  return diffs
end

-- Whether message names the line: "file:N:" or "line N" (spec-csv.md's two forms).
local function names_line(message, line)
  return message:find(":" .. line .. ":", 1, true) ~= nil
    or message:find("line " .. line .. "%f[^%d]") ~= nil
end

local function error_differences(ds, message, want)
  if ds ~= nil then
    return {"the file was loaded (" .. ds:nrow() .. " rows), expected an error containing "
      .. T.show(want.error)}
  end
  local diffs = {}
  message = tostring(message)
  for _, text in ipairs(want.error) do
    if not message:find(text, 1, true) then
      diffs[#diffs + 1] = string.format("message %q does not contain %q", message, text)
      break
    end
  end
  if want.line and not names_line(message, want.line) then
    diffs[#diffs + 1] = string.format("message %q does not name line %d", message, want.line)
  end
  return diffs
end

-- read (a function returning ds, report or nil, message) against the expectation. A file
-- that cannot be read is an expected failure, which returns nil and a message (STYLE.md:
-- lfs's two tiers); a raised error fails the case (an option the reader does not take yet
-- raises).
function C.differences(read, want)
  local ok, ds, report = pcall(read)
  if not ok then
    return {"raised: " .. tostring(ds)}
  end
  if want.error then
    return error_differences(ds, report, want)
  end
  if ds == nil then
    return {"refused: " .. tostring(report)}
  end
  return table_differences(ds, report, want)
end

-- The names of the files of folder dir that end in ext, without it, sorted.
function C.cases_in(dir, ext)
  local names = {}
  if lfs.attributes(dir, "mode") ~= "directory" then
    return names
  end
  for _, entry in ipairs(T.files_in(dir)) do
    if entry:sub(-#ext) == ext then
      names[#names + 1] = entry:sub(1, -#ext - 1)
    end
  end
  return names
end

return C
