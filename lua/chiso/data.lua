-- chiso.data: the bundled datasets, loaded by name.
--
-- A user keeps tables of the same shape (complete official tables, or what
-- `chiso run import` writes) in a data folder of their own: $CHISO_DATA, else
-- ~/.local/share/chiso. For the index tables (par_index, sipas, pci) the
-- user's rows are used over the bundled ones for the same year and province
-- and the other bundled rows stay; any other file there is used instead of
-- the bundled one. Numbers in a user's file are read by one rule: a decimal
-- comma is found and read as such, and anything else that is not a number is
-- an error naming the file, the line and the column. A dataset is read once
-- per run.

local lfs = require "lfs"
local core = require "chiso.core"

local data = {}

-- A string of chiso.strings in lang (nil: Vietnamese). chiso.i18n is required
-- on first use: it requires chiso, which requires this module.
local function t(key, lang, ...)
  return require("chiso.i18n").t(key, lang, ...)
end

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

-- The columns that hold numbers, by table: a file is read with these types,
-- so that a score written as text (85,94) is found rather than passed on.
local index_numbers = {year = "int", score = "float", rank = "int"}
local numbers = {
  par_index = index_numbers,
  sipas = index_numbers,
  pci = index_numbers,
  ministries_par_index = index_numbers,
  published_averages = {year = "int", average = "float"},
}

-- The tables of one row per year and province, whose user rows are put over
-- the bundled ones; and the columns they have, in order.
local by_year_province = {par_index = true, sipas = true, pci = true}
local index_columns = {"year", "province", "score", "rank", "basis", "source"}

local loaded = {}

local function exists(path)
  return lfs.attributes(path, "mode") ~= nil
end

--[[
  The user's data folder, where `chiso run import` writes: $CHISO_DATA when
  set, else $XDG_DATA_HOME/chiso, else ~/.local/share/chiso; nil when there
  is no home to put it in. It need not exist.
]]
function data.user_dir()
  local named = os.getenv("CHISO_DATA")
  if named and named ~= "" then
    return named
  end
  local xdg = os.getenv("XDG_DATA_HOME")
  if xdg and xdg ~= "" then
    return xdg .. "/chiso"
  end
  local home = os.getenv("HOME")
  if home and home ~= "" then
    return home .. "/.local/share/chiso"
  end
  return nil
end

-- The user's folder when it is searched: the one user_dir names, when it
-- exists (a CHISO_DATA not made yet holds nothing to read).
function data.user_dir_in_use()
  local dir = data.user_dir()
  if dir and lfs.attributes(dir, "mode") == "directory" then
    return dir
  end
  return nil
end

-- The folders searched, in order.
function data.dirs()
  local dirs = {}
  local user = data.user_dir_in_use()
  if user then
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

--[[
  A table file of dataset name, its number columns read as numbers: read as
  it is; when a number column came out as anything else, read again with
  that column's type fixed, so that the first value that is not a number is
  an error naming the file, its line and the column; and when that value has
  a decimal comma (85,94), read once more with decimal = ",", with a note.
  Returns the dataset, or nil and the message. The note and the message are
  in lang ("vi", the default, or "en"), around the CSV reader's own words
  about the line and column, which are English.
]]
function data.read_table(path, name, lang)
  local ds, err = core.read_csv(path, {types = types[name]})
  if not ds then
    return nil, err
  end
  local have, hints, again = ds:types(), {}, false
  for column, kind in pairs(types[name] or {}) do
    hints[column] = kind
  end
  for column, kind in pairs(numbers[name] or {}) do
    if have[column] then
      hints[column] = kind
      again = again or have[column] ~= kind
    end
  end
  if not again then
    return ds
  end
  local typed, typed_err = core.read_csv(path, {types = hints, quiet = true})
  if typed then
    return typed
  end
  if not typed_err:match("holds '%s*[-+]?%d*,%d+%s*'$") then
    return nil, typed_err
  end
  local comma, comma_err = core.read_csv(path, {types = hints, decimal = ",", quiet = true})
  if not comma and comma_err:match("holds '%s*[-+]?%d*%.%d+%s*'$") then
    return nil, t("data_mixed_decimal", lang, typed_err, comma_err)
  elseif not comma then
    return nil, t("data_comma_failed", lang, comma_err)
  end
  core.sandbox.note(t("data_comma_note", lang, path, typed_err:match("holds '([^']*)'$")))
  return comma
