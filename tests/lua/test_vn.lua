-- Vietnamese names: folding, the normal form, and the province resolver
-- with every spelling the issue lists. Canonical names and codes are those
-- of data/provinces.csv; the 2025 units are its unit_2025 column.

local T = require "testing"

local vn = chiso.vn

T.case("fold drops tones and vowel marks and lowers the case", function()
  T.eq(vn.fold("Lạng Sơn"), "lang son", "Lạng Sơn")
  T.eq(vn.fold("ĐẮK LẮK"), "dak lak", "Đ -> d")
  T.eq(vn.fold("Bà Rịa - Vũng Tàu"), "ba ria - vung tau", "punctuation kept")
  -- "Hà Nội" written with combining marks: H a U+0300 N o U+0302 U+0323 i
  T.eq(vn.fold("Ha\204\128 No\204\130\204\163i"), "ha noi", "decomposed input")
end)

T.case("normalize composes decomposed text and puts tones where official names have them", function()
  T.eq(vn.normalize("Ha\204\128 No\204\130\204\163i"), "Hà Nội", "NFD to NFC")
  T.eq(vn.normalize("Hoà Bình"), "Hòa Bình", "oa: tone on o")
  T.eq(vn.normalize("Khánh Hoà"), vn.normalize("Khánh Hòa"), "old and new placement agree")
  T.eq(vn.normalize("Thuỷ"), "Thủy", "uy: tone on u")
  T.eq(vn.normalize("khoẻ"), "khỏe", "oe: tone on o")
  T.eq(vn.normalize("quý"), "quý", "qu-: the u is part of the consonant")
  T.eq(vn.normalize("hoàn"), "hoàn", "closed syllable unchanged")
  T.eq(vn.normalize("Lạng Sơn"), "Lạng Sơn", "already normal")
end)

T.case("compare orders as a Vietnamese dictionary", function()
  T.eq(vn.compare("Bạc Liêu", "Bắc Giang"), -1, "a before ă")
  T.eq(vn.compare("Đà Nẵng", "Điện Biên"), -1, "a before i")
  T.eq(vn.compare("Huế", "Huế"), 0, "equal")
end)

T.case("every spelling the issue lists resolves to the canonical province and code", function()
  local cases = {
    {"lang son", "Lạng Sơn", "20"}, {"Lang Son", "Lạng Sơn", "20"},
    {"TP.HCM", "TP. Hồ Chí Minh", "79"}, {"TP Hồ Chí Minh", "TP. Hồ Chí Minh", "79"},
    {"Ho Chi Minh City", "TP. Hồ Chí Minh", "79"}, {"HCMC", "TP. Hồ Chí Minh", "79"},
    {"Hanoi", "Hà Nội", "01"}, {"Ha Noi", "Hà Nội", "01"},
    {"TT-Huế", "Thừa Thiên Huế", "46"}, {"Thua Thien Hue", "Thừa Thiên Huế", "46"},
    {"BR-VT", "Bà Rịa - Vũng Tàu", "77"}, {"Đăk Lăk", "Đắk Lắk", "66"},
    {"Bắc Cạn", "Bắc Kạn", "06"}, {"20", "Lạng Sơn", "20"},
    -- P13 is the PAPI codebook's 13th province: Lang Son
    {"P13", "Lạng Sơn", "20"},
    {"Hoà Bình", "Hòa Bình", "17"}, {"Tỉnh Thanh Hoá", "Thanh Hóa", "38"},
    {"  hà nội  ", "Hà Nội", "01"},
  }
  for _, c in ipairs(cases) do
    local name, code = vn.province(c[1])
    T.eq({name, code}, {c[2], c[3]}, c[1])
  end
  T.eq({vn.province(1)}, {"Hà Nội", "01"}, "an integer code")
end)

T.case("every PAPI codebook name and every official code resolves", function()
  local papi = chiso.data.load("papi_provinces")
  local seen = {}
  for _, row in papi:rows() do
    local name = vn.province(row.Variable_Code)
    T.eq(vn.province(row.Variable_Name), name, row.Variable_Name)
    seen[name] = true
  end
  local n = 0
  for _ in pairs(seen) do n = n + 1 end
  T.eq(n, 63, "63 distinct provinces")
  for _, row in chiso.data.load("provinces"):rows() do
    T.eq(vn.province(row.code), row.province, row.code)
  end
end)

T.case("an unknown name is an error that suggests the closest provinces", function()
  T.raises(function() vn.province("Lang Song", "en") end,
    "unknown province 'Lang Song'; did you mean Lạng Sơn?")
  local name, message = vn.find_province("Atlantis", "en")
  T.eq(name, nil, "find_province gives nil")
  T.truthy(message:find("unknown province 'Atlantis'", 1, true), message)
  T.eq(select(2, vn.find_province({}, "en")), "a province name or code is a string, not table",
    "type")
end)

