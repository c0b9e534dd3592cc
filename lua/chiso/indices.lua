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

-- The years that have at least one rank, in order.
function indices.years(ds)
  local years = {}
  for _, row in ds:where("rank", "not_null"):group_by("year"):agg{ {"n", "count"} }:rows() do
    years[#years + 1] = row.year
  end
  return years
end

return indices
