-- The interactive prompt, driven through a real terminal: tmux runs chiso in
-- a pseudo-terminal, send-keys types, capture-pane reads the screen. Covers
-- multi-line input, completion of a method, a column name, a table field
-- and a file name, printing of datasets and tables, help, Ctrl-C during a
-- long statement (Lua and C) and at the prompt, reverse search, and history
-- kept across two sessions.

local T = require "testing"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local socket = "chiso-test-" .. tostring(os.time()) .. "-" .. tostring(math.random(1e6))
local history = T.tmpname(".history")
-- How many times slower than usual chiso runs (make valgrind sets it): every wait grows by as much.
local slowdown = tonumber(os.getenv("CHISO_TEST_SLOWDOWN")) or 1

local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1", "r"))
  local out = p:read("a")
  p:close()
  return out
end

-- Waits about seconds times the slowdown.
local function pause(seconds)
  sh(string.format("sleep %.2f", seconds * slowdown))
end

local function tmux(args)
  return sh("tmux -L " .. socket .. " " .. args)
end

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

T.case("tmux is there to drive the prompt", function()
  T.truthy(sh("command -v tmux"):match("tmux"), "tmux is missing: install Debian's tmux (make test does)")
end)

-- One thread (CHISO_THREADS=1): the large CSV loaded below must still be loading when Ctrl-C comes.
local function start(name)
  tmux(string.format("new-session -d -s %s -x 140 -y 50 %s", name,
    quote("cd " .. root .. " && CHISO_THREADS=1 CHISO_HISTORY=" .. history .. " " .. chiso_bin)))
end

local function screen(name)
  return tmux("capture-pane -p -t " .. name)
end

-- Waits until the screen shows text, for at most 5 seconds (times the
-- slowdown). A tab in text matches the spaces a terminal draws for it.
local function wait_for(name, text)
  local pattern = text:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"):gsub("\t", " +")
  for _ = 1, 100 * slowdown do
    local s = screen(name)
    if s:find(pattern) then return s end
    sh("sleep 0.05")
  end
  error("the screen never showed " .. T.show(text) .. "; it shows:\n" .. screen(name), 2)
end

-- Types text literally, then the keys (Enter, Tab, C-c...).
local function type_(name, text, ...)
  if text ~= "" then tmux("send-keys -t " .. name .. " -l " .. quote(text)) end
  for _, key in ipairs{...} do tmux("send-keys -t " .. name .. " " .. key) end
end

