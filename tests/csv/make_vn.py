#!/usr/bin/env python3
"""Writes tests/csv/vn: files shaped like the exports Vietnamese analysts receive (Excel in a
Vietnamese locale: ';', decimal comma, CRLF, a byte-order mark or Windows-1258; LibreOffice
and Google Sheets exports; annex tables with title lines, two-row headers and footnotes;
UTF-16, TCVN3 and VNI files; text garbled by a wrong conversion), each with the table it
must load as. How the expectations are made, and from what: casegen.py and README.md.

EVERY FIGURE IN THESE FILES IS SYNTHETIC, made up for the tests (the footnotes say "số liệu
giả lập", synthetic data); the province names are real, the scores, ranks and counts are not
any published index.

    python3.13 tests/csv/make_vn.py           # rewrites tests/csv/vn
    python3.13 tests/csv/make_vn.py --check   # says whether the committed files are current
"""
import subprocess
import sys
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ beside the corpus

from casegen import case, finish  # noqa: E402

SYN = "Nguồn: số liệu giả lập để kiểm thử, không phải số liệu chính thức"
TITLE_PAR = "BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 (SỐ LIỆU GIẢ LẬP)"


def v(name, text, **kw):
    case("vn", name, text, **kw)


def sheet(rows, width, sep=";", eol="\r\n", last_eol=True):
    """Rows as a spreadsheet writes them: every row as wide as the used range."""
    lines = [sep.join(list(r) + [""] * (width - len(r))) for r in rows]
    return eol.join(lines) + (eol if last_eol else "")


PROVINCES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Thừa Thiên Huế", "Cần Thơ"]
SCORES = ["91,25", "88,50", "86,75", "84,00", "80,10"]  # synthetic
SCORES_DOT = [s.replace(",", ".") for s in SCORES]

EXCEL_OPTS = {"decimal": ","}

# ---------------------------------------------------------------- Excel, Vietnamese locale

v("excel_annex_titles_footnotes",
  sheet([["PHỤ LỤC 1"], [TITLE_PAR], [],
         ["STT", "Tỉnh, thành phố", "Điểm", "Xếp hạng"]]
        + [[str(i + 1), p, s, str(i + 1)] for i, (p, s) in enumerate(zip(PROVINCES, SCORES))]
        + [[SYN], ["Ghi chú: điểm tối đa là 100"]], 4),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";", titles=3, footnotes=2,
  about="Excel 'CSV UTF-8' of an annex table: byte-order mark, ';', CRLF, decimal comma, two "
        "title lines and an empty row above the header, two footnotes",
  notes=["delimiter ';' (detected)"], types=["int", "string", "float", "int"])

v("excel_trailing_empty_columns",
  sheet([["STT", "Tỉnh", "Điểm"]]
        + [[str(i + 1), p, s] for i, (p, s) in enumerate(zip(PROVINCES, SCORES))], 6),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";", drop=(4, 5, 6),
  about="Excel's used range wider than the table: 'a;b;c;;;' on every line",
  notes=["empty columns dropped: 4, 5, 6"], types=["int", "string", "float"])

v("excel_upper_case_names",
  sheet([["STT", "TỈNH, THÀNH PHỐ", "ĐIỂM"],
         ["1", "HẢI PHÒNG", "88,50"], ["2", "TP. HỒ CHÍ MINH", "87,00"],
         ["3", "THỪA THIÊN HUẾ", "84,00"], ["4", "BÀ RỊA - VŨNG TÀU", "82,25"],
         ["5", "ĐẮK LẮK", "79,50"]], 3),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="upper-case province names as annex tables print them, kept as written",
  types=["int", "string", "float"])

v("excel_percent_decimal_comma",
  sheet([["Tỉnh", "Tỷ lệ hài lòng"], ["Hà Nội", "85,94%"], ["Đà Nẵng", "100%"],
         ["Cần Thơ", "7,5%"]], 2),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="percentages as Excel shows them: 85,94% is 85.94 (the number keeps its scale)",
  notes=["percent signs dropped"], types=["string", "float"])

