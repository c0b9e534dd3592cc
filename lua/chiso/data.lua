-- chiso.data: the bundled datasets, loaded by name.
--
-- Files are looked for first in the folder $CHISO_DATA names (where a user
-- keeps complete official tables of the same shape), then in chiso's own
-- data folder. A dataset is read once per run.

local lfs = require "lfs"
local core = require "chiso.core"

local data = {}

local files = {
  par_index = "par_index.csv",
  sipas = "sipas.csv",
  pci = "pci.csv",
  provinces = "provinces.csv",
  ministries_par_index = "ministries_par_index.csv",
  published_averages = "published_averages.csv",
  papi_provinces = "papi/codebook/codebook_provinces.csv",
  papi_dimensions = "papi/codebook/codebook_criteria.csv",
  papi_sub_dimensions = "papi/codebook/codebook_subcriteria.csv",
}

-- Column types that inference would not give (codes with leading zeros are text anyway).
local types = {
  provinces = {code = "string", unit_2025_code = "string"},
}

local loaded = {}

local function exists(path)
  return lfs.attributes(path, "mode") ~= nil
end

-- The folders searched, in order.
function data.dirs()
  local dirs = {}
  local user = os.getenv("CHISO_DATA")
  if user and user ~= "" then
    dirs[#dirs + 1] = user
  end
  dirs[#dirs + 1] = require("chiso").paths.data
  return dirs
end

-- The path of a file relative to a data folder: in $CHISO_DATA when it is there.
function data.path(relative)
  local dirs = data.dirs()
  for _, dir in ipairs(dirs) do
    local path = dir .. "/" .. relative
    if exists(path) then
      return path
    end
  end
  return dirs[#dirs] .. "/" .. relative
end

local function read(name)
  local path = data.path(files[name])
  local ds, err = core.read_csv(path, {types = types[name]})
  if not ds then
    error("chiso.data: " .. err, 0)
  end
  return ds
end

local function names()
  local list = {"papi"}
  for name in pairs(files) do
    list[#list + 1] = name
  end
  table.sort(list)
  return table.concat(list, ", ")
end

-- The PAPI years present: the csv/YYYY.csv files of the papi folder.
local function papi_files()
  local dir = data.path("papi/csv")
  local found = {}
  for entry in lfs.dir(dir) do
    local year = entry:match("^(%d%d%d%d)%.csv$")
    if year then
      found[#found + 1] = {year = tonumber(year), path = dir .. "/" .. entry}
    end
  end
  table.sort(found, function(a, b) return a.year < b.year end)
  return found
end

-- One PAPI year, long: province code (P01...), sub-dimension code, score; absent scores dropped.
local function papi_year(file)
  local wide = assert(core.read_csv(file.path, {types = {Province = "string"}}))
  local cols = {}
  local types_of = wide:types()
  for _, name in ipairs(wide:names()) do
    local column = wide:col(name)
    local empty = column:nulls() == #column -- absent that year: read as text, holds nothing
    if name:match("^SC%d+$") and not empty then
      if types_of[name] == "string" then
        error(string.format("chiso.data: %s: column '%s' holds text, not scores", file.path, name), 0)
      end
      cols[#cols + 1] = name
    end
  end
  return wide:pivot_longer{cols = cols, names_to = "sub_dimension_code", values_to = "score",
                           drop_nulls = true}
    :mutate("year", file.year)
end

-- The PAPI panel as one long table, with canonical province names.
local function papi()
  local vn = require "chiso.vn"
  local years = {}
  for _, file in ipairs(papi_files()) do
    years[#years + 1] = papi_year(file)
  end
  local long = core.reshape.concat(years):rename{Province = "papi_code"}
  -- Each PAPI code to its canonical province, through the codebook's English name.
  local provinces = data.load("papi_provinces")
    :rename{Variable_Code = "papi_code", Variable_Name = "papi_name"}
    :mutate{
      province = function(r) return (vn.province(r.papi_name)) end,
      code = function(r) return select(2, vn.province(r.papi_name)) end,
    }
  local subs = data.load("papi_sub_dimensions"):rename{
    Variable_Code = "sub_dimension_code", Variable_Name = "sub_dimension",
    Criteria_Name = "dimension", Criteria_Code = "dimension_code",
  }
  return long:join(provinces, {on = "papi_code"})
    :join(subs, {on = "sub_dimension_code"})
    :select("province", "code", "year", "dimension_code", "dimension", "sub_dimension_code",
            "sub_dimension", "score")
end

-- A bundled dataset by name; each is read once.
function data.load(name)
  if loaded[name] then
    return loaded[name]
  end
  local ds
  if name == "papi" then
    ds = papi()
  elseif files[name] then
    ds = read(name)
  else
    error(string.format("chiso.data.load: unknown dataset '%s' (the datasets are %s)",
      tostring(name), names()), 2)
  end
  loaded[name] = ds
  return ds
end

-- PAPI scores summed from the sub-dimensions present: level "dimension" or "total".
function data.papi_scores(level)
  local long = data.load("papi")
  if level == "dimension" then
    return long:group_by("province", "code", "year", "dimension_code", "dimension")
      :agg{ {"score", "sum", "score"}, {"sub_dimensions", "count", "score"} }
  elseif level == nil or level == "total" then
    return long:group_by("province", "code", "year")
      :agg{ {"score", "sum", "score"}, {"dimensions", "n_distinct", "dimension_code"} }
  end
  error(string.format("chiso.data.papi_scores: level must be \"total\" or \"dimension\", not '%s'",
    tostring(level)), 2)
end

return data
