-- chiso.annex: an official annex table (one year of the PAR INDEX, SIPAS or
-- PCI, as the ministry or VCCI publish it, in CSV or a workbook) into the
-- bundled format. It reads the file as published (title lines, two-row
-- headers, upper-case names, decimal commas), finds the province, score and
-- rank columns by their header words, resolves every province, checks the
-- table as a whole, and adds it to the user's data folder. Every problem is
-- told with the line or row the user sees in the file, never a row index of
-- the dataset. scripts/import.lua is its command line. Its messages are in
-- the lang its functions are given ("vi", the default, or "en"), around the
-- readers' own words about a file, which are English.

local core = require "chiso.core"
local i18n = require "chiso.i18n"
local vn = require "chiso.vn"
local data = require "chiso.data"
local files = require "chiso.files"
local lines = require "chiso.annex_lines"

local annex = {}

-- The indices a table can be imported into: the data file and its name in chiso.data.
annex.indices = {
  par = {file = "par_index.csv", name = "par_index", label = "PAR INDEX"},
  sipas = {file = "sipas.csv", name = "sipas", label = "SIPAS"},
  pci = {file = "pci.csv", name = "pci", label = "PCI"},
}

-- The year from which tables rank the 34 provincial units of the 2025 reorganisation.
annex.units_from = 2025

-- Reading ---------------------------------------------------------------------

-- What a file holds, by its first bytes: "xlsx" (a zip), "xls" (an OLE2 file) or "csv".
local function kind_of(path)
  local f = io.open(path, "rb")
  if not f then
    return "csv" -- the reader says why it cannot be opened
  end
  local head = f:read(8) or ""
  f:close()
  if head:sub(1, 4) == "PK\3\4" then
    return "xlsx"
  elseif head == "\208\207\17\224\161\177\26\225" then
    return "xls"
  end
  return "csv"
end

-- The reader's layout options a user may give, by kind of file; others are not passed.
local passed = {
  csv = {"delimiter", "decimal", "encoding", "skip", "footer", "header_rows"},
  xlsx = {"sheet", "range", "skip", "footer", "header_rows"},
}
passed.xls = passed.xlsx

-- chiso.read with the user's options for this kind of file, quiet, and header_rows rows of
-- header (given only when not 1, so a reader without that option still reads one-row headers).
local function read_with(path, kind, opts, header_rows, extra)
  local o = {quiet = true}
  for _, name in ipairs(passed[kind]) do
    o[name] = opts[name]
  end
  o.header_rows = header_rows ~= 1 and header_rows or nil
  for name, value in pairs(extra or {}) do
    o[name] = value
  end
  local ok, ds, report = pcall(core.read, path, o)
  if not ok then
    -- an option this reader does not take is the user's to know; anything else goes on
    local option, list = tostring(ds):match("unknown option '([^']+)'; the options are ([^)]*)")
    if option then
      local key = kind == "csv" and "import_csv_no_option" or "import_sheet_no_option"
      return nil, i18n.t(key, opts.lang, path, "--" .. option:gsub("_", "-"), list)
    end
    error(ds, 0)
  end
  return ds, report
end

-- A header's words: folded (no tones, lower case), anything but letters and digits a space,
-- with a space at each end, so that " hang " finds the word.
local function header_words(name)
  local folded = vn.fold(name):gsub("[^%w]+", " ")
  return " " .. folded:match("^%s*(.-)%s*$") .. " "
end

local function has_any(words, list)
  for _, w in ipairs(list) do
    if words:find(" " .. w .. " ", 1, true) then
      return true
    end
  end
  return false
end