end

-- The key of a row of an index table: its year and its province as the resolver names it
-- (as written, when it does not resolve: indices.lua reports such names).
local function year_province(vn, year, province)
  local canonical = type(province) == "string" and vn.find_province(province) or province
  return tostring(year) .. "\0" .. tostring(canonical)
end

-- An index table of the user's over the bundled one: the user's rows first,
-- then the bundled rows of the years and provinces they do not have, each
-- row saying where it came from (origin "user" or "bundled").
local function combine(name, bundled, user, path, lang)
  local names = user:names()
  local has = {}
  for _, column in ipairs(names) do
    has[column] = true
  end
  if not (has.year and has.province and (has.score or has.rank)) then
    return nil, t("data_columns", lang, path, name, table.concat(index_columns, ", "),
      table.concat(names, ", "))
  end
  local vn = require "chiso.vn"
  local taken = {}
  for _, row in user:rows() do
    taken[year_province(vn, row.year, row.province)] = true
  end
  local kept = bundled:where(function(row)
    return not taken[year_province(vn, row.year, row.province)]
  end)
  local present = {}
  for _, column in ipairs(index_columns) do
    if has[column] then
      present[#present + 1] = column
    end
  end
  local combined = core.reshape.concat(user:select(present):mutate("origin", "user"),
    kept:mutate("origin", "bundled"))
  local order = {}
  for i, column in ipairs(index_columns) do
    order[i] = column
  end
  order[#order + 1] = "origin"
  return combined:select(order)
end

-- Dataset name read from its file(s), or nil and a message in lang.
local function read(name, lang)
  local relative = files[name]
  local bundled_path = require("chiso").paths.data .. "/" .. relative
  local path = data.path(relative)
  if not by_year_province[name] then
    return data.read_table(path, name, lang)
  end
  local bundled, err = data.read_table(bundled_path, name, lang)
  if not bundled then
    return nil, err
  end
  if path == bundled_path then
    return bundled:mutate("origin", "bundled")
  end
  local user
  user, err = data.read_table(path, name, lang)
  if not user then
    return nil, err
  end
  return combine(name, bundled, user, path, lang)
end

local function names()
  local list = {"papi"}
  for name in pairs(files) do
    list[#list + 1] = name
  end
  table.sort(list)
  return table.concat(list, ", ")
end

local function unknown(name, level)
  error(string.format("chiso.data.load: unknown dataset '%s' (the datasets are %s)",
    tostring(name), names()), level)
end

-- Where the PAPI figures come from, as the index tables' source column would say it: the
-- PAPI files carry no source column (data/SOURCES.md).
data.papi_source = "PAPI, CECODES, VFF-CRT, RTA and UNDP Viet Nam (papi.org.vn); files "
  .. "data/csv and data/codebook of github.com/hnks-gh/ml-mcdm, MIT licence"

--[[
  Where dataset name's rows come from: "user" when its file (or, for
  "papi", its folder of yearly files) is the user's, used instead of the
  bundled one, else "bundled". The index tables mix both: their rows carry
  an origin column of their own.
]]
function data.origin(name)
  local relative = name == "papi" and "papi/csv" or files[name]
  if not relative then
    unknown(name, 3)
  end
  local bundled = require("chiso").paths.data .. "/" .. relative
  return data.path(relative) == bundled and "bundled" or "user"
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

--[[
  A dataset by name, or nil and a message when a file cannot be read (a
  user's file that is malformed, or holds text where a number belongs), in
  lang ("vi", the default, or "en"); an unknown name is an error. Each is
  read once.
]]
function data.try_load(name, lang)
  lang = require("chiso.i18n").check_lang(lang, 2)
  if loaded[name] then
    return loaded[name]
  end
  local ds, err
  if name == "papi" then
    ds = papi()
  elseif files[name] then
    ds, err = read(name, lang)
    if not ds then
      return nil, err
    end
  else
    unknown(name, 3)
  end
  loaded[name] = ds
  return ds
end

-- A dataset by name; a file that cannot be read is an error, in lang as
-- try_load gives it. Each is read once.
function data.load(name, lang)
  if not (files[name] or name == "papi") then
    unknown(name, 3)
  end
  local ds, err = data.try_load(name, lang)
  if not ds then
    error("chiso.data: " .. err, 0)
  end
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
