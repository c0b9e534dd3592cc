-- read_csv's encodings (docs/csv.md, "Encoding"): UTF-16 by its byte-order
-- mark or the option, Windows-1258, TCVN3 and VNI by the option, all read to
-- the same Vietnamese text; the errors for bytes that are not UTF-8 name the
-- encoding and the option; text garbled through Windows-1252 gets a note,
-- and ordinary text none; a sandboxed report reads a Windows-1258 and a
-- TCVN3 file from its data folder.
--
-- The files in tests/csv/encoding were made by tools that are not chiso
-- (make.sh there: glibc's iconv for TCVN3, Python's codecs for Windows-1258
-- and UTF-16, VNI typed byte by byte) from one text; the expected values
-- below are that text, written out by hand.

local T = require "testing"
local lfs = require "lfs"

local here = T.here()
local dir = (here:match("^(.*)/lua$") or (here .. "/..")) .. "/csv/encoding"
local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")

local names = {"Tỉnh", "Điểm", "Ghi chú"}
-- "Khánh Hoà" is written with the newer tone placement in the source text; chiso
-- writes the legacy encodings' text as vn_normalize does, "Hòa". UTF-16 is kept as written.
local function rows(hoa)
  return {
    {"Hà Nội", 43.15, "thủ đô"},
    {"Thừa Thiên Huế", 44.87, "cố đô, di sản"},
    {"Khánh " .. hoa, 41.02, "Nha Trang"},
    {"Đắk Lắk", 40.5, "Buôn Ma Thuột"},
    {"Bà Rịa - Vũng Tàu", 42.0, "ĐỒNG BẰNG"},
  }
end

-- The dataset's names and rows as plain tables.
local function table_of(ds)
  local out = {}
  for i, row in ds:rows() do
    out[i] = {row[names[1]], row[names[2]], row[names[3]]}
  end
  return ds:names(), out
end

local function read(file, opts)
  local o = {quiet = true}
  for k, v in pairs(opts or {}) do o[k] = v end
  return chiso.read_csv(dir .. "/" .. file, o)
end

local function check_table(ds, hoa, what)
  T.truthy(ds, what .. " reads")
  local got_names, got_rows = table_of(ds)
  T.eq(got_names, names, what .. ": names")
  T.eq(got_rows, rows(hoa), what .. ": rows")
end

for _, case in ipairs{{"tcvn3", "tcvn3.csv"}, {"cp1258", "cp1258.csv"}, {"vni", "vni.csv"}} do
  local enc, file = case[1], case[2]
  T.case("encoding = '" .. enc .. "' reads " .. file .. " to the Vietnamese text, in NFC", function()
    local ds, r = read(file, {encoding = enc})
    check_table(ds, "Hòa", enc)
    T.eq(r.threads, 1, "decoded text is read by one thread")
    -- the same bytes given to parse_csv
    check_table(chiso.parse_csv(T.read(dir .. "/" .. file), {encoding = enc, quiet = true}), "Hòa",
      enc .. " through parse_csv")
  end)
end

T.case("UTF-16 with a byte-order mark, little- and big-endian, needs no option", function()
  check_table(read("utf16le_bom.csv"), "Hoà", "utf16le_bom.csv")
  check_table(read("utf16be_bom.csv"), "Hoà", "utf16be_bom.csv")
  check_table(read("utf16le_bom.csv", {encoding = "utf-16le"}), "Hoà", "utf16le_bom.csv, utf-16le")
end)

T.case("encoding = 'utf-16le' / 'utf-16be' reads UTF-16 without a byte-order mark", function()
  check_table(read("utf16le.csv", {encoding = "utf-16le"}), "Hoà", "utf16le.csv")
  check_table(read("utf16be.csv", {encoding = "utf-16be"}), "Hoà", "utf16be.csv")
end)

T.case("a byte-order mark that contradicts the option wins, with a note", function()
  local ds, r = read("utf16be_bom.csv", {encoding = "utf-16le"})
  check_table(ds, "Hoà", "utf16be_bom.csv read with utf-16le")
  T.eq(r.notes[2], "the file's byte-order mark says UTF-16 (big-endian); read as that, not as "
    .. "UTF-16 (little-endian)", "the note after the delimiter's")
end)

T.case("UTF-16 keeps characters outside the BMP (a surrogate pair)", function()
  -- "a\n😀\n": U+1F600 is D83D DE00 in UTF-16
  local ds = assert(chiso.parse_csv("\xFF\xFEa\0\n\0\x3D\xD8\x00\xDE\n\0", {quiet = true}))
  T.eq(ds:col("a"):totable(), {"\xF0\x9F\x98\x80"})
end)

