-- profile.lua: one province's scores and ranks in every index, year by year.
--
-- Shows, for one province (any spelling: "lạng sơn", "Lang Son", "TP.HCM", "20", "P13"):
--   - its PAR INDEX and SIPAS history: score, published rank (of 63), its place
--     among the provinces of its region that have a published rank that year
--     (and how many do), beside the published region and national averages;
--   - its PAPI totals: score, a rank computed among the provinces with a
--     complete total that year ("of 61"), its place in its region, the
--     national mean of those provinces;
--   - its PAPI dimensions in one year against the national mean (the mean of
--     the provinces present that year), with each dimension's computed rank;
--   - in HTML, a chart of its ranks over the years (rank 1 at the top), a map
--     of that year's PAPI totals with the province and its region outlined,
--     and a chart of its dimensions' distance from the national mean.
-- PAR INDEX and SIPAS ranks are the published ones, never recomputed from the
-- incomplete scores. A year the data does not hold is left out, never zero.
--
-- Options:
--   --province NAME  the province (required; also accepted as the first argument)
--   --year YEAR      the PAPI year of the dimensions (default: the latest)
--   --format F       text, md, csv, json, html or xlsx (a sheet per table)
--                    (default: text, or from --out's extension)
--   --out FILE       write the report to FILE instead of the terminal
--   --csv-dialect D  plain (default) or excel-vn (for Excel in Vietnamese)
--   --lang L         vi (Vietnamese, the default) or en
--
-- Example:  chiso run profile --province "lạng sơn" --year 2023 --out lang-son.html

local cli = require "chiso.cli"
local report = require "chiso.report"
local chart = require "chiso.chart"
local i18n = require "chiso.i18n"
local indices = require "chiso.indices"

local opts, rest = cli.parse(arg, {"year", "province", "format", "out", "lang"})
local lang = opts.lang
local t = i18n.translator(lang)

local fail = cli.stop

local spelling = opts.province or rest[1]
if not spelling then
  fail("which province? give --province NAME (see --help)")
end
-- A former province (Hà Tây) gives the one it became part of, and a note that says so.
local name, code, merged = chiso.vn.find_province(spelling)
if not name then
  fail(code)
end

local provinces = chiso.data.load("provinces")
local regions = provinces:select("province", "region")
local region = provinces:where("province", "==", name):row(1).region
local region_size = #provinces:where("region", "==", region)
local province_count = #provinces

--[[
  One index's history for the province: year, score, rank, among (how many
  provinces the rank is out of), region_rank (its place among the region's
  provinces with a rank that year) and region_ranked (how many those are).
  Published ranks are out of every province; computed ones (PAPI) out of the
  provinces ranked that year. Years with neither score nor rank are left out.
]]
local function history(index)
  local ds, info = indices.load(index)
  if not ds then
    fail(info)
  end
  ds = ds:join(regions, {on = "province", how = "left"})
  -- Ranking the ranks within the region gives the place in the region; a
  -- computed rank follows the score, so this is right for PAPI too.
  local ranked = ds:where{ {"region", "==", region}, {"rank", "not_null"} }
  local places = ranked:rank("rank", {by = "year", name = "region_rank"})
    :join(ranked:group_by("year"):agg{ {"region_ranked", "count"} }, {on = "year"})
    :where("province", "==", name)
    :select("year", "region_rank", "region_ranked")
  local mine = ds:where("province", "==", name)
  mine = mine:where(mine.score:not_null() | mine:col("rank"):not_null())
    :select("year", "score", "rank")
    :join(places, {on = "year", how = "left"})
    :sort("year")
  mine = mine:mutate("among", function(row)
    if row.rank == nil then
      return nil
    end
    return info.computed and info.among[row.year] or province_count
  end)
  return mine:select("year", "score", "rank", "among", "region_rank", "region_ranked"), info, ds
end

-- The published averages of an index ("PAR", "SIPAS") for one area, by year.
local function published(index_name, area, column)
  -- a user's own file of averages that cannot be read stops with its message
  local ok, averages = pcall(chiso.data.load, "published_averages")
  if not ok then
    fail(averages)
  end
  return averages
    :where{ {"index", "==", index_name}, {"area", "==", area} }
    :select("year", "average")
    :rename{average = column}
end

local labels = {
  index = t("index"), year = t("year"), score = t("score"), rank = t("rank"),
  among = t("rank_out_of"), region_rank = t("region_rank"), region_ranked = t("region_ranked"),
  region_average = t("published_region_average"),
  national_average = t("published_national_average"),
  national_mean = t("computed_national_mean"),
  code = t("code"), dimension = t("papi_dimension"), difference = t("difference"),
}

-- The table options for these columns: their labels, and the formats given.
local function columns(names, formats)
  local headers = {}
  for _, column in ipairs(names) do
    headers[column] = labels[column]
  end
  return {columns = names, headers = headers, formats = formats}
end

local doc = report.new{title = t("profile_title", name), lang = lang}
doc:paragraph(t("profile_summary", name, code, region, region_size, chiso.vn.unit_2025(name)))
if merged then
  doc:note(t("profile_merged", chiso.vn.merged(spelling)))
end

local histories, series = {}, {}