T.case("a part of a two-part name resolves to the whole", function()
  -- data/provinces.csv: 77 Bà Rịa - Vũng Tàu, the only name with " - ".
  T.eq({vn.find_province("Vũng Tàu")}, {"Bà Rịa - Vũng Tàu", "77"}, "Vũng Tàu")
  T.eq({vn.find_province("Bà Rịa")}, {"Bà Rịa - Vũng Tàu", "77"}, "Bà Rịa")
  T.eq({vn.find_province("Vung Tau")}, {"Bà Rịa - Vũng Tàu", "77"}, "without marks")
  T.eq({vn.find_province("tỉnh vũng tàu")}, {"Bà Rịa - Vũng Tàu", "77"}, "with Tỉnh, lower case")
end)

T.case("common abbreviations resolve", function()
  local cases = {
    {"HN", "Hà Nội", "01"}, {"hn", "Hà Nội", "01"}, {"HP", "Hải Phòng", "31"},
    {"HCM", "TP. Hồ Chí Minh", "79"}, {"TP.HCM", "TP. Hồ Chí Minh", "79"},
    {"TP HCM", "TP. Hồ Chí Minh", "79"}, {"BRVT", "Bà Rịa - Vũng Tàu", "77"},
    {"TT-Huế", "Thừa Thiên Huế", "46"}, {"TT.Huế", "Thừa Thiên Huế", "46"},
  }
  for _, c in ipairs(cases) do
    T.eq({vn.find_province(c[1])}, {c[2], c[3]}, c[1])
  end
end)

T.case("an ambiguous abbreviation is an error listing both provinces", function()
  T.eq({vn.find_province("ĐN", "en")},
    {nil, "ambiguous province 'ĐN': Đà Nẵng or Đồng Nai; give the name"}, "ĐN")
  T.raises(function() vn.province("dn", "en") end, "ambiguous province 'dn': Đà Nẵng or Đồng Nai")
end)

T.case("a former province resolves to the one it joined, with a note", function()
  -- Hà Tây was merged into Hà Nội on 1 August 2008 (Resolution 15/2008/QH12).
  T.eq({vn.find_province("Hà Tây", "en")},
    {"Hà Nội", "01", "Hà Tây was merged into Hà Nội in 2008"}, "find_province")
  T.eq({vn.province("ha tay", "en")}, {"Hà Nội", "01", "Hà Tây was merged into Hà Nội in 2008"},
    "province")
  T.eq({vn.merged("Tỉnh Hà Tây")}, {"Hà Tây", "Hà Nội", 2008}, "merged")
  T.eq({vn.merged("Hà Nội")}, {nil}, "not a former province")
  T.eq({vn.find_province("Hà Nội")}, {"Hà Nội", "01"}, "no note for a province that exists")
end)

T.case("an empty name is an error, not suggestions", function()
  T.eq({vn.find_province("", "en")}, {nil, "a province name is empty"}, "empty")
  T.eq({vn.find_province("   ", "en")}, {nil, "a province name is empty"}, "spaces")
  T.raises(function() vn.province("", "en") end, "a province name is empty")
end)

T.case("suggestions: whole-word matches first, then the closest folded names", function()
  -- "Vung Tao": only Bà Rịa - Vũng Tàu has the word "vung"; the old ranking by
  -- distance alone put Đồng Nai, Đồng Tháp, Hưng Yên (7 letters, like "vungtao") first.
  -- When a name shares a word, only such names are offered.
  T.eq(select(2, vn.find_province("Vung Tao", "en")),
    "unknown province 'Vung Tao'; did you mean Bà Rịa - Vũng Tàu?", "Vung Tao")
  T.eq(select(2, vn.find_province("Thành phố Vũng Tao", "en")),
    "unknown province 'Thành phố Vũng Tao'; did you mean Bà Rịa - Vũng Tàu?", "with Thành phố")
  -- "Quang": the word of Quảng Bình, Quảng Trị, Quảng Nam, Quảng Ngãi, Quảng Ninh and
  -- Tuyên Quang. Distance from "quang": quangnam 3, quangtri 3, quangbinh 4,
  -- quangngai 4, quangninh 4, tuyenquang 5; ties in dictionary order (N < T, B < Ng).
  T.eq(select(2, vn.find_province("Quang", "en")),
    "unknown province 'Quang'; did you mean Quảng Nam, Quảng Trị, Quảng Bình?", "Quang")
end)

