-- import.lua: an official annex table (PAR INDEX, SIPAS or PCI of one year) into your data folder.
--
-- Reads the table as published, CSV or workbook (.xlsx, .xls): title lines
-- above it, a header of one or two rows, names in any common spelling or in
-- capitals (HẢI PHÒNG, TP. HCM), decimal commas. It finds the province, score
-- and rank columns by their headers (Tỉnh, thành phố / Điểm, Chỉ số /
-- Xếp hạng, Thứ hạng, or in English), resolves every province (a name it
-- does not know is listed, never guessed), and checks the table: ranks 1 to
-- N (a shared rank skips the places it takes: 1, 2, 2, 4), no province twice,
-- scores falling as ranks rise (equal scores may share a rank), and N = 63
-- provinces, or the 34 provincial units from 2025. Each problem is listed
-- with its line (its row in a workbook), and then nothing is written.
--
-- A table that passes is added to your data folder ($CHISO_DATA, else
-- ~/.local/share/chiso) as par_index.csv, sipas.csv or pci.csv, in the
-- bundled format, with basis "imported" and the file as source. Rows of
-- other years already there are kept; rows of the same year and province
-- are replaced, and the script says how many. Every script then uses your
-- rows over the bundled ones for those years and provinces.
--
-- Options:
--   FILE                 the annex table (required)
--   --index I            par, sipas or pci (required)
--   --year YEAR          the year the table ranks (required)
--   --province-column C  the province column, by header or place from 1 (default: found)
--   --score-column C     the score column (default: found; with several, the one of --year)
--   --rank-column C      the rank column (default: found)
--   --sheet S            a workbook's sheet, by name or number (default: the first visible)
--   --range R            the cells of the table in a workbook ("A5:D70")
--   --skip N             lines (rows) above the header (default: title lines found)
--   --footer N           lines (rows) below the table (default: footnotes found)
--   --header-rows N      rows of header (default: 1, or 2 when the second is sub-headings)
--   --delimiter D        a CSV file's delimiter (default: found)
--   --decimal M          "." or "," (default: a decimal comma is found)
--   --encoding E         a CSV file's encoding, as the CSV reader takes it
--
-- Example:  chiso run import phu-luc-1.xlsx --index par --year 2024

local cli = require "chiso.cli"
local annex = require "chiso.annex"

local opts, rest = cli.parse(arg, {"year"}, {
  index = {kind = "choice", choices = {"par", "sipas", "pci"}, help = "par, sipas or pci"},
  ["province-column"] = {kind = "string", help = "the province column"},
  ["score-column"] = {kind = "string", help = "the score column"},
  ["rank-column"] = {kind = "string", help = "the rank column"},
  sheet = {kind = "string", help = "a workbook's sheet"},
  range = {kind = "string", help = "a workbook's cells"},
  skip = {kind = "int", help = "lines above the header"},
  footer = {kind = "int", help = "lines below the table"},
  ["header-rows"] = {kind = "int", help = "rows of header"},
  delimiter = {kind = "string", help = "a CSV file's delimiter"},
  decimal = {kind = "choice", choices = {".", ","}, help = "the decimal mark"},
  encoding = {kind = "string", help = "a CSV file's encoding"},
})

local fail = cli.stop

local path = rest[1]
if not path then
  fail("which file? give the annex table: chiso run import FILE --index par --year 2024")
elseif #rest > 1 then
  fail(string.format("one file at a time (given: %s)", table.concat(rest, ", ")))
elseif not opts.index then
  fail("which index? give --index par, sipas or pci")
elseif not opts.year then
  fail("which year does the table rank? give --year")
end
local index = annex.indices[opts.index]

local kind = chiso.files.kind(path)
if kind ~= "file" then
  fail(string.format("%s: %s", path, kind and "not a file" or "no such file"))
end

local t, messages, partial = annex.read(path, {
  year = opts.year, sheet = math.tointeger(tonumber(opts.sheet)) or opts.sheet,
  range = opts.range, skip = opts.skip, footer = opts.footer, header_rows = opts["header-rows"],
  delimiter = opts.delimiter, decimal = opts.decimal, encoding = opts.encoding,
  province_column = opts["province-column"], score_column = opts["score-column"],
  rank_column = opts["rank-column"],
})
-- Each problem on standard error with its line, then stop: nothing is written.
local function stop_on(list, read)
  annex.tell(list, read, path)
  fail(string.format("%d problem%s in %s; nothing written", #list, #list == 1 and "" or "s", path), 1)
end
if not t then
  stop_on(messages, partial)
end

local rows, problems, notes = annex.check(t, opts.year)
annex.tell(notes, t, path, "note: ")
if #problems > 0 then
  stop_on(problems, t)
end

local source = annex.source(path, t)
local dir = chiso.data.user_dir()
if not dir then
  fail("no data folder to write to: set CHISO_DATA (or HOME)")
end
local result, err = annex.write(rows, {dir = dir, index = index, year = opts.year, source = source})
if not result then
  fail(err, 1)
end

local low, high, last = math.huge, -math.huge, 0
for _, row in ipairs(rows) do
  low, high, last = math.min(low, row.score), math.max(high, row.score), math.max(last, row.rank)
end
print(string.format("%s %d from %s: %d provinces, ranks 1-%d, scores %s-%s", index.label,
  opts.year, path, #rows, last, string.format("%.2f", low), string.format("%.2f", high)))
print(annex.shown(string.format("columns: province '%s', score '%s', rank '%s'", t.cols.province,
  t.cols.score, t.cols.rank)))
if result.created then
  print(string.format("wrote %s: a new file of %d rows", result.path, result.added))
else
  local what = {string.format("%d rows of %d added", result.added, opts.year)}
  if result.replaced > 0 then
    what[#what + 1] = string.format("%d rows of %d that were there replaced", result.replaced,
      opts.year)
  end
  if result.kept_same_year > 0 then
    what[#what + 1] = string.format("%d other rows of %d kept", result.kept_same_year, opts.year)
  end
  what[#what + 1] = string.format("%d rows of other years kept", result.kept - result.kept_same_year)
  print(string.format("wrote %s: %s", result.path, table.concat(what, "; ")))
end
