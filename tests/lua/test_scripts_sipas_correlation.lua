-- scripts/sipas_correlation.lua with --province and --region: the provinces
-- singled out on the scatter and listed with their residuals.
--
-- Expected values come from the CSV files through Python 3.11's csv and
-- statistics modules, not from chiso:
--   python3 -c "import csv, statistics as st
--     par = list(csv.DictReader(open('data/par_index.csv')))
--     sip = list(csv.DictReader(open('data/sipas.csv')))
--     pairs = {p['province']: (float(p['score']), float(s['score'])) for p in par for s in sip
--              if p['year'] == '2023' == s['year'] and p['province'] == s['province']
--              and p['score'] and s['score']}
--     slope, icpt = st.linear_regression([v[0] for v in pairs.values()],
--                                        [v[1] for v in pairs.values()])"
-- 2023: 16 pairs; slope 1.1533960348330201, intercept -17.39563620464172;
-- Hà Nội 91.43, 83.57, on the line 88.0594, residual -4.4894; Thái Bình 86.49,
-- 85.80, 82.3616, +3.4384. Lạng Sơn has a 2023 PAR INDEX score (85.94) and no
-- SIPAS row; Cao Bằng a SIPAS score (76.26) and no PAR INDEX row; Hà Giang
-- neither. Đồng bằng sông Hồng (11 provinces in data/provinces.csv) has 5 of
-- the 16: Hà Nội, Quảng Ninh, Hải Phòng, Hải Dương, Thái Bình.

local T = require "testing"
local correlation = require "chiso.correlation"

local CHISO = assert(os.getenv("CHISO"), "CHISO is not set")

-- Runs `chiso run sipas_correlation ARGS`; returns stdout, stderr and the exit status.
local function run(args)
  return T.run("'" .. CHISO .. "' run sipas_correlation " .. args)
end

-- Every province name of data/provinces.csv, as a set.
local provinces = {}
for _, row in chiso.data.load("provinces"):rows() do
  provinces[row.province] = true
end

-- The scatter of an HTML report: the province names written on it (sorted),
-- how many points are drawn in a colour other than the most common one, and
-- how many points there are.
local function scatter(html)
  local svg = assert(html:match('<svg[^>]*>%s*<title>[^<]*with the fitted line</title>.-</svg>'),
    "the scatter")
  local names = {}
  for label in svg:gmatch("<text[^>]*>([^<]+)</text>") do
    if provinces[label] then
      names[#names + 1] = label
    end
  end
  table.sort(names)
  local fills, total, most = {}, 0, 0
  for fill in svg:gmatch('<circle[^>]- fill="([^"]+)"') do
    fills[fill] = (fills[fill] or 0) + 1
    total = total + 1
    most = math.max(most, fills[fill])
  end
  return names, total - most, total
end

T.case("correlation.compute with provinces: their residuals, and which lack a score", function()
  local r = assert(correlation.compute{with = "sipas", year = 2023,
    provinces = {"Hà Nội", "Lạng Sơn", "Thái Bình", "Cao Bằng", "Hà Giang"}})
  T.eq(#r.chosen, 2, "two with both scores")
  T.eq(r.chosen[1].province, "Hà Nội")
  T.near(r.chosen[1].fitted, 88.0594, 1e-4, "Hà Nội on the line")
  T.near(r.chosen[1].residual, -4.4894, 1e-4, "Hà Nội residual")
  T.eq(r.chosen[2].province, "Thái Bình")
  T.near(r.chosen[2].residual, 3.4384, 1e-4, "Thái Bình residual")
  T.eq(r.missing, {{province = "Lạng Sơn", x = true, y = false},
                   {province = "Cao Bằng", x = false, y = true},
                   {province = "Hà Giang", x = false, y = false}}, "missing")
  T.eq(r.single.n, 16, "the figures are still over all 16")
end)

T.case("sipas_correlation --province: exactly the named provinces marked on the scatter", function()
  local out, err, status = run("--year 2023 --province 'Hà Nội,Thái Bình' --province 'lang son' "
    .. "--format html --lang en")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  local names, marked, total = scatter(out)
  T.eq(names, {"Hà Nội", "Thái Bình"}, "the names on the scatter")
  T.eq({marked, total}, {2, 16}, "two of the 16 points marked")
  local text = out:gsub("<[^>]+>", " "):gsub("%s+", " ")
  T.truthy(text:find("Selected provinces, 2023 Lạng Sơn has no SIPAS score in 2023 (only a "
    .. "PAR INDEX score), so it is not on the scatter.", 1, true), "Lạng Sơn said to be absent")
  T.truthy(text:find("Hà Nội 91.43 83.57 88.06 -4.49 Thái Bình 86.49 85.80 82.36 +3.44", 1, true),
    "their residuals")
end)

T.case("sipas_correlation without --province labels the furthest from the line and the extremes", function()
  local out, _, status = run("--year 2023 --format html --lang en")
  T.eq(status, 0)
  local names, marked = scatter(out)
  -- the five furthest (by the absolute residual, as in the header): Hải Dương, Bắc Giang,
  -- Hà Nội, Hà Tĩnh, Điện Biên; and the chart's extremes (docs/reports.md): Quảng Nam
  -- has the smallest PAR INDEX and SIPAS scores (84.60, 78.44), Quảng Ninh the largest
  -- (92.18, 90.61), by Python's min and max over the pairs above.
  T.eq(names, {"Bắc Giang", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Quảng Nam", "Quảng Ninh",
    "Điện Biên"}, "labels")
  T.eq(marked, 7, "marked")
end)

T.case("sipas_correlation --region: the region's provinces with both scores marked", function()
  local out, err, status = run("--year 2023 --region ĐBSH --format html --lang en")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  local names, marked = scatter(out)
  T.eq(names, {"Hà Nội", "Hải Dương", "Hải Phòng", "Quảng Ninh", "Thái Bình"}, "labels")
  T.eq(marked, 5, "marked")
  local text = out:gsub("<[^>]+>", " "):gsub("%s+", " ")
  T.truthy(text:find("5 of the 11 provinces of Red River Delta have both scores in 2023",
    1, true), "the count")
  out = run("--year 2023 --region 'Tây Nguyên' --lang en")
  T.truthy(out:gsub("%s+", " "):find("None of the 5 provinces of Central Highlands has both "
    .. "scores in 2023.", 1, true), "a region with none")
end)

T.finish()