-- Files that are not UTF-8, read without the option: the error names the line, the
-- column, the encoding the bytes look like and the option.
local guesses = {
  {"tcvn3.csv", 'line 1, column 1: bytes that are not UTF-8; the file looks like TCVN3 (ABC): '
    .. 'read it with encoding = "tcvn3"'},
  {"cp1258.csv", 'line 1, column 1: bytes that are not UTF-8; the file looks like Windows-1258: '
    .. 'read it with encoding = "cp1258"'},
  {"vni.csv", 'line 1, column 1: bytes that are not UTF-8; the file looks like VNI Windows: '
    .. 'read it with encoding = "vni"'},
  {"utf16le.csv", 'line 1: NUL bytes between the characters; the file looks like UTF-16 '
    .. '(little-endian) without a byte-order mark: read it with encoding = "utf-16le"'},
  {"utf16be.csv", 'line 1: NUL bytes between the characters; the file looks like UTF-16 '
    .. '(big-endian) without a byte-order mark: read it with encoding = "utf-16be"'},
}
for _, g in ipairs(guesses) do
  T.case(g[1] .. " without the option: the error names its encoding and the option", function()
    local path = dir .. "/" .. g[1]
    local ds, err = chiso.read_csv(path)
    T.eq(ds, nil, "read_csv")
    T.eq(err, path .. ": " .. g[2], "read_csv message")
    ds, err = chiso.parse_csv(T.read(path))
    T.eq(err, "<text>: " .. g[2], "parse_csv message")
  end)
end

T.case("bytes that are not UTF-8 on a later line name that line and field", function()
  -- Windows-1258 for "Hà Nội" (H E0 20 N F4 F2 i: ô, then the dot below as a byte of its own)
  local _, err = chiso.parse_csv("tỉnh,điểm\nLạng Sơn,1\n5,H\xE0 N\xF4\xF2i\n")
  T.eq(err, "<text>: line 3, column 2: bytes that are not UTF-8 (byte 2 of the field is 0xE0); save "
    .. "the file as UTF-8, or give its encoding: encoding = \"cp1258\", \"tcvn3\", \"vni\", "
    .. "\"utf-16le\" or \"utf-16be\"", "a file of UTF-8 and Windows-1258 both is UTF-8 gone wrong")
  -- past the first 64 KiB the reader finds them, and the field is the evidence
  local text = "tinh,diem\n" .. string.rep("Lang Son,1\n", 7000) .. "H\xE0 N\xF4\xF2i,2\n"
  _, err = chiso.parse_csv(text)
  T.eq(err, "<text>: line 7002, column 1: bytes that are not UTF-8; the file looks like "
    .. "Windows-1258: read it with encoding = \"cp1258\"")
end)

T.case("a byte the encoding lacks is an error naming line and column", function()
  local _, err = chiso.parse_csv("a,b\n1,x\n2,y\x81z\n", {encoding = "cp1258"})
  T.eq(err, "<text>: line 3, column 2: byte 0x81 is not a character in Windows-1258")
  -- VNI's 0xF9 (acute) after a consonant; a quoted field over two lines counts both
  _, err = chiso.parse_csv('a;b\n"x\ny";ab\xF9c\n', {encoding = "vni"})
  T.eq(err, "<text>: line 2, column 2: byte 0xF9 is a mark in VNI Windows, but no vowel that can "
    .. "take it comes before it")
  _, err = chiso.parse_csv("a,b\n1,2\n\xF7\n", {encoding = "vni"})
  T.eq(err, "<text>: line 3, column 1: byte 0xF7 is not a character in VNI Windows")
end)

T.case("invalid UTF-16 is an error with its line", function()
  -- "a,b\n1," then U+DC00 alone (00 DC), then "\n"
  local _, err = chiso.parse_csv("\xFF\xFEa\0,\0b\0\n\0001\0,\0\0\xDC\n\0")
  T.eq(err, "<text>: line 2, column 2: invalid UTF-16: a low surrogate (0xDC00) without its high half")
  _, err = chiso.parse_csv("a\0\n\0\0\xD8x\0", {encoding = "utf-16le"})
  T.eq(err, "<text>: line 2, column 1: invalid UTF-16: a high surrogate (0xD800) without its low half")
  _, err = chiso.parse_csv("a\0\n\0b", {encoding = "utf-16le"})
  T.eq(err, "<text>: line 2, column 1: the file ends in the middle of a UTF-16 character (an odd "
    .. "number of bytes)")
end)

T.case("a UTF-8 byte-order mark with a legacy encoding is refused", function()
  local _, err = chiso.parse_csv("\xEF\xBB\xBFa,b\n", {encoding = "cp1258"})
  T.eq(err, "<text>: the file begins with the byte-order mark of UTF-8, so it is UTF-8, not "
    .. "Windows-1258: read it without option encoding")
end)

