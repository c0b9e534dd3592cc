-- chiso.prompt: what the interactive prompt does in Lua: showing values
-- (datasets as tables, Lua tables as readable literals), completing words on
-- Tab, and help(x), which reads the same docs/*.md files as the manual.

local core = require "chiso.core"
local lfs = require "lfs"

local prompt = {}

-- Showing values ------------------------------------------------------------

local keywords = {
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
}
local is_keyword = {}
for _, k in ipairs(keywords) do is_keyword[k] = true end

local function is_identifier(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") and not is_keyword[k]
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys
end

local MAX_DEPTH, MAX_ITEMS = 6, 100

-- A Lua value written as a literal: nested tables indented, a table met again
-- inside itself marked <cycle>, big or deep tables cut with "...".
local function literal(v, indent, seen, depth)
  if type(v) == "string" then
    return string.format("%q", v):gsub("\\\n", "\\n")
  elseif type(v) ~= "table" then
    return tostring(v)
  elseif seen[v] then
    return "<cycle>"
  elseif depth >= MAX_DEPTH then
    return "{...}"
  elseif getmetatable(v) and getmetatable(v).__tostring then
    return tostring(v)
  end
  seen[v] = true
  local parts, n = {}, #v
  for i = 1, math.min(n, MAX_ITEMS) do
    parts[#parts + 1] = literal(v[i], indent .. "  ", seen, depth + 1)
  end
  for _, k in ipairs(sorted_keys(v)) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) and #parts < MAX_ITEMS then
      local key = is_identifier(k) and k or "[" .. literal(k, indent, seen, depth + 1) .. "]"
      parts[#parts + 1] = key .. " = " .. literal(v[k], indent .. "  ", seen, depth + 1)
    end
  end
  seen[v] = nil
  if #parts == 0 then
    return "{}"
  end
  local total = n + #sorted_keys(v) - n
  if #parts < total then parts[#parts + 1] = "..." end
  local flat = "{" .. table.concat(parts, ", ") .. "}"
  if #flat + #indent <= 78 and not flat:find("\n") then
    return flat
  end
  return "{\n" .. indent .. "  " .. table.concat(parts, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

function prompt.literal(v)
  return literal(v, "", {}, 0)
end

-- The values as the prompt shows them, each as text: the host prints them
-- with the global print, as lua's prompt does.
function prompt.shown(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    out[i] = type(v) == "table" and prompt.literal(v) or tostring(v)
  end
  return table.unpack(out, 1, n)
end

-- Completion ---------------------------------------------------------------

-- The value of a plain name path ("chiso.stats", "par") without calling anything.
local function resolve(path)
  local v = _G
  for part in path:gmatch("[^%.]+") do
    if type(v) ~= "table" and not (type(v) == "userdata" and getmetatable(v)) then
      return nil
    end
    local ok, field = pcall(function() return v[part] end)
    if not ok then return nil end
    v = field
  end
  return v
end

local function is_dataset(v)
  local mt = type(v) == "userdata" and getmetatable(v)
  return mt and mt.__name == "chiso.Dataset"
end

-- Methods of a value: from its metatable's method table (so new ones need no list), or __index.
local function methods_of(v)
  local mt = getmetatable(v)
  if type(mt) ~= "table" then return {} end
  local t = type(mt.methods) == "table" and mt.methods or type(mt.__index) == "table" and mt.__index or {}
  local names = {}
  for k, f in pairs(t) do
    if type(k) == "string" and type(f) == "function" then names[#names + 1] = k end
  end
  return names
end

local function fields_of(v)
  local names = {}
  if type(v) == "table" then
    for k in pairs(v) do
      if is_identifier(k) then names[#names + 1] = k end
    end
  elseif is_dataset(v) then
    for _, n in ipairs(v:names()) do names[#names + 1] = n end
  end
  return names
end

local function matching(names, prefix, before)
  local out, seen = {}, {}
  for _, n in ipairs(names) do
    if n:sub(1, #prefix) == prefix and not seen[n] then
      seen[n] = true
      -- a name Lua cannot write after a dot ("tỉnh") is completed as ["tỉnh"]
      local dotted = before:sub(-1) == "."
      out[#out + 1] = dotted and not is_identifier(n) and
        string.format("%s[%q]", before:sub(1, -2), n) or before .. n
    end
  end
  table.sort(out)
  return out
end

local function files_matching(word)
  local dir, base = word:match("^(.*/)([^/]*)$")
  dir, base = dir or "", base or word
  local out = {}
  local ok = pcall(function()
    for entry in lfs.dir(dir == "" and "." or dir) do
      if entry:sub(1, #base) == base and entry ~= "." and entry ~= ".." then
        local path = dir .. entry
        out[#out + 1] = lfs.attributes(path, "mode") == "directory" and path .. "/" or path
      end
    end
  end)
  table.sort(out)
  return ok and out or {}
end

local column_calls = {col = true, rank = true, lag = true, lead = true, diff = true, pct_change = true,
  top = true, sort = true, select = true, drop = true, group_by = true, where = true, distinct = true}
local file_calls = {read_csv = true, parse_csv = false, dofile = true, loadfile = true, to_csv = true,
  read_xlsx = true, read_xls = true, sheets = true, to_xlsx = true, write_xlsx = true}

--[[
  Words that can replace line:sub(from, to) on Tab: inside a string argument
  of ds:col(" and its kin, the dataset's column names; inside read_csv(", file
  names; after "name." or "name:", the fields or methods of that value;
  otherwise globals and keywords.
]]
function prompt.complete(line, from, to)
  local word = line:sub(from, to)
  local before = line:sub(1, from - 1)
  local quoted = before:match("^(.*[\"'])[^\"']*$") or before
  local callee, fname = quoted:match("([%w_%.]*)[:%.]([%w_]+)%(%s*[\"']$")
  if not fname then
    fname = quoted:match("([%w_]+)%(%s*[\"']$")
  end
  if fname and column_calls[fname] and callee and is_dataset(resolve(callee)) then
    return matching(resolve(callee):names(), word, "")
  elseif fname and file_calls[fname] then
    -- the word stops at a "/" (a word break); the path runs from the quote
    local path = line:match("[\"']([^\"']*)$") or word
    local cut = #path - #word
    local out = {}
    for _, f in ipairs(files_matching(path)) do out[#out + 1] = f:sub(cut + 1) end
    return out
  elseif before:match("[\"'][^\"']*$") and select(2, before:gsub("[\"']", "")) % 2 == 1 then
    return {} -- inside some other string
  end
  local path, sep, prefix = word:match("^(.-)([%.:])([%w_]*)$")
  if path then
    local v = resolve(path)
    if v == nil then return {} end
    local names = sep == ":" and methods_of(v) or fields_of(v)
    return matching(names, prefix, path .. sep)
  end
  local names = {}
  for k in pairs(_G) do
    if type(k) == "string" then names[#names + 1] = k end
  end
  for _, k in ipairs(keywords) do names[#names + 1] = k end
  return matching(names, word, "")
end

-- help ---------------------------------------------------------------------

local docs -- name -> list of entries, read on first use

local function doc_dir()
  return require("chiso").paths.docs
end

local function add_entry(into, heading, body, file)
  local sigs = {}
  for sig in heading:gmatch("`([^`]+)`") do sigs[#sigs + 1] = sig end
  if #sigs == 0 then return end
  local text = table.concat(body, "\n")
  local example = text:match("```%w*\n(.-)```")
  local prose = text:gsub("```.-```", ""):gsub("%s+$", ""):gsub("^%s+", "")
  local entry = {signatures = sigs, text = prose, example = example, file = file}
  for _, sig in ipairs(sigs) do
    local qualified = sig:match("^([%w_%.:]+)[%({]") or sig:match("^([%w_%.:]+)$")
    if qualified then
      for _, key in ipairs{qualified, qualified:match("([%w_]+)$")} do
        into[key] = into[key] or {}
        local list = into[key]
        if list[#list] ~= entry then list[#list + 1] = entry end
      end
    end
  end
end

-- The entries of one Markdown file: each "### `signature`" section, with its text and example.
local function read_doc(path, into)
  local f = io.open(path, "r")
  if not f then return end
  local file = path:match("[^/]+$")
  local heading, body = nil, {}
  for line in f:lines() do
    if line:match("^#") then
      if heading then add_entry(into, heading, body, file) end
      heading, body = line:match("^### (.*)"), {}
    elseif heading then
      body[#body + 1] = line
    end
  end
  if heading then add_entry(into, heading, body, file) end
  f:close()
end

local function load_docs()
  if docs then return docs end
  docs = {}
  local dir = doc_dir()
  local ok, iter, state = pcall(lfs.dir, dir)
  if ok then
    local files = {}
    for entry in iter, state do
      if entry:match("%.md$") then files[#files + 1] = entry end
    end
    table.sort(files)
    for _, entry in ipairs(files) do read_doc(dir .. "/" .. entry, docs) end
  end
  return docs
end

-- The qualified names of chiso's functions, found by value: "chiso.read_csv", "ds:rank", ...
local function name_of(f)
  local places = {
    {core.Dataset, "ds:"}, {core.Column, "col:"}, {require("chiso"), "chiso."},
  }
  local chiso = require "chiso"
  for _, part in ipairs{"stats", "vn", "data", "reshape"} do
    if type(chiso[part]) == "table" then places[#places + 1] = {chiso[part], "chiso." .. part .. "."} end
  end
  places[#places + 1] = {require("chiso.cli"), "cli."}
  places[#places + 1] = {require("chiso.report"), "report."}
  places[#places + 1] = {require("chiso.chart"), "chart."}
  places[#places + 1] = {getmetatable(require("chiso.report").new{title = ""}).__index, "doc:"}
  for _, place in ipairs(places) do
    for k, v in pairs(place[1]) do
      if v == f then return place[2] .. k, k end
    end
  end
  return nil
end

-- The first sentence of a description, cut to fit a line.
-- How the docs name the functions of table t: "chiso.stats." for chiso.stats, "ds:" for chiso.Dataset.
local function prefix_of(t)
  local chiso = require "chiso"
  if t == core.Dataset then return "ds:" end
  if t == core.Column then return "col:" end
  if t == chiso then return "chiso." end
  -- Before chiso's own fields: at the prompt chiso.report is the report module, documented as report.
  for _, mod in ipairs{"cli", "report", "chart", "i18n"} do
    if package.loaded["chiso." .. mod] == t then return mod .. "." end
  end
  for k, v in pairs(chiso) do
    if v == t and type(k) == "string" then return "chiso." .. k .. "." end
  end
  return ""
end

local function first_sentence(text)
  local s = text:gsub("\n", " "):gsub("`", "")
  s = s:match("^(.-%.)%s") or s
  if utf8.len(s) and utf8.len(s) > 60 then
    s = s:sub(1, utf8.offset(s, 60) - 1) .. "…"
  end
  return s
end

local function show_entry(entry)
  local out = {table.concat(entry.signatures, ", "), "", (entry.text:gsub("`", ""))}
  if entry.example then
    out[#out + 1] = ""
    out[#out + 1] = "Example:"
    out[#out + 1] = (entry.example:gsub("\n$", ""):gsub("^", "  "):gsub("\n", "\n  "))
  end
  return table.concat(out, "\n")
end

-- The entries for a name: "rank", "ds:rank", "chiso.read_csv", "read_csv".
local function find(name)
  local d = load_docs()
  return d[name] or d[name:match("([%w_]+)$") or name] or {}
end

-- The doc entries for a function value or a name, for help and for tests of the docs.
function prompt.entries(x)
  if type(x) == "function" then
    local qualified = name_of(x)
    return qualified and find(qualified) or {}
  end
  return find(x)
end

local function list_table(t, prefix)
  local lines = {}
  for _, k in ipairs(sorted_keys(t)) do
    if type(k) == "string" and type(t[k]) == "function" then
      local entries = find(prefix .. k)
      local summary = entries[1] and first_sentence(entries[1].text) or ""
      lines[#lines + 1] = string.format("  %-16s %s", k, summary)
    end
  end
  return table.concat(lines, "\n")
end

local general = [[
help(x) shows what x does: a function or method (help(chiso.read_csv), help(ds.rank)),
a name (help("rank"), help("where")), or a table of functions (help(chiso.stats)).
Start with:  par = chiso.data.load("par_index")   then   par:head()   and   help(par)
Reports and charts need no require here: chiso.report (also report) and chiso.chart (also
chart), as in  help(chart.bars)  and  help(report.new).
The manual is in docs/: api.md, relational.md, ranking.md, reshaping.md, stats.md, data.md,
workbooks.md, reports.md.]]

-- What the prompt adds to the global table env (_G) before the first line:
-- chiso.report and chiso.chart, and the globals report and chart, so that a
-- report can be tried without require. Scripts see none of this.
function prompt.setup(env)
  local report, chart = require "chiso.report", require "chiso.chart"
  local chiso = env.chiso
  if type(chiso) == "table" then
    chiso.report = chiso.report or report
    chiso.chart = chiso.chart or chart
  end
  env.report = env.report == nil and report or env.report
  env.chart = env.chart == nil and chart or env.chart
end

-- help(x): the signature, what it does and an example, from docs/*.md.
function prompt.help(x)
  local text
  if x == nil then
    text = general .. "\n\nchiso's functions:\n" .. list_table(require("chiso"), "chiso.")
      .. "\n\nchiso.report (report), writing reports (help(doc) for a report's methods):\n"
      .. list_table(require("chiso.report"), "report.")
      .. "\n\nchiso.chart (chart), SVG charts:\n" .. list_table(require("chiso.chart"), "chart.")
  elseif type(x) == "function" then
    local entries = prompt.entries(x)
    text = #entries > 0 and show_entry(entries[1]) or "no help for this function"
  elseif type(x) == "string" then
    local entries = find(x)
    local shown = {}
    for _, e in ipairs(entries) do shown[#shown + 1] = show_entry(e) end
    text = #shown > 0 and table.concat(shown, "\n\n") or
      string.format("no help for '%s' (try help() for a start)", x)
  elseif is_dataset(x) then
    text = "a dataset; its methods:\n" .. list_table(core.Dataset, "ds:")
  elseif type(x) == "userdata" and getmetatable(x) and getmetatable(x).__name == "chiso.Column" then
    text = "a column; its methods:\n" .. list_table(core.Column, "col:")
  elseif type(x) == "table" and getmetatable(x) and getmetatable(x).__name == "chiso.Report" then
    text = "a report; its methods:\n" .. list_table(getmetatable(x).__index, "doc:")
  elseif type(x) == "table" then
    text = list_table(x, prefix_of(x))
    if text == "" then text = "no functions in this table" end
  else
    text = string.format("no help for a %s value", type(x))
  end
  print(text)
end

return prompt
