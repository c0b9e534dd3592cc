-- coverage.lua: which province-years each bundled index holds, so you know what results rest on.
--
-- Shows, for the PAR INDEX, SIPAS and PAPI and each year, how many of the 63
-- provinces the data holds, how many have a rank and how many a score, and
-- whether the ranks are published or computed by chiso (PAPI publishes none
-- in these files: chiso ranks the provinces with a complete total). Then a
-- province × year table for one index marking what each province-year holds:
--   x  a rank and a score       r  a rank only       s  a score only
--   p  a PAPI total with whole dimensions missing (not ranked)
--   —  nothing: the province-year is absent (never zero)
-- With your own tables in your data folder ($CHISO_DATA, or what `chiso run
-- import` wrote), the counts show them, and a note names the index-years
-- whose rows come from your folder.
--
-- Options:
--   --index I    the index of the province × year table: par (the default),
--                sipas, papi or papi:<dimension> (for example papi:C08)
--   --year YEAR  one year only (default: every year)
--   --format F   text, md, csv (the counts), json, html or xlsx (a sheet per
--                table) (default: text, or from --out's extension)
--   --out FILE   write the report to FILE instead of the terminal
--   --csv-dialect D  plain (default) or excel-vn (for Excel in Vietnamese)
--   --lang L     vi (Vietnamese, the default) or en
--
-- Example:  chiso run coverage --index sipas --lang en

local cli = require "chiso.cli"
local report = require "chiso.report"
local i18n = require "chiso.i18n"
local indices = require "chiso.indices"

local opts = cli.parse(arg, {"year", "index", "format", "out", "lang"})
local lang = opts.lang
local t = i18n.translator(lang)

local fail = cli.stop

local matrix_index, err = indices.resolve(opts.index, lang)
if not matrix_index then
  fail(err)
end

local provinces = chiso.data.load("provinces")

-- An index's rows, every year; a table that cannot be read stops the script.
local function load_all(index)
  local ds, info = indices.load(index, lang)
  if not ds then
    fail(info)
  end
  return ds, info
end

-- An index's rows, one year or all.
local function load(index)
  local ds, info = load_all(index)
  if opts.year then
    ds = ds:where("year", "==", opts.year)
  end
  return ds, info
end

-- Per year: provinces held, with a rank, with a score, and whether the ranks are published.
local function counts(index)
  local ds, info = load(index)
  return ds:group_by("year"):agg{
    {"held", "count"}, {"ranked", "count", "rank"}, {"scored", "count", "score"},
  }:mutate{
    index = indices.label(index, lang),
    missing = function(row) return #provinces - row.held end,
    ranks = function(row)
      if row.ranked == 0 then
        return nil
      end
      local computed = info.computed and info.among[row.year]
      return t(computed and "ranks_computed" or "ranks_published")
    end,
  }
end

local all = {}
for _, id in ipairs{"par", "sipas", "papi"} do
  all[#all + 1] = counts(assert(indices.resolve(id)))
end
local summary = chiso.concat(all)
if #summary == 0 then
  fail(t("coverage_no_year", opts.year))
end

-- The index-years holding rows from the user's data folder (chiso.data's origin
-- column), as "PAR INDEX 2023 (63)"; a table that cannot be read has none here.
local function user_rows()
  local list = {}
  for _, id in ipairs{"par", "sipas", "pci"} do
    local ok, ds = pcall(chiso.data.load, id == "par" and "par_index" or id, lang)
    if ok then
      ds = ds:where("origin", "==", "user")
      if opts.year then
        ds = ds:where("year", "==", opts.year)
      end
      for _, row in ds:group_by("year"):agg{ {"n", "count"} }:rows() do
        list[#list + 1] = string.format("%s %d (%d)", indices.label(assert(indices.resolve(id)), lang),
          row.year, row.n)
      end
    end
  end
  return list
end

-- What a province-year holds, as one mark.
local function mark(row)
  if row.rank and row.score then
    return "x"
  elseif row.rank then
    return "r"
  elseif row.score then
    return "s"
  end
  return "p"
end

local held = load(matrix_index)
if #held == 0 then
  local years = load_all(matrix_index).year
  fail(t("data_no_year", indices.label(matrix_index, lang), opts.year, years:min(), years:max()))
end
local label = indices.label(matrix_index, lang)
local long = held:mutate("mark", mark)
local wide = long:pivot_wider{id = "province", names = "year", values = "mark"}
  :join(long:group_by("province"):agg{ {"years", "count"} }, {on = "province"})
local matrix = provinces:select("province"):join(wide, {on = "province", how = "left"})
  :mutate("years", function(row) return row.years or 0 end, {replace = true})
  :sort({"province", collate = "vi"})

local doc = report.new{title = t("coverage_title"), lang = lang}
doc:paragraph(t("coverage_intro", #provinces))
doc:table(summary, {
  columns = {"index", "year", "held", "ranked", "scored", "missing", "ranks"}, primary = true,
  headers = {index = t("index"), year = t("year"), held = t("coverage_held"),
             ranked = t("coverage_ranked"), scored = t("coverage_scored"),
             missing = t("coverage_missing"), ranks = t("coverage_ranks")},
})
doc:note(t("coverage_papi_note"))
local mine = user_rows()
if #mine > 0 then
  doc:note(t("coverage_user_rows", table.concat(mine, ", ")))
end

doc:heading(t("coverage_matrix_heading", label))
local headers = {province = t("province"), years = t("coverage_years")}
doc:table(matrix, {columns = matrix:names(), headers = headers})
doc:note(t("coverage_legend"))
local used = {}
for _, index in ipairs{"par", "sipas", "papi", matrix_index} do
  index = type(index) == "string" and assert(indices.resolve(index)) or index
  used[#used + 1] = indices.sources(index, {years = opts.year and {opts.year}, lang = lang})
end
doc:sources(used)

cli.output(doc, opts)
