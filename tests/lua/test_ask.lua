-- Asking at the terminal when a sandboxed report is refused a file (ask.h):
-- the question, each answer, the trust list that "always" writes, no
-- question without a terminal, and the person's time not counted against
-- --timeout. Driven through tmux, on a socket of its own.

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree
local lfs = require "lfs"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local slowdown = tonumber(os.getenv("CHISO_TEST_SLOWDOWN")) or 1
local socket = "chiso-test-ask-" .. tostring(os.time()) .. "-" .. tostring(math.random(1e6))

local function sh(cmd)
  local p = assert(io.popen("(" .. cmd .. ") 2>&1"))
  local out = p:read("a")
  p:close()
  return out
end

local function tmux(args)
  return sh("tmux -L " .. socket .. " " .. args)
end

local function screen()
  return tmux("capture-pane -p -t ask")
end

-- Waits until the screen shows text (a plain string); the screen then.
local function wait_for(text, seconds)
  local deadline = chiso.clock() + (seconds or 10) * slowdown
  repeat
    local s = screen()
    if s:find(text, 1, true) then return s end
    sh("sleep 0.1")
  until chiso.clock() > deadline
  return screen()
end

-- A folder with data/x.csv (2 rows), data/y.csv (1 row) and a report reading both.
local function setup()
  local home = T.tmpname("-ask")
  assert(lfs.mkdir(home))
  assert(lfs.mkdir(home .. "/data"))
  T.write(home .. "/data/x.csv", "a,b\n1,2\n3,4\n")
  T.write(home .. "/data/y.csv", "a\n5\n")
  T.write(home .. "/r.lua", 'print(#chiso.read_csv("data/x.csv"))\nprint(#chiso.read_csv("data/y.csv"))\n')
  return home
end

local function start(home, flags)
  tmux("kill-session -t ask")
  tmux(string.format("new-session -d -s ask -x 200 -y 30 %s", quote(string.format(
    "cd %s && HOME=%s XDG_CONFIG_HOME= CHISO_TRUST= %s %s run --sandbox r.lua; echo EXIT=$?; sleep 60",
    quote(home), quote(home), chiso_bin, flags or ""))))
end

local function remove(home)
  for _, f in ipairs{"data/x.csv", "data/y.csv", "r.lua", ".config/chiso/trust"} do os.remove(home .. "/" .. f) end
  lfs.rmdir(home .. "/.config/chiso")
  lfs.rmdir(home .. "/.config")
  lfs.rmdir(home .. "/data")
  lfs.rmdir(home)
end

local question_x = "r.lua wants to read data/x.csv: allow? [y]es once, [a]lways for this folder, [N]o"
local question_y = "r.lua wants to read data/y.csv: allow? [y]es once, [a]lways for this folder, [N]o"