-- Keeps an index's history for the CSV table and its ranks for the chart.
local function collect(label, rows)
  histories[#histories + 1] = rows:mutate("index", label)
  local points = {}
  for _, row in rows:rows() do
    if row.rank then
      points[#points + 1] = {x = row.year, y = row.rank}
    end
  end
  series[#series + 1] = {label = label, points = points}
end

-- PAR INDEX and SIPAS: published ranks, with the published averages beside them.
for _, spec in ipairs{ {id = "par", published = "PAR"}, {id = "sipas", published = "SIPAS"} } do
  local index = assert(indices.resolve(spec.id))
  local label = indices.label(index, lang)
  local rows, info = history(index)
  collect(label, rows)
  -- A complete table without ranks (CHISO_DATA) is ranked by chiso: say where.
  local computed = {}
  for _, row in rows:rows() do
    if info.among[row.year] then
      computed[#computed + 1] = t("ranked_among", row.year, info.among[row.year])
    end
  end
  rows = rows:join(published(spec.published, region, "region_average"), {on = "year", how = "left"})
    :join(published(spec.published, "national", "national_average"), {on = "year", how = "left"})
    :sort("year")
  doc:heading(t("profile_heading_" .. spec.id))
  if #rows == 0 then
    doc:paragraph(t("profile_no_data", label))
  else
    doc:table(rows, columns({"year", "score", "rank", "among", "region_rank", "region_ranked",
      "region_average", "national_average"}, {score = 2, region_average = 2, national_average = 2}))
  end
  if #computed > 0 then
    doc:note(t("note_computed_ranks", label .. ": " .. table.concat(computed, "; ")))
  end
end
doc:note(t("profile_published_note", province_count))

-- PAPI totals: ranks computed over the provinces with every dimension that year.
local papi = assert(indices.resolve("papi"))
local papi_rows, papi_info, papi_all = history(papi)
collect(indices.label(papi, lang), papi_rows)
local means = papi_all:where("rank", "not_null"):group_by("year")
  :agg{ {"national_mean", "mean", "score"} }
papi_rows = papi_rows:join(means, {on = "year", how = "left"}):sort("year")
doc:heading(t("profile_heading_papi"))
doc:table(papi_rows, columns({"year", "score", "rank", "among", "region_rank", "region_ranked",
  "national_mean"}, {score = 4, national_mean = 4}))
doc:note(t("profile_papi_note"))
local incomplete = {}
for year, left_out in pairs(papi_info.left_out) do
  for _, province in ipairs(left_out) do
    if province == name then
      incomplete[#incomplete + 1] = year
    end
  end
end
table.sort(incomplete)
for _, year in ipairs(incomplete) do
  doc:note(t("profile_papi_incomplete", year))
end
if opts.format == "html" then
  doc:chart(chart.rank_history{title = t("profile_rank_chart"), series = series, lang = lang,
                               max_rank = province_count},
            {caption = t("profile_rank_chart_caption")})
end

-- PAPI dimensions in one year, against the mean of the provinces present.
local papi_years = indices.years(papi_all)
local year = opts.year or papi_years[#papi_years]
if #papi_all:where{ {"year", "==", year}, {"rank", "not_null"} } == 0 then
  fail(string.format("the PAPI data has no year %d (it holds %d-%d)", year, papi_years[1],
    papi_years[#papi_years]))
end

local dimensions, bars = {}, {}
for _, row in chiso.data.load("papi_dimensions"):rows() do
  local index = assert(indices.resolve("papi:" .. row.Variable_Code))
  local present = indices.load(index):where{ {"year", "==", year}, {"rank", "not_null"} }
  if #present > 0 then
    local mean = present.score:mean()
    local mine = present:where("province", "==", name)
    local score = mine.score:first()
    local label = i18n.t(index.dimension.key, lang)
    dimensions[#dimensions + 1] = {
      code = row.Variable_Code, dimension = label, score = score, national_mean = mean,
      difference = score and score - mean, rank = mine:col("rank"):first(), among = #present,
    }
    if score then
      bars[#bars + 1] = {label = label, value = score - mean}
    end
  end
end
doc:heading(t("profile_dimensions_heading", year))
doc:table(dimensions, columns({"code", "dimension", "score", "national_mean", "difference",
  "rank", "among"}, {score = 4, national_mean = 4, difference = 4}))
if #bars == 0 then
  doc:note(t("profile_papi_absent", year))
end
doc:note(t("profile_dimensions_note"))
-- The PAPI totals of that year on the map, the province and its region outlined.
if opts.format == "html" then
  local region_names = {}
  for _, row in provinces:where("region", "==", region):rows() do
    region_names[#region_names + 1] = row.province
  end
  local totals = papi_all:where{ {"year", "==", year}, {"rank", "not_null"} }
  doc:chart(chart.map{title = t("profile_map", year, name, region), values = totals,
      highlight = name, outline = region_names, legend_title = t("score_of", "PAPI"), format = 2,
      lang = lang},
    {caption = t("profile_map_caption", year, name)})
end
if opts.format == "html" and #bars > 0 then
  doc:chart(chart.bars{title = t("profile_dimension_chart", year), items = bars, lang = lang,
                       format = 2},
            {caption = t("profile_dimension_chart_caption")})
end

if opts.format == "csv" then
  -- CSV holds one table: the three histories, one below the other.
  local table_opts = columns({"index", "year", "score", "rank", "among", "region_rank",
    "region_ranked"})
  table_opts.primary = true
  doc:table(chiso.concat(histories), table_opts)
end

-- The sources: the region's PAR INDEX and SIPAS rows (its places rest on them), every PAPI
-- row (the national means, the map), the published averages of the region and the country.
local region_list, used = {}, {}
for _, row in provinces:where("region", "==", region):rows() do
  region_list[#region_list + 1] = row.province
end
for _, spec in ipairs{ {"par", "PAR"}, {"sipas", "SIPAS"} } do
  used[#used + 1] = indices.sources(indices.resolve(spec[1]), {provinces = region_list, lang = lang})
  used[#used + 1] = indices.published_sources(spec[2], {areas = {region, "national"}, lang = lang})
end
used[#used + 1] = indices.sources(papi, {lang = lang})
doc:sources(used)

cli.output(doc, opts)
