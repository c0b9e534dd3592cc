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

-- A function giving a row's value of column name rounded to 2 decimals, as
-- the indices are published (PAPI sums carry more); a change is computed
-- before it is rounded.
local function round2(name)
  return function(row)
    local v = row[name]
    if v == nil then
      return nil
    end
    return (v >= 0 and math.floor(v * 100 + 0.5) or -math.floor(-v * 100 + 0.5)) / 100
  end
end

-- Checks that year has ranks in the data; nil and a message otherwise.
local function check_year(ds, index, year)
  local years = indices.years(ds)
  for _, y in ipairs(years) do
    if y == year then
      return true
    end
  end
  return nil, string.format("%s has no ranks for %d (it has ranks for %s)",
    indices.label(index, "en"), year, #years > 0 and span(years) or "no year")
end

--[[
  Computes the movers of an index between two years. opts: index (a table
  from chiso.indices.resolve), year (default the latest with ranks), from
  (default year - 1), top (default 10). Returns a result table, or nil and a
  one-line message when a year has no ranks:

    index, year, from, top
    movers   dataset: province, rank_from, rank, rank_change (places up:
             from - to, so positive is better), score_from, score,
             score_change; by rank_change, largest first, then by rank
    risers, fallers  the top risers (largest rank_change first) and fallers
             (most places lost first); a tie with the last one listed is
             kept, so there may be more than top
    unchanged        the number of movers whose rank did not change
    ranked   {[from] = n, [year] = n}: provinces with a rank each year
    info     as chiso.indices.load returns it
]]
function movers.compute(opts)
  local index = opts.index
  local ds, info = indices.load(index)
  if not ds then
    return nil, info
  end
  local years = indices.years(ds)
  if #years == 0 then
    return nil, string.format("%s has no ranks", indices.label(index, "en"))
  end
  local year = opts.year or years[#years]
  local from = opts.from or (year - 1)
  if from >= year then
    return nil, string.format("--from %d must be before --year %d", from, year)
  end
  local ok, err = check_year(ds, index, year)
  if not ok then
    return nil, err
  end
  ok, err = check_year(ds, index, from)
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
    return nil, string.format("%s: %s", indices.label(index, "en"), message)
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
  local result = {
    index = index, year = year, from = from, top = opts.top or 10, info = info,
    movers = both,
    risers = both:where("rank_change", ">", 0):top(opts.top or 10, "rank_change"),
    fallers = both:where("rank_change", "<", 0)
      :sort("rank_change", "rank")
      :top(opts.top or 10, "rank_change", {desc = false}),
    unchanged = #both:where("rank_change", "==", 0),
    ranked = {},
  }
  for _, y in ipairs{from, year} do
    result.ranked[y] = #ds:where{ {"year", "==", y}, {"rank", "not_null"} }
  end
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

-- Rank changes on the map: places gained, in five classes around no change
-- (10 or more lost, 1 to 9 lost, none, 1 to 9 gained, 10 or more gained).
function movers.map(result, lang)
  local chart = require "chiso.chart"
  return chart.map{
    title = t("movers_map", lang, indices.label(result.index, lang), result.from, result.year),
    values = result.movers, column = "rank_change", palette = "diverging",
    breaks = {-9, 0, 1, 10}, format = signed(0), legend_title = t("movers_map_legend", lang),
    lang = lang,
  }
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
  doc:paragraph(t("movers_both", lang, #result.movers, from, year, from, result.ranked[from],
    year, result.ranked[year]))
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
  if opts.chart and opts.map ~= false and #result.movers > 0 then
    doc:chart(movers.map(result, lang), {caption = t("movers_map_caption", lang, from, year,
      #result.movers)})
  end
  doc:heading(t("movers_all", lang), level)
  doc:table(result.movers, {columns = columns, headers = headers, formats = shown,
                            primary = opts.primary ~= false})
  movers.notes(doc, result.info, {from, year}, lang)
  -- Every row of the two years counts: the counts of provinces ranked each year rest on them.
  local primary = opts.primary ~= false
  doc:sources{indices.sources(result.index, {years = {from, year}, lang = lang}),
              index = primary and result.index.id or nil, year = primary and year or nil,
              from = primary and from or nil}
  return doc
end

return movers
