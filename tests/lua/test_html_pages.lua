-- The scripts' HTML reports laid out by a real browser (Debian's chromium,
-- headless) at 1280 and 800 px wide and at the width of an A4 page's text:
-- the page itself never scrolls sideways, every table sits in a wrapper that
-- scrolls on its own with its first column held in place (sticky, on an
-- opaque background), and at 1280 px the tables fit without scrolling.
--
-- The browser measures a copy of each report with a small script put in
-- before </body> (and the page's policy, which would stop it, taken out):
-- the reports chiso writes carry no script, which the last case checks.
-- The test fails (it does not skip) when chromium is missing: `make deps`
-- installs it.

local T = require "testing"
local report = require "chiso.report"

local CHISO = os.getenv("CHISO") or "chiso"
local HEIGHT = 1600
-- A4 is 210 mm wide; the page's margins (@page in report.lua's STYLE) are 14 mm each side:
-- 182 mm of text, at 96 px to 25.4 mm, is 182 * 96 / 25.4 = 687.9 px.
local A4_TEXT_WIDTH = 687

local quote = T.quote

local chromium = T.command_path("chromium")
local dir = T.scratch_dir()
local runs = 0

-- The browser's own measurements, as plain words in an element the dump shows:
--   page SCROLLWIDTH CLIENTWIDTH
--   table N SCROLLWIDTH CLIENTWIDTH OVERFLOW-X POSITION BACKGROUND STUCK
-- STUCK: after the wrapper is scrolled to its end, how far the first cell of the
-- first body row sits from the wrapper's left edge (0 when it stays in place), or
-- "-" when the wrapper does not scroll.
local PROBE = [[
<script>
(function () {
  var root = document.documentElement, out = [];
  out.push('page ' + root.scrollWidth + ' ' + root.clientWidth);
  document.querySelectorAll('.table-wrap').forEach(function (wrap, i) {
    var cell = wrap.querySelector('tbody tr > :first-child'), style = getComputedStyle(cell);
    var scrolls = wrap.scrollWidth > wrap.clientWidth, stuck = '-';
    if (scrolls) {
      wrap.scrollLeft = wrap.scrollWidth;
      stuck = Math.round(cell.getBoundingClientRect().left - wrap.getBoundingClientRect().left);
    }
    out.push(['table', i + 1, wrap.scrollWidth, wrap.clientWidth, getComputedStyle(wrap).overflowX,
      style.position, style.backgroundColor.replace(/ /g, ''), stuck].join(' '));
  });
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
</script>
]]

local function run(command)
  local ok = os.execute(command)
  return ok == true
end

local function chromium_command(width, action, page)
  runs = runs + 1
  return table.concat({"timeout 120", quote(chromium), "--headless", "--no-sandbox",
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--hide-scrollbars=false", "--user-data-dir=" .. quote(dir .. "/profile-" .. runs), action,
    string.format("--window-size=%d,%d", width, HEIGHT), quote("file://" .. page)}, " ")
end

-- The page at html with the probe in it (and print styles for the screen when print is true),
-- as the browser lays it out at width: {page = {scroll, client}, tables = {{...}, ...}}.
local function measure(html, width, for_print)
  local text = html:gsub('<meta http%-equiv="Content%-Security%-Policy"[^>]*>\n', "")
    :gsub("</body>", function() return PROBE .. "</body>" end)
  if for_print then
    text = text:gsub("@media print", "@media all")
  end
  runs = runs + 1
  local copy = string.format("%s/probe-%d.html", dir, runs)
  T.write(copy, text)
  local dump = copy .. ".dom"
  T.truthy(run(chromium_command(width, "--dump-dom", copy) .. " > " .. quote(dump)
    .. " 2>/dev/null"), "chromium dumps the DOM")
  local words = T.read(dump):match('<pre id="probe">(.-)</pre>')
  T.truthy(words, "the probe ran (its output is in the DOM)")
  local result = {tables = {}}
  for line in words:gmatch("[^\n]+") do
    local fields = {}
    for word in line:gmatch("%S+") do
      fields[#fields + 1] = word
    end
    if fields[1] == "page" then
      result.page = {scroll = tonumber(fields[2]), client = tonumber(fields[3])}
    elseif fields[1] == "table" then
      result.tables[#result.tables + 1] = {scroll = tonumber(fields[3]),
        client = tonumber(fields[4]), overflow = fields[5], position = fields[6],
        background = fields[7], stuck = tonumber(fields[8])}
    end
  end
  return result
end

local function script_report(name, args)
  local path = string.format("%s/%s.html", dir, name)
  T.truthy(run(string.format("XDG_DATA_HOME=/nonexistent %s run %s %s --out %s "
    .. ">/dev/null 2>&1", quote(CHISO), name, args, quote(path))), "chiso run " .. name)
  return T.read(path)
end

local REPORTS = {
  {name = "profile", args = "--province 'Lạng Sơn'"},
  {name = "movers", args = ""},
  {name = "regions", args = ""},
  {name = "sipas_correlation", args = ""},
  {name = "flagship", args = ""},
}

local function opaque(color)
  return color ~= "transparent" and not color:find("^rgba%(%d+,%d+,%d+,0%)$")
end

-- What holds at every width: no sideways scroll of the page, tables scroll in their wrapper
-- with the first column sticky on an opaque background, held in place when scrolled.
local function check_layout(what, m)
  T.truthy(m.page.scroll <= m.page.client, string.format("%s: the page is %d px wide, in a "
    .. "window of %d px (it would scroll sideways)", what, m.page.scroll, m.page.client))
  for i, t in ipairs(m.tables) do
    local table_what = string.format("%s table %d", what, i)
    T.eq(t.overflow, "auto", table_what .. ": its wrapper scrolls (overflow-x)")
    T.eq(t.position, "sticky", table_what .. ": its first column is sticky")
    T.truthy(opaque(t.background), table_what .. ": the first column has a background, not "
      .. t.background)
    if t.stuck then
      T.truthy(math.abs(t.stuck) <= 1, string.format("%s: scrolled to its end, the first "
        .. "column stays at the left edge (%d px from it)", table_what, t.stuck))
    end
  end
end

T.case("chromium is installed (apt-get install chromium; make deps installs it)", function()
  T.truthy(chromium, "chromium on PATH (it is missing: run 'apt-get install -y chromium' as root)")
end)

local pages = {}

T.case("the scripts write their HTML reports", function()
  for _, r in ipairs(REPORTS) do
    pages[r.name] = script_report(r.name, r.args)
    T.truthy(pages[r.name]:find('<div class="table-wrap">', 1, true), r.name .. " has a table")
  end
  T.truthy(pages.profile:find("TB cả nước (công bố)", 1, true), "profile has the column the "
    .. "issue found hidden at 1280 px")
end)

for _, width in ipairs{1280, 800} do
  T.case(string.format("at %d px the reports never scroll sideways, and their tables fit with "
      .. "a sticky first column", width), function()
    T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
    for _, r in ipairs(REPORTS) do
      local m = measure(pages[r.name], width)
      T.truthy(#m.tables > 0, r.name .. ": tables measured")
      check_layout(string.format("%s at %d px", r.name, width), m)
      for i, t in ipairs(m.tables) do
        -- Headers wrap, so the bundled data's tables fit both widths without scrolling.
        T.truthy(t.scroll <= t.client, string.format("%s at %d px, table %d: %d px of table in "
          .. "%d px (it scrolls)", r.name, width, i, t.scroll, t.client))
      end
    end
  end)
end

-- A table too wide for any screen: twenty columns of long, unbreakable values.
local function wide_report()
  local doc = report.new{title = "Bảng rộng", lang = "vi"}
  local rows = {}
  for i = 1, 5 do
    local row = {name = "Tỉnh số " .. i}
    for j = 1, 20 do
      row[string.format("c%02d", j)] = 1000000 * i + j
    end
    rows[i] = row
  end
  doc:table(rows)
  doc:paragraph(string.rep("Mộtchữrấtdàikhôngcódấucách", 12))
  return doc:render("html")
end

T.case("at 800 px a table too wide scrolls in its wrapper, not the page, its first column held", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local m = measure(wide_report(), 800)
  T.eq(#m.tables, 1, "one table")
  T.truthy(m.tables[1].scroll > m.tables[1].client, string.format("the wrapper scrolls (%d px "
    .. "of table in %d px)", m.tables[1].scroll, m.tables[1].client))
  T.truthy(m.tables[1].stuck ~= nil, "scrolled")
  check_layout("the wide table at 800 px", m)
end)

T.case("printed on A4 (print styles at the page's text width) nothing passes the right edge", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local wide = wide_report()
  for name, html in pairs{profile = pages.profile, movers = pages.movers, flagship = pages.flagship,
      wide = wide} do
    local m = measure(html, A4_TEXT_WIDTH, true)
    T.truthy(m.page.scroll <= m.page.client, string.format("%s: %d px of page on %d px of paper",
      name, m.page.scroll, m.page.client))
    for i, t in ipairs(m.tables) do
      T.truthy(t.scroll <= t.client, string.format("%s table %d: %d px of table on %d px of paper",
        name, i, t.scroll, t.client))
      T.eq(t.position, "static", name .. ": no sticky column on paper")
    end
  end
end)

T.case("the stylesheet asks for A4, repeats header rows and keeps rows and charts whole", function()
  local html = pages.profile or wide_report()
  T.truthy(html:find("@page { size: A4;", 1, true), "@page size A4")
  local print_css = html:match("@media print {(.-)\n}\n")
  T.truthy(print_css, "a print stylesheet")
  T.truthy(print_css:find("thead { display: table-header-group; }", 1, true), "header rows repeat")
  T.truthy(print_css:find("tr, figure, svg, img { break-inside: avoid; }", 1, true),
    "no break inside a row or a chart")
end)

T.case("chromium prints the profile to a PDF", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  local pdf = dir .. "/profile.pdf"
  T.truthy(run(chromium_command(1280, "--no-pdf-header-footer --print-to-pdf=" .. quote(pdf),
    dir .. "/profile.html") .. " >/dev/null 2>&1"), "chromium prints")
  local data = T.read(pdf)
  T.eq(data:sub(1, 5), "%PDF-", "a PDF")
  local pages_n = select(2, data:gsub("/Type%s*/Page[^s]", ""))
  T.truthy(pages_n >= 2, string.format("the profile takes several A4 pages (%d)", pages_n))
end)

T.case("screenshots at 1280 and 800 px are the window's size and not blank", function()
  T.truthy(chromium, "chromium is missing: run 'apt-get install -y chromium' as root")
  for _, width in ipairs{1280, 800} do
    local png = string.format("%s/profile-%d.png", dir, width)
    T.truthy(run(chromium_command(width, "--screenshot=" .. quote(png), dir .. "/profile.html")
      .. " >/dev/null 2>&1"), "chromium takes the screenshot")
    local data = T.read(png)
    T.eq(data:sub(1, 8), "\137PNG\r\n\26\n", "PNG signature")
    local w, h = string.unpack(">I4I4", data, 17)
    T.eq({w, h}, {width, HEIGHT}, "image size")
    T.truthy(#data > 30000, string.format("%d bytes: not blank", #data))
  end
end)

T.case("the reports themselves carry no script and keep their policy", function()
  for name, html in pairs(pages) do
    T.truthy(not html:find("<script", 1, true), name .. ": no script")
    T.truthy(html:find('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'',
      1, true), name .. ": the policy")
    T.truthy(not html:find("https?://[^\"]*%.css") and not html:find("@import", 1, true),
      name .. ": no external style")
  end
end)

os.execute("rm -rf " .. quote(dir))
T.finish()