v("excel_thousands_dot",
  sheet([["Tỉnh", "Dân số (người)", "Thu ngân sách (tỷ đồng)"],
         ["Hà Nội", "1.234.567", "12.345,67"], ["Lào Cai", "98.765", "1.002,50"],
         ["Huế", "543", "87,25"]], 3),
  encoding="utf-8-bom", opts={"decimal": ",", "thousands": "."}, delimiter=";",
  about="thousands = '.' with decimal = ',': 1.234.567 and 12.345,67",
  types=["string", "int", "float"])

v("excel_leading_apostrophe",
  sheet([["Tỉnh", "Điểm"], ["Hà Nội", "'91,25"], ["Huế", "'84,00"], ["Cần Thơ", "80,10"]], 2),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="a leading apostrophe (a number stored as text in Excel) is dropped before a number",
  types=["string", "float"])

v("excel_unicode_minus",
  sheet([["Tỉnh", "Thay đổi so với 2023"], ["Hà Nội", "\u22121,25"], ["Huế", "+0,50"],
         ["Cần Thơ", "2,00"], ["Đà Nẵng", "\u22120,75"]], 2),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="changes written with the Unicode minus U+2212 (a copy from a web page or Word)",
  types=["string", "float"])

v("excel_nbsp_around_numbers",
  sheet([["Tỉnh", "Điểm"], ["Hà Nội", "\u00a091,25"], ["Huế", "84,00\u00a0"],
         ["Cần Thơ", "\u202f80,10\u202f"]], 2),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="no-break spaces (U+00A0, U+202F) around numbers pasted from a web page are ignored",
  types=["string", "float"])

v("excel_decimal_comma_without_option",
  sheet([["Tỉnh", "Điểm"]] + [[p, s] for p, s in zip(PROVINCES, SCORES)], 2),
  encoding="utf-8-bom", delimiter=";",
  about="a decimal-comma file read without decimal = ',': ';' is found, the scores stay text",
  why="spec-csv.md / docs/csv.md: a decimal comma is never guessed. The header has no comma, "
      "so\n',' splits the lines unevenly and ';' is the only candidate.",
  notes=["delimiter ';' (detected)"], types=["string", "string"])

v("excel_ambiguous_delimiter_error",
  sheet([["Tỉnh, thành phố", "Điểm"], ["Hà Nội", "43,15"], ["Huế", "44,87"]], 2),
  encoding="utf-8-bom",
  about="spec-csv.md's example as Excel writes it: ',' and ';' both split every line in two",
  error=["cannot tell the delimiter", "','", "';'", "delimiter ="], line=None)

v("excel_ambiguous_delimiter_decimal_option",
  sheet([["Tỉnh, thành phố", "Điểm"], ["Hà Nội", "43,15"], ["Huế", "44,87"]], 2),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="the same file with decimal = ',': two columns, 43.15 and 44.87",
  types=["string", "float"])

v("excel_two_row_header",
  sheet([["Tỉnh", "Điểm", "", "Xếp hạng", ""], ["", "2023", "2024", "2023", "2024"],
         ["Hà Nội", "90,10", "91,25", "1", "1"], ["Huế", "85,00", "84,00", "3", "4"],
         ["Cần Thơ", "80,50", "80,10", "5", "5"]], 5),
  encoding="utf-8-bom", opts={"decimal": ",", "header_rows": 2}, delimiter=";",
  about="header_rows = 2: merged upper cells carry right (spec-csv.md's example)",
  names=["Tỉnh", "Điểm 2023", "Điểm 2024", "Xếp hạng 2023", "Xếp hạng 2024"],
  types=["string", "float", "float", "int", "int"])

