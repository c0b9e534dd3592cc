-- chiso.correlation: the PAR INDEX against another index (SIPAS, or the
-- PAPI total) across provinces, for one year and for all years pooled:
-- Pearson and Spearman coefficients with p-values, intervals and n, the
-- least squares line and the provinces furthest from it. Used by
-- scripts/sipas_correlation.lua and flagship.lua.
--
-- Pairs are joined on the canonical province name and the year; a province
-- without both scores that year is left out, never counted as zero.

local core = require "chiso.core"
local data = require "chiso.data"
local indices = require "chiso.indices"
local i18n = require "chiso.i18n"

local stats = core.stats

local correlation = {}

-- A year needs this many pairs to be reported on.
correlation.min_pairs = 3

local function span(years)
  if years[1] == years[#years] then
    return tostring(years[1])
  end
  return string.format("%d-%d", years[1], years[#years])
end

-- Year, province, x (the PAR INDEX score), y (the other score): the pairs
-- with both, and each index's rows with a score; or nil and a message in lang.
local function pairs_of(with, lang)
  local par, err = indices.load(indices.resolve("par"), lang)
  if not par then
    return nil, err
  end
  local other
  other, err = indices.load(indices.resolve(with), lang)
  if not other then
    return nil, err
  end
  par, other = par:where("score", "not_null"), other:where("score", "not_null")
  return par:select("year", "province", "score"):rename{score = "x"}
    :join(other:select("year", "province", "score"):rename{score = "y"},
          {on = {"province", "year"}})
    :sort("year", {"province", collate = "vi"}), par, other
end

-- The provinces of a region, as a list.
local function region_provinces(region)
  local list = {}
  for _, row in data.load("provinces"):where("region", "==", region):rows() do
    list[#list + 1] = row.province
  end
  return list
end

-- Whether ds has a row of province name in year.
local function holds(ds, year, name)
  return #ds:where{ {"year", "==", year}, {"province", "==", name} } > 0
end

--[[
  The provinces asked for, in the year's pairs (part): rows {province, x, y,
  fitted, residual} for those with both scores, in the order given; for
  each named province without both, {province, x (has a PAR INDEX score),
  y (has the other)}; and how many of the region's provinces have both (the
  region's others are not named one by one).
]]
local function chosen(part, names, region, par, other, year)
  local fit, rows, missing, seen, region_with = part.fit, {}, {}, {}, 0
  local function add(name, named)
    local found = part.pairs:where("province", "==", name)
    if not named and #found > 0 then
      region_with = region_with + 1
    end
    if seen[name] then
      return
    end
    seen[name] = true
    if #found > 0 then
      local r = found:row(1)
      local fitted = fit.slope and fit.intercept + fit.slope * r.x
      rows[#rows + 1] = {province = name, x = r.x, y = r.y, fitted = fitted,
                         residual = fitted and r.y - fitted}
    elseif named then
      missing[#missing + 1] = {province = name, x = holds(par, year, name),
                               y = holds(other, year, name)}
    end
  end
  for _, name in ipairs(names or {}) do
    add(name, true)
  end
  for _, name in ipairs(region or {}) do
    add(name, false)
  end
  return rows, missing, region_with
end

-- Year -> number of pairs.
local function counts(pairs)
  local n, years = {}, {}
  for _, row in pairs:group_by("year"):agg{ {"n", "count"} }:rows() do
    n[row.year] = row.n
    years[#years + 1] = row.year
  end
  return n, years
end

-- The PAPI years whose total sums as many dimensions as year's: totals out of
-- 60 (six dimensions, to 2017) and out of 80 (eight, from 2018) do not pool.
local function papi_scale(year)
  local dims = data.papi_scores("total"):group_by("year"):agg{ {"dimensions", "max", "dimensions"} }
  local of = {}
  for _, row in dims:rows() do
    of[row.year] = row.dimensions
  end
  local same = {}
  for _, row in dims:rows() do
    if row.dimensions == of[year] then
      same[#same + 1] = row.year
    end
  end
  return same, of[year]
end

-- Coefficients, line and residuals of a set of pairs; label(row) names a point.
local function analyse(pairs, top, label)
  local x, y = pairs.x, pairs.y
  local result = {
    n = #pairs,
    pearson = stats.cor(x, y, {method = "pearson"}),
    spearman = stats.cor(x, y, {method = "spearman"}),
    fit = stats.lm(y, x),
    pairs = pairs,
  }
  local fit = result.fit
  if fit.slope then
    local with_fit = pairs:mutate{
      fitted = function(r) return fit.intercept + fit.slope * r.x end,
    }
    with_fit = with_fit:mutate{
      residual = with_fit.y - with_fit.fitted,
      label = label,
    }
    with_fit = with_fit:mutate("distance", function(r) return math.abs(r.residual) end)
    result.residuals = with_fit:top(top, "distance", {ties = "first"})
  end
  return result
end

--[[
  Computes the correlation of the PAR INDEX with opts.with ("sipas" or
  "papi") for opts.year (default: the latest year with at least
  correlation.min_pairs provinces holding both scores, and not after
  opts.until_year when that is given) and for the years pooled. opts.top:
  how many provinces furthest from the line (default 5). opts.provinces (a
  list of canonical names) and opts.region (a region's canonical name): the
  provinces to single out in the year, on the scatter and in a table of their
  own; the figures are still over every province. opts.lang: the language of
  the messages ("vi", the default, or "en"). Returns a result table, or nil,
  a one-line message and, when the year has too few provinces with both
  scores, the string "too few".

    with, year, years (with enough pairs), pooled_years, papi_dimensions
    single, pooled: {n, pearson, spearman (chiso.stats.cor tables), fit
      (chiso.stats.lm), pairs (year, province, x, y), residuals (the top
      rows by absolute residual, with fitted, residual, label)}
    chosen   with opts.provinces or opts.region: the rows {province, x, y,
             fitted, residual} of those with both scores in the year (the
             named ones first, in the order given, then the region's)
    missing  the named provinces without both scores in the year:
             {province, x = has a PAR INDEX score, y = has the other}
    region, region_size, region_with   opts.region, its number of provinces
             and how many of them have both scores in the year
]]
function correlation.compute(opts)
  local with = opts.with or "sipas"
  local top = opts.top or 5
  local lang = i18n.check_lang(opts.lang, 2)
  -- The scores of each index beside the pairs (when all is nil, par is the message).
  local all, par, other_scores = pairs_of(with, lang)
  if not all then
    return nil, par
  end
  local n, years = counts(all)
  local enough = {}
  for _, y in ipairs(years) do
    if n[y] >= correlation.min_pairs then
      enough[#enough + 1] = y
    end
  end
  local other = indices.label(indices.resolve(with), lang)
  if #enough == 0 then
    return nil, i18n.t("cor_too_few", lang, correlation.min_pairs, other), "too few"
  end
  local year = opts.year
  if not year then
    for _, y in ipairs(enough) do
      if not opts.until_year or y <= opts.until_year then
        year = y
      end
    end
    if not year then
      return nil, i18n.t("cor_too_few_until", lang, opts.until_year, correlation.min_pairs, other),
        "too few"
    end
  end
  if (n[year] or 0) < correlation.min_pairs then
    return nil, i18n.t("cor_too_few_year", lang, year, n[year] or 0, other, correlation.min_pairs,
      table.concat(enough, ", ")), "too few"
  end
  local result = {with = with, year = year, years = enough, top = top}
  local pooled = all
  if with == "papi" then
    local same
    same, result.papi_dimensions = papi_scale(year)
    pooled = all:where("year", "in", same)
  end
  local _, pooled_years = counts(pooled)
  result.pooled_years = pooled_years
  result.single = analyse(all:where("year", "==", year), top, function(r) return r.province end)
  result.pooled = analyse(pooled, top, function(r) return r.province .. " " .. r.year end)
  if opts.provinces or opts.region then
    local region_list = opts.region and region_provinces(opts.region)
    if region_list then
      result.region, result.region_size = opts.region, #region_list
    end
    result.chosen, result.missing, result.region_with = chosen(result.single,
      opts.provinces, region_list, par, other_scores, year)
  end
  return result
end

local t = i18n.t

-- A p-value for readers: three significant digits, "< 0,001" below that.
function correlation.p_text(p, lang)
  if p == nil then
    return "—"
  elseif p < 0.001 then
    return "< " .. i18n.number(0.001, 3, lang)
  end
  return i18n.number(p, 3, lang)
end

-- "p = 0,009" or "p < 0,001", for sentences.
function correlation.p_phrase(p, lang)
  local text = correlation.p_text(p, lang)
  return text:sub(1, 1) == "<" and "p " .. text or "p = " .. text
end

local function r_text(r, lang)
  return r and i18n.number(r, 3, lang) or "—"
end

-- The rows of the coefficients table: the year and the pooled years, each by two methods.
local function coefficient_rows(result, lang)
  local rows = {}
  for _, part in ipairs{{result.single, tostring(result.year)},
                        {result.pooled, span(result.pooled_years)}} do
    for _, method in ipairs{"pearson", "spearman"} do
      local c = part[1][method]
      rows[#rows + 1] = {years = part[2], method = t("cor_" .. method, lang), r = c.r, p = c.p,
                         ci_low = c.ci_low, ci_high = c.ci_high, n = c.n}
    end
  end
  return rows
end

-- The scatter of the year's pairs with the fitted line, the chosen or the furthest provinces labelled.
function correlation.chart(result, lang)
  local chart = require "chiso.chart"
  local part = result.single
  local x_name = indices.label(indices.resolve("par"), lang)
  local y_name = indices.label(indices.resolve(result.with), lang)
  local points, labelled, named = {}, {}, nil
  for _, row in part.pairs:rows() do
    points[#points + 1] = {x = row.x, y = row.y, label = row.province}
  end
  -- The provinces asked for, when there are any, highlighted and alone named;
  -- else those furthest from the line, with the chart's other notable points.
  if result.chosen then
    named, labelled = {}, false
    for _, row in ipairs(result.chosen) do
      named[#named + 1] = row.province
    end
  else
    for _, row in (part.residuals or part.pairs:head(0)):rows() do
      labelled[#labelled + 1] = row.province
    end
  end
  return chart.scatter{
    title = t("cor_chart", lang, x_name, y_name, result.year),
    x_label = t("score_of", lang, x_name), y_label = t("score_of", lang, y_name),
    points = points, label_points = labelled, highlight = named, lang = lang,
    fit = part.fit.slope and {slope = part.fit.slope, intercept = part.fit.intercept} or nil,
    annotation = t("cor_annotation", lang, r_text(part.pearson.r, lang),
      correlation.p_phrase(part.pearson.p, lang), part.n),
  }
end

local function summary(key, lang, scope, part)
  local p_phrase = correlation.p_phrase
  return t(key, lang, scope, r_text(part.pearson.r, lang), p_phrase(part.pearson.p, lang),
    r_text(part.spearman.r, lang), p_phrase(part.spearman.p, lang), part.n)
end

-- The table of the points furthest from the line (or of others), under heading if given.
local function residual_table(doc, part, heading, names, opts)
  local lang = opts.lang
  if heading then
    doc:heading(heading, opts.level or 2)
  end
  local columns = {"province", "x", "y", "fitted", "residual"}
  local headers = {province = t("province", lang), x = t("score_of", lang, names.x),
                   y = t("score_of", lang, names.y), fitted = t("cor_fitted", lang, names.y),
                   residual = t("cor_residual", lang)}
  if opts.pooled then
    table.insert(columns, 2, "year")
    headers.year = t("year", lang)
  end
  doc:table(part.residuals, {columns = columns, headers = headers,
    formats = {x = 2, y = 2, fitted = 2, residual = function(v, l)
      return (v > 0 and "+" or "") .. i18n.number(v, 2, l)
    end}})
end

-- The provinces asked for: how many of a region have both scores, which
-- named ones lack one, and the table of those with both.
local function chosen_section(doc, result, names, opts)
  local lang, year = opts.lang, result.year
  doc:heading(t("cor_chosen", lang, year), opts.level or 2)
  local said = {}
  local region = result.region and require("chiso.vn").region(result.region, lang)
  if region and result.region_with == 0 then
    said[#said + 1] = t("cor_region_none", lang, result.region_size, region, year)
  elseif region then
    said[#said + 1] = t("cor_region_count", lang, result.region_with, result.region_size,
      region, year)
  end
  for _, m in ipairs(result.missing) do
    if m.x or m.y then
      said[#said + 1] = t("cor_chosen_missing_one", lang, m.province, m.x and names.y or names.x,
        year, m.x and names.x or names.y)
    else
      said[#said + 1] = t("cor_chosen_missing_both", lang, m.province, names.x, names.y, year)
    end
  end
  if #result.chosen == 0 and not result.region then
    said[#said + 1] = t("cor_chosen_none", lang, year)
  end
  if #said > 0 then
    doc:paragraph(table.concat(said, " "))
  end
  if #result.chosen > 0 then
    residual_table(doc, {residuals = result.chosen}, nil, names, opts)
  end
end

--[[
  Adds the correlation to a report: how many provinces it rests on, the
  coefficients (the primary table, unless opts.primary is false), the
  fitted line, the scatter (opts.chart), the provinces furthest from the
  line, the notes. opts: lang, level, heading, chart, data, primary, as
  chiso.movers.add_to takes them. Records the rows of the pooled pairs, of
  both indices, as the report's sources; CSV's index column is "par+sipas"
  (or "par+papi") and its year column the year.
]]
function correlation.add_to(doc, result, opts)
  local lang, level = opts.lang, opts.level or 2
  local names = {x = indices.label(indices.resolve("par"), lang),
                 y = indices.label(indices.resolve(result.with), lang)}
  local single, pooled = result.single, result.pooled
  local pooled_span = span(result.pooled_years)
  if opts.heading then
    doc:heading(t("cor_title", lang, names.x, names.y), level - 1)
  end
  doc:paragraph(t("cor_basis_year", lang, result.year, single.n, names.x, names.y, single.n)
    .. " " .. t("cor_basis_pooled", lang, pooled_span, pooled.n))
  doc:paragraph(summary("cor_summary", lang, result.year, single) .. " "
    .. summary("cor_summary_pooled", lang, pooled_span, pooled))
  doc:heading(t("cor_coefficients", lang), level)
  local formats = {}
  if not opts.data then
    formats = {r = 3, ci_low = 3, ci_high = 3, p = correlation.p_text}
  end
  doc:table(coefficient_rows(result, lang), {
    columns = {"years", "method", "r", "p", "ci_low", "ci_high", "n"},
    headers = {years = t("cor_years", lang), method = t("cor_method", lang), r = "r", p = "p",
               ci_low = t("cor_ci_low", lang), ci_high = t("cor_ci_high", lang), n = "n"},
    formats = formats, primary = opts.primary ~= false,
  })
  local fit = single.fit
  if fit.slope then
    doc:paragraph(t("cor_fit", lang, result.year, names.y, i18n.number(fit.intercept, 2, lang),
      i18n.number(fit.slope, 3, lang), names.x, i18n.number(fit.r2, 3, lang)))
  end
  if opts.chart then
    local caption = t("cor_chart", lang, names.x, names.y, result.year)
    if result.chosen then
      caption = caption .. ". " .. t("cor_chart_chosen", lang)
    end
    doc:chart(correlation.chart(result, lang), {caption = caption})
  end
  if result.chosen then
    chosen_section(doc, result, names, {lang = lang, level = level})
  end
  if single.residuals then
    residual_table(doc, single, t("cor_residuals", lang, result.year), names,
      {lang = lang, level = level})
  end
  if pooled.residuals then
    residual_table(doc, pooled, t("cor_residuals_pooled", lang, pooled_span), names,
      {lang = lang, level = level, pooled = true})
  end
  doc:note(t("cor_residual_note", lang, names.y, names.x))
  doc:note(t("cor_incomplete", lang))
  doc:note(t("cor_pooled_note", lang))
  if result.papi_dimensions then
    doc:note(t("cor_papi_scale", lang, result.year, result.papi_dimensions, pooled_span))
  end
  -- The figures are the rows of the pooled pairs (the year's are among them), of both indices.
  local primary = opts.primary ~= false
  local used = {years = result.pooled_years, pairs = pooled.pairs, lang = lang}
  doc:sources{indices.sources(indices.resolve("par"), used),
              indices.sources(indices.resolve(result.with), used),
              index = primary and "par+" .. result.with or nil, year = primary and result.year or nil}
  return doc
end

return correlation
