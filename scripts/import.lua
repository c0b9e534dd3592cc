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
-- Messages are in the --lang given (Vietnamese by default); the readers'
-- own words about a malformed file, and their notes, stay English.
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
--   --lang L             the language of the messages: vi (default) or en
--
-- Example:  chiso run import phu-luc-1.xlsx --index par --year 2024
--           chiso run import annex.csv --index sipas --year 2023 --lang en

local cli = require "chiso.cli"
local annex = require "chiso.annex"
local i18n = require "chiso.i18n"

local opts, rest = cli.parse(arg, {"year", "lang"}, {
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

local lang = opts.lang
local fail = cli.stop
local say = i18n.translator(lang)

local path = rest[1]
if not path then
  fail(say("import_which_file"))
elseif #rest > 1 then
  fail(say("import_one_file", table.concat(rest, ", ")))
elseif not opts.index then
  fail(say("import_which_index"))
elseif not opts.year then
  fail(say("import_which_year"))
end
local index = annex.indices[opts.index]

local kind = chiso.files.kind(path)
if kind ~= "file" then
  fail(say(kind and "import_not_a_file" or "import_no_such_file", path))
end

local t, messages, partial = annex.read(path, {
  year = opts.year, sheet = math.tointeger(tonumber(opts.sheet)) or opts.sheet,
  range = opts.range, skip = opts.skip, footer = opts.footer, header_rows = opts["header-rows"],
  delimiter = opts.delimiter, decimal = opts.decimal, encoding = opts.encoding,
  province_column = opts["province-column"], score_column = opts["score-column"],
  rank_column = opts["rank-column"], lang = lang,
})
-- Each problem on standard error with its line, then stop: nothing is written.
local function stop_on(list, read)
  annex.tell(list, read, path, lang)
  fail(say(#list == 1 and "import_problem" or "import_problems", #list, path), 1)
end
if not t then
  stop_on(messages, partial)
end

local rows, problems, notes = annex.check(t, opts.year, lang)
annex.tell(notes, t, path, lang, true)
if #problems > 0 then
  stop_on(problems, t)
end

local source = annex.source(path, t)
local dir = chiso.data.user_dir()
if not dir then
  fail(say("import_no_data_folder"))
end
local result, err = annex.write(rows, {dir = dir, index = index, year = opts.year, source = source,
  lang = lang})
if not result then
  fail(err, 1)
end

local low, high, last = math.huge, -math.huge, 0
for _, row in ipairs(rows) do
  low, high, last = math.min(low, row.score), math.max(high, row.score), math.max(last, row.rank)
end
print(say("import_read", say("index_" .. opts.index), opts.year, path, #rows, last,
  i18n.number(low, 2, lang), i18n.number(high, 2, lang)))
print(annex.shown(say("import_columns", t.cols.province, t.cols.score, t.cols.rank)))
if result.created then
  print(say("import_wrote_new", result.path, result.added))
else
  local what = {say("import_added", result.added, opts.year)}
  if result.replaced > 0 then
    what[#what + 1] = say("import_replaced", result.replaced, opts.year)
  end
  if result.kept_same_year > 0 then
    what[#what + 1] = say("import_kept_same_year", result.kept_same_year, opts.year)
  end
  what[#what + 1] = say("import_kept", result.kept - result.kept_same_year)
  print(say("import_wrote", result.path, table.concat(what, "; ")))
end
