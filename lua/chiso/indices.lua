-- chiso.indices: the provincial indices as one shape (province, year, score,
-- rank), whatever file they come from, for scripts that compare years or
-- indices.
--
-- Ranks are the published ones wherever the data has them (PCI's are VCCI's,
-- complete for 2007-2016): the PAR INDEX and SIPAS tables hold a few dozen of
-- 63 provinces a year, and ranking those
-- again would give wrong places. A rank is computed only where none is
-- published: PAPI totals and dimensions (from the summed sub-dimensions), and
-- a PAR INDEX or SIPAS year whose table is complete (a score for every
-- province) but has no rank column filled. A province-year that is absent
-- stays absent; it is never a zero.

local core = require "chiso.core"
local data = require "chiso.data"
local vn = require "chiso.vn"
local i18n = require "chiso.i18n"

local indices = {}

-- The PAPI dimensions: code, English name (the codebook's) and the key of the
-- Vietnamese name in chiso.strings.
local function papi_dimensions()
  local list = {}
  for _, row in data.load("papi_dimensions"):rows() do
    list[#list + 1] = {code = row.Variable_Code, name = row.Variable_Name,
                       key = "papi_dimension_" .. row.Variable_Code:lower()}
  end
  return list
end

-- The PAPI dimension a user named: its code (C01, c1, 1) or its name in
-- English or Vietnamese, folded (case and tone marks do not matter); or nil
-- and a message in lang.
local function find_dimension(text, lang)
  local dims = papi_dimensions()
  local folded = vn.key(text)
  local number = tonumber(folded:match("^c?(%d+)$") or "")
  for _, dim in ipairs(dims) do
    if number and tonumber(dim.code:sub(2)) == number
      or folded == vn.key(dim.name) or folded == vn.key(i18n.t(dim.key, "vi")) then
      return dim
    end
  end
  local names = {}
  for _, dim in ipairs(dims) do
    names[#names + 1] = dim.code
  end
  return nil, i18n.t("indices_unknown_dimension", lang, text, table.concat(names, ", "))
end

--[[
  The index a user named with --index: "par", "sipas", "pci", "papi" (PAPI totals)
  or "papi:<dimension>". Returns {id =, kind =, dimension =} or nil and a
  one-line message in lang ("vi", the default, or "en").
]]
function indices.resolve(spec, lang)
  lang = i18n.check_lang(lang, 2)
  local text = (spec or "par"):lower():match("^%s*(.-)%s*$")
  if text == "par" or text == "par_index" or text == "sipas" or text == "pci" or text == "papi" then
    local kind = text == "par_index" and "par" or text
    return {id = kind, kind = kind}
  end
  local dimension = (spec or ""):match("^%s*[Pp][Aa][Pp][Ii]%s*:%s*(.-)%s*$")
  if dimension and dimension ~= "" then
    local dim, err = find_dimension(dimension, lang)
    if not dim then
      return nil, err
    end
    return {id = "papi:" .. dim.code, kind = "papi", dimension = dim}
  end
  return nil, i18n.t("indices_unknown", lang, tostring(spec))
end

-- The index's name for a reader: "PAR INDEX", "SIPAS", "PAPI", "PAPI: E-Governance".
function indices.label(index, lang)
  local name = i18n.t("index_" .. index.kind, lang)
  if index.dimension then
    return name .. ": " .. i18n.t(index.dimension.key, lang)
  end
  return name
end

-- ds with canonical province names, or nil and a message in lang naming a
-- name that does not resolve (a user's own table may spell one in a way
-- chiso.vn does not know).
local function canonical(ds, name, lang)
  local bad
  local result = ds:mutate("province", function(row)
    local province, err = vn.find_province(row.province, lang)
    if not province then
      bad = bad or i18n.t("indices_bad_province", lang, err, name, tostring(row.year))
      return nil
    end
    return province
  end, {replace = true})
  if bad then
    return nil, bad
  end
  return result
end

-- The number of provinces (63): a table with a score for each is complete.
local function province_count()
  return #data.load("provinces")
end

-- PAR INDEX or SIPAS: published ranks; ranks computed only for a complete year without any.
local function published(name, lang)
  local held, err = data.try_load(name, lang)
  if not held then
    return nil, err
  end
  local ds
  ds, err = canonical(held:select("year", "province", "score", "rank"), name, lang)
  if not ds then
    return nil, err
  end
  local years = ds:group_by("year"):agg{ {"ranks", "count", "rank"}, {"scores", "count", "score"} }
  local info = {computed = false, among = {}, left_out = {}}
  local complete = {}
  for _, y in years:rows() do
    if y.ranks == 0 and y.scores == province_count() then
      complete[#complete + 1] = y.year
      info.among[y.year] = y.scores
      info.computed = true
    end
  end
  if #complete > 0 then
    local ranked = ds:where("year", "in", complete)
      :rank("score", {by = "year", desc = true, ties = "min", name = "rank", replace = true})
    ds = core.reshape.concat(ds:where(~ds.year:isin(complete)), ranked)
  end
  return ds, info
end

-- The parts (sub-dimensions) behind each PAPI score, and whether the score
-- has every part that year's other provinces have: a sum over fewer parts is
-- not the same measure, so it is left unranked rather than ranked low.
local function papi_scores(dimension)
  local long = data.load("papi")
  local keys = {"province", "year"}
  if dimension then
    long = long:where("dimension_code", "==", dimension.code)
  end
  local scores = long:group_by(keys):agg{ {"score", "sum", "score"}, {"parts", "count", "score"} }
  local full = scores:group_by("year"):agg{ {"full", "max", "parts"} }
  scores = scores:join(full, {on = "year"})
  return scores
end

-- PAPI totals or one dimension: ranks computed per year over the provinces
-- with a complete score, largest first, ties sharing the best place ("min").
local function papi(index)
  local scores = papi_scores(index.dimension)
  local complete = scores:where(scores.parts:eq(scores.full))
  local partial = scores:where(scores.parts:lt(scores.full))
  local ranked = complete:rank("score", {by = "year", desc = true, ties = "min", name = "rank"})
  local info = {computed = true, among = {}, left_out = {}}
  for _, row in ranked:group_by("year"):agg{ {"n", "count", "rank"} }:rows() do
    info.among[row.year] = row.n
  end
  for _, row in partial:sort("year", {"province", collate = "vi"}):rows() do
    local list = info.left_out[row.year] or {}
    list[#list + 1] = row.province
    info.left_out[row.year] = list
  end
  ranked = core.reshape.concat(ranked, partial:mutate("score", core.null, {replace = true}))
  return ranked:select("year", "province", "score", "rank"), info
end

--[[
  The index as a dataset of year, province, score, rank (either may be
  null), with canonical province names, and a table saying how the ranks
  were found: computed (true when chiso ranked some year itself), among
  (year -> the number of provinces ranked, for the years chiso ranked) and
  left_out (year -> provinces whose score was incomplete, so not ranked).
  A province name that does not resolve, or a user's file that cannot be
  read, gives nil and a message in lang ("vi", the default, or "en").
]]
function indices.load(index, lang)
  lang = i18n.check_lang(lang, 2)
  if index.kind == "papi" then
    return papi(index)
  end
  return published(index.kind == "par" and "par_index" or index.kind, lang)
end

-- Provenance ---------------------------------------------------------------

-- The data table an index's rows come from, as chiso.data names it.
local function table_name(index)
  if index.kind == "papi" then
    return "papi"
  end
  return index.kind == "par" and "par_index" or index.kind
end

-- Every row of index as year, province (canonical), score, rank, source and
-- origin; the PAPI files carry no source, so their rows get data.papi_source.
local function rows_with_sources(index)
  local name = table_name(index)
  if name == "papi" then
    local ds, err = indices.load(index)
    if not ds then
      return nil, err
    end
    return ds:mutate{source = data.papi_source, origin = data.origin("papi")}
  end
  local held, err = data.try_load(name)
  if not held then
    return nil, err
  end
  return canonical(held:select("year", "province", "source", "origin"), name)
end

-- A set of the list's values; nil for no list.
local function set_of(list)
  if list == nil then
    return nil
  end
  local set = {}
  for _, v in ipairs(list) do
    set[v] = true
  end
  return set
end

-- The rows of a dataset or of a list of row tables.
local function each_row(rows)
  if type(rows) == "table" then
    return ipairs(rows)
  end
  return rows:rows()
end

-- Per year of years: how many provinces index holds, ranks and scores, and how many of its
-- rows come from the user's folder (all provinces counted, whichever the report used).
local function coverage_of(index, years, all)
  local ds, err = indices.load(index)
  if not ds then
    return nil, err
  end
  local wanted, by_year = set_of(years), {}
  for _, year in ipairs(years) do
    by_year[year] = {year = year, held = 0, ranked = 0, scored = 0, user = 0,
                     of = province_count()}
  end
  for _, row in ds:rows() do
    local c = wanted[row.year] and by_year[row.year]
    if c then
      c.held = c.held + 1
      c.ranked = c.ranked + (row.rank and 1 or 0)
      c.scored = c.scored + (row.score and 1 or 0)
    end
  end
  for _, row in all:rows() do
    if wanted[row.year] and row.origin == "user" then
      by_year[row.year].user = by_year[row.year].user + 1
    end
  end
  local list = {}
  for i, year in ipairs(years) do
    list[i] = by_year[year]
  end
  return list
end

--[[
  What a report used of index, for doc:sources (chiso.report): the rows of
  opts.years (a list; default every year) and of opts.provinces (a list of
  canonical names; default every province), or only those whose year and
  province are a row of opts.pairs (a dataset or list of rows with year
  and province), each with its source and origin; and the coverage of the
  index in the years used (opts.years, else the years of those rows),
  counted over every province. opts.lang names the index. Raises an error
  when the index's data cannot be read (the report that used it read it).
]]
function indices.sources(index, opts)
  opts = opts or {}
  local name = table_name(index)
  local all = assert(rows_with_sources(index))
  local years, provinces = set_of(opts.years), set_of(opts.provinces)
  local pairs_used
  if opts.pairs then
    pairs_used = {}
    for _, row in each_row(opts.pairs) do
      pairs_used[row.year .. "\0" .. row.province] = true
    end
  end
  local rows, seen_years, year_list = {}, {}, {}
  for _, row in all:rows() do
    local key = row.year .. "\0" .. row.province
    if (not years or years[row.year]) and (not provinces or provinces[row.province])
        and (not pairs_used or pairs_used[key]) then
      rows[#rows + 1] = {key = name .. "\0" .. key, source = row.source, origin = row.origin}
      if not seen_years[row.year] then
        seen_years[row.year] = true
        year_list[#year_list + 1] = row.year
      end
    end
  end
  local covered = opts.years or year_list
  table.sort(covered)
  return {id = index.id, label = indices.label(index, opts.lang or "vi"), rows = rows,
          coverage = assert(coverage_of(index, covered, all))}
end

--[[
  What a report used of the published averages (data/published_averages.csv),
  for doc:sources: the rows of published_name ("PAR", "SIPAS"), of opts.years
  and opts.areas (region names and "national") when given, with their sources.
]]
function indices.published_sources(published_name, opts)
  opts = opts or {}
  local years, areas = set_of(opts.years), set_of(opts.areas)
  local origin = data.origin("published_averages")
  local rows = {}
  for _, row in data.load("published_averages"):where("index", "==", published_name):rows() do
    if (not years or years[row.year]) and (not areas or areas[row.area]) then
      rows[#rows + 1] = {key = table.concat({"published_averages", row.index, row.year, row.area},
        "\0"), source = row.source, origin = origin}
    end
  end
  return {label = i18n.t("sources_published_averages", opts.lang or "vi"), rows = rows}
end

-- The years that have at least one rank, in order.
function indices.years(ds)
  local years = {}
  for _, row in ds:where("rank", "not_null"):group_by("year"):agg{ {"n", "count"} }:rows() do
    years[#years + 1] = row.year
  end
  return years
end

return indices