v("excel_two_row_header_same_text",
  sheet([["STT", "Tỉnh", "Chỉ số", ""], ["STT", "Tỉnh", "PAR INDEX", "SIPAS"],
         ["1", "Hà Nội", "91,25", "85,10"], ["2", "Huế", "84,00", "83,30"]], 4),
  encoding="utf-8-bom", opts={"decimal": ",", "header_rows": 2}, delimiter=";",
  about="the same text in both header rows names the column once; 'Chỉ số' carries right",
  names=["STT", "Tỉnh", "Chỉ số PAR INDEX", "Chỉ số SIPAS"],
  types=["int", "string", "float", "float"])

v("excel_two_row_header_with_title",
  sheet([["PHỤ LỤC 2"], ["CHỈ SỐ THÀNH PHẦN (SỐ LIỆU GIẢ LẬP)"],
         ["Tỉnh", "Chỉ số thành phần", "", ""], ["", "Thể chế", "Thủ tục", "Bộ máy"],
         ["Hà Nội", "9,10", "8,75", "7,50"], ["Huế", "8,00", "8,25", "7,75"],
         [SYN]], 4),
  encoding="utf-8-bom", opts={"decimal": ",", "header_rows": 2}, delimiter=";",
  titles=2, footnotes=1,
  about="titles, a two-row header with a merged upper cell over three columns, a footnote",
  names=["Tỉnh", "Chỉ số thành phần Thể chế", "Chỉ số thành phần Thủ tục",
         "Chỉ số thành phần Bộ máy"], types=["string", "float", "float", "float"])

v("excel_multiline_header_cell",
  'STT;Tỉnh;"Điểm\n2024";"Xếp hạng\n2024"\r\n1;Hà Nội;91,25;1\r\n2;Huế;84,00;2\r\n',
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="header cells with a line break (Alt+Enter): Excel writes LF inside quotes in a CRLF "
        "file; the names keep it",
  types=["int", "string", "float", "int"])

v("excel_empty_row_before_footnote",
  sheet([["STT", "Tỉnh", "Điểm"], ["1", "Hà Nội", "91,25"], ["2", "Huế", "84,00"], [],
         [SYN]], 3),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";", footnotes=1, empties=1,
  about="an empty row ';;' between the table and its footnote",
  why="spec-csv.md skips blank lines but ';;' is not blank; docs/csv.md (Annex tables) drops\n"
      "rows of empty cells between a table and its footnotes with them, noted (pandas.read_csv\n"
      "would keep the row as missing values).",
  types=["int", "string", "float"])

v("excel_group_rows",
  sheet([["STT", "Tỉnh", "Điểm"], ["I", "Đồng bằng sông Hồng", ""], ["1", "Hà Nội", "91,25"],
         ["2", "Hải Phòng", "88,50"], ["II", "Duyên hải miền Trung", ""],
         ["3", "Đà Nẵng", "86,75"]], 3),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="region rows (I, II) between province rows have two cells: they are data rows",
  types=["string", "string", "float"])

v("excel_dash_missing",
  sheet([["Tỉnh", "Điểm 2023", "Điểm 2024"], ["Hà Nội", "90,10", "91,25"],
         ["Huế", "-", "84,00"], ["Cần Thơ", "80,50", "-"]], 3),
  encoding="utf-8-bom", opts={"decimal": ",", "na": ["-"]}, delimiter=";",
  about="'-' for a missing figure, with na = {'-'}", types=["string", "float", "float"])

v("excel_province_codes",
  sheet([["Mã tỉnh", "Tỉnh", "Điểm"], ["01", "Hà Nội", "91,25"], ["31", "Hải Phòng", "88,50"],
         ["48", "Đà Nẵng", "86,75"], ["92", "Cần Thơ", "80,10"]], 3),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="province codes with a leading zero stay text, so 01 is not 1",
  types=["string", "string", "float"])

v("excel_skip_footer_options",
  sheet([["PHỤ LỤC 1"], [TITLE_PAR], [],
         ["STT", "Tỉnh", "Điểm"], ["1", "Hà Nội", "91,25"], ["2", "Huế", "84,00"],
         [SYN], ["Ghi chú: điểm tối đa là 100"]], 3),
  encoding="utf-8-bom", opts={"decimal": ",", "skip": 3, "footer": 2}, delimiter=";",
  about="skip = 3 and footer = 2 drop the same lines without detection (and without notes)",
  types=["int", "string", "float"])

