-- Workbooks made by a second writer (Debian's python3-openpyxl) against pandas' reading of
-- them: tests/sheet/pandas/NAME.xlsx, each with NAME.expect (the table
-- pandas.read_excel returns, with types and notes by hand; tests/sheet/make_pandas_books.py
-- says how and records the call) and NAME.opts (read_xlsx's options, quiet = true added).
-- The format of .expect files: tests/csv/README.md. This file never runs Python.

local T = require "testing"
local corpus = require "corpus"

local here = T.here()
local root = here:match("^(.*)/lua$") or (here .. "/..")
local dir = root .. "/sheet/pandas"
local names = corpus.cases_in(dir, ".xlsx")

for _, name in ipairs(names) do
  T.case("workbook " .. name .. ".xlsx reads as pandas reads it", function()
    local base = dir .. "/" .. name
    local want = corpus.load_chunk(base .. ".expect", "")
    local opts = corpus.options(base .. ".opts")
    local diffs = corpus.differences(function() return chiso.read_xlsx(base .. ".xlsx", opts) end,
      want)
    if #diffs > 0 then
      error(table.concat(diffs, "; "), 0)
    end
  end)
end

T.case("tests/sheet/pandas holds workbooks", function()
  T.truthy(#names >= 5, "found " .. #names .. " workbooks in " .. dir)
end)

T.finish()