-- The words that name each column, in Vietnamese and English, and words that
-- name something else (a change of rank, a province's code). A header that
-- names a rank is a rank column even when it says "chỉ số" too.
local roles = {
  {role = "rank", words = {"xep hang", "thu hang", "hang", "rank", "ranking"},
   other = {"tang", "giam", "tang giam", "thay doi", "change", "so voi", "chenh lech", "nhom"}},
  {role = "score", words = {"diem", "chi so", "score", "index", "points", "ket qua", "par",
                            "sipas", "pci", "ty le"},
   other = {"tang", "giam", "thay doi", "change", "so voi", "chenh lech"}},
  {role = "province", words = {"thanh pho", "dia phuong", "province", "provinces", "city",
                               "don vi", "tinh thanh"},
   other = {"ma", "code", "stt"}},
}

-- "tinh" is folded from "tỉnh" (province) and from "tính" (a quality: "Tính minh
-- bạch"), so a header says "province" with it only when it writes "tỉnh", or
-- writes no marks at all ("Tinh").
local function says_tinh(name, words)
  if not has_any(words, {"tinh"}) then
    return false
  end
  local text = vn.normalize(name)
  return text:find("tỉnh", 1, true) or text:find("Tỉnh", 1, true) or text:find("TỈNH", 1, true)
    or not text:find("[\128-\255]")
end

-- The role a header names: "rank", "score", "province" or nil.
local function role_of(name)
  local words = header_words(name)
  for _, r in ipairs(roles) do
    local named = has_any(words, r.words) or (r.role == "province" and says_tinh(name, words))
    if named and not has_any(words, r.other) then
      return r.role
    end
  end
  return nil
end

-- The share of a text column's first values (up to 80) that name a province.
local function resolving(ds, name)
  if ds:types()[name] ~= "string" then
    return 0
  end
  local values, seen, hits = ds:col(name):totable(), 0, 0
  for i = 1, math.min(#values, 80) do
    local v = values[i]
    if type(v) == "string" and v:match("%S") then
      seen = seen + 1
      hits = hits + (vn.find_province(v) and 1 or 0)
    end
  end
  return seen > 0 and hits / seen or 0
end

-- Columns a and b of ds hold the same values, row for row.
local function same_values(ds, a, b)
  local x, y = ds:col(a):totable(), ds:col(b):totable()
  for i = 1, #x do
    if x[i] ~= y[i] then
      return false
    end
  end
  return true
end

-- The province column by its values, among candidates (by header) or, when no
-- header names one, among all columns: those whose values mostly name
-- provinces; of several holding the same names row for row (a workbook's
-- name column beside the scores and again beside the ranks), the first.
local function province_by_values(ds, list)
  local pool, share = #list > 0 and list or ds:names(), #list > 0 and 0.5 or 0.8
  local kept = {}
  for _, name in ipairs(pool) do
    if resolving(ds, name) >= share then
      kept[#kept + 1] = name
    end
  end
  if #kept == 0 then
    return list
  end
  for i = 2, #kept do
    if not same_values(ds, kept[1], kept[i]) then
      return kept
    end
  end
  return {kept[1]}
end

-- The candidates that pass keep(name), when any does; else all of them.
local function narrow(list, keep)
  local kept = {}
  for _, name in ipairs(list) do
    if keep(name) then
      kept[#kept + 1] = name
    end
  end
  return #kept > 0 and kept or list
end

-- Among several columns for one role: those of the year asked for, of the
-- right type, or (for a score) the total.
local function choose(role, list, types, year)
  if year then
    local y = tostring(year)
    list = narrow(list, function(name) return name:find(y, 1, true) ~= nil end)
    list = narrow(list, function(name)
      for other in name:gmatch("%f[%d](%d%d%d%d)%f[%D]") do
        if other ~= y and tonumber(other) >= 1990 and tonumber(other) <= 2100 then
          return false
        end
      end
      return true
    end)
  end
  if role == "province" then
    list = narrow(list, function(name) return types[name] == "string" end)
  else
    list = narrow(list, function(name) return types[name] ~= "string" end)
  end
  if role == "score" then
    list = narrow(list, function(name)
      return has_any(header_words(name), {"tong", "total", "chung", "tong diem", "overall"})
    end)
  end
  return list
end

-- The column a user named with --province-column (and the others): its name as
-- written or folded, or its place from 1.
local function named_column(names, given)
  local position = math.tointeger(tonumber(given))
  if position and names[position] then
    return names[position]
  end
  for _, name in ipairs(names) do
    if name == given then
      return name
    end
  end
  for _, name in ipairs(names) do
    if header_words(name) == header_words(given) then
      return name
    end
  end
  return nil
end

local function quoted_list(names)
  local q = {}
  for i, name in ipairs(names) do
    q[i] = "'" .. name .. "'"
  end
  return table.concat(q, ", ")
end

local option_of = {province = "--province-column", score = "--score-column", rank = "--rank-column"}
-- Header words, as a file may have them in either language, for a column not found.
local words_of = {province = "Tỉnh, thành phố / Province", score = "Điểm, Chỉ số / Score",
                  rank = "Xếp hạng, Thứ hạng / Rank"}

--[[
  The province, score and rank columns of ds: {province =, score =, rank =}
  (their names), or nil and the messages in lang (each a column not found or
  found several times). given holds the user's choices ({province = "Tên tỉnh"}).
]]
function annex.find_columns(ds, given, year, lang)
  lang = i18n.check_lang(lang, 2)
  local names, types = ds:names(), ds:types()
  local found, messages, candidates = {}, {}, {province = {}, score = {}, rank = {}}
  for _, name in ipairs(names) do
    local role = role_of(name)
    if role then
      candidates[role][#candidates[role] + 1] = name
    end
  end
  for _, role in ipairs{"province", "score", "rank"} do
    local list = candidates[role]
    if given[role] then
      found[role] = named_column(names, given[role])
      if not found[role] then
        messages[#messages + 1] = i18n.t("import_no_such_column", lang, given[role],
          option_of[role], quoted_list(names))
      end
    else
      list = choose(role, list, types, year)
      if role == "province" and #list ~= 1 then
        list = province_by_values(ds, list)
      end
      if #list == 1 then
        found[role] = list[1]
      elseif #list == 0 then
        messages[#messages + 1] = i18n.t("import_no_column", lang, i18n.t("import_" .. role, lang),
          words_of[role], quoted_list(names), option_of[role])
      else
        messages[#messages + 1] = i18n.t("import_several_columns", lang,
          i18n.t("import_" .. role, lang), quoted_list(list), option_of[role])
      end
    end
  end
  if #messages > 0 then
    return nil, messages
  end
  return found
end

-- A number as an annex writes it: a number, or text such as "85,94", "85.94%",
-- " 85,94 " (spaces or no-break spaces around it); nil for anything else.
local function number_of(v)
  if math.type(v) then
    return v
  end
  if type(v) ~= "string" then
    return nil
  end
  local s = v:gsub("\194\160", " "):gsub("\226\128\175", " "):match("^%s*(.-)%s*$"):gsub("%%$", "")
  if s:match("^[-+]?%d+,%d+$") then
    s = s:gsub(",", ".")
  end
  if s:match("^[-+]?%d+%.?%d*$") or s:match("^[-+]?%.%d+$") then
    return tonumber(s)
  end
  return nil
end
annex.number_of = number_of

-- A rank: a whole number as annex tables write them ("1", 1, 1.0), else nil.
local function whole_of(v)
  local n = number_of(v)
  if n and n == math.floor(n) and math.abs(n) < 2^53 then
    return math.tointeger(n)
  end
  return nil
end

local trimmed = lines.trimmed

-- Values of a text column that look like decimal-comma numbers (85,94 or 85,94%).
local function has_decimal_commas(ds, column)
  if ds:types()[column] ~= "string" then
    return false
  end
  for _, v in ipairs(ds:col(column):totable()) do
    if type(v) == "string" and v:match("^%s*[-+]?%d+,%d+%s*%%?%s*$") then
      return true
    end
  end
  return false
end

-- One reading of the file with header_rows rows of header: {ds, report, kind, cols,
-- messages, header_rows}, or nil and the reader's message. A CSV file whose scores are
-- text with decimal commas is read again with decimal = ",".
local function read_as(path, kind, opts, header_rows, given)
  local ds, report = read_with(path, kind, opts, header_rows)
  if not ds then
    return nil, report
  end
  local cols, messages = annex.find_columns(ds, given, opts.year, opts.lang)
  if cols and kind == "csv" and not opts.decimal and has_decimal_commas(ds, cols.score) then
    local again, again_report = read_with(path, kind, opts, header_rows, {decimal = ","})
    local again_cols = again and annex.find_columns(again, given, opts.year, opts.lang)
    if again_cols then
      ds, report, cols = again, again_report, again_cols
    end
  end
  return {ds = ds, report = report, kind = kind, cols = cols, messages = messages,
          header_rows = header_rows}
end

-- Text that is not a number under the score's header: a second header row ("Điểm"
-- under "Chỉ số 2023", or "(3)" numbering the columns), so the reading is not the one.
local function header_below(t)
  local first = t.cols and #t.ds > 0 and t.ds:col(t.cols.score):totable()[1]
  return type(first) == "string" and not number_of(first)
end

--[[
  Reads an annex file with the user's layout options (opts: sheet, range,
  skip, footer, header_rows, delimiter, decimal, encoding; province_column,
  score_column, rank_column; year; lang, of the messages). Without
  header_rows, a header of one row is tried first, then of two (a header
  over a row of sub-headings or of column numbers) when the first cannot be
  read, its columns are not all found, or its first row's score is text. Returns a table {ds, report, kind,
  cols, lines (the file's line or sheet row of each row), header_line,
  header_rows}; or nil, the messages ({line =, text =}) and that table when
  the columns are not found.
]]
function annex.read(path, opts)
  i18n.check_lang(opts.lang, 2)
  local kind = kind_of(path)
  local given = {province = opts.province_column, score = opts.score_column,
                 rank = opts.rank_column}
  local chosen, first_err
  for _, header_rows in ipairs(opts.header_rows and {opts.header_rows} or {1, 2}) do
    local t, err = read_as(path, kind, opts, header_rows, given)
    first_err = first_err or err
    chosen = chosen or t
    if t and t.cols and not header_below(t) then
      chosen = t
      break
    end
  end
  if not chosen then
    return nil, {{text = first_err, whole = true}}
  end
  local t = chosen
  if t.kind == "csv" then
    t.lines, t.header_line = lines.csv(path, t.report.delimiter, t.ds,
      t.cols or {province = t.ds:names()[1], rank = t.ds:names()[1]}, t.header_rows)
  else
    t.lines, t.header_line = lines.sheet(path, t.report, #t.ds, t.header_rows)
  end
  if not t.cols then
    local messages = {}
    for i, text in ipairs(t.messages) do
      messages[i] = {line = t.header_line, text = text}
    end
    return nil, messages, t
  end
  return t
end

-- Checking ----------------------------------------------------------------------

-- The provinces a table of that year ranks: the 63 provinces, or from 2025 the 34 units.
local function expected_names(year)
  local list, seen = {}, {}
  for _, row in data.load("provinces"):rows() do
    local name = year >= annex.units_from and row.unit_2025 or row.province
    if not seen[name] then
      seen[name] = true
      list[#list + 1] = name
    end
  end
  return list
end

-- The name a row's province is stored under, or nil and the problem in lang.
local function resolve(text, year, lang)
  local province, err = vn.find_province(text, lang)
  if not province then
    return nil, err
  end
  if year < annex.units_from then
    return province
  end
  local unit = vn.unit_2025(province)
  if vn.find_province(unit) ~= province then
    return nil, i18n.t("import_merged_2025", lang, province, unit, year, #expected_names(year))
  end
  return unit
end

-- Words of a row that is an average or a total, not a province.
local average_words = {"trung binh", "binh quan", "average", "ca nuoc", "toan quoc", "tong cong",
                       "total", "mean"}

-- A score as the file has it, to ten digits, with a decimal comma in Vietnamese.
local function shower(lang)
  return function(n)
    local text = string.format("%.10g", n)
    return lang == "vi" and (text:gsub("%.", ",")) or text
  end
end

--[[
  A function(rows) naming the lines of rows in lang: "line 12", "lines 11,
  12", or "row 12" in a workbook ("dòng 12", "hàng 12"); "?" where the line
  is not known.
]]
local function referrer(t, lang)
  local unit = t.kind == "csv" and "line" or "row"
  return function(rows)
    local list = {}
    for i, row in ipairs(rows) do
      list[i] = tostring(row.line or "?")
    end
    local key = "import_" .. unit .. (#list > 1 and "s" or "")
    return i18n.t(key, lang, table.concat(list, ", "))
  end
end

--[[
  Checks the order of ranks, sorted: 1..N, a shared rank skipping the places
  it takes (1, 2, 2, 4), equal ranks with equal scores, and scores falling as
  ranks rise. A shared rank already found wrong is not blamed again for the
  rank after it. add(line, key, ...) records a problem; ref names lines and
  show a score.
]]
local function check_ranks(ranked, add, ref, show)
  local expected, i = 1, 1
  local previous, previous_wrong
  while i <= #ranked do
    local r, j = ranked[i].rank, i
    while ranked[j + 1] and ranked[j + 1].rank == r do
      j = j + 1
    end
    local wrong = false
    if r > expected then
      wrong = true
      local several = r - 1 > expected
      if previous and several then
        add(ranked[i].line, "import_ranks_missing_after", expected, r - 1, previous.rank,
          ref{previous}, r)
      elseif previous then
        add(ranked[i].line, "import_rank_missing_after", expected, previous.rank, ref{previous}, r)
      elseif r - 1 > 1 then
        add(ranked[i].line, "import_ranks_missing_first", 1, r - 1, r)
      else
        add(ranked[i].line, "import_rank_missing_first", 1, r)
      end
    elseif r < expected and not previous_wrong then
      wrong = true
      local group = {}
      for k = 1, i - 1 do
        if ranked[k].rank == previous.rank then
          group[#group + 1] = ranked[k]
        end
      end
      add(ranked[i].line, "import_rank_after_tie", r, expected, #group, previous.rank, ref(group),
        expected)
    end
    for k = i + 1, j do
      local a, b = ranked[k - 1], ranked[k]
      if a.score and b.score and a.score ~= b.score then
        wrong = true
        add(b.line, "import_tie_scores_differ", b.rank, ref{a}, show(a.score), show(b.score))
      end
    end
    previous, previous_wrong = ranked[j], wrong
    expected = r + (j - i + 1)
    i = j + 1
  end
  for k = 2, #ranked do
    local a, b = ranked[k - 1], ranked[k]
    if a.score and b.score and b.rank > a.rank and b.score > a.score then
      add(b.line, "import_score_rises", show(b.score), b.rank, show(a.score), a.rank, ref{a})
    end
  end
end

--[[
  The rows of the table that are provinces, each {province, score, rank,
  line} with the problems of the row itself (a name that does not resolve or
  comes twice, a score or rank missing or not a number); rows that are
  headings or averages are left out with a note. Returns the rows, the
  provinces seen (name -> row) and the first and last lines.
]]
local function table_rows(t, year, lang, problem, note, ref)
  local cols, rows, seen = t.cols, {}, {}
  local first_line, last_line
  for i, row in t.ds:rows() do
    local line = t.lines and t.lines[i]
    local score, rank = row[cols.score], row[cols.rank]
    local name = trimmed(row[cols.province])
    local average = has_any(header_words(name), average_words)
    if name == "" and score == nil and rank == nil then
      note(line, "import_empty_row")
    elseif rank == nil and not (name ~= "" and vn.find_province(name)) and (score == nil or average) then
      note(line, average and "import_left_out_average" or "import_left_out_heading", name)
    else
      first_line, last_line = first_line or line, line
      local province, err = resolve(name, year, lang)
      local entry = {province = province, score = number_of(score), rank = whole_of(rank), line = line}
      if name == "" then
        problem(line, "import_no_name")
      elseif not province then
        problem(line, nil, err)
      elseif seen[province] then
        problem(line, "import_twice", province, ref{seen[province]})
      else
        seen[province] = entry
      end
      if score == nil or not entry.score then
        problem(line, score == nil and "import_no_score" or "import_score_not_number", tostring(score))
      end
      if rank == nil or not entry.rank then
        problem(line, rank == nil and "import_no_rank" or "import_rank_not_whole", tostring(rank))
      end
      rows[#rows + 1] = entry
    end
  end
  return rows, seen, first_line, last_line
end

-- The rows with a rank in 1..n, by rank (then line); a rank outside is a problem.
local function ranked_rows(rows, n, problem)
  local ranked = {}
  for _, entry in ipairs(rows) do
    if entry.rank and (entry.rank < 1 or entry.rank > n) then
      problem(entry.line, "import_rank_outside", entry.rank, n)
    elseif entry.rank then
      ranked[#ranked + 1] = entry
    end
  end
  table.sort(ranked, function(a, b)
    if a.rank ~= b.rank then
      return a.rank < b.rank
    end
    return (a.line or 0) < (b.line or 0)
  end)
  return ranked
end

-- The table holds the provinces (units) of its year, each once: a count that differs, or a
-- province missing, is a problem of the whole table, naming its span of lines.
local function check_count(rows, seen, expected, year, span, problem)
  local missing = {}
  for _, name in ipairs(expected) do
    if not seen[name] then
      missing[#missing + 1] = name
    end
  end
  table.sort(missing, function(a, b) return vn.compare(a, b) < 0 end)
  if #rows ~= #expected and #missing > 0 then
    problem(nil, "import_count_missing", span, #rows, year, #expected, table.concat(missing, ", "))
  elseif #rows ~= #expected then
    problem(nil, "import_count", span, #rows, year, #expected)
  elseif #missing > 0 then
    problem(nil, "import_missing", span, table.concat(missing, ", "))
  end
end

-- items ({line =, text =}) by line, the table's own first, in the order found within a line.
local function by_line(items)
  for i, item in ipairs(items) do
    item.order = i
  end
  table.sort(items, function(a, b)
    if (a.line or -1) ~= (b.line or -1) then
      return (a.line or -1) < (b.line or -1)
    end
    return a.order < b.order
  end)
  for _, item in ipairs(items) do
    item.order = nil
  end
  return items
end

--[[
  The table's rows checked: every province resolved and listed once, a score
  and a whole rank on each row, ranks 1..N in order with ties, scores falling
  as ranks rise, and N provinces (63, or 34 from 2025). Returns the rows
  ({province, score, rank, line}), the problems and the notes (rows left
  out: headings, averages), each {line =, text =} with its text in lang
  ("vi", the default, or "en"), sorted by line.
]]
function annex.check(t, year, lang)
  lang = i18n.check_lang(lang, 2)
  local problems, notes = {}, {}
  -- add(list)(line, key, ...) records the string key in lang; with key nil, the text given
  -- (the resolver's, in lang already)
  local function add(list)
    return function(line, key, ...)
      list[#list + 1] = {line = line, text = key and i18n.t(key, lang, ...) or ...}
    end
  end
  local problem, note, ref = add(problems), add(notes), referrer(t, lang)
  local rows, seen, first_line, last_line = table_rows(t, year, lang, problem, note, ref)
  local expected = expected_names(year)
  check_ranks(ranked_rows(rows, #expected, problem), problem, ref, shower(lang))
  local span = i18n.t(t.kind == "csv" and "import_span_lines" or "import_span_rows", lang,
    tostring(first_line or "?"), tostring(last_line or "?"))
  check_count(rows, seen, expected, year, span, problem)
  return rows, by_line(problems), by_line(notes)
end

--[[
  Where a line is, for a message in lang: "file.csv:12", "book.xlsx: sheet
  'PL1' row 12" ("book.xlsx: trang tính 'PL1' hàng 12"), "file.csv".
]]
function annex.where(t, name, line, lang)
  if not line and t and t.kind ~= "csv" and t.report then
    return i18n.t("import_where_sheet", lang, name, t.report.sheet)
  elseif not line then
    return name
  elseif t and t.kind ~= "csv" then
    return i18n.t("import_where_row", lang, name, t.report.sheet, line)
  end
  return string.format("%s:%d", name, line)
end

-- Text that quotes a file (a name in it, a cell) as a terminal shows it
-- without obeying it, as chiso's own notes are shown (docs/sandbox.md, "On a
-- terminal"): control characters in caret notation (ESC is "^["), the C1
-- controls (U+0080 to U+009F) "?". A file someone sent cannot retitle the
-- window or set the clipboard through what the import says of it.
function annex.shown(text)
  return (tostring(text):gsub("[%z\1-\31\127]", function(c)
    return c == "\127" and "^?" or "^" .. string.char(c:byte() + 64)
  end):gsub("\194[\128-\159]", "?"))
end

--[[
  Problems, or notes when as_notes is true ({line =, text =}), on standard
  error, each where it is in the file, in lang; with the notes, the reader's
  own (its words, English, after "note: " / "ghi chú: "). What quotes the
  file is shown through annex.shown.
]]
function annex.tell(list, t, name, lang, as_notes)
  lang = i18n.check_lang(lang, 2)
  if as_notes and t and t.report and type(t.report.notes) == "table" then
    for _, note in ipairs(t.report.notes) do
      io.stderr:write(annex.shown("import: " .. i18n.t("import_note", lang, name, note)), "\n")
    end
  end
  for _, item in ipairs(list) do
    local where = annex.where(t, name, item.line, lang)
    if item.whole then -- a reader's message, which names the file itself
      io.stderr:write(annex.shown(item.text), "\n")
    elseif as_notes then
      local text = i18n.t("import_note", lang, where, item.text)
      io.stderr:write(annex.shown("import: " .. text), "\n")
    else
      io.stderr:write(annex.shown(string.format("%s: %s", where, item.text)), "\n")
    end
  end
end

-- The source of imported rows: the file's full path, and a workbook's sheet.
function annex.source(path, t)
  local source = path
  if not source:match("^/") then
    source = require("lfs").currentdir() .. "/" .. source
  end
  if t.kind ~= "csv" then
    source = string.format("%s, sheet '%s'", source, t.report.sheet)
  end
  return source
end

-- Writing -----------------------------------------------------------------------

-- Makes folder dir and the folders above it that are missing: true, or nil and a message
-- in lang (around the system's own words).
local function make_dirs(dir, lang)
  if files.kind(dir) == "directory" then
    return true
  end
  local parent = dir:match("^(.+)/[^/]+/*$")
  if parent and files.kind(parent) == nil then
    local ok, err = make_dirs(parent, lang)
    if not ok then
      return nil, err
    end
  end
  local ok, err, reason = files.make_dir(dir)
  if not ok then
    return nil, i18n.t("import_cannot_make_folder", lang, dir, reason or err)
  end
  return true
end

-- The key of a row: its year and province as the resolver names it (as written when it does not).
local function key(year, province)
  local canonical = type(province) == "string" and vn.find_province(province) or province
  return tostring(year) .. "\0" .. tostring(canonical)
end

local columns = {"year", "province", "score", "rank", "basis", "source"}

--[[
  Adds the checked rows to the index's file in folder dir (made if missing):
  rows of other years and provinces already there are kept, rows of the same
  year and province replaced. opts: dir, index (of annex.indices), year,
  source, lang (of the messages). Returns {path, added, replaced, kept,
  kept_same_year, created}, or nil and a message (nothing is written then).
]]
function annex.write(rows, opts)
  local lang = i18n.check_lang(opts.lang, 2)
  local ok, err = make_dirs(opts.dir, lang)
  if not ok then
    return nil, err
  end
  local path = opts.dir .. "/" .. opts.index.file
  local list = {year = {}, province = {}, score = {}, rank = {}, basis = {}, source = {}}
  local taken = {}
  for i, row in ipairs(rows) do
    list.year[i], list.province[i], list.score[i] = opts.year, row.province, row.score + 0.0
    list.rank[i], list.basis[i], list.source[i] = row.rank, "imported", opts.source
    taken[key(opts.year, row.province)] = true
  end
  local spec = {}
  for i, name in ipairs(columns) do
    spec[i] = {name, list[name]}
  end
  local new = core.dataset(spec)
  local result = {path = path, added = #new, replaced = 0, kept = 0, created = true}
  local all = new
  if files.kind(path) then
    local existing, read_err = data.read_table(path, opts.index.name, lang)
    local names, has = existing and existing:names() or {}, {}
    for _, name in ipairs(names) do
      has[name] = true
    end
    if existing and not (has.year and has.province) then
      read_err = i18n.t("import_not_index_file", lang, "year", "province",
        table.concat(names, ", "))
      existing = nil
    end
    if not existing then
      return nil, i18n.t("import_cannot_add", lang, path, read_err)
    end
    local kept = existing:where(function(row) return not taken[key(row.year, row.province)] end)
    result.created, result.replaced, result.kept = false, #existing - #kept, #kept
    result.kept_same_year = #kept:where("year", "==", opts.year)
    all = core.reshape.concat(new, kept)
  end
  local order = {}
  for i, name in ipairs(columns) do
    order[i] = name
  end
  for _, name in ipairs(all:names()) do
    if not list[name] then
      order[#order + 1] = name
    end
  end
  all = all:select(order):sort("year", "rank", {"province", collate = "vi"})
  ok, err = all:to_csv(path)
  if not ok then
    return nil, i18n.t("import_cannot_write", lang, tostring(err))
  end
  return result
end

return annex