T.case("the 2025 units: old provinces map to the new unit", function()
  -- data/provinces.csv: Hà Giang -> Tuyên Quang (08), Bắc Kạn -> Thái Nguyên (19), Hà Nội stays (01)
  T.eq({vn.unit_2025("Hà Giang")}, {"Tuyên Quang", "08"}, "Hà Giang")
  T.eq({vn.unit_2025("bac kan")}, {"Thái Nguyên", "19"}, "Bắc Kạn")
  T.eq({vn.unit_2025("Hanoi")}, {"Hà Nội", "01"}, "Hà Nội")
  local d = chiso.dataset{ {"province", {"Hà Giang", "Tuyên Quang", chiso.null}}, {"score", {1, 2, 3}} }
  local u = vn.add_unit_2025(d)
  T.eq(u:col("unit_2025"):totable(), {"Tuyên Quang", "Tuyên Quang", chiso.null}, "unit column")
  T.eq(u:col("unit_2025_code"):totable(), {"08", "08", chiso.null}, "code column")
end)

T.case("canonical rewrites a column of spellings", function()
  local d = chiso.dataset{tinh = {"Ha Noi", "HCMC", "lang son"}}
  T.eq(vn.canonical(d, "tinh").tinh:totable(), {"Hà Nội", "TP. Hồ Chí Minh", "Lạng Sơn"}, "canonical")
end)

-- The regions are the six of data/provinces.csv's region column (cut -d, -f3 | uniq:
-- Đồng bằng sông Hồng first, Đồng bằng sông Cửu Long last, by the provinces' codes).
T.case("regions resolve from their names, abbreviations, English names and words of one name", function()
  T.eq(vn.regions(), {"Đồng bằng sông Hồng", "Trung du và miền núi phía Bắc",
    "Bắc Trung Bộ và duyên hải miền Trung", "Tây Nguyên", "Đông Nam Bộ",
    "Đồng bằng sông Cửu Long"}, "the six, north to south")
  local cases = {
    ["Tây Nguyên"] = "Tây Nguyên", ["tay nguyen"] = "Tây Nguyên", ["TÂY NGUYÊN"] = "Tây Nguyên",
    ["TN"] = "Tây Nguyên", ["Central Highlands"] = "Tây Nguyên",
    ["ĐBSCL"] = "Đồng bằng sông Cửu Long", ["dbscl"] = "Đồng bằng sông Cửu Long",
    ["Mekong River Delta"] = "Đồng bằng sông Cửu Long", ["cửu long"] = "Đồng bằng sông Cửu Long",
    ["ĐBSH"] = "Đồng bằng sông Hồng", ["sông Hồng"] = "Đồng bằng sông Hồng",
    ["Red River Delta"] = "Đồng bằng sông Hồng",
    ["BTB&DHMT"] = "Bắc Trung Bộ và duyên hải miền Trung",
    ["BTB-DHMT"] = "Bắc Trung Bộ và duyên hải miền Trung",
    ["duyên hải"] = "Bắc Trung Bộ và duyên hải miền Trung",
    ["TD&MNPB"] = "Trung du và miền núi phía Bắc", ["trung du"] = "Trung du và miền núi phía Bắc",
    ["ĐNB"] = "Đông Nam Bộ", ["dong nam bo"] = "Đông Nam Bộ", ["South East"] = "Đông Nam Bộ",
  }
  for spelling, name in pairs(cases) do
    T.eq(vn.find_region(spelling), name, spelling)
  end
end)

T.case("an empty, ambiguous or unknown region is an error in the language asked for", function()
  T.eq({vn.find_region("")}, {nil, "tên vùng để trống"}, "empty, vi")
  T.eq({vn.find_region("  ", "en")}, {nil, "a region name is empty"}, "empty, en")
  -- "đồng bằng" is a word of two regions' names, "Bắc" too.
  T.eq({vn.find_region("đồng bằng", "en")}, {nil, "ambiguous region 'đồng bằng': Đồng bằng "
    .. "sông Hồng; Đồng bằng sông Cửu Long; give the name"}, "đồng bằng")
  T.eq({vn.find_region("Bắc")}, {nil, "'Bắc' có thể là nhiều vùng: Trung du và miền núi phía "
    .. "Bắc; Bắc Trung Bộ và duyên hải miền Trung; hãy ghi rõ tên vùng"}, "Bắc, vi")
  T.eq({vn.find_region("Atlantis", "en")}, {nil, "unknown region 'Atlantis'; the regions are: "
    .. "Đồng bằng sông Hồng; Trung du và miền núi phía Bắc; Bắc Trung Bộ và duyên hải miền "
    .. "Trung; Tây Nguyên; Đông Nam Bộ; Đồng bằng sông Cửu Long"}, "unknown")
  T.eq({vn.find_region(3, "en")}, {nil, "a region name is a string, not number"}, "not text")
end)