v("excel_mac_cr_line_ends",
  sheet([["Tỉnh", "Điểm"], ["Hà Nội", "91,25"], ["Huế", "84,00"]], 2, eol="\r"),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="Excel for Mac's old 'CSV (Macintosh)': lone CR line ends", types=["string", "float"])

# ---------------------------------------------------------------- encodings

CP_TABLE = sheet([["STT", "Tỉnh, thành phố", "Điểm"]]
                 + [[str(i + 1), p, s] for i, (p, s) in enumerate(zip(PROVINCES, SCORES))]
                 + [["6", "Quảng Ngãi", "79,00"], ["7", "Đắk Lắk", "78,25"]], 3)

v("cp1258_excel_csv", CP_TABLE, encoding="cp1258", opts={"decimal": ",", "encoding": "cp1258"},
  delimiter=";",
  about="Excel's 'CSV (Comma delimited)' on Vietnamese Windows: Windows-1258 bytes, tones as "
        "combining marks; read as NFC",
  types=["int", "string", "float"])

v("cp1258_without_option_error",
  "STT;Tinh;Diem\r\n" + CP_TABLE.split("\r\n", 1)[1], encoding="cp1258",
  about="a Windows-1258 file read without encoding: refused, naming the line and the option",
  why="The header is ASCII (names without accents, as in some published files), so the first "
      "line\nthat is not UTF-8 is line 2.",
  error=["Windows-1258", 'encoding = "cp1258"'], line=2, check="utf8")

v("tcvn3_file", CP_TABLE, encoding="tcvn3", opts={"decimal": ",", "encoding": "tcvn3"},
  delimiter=";",
  about="TCVN3 (TCVN 5712:1993) bytes, made by glibc's iconv -t TCVN5712-1; read as NFC",
  types=["int", "string", "float"])

v("tcvn3_without_option_error",
  "STT;Tinh;Diem\r\n" + CP_TABLE.split("\r\n", 1)[1], encoding="tcvn3",
  about="a TCVN3 file read without encoding: refused, naming the line and the option",
  error=['encoding = "tcvn3"'], line=2, check="utf8")

v("vni_file", CP_TABLE, encoding="vni", opts={"decimal": ",", "encoding": "vni"},
  delimiter=";",
  about="VNI Windows bytes (a letter, then a byte for its marks), from the table in casegen.py",
  types=["int", "string", "float"])

v("vni_without_option_error",
  "STT;Tinh;Diem\r\n" + CP_TABLE.split("\r\n", 1)[1], encoding="vni",
  about="a VNI file read without encoding: refused, naming the line and the option",
  error=['encoding = "vni"'], line=2, check="utf8")

UNICODE_TEXT = sheet([["Tỉnh", "Điểm", "Ghi chú"], ["Hà Nội", "91,25", "tăng 2 bậc"],
                      ["Thừa Thiên Huế", "84,00", '"tab\tbên trong"'],
                      ["Cần Thơ", "80,10", ""]], 3, sep="\t")

v("utf16le_excel_unicode_text", UNICODE_TEXT, encoding="utf-16le-bom", opts=EXCEL_OPTS,
  delimiter="\t",
  about="Excel's 'Unicode Text': UTF-16LE with a byte-order mark, tabs, CRLF, decimal comma",
  types=["string", "float", "string"])

v("utf16be_bom",
  sheet([["Tỉnh", "Điểm"], ["Hà Nội", "91.25"], ["Đà Nẵng", "86.75"]], 2, sep=",", eol="\n"),
  encoding="utf-16be-bom",
  about="UTF-16BE with a byte-order mark, comma-separated", types=["string", "float"])

