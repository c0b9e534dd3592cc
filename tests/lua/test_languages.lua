-- Both languages, everywhere: every string of chiso.strings in Vietnamese and
-- English alike; the scripts and the modules they call giving their messages
-- through those strings, never as English literals (a scan of their source);
-- each script's mistakes told in its --lang; and every script's report in
-- English free of Vietnamese, but for the proper nouns (province names), and
-- in Vietnamese free of English words.
--
-- Expected messages are written by hand from the entries of chiso.strings.

local T = require "testing"
local strings = require "chiso.strings"

local root = assert(os.getenv("ROOT"), "ROOT is not set")
local chiso_bin = assert(os.getenv("CHISO"), "CHISO is not set")

-- The string.format directives of a text, in order ("%%" is a literal percent sign).
local function directives(text)
  local list = {}
  for d in text:gsub("%%%%", ""):gmatch("%%[-+ #0]*%d*%.?%d*[a-zA-Z]") do
    list[#list + 1] = d
  end
  return list
end

-- Letters only Vietnamese uses (with a breve, circumflex, horn, stroke or tone
-- mark: U+00C0-U+024F but × and ÷, U+1E00-U+1EFF) and combining marks.
local function vietnamese_letters(text)
  local found = {}
  for _, code in utf8.codes(text) do
    if (code >= 0xC0 and code <= 0x24F and code ~= 0xD7 and code ~= 0xF7)
      or (code >= 0x1E00 and code <= 0x1EFF) or (code >= 0x300 and code <= 0x36F) then
      found[#found + 1] = utf8.char(code)
    end
  end
  return table.concat(found)
end

-- English words that no Vietnamese sentence holds ("in", to print, and "to",
-- big, are Vietnamese words too, so they are not here).
local english_words = {
  "the", "of", "and", "is", "are", "with", "not", "has", "have", "must", "give", "from",
  "by", "rank", "ranks", "score", "scores", "province", "provinces", "year", "years",
  "note", "chart", "region", "average", "mean", "change", "data", "national", "places",
  "table", "legend", "missing", "highest", "lowest", "unknown", "needs", "option",
}

-- The English words of a text (in lower case), as a list "word: context".
local function english_in(text)
  local found = {}
  local lower = text:lower()
  for _, word in ipairs(english_words) do
    local at = 1
    while true do
      local s, e = lower:find("%f[%w%-%.:/_]" .. word .. "%f[^%w%-%.:/_]", at)
      if not s then
        break
      end
      found[#found + 1] = word .. ": " .. text:sub(math.max(1, s - 30), e + 30):gsub("\n", " ")
      at = e + 1
    end
  end
  return found
end

-- Proper nouns written in Vietnamese in both languages: the provinces, the
-- 2025 units, a former province and the archipelagos, longest first (so "Bà Rịa - Vũng Tàu"
-- goes before "Bà Rịa").
local proper_nouns = {["Hoàng Sa"] = true, ["Trường Sa"] = true, ["Hà Tây"] = true}
for _, row in chiso.data.load("provinces"):rows() do
  proper_nouns[row.province] = true
  proper_nouns[row.unit_2025] = true
end
local nouns = {}
for name in pairs(proper_nouns) do
  nouns[#nouns + 1] = name
end
table.sort(nouns, function(a, b) return #a > #b end)

-- text without the proper nouns, its runs of white space made one space
-- first (the text writer wraps lines inside a name: "Đắk\nNông").
local function without_nouns(text)
  text = text:gsub("%s+", " ")
  for _, name in ipairs(nouns) do
    text = text:gsub(name:gsub("%p", "%%%0"), "")
  end
  return text
end

-- What a reader sees of an HTML page: no style sheet, no tags.
local function visible(html)
  return (html:gsub("<style.-</style>", " "):gsub("<[^>]+>", " "):gsub("&[#%w]+;", " "))
end

-- The report before its sources: a "Sources" / "Nguồn" section cites documents
-- by their own titles, which stay in the language they were published in.
local function before_sources(text)
  local cut = text:find("\nSources\n", 1, true) or text:find(">Sources<", 1, true)
    or text:find("\nNguồn\n", 1, true) or text:find(">Nguồn<", 1, true)
  return cut and text:sub(1, cut) or text
end

-- strings.lua ----------------------------------------------------------------

T.case("strings: every key has a non-empty vi and en, valid UTF-8 in NFC", function()
  for key, entry in pairs(strings) do
    for _, lang in ipairs{"vi", "en"} do
      local text = entry[lang]
      T.truthy(type(text) == "string" and text:match("%S"), key .. "." .. lang .. " is not empty")
      T.truthy(utf8.len(text), key .. "." .. lang .. " is UTF-8")
      T.eq(chiso.vn.normalize(text), text, key .. "." .. lang .. " in NFC, tones where official names have them")
    end
  end
end)

T.case("strings: vi and en hold the same format directives in the same order", function()
  for key, entry in pairs(strings) do
    T.eq(directives(entry.vi), directives(entry.en), key)
  end
end)

T.case("strings: no English left in the Vietnamese, no Vietnamese in the English", function()
  for key, entry in pairs(strings) do
    if entry.vi ~= entry.en then
      T.eq(english_in(entry.vi), {}, key .. ".vi")
    end
    T.eq(vietnamese_letters(without_nouns(entry.en)), "", key .. ".en")
  end
end)

T.case("strings: the checks above can fail", function()
  T.eq(directives("năm %d có %d tỉnh; 95%% KTC %s"), {"%d", "%d", "%s"}, "directives")
  T.eq(#english_in("Hạng của the tỉnh"), 1, "an English word in Vietnamese")
  T.eq(#english_in("--format xlsx, papi:C08, Pearson"), 0, "options and names are not words")
  T.eq(vietnamese_letters(without_nouns("Rank of Lạng Sơn in Vùng")), "ù", "a Vietnamese word")
  T.eq(vietnamese_letters(without_nouns("Biggest fall: Đắk\nNông, × 2")), "", "a wrapped name")
end)

-- Message sites in the source ------------------------------------------------

-- The source with comments removed and every string literal replaced by
-- "\1<n>\2", and the literals' values by n.
local function code_of(source)
  local out, literals, i = {}, {}, 1
  while i <= #source do
    local c = source:sub(i, i)
    local long_comment = source:match("^%-%-%[(=*)%[", i)
    if long_comment then
      local close = source:find("]" .. long_comment .. "]", i, true)
      i = (close or #source) + #long_comment + 2
    elseif source:sub(i, i + 1) == "--" then
      i = (source:find("\n", i, true) or #source + 1)
    elseif c == '"' or c == "'" then
      local j, value = i + 1, {}
      while j <= #source and source:sub(j, j) ~= c do
        if source:sub(j, j) == "\\" then
          value[#value + 1] = source:sub(j, j + 1)
          j = j + 2
        else
          value[#value + 1] = source:sub(j, j)
          j = j + 1
        end
      end
      literals[#literals + 1] = table.concat(value)
      out[#out + 1] = "\1" .. #literals .. "\2"
      i = j + 1
    elseif source:match("^%[=*%[", i) then
      local level = source:match("^%[(=*)%[", i)
      local close = source:find("]" .. level .. "]", i, true) or #source
      literals[#literals + 1] = source:sub(i + #level + 2, close - 1)
      out[#out + 1] = "\1" .. #literals .. "\2"
      i = close + #level + 2
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return table.concat(out), literals
end

-- The literals of a piece of code that hold words yet are no key of chiso.strings:
-- English written where a string key belongs.
local function words_without_key(piece, literals)
  local bad = {}
  for n in piece:gmatch("\1(%d+)\2") do
    local text = literals[tonumber(n)]
    local prefix = text:match("^[%w_]+_$") -- "profile_heading_" .. id
    local is_prefix = false
    for key in pairs(prefix and strings or {}) do
      is_prefix = is_prefix or key:sub(1, #prefix) == prefix
    end
    if text:match("%a%a") and not strings[text] and not is_prefix and text ~= "vi"
      and text ~= "en" then
      bad[#bad + 1] = text
    end
  end
  return bad
end

-- The text of a call's arguments from the "(" at position at: up to the matching ")".
local function arguments(code, at)
  local depth = 0
  for i = at, #code do
    local c = code:sub(i, i)
    if c == "(" then
      depth = depth + 1
    elseif c == ")" then
      depth = depth - 1
      if depth == 0 then
        return code:sub(at + 1, i - 1)
      end
    end
  end
  return code:sub(at + 1)
end

-- The rest of a statement from position at: to the end of its line, and on
-- while brackets opened there are not closed.
local function statement_rest(code, at)
  local depth, i = 0, at
  while i <= #code do
    local c = code:sub(i, i)
    if c == "(" or c == "{" then
      depth = depth + 1
    elseif c == ")" or c == "}" then
      depth = depth - 1
    elseif c == "\n" and depth <= 0 then
      break
    end
    i = i + 1
  end
  return code:sub(at, i - 1)
end

-- The arguments of an argument list, split at the commas outside brackets.
local function split_arguments(args)
  local list, depth, start = {}, 0, 1
  for i = 1, #args do
    local c = args:sub(i, i)
    if c == "(" or c == "{" or c == "[" then
      depth = depth + 1
    elseif c == ")" or c == "}" or c == "]" then
      depth = depth - 1
    elseif c == "," and depth == 0 then
      list[#list + 1] = args:sub(start, i - 1)
      start = i + 1
    end
  end
  list[#list + 1] = args:sub(start)
  return list
end

-- The line number of position at in code.
local function line_at(code, at)
  local _, n = code:sub(1, at):gsub("\n", "")
  return n + 1
end

--[[
  The message sites of a file that take English text rather than a string
  key: the first argument of stop(, fail( and cli.stop( (a script's
  messages), the key of usage_error(script, lang, key, ...) (cli.lua's),
  every argument of a report's note(, paragraph( and heading(, and the
  value after "return nil," (a problem a module returns). A literal holding
  words must be a key of chiso.strings (or the start of keys, "index_");
  text without words ("%s: %s", ".") may stay.
]]
local function english_sites(path)
  local code, literals = code_of(T.read(path))
  local found = {}
  local function check(piece, at, what)
    for _, text in ipairs(words_without_key(piece, literals)) do
      found[#found + 1] = string.format("%s:%d: %s %q", path:sub(#root + 2), line_at(code, at),
        what, text)
    end
  end
  for at, name, paren in code:gmatch("()([%w_%.:]+)%s*()%(") do
    local base = name:match("[%w_]+$")
    if base == "stop" or base == "fail" then
      check(split_arguments(arguments(code, paren))[1], at, name .. "(")
    elseif base == "usage_error" then
      check(split_arguments(arguments(code, paren))[3] or "", at, name .. "(")
    elseif name:find(":") and (base == "note" or base == "paragraph" or base == "heading") then
      check(arguments(code, paren), at, name .. "(")
    end
  end
  for at, from in code:gmatch("()return%s+nil%s*,()") do
    check(split_arguments(statement_rest(code, from))[1], at, "return nil,") -- the message
  end
  return found
end

-- The modules the scripts call for what they tell the user.
local modules = {"cli", "vn", "indices", "movers", "correlation", "data", "annex", "annex_lines"}

T.case("message sites: the scripts and the modules they call give string keys, not English", function()
  local files = chiso.files.find(root .. "/scripts", "%.lua$")
  T.truthy(#files >= 8, "the scripts are found")
  for _, name in ipairs(modules) do
    files[#files + 1] = root .. "/lua/chiso/" .. name .. ".lua"
  end
  local checked = 0
  for _, path in ipairs(files) do
    T.eq(english_sites(path), {}, path:sub(#root + 2))
    checked = checked + 1
  end
  T.truthy(checked >= 16, "files checked: " .. checked)
end)

T.case("message sites: the scan finds English literals where keys belong", function()
  local path = T.tmpname(".lua")
  T.write(path, table.concat({
    'local stop = cli.stop',
    'stop("--top must be at least 1")',                               -- 2: found
    'stop(string.format("unknown index \'%s\'", x))',                   -- 3: found
    'cli.stop(t("script_top_min"))',                                  -- a key: fine
    'fail(problem, 1)',                                               -- a value: fine
    '-- stop("in a comment")',                                        -- a comment: fine
    'doc:note(merged .. ".")',                                        -- no words: fine
    'doc:paragraph("Hello " .. name)',                                -- 8: found
    'local function f() return nil, string.format("%s: %s", a, b) end', -- no words: fine
    'local function g() return nil, "no such year" end',               -- 10: found
    'local function h() return nil, i18n.t("data_no_year", lang, a) end', -- a key: fine
    'usage_error(script, lang, "cli_needs_value", name)',               -- a key: fine
  }, "\n"))
  local found = english_sites(path)
  T.eq(#found, 4, "four sites: " .. table.concat(found, "; "))
  local lines = {}
  for i, f in ipairs(found) do
    lines[i] = tonumber(f:match(":(%d+):"))
  end
  table.sort(lines)
  T.eq(lines, {2, 3, 8, 10}, "their lines")
end)

-- Each script's mistakes in both languages ---------------------------------

local function run(args)
  local out, err, status = T.run(string.format("cd %s && '%s' run %s", T.quote(root), chiso_bin,
    args))
  return out, err, status
end

T.case("each script tells a mistake in its --lang: Vietnamese by default, or English", function()
  local not_a_folder = T.tmpname(".txt")
  T.write(not_a_folder, "x\n")
  local cases = {
    {"movers --top 0", "movers: --top phải từ 1 trở lên\n", "movers: --top must be at least 1\n"},
    {"movers --index gdp",
     "movers: không có chỉ số 'gdp' (các chỉ số là par, sipas, pci, papi và papi:<chỉ số nội dung>, "
       .. "ví dụ papi:C08)\n",
     "movers: unknown index 'gdp' (the indices are par, sipas, pci, papi and papi:<dimension>, for "
       .. "example papi:C08)\n"},
    {"sipas_correlation --top 0", "sipas_correlation: --top phải từ 1 trở lên\n",
     "sipas_correlation: --top must be at least 1\n"},
    {"sipas_correlation --year 2018",
     "sipas_correlation: năm 2018 có 0 tỉnh có cả điểm PAR INDEX và điểm SIPAS; cần ít nhất 3 tỉnh "
       .. "(các năm đủ: 2019, 2020, 2021, 2022, 2023, 2024)\n",
     "sipas_correlation: 2018 has 0 provinces with both a PAR INDEX and a SIPAS score; at least 3 "
       .. "are needed (years with enough: 2019, 2020, 2021, 2022, 2023, 2024)\n"},
    {"flagship --top 0", "flagship: --top phải từ 1 trở lên\n", "flagship: --top must be at least 1\n"},
    {"flagship --out r.pdf", "flagship: --out r.pdf: báo cáo này là HTML, được ghi ra tệp .html "
       .. "hoặc .htm\n", "flagship: --out r.pdf: this report is HTML, written to a .html or .htm file\n"},
    {"profile", "profile: tỉnh, thành phố nào? hãy ghi --province TÊN (xem --help)\n",
     "profile: which province? give --province NAME (see --help)\n"},
    -- The names sharing the word "ha", by the edit distance of their keys from "hatayy"
    -- (Python: hanam 3, hatinh 3, hagiang 4, hanoi 4), ties in dictionary order.
    {"profile --province 'Hà Tâyy'",
     "profile: không có tỉnh, thành phố 'Hà Tâyy'; có phải là Hà Nam, Hà Tĩnh, Hà Giang không?\n",
     "profile: unknown province 'Hà Tâyy'; did you mean Hà Nam, Hà Tĩnh, Hà Giang?\n"},
    {"regions --index pci", "regions: không nhận chỉ số 'pci' (chỉ nhận par hoặc sipas: chỉ hai chỉ "
       .. "số này có trung bình vùng công bố)\n",
     "regions: unknown index 'pci' (regions takes par or sipas: only they have published region "
       .. "averages)\n"},
    {"coverage --year 2005", "coverage: không chỉ số nào trong dữ liệu đi kèm có số liệu năm 2005\n",
     "coverage: no bundled index has figures for 2005\n"},
    {"show_data " .. T.quote(not_a_folder), "show_data: '" .. not_a_folder .. "' không phải là "
       .. "thư mục\n", "show_data: '" .. not_a_folder .. "' is not a folder\n"},
    -- cli.lua's usage errors, for a script of each kind of option
    {"movers --year 20x3", "movers: tùy chọn --year cần một số nguyên, không phải '20x3' (xem "
       .. "--help)\n", "movers: option --year needs a whole number, not '20x3' (see --help)\n"},
    {"sipas_correlation --with pci", "sipas_correlation: tùy chọn --with phải là sipas hoặc papi, "
       .. "không phải 'pci' (xem --help)\n",
     "sipas_correlation: option --with must be sipas or papi, not 'pci' (see --help)\n"},
    {"coverage --yeer 1", "coverage: không có tùy chọn '--yeer' (các tùy chọn là --csv-dialect, "
       .. "--format, --index, --lang, --out, --year) (xem --help)\n",
     "coverage: unknown option '--yeer' (the options are --csv-dialect, --format, --index, --lang, "
       .. "--out, --year) (see --help)\n"},
    {"regions --format xlsx", "regions: --format xlsx ghi ra một bảng tính, cần có tệp: hãy ghi "
       .. "--out TÊN.xlsx (xem --help)\n",
     "regions: --format xlsx writes a workbook, which needs a file: give --out NAME.xlsx (see "
       .. "--help)\n"},
    {"import --index par --year 2023", "import: tệp nào? hãy ghi tệp bảng phụ lục: chiso run import "
       .. "TỆP --index par --year 2024\n", "import: which file? give the annex table: chiso run "
       .. "import FILE --index par --year 2024\n"},
    {"import x.csv --year 2023", "import: chỉ số nào? hãy ghi --index par, sipas hoặc pci\n",
     "import: which index? give --index par, sipas or pci\n"},
    {"import /nonexistent/x.csv --index sipas --year 2023",
     "import: /nonexistent/x.csv: không tìm thấy tệp\n", "import: /nonexistent/x.csv: no such file\n"},
    {"import x.csv --index papi --year 2023", "import: tùy chọn --index phải là par, sipas hoặc pci, "
       .. "không phải 'papi' (xem --help)\n",
     "import: option --index must be par, sipas or pci, not 'papi' (see --help)\n"},
  }
  for _, c in ipairs(cases) do
    for i, lang in ipairs{"vi", "en"} do
      local args = c[1] .. (i == 1 and "" or " --lang " .. lang)
      local out, err, status = run(args)
      T.eq({out, err, status}, {"", c[i + 1], 2}, args)
    end
    local out, err, status = run(c[1] .. " --lang vi")
    T.eq({out, err, status}, {"", c[2], 2}, c[1] .. " --lang vi")
  end
end)

T.case("import tells the problems of a table in its --lang, the resolver's too; exit status 1", function()
  -- the 63 provinces of data/provinces.csv in its order, the i-th with rank i and score
  -- 100.5 - i; the second, Hà Giang, on line 3, written "Atlantis" (the resolver's closest
  -- names as tests/lua/test_import.lua has them). Nothing is written (test_import.lua checks)
  local path = T.tmpname(".csv")
  local lines = {"Tỉnh,Điểm,Xếp hạng"}
  for i, row in chiso.data.load("provinces"):rows() do
    lines[#lines + 1] = string.format("%s,%d.5,%d", i == 2 and "Atlantis" or row.province, 100 - i, i)
  end
  T.write(path, table.concat(lines, "\n") .. "\n")
  local expected = {
    vi = "import: ghi chú: " .. path .. ": delimiter ',' (detected)\n"
      .. path .. ": bảng (dòng 2-64) thiếu Hà Giang\n"
      .. path .. ":3: không có tỉnh, thành phố 'Atlantis'; có phải là Cần Thơ, Hà Nội, An Giang "
      .. "không?\n"
      .. "import: 2 lỗi trong " .. path .. "; không ghi dữ liệu nào\n",
    en = "import: note: " .. path .. ": delimiter ',' (detected)\n"
      .. path .. ": the table (lines 2-64) does not have Hà Giang\n"
      .. path .. ":3: unknown province 'Atlantis'; did you mean Cần Thơ, Hà Nội, An Giang?\n"
      .. "import: 2 problems in " .. path .. "; nothing written\n",
  }
  for _, args in ipairs{"", " --lang vi", " --lang en"} do
    local out, err, status = run(string.format("import %s --index par --year 2023%s", T.quote(path),
      args))
    T.eq({out, err, status}, {"", expected[args:match("%a+$") or "vi"], 1}, "import" .. args)
  end
  -- a header without a rank column: the problem names the header's line
  T.write(path, "Tỉnh,Điểm\nHà Nội,80.5\n")
  local out, err, status = run(string.format("import %s --index par --year 2023", T.quote(path)))
  T.eq({out, err, status}, {"", path .. ":1: không tìm thấy cột hạng: không tiêu đề nào ghi tên cột "
    .. "này (Xếp hạng, Thứ hạng / Rank) trong các cột 'Tỉnh', 'Điểm'; hãy ghi --rank-column\n"
    .. "import: 1 lỗi trong " .. path .. "; không ghi dữ liệu nào\n", 1}, "no rank column, vi")
  out, err, status = run(string.format("import %s --index par --year 2023 --lang en", T.quote(path)))
  T.eq({out, err, status}, {"", path .. ":1: no rank column: no header names one (Xếp hạng, Thứ hạng / "
    .. "Rank) among 'Tỉnh', 'Điểm'; give --rank-column\n"
    .. "import: 1 problem in " .. path .. "; nothing written\n", 1}, "no rank column, en")
end)

T.case("a report that cannot be written is one line in the --lang, exit status 1", function()
  -- it was a Lua traceback
  local out, err, status = run("movers --out /nonexistent/dir/r.csv")
  T.eq({out, err, status}, {"", "movers: không ghi được báo cáo: /nonexistent/dir/r.csv: No such file "
    .. "or directory\n", 1}, "vi")
  out, err, status = run("regions --out /nonexistent/dir/r.html --lang en")
  T.eq({out, err, status}, {"", "regions: cannot write the report: /nonexistent/dir/r.html: No such "
    .. "file or directory\n", 1}, "en")
end)

T.case("a --lang chiso does not have is told in both languages", function()
  local out, err, status = run("movers --lang fr")
  T.eq({out, err, status}, {"", "movers: tùy chọn --lang phải là vi hoặc en, không phải 'fr' (xem "
    .. "--help)\nmovers: option --lang must be vi or en, not 'fr' (see --help)\n", 2}, "fr")
end)

-- Every script's report in each language ----------------------------------

-- Every script's reports, as run by a user: text, and HTML with its charts and
-- maps (Markdown holds the same words as these two).
local reports = {
  "movers --year 2023", "movers --index papi:C04 --year 2024", "movers --index sipas",
  "profile --province 'lạng sơn'", "profile --province 'Hà Tây'", "profile --province 'TP.HCM'",
  "regions --year 2023", "regions --index sipas", "coverage", "coverage --index papi --year 2023",
  "sipas_correlation", "sipas_correlation --with papi",
}

local function each_report(lang, fn)
  for _, args in ipairs(reports) do
    for _, format in ipairs{"text", "html"} do
      local command = string.format("%s --lang %s --format %s", args, lang, format)
      local out, err, status = run(command)
      T.eq(status, 0, command .. ": " .. err)
      fn(command, out, format)
    end
  end
  local html = T.tmpname(".html")
  local out, err, status = run(string.format("flagship --lang %s --out %s", lang, T.quote(html)))
  T.eq(status, 0, "flagship: " .. err)
  fn("flagship " .. lang, out, "text")
  fn("flagship " .. lang .. " (HTML)", T.read(html), "html")
end

T.case("in English, no report holds Vietnamese but the names of provinces", function()
  each_report("en", function(command, out)
    local left = vietnamese_letters(without_nouns(before_sources(out)))
    T.eq(left, "", command)
  end)
end)

T.case("in Vietnamese, no report holds English words", function()
  each_report("vi", function(command, out, format)
    local text = before_sources(out)
    if format == "html" then
      text = visible(text)
    end
    T.eq(english_in(text), {}, command)
  end)
end)

T.finish()
