-- An HTML report with all four chart kinds, opened by a real browser:
-- Debian's chromium, headless, renders it to a PNG and dumps its DOM. The
-- test fails (it does not skip) when chromium is missing: `make deps`
-- installs it.

local T = require "testing"
local report = require "chiso.report"
local chart = require "chiso.chart"

local WIDTH, HEIGHT = 1200, 2000
-- chromium's screenshot of an empty page of this size is about 11 KB; the
-- report's tables, text and charts make several times that.
local MIN_PNG_BYTES = 30000

local function quote(text)
  return "'" .. text:gsub("'", "'\\''") .. "'"
end

local function run(command)
  local ok, how, status = os.execute(command)
  return ok == true, how == "exit" and status or -1
end

local function chromium_path()
  local pipe = io.popen("command -v chromium 2>/dev/null")
  local path = pipe:read("l")
  pipe:close()
  return path
end

local function scratch_dir()
  local pipe = io.popen("mktemp -d")
  local dir = pipe:read("l")
  pipe:close()
  assert(dir and dir:find("^/"), "mktemp -d failed")
  return dir
end

local function full_report()
  local doc = report.new{title = "Báo cáo thử: Lạng Sơn & Cao Bằng", lang = "vi",
    subtitle = "Bốn loại biểu đồ"}
  doc:paragraph("Đoạn văn tiếng Việt có dấu: Đắk Lắk, Thừa Thiên Huế, Bà Rịa - Vũng Tàu.")
  doc:table(chiso.dataset{
    {"province", {"Lạng Sơn", "Cao Bằng", "Hà Nội"}},
    {"score", {85.94, chiso.null, 89.5}},
    {"rank", {47, 63, 5}},
  }, {headers = {province = "Tỉnh", score = "Điểm", rank = "Hạng"}, formats = {score = 2}})
  doc:chart(chart.slope{title = "Thứ hạng 2022–2023", left = "2022", right = "2023", ranks = true,
    items = {{label = "Lạng Sơn", left = 54, right = 47}, {label = "Cao Bằng", left = 10, right = 20},
      {label = "Đắk Lắk", left = 30, right = 30}}}, {caption = "Biểu đồ độ dốc"})
  local points = {}
  for i = 1, 20 do
    points[i] = {x = 70 + i, y = 72 + i * 0.9 + (i % 3), label = "Tỉnh " .. i}
  end
  doc:chart(chart.scatter{title = "Điểm 2022 và 2023", x_label = "2022", y_label = "2023",
    points = points, fit = {slope = 0.9, intercept = 9}, annotation = "r = 0,63; p = 0,009",
    label_points = {"Tỉnh 1", "Tỉnh 20"}}, {caption = "Biểu đồ phân tán"})
  doc:chart(chart.bars{title = "Điểm PAR INDEX", format = 2, highlight = "Hà Nội",
    reference = {value = 86.98, label = "Trung bình cả nước"},
    items = {{label = "Hà Nội", value = 89.5}, {label = "Lạng Sơn", value = 85.94},
      {label = "Cao Bằng"}}}, {caption = "Biểu đồ cột"})
  doc:chart(chart.rank_history{title = "Thứ hạng qua các năm", max_rank = 63, series = {
    {label = "Lạng Sơn", points = {{x = 2019, y = 40}, {x = 2020, y = 45}, {x = 2022, y = 54},
      {x = 2023, y = 47}}},
    {label = "Hà Nội", points = {{x = 2019, y = 3}, {x = 2020, y = 5}, {x = 2021, y = 4},
      {x = 2022, y = 6}, {x = 2023, y = 3}}},
  }}, {caption = "Lịch sử thứ hạng"})
  return doc
end

local function chromium_command(chromium, dir, profile, action, page)
  return table.concat({quote(chromium), "--headless", "--no-sandbox", "--disable-gpu",
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--user-data-dir=" .. quote(dir .. "/" .. profile),
    action, string.format("--window-size=%d,%d", WIDTH, HEIGHT), quote("file://" .. page)}, " ")
end

local function tail(path)
  local f = io.open(path, "rb")
  local text = f and f:read("a") or ""
  if f then f:close() end
  return text:sub(-600):gsub("\n", " | ")
end

local chromium = chromium_path()
local dir = scratch_dir()
local page = dir .. "/report.html"

T.case("chromium is installed (apt-get install chromium; make deps installs it)", function()
  T.truthy(chromium, "chromium on PATH (it is missing: run 'apt-get install -y chromium' as root)")
end)

T.case("the HTML report with four charts is written", function()
  T.eq(full_report():write("html", page), true, "write")
end)

T.case("headless chromium renders the report to a PNG that is not blank", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local png = dir .. "/report.png"
  local log = dir .. "/screenshot.log"
  local ok, status = run("timeout 120 " .. chromium_command(chromium, dir, "profile-shot",
    "--screenshot=" .. quote(png), page) .. " > " .. quote(log) .. " 2>&1")
  T.truthy(ok, string.format("chromium exit status 0 (got %d): %s", status, tail(log)))
  local f = io.open(png, "rb")
  T.truthy(f, "the PNG exists")
  local data = f:read("a")
  f:close()
  T.eq(data:sub(1, 8), "\137PNG\r\n\26\n", "PNG signature")
  T.eq(data:sub(13, 16), "IHDR", "PNG header chunk")
  local w, h = string.unpack(">I4I4", data, 17)
  T.eq({w, h}, {WIDTH, HEIGHT}, "image size")
  T.truthy(#data > MIN_PNG_BYTES, string.format("PNG of %d bytes is more than %d (not blank)",
    #data, MIN_PNG_BYTES))
end)

T.case("headless chromium loads the page: its DOM has the title and four SVG charts", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local out = dir .. "/dom.html"
  local ok, status = run("timeout 120 " .. chromium_command(chromium, dir, "profile-dom",
    "--dump-dom", page) .. " > " .. quote(out) .. " 2> " .. quote(dir .. "/dom.log"))
  T.truthy(ok, string.format("chromium exit status 0 (got %d): %s", status, tail(dir .. "/dom.log")))
  local dom = T.read(out)
  T.truthy(dom:find("<title>Báo cáo thử: Lạng Sơn &amp; Cao Bằng · chiso</title>", 1, true),
    "the page title")
  T.truthy(dom:find("<h1>Báo cáo thử: Lạng Sơn &amp; Cao Bằng</h1>", 1, true), "the heading")
  local svgs = select(2, dom:gsub("<svg ", ""))
  T.eq(svgs, 4, "four SVG elements")
  T.truthy(dom:find("Thứ hạng qua các năm", 1, true), "chart text intact")
end)

os.execute("rm -rf " .. quote(dir))
T.finish()
