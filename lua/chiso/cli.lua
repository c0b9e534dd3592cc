-- chiso.cli: what every analysis script shares: reading its options the same
-- way (--year 2023 --format md ...), its --help from its header comment,
-- writing its report; and `chiso run NAME` / `chiso list` (with --names and
-- --options NAME for shell completion, from the headers alone), which find
-- scripts in chiso's scripts folder, on $CHISO_PATH and in ~/.chiso/scripts.

local lfs = require "lfs"
local i18n = require "chiso.i18n"

local cli = {}

-- The options scripts share; a script names the ones it takes and may add its own.
cli.options = {
  year = {kind = "int", help = "the year to report on (default: the latest in the data)"},
  from = {kind = "int", help = "the earlier year to compare with (default: the year before)"},
  top = {kind = "int", default = 10, help = "how many rows to list"},
  index = {kind = "string", default = "par", help = "par, sipas, pci, papi or papi:<dimension>"},
  province = {kind = "string", repeatable = true,
              help = "a province, in any common spelling (repeatable, or several separated by "
                .. "commas)"},
  region = {kind = "string", help = "a socio-economic region: its name, with or without tone "
    .. "marks, or its abbreviation (ĐBSH, TDMNPB, BTB-DHMT, TN, ĐNB, ĐBSCL)"},
  format = {kind = "choice", choices = {"text", "md", "csv", "json", "html", "xlsx"},
            default = "text",
            help = "text, md, csv, json, html or xlsx (default: from --out's extension, else text)"},
  out = {kind = "string", help = "write the report to this file instead of the terminal"},
  ["csv-dialect"] = {kind = "choice", choices = {"plain", "excel-vn"}, default = "plain",
                     help = "plain (',' and '.') or excel-vn (';', decimal comma, byte-order "
                       .. "mark, CRLF: for Excel in Vietnamese)"},
  lang = {kind = "choice", choices = {"vi", "en"}, default = "vi", help = "vi or en"},
}

-- The extensions of the files each format writes (docs/cli.md): --out with
-- another is refused, so no file says it is what it is not. A report's CSV
-- is comma- or semicolon-separated, never tab-separated, so not .tsv.
cli.extensions = {
  text = {"txt"}, md = {"md", "markdown"}, csv = {"csv", "txt"}, json = {"json"},
  html = {"html", "htm"}, xlsx = {"xlsx"},
}

-- The running script's name, for messages: set by cli.parse.
cli.script = "chiso"