T.case("a legacy file read with another legacy encoding gets a note", function()
  local ds, r = read("tcvn3.csv", {encoding = "cp1258"})
  T.truthy(ds, "it still reads")
  T.eq(r.notes[2], 'the text looks like TCVN3 (ABC) rather than Windows-1258 (option encoding = "tcvn3")',
    "the note after the delimiter's")
end)

T.case("a large decoded file is read whole by one thread", function()
  -- 5 MB of Windows-1258 rows (more than the 4 MB from which UTF-8 files are split in two)
  local row = "H\xE0 N\xF4\xF2i,1\n"
  local text = "t\xEAn,n\n" .. string.rep(row, 5 * 1024 * 1024 // #row)
  local path = T.tmpname(".csv")
  T.write(path, text)
  local ds, r = chiso.read_csv(path, {encoding = "cp1258", quiet = true})
  T.truthy(ds, r)
  T.eq(#ds, 5 * 1024 * 1024 // #row, "rows")
  T.eq(r.threads, 1, "threads")
  T.eq(ds:row(#ds), {["tên"] = "Hà Nội", n = 1}, "the last row")
end)

T.case("a Windows-1258 file whose lines end in CR alone reads whole, its tones in NFC", function()
  -- no line feed: the text waits whole to be put in NFC, the line end looked for in each new
  -- block only (it was scanned from the end of all that waited, a square of the blocks);
  -- 0xEA is ê and 0xEC the acute that follows it: Huế, with 9 bytes a row cut across blocks
  local row = "Hu\xEA\xEC,12\r"
  local n = 3 * 1024 * 1024 // #row
  local ds = assert(chiso.parse_csv("t\xEAn,n\r" .. string.rep(row, n),
                                    {encoding = "cp1258", quiet = true}))
  T.eq(#ds, n, "rows")
  T.eq(ds:row(1), {["tên"] = "Huế", n = 12}, "the first row")
  T.eq(ds:row(n), {["tên"] = "Huế", n = 12}, "the last row")
  T.eq(ds["tên"]:n_distinct(), 1, "every row alike")
end)

-- Garbled text: notes

local function garbled_notes(r)
  local out = {}
  for _, n in ipairs(r.notes) do
    if n:find("saved as UTF-8 through", 1, true) then out[#out + 1] = n end
  end
  return out
end

T.case("TCVN3 saved as UTF-8 through Windows-1252: notes name the header and each column", function()
  local ds, r = read("garbled_tcvn3.csv")
  T.truthy(ds, "reads")
  T.eq(garbled_notes(r), {
    "header: names look like TCVN3 (ABC) saved as UTF-8 through Windows-1252 ('TØnh' is probably 'Tỉnh')",
    "column 'TØnh': text looks like TCVN3 (ABC) saved as UTF-8 through Windows-1252 ('Hµ Néi' is "
      .. "probably 'Hà Nội')",
    "column 'Ghi chó': text looks like TCVN3 (ABC) saved as UTF-8 through Windows-1252 ('thñ ®«' is "
      .. "probably 'thủ đô')",
  })
end)

T.case("Windows-1258 saved as UTF-8 through Windows-1252: notes", function()
  local _, r = read("garbled_cp1258.csv")
  T.eq(garbled_notes(r), {
    "header: names look like Windows-1258 saved as UTF-8 through Windows-1252 ('TiÒnh' is probably 'Tỉnh')",
    "column 'TiÒnh': text looks like Windows-1258 saved as UTF-8 through Windows-1252 ('Hà Nôòi' is "
      .. "probably 'Hà Nội')",
    "column 'Ghi chú': text looks like Windows-1258 saved as UTF-8 through Windows-1252 ('thuÒ ðô' is "
      .. "probably 'thủ đô')",
  })
end)

T.case("VNI and double UTF-8 garbled the same way: notes", function()
  -- VNI's "Hà Nội" (H a F8, N o E4 i) and "Thừa Thiên" (F6 F8, e E2) read as Windows-1252
  local _, r = chiso.parse_csv("tinh,n\nHaø Noäi,1\nThöøa Thieân,2\n", {quiet = true})
  T.eq(garbled_notes(r), {"column 'tinh': text looks like VNI Windows saved as UTF-8 through "
    .. "Windows-1252 ('Haø Noäi' is probably 'Hà Nội')"})
  -- Python: "Hà Nội".encode("utf-8").decode("cp1252") is "HÃ\xa0 Ná»™i"; "Cà Mau" "CÃ\xa0 Mau"
  _, r = chiso.parse_csv("tinh,n\nHÃ\u{A0} Ná»™i,1\nCÃ\u{A0} Mau,2\n", {quiet = true})
  T.eq(garbled_notes(r), {"column 'tinh': text looks like UTF-8 saved as UTF-8 through "
    .. "Windows-1252 ('HÃ\u{A0} Ná»™i' is probably 'Hà Nội')"})
end)

T.case("notes are printed on stderr unless quiet", function()
  local out, err = T.run(string.format("%s -e %s", chiso_bin, T.quote(
    "assert(chiso.read_csv(" .. string.format("%q", dir .. "/garbled_tcvn3.csv") .. "))")))
  T.eq(out, "")
  T.truthy(err:find("chiso: note: " .. dir .. "/garbled_tcvn3.csv: column 'TØnh': text looks like "
    .. "TCVN3 (ABC)", 1, true), err)
end)

-- No false alarms

T.case("no garbled-text note on any bundled data file", function()
  local root = dir:match("^(.*)/tests/csv/encoding$")
  local files = {}
  for _, sub in ipairs{"data", "data/papi/csv", "data/papi/codebook"} do
    for name in lfs.dir(root .. "/" .. sub) do
      if name:match("%.csv$") then files[#files + 1] = root .. "/" .. sub .. "/" .. name end
    end
  end
  T.truthy(#files >= 8, "found " .. #files .. " files")
  for _, path in ipairs(files) do
    local ds, r = chiso.read_csv(path, {quiet = true})
    T.truthy(ds, path .. ": " .. tostring(r))
    T.eq(garbled_notes(r), {}, path)
  end
end)

T.case("no note on Vietnamese, English, French and other Latin-script text", function()
  -- Vietnamese as written (whole letters and decomposed), then names every letter of which
  -- Windows-1252 has, so that they could be garbled text: none reads as Vietnamese syllables
  local values = {
    "Hà Nội", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Đắk Lắk", "Khánh Hoà", "Thuỷ", "Nguyễn",
    "người", "khuỷu tay", "quyết định", "giữa", "Ha\u{300} No\u{302}\u{323}i", "Hà Nam", "Cà Mau",
    "Côte d'Ivoire", "Curaçao", "São Tomé", "Málaga", "Zürich", "Ñuñoa", "Bogotá", "Reykjavík",
    "Genève", "Besançon", "Košice", "Québec", "Français", "naïve café", "Ærøskøbing", "Łódź",
    "Straße", "Hôpital", "élève", "años", "Düsseldorf", "Gdańsk", "Ålesund", "Tromsø", "Jönköping",
    "Île-de-France", "Fès", "Tôkyô", "Pécs", "São Luís", "Cádiz", "Øresund", "Mäder", "Ötzi",
    "birinci gün", "Dž", "Lj", "Škoda", "Žilina", "€ 1.5", "50 m²", "± 2", "© 2024",
  }
  local lines = {"v,n"}
  for i, v in ipairs(values) do lines[#lines + 1] = string.format('"%s",%d', v, i) end
  local ds, r = chiso.parse_csv(table.concat(lines, "\n") .. "\n", {quiet = true})
  T.truthy(ds, r)
  T.eq(garbled_notes(r), {})
  -- and as the header
  ds, r = chiso.parse_csv('"' .. table.concat(values, '","') .. '"\n' .. string.rep("1,", #values - 1)
    .. "1\n", {quiet = true})
  T.truthy(ds, r)
  T.eq(garbled_notes(r), {})
end)

-- A sandboxed report reads legacy files from its data folder

T.case("a sandboxed report reads Windows-1258 and TCVN3 files from CHISO_DATA", function()
  local data = T.tmpname("-data")
  assert(lfs.mkdir(data))
  for _, f in ipairs{"cp1258.csv", "tcvn3.csv"} do T.write(data .. "/" .. f, T.read(dir .. "/" .. f)) end
  local report = data .. "/report.lua"
  T.write(report, [[
for _, enc in ipairs{"cp1258", "tcvn3"} do
  local ds, err = chiso.read_csv(arg[1] .. "/" .. enc .. ".csv", {encoding = enc, quiet = true})
  print(enc, ds and ds:row(3)["Tỉnh"] or err)
end
]])
  local out, err, status = T.run(string.format("cd / && CHISO_TRUST= CHISO_DATA=%s %s run --sandbox %s %s",
    T.quote(data), chiso_bin, T.quote(report), T.quote(data)))
  T.eq({out, status}, {"cp1258\tKhánh Hòa\ntcvn3\tKhánh Hòa\n", 0}, "output (stderr: " .. err .. ")")
  T.remove_tree(data)
end)

T.finish()
