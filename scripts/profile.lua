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
-- With several provinces, a table puts their ranks side by side, index by
-- index and year by year; every other table has a row per province (a
-- Province column first); in HTML a rank-history chart per index has a line
-- per province, the map outlines them all, and each has its dimension chart.
--
-- Options:
--   --province NAME  the province (required; also accepted as the first
--                    argument); repeatable, or names separated by commas,
--                    for several side by side (--province "Lạng Sơn"
--                    --province "Cao Bằng", or "Lạng Sơn,Cao Bằng")
--   --region R       refused: profile compares provinces, name them with
--                    --province (see regions and movers --region for a region)
--   --year YEAR      the PAPI year of the dimensions (default: the latest)
--   --format F       text, md, csv, json, html or xlsx (a sheet per table)
--                    (default: text, or from --out's extension)
--   --out FILE       write the report to FILE instead of the terminal
--   --csv-dialect D  plain (default) or excel-vn (for Excel in Vietnamese)
--   --lang L         vi (Vietnamese, the default) or en
--
-- Example:  chiso run profile --province "lạng sơn" --year 2023 --out lang-son.html
--           chiso run profile --province "Lạng Sơn" --province "Cao Bằng" --out so-sanh.html

local cli = require "chiso.cli"
local report = require "chiso.report"
local chart = require "chiso.chart"
local i18n = require "chiso.i18n"
local indices = require "chiso.indices"

local opts, rest = cli.parse(arg, {"year", "province", "region", "format", "out", "lang"})
local lang = opts.lang
local t = i18n.translator(lang)

local fail = cli.stop

if opts.region then
  fail(t("profile_region_refused"))
end
local spellings = opts.province or {}
for _, spelling in ipairs(rest) do
  spellings[#spellings + 1] = spelling
end
if #spellings == 0 then
  fail(t("profile_which"))
end
-- A former province (Hà Tây) gives the one it became part of, and a note that says so.
local names, merged_notes = cli.provinces(spellings, lang)
local several = #names > 1

local provinces = chiso.data.load("provinces")
local regions = provinces:select("province", "region")
local province_count = #provinces

-- Each province's code, region, and the size of its region.
local about = {}
for i, name in ipairs(names) do
  local row = provinces:where("province", "==", name):row(1)
  about[name] = {order = i, code = row.code, region = row.region,
                 region_size = #provinces:where("region", "==", row.region)}
end

-- An index with its regions beside it, and what chiso.indices.load says of it.
local function load(index)
  local ds, info = indices.load(index, lang)
  if not ds then
    fail(info)
  end
  return ds:join(regions, {on = "province", how = "left"}), info
end

--[[
  One index's history for a province: year, score, rank, among (how many
  provinces the rank is out of), region_rank (its place among the region's
  provinces with a rank that year) and region_ranked (how many those are).
  Published ranks are out of every province; computed ones (PAPI) out of the
  provinces ranked that year. Years with neither score nor rank are left out.
]]
local function history(ds, info, name)
  local region = about[name].region
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
  return mine:select("year", "score", "rank", "among", "region_rank", "region_ranked")
end

-- The published averages of an index ("PAR", "SIPAS") for one area, by year.
local function published(index_name, area, column)
  -- a user's own file of averages that cannot be read stops with its message
  local ok, averages = pcall(chiso.data.load, "published_averages", lang)
  if not ok then
    fail(averages)
  end
  return averages
    :where{ {"index", "==", index_name}, {"area", "==", area} }
    :select("year", "average")
    :rename{average = column}
end

local labels = {
  province = t("province"),
  index = t("index"), year = t("year"), score = t("score"), rank = t("rank"),
  among = t("rank_out_of"), region_rank = t("region_rank"), region_ranked = t("region_ranked"),
  region_average = t("published_region_average"),
  national_average = t("published_national_average"),
  national_mean = t("computed_national_mean"),
  code = t("code"), dimension = t("papi_dimension"), difference = t("difference"),
}

-- The table options for these columns (a Province column first when there
-- are several provinces): their labels, and the formats given.
local function columns(list, formats)
  local names_shown = several and {"province"} or {}
  for _, column in ipairs(list) do
    names_shown[#names_shown + 1] = column
  end
  local headers = {}
  for _, column in ipairs(names_shown) do
    headers[column] = labels[column]
  end
  return {columns = names_shown, headers = headers, formats = formats}
end

-- The histories of several provinces as one table, year by year, the
-- provinces in the order given within a year.
local function stack(by_name)
  local parts = {}
  for _, name in ipairs(names) do
    parts[#parts + 1] = by_name[name]:mutate{province = name, order = about[name].order}
  end
  return chiso.concat(parts):sort("year", "order")
end

local doc = report.new{title = t("profile_title", table.concat(names, ", ")), lang = lang}
for _, name in ipairs(names) do
  local a = about[name]
  doc:paragraph(t("profile_summary", name, a.code, chiso.vn.region(a.region, lang),
    a.region_size, chiso.vn.unit_2025(name, lang)))
end
for _, note in ipairs(merged_notes) do
  doc:note(note)
end

-- Each index's history by province, for the CSV table, the charts and the
-- table of ranks side by side: {label =, by_name = {name -> rows}}.
local histories = {}

local function keep(label, by_name)
  histories[#histories + 1] = {label = label, by_name = by_name}
end

-- Says which provinces have no figure at all in an index.
local function absent(by_name, label)
  for _, name in ipairs(names) do
    if #by_name[name] == 0 then
      doc:paragraph(several and t("profile_no_data_of", label, name) or t("profile_no_data", label))
    end
  end
end

-- Ranks side by side: a row per index and year, a column per province.
local function ranks_side_by_side()
  local rows = {}
  for _, h in ipairs(histories) do
    local by_year, years = {}, {}
    for _, name in ipairs(names) do
      for _, row in h.by_name[name]:rows() do
        if row.rank then
          if not by_year[row.year] then
            by_year[row.year] = {index = h.label, year = row.year}
            years[#years + 1] = row.year
          end
          by_year[row.year][name] = row.rank
        end
      end
    end
    table.sort(years)
    for _, year in ipairs(years) do
      rows[#rows + 1] = by_year[year]
    end
  end
  local list, headers = {"index", "year"}, {index = labels.index, year = labels.year}
  for _, name in ipairs(names) do
    list[#list + 1] = name
    headers[name] = name
  end
  doc:heading(t("profile_ranks_heading"))
  doc:table(rows, {columns = list, headers = headers})
  doc:note(t("profile_ranks_note"))
end

-- PAR INDEX and SIPAS: published ranks, with the published averages beside them.
local par_sipas = {}
for _, spec in ipairs{ {id = "par", published = "PAR"}, {id = "sipas", published = "SIPAS"} } do
  local index = assert(indices.resolve(spec.id))
  local label = indices.label(index, lang)
  local ds, info = load(index)
  local by_name, shown = {}, {}
  for _, name in ipairs(names) do
    local rows = history(ds, info, name)
    by_name[name] = rows
    shown[name] = rows
      :join(published(spec.published, about[name].region, "region_average"),
        {on = "year", how = "left"})
      :join(published(spec.published, "national", "national_average"), {on = "year", how = "left"})
      :sort("year")
  end
  keep(label, by_name)
  -- A complete table without ranks (CHISO_DATA) is ranked by chiso: say where.
  local computed, seen = {}, {}
  for _, name in ipairs(names) do
    for _, row in by_name[name]:rows() do
      if info.among[row.year] and not seen[row.year] then
        seen[row.year] = true
        computed[#computed + 1] = row.year
      end
    end
  end
  table.sort(computed)
  for i, year in ipairs(computed) do
    computed[i] = t("ranked_among", year, info.among[year])
  end
  par_sipas[#par_sipas + 1] = {id = spec.id, label = label, by_name = shown, computed = computed}
end

-- PAPI totals: ranks computed over the provinces with every dimension that year.
local papi = assert(indices.resolve("papi"))
local papi_all, papi_info = load(papi)
local papi_by_name = {}
for _, name in ipairs(names) do
  papi_by_name[name] = history(papi_all, papi_info, name)
end
keep(indices.label(papi, lang), papi_by_name)

if several then
  ranks_side_by_side()
end

for _, part in ipairs(par_sipas) do
  doc:heading(t("profile_heading_" .. part.id))
  local rows = several and stack(part.by_name) or part.by_name[names[1]]
  if #rows > 0 then
    doc:table(rows, columns({"year", "score", "rank", "among", "region_rank", "region_ranked",
      "region_average", "national_average"}, {score = 2, region_average = 2, national_average = 2}))
  end
  absent(part.by_name, part.label)
  if #part.computed > 0 then
    doc:note(t("note_computed_ranks", part.label .. ": " .. table.concat(part.computed, "; ")))
  end
end
doc:note(t("profile_published_note", province_count))

local means = papi_all:where("rank", "not_null"):group_by("year")
  :agg{ {"national_mean", "mean", "score"} }
local papi_rows = several and stack(papi_by_name) or papi_by_name[names[1]]
papi_rows = papi_rows:join(means, {on = "year", how = "left"})
papi_rows = several and papi_rows:sort("year", "order") or papi_rows:sort("year")
doc:heading(t("profile_heading_papi"))
doc:table(papi_rows, columns({"year", "score", "rank", "among", "region_rank", "region_ranked",
  "national_mean"}, {score = 4, national_mean = 4}))
doc:note(t("profile_papi_note"))
for _, name in ipairs(names) do
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
    doc:note(several and t("profile_papi_incomplete_of", year, name)
      or t("profile_papi_incomplete", year))
  end
end

-- The rank-history charts: one province, a line per index; several, a chart
-- per index with a line per province (an index none of them has a rank in
-- has none).
if opts.format == "html" then
  local function points(rows)
    local list = {}
    for _, row in rows:rows() do
      if row.rank then
        list[#list + 1] = {x = row.year, y = row.rank}
      end
    end
    return list
  end
  if not several then
    local series = {}
    for _, h in ipairs(histories) do
      series[#series + 1] = {label = h.label, points = points(h.by_name[names[1]])}
    end
    doc:chart(chart.rank_history{title = t("profile_rank_chart"), series = series, lang = lang,
                                 max_rank = province_count},
              {caption = t("profile_rank_chart_caption")})
  else
    for _, h in ipairs(histories) do
      local series, any = {}, false
      for _, name in ipairs(names) do
        series[#series + 1] = {label = name, points = points(h.by_name[name])}
        any = any or #series[#series].points > 0
      end
      if any then
        doc:chart(chart.rank_history{title = t("profile_rank_chart_of", h.label), series = series,
                                     lang = lang, max_rank = province_count},
                  {caption = t("profile_rank_chart_caption_of", h.label)})
      end
    end
  end
end

-- PAPI dimensions in one year, against the mean of the provinces present.
local papi_years = indices.years(papi_all)
local year = opts.year or papi_years[#papi_years]
if #papi_all:where{ {"year", "==", year}, {"rank", "not_null"} } == 0 then
  fail(t("data_no_year", indices.label(papi, lang), year, papi_years[1], papi_years[#papi_years]))
end

local dimensions, bars = {}, {}
for _, name in ipairs(names) do
  bars[name] = {}
end
for _, row in chiso.data.load("papi_dimensions"):rows() do
  local index = assert(indices.resolve("papi:" .. row.Variable_Code))
  local present = indices.load(index, lang):where{ {"year", "==", year}, {"rank", "not_null"} }
  if #present > 0 then
    local mean = present.score:mean()
    local label = i18n.t(index.dimension.key, lang)
    for _, name in ipairs(names) do
      local mine = present:where("province", "==", name)
      local score = mine.score:first()
      dimensions[#dimensions + 1] = {
        province = name, code = row.Variable_Code, dimension = label, score = score,
        national_mean = mean, difference = score and score - mean,
        rank = mine:col("rank"):first(), among = #present,
      }
      if score then
        bars[name][#bars[name] + 1] = {label = label, value = score - mean}
      end
    end
  end
end
doc:heading(t("profile_dimensions_heading", year))
doc:table(dimensions, columns({"code", "dimension", "score", "national_mean", "difference",
  "rank", "among"}, {score = 4, national_mean = 4, difference = 4}))
for _, name in ipairs(names) do
  if #bars[name] == 0 then
    doc:note(several and t("profile_papi_absent_of", year, name) or t("profile_papi_absent", year))
  end
end
doc:note(t("profile_dimensions_note"))
-- The PAPI totals of that year on the map, the provinces and their regions outlined.
if opts.format == "html" then
  local outlined, seen = {}, {}
  for _, name in ipairs(names) do
    local region = about[name].region
    if not seen[region] then
      seen[region] = true
      for _, row in provinces:where("region", "==", region):rows() do
        outlined[#outlined + 1] = row.province
      end
    end
  end
  local totals = papi_all:where{ {"year", "==", year}, {"rank", "not_null"} }
  local title, caption
  if several then
    title = t("profile_map_several", year, table.concat(names, ", "))
    caption = t("profile_map_caption_several", year)
  else
    title = t("profile_map", year, names[1], chiso.vn.region(about[names[1]].region, lang))
    caption = t("profile_map_caption", year, names[1])
  end
  doc:chart(chart.map{title = title, values = totals, highlight = names, outline = outlined,
      legend_title = t("score_of", "PAPI"), format = 2, lang = lang},
    {caption = caption})
  for _, name in ipairs(names) do
    if #bars[name] > 0 then
      doc:chart(chart.bars{title = several and t("profile_dimension_chart_of", year, name)
          or t("profile_dimension_chart", year), items = bars[name], lang = lang, format = 2},
        {caption = t("profile_dimension_chart_caption")})
    end
  end
end

if opts.format == "csv" then
  -- CSV holds one table: the three histories, one below the other (by
  -- province within an index, when there are several).
  local parts = {}
  for _, h in ipairs(histories) do
    local rows = several and stack(h.by_name) or h.by_name[names[1]]
    parts[#parts + 1] = rows:mutate("index", h.label)
  end
  local table_opts = columns({"index", "year", "score", "rank", "among", "region_rank",
    "region_ranked"})
  table_opts.primary = true
  doc:table(chiso.concat(parts), table_opts)
end

-- The sources: the PAR INDEX and SIPAS rows of the provinces' regions (their places rest on
-- them), every PAPI row (the national means, the map), the published averages of those
-- regions and of the country.
local region_list, areas, seen, used = {}, {"national"}, {}, {}
for _, name in ipairs(names) do
  local region = about[name].region
  if not seen[region] then
    seen[region], areas[#areas + 1] = true, region
    for _, row in provinces:where("region", "==", region):rows() do
      region_list[#region_list + 1] = row.province
    end
  end
end
for _, spec in ipairs{ {"par", "PAR"}, {"sipas", "SIPAS"} } do
  used[#used + 1] = indices.sources(indices.resolve(spec[1]), {provinces = region_list, lang = lang})
  used[#used + 1] = indices.published_sources(spec[2], {areas = areas, lang = lang})
end
used[#used + 1] = indices.sources(papi, {lang = lang})
doc:sources(used)

cli.output(doc, opts)