GARBLED = {}
for p in ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thừa Thiên Huế"]:
    raw = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=p.encode(),
                         check=True, capture_output=True).stdout
    GARBLED[p] = raw.decode("cp1252")  # TCVN3 bytes read as Windows-1252, saved as UTF-8

v("garbled_tcvn3_as_utf8",
  sheet([["STT", "Tỉnh", "Điểm"]]
        + [[str(i + 1), GARBLED[p], s] for i, (p, s) in enumerate(zip(GARBLED, SCORES))], 3),
  encoding="utf-8-bom", opts=EXCEL_OPTS, delimiter=";",
  about="TCVN3 text once read as Windows-1252 and saved as UTF-8 ('Hµ Néi' for 'Hà Nội'): "
        "kept as written, with a note naming the column",
  why="The garbled values are iconv -t TCVN5712-1 bytes decoded by Python as cp1252. The "
      "spec says\nthe note names the column and what the text likely is; the exact words are "
      "open, so only\n'Tỉnh' and 'TCVN3' are looked for.",
  notes=["'Tỉnh'", "TCVN3"], types=["int", "string", "float"])

# ---------------------------------------------------------------- LibreOffice, Google Sheets

v("libreoffice_comma_export",
  '"Tỉnh, thành phố",Điểm,Xếp hạng\n' + "".join(
      f"{p},{s},{i + 1}\n" for i, (p, s) in enumerate(zip(PROVINCES, SCORES_DOT))),
  about="LibreOffice Calc's default export: ',', text quoted only when needed, LF, no BOM",
  types=["string", "float", "int"])

v("libreoffice_quote_all_text",
  '"STT","Tỉnh","Điểm","Ghi chú"\n' + "".join(
      f'{i + 1},"{p}",{s},"{"" if i % 2 else "ổn định"}"\n'
      for i, (p, s) in enumerate(zip(PROVINCES, SCORES_DOT))),
  about="LibreOffice's 'quote all text cells': every text quoted, numbers not, \"\" for an "
        "empty text cell",
  types=["int", "string", "float", "string"])

v("libreoffice_nbsp_thousands",
  sheet([["Tỉnh", "Dân số", "Diện tích (km²)"], ["Hà Nội", "8\u00a0435\u00a0700", "3\u00a0359,8"],
         ["Huế", "1\u202f160\u202f200", "4\u00a0947,1"], ["Cần Thơ", "1 250 000", "1\u00a0440,4"]],
        3, eol="\n"),
  opts={"decimal": ",", "thousands": " "}, delimiter=";",
  about="digit groups separated by U+00A0, U+202F and spaces, with thousands = ' '",
  why="The populations and areas are synthetic round figures, not census data.",
  types=["string", "int", "float"])

v("google_sheets_export",
  sheet([["PHỤ LỤC 3"], ["Tỉnh", "Điểm", "Tỷ lệ"],
         ["Hà Nội", '"91,25"', '"85,94%"'], ["Huế", '"84,00"', '"70,5%"'],
         ["Cần Thơ", "80", "100%"]], 4, sep=",", last_eol=False),
  opts={"delimiter": ",", "decimal": ","}, titles=1, drop=(4,),
  about="Google Sheets in a Vietnamese locale: ',', CRLF, no line end after the last row, "
        "decimal-comma numbers quoted, every row as wide as the sheet",
  why="With decimal = ',' the comma is never detected, so the delimiter is given.",
  notes=["delimiter ',' (given)", "percent signs dropped", "empty columns dropped: 4"],
  types=["string", "float", "float"])

v("nfd_text_kept",
  unicodedata.normalize("NFD", "Tỉnh;Điểm\r\nHà Nội;91,25\r\nĐắk Lắk;78,25\r\n"),
  opts=EXCEL_OPTS, delimiter=";",
  about="decomposed Unicode (NFD, as in the PCI 2013 workbooks) is kept as written in UTF-8",
  types=["string", "float"])

ok = finish("vn")
sys.exit(0 if ok else 1)
