-- Malformed CSV: every file in tests/csv/bad must be refused with nil and an
-- exact message. Each NAME.csv has beside it NAME.expect, the message written
-- by hand with {file} where the file's name goes, and, when the case needs
-- options, NAME.opts, a Lua table constructor passed as read_csv's options.
-- Each file is read twice: with read_csv (the message names the path given)
-- and with parse_csv on the same bytes (the message names "<text>").
-- A missing file and a directory must give the system's reason.

local T = require "testing"
local lfs = require "lfs"

-- The corpus is tests/csv/bad, beside this file's directory tests/lua; the
-- path is kept short ("/work/main/tests/csv/bad", not ".../lua/../csv/bad").
local here = T.here()
local dir = here:match("^(.*)/lua$") or (here .. "/..")
dir = dir .. "/csv/bad"

-- text with every {file} replaced by name (plain, whatever name holds)
local function fill(text, name)
  local parts = {}
  local from = 1
  while true do
    local i, j = text:find("{file}", from, true)
    if not i then
      break
    end
    parts[#parts + 1] = text:sub(from, i - 1)
    parts[#parts + 1] = name
    from = j + 1
  end
  parts[#parts + 1] = text:sub(from)
  return table.concat(parts)
end

local function exists(path)
  return lfs.attributes(path, "mode") ~= nil
end

local function load_opts(path)
  if not exists(path) then
    return nil
  end
  local chunk = assert(load("return " .. T.read(path), "=" .. path, "t", {}))
  return chunk()
end

-- The one-line expected message, without its trailing newline.
local function load_expect(path)
  return (T.read(path):gsub("\r?\n$", ""))
end

local names = {}
for entry in lfs.dir(dir) do
  if entry:match("%.csv$") then
    names[#names + 1] = entry:sub(1, -5)
  end
end
table.sort(names)

T.case("the corpus of malformed files holds at least 24 cases", function()
  T.truthy(#names >= 24, "found " .. #names .. " files in " .. dir)
end)

for _, name in ipairs(names) do
  T.case("malformed file " .. name .. ".csv is refused with its message", function()
    local base = dir .. "/" .. name
    local path = base .. ".csv"
    T.truthy(exists(base .. ".expect"), "file " .. base .. ".expect exists")
    local expect = load_expect(base .. ".expect")
    local opts = load_opts(base .. ".opts")

    local ds, msg = chiso.read_csv(path, opts)
    T.eq(ds, nil, "read_csv result")
    T.eq(msg, fill(expect, path), "read_csv message")

    ds, msg = chiso.parse_csv(T.read(path), opts)
    T.eq(ds, nil, "parse_csv result")
    T.eq(msg, fill(expect, "<text>"), "parse_csv message")
  end)
end

T.case("a missing file gives 'No such file or directory'", function()
  local path = dir .. "/no-such-file.csv"
  local ds, msg = chiso.read_csv(path)
  T.eq(ds, nil, "result")
  T.eq(msg, path .. ": No such file or directory", "message")
end)

T.case("a file in a missing directory gives 'No such file or directory'", function()
  local path = dir .. "/no-such-dir/x.csv"
  local ds, msg = chiso.read_csv(path)
  T.eq(ds, nil, "result")
  T.eq(msg, path .. ": No such file or directory", "message")
end)

T.case("a directory gives 'Is a directory'", function()
  local ds, msg = chiso.read_csv(dir)
  T.eq(ds, nil, "result")
  T.eq(msg, dir .. ": Is a directory", "message")
end)

T.finish()
