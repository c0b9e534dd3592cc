-- chiso.movers: year-over-year change in an index's ranks and scores, the
-- biggest risers and fallers; used by scripts/movers.lua and flagship.lua.
--
-- A mover is a province with a rank in both years; a province ranked in one
-- year only is not counted (its place in the other year is unknown, not
-- last). Ranks are those chiso.indices gives: published where published.

local indices = require "chiso.indices"
local i18n = require "chiso.i18n"

local movers = {}

local function span(years)
  return string.format("%d-%d", years[1], years[#years])
end

-- v rounded to 2 decimals, as the indices are published (PAPI sums carry
-- more); a change is computed before it is rounded. nil stays nil.
local function round(v)
  if v == nil then
    return nil
  end
  return (v >= 0 and math.floor(v * 100 + 0.5) or -math.floor(-v * 100 + 0.5)) / 100
end

-- A function giving a row's value of column name, rounded.
local function round2(name)
  return function(row)
    return round(row[name])
  end
end

-- Checks that year has ranks in the data; nil and a message in lang otherwise.
local function check_year(ds, index, year, lang)
  local years = indices.years(ds)
  for _, y in ipairs(years) do
    if y == year then
      return true
    end
  end
  return nil, i18n.t("movers_no_ranks_year", lang, indices.label(index, lang), year,
    #years > 0 and span(years) or "—")
end

-- The provinces of a region, as a list.
local function region_provinces(region)
  local list = {}
  for _, row in require("chiso.data").load("provinces"):where("region", "==", region):rows() do
    list[#list + 1] = row.province
  end
  return list
end

-- How many provinces have a rank in year (of those in list, when given).
local function ranked_in(ds, year, list)
  local ranked = ds:where{ {"year", "==", year}, {"rank", "not_null"} }
  if list then
    ranked = ranked:where("province", "in", list)
  end
  return #ranked
end

-- A province's rank and score in a year, nil for each the data lacks.
local function standing(ds, year, name)
  local rows = ds:where{ {"year", "==", year}, {"province", "==", name} }
  if #rows == 0 then
    return nil, nil
  end
  local row = rows:row(1)
  return row.rank, row.score
end

-- The rows of the provinces asked for: their ranks and scores each year, and
-- the changes where both years have them; a province without a rank (or a
-- score) in a year has none there, and no change.
local function chosen_rows(ds, from, year, names)
  local rows = {}
  for _, name in ipairs(names) do
    local rank_from, score_from = standing(ds, from, name)
    local rank, score = standing(ds, year, name)
    local row = {province = name, rank_from = rank_from, rank = rank,
                 score_from = round(score_from), score = round(score)}
    if rank_from and rank then
      row.rank_change = rank_from - rank
    end
    if score_from and score then
      row.score_change = round(score - score_from)
    end
    rows[#rows + 1] = row
  end
  return rows
end

--[[
  Computes the movers of an index between two years. opts: index (a table
  from chiso.indices.resolve), year (default the latest with ranks), from
  (default year - 1), top (default 10), region (a region's canonical name:
  the movers among its provinces only, their ranks still the national ones),
  provinces (a list of canonical names to report on whatever their place),
  lang (of the messages: "vi", the default, or "en"). Returns a result
  table, or nil and a one-line message when a year has no ranks:

    index, year, from, top
    movers   dataset: province, rank_from, rank, rank_change (places up:
             from - to, so positive is better), score_from, score,
             score_change; by rank_change, largest first, then by rank
    risers, fallers  the top risers (largest rank_change first) and fallers
             (most places lost first); a tie with the last one listed is
             kept, so there may be more than top
    unchanged        the number of movers whose rank did not change
    ranked   {[from] = n, [year] = n}: provinces with a rank each year
             (of the region, with opts.region)
    info     as chiso.indices.load returns it
    region, region_size   opts.region and its number of provinces
    national the movers of every province (the same as movers without a region)
    chosen   with opts.provinces: a list of rows {province, rank_from, rank,
             rank_change, score_from, score, score_change}, one per province
             in the order given, any of them nil where the data has none
]]
function movers.compute(opts)
  local index = opts.index
  local lang = i18n.check_lang(opts.lang, 2)
  local ds, info = indices.load(index, lang)
  if not ds then
    return nil, info
  end
  local years = indices.years(ds)
  if #years == 0 then
    return nil, i18n.t("movers_no_ranks", lang, indices.label(index, lang))
  end
  local year = opts.year or years[#years]
  local from = opts.from or (year - 1)
  if from >= year then
    return nil, i18n.t("movers_from_after", lang, from, year)
  end
  local ok, err = check_year(ds, index, year, lang)
  if not ok then
    return nil, err
  end
  ok, err = check_year(ds, index, from, lang)
  if not ok then
    return nil, err
  end
  local step = year - from
  -- A user's own table may hold a province twice in a year, which lag refuses.
  local fine, series = pcall(function()
    return ds:where("year", "in", {from, year})
      :lag("rank", {by = "province", step = step, name = "rank_from"})
      :lag("score", {by = "province", step = step, name = "score_from"})
      :diff("rank", {by = "province", step = step, name = "rank_diff"})
      :diff("score", {by = "province", step = step, name = "score_change"})
  end)
  if not fine then
    local message = tostring(series):gsub("^[^:]+:%d+: ", "")
    return nil, string.format("%s: %s", indices.label(index, lang), message)
  end
  local both = series:where{ {"year", "==", year}, {"rank", "not_null"}, {"rank_from", "not_null"} }
  both = both:mutate({
    rank_change = -both.rank_diff,
    score_from = round2("score_from"),
    score = round2("score"),
    score_change = round2("score_change"),
  }, {replace = true})
    :select("province", "rank_from", "rank", "rank_change", "score_from", "score", "score_change")
    :sort({"rank_change", desc = true}, "rank")
  local national, region_list = both, nil
  if opts.region then
    region_list = region_provinces(opts.region)
    both = both:where("province", "in", region_list)
  end
  local result = {
    index = index, year = year, from = from, top = opts.top or 10, info = info,
    movers = both, region = opts.region, region_size = region_list and #region_list,
    risers = both:where("rank_change", ">", 0):top(opts.top or 10, "rank_change"),
    fallers = both:where("rank_change", "<", 0)
      :sort("rank_change", "rank")
      :top(opts.top or 10, "rank_change", {desc = false}),
    unchanged = #both:where("rank_change", "==", 0),
    ranked = {[from] = ranked_in(ds, from, region_list),
              [year] = ranked_in(ds, year, region_list)},
    national = national,
    chosen = opts.provinces and chosen_rows(ds, from, year, opts.provinces) or nil,
  }
  return result
end

-- "tăng 7 bậc" / "up 7 places", "giảm 2 bậc" / "down 2 places",
-- "không đổi" / "unchanged"; "—" for no change known.
function movers.phrase(change, lang)
  if change == nil then
    return "—"
  elseif change > 0 then
    return i18n.t(change == 1 and "places_up_one" or "places_up", lang, change)
  elseif change < 0 then
    return i18n.t(change == -1 and "places_down_one" or "places_down", lang, -change)
  end
  return i18n.t("places_unchanged", lang)
end

-- A format for report tables: the number with a sign, "+4,32" / "-7" / "0".
local function signed(decimals)
  return function(value, lang)
    local text = i18n.number(value, decimals, lang)
    if value > 0 then
      return "+" .. text
    end
    return text
  end
end

local t = i18n.t

-- "Hải Dương (hạng 22 năm 2023, tăng 25 bậc)" for the rows tied at the top of ds, joined.
local function leaders(ds, year, lang)
  local items, first = {}, nil
  for _, row in ds:rows() do
    first = first or row.rank_change
    if row.rank_change ~= first then
      break
    end
    items[#items + 1] = t("movers_item", lang, row.province, row.rank, year,
      movers.phrase(row.rank_change, lang))
  end
  return table.concat(items, "; ")
end

-- The notes under a movers section: how ranks were found, what was left out.
function movers.notes(doc, info, years, lang)
  local among, published = {}, false
  for _, y in ipairs(years) do
    if info.among[y] then
      among[#among + 1] = t("ranked_among", lang, y, info.among[y])
    else
      published = true
    end
  end
  if published then
    doc:note(t("note_published_ranks", lang))
  end
  if #among > 0 then
    doc:note(t("note_computed_ranks", lang, table.concat(among, "; ")))
  end
  for _, y in ipairs(years) do
    if info.left_out[y] then
      doc:note(t("note_left_out", lang, y, table.concat(info.left_out[y], ", ")))
    end
  end
  doc:note(t("note_incomplete", lang))
end

-- The slope chart of the listed risers and fallers: rank in each year.
function movers.chart(result, lang)
  local chart = require "chiso.chart"
  local items = {}
  for _, ds in ipairs{result.risers, result.fallers} do
    for _, row in ds:rows() do
      items[#items + 1] = {label = row.province, left = row.rank_from, right = row.rank}
    end
  end
  return chart.slope{
    title = t("movers_chart_title", lang, indices.label(result.index, lang), result.from,
      result.year),
    left = tostring(result.from), right = tostring(result.year), items = items, ranks = true,
    max_rank = 63, lang = lang,
  }
end

-- The slope chart of the provinces asked for (result.chosen), those with a
-- rank in either year: a dot alone where a year has none.
function movers.chosen_chart(result, lang)
  local chart = require "chiso.chart"
  local items = {}
  for _, row in ipairs(result.chosen or {}) do
    if row.rank_from or row.rank then
      items[#items + 1] = {label = row.province, left = row.rank_from, right = row.rank}
    end
  end
  if #items == 0 then
    return nil
  end
  return chart.slope{
    title = t("movers_chosen_chart_title", lang, indices.label(result.index, lang), result.from,
      result.year),
    left = tostring(result.from), right = tostring(result.year), items = items, ranks = true,
    max_rank = 63, lang = lang,
  }
end

-- Rank changes on the map: places gained, in five classes around no change
-- (10 or more lost, 1 to 9 lost, none, 1 to 9 gained, 10 or more gained).
-- Every province ranked in both years is coloured, a region asked for is
-- outlined thin, and the provinces asked for thick.
function movers.map(result, lang)
  local chart = require "chiso.chart"
  local chosen = {}
  for _, row in ipairs(result.chosen or {}) do
    chosen[#chosen + 1] = row.province
  end
  return chart.map{
    title = t("movers_map", lang, indices.label(result.index, lang), result.from, result.year),
    values = result.national or result.movers, column = "rank_change", palette = "diverging",
    breaks = {-9, 0, 1, 10}, format = signed(0), legend_title = t("movers_map_legend", lang),
    highlight = chosen, outline = result.region and region_provinces(result.region) or nil,
    lang = lang,
  }
end

-- The name of the region result is limited to, in lang.
local function region_name(result, lang)
  return result.region and require("chiso.vn").region(result.region, lang)
end

-- The map's caption: what the classes are, what is outlined.
local function map_caption(result, lang)
  local caption = t("movers_map_caption", lang, result.from, result.year,
    #(result.national or result.movers))
  if result.region then
    caption = caption .. " " .. t("movers_map_region", lang, region_name(result, lang))
  end
  if result.chosen then
    caption = caption .. " " .. t("movers_map_chosen", lang)
  end
  return caption
end

-- The section on the provinces asked for: a sentence on each, their table
-- (the primary one unless opts.primary is false) and their slope chart.
local function chosen_section(doc, result, opts, table_opts)
  local lang, from, year = opts.lang, result.from, result.year
  doc:heading(t("movers_chosen", lang), opts.level or 2)
  local said = {}
  for _, row in ipairs(result.chosen) do
    if row.rank_change then
      said[#said + 1] = t("movers_chosen_item", lang, row.province, row.rank, year,
        movers.phrase(row.rank_change, lang), row.rank_from, from)
    elseif row.rank or row.rank_from then
      said[#said + 1] = t("movers_chosen_one_rank", lang, row.province, row.rank and from or year,
        row.rank or row.rank_from, row.rank and year or from)
    else
      said[#said + 1] = t("movers_chosen_no_rank", lang, row.province, from, year)
    end
  end
  doc:paragraph(table.concat(said, " "))
  doc:table(result.chosen, {columns = table_opts.columns, headers = table_opts.headers,
    formats = table_opts.formats, primary = opts.primary ~= false})
  local svg = opts.chart and movers.chosen_chart(result, lang)
  if svg then
    doc:chart(svg, {caption = t("movers_chosen_chart", lang, from, year)})
  end
end

--[[
  Adds the movers of result (from movers.compute) to a report: a summary,
  the risers and fallers, every province ranked in both years (the primary
  table, which --format csv writes), the notes. opts: lang, level (of the
  section headings, default 2), heading (a heading of the whole section at
  level - 1, for a report holding more), chart (true adds the slope chart
  and the map of rank changes; map = false leaves the map out),
  data (true: numbers as data, without display formats, for CSV), primary
  (false: the full table is not the report's primary one). Records the rows
  of the two years as the report's sources (doc:sources), with the index
  and the two years as CSV's columns when the table is the primary one.
]]
function movers.add_to(doc, result, opts)
  local lang, level = opts.lang, opts.level or 2
  local from, year = result.from, result.year
  if opts.heading then
    doc:heading(t("movers_title", lang, indices.label(result.index, lang), from, year), level - 1)
  end
  if result.region then
    doc:paragraph(t("movers_both_region", lang, #result.movers, result.region_size,
      region_name(result, lang), from, year, from, result.ranked[from], year, result.ranked[year]))
  else
    doc:paragraph(t("movers_both", lang, #result.movers, from, year, from, result.ranked[from],
      year, result.ranked[year]))
  end
  local summary = {}
  if #result.risers > 0 then
    summary[#summary + 1] = t("movers_top_riser", lang, leaders(result.risers, year, lang))
  end
  if #result.fallers > 0 then
    summary[#summary + 1] = t("movers_top_faller", lang, leaders(result.fallers, year, lang))
  end
  summary[#summary + 1] = t("movers_unchanged", lang, result.unchanged)
  doc:paragraph(table.concat(summary, " "))
  local headers = {
    province = t("province", lang), rank_from = t("rank_in", lang, from),
    rank = t("rank_in", lang, year), rank_change = t("change", lang),
    score_from = t("score_in", lang, from), score = t("score_in", lang, year),
    score_change = t("score_change", lang),
  }
  local columns = {"province", "rank_from", "rank", "rank_change", "score_from", "score",
                   "score_change"}
  -- Display forms: two decimals, signed changes. A CSV report holds the data
  -- itself (a report's formats are applied to its CSV too), so it gets none.
  local shown = {}
  if not opts.data then
    shown = {score_from = 2, score = 2, score_change = signed(2), rank_change = signed(0)}
  end
  local phrased = {}
  for name, format in pairs(shown) do
    phrased[name] = format
  end
  phrased.rank_change = movers.phrase
  if result.chosen then
    chosen_section(doc, result, opts, {columns = columns, headers = headers,
      formats = opts.data and shown or phrased})
  end
  for _, part in ipairs{{"movers_risers", result.risers, "movers_no_risers"},
                        {"movers_fallers", result.fallers, "movers_no_fallers"}} do
    doc:heading(t(part[1], lang), level)
    if #part[2] > 0 then
      doc:table(part[2], {columns = columns, headers = headers, formats = phrased})
    else
      doc:paragraph(t(part[3], lang))
    end
  end
  if opts.chart and (#result.risers > 0 or #result.fallers > 0) then
    doc:chart(movers.chart(result, lang), {caption = t("movers_chart", lang, from, year)})
  end
  if opts.chart and opts.map ~= false and #(result.national or result.movers) > 0 then
    doc:chart(movers.map(result, lang), {caption = map_caption(result, lang)})
  end
  doc:heading(t(result.region and "movers_all_region" or "movers_all", lang,
    region_name(result, lang)),
    level)
  doc:table(result.movers, {columns = columns, headers = headers, formats = shown,
                            primary = opts.primary ~= false and not result.chosen})
  movers.notes(doc, result.info, {from, year}, lang)
  if result.region then
    doc:note(t("movers_region_note", lang, region_name(result, lang)))
  end
  -- Every row of the two years counts: the counts of provinces ranked each year rest on them.
  local primary = opts.primary ~= false
  doc:sources{indices.sources(result.index, {years = {from, year}, lang = lang}),
              index = primary and result.index.id or nil, year = primary and year or nil,
              from = primary and from or nil}
  return doc
end

return movers
