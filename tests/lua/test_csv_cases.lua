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
-- The format of .expect files is in tests/csv/README.md and tests/lua/corpus.lua.
-- Each file is read with read_csv, then with parse_csv on the same bytes, which must agree.

local T = require "testing"
local corpus = require "corpus"

local here = T.here()
local root = here:match("^(.*)/lua$") or (here .. "/..")
local counts = {}

for _, folder in ipairs({"cases", "vn"}) do
  local dir = root .. "/csv/" .. folder
  local names = corpus.cases_in(dir, ".csv")
  counts[folder] = #names
  for _, name in ipairs(names) do
    T.case(folder .. "/" .. name, function()
      local base = dir .. "/" .. name
      local want = corpus.load_chunk(base .. ".expect", "")
      local opts = corpus.options(base .. ".opts")
      local diffs = corpus.differences(function() return chiso.read_csv(base .. ".csv", opts) end,
        want)
      if #diffs == 0 then
        local text = T.read(base .. ".csv")
        diffs = corpus.differences(function() return chiso.parse_csv(text, opts) end, want)
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
  T.truthy(counts.cases >= 60, "tests/csv/cases holds " .. counts.cases .. " cases")
  T.truthy(counts.vn >= 30, "tests/csv/vn holds " .. counts.vn .. " cases")
end)

T.finish()
