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

local quote = T.quote

local function run(command)
  local ok, how, status = os.execute(command)
  return ok == true, how == "exit" and status or -1
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

local chromium = T.command_path("chromium")
local dir = T.scratch_dir()
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

-- Hostile text ----------------------------------------------------------------

-- A TCP listener on 127.0.0.1 that writes a line to its log for every
-- connection: the "remote" server a hostile report would send data to.
local LISTENER = [=[
import socket, sys, os
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(180)
open(sys.argv[1] + ".tmp", "w").write("%d %d\n" % (s.getsockname()[1], os.getpid()))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
log = open(sys.argv[2], "a", buffering=1)
try:
    while True:
        c, _ = s.accept()
        c.settimeout(2)
        try:
            log.write(c.recv(200).split(b"\r\n")[0].decode("latin-1") + "\n")
        except OSError:
            log.write("connection\n")
        c.close()
except OSError:
    pass
]=]

-- Starts the listener; returns its port, its pid and the path of its log.
local function start_listener()
  local script, port_file, log = dir .. "/listen.py", dir .. "/listen.port", dir .. "/listen.log"
  T.write(script, LISTENER)
  T.write(log, "")
  os.remove(port_file)
  os.execute(string.format("python3 %s %s %s >/dev/null 2>&1 &", quote(script), quote(port_file),
    quote(log)))
  for _ = 1, 100 do
    local f = io.open(port_file, "r")
    if f then
      local port, pid = f:read("n", "n")
      f:close()
      return port, pid, log
    end
    os.execute("sleep 0.05")
  end
  error("the listener did not start")
end

-- Text meant to run a script or fetch from the listener, in every place a report takes text.
local function hostile_report(port)
  local url = "http://127.0.0.1:" .. port
  local script = "<script>document.title='PWNED';fetch('" .. url .. "/script')</script>"
  local img = '<img src="' .. url .. '/img.png" onerror="document.body.dataset.pwned=1">'
  local css = '<link rel="stylesheet" href="' .. url .. '/style.css"><style>@import "' .. url
    .. '/import.css";</style>'
  local doc = report.new{title = "Báo cáo " .. script, subtitle = img, lang = "vi"}
  doc:heading(css):paragraph(script .. img):note('" onmouseover="document.title=1')
  doc:table({{name = script, value = 1}, {name = img, value = 2}}, {headers = {name = img}, caption = css})
  doc:chart(chart.bars{title = script, items = {{label = img, value = 1}, {label = script, value = 2}}},
    {caption = img})
  doc:chart('<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="PWNED"</script>'
    .. '<image href="' .. url .. '/svg-image.png" width="10" height="10"/>'
    .. '<rect width="10" height="10" fill="#3a7dbf"/></svg>')
  return doc
end

local function dump_dom(page_path, profile)
  local out = dir .. "/" .. profile .. ".html"
  local ok, status = run("timeout 120 " .. chromium_command(chromium, dir, profile, "--dump-dom",
    page_path) .. " > " .. quote(out) .. " 2> " .. quote(dir .. "/" .. profile .. ".log"))
  T.truthy(ok, string.format("chromium exit status 0 (got %d): %s", status, tail(dir .. "/" .. profile .. ".log")))
  return T.read(out)
end

T.case("headless chromium: a report of script, remote-image and handler text runs nothing and fetches nothing", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local port, pid, log = start_listener()
  local hostile = dir .. "/hostile.html"
  T.eq(hostile_report(port):write("html", hostile), true, "write")
  local dom = dump_dom(hostile, "profile-hostile")
  os.execute("sleep 0.5")
  os.execute("kill " .. math.tointeger(pid))
  T.truthy(dom:find("<title>Báo cáo &lt;script&gt;", 1, true), "the title is the report's text, "
    .. "not PWNED: " .. (dom:match("<title>.-</title>") or "none"))
  T.truthy(not dom:find("<script", 1, true), "no script element in the DOM")
  T.truthy(not dom:find("data-pwned", 1, true), "no handler ran")
  T.truthy(not dom:find("<link", 1, true), "no stylesheet link")
  T.eq(select(2, dom:gsub("<svg ", "")), 1, "chiso's chart inline")
  T.eq(select(2, dom:gsub('<img alt="" src="data:image/svg%+xml;base64,', "")), 1,
    "the report's own SVG as an image")
  T.eq(T.read(log), "", "no request reached the listener")
end)

T.case("headless chromium: the page's policy stops a script and a remote image even if one got in", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local port, pid, log = start_listener()
  local url = "http://127.0.0.1:" .. port
  -- What escaping keeps out, put in by hand after the report was written.
  local page = report.new{title = "Policy", lang = "en"}:render("html"):gsub("<main>",
    "<main>\n<script>document.title='PWNED'</script><img src=\"" .. url .. "/belt.png\">"
    .. "<div style=\"background:url(" .. url .. "/bg.png)\">x</div>", 1)
  local path = dir .. "/belt.html"
  T.write(path, page)
  local dom = dump_dom(path, "profile-belt")
  os.execute("sleep 0.5")
  T.truthy(dom:find("<title>Policy · chiso</title>", 1, true), "the script did not run: "
    .. (dom:match("<title>.-</title>") or "none"))
  T.eq(T.read(log), "", "no request reached the listener")
  -- The control: without the policy the same page runs its script and fetches, so the test can fail.
  local bare = page:gsub('<meta http%-equiv="Content%-Security%-Policy"[^>]*>\n', "")
  T.truthy(#bare < #page, "the policy taken out")
  T.write(path, bare)
  local bare_dom = dump_dom(path, "profile-bare")
  os.execute("sleep 0.5")
  os.execute("kill " .. math.tointeger(pid))
  T.truthy(bare_dom:find("<title>PWNED</title>", 1, true), "without the policy the script runs")
  T.truthy(T.read(log):find("GET /belt.png", 1, true), "without the policy the image is fetched: " .. T.read(log))
end)

os.execute("rm -rf " .. quote(dir))
T.finish()
