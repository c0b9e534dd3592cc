-- The CSV corpora of issue 14: tests/csv/cases (quoting, line ends, spaces, delimiters,
-- numbers, types, layout, written from RFC 4180, Python's csv, DuckDB's read_csv and
-- spec-csv.md) and tests/csv/vn (files shaped like Vietnamese Excel, LibreOffice and Google
-- Sheets exports, in each encoding). Each NAME.csv has beside it NAME.expect, a Lua chunk
-- returning the table it must load as, and, when the case needs options, NAME.opts, a
-- table constructor passed as read_csv's options (quiet = true is added).
--
-- The expectations come from Python's csv module and hand-written types (tests/csv/casegen.py
-- says how; `python3.13 tests/csv/make_cases.py --check` and make_vn.py --check say whether
-- the committed files are what it writes). This file never runs Python.
--
-- An .expect table holds either
--   names, types, rows (null is chiso.null), notes (substrings that report.notes must hold,
--   each in some note), delimiter (report.delimiter; the tab may be reported as "tab")
-- or, for a file that must be refused,
--   error (substrings of the message), line (the line the message names, or nil).
-- Each file is read with read_csv, then with parse_csv on the same bytes, which must agree.

local T = require "testing"
local lfs = require "lfs"

local here = T.here()
local root = here:match("^(.*)/lua$") or (here .. "/..")
local corpora = {"cases", "vn"}

local function exists(path)
  return lfs.attributes(path, "mode") ~= nil
end

-- A Lua chunk of the corpus, run with only the names its expectations use.
local function load_chunk(path, prefix)
  local env = {null = chiso.null, inf = math.huge, nan = 0 / 0, math = {mininteger = math.mininteger}}
  local chunk = assert(load(prefix .. T.read(path), "=" .. path, "t", env))
  return chunk()
end

local function options(path)
  local opts = exists(path) and load_chunk(path, "return ") or {}
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
local function differences(read, want)
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

for _, corpus in ipairs(corpora) do
  local dir = root .. "/csv/" .. corpus
  local names = {}
  for _, entry in ipairs(exists(dir) and T.files_in(dir) or {}) do
    if entry:match("%.csv$") then
      names[#names + 1] = entry:sub(1, -5)
    end
  end
  for _, name in ipairs(names) do
    T.case(corpus .. "/" .. name, function()
      local base = dir .. "/" .. name
      local want = load_chunk(base .. ".expect", "")
      local opts = options(base .. ".opts")
      local diffs = differences(function() return chiso.read_csv(base .. ".csv", opts) end, want)
      if #diffs == 0 then
        local text = T.read(base .. ".csv")
        diffs = differences(function() return chiso.parse_csv(text, opts) end, want)
        for i, d in ipairs(diffs) do
          diffs[i] = "parse_csv: " .. d
        end
      end
      if #diffs > 0 then
        error(table.concat(diffs, "; "), 0)
      end
    end)
  end
end

T.case("the corpora hold at least 60 general cases and 30 Vietnamese exports", function()
  local counts = {}
  for _, corpus in ipairs(corpora) do
    local n = 0
    for _, entry in ipairs(exists(root .. "/csv/" .. corpus) and T.files_in(root .. "/csv/" .. corpus) or {}) do
      if entry:match("%.csv$") then n = n + 1 end
    end
    counts[corpus] = n
  end
  T.truthy(counts.cases >= 60, "tests/csv/cases holds " .. counts.cases .. " cases")
  T.truthy(counts.vn >= 30, "tests/csv/vn holds " .. counts.vn .. " cases")
end)

T.finish()
