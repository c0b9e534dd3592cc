-- The manual page (docs/chiso.1) is written from docs/cli.md: the two list the
-- same options, exit statuses, environment variables and files, and so do `chiso
-- --help` and the bash completion (completions/chiso.bash) where they list
-- them. docs/cli.md's tables are read as its "Options", "Environment", "Errors and
-- exit statuses" and "Files" sections hold them, each section once; chiso is run
-- to check that it takes each option before and after `run` where docs/cli.md
-- says, and src/ and lua/ are searched for the variables chiso reads. The page
-- renders with groff and man without a warning, Vietnamese included.

local T = require "testing"

local root = assert(os.getenv("ROOT"), "ROOT is not set (tests/run sets it)")
local chiso_bin = assert(os.getenv("CHISO"), "CHISO is not set (tests/run sets it)")
local cli_md = T.read(root .. "/docs/cli.md")
local man = T.read(root .. "/docs/chiso.1")

-- The option a word names: "--name", "-" or "--" as they are, a short option by its letter
-- alone ("-e" of -e"code" and "-l" of -lmod, the forms lua.c takes too); nil for other words.
local function option_of(word)
  word = word:gsub(",$", "")
  if word == "-" or word == "--" then return word end
  return word:match("^%-%-%w[%w%-]*$") or word:match("^%-%a")
