-- The sandbox's process layer, seen from the command line: a sandboxed
-- report runs in a child process with its limits and filter in place,
-- chiso's options come before `run` too, and the parent tells how the child
-- ended (a signal from outside, Ctrl-C, SIGTERM) with the documented exit
-- status, removing what a failed run wrote under --out. The hostile reports
-- in tests/sandbox/ (test_sandbox.lua) cover the limits themselves.

local T = require "testing"
local lfs = require "lfs"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local slowdown = tonumber(os.getenv("CHISO_TEST_SLOWDOWN")) or 1

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Runs a shell command; returns its stdout, stderr and exit status.
local function run(cmd)
  local err = T.tmpname(".err")
  local p = assert(io.popen(cmd .. " 2>" .. err .. "; echo \"status $?\""))
  local out = p:read("a")
  p:close()
  local text = T.read(err)
  os.remove(err)
  return (out:gsub("status %d+\n$", "")), text, tonumber(out:match("status (%d+)\n$"))
end

local function fresh_dir()
  local dir = T.tmpname("-process")
  assert(lfs.mkdir(dir))
  assert(lfs.mkdir(dir .. "/out"))
  return dir
end

local function files_in(dir)
  local names = {}
  for name in lfs.dir(dir) do
    if name ~= "." and name ~= ".." then names[#names + 1] = name end
  end
  table.sort(names)
  return names
end

local function remove_tree(path)
  local mode = lfs.symlinkattributes(path, "mode")
  if mode == "directory" then
    for _, name in ipairs(files_in(path)) do remove_tree(path .. "/" .. name) end
    lfs.rmdir(path)
  elseif mode then
    os.remove(path)
  end
end

-- Waits until the chiso started in the background (its pid in pidfile) has a
-- child whose report has started (it wrote the file started); returns the
-- parent's and the child's pids.
local function child_of(pidfile, started)
  for _ = 1, 100 * slowdown do
    local parent = T.read(pidfile):match("%d+")
    local child = parent and io.popen("pgrep -P " .. parent):read("a"):match("%d+")
    if child and lfs.attributes(started) then return parent, child end
    os.execute("sleep 0.05")
  end
  error("the sandboxed report's process did not start")
end

-- Starts a sandboxed report in the background; kill_with(parent, child) then ends it.
local function in_background(report_text, kill_with, flags)
  local work = fresh_dir()
  local report = work .. "/report.lua"
  T.write(report, report_text)
  local cmd = string.format("cd %s && (CHISO_TRUST= %s %s run --sandbox %s --out %s > /dev/null 2> %s/stderr"
    .. " & echo $! > %s/pid; wait $!; echo $? > %s/status)", quote(work), chiso_bin, flags or "--timeout 20",
    quote(report), quote(work .. "/out"), quote(work), quote(work), quote(work))
  T.write(work .. "/pid", "")
  local p = io.popen(cmd)
  local parent, child = child_of(work .. "/pid", work .. "/out/started.csv")
  kill_with(parent, child)
  p:read("a")
  p:close()
  return work, tonumber(T.read(work .. "/status")), T.read(work .. "/stderr")
end

-- A report that writes its --out file (which says it started), then waits for ever.
local waiting = [[
assert(chiso.dataset{a = {1, 2}}:to_csv(arg[#arg] .. "/started.csv"))
while true do end
]]

T.case("chiso's options are taken before run as after it; the script's after its name", function()
  local work = fresh_dir()
  T.write(work .. "/mine.csv", "a,b\n1,2\n3,4\n")
  local report = work .. "/report.lua"
  T.write(report, "print(#chiso.read_csv(arg[1]), arg[2], arg[3])\n")
  local out, err, status = run(string.format("cd / && CHISO_TRUST= %s --allow-read %s run %s %s --timeout 1",
    chiso_bin, quote(work), quote(report), quote(work .. "/mine.csv")))
  T.eq({out, status}, {"2\t--timeout\t1\n", 0}, "--allow-read before run (" .. err .. ")")
  out, err, status = run(string.format("cd / && CHISO_TRUST= %s --sandbox --timeout 3 run --allow-read=%s %s %s",
    chiso_bin, quote(work), quote(report), quote(work .. "/mine.csv")))
  T.eq({out, status, err}, {"2\tnil\tnil\n", 0, ""}, "options on both sides of run")
  remove_tree(work)
end)

T.case("contradicting or unknown options before run are usage errors (status 2)", function()
  local _, err, status = run(chiso_bin .. " --sandbox --trust run x.lua")
  T.eq(status, 2, "status")
  T.truthy(err:find("'--trust' contradicts --sandbox", 1, true), err)
  _, err, status = run(chiso_bin .. " run --frobnicate x.lua")
  T.eq(status, 2, "status")
  T.truthy(err:find("'--frobnicate' is not an option of 'chiso run'", 1, true), err)
  _, err, status = run(chiso_bin .. " -e 'x = 1' run x.lua")
  T.eq(status, 2, "status")
  T.truthy(err:find("'run' cannot follow -e, -l or -i", 1, true), err)
end)

T.case("the report's process has its limits, no new privileges and the seccomp filter", function()
  local work, status = in_background(waiting, function(_, child)
    local limits = T.read("/proc/" .. child .. "/limits")
    local proc = T.read("/proc/" .. child .. "/status")
    -- the seconds of every thread chiso may keep busy (two, or one), rounded up, plus one
    local cpu = tonumber(limits:match("Max cpu time%s+(%d+)"))
    T.truthy(cpu == 3 * 2 + 1 or cpu == 3 + 1, "RLIMIT_CPU: " .. limits)
    -- --max-output and 1 MiB for chiso's own messages, plus what standard error's file already holds
    local fsize = tonumber(limits:match("Max file size%s+(%d+)"))
    T.truthy(fsize and fsize >= 1024 + 1048576 and fsize < 1024 + 1048576 + 1000, "RLIMIT_FSIZE: " .. limits)
    T.truthy(limits:find("Max core file size%s+0%s+0"), "RLIMIT_CORE: " .. limits)
    if not os.getenv("VALGRIND_LOGS") then -- valgrind keeps the open files' limit to itself, and has no filter
      T.truthy(limits:find("Max open files%s+64%s+64"), "RLIMIT_NOFILE: " .. limits)
      T.truthy(proc:find("NoNewPrivs:%s+1"), "no new privileges: " .. proc)
      T.truthy(proc:find("Seccomp:%s+2"), "the seccomp filter: " .. proc)
    end
    os.execute("kill -KILL " .. child)
  end, "--timeout 3 --max-output 1K")
  T.eq(status, 137, "a child killed from outside")
  remove_tree(work)
end)

T.case("SIGXCPU (the processor-time limit) ends the run as the time limit: status 6, output removed", function()
  local work, status, err = in_background(waiting, function(_, child)
    os.execute("kill -XCPU " .. child)
  end)
  T.eq(status, 6, "status (" .. err .. ")")
  T.truthy(err:find("chiso: sandbox: time limit reached (--timeout 20 s)", 1, true), err)
  T.eq(files_in(work .. "/out"), {}, "what it wrote is removed")
  remove_tree(work)
end)

T.case("SIGXFSZ (the file-size limit) ends the run as the output limit: status 7", function()
  local work, status, err = in_background(waiting, function(_, child)
    os.execute("kill -XFSZ " .. child)
  end)
  T.eq(status, 7, "status (" .. err .. ")")
  T.truthy(err:find("chiso: sandbox: output limit reached", 1, true), err)
  T.eq(files_in(work .. "/out"), {}, "what it wrote is removed")
  remove_tree(work)
end)

T.case("a crash of the report's process is named, with 128 + the signal", function()
  local work, status, err = in_background(waiting, function(_, child)
    os.execute("kill -SEGV " .. child)
  end)
  if err:find("AddressSanitizer", 1, true) then -- the sanitizer takes the signal and exits 1
    remove_tree(work)
    return
  end
  T.eq(status, 139, "status")
  T.truthy(err:find("chiso: the sandboxed report crashed (Segmentation fault)", 1, true), err)
  T.eq(files_in(work .. "/out"), {}, "what it wrote is removed")
  remove_tree(work)
end)

T.case("Ctrl-C sent to chiso reaches the report: status 130, output removed", function()
  local work, status, err = in_background(waiting, function(parent)
    os.execute("kill -INT " .. parent)
  end)
  T.eq(status, 130, "status (" .. err .. ")")
  T.truthy(err:find("interrupted", 1, true), err)
  T.eq(files_in(work .. "/out"), {}, "what it wrote is removed")
  remove_tree(work)
end)

T.case("SIGTERM to chiso ends the report too, and removes its output", function()
  local work, status = in_background(waiting, function(parent, child)
    os.execute("kill -TERM " .. parent)
    for _ = 1, 100 * slowdown do
      if not lfs.attributes("/proc/" .. child) then break end
      os.execute("sleep 0.05")
    end
    T.eq(lfs.attributes("/proc/" .. child), nil, "the child is gone")
  end)
  T.eq(status, 143, "status")
  T.eq(files_in(work .. "/out"), {}, "what it wrote is removed")
  remove_tree(work)
end)

T.case("a failed run with a --out file removes the file it wrote, and keeps the files beside it", function()
  local work = fresh_dir()
  local report = work .. "/report.lua"
  T.write(report, 'assert(chiso.dataset{a = {1}}:to_csv(arg[2]))\nerror("failed after writing")\n')
  T.write(work .. "/out/neighbour.csv", "mine\n")
  local _, err, status = run(string.format("cd %s && CHISO_TRUST= %s run --sandbox %s --out %s %s",
    quote(work), chiso_bin, quote(report), quote(work .. "/out/r.csv"), quote(work .. "/out/r.csv")))
  T.eq(status, 1, "status (" .. err .. ")")
  T.eq(files_in(work .. "/out"), {"neighbour.csv"}, "r.csv removed, its neighbour kept")
  remove_tree(work)
end)

T.case("a successful run keeps its output", function()
  local work = fresh_dir()
  local report = work .. "/report.lua"
  T.write(report, 'assert(chiso.dataset{a = {1}}:to_csv(arg[#arg] .. "/r.csv"))\n')
  local _, err, status = run(string.format("cd %s && CHISO_TRUST= %s run --sandbox %s --out %s",
    quote(work), chiso_bin, quote(report), quote(work .. "/out")))
  T.eq(status, 0, "status (" .. err .. ")")
  T.eq(files_in(work .. "/out"), {"r.csv"}, "kept")
  remove_tree(work)
end)

T.case("a trusted run's limits: its time limit stops C code that never returns", function()
  local work = fresh_dir()
  local report = work .. "/report.lua"
  T.write(report, 'print(("a"):rep(40):find(("a*"):rep(30) .. "b"))\n')
  local t0 = chiso.clock()
  local _, err, status = run(string.format("%s --trust --timeout 1 %s", chiso_bin, quote(report)))
  T.eq(status, 6, "status")
  T.eq(err, "chiso: time limit reached (--timeout 1 s)\n", "the message")
  T.truthy(chiso.clock() - t0 < 1 + slowdown, "in time")
  remove_tree(work)
end)

T.case("the limits hold for -e code and a script on standard input too", function()
  local _, err, status = run(chiso_bin .. " --timeout 1 -e 'while true do end'")
  T.eq({status, err}, {6, "chiso: time limit reached (--timeout 1 s)\n"}, "-e")
  _, err, status = run("echo 'local t = {} for i = 1, 1e9 do t[i] = i end' | " .. chiso_bin .. " --max-memory 16M -")
  T.eq({status, err}, {5, "chiso: memory limit reached (--max-memory 16777216 bytes)\n"}, "standard input")
end)

T.finish()
