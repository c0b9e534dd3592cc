-- chiso.vn: Vietnamese names. The text functions (fold, normalize,
-- compare) are in C; this module adds the province resolver, which maps any
-- common spelling, English name, abbreviation or code to the canonical
-- province of data/provinces.csv, and the 2025 reorganisation.

local core = require "chiso.core"

local vn = core.vn

-- A string of chiso.strings in lang (nil: Vietnamese). chiso.i18n is required
-- on first use: it requires chiso, which requires this module.
local function t(key, lang, ...)
  return require("chiso.i18n").t(key, lang, ...)
end

-- Spellings a fold of the canonical name does not give: abbreviations, old
-- spellings, English names. Keys are match keys (see key() below): "TP.HCM"
-- and "TP HCM" are "hcm", "TT-Huế" and "TT.Huế" "tthue". The parts of a
-- two-part name ("Vũng Tàu", "Bà Rịa") are added from the names themselves.
local aliases = {
  hcm = "TP. Hồ Chí Minh", hcmc = "TP. Hồ Chí Minh", saigon = "TP. Hồ Chí Minh",
  hn = "Hà Nội", hp = "Hải Phòng",
  brvt = "Bà Rịa - Vũng Tàu",
  tthue = "Thừa Thiên Huế", tth = "Thừa Thiên Huế", hue = "Thừa Thiên Huế",
  baccan = "Bắc Kạn", daclac = "Đắk Lắk", daclak = "Đắk Lắk", daknong = "Đắk Nông",
  dacnong = "Đắk Nông", kontum = "Kon Tum", hanoicapital = "Hà Nội",
}

-- Abbreviations that stand for more than one province: an error listing them.
local ambiguous = {
  dn = {"Đà Nẵng", "Đồng Nai"},
}

-- Provinces that no longer exist, each with the one it became part of.
local former = {
  hatay = {name = "Hà Tây", into = "Hà Nội", year = 2008},
}

-- The six socio-economic regions of data/provinces.csv, each with the key of
-- its name in chiso.strings. The English names are those the General
-- Statistics Office (GSO) of Viet Nam gives the regions in the English
-- tables of its Statistical Yearbook of Vietnam and its online statistics
-- (www.gso.gov.vn/en, pxweb.gso.gov.vn): Red River Delta, Northern midlands
-- and mountain areas, North Central and Central coastal areas, Central
-- Highlands, South East, Mekong River Delta; capitalised here as names.
-- Province names have no English form: they are proper nouns, written in
-- Vietnamese in both languages.
local region_keys = {
  ["Đồng bằng sông Hồng"] = "region_name_red_river_delta",
  ["Trung du và miền núi phía Bắc"] = "region_name_northern_midlands_mountains",
  ["Bắc Trung Bộ và duyên hải miền Trung"] = "region_name_north_central_coastal",
  ["Tây Nguyên"] = "region_name_central_highlands",
  ["Đông Nam Bộ"] = "region_name_south_east",
  ["Đồng bằng sông Cửu Long"] = "region_name_mekong_river_delta",
}

-- Words around a name that do not identify it: "TP." / "Thành phố", "Tỉnh", "City", "Province".
local prefixes = {"thanhpho", "tp", "tinh"}
local suffixes = {"city", "province"}
local extra_words = {thanh = true, pho = true, tp = true, tinh = true, city = true, province = true}