T.case("the resolver's messages and note are Vietnamese by default, English on request", function()
  -- Written by hand from chiso.strings' vn_* entries; the names in them are the
  -- canonical ones in both languages.
  T.eq({vn.find_province("Lang Song")},
    {nil, "không có tỉnh, thành phố 'Lang Song'; có phải là Lạng Sơn không?"}, "unknown, vi")
  T.eq({vn.find_province("Lang Song", "vi")},
    {nil, "không có tỉnh, thành phố 'Lang Song'; có phải là Lạng Sơn không?"}, "unknown, vi given")
  T.eq({vn.find_province("Quang", "vi")}, {nil, "không có tỉnh, thành phố 'Quang'; có phải là "
    .. "Quảng Nam, Quảng Trị, Quảng Bình không?"}, "three suggestions, vi")
  T.eq({vn.find_province("ĐN", "vi")},
    {nil, "'ĐN' có thể là Đà Nẵng hoặc Đồng Nai: hãy ghi rõ tên tỉnh"}, "ambiguous, vi")
  T.eq({vn.find_province("", "vi")}, {nil, "tên tỉnh, thành phố để trống"}, "empty, vi")
  T.eq({vn.find_province(" \t", "vi")}, {nil, "tên tỉnh, thành phố để trống"}, "blank, vi")
  T.eq({vn.find_province(true, "vi")},
    {nil, "tên hoặc mã tỉnh phải là chuỗi ký tự, không phải boolean"}, "type, vi")
  T.eq({vn.find_province("Hà Tây", "vi")}, {"Hà Nội", "01", "Hà Tây đã sáp nhập vào Hà Nội năm 2008"},
    "former, vi")
  T.eq({vn.find_province("Ha Tay")}, {"Hà Nội", "01", "Hà Tây đã sáp nhập vào Hà Nội năm 2008"},
    "former, default")
  T.raises(function() vn.province("Atlantis") end, "không có tỉnh, thành phố 'Atlantis'", "raised, vi")
  T.raises(function() vn.province("Atlantis", "en") end, "unknown province 'Atlantis'", "raised, en")
  T.raises(function() vn.unit_2025("Atlantis", "en") end, "unknown province 'Atlantis'", "unit_2025, en")
  T.raises(function() vn.unit_2025("") end, "tên tỉnh, thành phố để trống", "unit_2025, vi")
  -- a name that resolves gives the same in both languages
  T.eq({vn.find_province("Lang Son", "en")}, {"Lạng Sơn", "20"}, "found, en")
  T.eq({vn.find_province("Lang Son", "vi")}, {"Lạng Sơn", "20"}, "found, vi")
end)

T.case("an unknown language for the resolver is an error naming it", function()
  T.raises(function() vn.find_province("Hà Nội", "fr") end, "unknown language 'fr' (expected vi or en)")
  T.raises(function() vn.region("Tây Nguyên", "de") end, "unknown language 'de'")
end)

T.case("region names: the GSO's English names in en, as written in vi", function()
  -- The six regions of data/provinces.csv and the GSO's English names for them
  -- (Statistical Yearbook of Vietnam, English tables by region).
  local cases = {
    {"Đồng bằng sông Hồng", "Red River Delta"},
    {"Trung du và miền núi phía Bắc", "Northern Midlands and Mountain Areas"},
    {"Bắc Trung Bộ và duyên hải miền Trung", "North Central and Central Coastal Areas"},
    {"Tây Nguyên", "Central Highlands"},
    {"Đông Nam Bộ", "South East"},
    {"Đồng bằng sông Cửu Long", "Mekong River Delta"},
  }
  for _, c in ipairs(cases) do
    T.eq(vn.region(c[1], "en"), c[2], c[1])
    T.eq(vn.region(c[1], "vi"), c[1], c[1] .. " in vi")
    T.eq(vn.region(c[1]), c[1], c[1] .. " by default")
  end
  -- decomposed input (NFD "Tây Nguyên": T a y U+0302 ...) is the same region
  T.eq(vn.region("Ta\204\130y Nguye\204\130n", "en"), "Central Highlands", "NFD")
  T.eq(vn.region("Vùng của tôi", "en"), "Vùng của tôi", "another name is given back")
  T.eq(vn.region(nil, "en"), nil, "nil")
  -- every region of data/provinces.csv has an English name
  local seen = {}
  for _, row in chiso.data.load("provinces"):rows() do
    seen[row.region] = true
  end
  local n = 0
  for region in pairs(seen) do
    n = n + 1
    T.truthy(vn.region(region, "en") ~= region, region .. " has an English name")
  end
  T.eq(n, 6, "six regions")
end)

T.finish()
