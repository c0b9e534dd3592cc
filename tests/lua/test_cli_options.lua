-- chiso.cli's reading of a script's options: repeatable options (--province
-- given several times, or names separated by commas), any other option given
-- twice refused with its name, and the resolving of the provinces and the
-- region a script is given. Expected values are the arguments themselves and
-- the canonical names of data/provinces.csv.

local T = require "testing"
local cli = require "chiso.cli"

local CHISO = assert(os.getenv("CHISO"), "CHISO is not set")

-- The options cli.parse reads from args, as a script named test.lua would.
local function parse(args, take)
  args[0] = "test.lua"
  return cli.parse(args, take)
end

T.case("a repeatable option gathers every value, split at commas, in order", function()
  local opts = parse({"--province", "Lạng Sơn", "--province=Cao Bằng,HN", "--year", "2023"},
    {"province", "year"})
  T.eq(opts.province, {"Lạng Sơn", "Cao Bằng", "HN"}, "three provinces")
  T.eq(opts.year, 2023, "year")
  -- an empty piece is kept, for the resolver to call it empty
  T.eq(parse({"--province", "Huế,"}, {"province"}).province, {"Huế", ""}, "trailing comma")
  T.eq(parse({}, {"province"}).province, nil, "not given: nil")
end)

T.case("cli.provinces resolves each name once, in the order given, with notes for former ones", function()
  local names, notes = cli.provinces({"lang son", "HN", "Hà Tây", "20", "Vũng Tàu"}, "en")
  -- "HN" and "Hà Tây" are both Hà Nội; "20" is Lạng Sơn's code
  T.eq(names, {"Lạng Sơn", "Hà Nội", "Bà Rịa - Vũng Tàu"}, "names")
  T.eq(notes, {"Hà Tây was merged into Hà Nội in 2008."}, "notes")
  T.eq({cli.provinces(nil)}, {{}, {}}, "none")
  T.eq(cli.region("tay nguyen"), "Tây Nguyên", "region")
  T.eq(cli.region(nil), nil, "no region")
end)

-- Runs `chiso run ARGS`; returns stdout, stderr and the exit status.
local function run(args)
  local out, err, status = T.run("'" .. CHISO .. "' run " .. args)
  return out, err, status
end

T.case("an option that takes one value, given twice, is an error naming it", function()
  local out, err, status = run("movers --year 2023 --year 2022")
  T.eq({out, err, status}, {"", "movers: tùy chọn --year chỉ nhận một giá trị nhưng được cho hai "
    .. "lần ('2023', rồi '2022') (xem --help)\n", 2}, "vi")
  out, err, status = run("profile --province 'Lạng Sơn' --lang en --format text --format csv")
  T.eq({out, err, status}, {"", "profile: option --format takes one value but was given twice "
    .. "('text', then 'csv') (see --help)\n", 2}, "en")
  out, err, status = run("sipas_correlation --with sipas --with=papi")
  T.eq({err, status}, {"sipas_correlation: tùy chọn --with chỉ nhận một giá trị nhưng được cho "
    .. "hai lần ('sipas', rồi 'papi') (xem --help)\n", 2}, "a script's own option")
end)

T.case("a province or region that does not resolve stops each script with one line", function()
  for _, script in ipairs{"movers", "profile", "sipas_correlation"} do
    local out, err, status = run(script .. " --province 'Lạng Sơn' --province 'lang sonn' --lang en")
    T.eq({out, err, status}, {"", script .. ": unknown province 'lang sonn'; did you mean Lạng "
      .. "Sơn?\n", 2}, script .. " unknown")
    out, err, status = run(script .. " --province 'Lạng Sơn,ĐN' --lang en")
    T.eq({out, err, status}, {"", script .. ": ambiguous province 'ĐN': Đà Nẵng or Đồng Nai; "
      .. "give the name\n", 2}, script .. " ambiguous")
    out, err, status = run(script .. " --province 'Lạng Sơn,' --lang en")
    T.eq({out, err, status}, {"", script .. ": a province name is empty\n", 2}, script .. " empty")
    out, err, status = run(script .. " --province 'Lạng Sơn,'")
    T.eq({out, err, status}, {"", script .. ": tên tỉnh, thành phố để trống\n", 2},
      script .. " empty, vi")
  end
  for _, script in ipairs{"movers", "sipas_correlation"} do
    local out, err, status = run(script .. " --region 'đồng bằng' --lang en")
    T.eq({out, err, status}, {"", script .. ": ambiguous region 'đồng bằng': Đồng bằng sông "
      .. "Hồng; Đồng bằng sông Cửu Long; give the name\n", 2}, script .. " region")
  end
  local out, err, status = run("movers --region Atlantis --region 'Tây Nguyên'")
  T.eq({out, status}, {"", 2}, "--region twice")
  T.truthy(err:find("--region", 1, true), "names --region: " .. err)
end)

T.finish()