-- Clears the screen (libedit's Ctrl-L) and tmux's scrollback, so old text cannot match.
local function reset(name)
  type_(name, "", "C-l")
  pause(0.1)
  tmux("clear-history -t " .. name)
end

local function stop(name)
  tmux("kill-session -t " .. name)
end

T.case("the prompt starts, and expressions print without return", function()
  start("a")
  wait_for("a", "chiso>")
  type_("a", "6 * 7, 'x'", "Enter")
  wait_for("a", "42\tx")
end)

T.case("an unfinished statement continues on the next line", function()
  type_("a", "for i = 1, 2 do", "Enter")
  wait_for("a", "...>")
  type_("a", "print(i * 11)", "Enter")
  type_("a", "end", "Enter")
  wait_for("a", "11\n22")
end)

T.case("a dataset prints as a table, a Lua table as a literal with its cycle marked", function()
  type_("a", 'par = chiso.data.load("par_index")', "Enter")
  type_("a", "par:head(2):select('province', 'score')", "Enter")
  wait_for("a", "│ Bà Rịa - Vũng Tàu │ 86.14 │")
  type_("a", "t = {1, 'a', k = {z = true}}; t.me = t", "Enter")
  type_("a", "t", "Enter")
  wait_for("a", '{1, "a", k = {z = true}, me = <cycle>}')
end)

T.case("Tab completes a method from the dataset's metatable", function()
  type_("a", "par:wh", "Tab")
  wait_for("a", "chiso> par:where")
  type_("a", "", "C-u")
end)

T.case("Tab completes a column name inside ds:col(\" and after ds.", function()
  type_("a", 'x = par:col("sc', "Tab")
  wait_for("a", 'x = par:col("score')
  type_("a", '")', "Enter")
  type_("a", "#x, par.prov", "Tab")
  wait_for("a", "#x, par.province")
  type_("a", "", "Enter")
  wait_for("a", "231\tcolumn 'province'")
end)

T.case("Vietnamese text is typed, shown and completed as written", function()
  type_("a", 'vn = chiso.dataset{ {"tỉnh", {"Lạng Sơn", "Đắk Lắk"}} }', "Enter")
  type_("a", "#vn * 1000 + 7", "Enter")
  wait_for("a", "\n2007\n") -- the assignment has run: vn exists to be completed
  type_("a", "vn.t", "Tab")
  wait_for("a", 'vn["tỉnh"]') -- not an identifier Lua allows after a dot
  type_("a", "[2]", "Enter")
  wait_for("a", "\nĐắk Lắk\n")
end)

T.case("Tab completes table fields and file names", function()
  type_("a", "chiso.st", "Tab")
  wait_for("a", "chiso> chiso.stats")
  type_("a", "", "C-u")
  type_("a", 'chiso.read_csv("data/provin', "Tab")
  wait_for("a", 'chiso.read_csv("data/provinces.csv')
  type_("a", "", "C-u")
end)

T.case("help shows a signature, a description and an example from docs/", function()
  type_("a", "help(chiso.read_csv)", "Enter")
  wait_for("a", "chiso.read_csv(path [, opts])")
  wait_for("a", "Example:")
end)

T.case("chiso.report and chiso.chart are there without require; help covers them", function()
  type_("a", "help(chart.bars)", "Enter")
  wait_for("a", "chart.bars{items = {{label =, value =}, ...} ...}")
  reset("a")
  type_("a", "help()", "Enter")
  wait_for("a", "chiso.chart (chart), SVG charts:")
  reset("a")
  type_("a", "#chiso.report.new{title = 'x'}:render('text') > 0, chiso.chart == chart", "Enter")
  wait_for("a", "true\ttrue")
end)

T.case("Ctrl-C stops a long Lua loop and returns to the prompt with the data intact", function()
  reset("a")
  type_("a", "while true do end", "Enter")
  pause(0.3)
  type_("a", "", "C-c")
  wait_for("a", "chiso: interrupted")
  type_("a", "#par", "Enter")
  wait_for("a", "\n231\n")
end)

T.case("Ctrl-C stops a long C primitive (loading a large CSV) and the prompt carries on", function()
  local big = T.tmpname(".csv")
  sh("yes 'Thừa Thiên Huế,2023,46.0415' | head -n 4000000 > " .. big)
  reset("a")
  type_("a", "big = chiso.read_csv(" .. string.format("%q", big) .. ")", "Enter")
  pause(0.3)
  type_("a", "", "C-c")
  local s = wait_for("a", "chiso: interrupted")
  T.truthy(s:find("read_csv", 1, true), "the traceback names read_csv")
  type_("a", "big, #par", "Enter")
  wait_for("a", "nil\t231")
end)

T.case("Ctrl-C at the prompt drops the line typed so far", function()
  reset("a")
  type_("a", "this is not finished(", "C-c")
  type_("a", "'after'", "Enter")
  local s = wait_for("a", "\nafter\n")
  T.truthy(not s:find("unexpected symbol", 1, true), "the dropped line was not run")
end)

T.case("Ctrl-R searches the history", function()
  reset("a")
  type_("a", "", "C-r")
  type_("a", "6 * 7")
  type_("a", "", "Enter")
  wait_for("a", "42\tx")
end)

T.case("history is kept across sessions", function()
  type_("a", "marker_from_first_session = 1234", "Enter")
  type_("a", "", "C-d")
  pause(0.3)
  stop("a")
  start("b")
  wait_for("b", "chiso>")
  type_("b", "", "Up", "Enter")
  type_("b", "marker_from_first_session", "Enter")
  wait_for("b", "\n1234\n")
  stop("b")
end)

T.case("Ctrl-D on an empty line leaves", function()
  start("c")
  wait_for("c", "chiso>")
  type_("c", "", "C-d")
  pause(0.3)
  T.truthy(not tmux("list-sessions"):find("^c:", 1), "the session ended")
  stop("c")
end)

tmux("kill-server")
T.finish()
