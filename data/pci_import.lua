-- pci_import.lua: builds data/pci.csv from VCCI's PCI workbooks, read with chiso's own
-- readers (chiso.read_xls, chiso.read_xlsx).
--
-- The workbooks are not bundled: they sit in ../shared/data/pci/raw, whose SOURCES.md
-- describes each year's layout. This file follows that description: which sheet, which
-- rows, which columns hold the province, the PCI score (the weighted total) and the rank,
-- and where a year keeps each indicator as its own sorted (province, value) pair of
-- columns, so that the rank is looked up by the province's name. Province names are
-- resolved by chiso.vn; a name it does not know stops the import with the list of such
-- names. Each year is checked: the number of provinces, ranks 1..N with no gap or repeat,
-- no province twice, scores never rising as the rank number rises.
--
-- Run by `make pci` (which passes the folder and the output):
--   chiso --trust data/pci_import.lua ../shared/data/pci/raw data/pci.csv

local raw, out = arg[1], arg[2]
if not raw or not out then
  error("usage: chiso --trust data/pci_import.lua RAW_FOLDER OUTPUT.csv", 0)
end

local vn = chiso.vn

-- Hà Tây, ranked in 2005-2008, was merged into Hà Nội on 1 August 2008; it has no place in
-- the 63 provinces of provinces.csv, so its rows are left out (and counted).
local former = {["Hà Tây"] = true}

--[[
  Each year's layout (Excel's rows and columns; SOURCES.md, "Layout of each workbook"):
  sheet, the range of the data rows, and the columns (within the range: V1 is its first)
  of the province, the score and the rank; for pair layouts, rank_name is the column of
  the names beside the ranks. count is the number of provinces the workbook ranks.
  2005 and 2006 are not here: libfreexl 1.0.6 cannot open those two workbooks (each has a
  chart inside a sheet, after which libfreexl gives up).
]]
local years = {
  {year = 2007, file = "PCI_2007.xls", sheet = 2, range = "A2:P65", province = "V1",
   score = "V16", rank = "V2", count = 64},
  {year = 2008, file = "PCI_2008.xls", sheet = 1, range = "A3:Y66", province = "V24",
   score = "V25", rank = "V1", count = 64},
  {year = 2009, file = "PCI_2009.xls", sheet = 1, range = "A4:M66", province = "V3",
   score = "V13", rank = "V2", count = 63},
  {year = 2010, file = "PCI_2010.xls", sheet = 1, range = "V2:Y64", province = "V1",
   score = "V2", rank_name = "V3", rank = "V4", count = 63},
  {year = 2011, file = "PCI_2011.xls", sheet = 1, range = "T2:W64", province = "V1",
   score = "V2", rank_name = "V3", rank = "V4", count = 63},
  {year = 2012, file = "PCI_2012.xlsx", sheet = 1, range = "T2:W64", province = "V1",
   score = "V2", rank_name = "V3", rank = "V4", count = 63},
  {year = 2013, file = "PCI_2013.xlsx", sheet = "Summary_VN", range = "V2:X64", province = "V1",
   score = "V2", rank = "V3", count = 63},
  {year = 2014, file = "PCI_2014.xlsx", sheet = "Summary_VN", range = "V2:X64", province = "V1",
   score = "V2", rank = "V3", count = 63},
  {year = 2015, file = "PCI_2015.xlsx", sheet = "Summary_VN", range = "V2:X64", province = "V1",
   score = "V2", rank = "V3", count = 63},
  {year = 2016, file = "PCI_2016.xlsx", sheet = "Summary_VN", range = "V2:X64", province = "V1",
   score = "V2", rank = "V3", count = 63},
}

local problems, unresolved = {}, {}

