-- data/pci.csv: rebuilt by data/pci_import.lua from the workbooks in ../shared/data/pci/raw
-- as committed, and every figure in it equal to an independent reading of the same
-- workbooks (tests/pci/read_pci.py: xlrd for .xls, pandas/openpyxl for .xlsx, its own name
-- matching). Skipped where ../shared/data/pci is not beside the checkout.

local T = require "testing"

local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local raw = root .. "/../shared/data/pci/raw"

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local present = io.open(raw .. "/PCI_2016.xlsx", "rb")
if not present then
  for _, name in ipairs{"the importer rebuilds data/pci.csv as committed",
                        "every figure in data/pci.csv as xlrd and pandas read it"} do
    print("ok " .. name .. " # skipped: ../shared/data/pci/raw is not here")
  end
  T.finish()
end
present:close()

local committed = assert(chiso.read_csv(root .. "/data/pci.csv"))

T.case("the importer rebuilds data/pci.csv as committed", function()
  local out = T.tmpname(".csv")
  local ok = os.execute(string.format("cd %s && %s --trust data/pci_import.lua %s %s >/dev/null",
    quote(root), chiso_bin, quote(raw), quote(out)))
  T.truthy(ok, "pci_import.lua runs")
  T.truthy(T.read(out) == T.read(root .. "/data/pci.csv"), "the rebuilt file differs from data/pci.csv")
end)

T.case("every figure in data/pci.csv as xlrd and pandas read it", function()
  local p = assert(io.popen(string.format("/usr/bin/python3 %s/tests/pci/read_pci.py %s %s 2>/dev/null",
    quote(root), quote(raw), quote(root .. "/data/provinces.csv"))))
  local text = p:read("a")
  p:close()
  local independent = assert(chiso.parse_csv(text, {types = {score = "float"}}))
  local want = {}
  for _, r in independent:rows() do
    want[r.year .. " " .. r.province] = r
  end
  local bad, seen = {}, 0
  for _, r in committed:rows() do
    local w = want[r.year .. " " .. r.province]
    seen = seen + 1
    if not w then
      bad[#bad + 1] = string.format("%d %s is not in the workbooks' reading", r.year, r.province)
    elseif math.abs(w.score - r.score) > 1e-9 or w.rank ~= r.rank then
      bad[#bad + 1] = string.format("%d %s: %s, %s in the file; %s, %s in the workbook", r.year,
        r.province, r.score, r.rank, w.score, w.rank)
    end
    want[r.year .. " " .. r.province] = nil
  end
  -- Left out on purpose: 2005 and 2006 (libfreexl cannot open them) and Hà Tây (no longer a province).
  for k, w in pairs(want) do
    if w.year > 2006 and w.province ~= "Hà Tây" then
      bad[#bad + 1] = k .. " is in the workbooks but not in data/pci.csv"
    end
  end
  table.sort(bad)
  T.eq(seen, 630, "rows in data/pci.csv: 63 a year for 2007-2016")
  T.eq(bad, {})
end)

T.finish()
