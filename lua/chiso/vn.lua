-- chiso.vn: Vietnamese names. The text functions (fold, normalize,
-- compare) are in C; this module adds the province resolver, which maps any
-- common spelling, English name, abbreviation or code to the canonical
-- province of data/provinces.csv, and the 2025 reorganisation.

local core = require "chiso.core"

local vn = core.vn

-- Spellings a fold of the canonical name does not give: abbreviations, old
-- spellings, English names. Keys are match keys (see key() below).
local aliases = {
  hcm = "TP. Hồ Chí Minh", hcmc = "TP. Hồ Chí Minh", saigon = "TP. Hồ Chí Minh",
  brvt = "Bà Rịa - Vũng Tàu",
  tthue = "Thừa Thiên Huế", tth = "Thừa Thiên Huế", hue = "Thừa Thiên Huế",
  baccan = "Bắc Kạn", daclac = "Đắk Lắk", daclak = "Đắk Lắk", daknong = "Đắk Nông",
  dacnong = "Đắk Nông", kontum = "Kon Tum", hanoicapital = "Hà Nội",
}

-- Words around a name that do not identify it: "TP." / "Thành phố", "Tỉnh", "City", "Province".
local prefixes = {"thanhpho", "tp", "tinh"}
local suffixes = {"city", "province"}

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

local index -- built on first use: key -> {name, code}

local function build_index()
  local data = require "chiso.data"
  local provinces = data.load("provinces")
  index = {by_key = {}, by_code = {}, rows = {}}
  for _, row in provinces:rows() do
    local entry = {name = row.province, code = row.code, row = row}
    index.by_key[key(row.province)] = entry
    index.by_code[row.code] = entry
    index.rows[#index.rows + 1] = entry
  end
  for k, name in pairs(aliases) do
    index.by_key[k] = index.by_key[key(name)]
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

-- The three canonical names whose keys are closest to k.
local function closest(k)
  local scored = {}
  for _, entry in ipairs(index.rows) do
    scored[#scored + 1] = {entry.name, edit_distance(k, key(entry.name))}
  end
  table.sort(scored, function(x, y)
    if x[2] ~= y[2] then return x[2] < y[2] end
    return vn.compare(x[1], y[1]) < 0
  end)
  return {scored[1][1], scored[2][1], scored[3][1]}
end

-- The canonical name and official code of a province, or nil and a message.
function vn.find_province(s)
  if math.type(s) == "integer" then
    s = string.format("%02d", s)
  end
  if type(s) ~= "string" then
    return nil, "a province name or code is a string, not " .. type(s)
  end
  local idx = index or build_index()
  local trimmed = s:match("^%s*(.-)%s*$")
  local entry = idx.by_code[trimmed] or idx.by_code[trimmed:upper()]
    or (trimmed:match("^%d$") and idx.by_code["0" .. trimmed]) or idx.by_key[key(trimmed)]
  if entry then
    return entry.name, entry.code
  end
  return nil, string.format("unknown province '%s'; did you mean %s?", s,
    table.concat(closest(key(trimmed)), ", "))
end

-- The canonical name and official code of a province; an unknown name is an error.
function vn.province(s)
  local name, code = vn.find_province(s)
  if not name then
    error(code, 2)
  end
  return name, code
end

-- The provincial unit a province belongs to since 1 July 2025, and its code.
function vn.unit_2025(s)
  local name = vn.province(s)
  local entry = index.by_key[key(name)]
  return entry.row.unit_2025, entry.row.unit_2025_code
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

return vn