T.case("yes once: the file is read, asked about once however often it is opened, nothing kept", function()
  local home = setup()
  start(home)
  T.truthy(wait_for(question_x):find(question_x, 1, true), "the question: " .. screen())
  tmux("send-keys -t ask y Enter")
  wait_for(question_y)
  tmux("send-keys -t ask y Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find(question_x .. " y\n2\n" .. question_y .. " y\n1\nEXIT=0", 1, true), s)
  T.eq(lfs.attributes(home .. "/.config/chiso/trust"), nil, "no trust list")
  remove(home)
end)

T.case("no (or just Enter): the refusal, with the option that would allow it", function()
  local home = setup()
  start(home)
  wait_for(question_x)
  tmux("send-keys -t ask Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find("sandbox: reading 'data/x.csv' is not allowed", 1, true), s)
  T.truthy(s:find("--allow-read data", 1, true), s)
  T.truthy(s:find("EXIT=1", 1, true), s)
  remove(home)
end)

T.case("always: the folder goes on the trust list, and neither this run nor the next asks again", function()
  local home = setup()
  start(home)
  wait_for(question_x)
  tmux("send-keys -t ask a Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find(question_x .. " a\n2\n1\nEXIT=0", 1, true), s)
  local real = sh("realpath " .. quote(home .. "/data")):gsub("\n$", "")
  T.truthy(T.read(home .. "/.config/chiso/trust"):find("\nread " .. real .. "\n$")
    or T.read(home .. "/.config/chiso/trust") == "read " .. real .. "\n", T.read(home .. "/.config/chiso/trust"))
  T.eq(sh(string.format("cd %s && HOME=%s XDG_CONFIG_HOME= %s trust --list", quote(home), quote(home), chiso_bin)),
    "read " .. real .. "\n", "chiso trust --list")
  start(home)
  s = wait_for("EXIT=")
  T.truthy(s:find("^2\n1\nEXIT=0"), "the second run: " .. s)
  remove(home)
end)

T.case("the time spent answering is not the report's: --timeout 1, answered after 2 s", function()
  local home = setup()
  start(home, "--timeout " .. slowdown)
  wait_for(question_x)
  sh("sleep " .. 2 * slowdown)
  tmux("send-keys -t ask a Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find("2\n1\nEXIT=0", 1, true), s)
  remove(home)
end)

T.case("without a terminal nobody is asked: the refusal comes at once", function()
  local home = setup()
  local out = sh(string.format("cd %s && HOME=%s CHISO_TRUST= %s run --sandbox r.lua </dev/null; echo EXIT=$?",
    quote(home), quote(home), chiso_bin))
  T.truthy(not out:find("allow?", 1, true), out)
  T.truthy(out:find("--allow-read data to allow it", 1, true), out)
  T.truthy(out:find("EXIT=1\n$"), out)
  remove(home)
end)

-- A report that writes result.csv beside itself, where no --out lets it.
local function setup_write(home)
  T.write(home .. "/w.lua", 'assert(chiso.dataset{a = {1, 2}}:to_csv("result.csv"))\nprint("written")\n')
end

local function start_write(home, input)
  tmux("kill-session -t ask")
  tmux(string.format("new-session -d -s ask -x 200 -y 30 %s", quote(string.format(
    "cd %s && HOME=%s XDG_CONFIG_HOME= CHISO_TRUST= %s run --sandbox w.lua %s; echo EXIT=$?; sleep 60",
    quote(home), quote(home), chiso_bin, input or ""))))
end

local question_w = "w.lua wants to write result.csv: allow? [y]es once, [a]lways for this folder, [N]o"

T.case("a write: yes puts the whole file in place (the parent renames it), and leaves nothing else", function()
  local home = setup()
  setup_write(home)
  start_write(home)
  wait_for(question_w)
  tmux("send-keys -t ask y Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find(question_w .. " y\nwritten\nEXIT=0", 1, true), s)
  T.eq(T.read(home .. "/result.csv"), "a\n1\n2\n", "the file")
  T.eq(files_in(home), {"data", "r.lua", "result.csv", "w.lua"}, "no temporary file left")
  os.remove(home .. "/result.csv")
  os.remove(home .. "/w.lua")
  remove(home)
end)

T.case("a write: no is the refusal naming --out, and nothing is written", function()
  local home = setup()
  setup_write(home)
  start_write(home)
  wait_for(question_w)
  tmux("send-keys -t ask n Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find("sandbox: writing 'result.csv' is not allowed", 1, true), s)
  T.truthy(s:find("--out", 1, true), s)
  T.eq(files_in(home), {"data", "r.lua", "w.lua"}, "nothing written")
  os.remove(home .. "/w.lua")
  remove(home)
end)

T.case("a write: always puts the folder on the trust list, which later runs use without a terminal", function()
  local home = setup()
  setup_write(home)
  start_write(home)
  wait_for(question_w)
  tmux("send-keys -t ask a Enter")
  local s = wait_for("EXIT=")
  T.truthy(s:find("written\nEXIT=0", 1, true), s)
  local real = sh("realpath " .. quote(home)):gsub("\n$", "")
  T.truthy(T.read(home .. "/.config/chiso/trust"):find("write " .. real .. "\n", 1, true),
    T.read(home .. "/.config/chiso/trust"))
  os.remove(home .. "/result.csv")
  local out = sh(string.format("cd %s && HOME=%s XDG_CONFIG_HOME= CHISO_TRUST= %s run --sandbox w.lua </dev/null",
    quote(home), quote(home), chiso_bin))
  T.eq(out, "written\n", "no terminal, no question, written")
  T.eq(T.read(home .. "/result.csv"), "a\n1\n2\n", "the file")
  os.remove(home .. "/result.csv")
  os.remove(home .. "/w.lua")
  remove(home)
end)

T.case("on a terminal a sandboxed report's control characters are shown, not obeyed", function()
  local home = setup()
  -- OSC 52 (set the clipboard), a colour, C1's CSI (U+009B), OSC 0 (the window title) in an error
  T.write(home .. "/r.lua", 'print("a\\27]52;c;aGVsbG8=\\7b\\27[31mred\\194\\155x")\nerror("e\\27]0;title\\7", 0)\n')
  start(home)
  local s = wait_for("EXIT=")
  T.truthy(s:find("a^[]52;c;aGVsbG8=^Gb^[[31mred?x\n", 1, true), s)
  T.truthy(s:find("chiso: e^[]0;title^G\n", 1, true), s)
  -- off a terminal the bytes are the report's own
  local out = sh(string.format("cd %s && CHISO_TRUST= %s run --sandbox r.lua 2>/dev/null", quote(home), chiso_bin))
  T.eq(out, "a\27]52;c;aGVsbG8=\7b\27[31mred\194\155x\n", "piped")
  remove(home)
end)

T.case("a C1 control split between two of the pieces written to the terminal is shown, not obeyed", function()
  local home = setup()
  -- C1's CSI (U+009B, bytes C2 9B) with its C2 the last byte of the first
  -- 1024-byte piece chiso scrubs a long write in, its 9B the first of the
  -- next. Obeyed, "31m" would vanish into a colour.
  T.write(home .. "/r.lua", 'print(("x"):rep(1023) .. "\\194\\155" .. "31mA")\n')
  start(home)
  local s = wait_for("EXIT=")
  T.truthy(s:find("x?31mA\n", 1, true), s)
  remove(home)
end)

tmux("kill-server")
T.finish()
