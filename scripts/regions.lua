-- regions.lua: PAR INDEX or SIPAS by socio-economic region, beside the published averages.
--
-- Shows, for each of the six socio-economic regions (data/provinces.csv) and
-- each year, the mean, standard deviation, lowest and highest score of the
-- region's provinces that the bundled data holds, how many of the region's
-- provinces those figures rest on ("5 of 14"), and the region's published
-- average; a national row per year does the same for all 63 provinces beside
-- the published national average. The bundled tables are incomplete, so a
-- computed mean describes the provinces present, not the region: the
-- published averages (data/published_averages.csv) are the official ones.
-- With --year, the provinces behind each region's figures are listed too,
-- and in HTML and Markdown a map colours each province by its region's
-- published average.
-- A region-year with no score and no published average is left out.
--
-- Options:
--   --index I    par (the default) or sipas
--   --year YEAR  one year (default: every year the data holds)
--   --format F   text, md, csv, json, html or xlsx (a sheet per table)
--                (default: text, or from --out's extension)
--   --out FILE   write the report to FILE instead of the terminal
--   --csv-dialect D  plain (default) or excel-vn (for Excel in Vietnamese)
--   --lang L     vi (Vietnamese, the default) or en
--
-- Example:  chiso run regions --index par --year 2023 --lang en

local cli = require "chiso.cli"
local report = require "chiso.report"
local i18n = require "chiso.i18n"
local indices = require "chiso.indices"
local chart = require "chiso.chart"

local opts = cli.parse(arg, {"year", "index", "format", "out", "lang"})
local lang = opts.lang
local t = i18n.translator(lang)

local fail = cli.stop

local index = indices.resolve(opts.index, lang)
if not index or index.kind == "papi" or index.kind == "pci" then
  fail(t("regions_unknown_index", opts.index))
end
local label = indices.label(index, lang)
local published_name = index.kind == "par" and "PAR" or "SIPAS"

local provinces = chiso.data.load("provinces")
local national = t("national")

-- Regions in the order of the official codes of their provinces (north to
-- south), the national row last; and each area's number of provinces.
local position, size, areas = {}, {[national] = #provinces}, {}
for _, row in provinces:rows() do
  if not position[row.region] then
    areas[#areas + 1] = row.region
    position[row.region] = #areas
  end
  size[row.region] = (size[row.region] or 0) + 1
end
areas[#areas + 1] = national
position[national] = #areas

local ds, load_err = indices.load(index, lang)
if not ds then
  fail(load_err)
end
ds = ds:join(provinces:select("province", "region"), {on = "province"})
-- a user's own file of averages that cannot be read stops with its message
local ok, averages = pcall(chiso.data.load, "published_averages", lang)
if not ok then
  fail(averages)
end
averages = averages:where("index", "==", published_name)
if opts.year then
  if #ds:where("year", "==", opts.year) == 0 then
    local years = ds.year
    fail(t("data_no_year", label, opts.year, years:min(), years:max()))
  end
  ds = ds:where("year", "==", opts.year)
  averages = averages:where("year", "==", opts.year)
end

-- Mean, sd, min and max of the scores present, by the given keys.
local function summarise(scores, ...)
  return scores:group_by(...):agg{
    {"scored", "count", "score"}, {"mean", "mean", "score"}, {"sd", "sd", "score"},
    {"min", "min", "score"}, {"max", "max", "score"},
  }
end

local scores = ds:where("score", "not_null")
local by_region = summarise(scores:rename{region = "area"}, "area", "year")
local by_nation = summarise(scores:mutate("area", national), "area", "year")
local published = averages:mutate("area", function(row)
  return row.area == "national" and national or row.area
end, {replace = true}):where("area", "in", areas):select("area", "year", "average"):rename{average = "published"}

local rows = chiso.concat(by_region, by_nation)
  :join(published, {on = {"area", "year"}, how = "full"})
rows = rows:mutate({
  scored = function(row) return row.scored or 0 end,
  provinces = function(row) return size[row.area] end,
  position = function(row) return position[row.area] end,
}, {replace = true})
rows = rows:mutate("of", function(row) return t("n_of_m", row.scored, row.provinces) end)
  :sort("year", "position")
-- Region names in the report's language (the GSO's English names in English).
local function in_lang(column)
  return function(row) return chiso.vn.region(row[column], lang) end
end
rows = rows:mutate("area", in_lang("area"), {replace = true})

local doc = report.new{title = t("regions_title", label), lang = lang}
if opts.year then
  doc:paragraph(t("regions_year", opts.year))
end
-- Machine-readable formats get the two counts as numbers and the statistics
-- unrounded; the others "5 of 14" and two decimals.
local machine = opts.format == "csv" or opts.format == "json" or opts.format == "xlsx"
local shown = {"area", "year", machine and "scored" or "of", "mean", "sd", "min", "max", "published"}
if machine then
  table.insert(shown, 4, "provinces")
end
local labels = {
  area = t("region"), year = t("year"), of = t("regions_scored"), scored = t("regions_scored"),
  provinces = t("regions_provinces"), mean = t("mean"), sd = t("sd"), min = t("min"),
  max = t("max"), published = t("published_average"),
}
local headers = {}
for _, column in ipairs(shown) do
  headers[column] = labels[column]
end
doc:table(rows, {
  columns = shown, headers = headers, primary = true,
  -- a workbook keeps the exact numbers, shown with two decimals
  formats = (not machine or opts.format == "xlsx") and {mean = 2, sd = 2, min = 2, max = 2,
                                                         published = 2} or nil,
})
doc:note(t("regions_note", label))

-- With one year: the provinces behind each region's figures.
if opts.year then
  local held = ds:mutate("position", function(row) return position[row.region] end)
    :sort("position", "rank", {"province", collate = "vi"})
    :mutate("region", in_lang("region"), {replace = true})
  doc:heading(t("regions_held", opts.year))
  doc:table(held, {
    columns = {"region", "province", "score", "rank"},
    headers = {region = t("region"), province = t("province"), score = t("score"),
               rank = t("rank")},
    formats = {score = 2},
  })
end

-- With one year, in HTML or Markdown: each province coloured by its region's
-- published average, a class a region (breaks at the averages themselves).
local function add_map()
  local average_of = {}
  for _, row in averages:rows() do
    if row.area ~= "national" and row.average then
      average_of[row.area] = row.average
    end
  end
  local distinct, names = {}, {}
  for area, v in pairs(average_of) do
    if not names[v] then
      distinct[#distinct + 1] = v
      names[v] = {}
    end
    table.insert(names[v], area)
  end
  if #distinct < 2 then
    return
  end
  table.sort(distinct)
  local breaks, labels = {}, {}
  for i, v in ipairs(distinct) do
    if i > 1 then
      breaks[#breaks + 1] = v
    end
    local shown = {}
    for j, area in ipairs(names[v]) do
      shown[j] = chiso.vn.region(area, lang)
    end
    table.sort(shown)
    labels[i] = table.concat(shown, "; ") .. ": " .. i18n.number(v, 2, lang)
  end
  local values = {}
  for _, row in provinces:rows() do
    values[row.province] = average_of[row.region]
  end
  doc:chart(chart.map{title = t("regions_map", label, opts.year), values = values,
      breaks = breaks, class_labels = labels, legend_title = t("published_average"), format = 2,
      lang = lang},
    {caption = t("regions_map_caption", opts.year)})
end
if opts.year and (opts.format == "html" or opts.format == "md") then
  add_map()
end
local used = {years = opts.year and {opts.year}, lang = lang}
doc:sources{indices.sources(index, used), indices.published_sources(published_name, used),
            index = index.id}

cli.output(doc, opts)