--[[
  Stops the script with a message about its command line (exit status 2, as
  chiso's own): the string key of chiso.strings in lang, formatted with the
  extra arguments; an argument that is a function is called with the
  language. lang may be a list of languages: one line in each (for a --lang
  that names none chiso has).
]]
local function usage_error(script, lang, key, ...)
  local langs = type(lang) == "table" and lang or {lang}
  for _, l in ipairs(langs) do
    local args = table.pack(...)
    for i = 1, args.n do
      if type(args[i]) == "function" then
        args[i] = args[i](l)
      end
    end
    local message = i18n.t(key, l, table.unpack(args, 1, args.n))
    io.stderr:write(string.format("%s: %s\n", script, i18n.t("cli_see_help", l, message)))
  end
  os.exit(2)
end

-- "a, b or c" in lang.
local function or_list(items, lang)
  if #items == 1 then
    return items[1]
  end
  return table.concat(items, ", ", 1, #items - 1) .. " " .. i18n.t("list_or", lang) .. " "
    .. items[#items]
end

--[[
  The language of a script's messages, read before its other options so that
  a mistake in any of them is told in the language asked for: the last
  --lang given, when the script takes --lang and chiso has that language;
  else Vietnamese, the default (a --lang chiso does not have is then told in
  every language).
]]
local function language(args, specs)
  local lang = "vi"
  if not specs.lang then
    return lang
  end
  for i = 1, #args do
    local value = args[i]:match("^%-%-lang=(.*)$")
    if args[i] == "--lang" then
      value = args[i + 1]
    end
    for _, known in ipairs(i18n.languages) do
      if value == known then
        lang = value
      end
    end
  end
  return lang
end

-- Stops the script with one line "<script>: message" and no traceback: for a
-- user's mistake (status 2, the default) or a file that cannot be written.
function cli.stop(message, status)
  io.stderr:write(string.format("%s: %s\n", cli.script, message))
  os.exit(status or 2)
end

-- The comment block a script starts with, without the "-- " marks.
function cli.header(path)
  local f = io.open(path, "r")
  if not f then
    return ""
  end
  local lines = {}
  for line in f:lines() do
    if line:match("^#!") and #lines == 0 then
      -- a shebang line is not part of the header
    elseif line:match("^%-%-") then
      lines[#lines + 1] = line:gsub("^%-%- ?", "")
    else
      break
    end
  end
  f:close()
  return table.concat(lines, "\n")
end

-- The one-line description: the header's first line, after "name.lua:".
function cli.describe(path)
  local first = cli.header(path):match("^[^\n]*") or ""
  return (first:gsub("^[%w_%-]+%.lua:%s*", ""))
end

-- Values to offer for a shared option that is not a choice: the indices the analyses know.
local suggested = {index = {"par", "sipas", "pci", "papi"}}

-- Whether text names word on its own ("papi" in "papi:C08", not "par" in "parse").
local function mentions(text, word)
  local from = 1
  while true do
    local i, j = text:find(word, from, true)
    if not i then return false end
    local before, after = text:sub(i - 1, i - 1), text:sub(j + 1, j + 1)
    if not before:match("[%w_%-]") and not after:match("[%w_]") and after ~= "-" then
      return true
    end
    from = j + 1
  end
end

-- The values an option takes: those "a|b|c" spells out, else the shared option's
-- that its text names (all of them when it names none).
local function option_values(option, text)
  local values = {}
  if option.placeholder:find("|", 1, true) then
    for v in option.placeholder:gmatch("[^|]+") do
      if v:match("^[%w_%-]+$") then values[#values + 1] = v end
    end
    return values
  end
  local spec = cli.options[option.name:sub(3)]
  local known = spec and (spec.choices or suggested[option.name:sub(3)]) or {}
  for _, v in ipairs(known) do
    if mentions(text, v) then values[#values + 1] = v end
  end
  return #values > 0 and values or known
end

--[[
  The options a script's header lists under "Options:", each as {name =
  "--format", placeholder = "F", values = {"text", "md", ...}}, and --help,
  which every script takes. An option's line is indented and starts with its
  name, then a placeholder (FILE, N) or its values (par|sipas); lines
  indented under it continue its description. Reads the header only: the
  script's code never runs (this is what shell completion asks for).
]]
function cli.header_options(path)
  local list, text, current, inside = {}, {}, nil, false
  for line in (cli.header(path) .. "\n"):gmatch("([^\n]*)\n") do
    if line:match("^Options:") then
      inside = true
    elseif inside and line:match("^%S") then
      break
    elseif inside then
      local name, rest = line:match("^%s+(%-%-%w[%w_%-]*)%s*(.*)$")
      if name then
        local word = rest:match("^%S+") or ""
        local placeholder = (word:match("^[%u_]+$") or word:find("|", 1, true)) and word or ""
        current = {name = name, placeholder = placeholder}
        list[#list + 1], text[#list + 1] = current, rest
      elseif current and line:match("^%s") then
        text[#list] = text[#list] .. " " .. line
      end
    end
  end
  local has_help = false
  for i, option in ipairs(list) do
    option.values = option_values(option, text[i])
    has_help = has_help or option.name == "--help"
  end
  if not has_help then
    list[#list + 1] = {name = "--help", placeholder = "", values = {}}
  end
  return list
end

local function convert(script, lang, name, spec, value)
  if spec.kind == "int" then
    local n = math.tointeger(tonumber(value))
    if not n then
      usage_error(script, lang, "cli_not_whole", name, value)
    end
    return n
  elseif spec.kind == "choice" then
    for _, c in ipairs(spec.choices) do
      if c == value then
        return value
      end
    end
    local function choices(l)
      return or_list(spec.choices, l)
    end
    -- a --lang that names no language chiso has is told in every one it has
    local langs = name == "lang" and i18n.languages or lang
    usage_error(script, langs, "cli_choice", name, choices, value)
  end
  return value
end

local function has(list, value)
  for _, v in ipairs(list) do
    if v == value then
      return true
    end
  end
  return false
end

-- ".csv or .txt", in lang.
local function extension_list(format, lang)
  local list = {}
  for i, ext in ipairs(cli.extensions[format]) do
    list[i] = "." .. ext
  end
  return or_list(list, lang)
end

-- --format, --out and --csv-dialect together: the format from --out's
-- extension when not given; an extension that does not match it refused.
local function check_format(script, lang, formats, opts)
  local name = opts.out and opts.out:match("([^/]*)$")
  local ext = name and name:match("^.+%.([^.]+)$")
  ext = ext and ext:lower()
  if ext and not opts.format then
    for _, format in ipairs(formats) do
      if not opts.format and has(cli.extensions[format], ext) then
        opts.format = format
      end
    end
    if not opts.format then
      local known = {}
      for i, format in ipairs(formats) do
        known[i] = i18n.t("cli_extension_for", lang, extension_list(format, lang), format)
      end
      usage_error(script, lang, "cli_format_from_out", opts.out, ext, table.concat(known, "; "))
    end
  elseif ext and cli.extensions[opts.format] and not has(cli.extensions[opts.format], ext) then
    usage_error(script, lang, "cli_out_mismatch", opts.out, opts.format,
      extension_list(opts.format, lang))
  end
  if opts.format == "xlsx" and not opts.out then
    usage_error(script, lang, "cli_xlsx_needs_out")
  end
  if opts["csv-dialect"] and opts.format ~= "csv" then
    usage_error(script, lang, "cli_dialect_csv", opts.format or "text")
  end
end

local function sorted_names(specs)
  local names = {}
  for name in pairs(specs) do
    names[#names + 1] = "--" .. name
  end
  table.sort(names)
  return table.concat(names, ", ")
end

-- Records one value of option name: a repeatable option's values are gathered
-- in a list, each given value split at its commas; another option may be
-- given once (a second value would silently win otherwise).
local function store(opts, script, name, spec, value, lang)
  if spec.repeatable then
    local list = opts[name] or {}
    for piece in (value .. ","):gmatch("(.-),") do
      list[#list + 1] = convert(script, lang, name, spec, piece)
    end
    opts[name] = list
  elseif opts[name] ~= nil then
    usage_error(script, lang, "cli_given_twice", name, tostring(opts[name]), value)
  else
    opts[name] = convert(script, lang, name, spec, value)
  end
end

--[[
  Reads the script's command line. take lists the shared options it takes
  ({"year", "format", ...}); extra adds its own ({name = {kind =, default =,
  help =, repeatable =}}). Prints the header and exits on --help (the header
  comment as written: a script's documentation, in English). A mistake in the
  options stops the script with a message in its --lang (Vietnamese by
  default). Returns a table of values (defaults filled in) and the remaining
  positional arguments. A repeatable option's value is a list of the values
  given (nil when none is): `--province A --province B` and `--province A,B`
  both give {"A", "B"}; any other option given twice is an error naming it.
]]
function cli.parse(args, take, extra)
  local script = (args[0] or "script"):match("([^/]+)%.lua$") or args[0] or "script"
  cli.script = script
  local specs = {}
  for _, name in ipairs(take or {}) do
    specs[name] = assert(cli.options[name], "unknown shared option " .. name)
  end
  for name, spec in pairs(extra or {}) do
    specs[name] = spec
  end
  if specs.format and not specs["csv-dialect"] then
    specs["csv-dialect"] = cli.options["csv-dialect"] -- goes with --format
  end
  local lang = language(args, specs)
  local opts, rest, i = {}, {}, 1
  while i <= #args do
    local a = args[i]
    local name, value = a:match("^%-%-([%w_%-]+)=(.*)$")
    name = name or a:match("^%-%-([%w_%-]+)$")
    if a == "--help" or a == "-h" then
      print(cli.header(args[0]))
      os.exit(0)
    elseif name then
      local spec = specs[name]
      if not spec and next(specs) == nil then
        usage_error(script, lang, "cli_unknown_option_none", name)
      elseif not spec then
        usage_error(script, lang, "cli_unknown_option", name, sorted_names(specs))
      end
      if value == nil then
        i = i + 1
        value = args[i]
        if value == nil then
          usage_error(script, lang, "cli_needs_value", name)
        end
      end
      store(opts, script, name, spec, value, lang)
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  if specs.format then
    check_format(script, lang, specs.format.choices, opts)
  end
  for name, spec in pairs(specs) do
    if opts[name] == nil then
      opts[name] = spec.default
    end
  end
  return opts, rest
end

--[[
  The provinces a script was given (a list, as cli.parse gives a repeatable
  --province), each resolved by chiso.vn.find_province to its canonical
  name, in the order given and each once; and the notes, in lang, for those
  given as a former province (Hà Tây). A name that does not resolve (unknown,
  ambiguous, empty) stops the script with the resolver's message. nil gives
  an empty list.
]]
function cli.provinces(list, lang)
  local vn = require "chiso.vn"
  local names, notes, seen = {}, {}, {}
  for _, spelling in ipairs(list or {}) do
    local name, code, merged = vn.find_province(spelling, lang)
    if not name then
      cli.stop(code)
    end
    if merged then
      notes[#notes + 1] = merged .. "."
    end
    if not seen[name] then
      seen[name] = true
      names[#names + 1] = name
    end
  end
  return names, notes
end

-- The canonical name of the region a script was given (chiso.vn.find_region),
-- nil for nil; a name that does not resolve stops the script with its message in lang.
function cli.region(spelling, lang)
  if spelling == nil then
    return nil
  end
  local name, err = require("chiso.vn").find_region(spelling, lang)
  if not name then
    cli.stop(err)
  end
  return name
end

-- What an analysis's add_to takes from a script's options: the language, charts for HTML
-- and Markdown, the data for CSV and workbooks.
function cli.section_options(opts)
  return {
    lang = opts.lang,
    chart = opts.format == "html" or opts.format == "md",
    data = opts.format == "csv" or opts.format == "xlsx",
  }
end

-- Writes a report (chiso.report) as opts.format to opts.out, or to the terminal.
-- A file that cannot be written stops the script (status 1) with a message in opts.lang.
function cli.output(doc, opts)
  local format = opts.format or "text"
  if doc.provenance then
    -- a malformed SOURCE_DATE_EPOCH is the user's to fix: one line, no traceback
    local ok, err = pcall(require("chiso.report").made_on)
    if not ok then
      cli.stop(err)
    end
  end
  local how = format == "csv" and {dialect = opts["csv-dialect"]} or nil
  if opts.out then
    local ok, err = doc:write(format, opts.out, how)
    if not ok then
      cli.stop(i18n.t("cli_cannot_write", opts.lang, tostring(err)), 1)
    end
    io.stderr:write(string.format("%s\n", opts.out))
    return
  end
  require("chiso.core").sandbox.emit(doc:render(format, how)) -- counted against a sandbox's limit
end

-- Folders that hold scripts, in the order they are searched.
function cli.script_dirs()
  local dirs = {require("chiso").paths.scripts}
  for dir in (os.getenv("CHISO_PATH") or ""):gmatch("[^:]+") do
    dirs[#dirs + 1] = dir
  end
  local home = os.getenv("HOME")
  if home then
    dirs[#dirs + 1] = home .. "/.chiso/scripts"
  end
  return dirs
end

-- The path of script NAME, or nil.
function cli.find(name)
  for _, dir in ipairs(cli.script_dirs()) do
    local path = dir .. "/" .. name .. ".lua"
    if lfs.attributes(path, "mode") == "file" then
      return path
    end
  end
  return nil
end

-- Every script: {name, path, description}, by name; an earlier folder's script hides a later one's.
function cli.list()
  local seen, list = {}, {}
  for _, dir in ipairs(cli.script_dirs()) do
    if lfs.attributes(dir, "mode") == "directory" then
      for entry in lfs.dir(dir) do
        local name = entry:match("^(.+)%.lua$")
        if name and not seen[name] then
          seen[name] = true
          local path = dir .. "/" .. entry
          list[#list + 1] = {name = name, path = path, description = cli.describe(path)}
        end
      end
    end
  end
  table.sort(list, function(a, b) return a.name < b.name end)
  return list
end

-- `chiso list`: every script with its description; `--names`, the names alone; `--options
-- NAME`, the options NAME's header lists, a line each: name, placeholder and values,
-- separated by tabs (for shell completion, docs/cli.md).
local function list_command(...)
  local how, name = ...
  local n = select("#", ...)
  if how == "--names" and n == 1 then
    for _, s in ipairs(cli.list()) do print(s.name) end
    return 0
  elseif how == "--options" and n == 2 then
    local is_path = name:find("/", 1, true) or name:match("%.lua$")
    local path = is_path and lfs.attributes(name, "mode") == "file" and name or cli.find(name)
    if not path then
      io.stderr:write(string.format("chiso list: no script '%s' (chiso list shows them)\n", name))
      return 1
    end
    for _, o in ipairs(cli.header_options(path)) do
      print(o.name .. "\t" .. o.placeholder .. "\t" .. table.concat(o.values, " "))
    end
    return 0
  elseif n > 0 then
    io.stderr:write("usage: chiso list                 list the analysis scripts\n"
      .. "       chiso list --names         their names alone\n"
      .. "       chiso list --options NAME  the options NAME's header lists\n")
    return 2
  end
  local list = cli.list()
  local width = 0
  for _, s in ipairs(list) do
    width = math.max(width, #s.name)
  end
  for _, s in ipairs(list) do
    print(string.format("%-" .. width .. "s  %s", s.name, s.description))
  end
  return 0
end

-- `chiso list` and `chiso trust ...`; returns the exit status.
function cli.command(sub, ...)
  if sub == "trust" then
    return require("chiso.sandbox_trust").command(...)
  end
  if sub == "list" then
    return list_command(...)
  end
  -- `chiso run` is the host's own (src/host/run.c): it decides with chiso.sandbox.plan, then
  -- runs a sandboxed report in a process of its own
  error(string.format("chiso: unknown command '%s'", tostring(sub)), 0)
end

return cli
