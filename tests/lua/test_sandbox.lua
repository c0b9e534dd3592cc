-- Sandboxed reports. Each hostile report in tests/sandbox/ states in its
-- header (the leading "-- key: value" lines):
--   expect:  a text that standard error must contain (required)
--   status:  the exit status (1 when absent)
--   flags:   chiso's options, given before `run` (the harness adds
--            --timeout 3, times CHISO_TEST_SLOWDOWN, unless the flags name
--            a --timeout)
--   trust:   "yes" runs it with --trust instead of --sandbox (limits apply
--            to trusted runs too)
--   setup:   a set-up step in the report's work folder, which is its current
--            folder: "symlink" (allowed/link.csv -> /etc/passwd, with
--            --allow-read allowed), "fifo" (allowed/pipe.csv, a FIFO, with
--            --allow-read allowed), "part-link" (out/report.csv.part and
--            out/report.html.part, links to a file outside --out),
--            "chart-link" (out/report.md, and out/report-1.svg a link to a
--            file outside --out), "chart-stray" (out/report-1.svg, a file
--            of the user's, and no report.md)
--   out:     a file name: --out is WORK/out/NAME instead of the folder
-- Each runs as `chiso FLAGS run --sandbox REPORT [extra] --out WORK/out`,
-- and must end with its status and message within its --timeout plus one
-- second (stretched CHISO_TEST_SLOWDOWN times), leave WORK/out empty but
-- for what the set-up placed there (unchanged), leave no file beside the
-- links it was given, and make no
-- /tmp/chiso-sandbox-pwned-* file. Then well-behaved reports: they read
-- their data, write their --out file, and untrusted paths are sandboxed by
-- default.

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree
local lfs = require "lfs"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")
local slowdown = tonumber(os.getenv("CHISO_TEST_SLOWDOWN")) or 1

local function fresh_dir()
  local dir = T.tmpname("-sandbox")
  assert(lfs.mkdir(dir))
  assert(lfs.mkdir(dir .. "/out"))
  return dir
end

local function header(path)
  local h = {status = 1, flags = ""}
  for line in io.lines(path) do
    local key, value = line:match("^%-%- (%a+): (.*)$")
    if not line:match("^%-%-") then break end
    if key then h[key] = value end
  end
  h.status = tonumber(h.status)
  return h
end

-- The set-up steps a header can ask for; each returns extra flags and arguments, and what it
-- placed under out/ ({name = its content, or true for a link}), which must stay as it was.
local setups = {
  symlink = function(work)
    assert(lfs.mkdir(work .. "/allowed"))
    assert(lfs.link("/etc/passwd", work .. "/allowed/link.csv", true))
    return " --allow-read " .. quote(work .. "/allowed"), quote(work .. "/allowed")
  end,
  fifo = function(work)
    assert(lfs.mkdir(work .. "/allowed"))
    assert(os.execute("mkfifo " .. quote(work .. "/allowed/pipe.csv")))
    return " --allow-read " .. quote(work .. "/allowed"), quote(work .. "/allowed")
  end,
  ["part-link"] = function(work)
    T.write(work .. "/victim.txt", "keep\n")
    for _, name in ipairs{"report.csv.part", "report.html.part"} do
      assert(lfs.link(work .. "/victim.txt", work .. "/out/" .. name, true))
    end
    return "", "", {["report.csv.part"] = true, ["report.html.part"] = true}
  end,
  ["chart-link"] = function(work)
    T.write(work .. "/victim.txt", "keep\n")
    T.write(work .. "/out/report.md", "# an earlier report\n")
    assert(lfs.link(work .. "/victim.txt", work .. "/out/report-1.svg", true))
    return "", "", {["report.md"] = "# an earlier report\n", ["report-1.svg"] = true}
  end,
  ["chart-stray"] = function(work)
    T.write(work .. "/out/report-1.svg", "<svg>the user's own drawing</svg>\n")
    return "", "", {["report-1.svg"] = "<svg>the user's own drawing</svg>\n"}
  end,
}

local dir = root .. "/tests/sandbox"
local scripts = {}
for name in lfs.dir(dir) do
  if name:match("%.lua$") then scripts[#scripts + 1] = name end
end
table.sort(scripts)

T.case("the hostile corpus has at least 80 reports", function()
  T.truthy(#scripts >= 80, #scripts .. " reports")
end)

for _, name in ipairs(scripts) do
  T.case("hostile report " .. name .. " is stopped with its message", function()
    local path = dir .. "/" .. name
    local h = header(path)
    T.truthy(h.expect, name .. " states what it expects")
    local work = fresh_dir()
    local flags, extra, placed = h.flags, "", {}
    if h.setup then
      local more
      more, extra, placed = assert(setups[h.setup], "unknown setup " .. h.setup)(work)
      placed = placed or {}
      flags = flags .. more
    end
    local timeout = tonumber(flags:match("%-%-timeout[= ](%d+%.?%d*)"))
    if not timeout then
      -- a report stopped by anything but time ends long before; slower builds (valgrind) get longer
      timeout = 3 * slowdown
      flags = flags .. " --timeout " .. timeout
    end
    local mode = h.trust == "yes" and "--trust" or "--sandbox"
    local pwned = "/tmp/chiso-sandbox-pwned-" .. name:gsub("%.lua$", "")
    os.remove(pwned)
    local _, err, status, seconds = run(string.format(
      "cd %s && CHISO_TRUST= %s %s run %s %s %s --out %s </dev/null",
      quote(work), chiso_bin, flags, mode, quote(path), extra,
      quote(work .. "/out" .. (h.out and "/" .. h.out or ""))))
    T.eq(status, h.status, "exit status (stderr: " .. err:sub(1, 300) .. ")")
    T.truthy(err:find(h.expect, 1, true), "stderr " .. T.show(err:sub(1, 300)) .. " lacks " .. T.show(h.expect))
    T.truthy(seconds <= timeout + slowdown, string.format("took %.1f s under --timeout %g", seconds, timeout))
    local left = {}
    for _, f in ipairs(files_in(work .. "/out")) do
      if not placed[f] then left[#left + 1] = f end
    end
    T.eq(left, {}, "nothing written to --out")
    for f, content in pairs(placed) do
      local mode = lfs.symlinkattributes(work .. "/out/" .. f, "mode")
      T.eq(mode, content == true and "link" or "file", f .. " still there, as it was")
      if content ~= true then
        T.eq(T.read(work .. "/out/" .. f), content, f .. " unchanged")
      end
    end
    if lfs.attributes(work .. "/victim.txt") then
      T.eq(T.read(work .. "/victim.txt"), "keep\n", "the file behind the links is untouched")
    end
    T.eq(lfs.attributes(pwned), nil, "no " .. pwned)
    remove_tree(work)
  end)
end

T.case("a well-behaved report runs sandboxed: reads the bundled data, writes its --out file", function()
  local work = fresh_dir()
  local out = work .. "/out/movers.html"
  local _, err, status = run(string.format("CHISO_TRUST= %s run --sandbox %s --year 2023 --out %s",
    chiso_bin, quote(root .. "/scripts/movers.lua"), quote(out)))
  T.eq(status, 0, "status (" .. err .. ")")
  T.truthy(lfs.attributes(out, "size") > 1000, "the report was written")
  T.eq(files_in(work .. "/out"), {"movers.html"}, "and nothing else")
  os.remove(out)
end)

T.case("a sandboxed movers report in Markdown writes its charts beside its --out file, twice", function()
  local work = fresh_dir()
  local out = work .. "/out/movers.md"
  for round = 1, 2 do
    local _, err, status = run(string.format("CHISO_TRUST= %s run --sandbox %s --year 2023 --out %s",
      chiso_bin, quote(root .. "/scripts/movers.lua"), quote(out)))
    T.eq(status, 0, "status of run " .. round .. " (" .. err .. ")")
    -- movers draws two charts (a map and a slope chart; scripts/movers.lua)
    T.eq(files_in(work .. "/out"), {"movers-1.svg", "movers-2.svg", "movers.md"},
      "the report and its two charts, run " .. round)
    local md = T.read(out)
    T.truthy(md:find("](movers-1.svg)", 1, true) and md:find("](movers-2.svg)", 1, true),
      "the report links both")
  end
  remove_tree(work)
end)

T.case("a CHISO_DATA folder not made yet: a sandboxed report reads the bundled data", function()
  -- It was a traceback: the folder, not there, could not be allowed.
  local work = fresh_dir()
  local out, err, status = run(string.format("CHISO_TRUST= CHISO_DATA=%s %s run --sandbox %s --year 2024",
    quote(work .. "/not-made"), chiso_bin, quote(root .. "/scripts/movers.lua")))
  T.eq(status, 0, "status (" .. err .. ")")
  T.truthy(out:find("PAR INDEX", 1, true), "the report: " .. out:sub(1, 200))
  T.truthy(not err:find("traceback", 1, true), err)
end)

T.case("a script outside the trusted folders is sandboxed by default, and says so in one line", function()
  local work = fresh_dir()
  local script = work .. "/report.lua"
  T.write(script, 'print(#chiso.data.load("provinces"))\nprint(pcall(function() return io.open("/etc/passwd") end))\n')
  local out, err, status = run(string.format("cd / && CHISO_TRUST= %s %s", chiso_bin, quote(script)))
  T.eq(status, 0, "status")
  T.eq(err, "chiso: " .. script .. " is outside your trusted folders, so it runs in the sandbox "
    .. "(--trust runs it with full access)\n", "the notice")
  T.truthy(out:find("^63\nfalse\t.*'io.open' is not available"), "io refused: " .. out)
  local trusted = run(string.format("cd / && CHISO_TRUST= %s --trust %s", chiso_bin, quote(script)))
  T.truthy(trusted:find("\ntrue\tfile %("), "--trust opens the file: " .. trusted)
  local by_env = run(string.format("cd / && CHISO_TRUST=%s %s %s", quote(work), chiso_bin, quote(script)))
  T.truthy(by_env:find("\ntrue\tfile %("), "a folder in CHISO_TRUST is trusted: " .. by_env)
  os.remove(script)
end)

T.case("--allow-read lets a sandboxed report read a folder of the user's", function()
  local work = fresh_dir()
  T.write(work .. "/mine.csv", "a,b\n1,2\n")
  local script = work .. "/report.lua"
  T.write(script, 'print(#assert(chiso.read_csv(arg[1])))\n')
  local cmd = "CHISO_TRUST= %s run --sandbox %s %s %s"
  local _, err, status = run(string.format(cmd, chiso_bin, "", quote(script), quote(work .. "/mine.csv")))
  T.eq(status, 1, "refused without --allow-read")
  T.truthy(err:find("sandbox: reading", 1, true), err)
  local out, err2, status2 = run(string.format(cmd, chiso_bin, "--allow-read " .. quote(work),
    quote(script), quote(work .. "/mine.csv")))
  T.eq({out, status2}, {"1\n", 0}, "allowed (" .. err2 .. ")")
  os.remove(work .. "/mine.csv")
  os.remove(script)
end)

T.case("bad limit options are reported", function()
  local _, err, status = run(string.format("%s run --sandbox --max-memory lots %s", chiso_bin,
    quote(dir .. "/os_getenv.lua")))
  T.eq(status, 1, "status")
  T.truthy(err:find("--max-memory must be a size in bytes with an optional K, M or G, not 'lots'", 1, true), err)
end)

T.finish()