end

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local function sorted(s)
  local list = {}
  for k in pairs(s) do list[#list + 1] = k end
  table.sort(list)
  return list
end

-- What is in a and not in b, sorted.
local function minus(a, b)
  local d = {}
  for k in pairs(a) do
    if not b[k] then d[k] = true end
  end
  return sorted(d)
end

local function lines(text)
  local list = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do list[#list + 1] = line end
  return list
end

-- docs/cli.md ---------------------------------------------------------------

-- The lines of the "##" section named heading (the whole heading line after "## "), up to
-- the next "#" or "##" heading; fails when there is none, or more than one.
local function md_section(heading)
  local out, inside, count = {}, false, 0
  for _, line in ipairs(lines(cli_md)) do
    if line:match("^##? ") then
      inside = line == "## " .. heading
      if inside then count = count + 1 end
    elseif inside then
      out[#out + 1] = line
    end
  end
  assert(count == 1, "docs/cli.md has " .. count .. " sections '## " .. heading .. "', not one")
  return out
end

-- The cells of a markdown table row, trimmed ("\|" inside a cell is a '|'); nil for other lines.
local function cells(line)
  if not line:match("^|.*|%s*$") then return nil end
  local list = {}
  for cell in line:gsub("\\|", "\0"):match("^|(.*)|%s*$"):gmatch("([^|]*)") do
    list[#list + 1] = cell:gsub("%z", "|"):match("^%s*(.-)%s*$")
  end
  return list
end

-- The rows of the one table in the section, each a table of cells keyed by the header's
-- names; fails unless the header is exactly the names given, in order.
local function md_table(heading, header)
  local rows, head = {}, nil
  for _, line in ipairs(md_section(heading)) do
    local row = cells(line)
    if row and not head then
      head = row
      T.eq(head, header, "the header of the table in docs/cli.md's '" .. heading .. "'")
    elseif row and not table.concat(row):match("^[-:]*$") then
      assert(#row == #header, #row .. " cells, not " .. #header .. ", in " .. line)
      local named = {}
      for k, name in ipairs(header) do named[name] = row[k] end
      named.line = line
      rows[#rows + 1] = named
    end
  end
  assert(#rows > 0, "docs/cli.md's '" .. heading .. "' has no table")
  return rows
end

-- The backquoted spans of a cell.
local function spans(cell)
  local list = {}
  for span in cell:gmatch("`([^`]*)`") do list[#list + 1] = span end
  return list
end

-- The option table of "Options": each option's spellings and where it may come, the
-- second cell read as a list of the places it names. A row whose first cell names no
-- option, or whose second cell names no place, is a failure, not a row left out.
local places = {
  ["before a script"] = "script", ["in a script's place"] = "script",
  ["before `run`"] = "before_run", ["after `run`"] = "after_run",
}

local function md_options()
  local all, before_run, after_run = {}, {}, {}
  for _, row in ipairs(md_table("Options", {"option", "where", "what it does"})) do
    local options = {}
    for _, span in ipairs(spans(row.option)) do
      local option = option_of(span:match("^(%S+)") or "")
      assert(option, "not an option in docs/cli.md's option table: `" .. span .. "` in " .. row.line)
      options[#options + 1] = option
    end
    assert(#options > 0, "no option in the first cell of " .. row.line)
    -- "before a script or `run`, and after `run`": each phrase with what it leaves implied
    local where, named = row.where:gsub("^before a script or `run`", "before a script, before `run`"), {}
    for phrase in (where .. ","):gmatch("%s*(.-)%s*,") do
      phrase = phrase:gsub("^and ", "")
      named[assert(places[phrase], "unknown place '" .. phrase .. "' in " .. row.line)] = true
    end
    for _, option in ipairs(options) do
      all[option] = true
      before_run[option] = before_run[option] or named.before_run
      after_run[option] = after_run[option] or named.after_run
    end
  end
  return all, before_run, after_run
end

-- Read once, in the first case that needs them, so that a table chiso cannot read fails a case.
local md_all_options, md_before_run, md_after_run
local function read_md_options()
  if not md_all_options then md_all_options, md_before_run, md_after_run = md_options() end
end

-- Every argument an option of the table takes, by the name it has there: a value to give.
local function md_option_words()
  local words = {}
  local values = {CODE = "x = 1", NAME = "string", ["G=NAME"] = "s=string", DIR = "/tmp",
                  SIZE = "64M", SECONDS = "30", N = "100"}
  for _, row in ipairs(md_table("Options", {"option", "where", "what it does"})) do
    for _, span in ipairs(spans(row.option)) do
      local option, argument = span:match("^(%S+)%s*(.*)$")
      local value = argument ~= "" and assert(values[argument], "no value for " .. span) or nil
      words[#words + 1] = {option, value}
    end
  end
  return words
end

local function md_exit_statuses()
  local found = {}
  for _, row in ipairs(md_table("Errors and exit statuses", {"status", "meaning"})) do
    local status = row.status:gsub("%s", "")
    assert(status:match("^%d+$") or status == "128+N", "not a status: " .. row.line)
    found[status] = true
  end
  return found
end

local function md_environment()
  local found = {}
  for _, row in ipairs(md_table("Environment", {"variable", "what it does"})) do
    for _, span in ipairs(spans(row.variable)) do
      assert(span:match("^[%u_][%u%d_]*$"), "not a variable: `" .. span .. "` in " .. row.line)
      found[span] = true
    end
  end
  return found
end

local function md_files()
  local found = {}
  for _, row in ipairs(md_table("Files", {"file", "what it holds"})) do
    for _, span in ipairs(spans(row.file)) do found[span] = true end
  end
  return found
end

-- docs/chiso.1 --------------------------------------------------------------

local function man_section(name)
  local out, inside = {}, false
  for _, line in ipairs(lines(man)) do
    if line:match("^%.SH ") then
      if inside then break end
      inside = line == ".SH " .. name or line == '.SH "' .. name .. '"'
    elseif inside then
      out[#out + 1] = line
    end
  end
  assert(#out > 0, "docs/chiso.1 has no section " .. name)
  return out
end

-- The words of each .TP tag line of a section, font macro dropped and "\-" read as "-".
local function man_tags(name)
  local tags, section = {}, man_section(name)
  for i, line in ipairs(section) do
    if line == ".TP" and section[i + 1] then
      local tag = section[i + 1]:gsub("^%.%a+%s*", ""):gsub("\\%-", "-")
      local words = {}
      for word in tag:gmatch("[^%s\"]+") do words[#words + 1] = word end
      tags[#tags + 1] = words
    end
  end
  return tags
end

local function man_options()
  local found = {}
  for _, words in ipairs(man_tags("OPTIONS")) do
    for _, word in ipairs(words) do
      local option = option_of(word)
      if option then found[option] = true end
    end
  end
  return found
end

local function man_exit_statuses()
  local found = {}
  for _, words in ipairs(man_tags("EXIT STATUS")) do
    found[table.concat(words)] = true
  end
  return found
end

local function man_environment()
  local found = {}
  for _, words in ipairs(man_tags("ENVIRONMENT")) do
    for _, word in ipairs(words) do
      if word:match("^[%u_][%u%d_]*$") then found[word] = true end
    end
  end
  return found
end

local function man_files()
  local found = {}
  for _, words in ipairs(man_tags("FILES")) do
    found[table.concat(words)] = true
  end
  return found
end

-- chiso --help --------------------------------------------------------------

local help, help_err, help_status = T.run(T.quote(chiso_bin) .. " --help")

local function help_options()
  local found = {}
  for _, line in ipairs(lines(help)) do
    -- "  -v, --version  show the version": the words before the description
    local head = line:match("^  (%-.-)%s%s") or line:match("^  (%-%S*)$")
    if head then
      for word in head:gmatch("%S+") do
        local option = option_of(word)
        if option then found[option] = true end
      end
    end
  end
  return found
end

local function help_exit_statuses()
  local found, inside = {}, false
  for _, line in ipairs(lines(help)) do
    if line:match("^Exit status") then
      inside = true
    elseif inside and line:match("^%s+%S") then
      found[line:match("^%s+(%S+)")] = true
    elseif inside then
      inside = false
    end
  end
  return found
end

-- completions/chiso.bash ----------------------------------------------------

-- What the completion offers for the words given, the cursor after the last.
local function completion(...)
  local words = {}
  for i, w in ipairs{...} do words[i] = T.quote(w) end
  local out, err, status = T.run(T.quote(root .. "/tests/cli/complete") .. " " .. table.concat(words, " "))
  T.eq({err, status}, {"", 0}, "tests/cli/complete's stderr and status")
  local offered = {}
  for word in out:gmatch("[^\n]+") do offered[word] = true end
  return offered
end

-- The cases -----------------------------------------------------------------

T.case("docs/cli.md has each section once", function()
  local seen, twice = {}, {}
  for _, line in ipairs(lines(cli_md)) do
    local heading = line:match("^##? (.+)")
    if heading and seen[heading] then twice[#twice + 1] = heading end
    seen[heading or ""] = true
  end
  T.eq(twice, {}, "headings of docs/cli.md found twice")
end)

T.case("docs/cli.md lists chiso's options, -E and -W among them", function()
  read_md_options()
  for _, option in ipairs{"-e", "-l", "-i", "-E", "-W", "-", "--", "--sandbox", "--trust",
                          "--allow-read", "--max-memory", "--timeout", "--max-output", "--max-depth",
                          "--require-isolation", "-v", "--version", "-h", "--help"} do
    T.truthy(md_all_options[option], option .. " in docs/cli.md")
  end
  -- the options on how a script runs may follow run, and -E, -W precede it (main.c's scan)
  T.eq(sorted(md_after_run), {"--", "--allow-read", "--max-depth", "--max-memory", "--max-output",
                              "--require-isolation", "--sandbox", "--timeout", "--trust"},
    "the options docs/cli.md says may follow run")
end)

-- Whether chiso takes the words before `run` (where "run" is) or after it, then a script's
-- name: true when it goes on to look for the script (or, for -h, shows its help alone).
local function takes(words, where)
  local line = {T.quote(chiso_bin)}
  if where == "after_run" then line[#line + 1] = "run" end
  for _, w in ipairs(words) do line[#line + 1] = T.quote(w) end
  if where == "before_run" then line[#line + 1] = "run" end
  line[#line + 1] = "no-such-script-i16 </dev/null"
  local out, err, status = T.run(table.concat(line, " "))
  return err:find("no script 'no-such-script-i16'", 1, true) ~= nil
      or (status == 0 and out:match("^usage: chiso") ~= nil)
end

T.case("chiso takes each option before and after run where docs/cli.md says", function()
  read_md_options()
  local wrong = {}
  for _, words in ipairs(md_option_words()) do
    local option = option_of(words[1])
    for where, listed in pairs{before_run = md_before_run, after_run = md_after_run} do
      -- "-" and "--" end chiso's options before run: the script is next, not run
      local applies = where == "after_run" or (option ~= "-" and option ~= "--")
      if applies and takes(words, where) ~= (listed[option] == true) then
        wrong[#wrong + 1] = table.concat(words, " ") .. " " .. where
      end
    end
  end
  table.sort(wrong)
  T.eq(wrong, {}, "options chiso takes or refuses where docs/cli.md says otherwise")
end)

T.case("chiso.1 lists every option docs/cli.md lists, and no other", function()
  read_md_options()
  local page = man_options()
  T.eq(minus(md_all_options, page), {}, "options of docs/cli.md missing from chiso.1")
  T.eq(minus(page, md_all_options), {}, "options of chiso.1 missing from docs/cli.md")
end)

T.case("every option chiso --help lists is in docs/cli.md, and docs/cli.md's are in --help", function()
  read_md_options()
  T.eq(help_status, 0, "chiso --help's exit status")
  local listed = help_options()
  T.truthy(listed["--trust"] and listed["-e"], "the options read from --help: " .. T.show(sorted(listed)))
  T.eq(minus(listed, md_all_options), {}, "options of --help missing from docs/cli.md")
  T.eq(minus(md_all_options, listed), {}, "options of docs/cli.md missing from --help")
end)

T.case("chiso.1, docs/cli.md and --help list the same exit statuses", function()
  local md = md_exit_statuses()
  T.eq(sorted(md), {"0", "1", "10", "128+N", "130", "2", "3", "4", "5", "6", "7", "8", "9"},
    "docs/cli.md's exit statuses")
  T.eq(sorted(man_exit_statuses()), sorted(md), "chiso.1's exit statuses")
  T.eq(sorted(help_exit_statuses()), sorted(md), "--help's exit statuses")
end)

T.case("every environment variable chiso reads is in docs/cli.md and chiso.1, and no other", function()
  -- Lua's own: the package library reads LUA_PATH*, LUA_CPATH*; the host, LUA_INIT*.
  local read = set{"LUA_INIT_5_4", "LUA_INIT", "LUA_PATH_5_4", "LUA_PATH", "LUA_CPATH_5_4", "LUA_CPATH"}
  local p = assert(io.popen("cd " .. T.quote(root) .. " && find src lua -name '*.c' -o -name '*.lua'"))
  for path in p:lines() do
    for name in T.read(root .. "/" .. path):gmatch("getenv%(%s*\"([%w_]+)\"%s*%)") do
      read[name] = true
    end
  end
  p:close()
  T.truthy(read.CHISO_PATH and read.CHISO_DATA, "the variables found: " .. T.show(sorted(read)))
  local md, page = md_environment(), man_environment()
  T.eq(minus(read, md), {}, "variables chiso reads missing from docs/cli.md's Environment")
  T.eq(minus(md, read), {}, "variables of docs/cli.md's Environment that chiso does not read")
  T.eq(sorted(page), sorted(md), "chiso.1's ENVIRONMENT")
end)

T.case("chiso.1's FILES are docs/cli.md's Files", function()
  local md = md_files()
  T.truthy(md["~/.chiso_history"], "the files read from docs/cli.md: " .. T.show(sorted(md)))
  T.eq(sorted(man_files()), sorted(md), "chiso.1's FILES")
end)

T.case("chiso.1's header names the version of src/core/base/version.h", function()
  local version = T.read(root .. "/src/core/base/version.h"):match('#define CHISO_VERSION "([^"]+)"')
  T.eq(man:match('\n%.TH CHISO 1 "[^"]*" "chiso ([^"]+)"'), version, "the version in .TH")
end)

T.case("the completion offers docs/cli.md's options, and after run those that may follow it", function()
  read_md_options()
  T.eq(sorted(completion("chiso", "-")), sorted(md_all_options), "chiso -<TAB>")
  T.eq(sorted(completion("chiso", "run", "-")), sorted(md_after_run), "chiso run -<TAB>")
  T.eq(sorted(completion("chiso", "-E", "-W", "--timeout", "3", "run", "-")), sorted(md_after_run),
    "chiso -E -W --timeout 3 run -<TAB>")
  T.eq(sorted(completion("chiso", "run", "--", "-")), {}, "chiso run -- -<TAB>")
end)

T.case("chiso.1 renders with groff, in UTF-8 and ASCII, without a warning", function()
  for _, device in ipairs{"utf8", "ascii"} do
    local out, err, status = T.run("groff -k -ww -man -P-cbou -T" .. device .. " " .. T.quote(root .. "/docs/chiso.1"))
    T.eq({err, status}, {"", 0}, "groff -T" .. device .. "'s warnings and status")
    T.truthy(out:find("EXIT STATUS", 1, true), "groff -T" .. device .. " output has EXIT STATUS")
    -- "chỉ số" as precomposed UTF-8 (U+1EC9, U+1ED1); plain letters where they cannot be shown
    local name = device == "utf8" and "\u{201C}ch\u{1EC9} s\u{1ED1}\u{201D}" or '"chi so"'
    T.truthy(out:find(name, 1, true), "groff -T" .. device .. " shows " .. name)
  end
end)

T.case("man -l shows chiso.1 without a warning", function()
  local out, err, status = T.run("MANWIDTH=80 LC_ALL=C.UTF-8 man -l " .. T.quote(root .. "/docs/chiso.1"))
  T.eq({err, status}, {"", 0}, "man -l's warnings and status")
  T.truthy(out:find("chiso%s+%S+%s+Lua%s+5%.4%s+with%s+typed"), "man -l shows the NAME line")
  T.truthy(out:find("--require-isolation", 1, true), "man -l shows the options")
end)

T.finish()