-- The match key of a spelling: folded, letters and digits only, without the words above.
local function key(s)
  local k = vn.fold(s):gsub("[^%w]", "")
  for _, p in ipairs(prefixes) do
    if #k > #p and k:sub(1, #p) == p then
      k = k:sub(#p + 1)
      break
    end
  end
  for _, p in ipairs(suffixes) do
    if #k > #p and k:sub(-#p) == p then
      k = k:sub(1, -#p - 1)
      break
    end
  end
  return k
end
vn.key = key

-- The folded words of a spelling, without the words around a name.
local function words(s)
  local list = {}
  for w in vn.fold(s):gmatch("%w+") do
    if not extra_words[w] then
      list[#list + 1] = w
    end
  end
  return list
end

-- The parts of a two-part name: "Bà Rịa - Vũng Tàu" gives "Bà Rịa" and "Vũng Tàu".
local function parts(name)
  local list = {}
  if name:find(" %- ") then
    for part in (name .. " - "):gmatch("(.-) %- ") do
      list[#list + 1] = part
    end
  end
  return list
end

local index -- built on first use: key -> {name, code}

local function build_index()
  local data = require "chiso.data"
  local provinces = data.load("provinces")
  index = {by_key = {}, by_code = {}, rows = {}}
  for _, row in provinces:rows() do
    local entry = {name = row.province, code = row.code, row = row, keys = {key(row.province)},
                   words = words(row.province)}
    index.by_key[key(row.province)] = entry
    index.by_code[row.code] = entry
    index.rows[#index.rows + 1] = entry
  end
  for k, name in pairs(aliases) do
    index.by_key[k] = index.by_key[key(name)]
  end
  -- A part of a two-part name stands for it, unless it is some other name's key.
  for _, entry in ipairs(index.rows) do
    for _, part in ipairs(parts(entry.name)) do
      local k = key(part)
      if index.by_key[k] == nil then
        index.by_key[k] = entry
        entry.keys[#entry.keys + 1] = k
      end
    end
  end
  -- The PAPI codebook's P01..P63 through its English names.
  local codebook = data.load("papi_provinces")
  for _, row in codebook:rows() do
    local entry = index.by_key[key(row.Variable_Name)]
    if entry then
      index.by_code[row.Variable_Code] = entry
    end
  end
  return index
end

local function edit_distance(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = {[0] = i}
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

-- How many of the words in list are words of entry's name.
local function shared_words(list, entry)
  local n = 0
  for _, w in ipairs(list) do
    for _, mine in ipairs(entry.words) do
      if w == mine then
        n = n + 1
        break
      end
    end
  end
  return n
end

-- Up to three canonical names closest to the spelling s: those sharing the
-- most whole words with it first, then by the edit distance between folded
-- keys (the name's or a part's, whichever is nearer), then in dictionary
-- order. When some names share a word with s, only those are offered: a
-- name that merely has as many letters is no help.
local function closest(s)
  local k, list = key(s), words(s)
  local scored = {}
  for _, entry in ipairs(index.rows) do
    local distance = math.huge
    for _, mine in ipairs(entry.keys) do
      distance = math.min(distance, edit_distance(k, mine))
    end
    scored[#scored + 1] = {entry.name, shared_words(list, entry), distance}
  end
  table.sort(scored, function(x, y)
    if x[2] ~= y[2] then return x[2] > y[2] end
    if x[3] ~= y[3] then return x[3] < y[3] end
    return vn.compare(x[1], y[1]) < 0
  end)
  local list_out = {}
  for i = 1, 3 do
    if scored[1][2] > 0 and scored[i][2] == 0 then
      break
    end
    list_out[i] = scored[i][1]
  end
  return list_out
end

local function entry_of(idx, trimmed)
  return idx.by_code[trimmed] or idx.by_code[trimmed:upper()]
    or (trimmed:match("^%d$") and idx.by_code["0" .. trimmed]) or idx.by_key[key(trimmed)]
end

--[[
  The canonical name and official code of a province, or nil and a message.
  A former province gives the one it became part of, and a third value, a
  note that says so ("Hà Tây đã sáp nhập vào Hà Nội năm 2008"); callers that
  take two values see only the name and code. An empty name, an ambiguous
  abbreviation ("ĐN": Đà Nẵng or Đồng Nai) and an unknown name are errors.
  The message and the note are in lang, "vi" (the default, as everywhere in
  chiso) or "en"; the names in them are the canonical Vietnamese ones.
]]
function vn.find_province(s, lang)
  lang = require("chiso.i18n").check_lang(lang, 2)
  if math.type(s) == "integer" then
    s = string.format("%02d", s)
  end
  if type(s) ~= "string" then
    return nil, t("vn_not_a_string", lang, type(s))
  end
  local idx = index or build_index()
  local trimmed = s:match("^%s*(.-)%s*$")
  if key(trimmed) == "" then
    return nil, t("vn_empty", lang)
  end
  local entry = entry_of(idx, trimmed)
  if entry then
    return entry.name, entry.code
  end
  local k = key(trimmed)
  local both = ambiguous[k]
  if both then
    return nil, t("vn_ambiguous", lang, s, both[1], both[2])
  end
  local old = former[k]
  if old then
    local into = idx.by_key[key(old.into)]
    return into.name, into.code, t("vn_merged", lang, old.name, into.name, old.year)
  end
  return nil, t("vn_unknown", lang, s, table.concat(closest(trimmed), ", "))
end

-- For a former province: its name, the province it became part of and the
-- year; nil for any other spelling. For a note in the reader's language.
function vn.merged(s)
  local old = type(s) == "string" and former[key(s)]
  if old then
    return old.name, old.into, old.year
  end
  return nil
end

-- The canonical name and official code of a province; an unknown name is an
-- error, in lang as find_province gives it. A former province gives its note
-- as a third value, as find_province does.
function vn.province(s, lang)
  local name, code, note = vn.find_province(s, lang)
  if not name then
    error(code, 2)
  end
  return name, code, note
end

-- The provincial unit a province belongs to since 1 July 2025, and its code.
-- An unknown name is an error, in lang.
function vn.unit_2025(s, lang)
  local name = vn.province(s, lang)
  local entry = index.by_key[key(name)]
  return entry.row.unit_2025, entry.row.unit_2025_code
end

-- A socio-economic region's name, as data/provinces.csv writes it, in lang:
-- the GSO's English name in "en", the Vietnamese one in "vi" (the default).
-- Any other text is given back as it is (a user's own area name, say).
function vn.region(name, lang)
  lang = require("chiso.i18n").check_lang(lang, 2)
  local key_of = type(name) == "string" and region_keys[vn.normalize(name)]
  if not key_of then
    return name
  end
  return t(key_of, lang)
end

-- ds with its province column (default "province") replaced by canonical names.
function vn.canonical(ds, column)
  column = column or "province"
  return ds:mutate(column, function(row)
    local value = row[column]
    return value and vn.province(value)
  end, {replace = true})
end

-- ds with unit_2025 and unit_2025_code columns, for comparing across the 2025 reform.
function vn.add_unit_2025(ds, column)
  column = column or "province"
  return ds:mutate{
    unit_2025 = function(row) return row[column] and (vn.unit_2025(row[column])) end,
    unit_2025_code = function(row) return row[column] and select(2, vn.unit_2025(row[column])) end,
  }
end

-- Regions ------------------------------------------------------------------

-- The six socio-economic regions of data/provinces.csv, by the match keys of
-- their Vietnamese names: their common abbreviations and English names (as
-- the General Statistics Office writes them, and shorter), which a fold of
-- the name does not give.
local region_names = {
  dongbangsonghong = {en = "Red River Delta", "dbsh"},
  trungduvamiennuiphiabac = {en = "Northern Midlands and Mountain Areas", "tdmnpb", "tdvmnpb",
    "mnpb", "northernmidlandsandmountains"},
  bactrungbovaduyenhaimientrung = {en = "North Central and Central Coastal Areas", "btbdhmt",
    "btbvdhmt", "btbvadhmt", "northcentralandcentralcoast"},
  taynguyen = {en = "Central Highlands", "tn"},
  dongnambo = {en = "South East", "dnb", "southeastregion"},
  dongbangsongcuulong = {en = "Mekong River Delta", "dbscl", "mekongdelta"},
}

local regions -- built on first use: {list = {names}, by_key = {key -> name}, words = {name -> words}}

local function build_regions()
  local data = require "chiso.data"
  regions = {list = {}, by_key = {}, words = {}}
  for _, row in data.load("provinces"):rows() do
    local name = row.region
    if name and not regions.words[name] then
      regions.list[#regions.list + 1] = name
      local k = key(name)
      regions.by_key[k] = name
      regions.words[name] = words(name)
      local more = region_names[k] or {}
      for _, alias in ipairs(more) do
        regions.by_key[alias] = name
      end
      if more.en then
        regions.by_key[key(more.en)] = name
        for _, w in ipairs(words(more.en)) do
          regions.words[name][#regions.words[name] + 1] = w
        end
      end
    end
  end
  return regions
end

-- The regions whose names (Vietnamese or English) hold every word of list.
local function regions_with_words(list)
  local found = {}
  for _, name in ipairs(regions.list) do
    local mine = {}
    for _, w in ipairs(regions.words[name]) do
      mine[w] = true
    end
    local all = true
    for _, w in ipairs(list) do
      all = all and mine[w] or false
    end
    if all then
      found[#found + 1] = name
    end
  end
  return found
end

-- The socio-economic regions, north to south (in the order of their provinces' codes).
function vn.regions()
  local list = {}
  for i, name in ipairs((regions or build_regions()).list) do
    list[i] = name
  end
  return list
end

--[[
  The canonical name of a socio-economic region (as data/provinces.csv
  writes it), or nil and a message in lang (default vi). Takes the name with
  or without tone marks, its abbreviation (ĐBSH, TDMNPB, BTB-DHMT, TN, ĐNB,
  ĐBSCL), its English name, or words of one name only ("Cửu Long",
  "Mekong"); words of several ("đồng bằng") are an error naming them, and so
  are an empty name and an unknown one.
]]
function vn.find_region(s, lang)
  local i18n = require "chiso.i18n"
  if type(s) ~= "string" then
    return nil, i18n.t("region_not_text", lang, type(s))
  end
  local idx = regions or build_regions()
  local trimmed = s:match("^%s*(.-)%s*$")
  local k = vn.fold(trimmed):gsub("[^%w]", "")
  if k == "" then
    return nil, i18n.t("region_empty", lang)
  end
  if idx.by_key[k] then
    return idx.by_key[k]
  end
  local list = words(trimmed)
  local found = #list > 0 and regions_with_words(list) or {}
  if #found == 1 then
    return found[1]
  elseif #found > 1 then
    return nil, i18n.t("region_ambiguous", lang, trimmed, table.concat(found, "; "))
  end
  return nil, i18n.t("region_unknown", lang, trimmed, table.concat(idx.list, "; "))
end

return vn