local function problem(spec, fmt, ...)
  problems[#problems + 1] = string.format("%d (%s): " .. fmt, spec.year, spec.file, ...)
end

-- The canonical name of a province as a workbook spells it; nil for a former province.
local function resolve(spec, name)
  local text = vn.normalize(name):match("^%s*(.-)%s*$")
  if former[text] then
    return nil
  end
  local province = vn.find_province(text)
  if not province then
    unresolved[#unresolved + 1] = string.format("'%s' (%d, %s)", name, spec.year, spec.file)
  end
  return province or false
end

local function read(spec)
  local path = raw .. "/" .. spec.file
  -- skip and footer 0: the range is exactly the data rows, so nothing is taken for a title
  local ds, report = chiso.read(path, {sheet = spec.sheet, range = spec.range, header = false,
                                       skip = 0, footer = 0, quiet = true})
  if not ds then
    error("pci_import: " .. report, 0)
  end
  return ds, report.sheet
end

-- Each row of the year as {province =, score =, rank =}, ranks looked up by name for pairs.
local function rows_of(spec)
  local ds, sheet = read(spec)
  if #ds ~= spec.count then
    problem(spec, "%d rows where %d provinces were expected", #ds, spec.count)
  end
  local rank_by_name = {}
  if spec.rank_name then
    for _, row in ds:rows() do
      local province = resolve(spec, row[spec.rank_name])
      if province then rank_by_name[province] = row[spec.rank] end
    end
  end
  local list, left_out = {}, 0
  for _, row in ds:rows() do
    local province = resolve(spec, row[spec.province])
    if province == nil then
      left_out = left_out + 1
    elseif province then
      local rank = spec.rank_name and rank_by_name[province] or row[spec.rank]
      list[#list + 1] = {province = province, score = row[spec.score], rank = rank}
    end
  end
  return list, sheet, left_out
end

-- Ranks 1..N once each (N = the provinces the workbook ranks), no province twice, scores
-- falling (or equal) as ranks rise.
local function check(spec, list, left_out)
  local seen, ranks = {}, {}
  for _, r in ipairs(list) do
    if seen[r.province] then problem(spec, "%s appears twice", r.province) end
    seen[r.province] = true
    if math.type(r.rank) ~= "integer" or r.rank < 1 or r.rank > spec.count then
      problem(spec, "%s has rank %s", r.province, tostring(r.rank))
    elseif ranks[r.rank] then
      problem(spec, "rank %d is held by %s and %s", r.rank, ranks[r.rank], r.province)
    else
      ranks[r.rank] = r.province
    end
    if math.type(r.score) == nil then
      problem(spec, "%s has score %s", r.province, tostring(r.score))
    end
  end
  if #list + left_out ~= spec.count then
    problem(spec, "%d provinces read where %d were expected", #list + left_out, spec.count)
  end
  table.sort(list, function(a, b) return (a.rank or 0) < (b.rank or 0) end)
  for i = 2, #list do
    if (list[i].score or 0) > (list[i - 1].score or 0) then
      problem(spec, "%s (rank %d) scores above %s (rank %d)", list[i].province, list[i].rank,
              list[i - 1].province, list[i - 1].rank)
    end
  end
end

local columns = {year = {}, province = {}, score = {}, rank = {}, basis = {}, source = {}}
local left = {}
for _, spec in ipairs(years) do
  local list, sheet, left_out = rows_of(spec)
  check(spec, list, left_out)
  if left_out > 0 then
    left[#left + 1] = string.format("%d: %d row(s) of Hà Tây", spec.year, left_out)
  end
  local source = string.format("Provincial Competitiveness Index (PCI) %d, VCCI and USAID, "
    .. "www.pcivietnam.vn; %s, sheet '%s', %s (files via mdtrinh/vietnamdata, CC0)",
    spec.year, spec.file, sheet, spec.range)
  for _, r in ipairs(list) do
    local n = #columns.year + 1
    columns.year[n] = spec.year
    columns.province[n] = r.province
    columns.score[n] = r.score + 0.0
    columns.rank[n] = r.rank
    columns.basis[n] = "stated"
    columns.source[n] = source
  end
end

if #unresolved > 0 then
  error("pci_import: province names chiso.vn does not resolve: " .. table.concat(unresolved, ", "), 0)
end
if #problems > 0 then
  error("pci_import: the workbooks fail the checks:\n  " .. table.concat(problems, "\n  "), 0)
end

local ds = chiso.dataset{
  year = columns.year, province = columns.province, score = columns.score, rank = columns.rank,
  basis = columns.basis, source = columns.source,
}:select("year", "province", "score", "rank", "basis", "source")
assert(ds:to_csv(out))
print(string.format("pci_import: %d rows, %d years, written to %s; left out: %s", #ds, #years, out,
  #left > 0 and table.concat(left, "; ") or "nothing"))
