#!/usr/bin/env python3
"""Writes tests/csv/cases: CSV files written by hand from RFC 4180, the documented behaviour
of Python's csv module and DuckDB's read_csv, and /work/spec-csv.md (issue 14), each with
the table it must load as (NAME.expect) and its options (NAME.opts). How the expectations
are made, and from what: casegen.py.

    python3.13 tests/csv/make_cases.py           # rewrites tests/csv/cases
    python3.13 tests/csv/make_cases.py --check   # says whether the committed files are current

(python3.13: Python 3.13 or later, e.g. pyenv's ~/.pyenv/versions/3.13.0/bin/python3.)
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the corpus

from casegen import case, finish  # noqa: E402


def c(name, text, **kw):
    case("cases", name, text, **kw)


PANDAS = "Judgement call: spec-csv.md is silent; pandas.read_csv does this."

# ---------------------------------------------------------------- quotes (RFC 4180 2.5-2.7)

c("quoted_delimiter", 'name,score\n"Hà Nội, thủ đô",85\n"a,b,c",90\n',
  about="a quoted field holds the delimiter", types=["string", "int"])
c("quoted_lf_inside", 'id,note\n1,"first line\nsecond line"\n2,plain\n',
  about="a quoted field holds a line feed", types=["int", "string"])
c("quoted_crlf_inside", 'id,note\r\n1,"first\r\nsecond"\r\n2,"x"\r\n',
  about="a quoted field in a CRLF file holds CRLF, kept as written (RFC 4180 2.6, Python)",
  types=["int", "string"])
c("quoted_cr_inside", 'id,note\n1,"a\rb"\n2,c\n',
  about="a lone CR inside quotes is data", types=["int", "string"])
c("quoted_blank_line_inside", 'id,note\n1,"x\n\ny"\n2,z\n',
  about="an empty line inside quotes is part of the field, not a blank line",
  types=["int", "string"])
c("doubled_quotes", 'id,quote\n1,"say ""xin chào"""\n2,""""\n3,"a""b"\n',
  about="a doubled quote inside quotes is one quote (RFC 4180 2.7)", types=["int", "string"])
c("quoted_empty_is_empty_string", 'id,text,other\n1,"",x\n2,,y\n3,"z",\n',
  about='"" is the empty string in a text column; an unquoted empty field is null',
  types=["int", "string", "string"])
c("quoted_empty_in_number_column", 'id,score\n1,""\n2,5\n3,\n',
  about='"" is null in an int column, like an unquoted empty field', types=["int", "int"])
c("quoted_empty_only", 'id,c\n1,""\n2,""\n',
  about='a column of "" only is text holding empty strings', types=["int", "string"])
c("quoted_numbers_are_numbers", 'a,b,c\n"1","2.5","true"\n"3","4","false"\n',
  about="quoted numbers and booleans are still numbers and booleans",
  why="Judgement call: spec-csv.md is silent; pandas.read_csv and DuckDB's read_csv type "
      "quoted\nnumbers as numbers (quoting is not a type in CSV).",
  types=["int", "float", "bool"])
c("quoted_header_names", '"tỉnh, thành","điểm ""gốc"""\nHà Nội,1\nHuế,2\n',
  about="header names may be quoted, with the delimiter and doubled quotes inside",
  types=["string", "int"])
c("quote_inside_unquoted_field", 'id,text\n1,ab"c\n2,5"\n3,x""y\n',
  about="a quote inside an unquoted field is data, kept as written (spec; Python's csv)",
  types=["int", "string"])
c("quote_after_space_is_data", 'id,text\n1, "x"\n2,y\n',
  about="a quote after a space does not open a quoted field: the field is ' \"x\"'",
  why="Python's csv (skipinitialspace=False) reads ' \"x\"'; spec-csv.md: a quote inside an "
      "unquoted\nfield is data, and spaces around an unquoted field are data.",
  types=["int", "string"])
c("text_after_closing_quote_error", 'a,b,c\n1,"x" y,2\n3,4,5\n6,"z",7\n8,9,10\n',
  about="text after a closing quote is an error naming line and column (issue 14's example)",
  error=["text after the closing quote", "column 2", "lenient = true"], line=2, check="strict")
c("text_after_closing_quote_lenient", 'a,b,c\n1,"x" y,2\n3,4,5\n6,"z",7\n8,9,10\n',
  about="lenient = true keeps the text as Python's csv does ('\"x\" y' -> 'x y'); no row is lost",
  opts={"lenient": True}, types=["int", "string", "int"])
c("unterminated_quote_error", 'a,b\n1,"open\n2,x\n',
  about="a quote never closed is an error naming the line where its row begins",
  why="docs/csv.md: 'unterminated quoted field', on the line the row begins. Python's strict\n"
      "reader says 'unexpected end of data' at the end of the file.",
  error=["unterminated quoted field"], line=2)

# ---------------------------------------------------------------- line ends

c("crlf_line_ends", "a,b\r\n1,x\r\n2,y\r\n",
  about="CRLF line ends leave no CR in the values", types=["int", "string"])
c("cr_line_ends", "a,b\r1,x\r2,y\r",
  about="lone CR line ends (old Mac exports)", types=["int", "string"])
c("mixed_line_ends", "a,b\r\n1,x\n2,y\r3,z\r\n",
  about="CRLF, LF and CR mixed in one file", types=["int", "string"])
c("no_trailing_newline", "a,b\n1,x\n2,y",
  about="the last line has no line end", types=["int", "string"])
c("no_trailing_newline_quoted", 'a,b\n1,"x\ny"',
  about="the file ends right after a closing quote", types=["int", "string"])
c("crlf_no_trailing_newline", "a,b\r\n1,x\r\n2,y",
  about="CRLF file whose last line has no line end", types=["int", "string"])
c("blank_lines_between_rows", "a,b\n\n1,x\n\n\n2,y\n\n",
  about="blank lines between and after rows are skipped", types=["int", "string"])
c("blank_lines_before_header", "\n\r\n\na,b\n1,x\n",
  about="blank lines before the header are skipped", types=["int", "string"])
c("crlf_blank_lines", "a,b\r\n\r\n1,x\r\n\r\n2,y\r\n\r\n",
  about="blank CRLF lines are skipped", types=["int", "string"])

# ---------------------------------------------------------------- byte-order mark

c("bom_utf8", "tỉnh,điểm\nHà Nội,85.94\nHuế,84.5\n", encoding="utf-8-bom",
  about="a UTF-8 byte-order mark is dropped: the first name is 'tỉnh'", types=["string", "float"])
c("bom_quoted_first_name", '"tỉnh",điểm\nHà Nội,85.94\n', encoding="utf-8-bom",
  about="after the byte-order mark the first field may be quoted", types=["string", "float"])

# ---------------------------------------------------------------- spaces

c("spaces_around_text_kept", "name,n\n lead,1\ntrail ,2\n both ,3\n",
  about="spaces around an unquoted text field are data (RFC 4180, Python, pandas, DuckDB)",
  types=["string", "int"])
c("spaces_around_numbers", "i,f,b\n 12 , 1.5 , true \n-3 ,2.5, false\n",
  about="ints, floats and booleans still read with spaces around them",
  types=["int", "float", "bool"])
c("spaces_around_na", "i,s\n NA ,x\n1,y\n",
  about="a null token with spaces around it is null", types=["int", "string"])
c("spaces_in_header_kept", " a ,b \n1,2\n",
  about="header names are kept as written (spaces too) unless trim = true",
  types=["int", "int"])
c("trim_option", " a ,b\n lead ,1\n\ttab\t,2\n",
  about="trim = true trims spaces and tabs around text values and names",
  opts={"trim": True}, types=["string", "int"])
c("tabs_around_text_kept", "name,n\n\tx\t,1\ny,2\n",
  about="tabs around a text field in a comma file are data", types=["string", "int"])
c("quoted_spaces_kept", 'a,b\n1," x "\n2,"  "\n',
  about="spaces inside quotes are kept, a field of spaces too", types=["int", "string"])
c("nbsp_around_number", "a,b,c\nx,\u00a012\u00a0,y\u00a0\nz,\u202f7,w\n",
  about="U+00A0 and U+202F around a number are ignored; in text they are kept",
  types=["string", "int", "string"])

# ---------------------------------------------------------------- delimiters

c("semicolon_detected", "tỉnh;điểm;hạng\nHà Nội;85.94;1\nHuế;84.5;2\n", delimiter=";",
  about="a semicolon file is detected and the note says so",
  notes=["delimiter ';' (detected)"], types=["string", "float", "int"])
c("tab_detected", "tỉnh\tđiểm\nHà Nội\t85.94\nHuế\t84.5\n", delimiter="\t",
  about="a tab-separated file is detected", types=["string", "float"])
c("pipe_detected", "a|b|c\n1|x|2.5\n3|y|4.5\n", delimiter="|",
  about="a pipe-separated file is detected", notes=["delimiter '|' (detected)"],
  types=["int", "string", "float"])
c("comma_detected_note", "a,b\n1,2\n3,4\n",
  about="the comma is noted in report.notes too (only its printing is left out)",
  why="spec-csv.md: report.notes holds every note; the delimiter note is not printed when "
      "the\ndelimiter is ',', which leaves it in the list.",
  notes=["delimiter ',' (detected)"], types=["int", "int"])
c("delimiter_given", "a;b\n1;2\n", opts={"delimiter": ";"},
  about="a given delimiter is noted as given", notes=["delimiter ';' (given)"],
  types=["int", "int"])
c("delimiter_given_tab", "a\tb\n1\t2\n", opts={"delimiter": "tab"},
  about='delimiter = "tab" gives the tab', types=["int", "int"])
c("semicolons_only_in_quotes", '"a;b",c\n"1;2",3\n"4;5",6\n',
  about="semicolons inside quotes do not count: the delimiter is the comma",
  types=["string", "int"])
c("commas_only_in_quotes", 'tên;ghi chú\nHuế;"a, b"\n"Hà Nội";"c, d, e"\n', delimiter=";",
  about="commas inside quotes do not count: the delimiter is the semicolon",
  notes=["delimiter ';' (detected)"], types=["string", "string"])
c("commas_in_multiline_quotes", 'a;b\n1;"x,\ny,z"\n2;"w"\n', delimiter=";",
  about="a quoted field spanning lines, holding commas, in a semicolon file",
  types=["int", "string"])
c("ambiguous_delimiter_error", "Tỉnh, thành phố;Điểm\nHà Nội;43,15\nHuế;44,87\n",
  about="',' and ';' split every line alike: an error naming both and the option",
  error=["cannot tell the delimiter", "','", "';'", "delimiter ="], line=None)
c("ambiguous_delimiter_decimal_comma", "Tỉnh, thành phố;Điểm\nHà Nội;43,15\nHuế;44,87\n",
  delimiter=";", opts={"decimal": ","},
  about="with decimal = ',' the comma is never the delimiter (spec's example)",
  notes=["delimiter ';' (detected)"], types=["string", "float"])

# ---------------------------------------------------------------- numbers

c("decimal_comma", "tỉnh;điểm\nHà Nội;85,94\nHuế;84,5\n", delimiter=";",
  opts={"decimal": ","}, about="decimal = ',' reads 85,94 as 85.94", types=["string", "float"])
c("decimal_comma_not_guessed", "tỉnh;điểm\nHà Nội;85,94\nHuế;84,5\n", delimiter=";",
  about="without decimal = ',' a decimal comma is never guessed: the values stay text",
  types=["string", "string"])
c("decimal_comma_ints_stay_int", "a;b\n1;2,5\n3;4\n", delimiter=";", opts={"decimal": ","},
  about="with decimal = ',' a column of integers is still int", types=["int", "float"])
c("thousands_dot_decimal_comma", "a;b\nx;1.234,56\ny;12.345.678,9\nz;7\n", delimiter=";",
  opts={"decimal": ",", "thousands": "."}, about="1.234,56 with thousands = '.' is 1234.56",
  types=["string", "float"])
c("thousands_comma", 'a,b\nx,"1,234"\ny,"12,345,678"\nz,5\n', opts={"thousands": ","},
  about="thousands = ',' in a comma file, the grouped numbers quoted", types=["string", "int"])
c("thousands_space", "a;b\nx;1 234 567\ny;1\u00a0234\nz;2\u202f345\n", delimiter=";",
  opts={"thousands": " "}, about="thousands = ' ' accepts space, U+00A0 and U+202F",
  types=["string", "int"])
c("thousands_apostrophe", "a,b\nx,1'234'567\ny,12\n", opts={"thousands": "'"},
  about="thousands = \"'\" (Swiss style)", types=["string", "int"])
c("percent_dot", "a,b\nx,85.94%\ny,100%\n",
  about="a percent sign after a number is dropped and the number keeps its scale",
  notes=["percent signs dropped"], types=["string", "float"])
c("percent_decimal_comma", "a;b\nx;85,94%\ny;7,5%\n", delimiter=";", opts={"decimal": ","},
  about="85,94% with decimal = ',' is 85.94", notes=["percent signs dropped"],
  types=["string", "float"])
c("leading_apostrophe_number", "a,b\nx,'85.94\ny,'12\n",
  about="a leading apostrophe before a number is dropped (Excel's text mark)",
  types=["string", "float"])
c("apostrophe_in_text_kept", "a,b\nx,O'Brien\ny,'abc\n",
  about="an apostrophe that is not before a number is text", types=["string", "string"])
c("unicode_minus", "a,b\nx,\u22125\ny,3\n",
  about="U+2212 before a number is a minus sign", types=["string", "int"])
c("unicode_minus_decimal_comma", "a;b\nx;\u22121,25\ny;0,5\n", delimiter=";",
  opts={"decimal": ","}, about="U+2212 with a decimal comma", types=["string", "float"])

# ---------------------------------------------------------------- types

c("leading_zeros_stay_text", "code,n\n01,1\n007,2\n10,3\n",
  about="a number with a leading zero is not an integer: codes like 01 stay text",
  why="docs/csv.md; pandas would read 1, 7, 10 (it drops the zeros).",
  types=["string", "int"])
c("zero_forms", "a,b\n0,-0\n+5,0\n",
  about="0, -0 and +5 are integers", types=["int", "int"])
c("int64_bounds", "max,min\n9223372036854775807,-9223372036854775808\n1,2\n",
  about="the int64 bounds are ints", types=["int", "int"])
c("int64_overflow_is_text", "big,n\n9223372036854775808,1\n1,2\n",
  about="an integer past 64 bits stays text (docs/csv.md: it would lose digits as a float)",
  types=["string", "int"])
c("int_and_float_is_float", "a,b\n1,x\n2.5,y\n",
  about="ints and decimals in one column make a float column", types=["float", "string"])
c("float_forms", "f,g\n.5,x\n1e-3,y\n-2.5E+3,z\n+1.25,w\n",
  about="decimal forms: .5, 1e-3, -2.5E+3, +1.25", types=["float", "string"])
c("inf_nan", "f,g\ninf,x\n-inf,y\nnan,z\n1,w\n",
  about="inf, -inf and nan are floats (docs/csv.md)",
  why="pandas would read nan as a missing value; docs/csv.md makes it a float.",
  types=["float", "string"])
c("bools_any_case", "b,s\ntrue,x\nFALSE,y\nTrue,z\n",
  about="true and false in any letter case are booleans", types=["bool", "string"])
c("bool_and_number_is_text", "b,s\ntrue,x\n1,y\n",
  about="a column of true and 1 is text (1 is not a boolean)", types=["string", "string"])
c("na_default_tokens", "i,s\nNA,x\nN/A,y\nnull,z\n4,w\n",
  about="NA, N/A and null are null by default", types=["int", "string"])
c("na_in_text_column", "s,t\nNA,x\nabc,y\n",
  about="a null token is null in a text column too", types=["string", "string"])
c("na_custom", "a;b\nx;-\ny;...\nz;3\n", delimiter=";", opts={"na": ["-", "..."]},
  about="na = {'-', '...'}: the dashes of printed tables are null", types=["string", "int"])
c("na_empty_list", "s,n\nNA,1\nx,2\n", opts={"na": []},
  about="na = {} makes NA ordinary text", types=["string", "int"])
c("quoted_na_is_null", 's,n\n"NA",1\nx,2\n',
  about="a quoted null token is null",
  why="Judgement call: spec-csv.md is silent; pandas.read_csv reads a quoted NA as missing,\n"
      "and DuckDB's read_csv does too (allow_quoted_nulls defaults to true).",
  types=["string", "int"])
c("all_null_column_is_string", "a,b\n1,\n2,\n",
  about="a column with no values at all is string", types=["int", "string"])
c("types_option_by_name", "code,n\n10,1\n20,2\n", opts={"types": {"code": "string", "n": "float"}},
  about="types = {code = 'string', n = 'float'} fixes the types", types=["string", "float"])
c("types_option_by_position", "a,b\n1,2\n3,4\n", opts={"types": ["string", "int"]},
  about="types = {'string', 'int'} by position", types=["string", "int"])
c("late_float", "n,s\n" + "".join(f"{i},r{i}\n" for i in range(1, 2001)) + "2.5,last\n",
  about="a float after 2000 ints makes the column float: types come from every value",
  types=["float", "string"])
c("late_text_after_floats",
  "x,s\n" + "".join(f"{i}.50,r{i}\n" for i in range(1, 1501)) + "word,end\n",
  about="a word after 1500 floats makes the column text, each value as written ('1.50')",
  types=["string", "string"])

# ---------------------------------------------------------------- rows of the wrong length

c("ragged_short_error", "a,b,c\n1,2,3\n4,5\n6,7,8\n",
  about="a short row is an error naming its line",
  error=["row has 2 fields but the header has 3"], line=3, check="ragged")
c("ragged_long_error", "a,b\n1,2\n3,4,5\n",
  about="a long row is an error naming its line",
  error=["row has 3 fields but the header has 2"], line=3, check="ragged")
c("ragged_pad", "a,b,c\n1,2,3\n4,5\n6\n7,8,9\n", opts={"ragged": "pad"},
  about='ragged = "pad" fills short rows with nulls', notes=["2 short rows padded"],
  types=["int", "int", "int"])
c("ragged_pad_trailing_delimiter", "a,b\n1,2,\n3,4\n", opts={"ragged": "pad"},
  about='ragged = "pad" cuts a long row whose extra field is empty', types=["int", "int"])
c("ragged_skip", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n", opts={"ragged": "skip"},
  about='ragged = "skip" leaves short and long rows out', types=["int", "int", "int"])

# ---------------------------------------------------------------- header and names

c("header_false", "Hà Nội,85.94\nHuế,84.5\n", opts={"header": False},
  about="header = false: columns V1, V2 and the first line is data",
  names=["V1", "V2"], types=["string", "float"])
c("header_false_names", "Hà Nội,85.94\nHuế,84.5\n",
  opts={"header": False, "names": ["tỉnh", "điểm"]},
  about="header = false with names", names=["tỉnh", "điểm"], types=["string", "float"])
c("names_replace_header", "tỉnh,điểm\nHà Nội,85.94\n", opts={"names": ["province", "score"]},
  about="names replaces the header's names; the header line is not data",
  names=["province", "score"], types=["string", "float"])
c("names_wrong_count_error", "a,b\n1,2\n", opts={"names": ["x"]},
  about="names must name every column", error=["names"], line=None)
c("duplicate_names_renamed", "score,x,score\n1,2,3\n",
  about="a repeated name becomes score_2, with a note",
  names=["score", "x", "score_2"], notes=["column 3 repeats the name 'score'; named 'score_2'"],
  types=["int", "int", "int"])
c("duplicate_names_three", "a,a,a\n1,2,3\n",
  about="a name three times: a, a_2, a_3", names=["a", "a_2", "a_3"],
  notes=["column 2 repeats the name 'a'; named 'a_2'",
         "column 3 repeats the name 'a'; named 'a_3'"], types=["int", "int", "int"])
c("duplicate_names_error", "score,x,score\n1,2,3\n", opts={"duplicate_names": "error"},
  about='duplicate_names = "error" refuses a repeated name',
  error=["duplicate column name 'score'"], line=1)
c("empty_trailing_columns_dropped", "a,b,,,\n1,2,,,\n3,4,,,\n",
  about="columns with no name and no value (Excel's a,b,,,) are dropped with a note",
  drop=(3, 4, 5), notes=["empty columns dropped: 3, 4, 5"], types=["int", "int"])
c("empty_middle_column_dropped", "a,,c\n1,,3\n4,,6\n",
  about="an empty column without a name in the middle is dropped too",
  drop=(2,), notes=["empty columns dropped: 2"], types=["int", "int"])
c("empty_name_with_values_error", "a,,c\n1,2,3\n",
  about="an empty name over values is an error naming the column and the option names",
  error=["column 2", "names"], line=1)

# ---------------------------------------------------------------- titles, footnotes, comments

c("title_line_skipped", "Bảng 1,,\na,b,c\n1,2,3\n", titles=1,
  about="a line with one non-empty cell above the header is a title, skipped with a note",
  types=["int", "int", "int"])
c("title_line_without_delimiters", "Table 1\na,b\n1,2\n", titles=1,
  about="a title line with no delimiter at all", types=["int", "int"])
c("skip_option", "junk line, with a comma\nmore,junk,here\na,b\n1,2\n", opts={"skip": 2},
  about="skip = 2 skips two lines, whatever they hold", types=["int", "int"])
c("footnote_dropped", "a,b\n1,2\n3,4\nSource: test data,\n", footnotes=1,
  about="a last line with only its first cell, text, is a footnote, dropped with a note",
  types=["int", "int"])
c("footnote_without_delimiters", "a,b\n1,2\nNote: synthetic\n", footnotes=1,
  about="a footnote line with no delimiter at all", types=["int", "int"])
c("footnote_number_kept", "a,b\nx,1\n5,\n",
  about="a last row whose only cell is a number is data, not a footnote",
  types=["string", "int"])
c("footnote_keeps_one_row", "a,b\nNote: x,\nSource: y,\n", footnotes=1,
  about="at least one data row is kept: of two footnote-like rows the first stays",
  types=["string", "string"])
c("footnote_like_rows_are_data", "a,b\nx,\ny,\n",
  about="rows with only a first cell and no footnote word, blank line or missing field are data "
        "(what ds:to_csv writes for rows of nulls)", types=["string", "string"])
c("footer_option", "a,b\n1,2\n3,4\n", opts={"footer": 1},
  about="footer = 1 drops the last record", types=["int", "int"])
c("footer_zero_disables", "name,n\nHà Nội,1\nGhi chú,\n", opts={"footer": 0},
  about="footer = 0: no footnote detection, the last row is data", types=["string", "int"])
c("comment_option", "# made by hand\na,b\n1,2\n# a comment between rows\n3,4\n",
  opts={"comment": "#"}, about='comment = "#" skips lines that begin with #',
  types=["int", "int"])
c("hash_is_data_without_comment", "#a,b\n1,2\n",
  about="without the comment option # is data", types=["int", "int"])

# ---------------------------------------------------------------- Unicode

c("unicode_vietnamese", "tỉnh,ghi chú\nThừa Thiên Huế,Đà Nẵng ở miền Trung\nĐắk Lắk,Tây Nguyên\n",
  about="Vietnamese text in names and values", types=["string", "string"])
c("unicode_nfd_kept", "tỉnh,n\nHa\u0300 No\u0302\u0323i,1\nHà Nội,2\n",
  about="decomposed (NFD) and precomposed (NFC) text are kept as written, not normalised",
  why="spec-csv.md normalises only text decoded from legacy encodings; UTF-8 is kept as "
      "written\n(the PCI 2013 workbooks hold NFD text that must be seen to be fixed).",
  types=["string", "int"])
c("unicode_nfd_header_kept", "ti\u0309nh,\u0111ie\u0302\u0309m\nHuế,1\n",
  about="a decomposed header name is kept as written", types=["string", "int"])
c("unicode_four_byte", "a,b\n\U0001F600,1\n\U00020000,2\n",
  about="characters outside the BMP (4-byte UTF-8)", types=["string", "int"])

# ---------------------------------------------------------------- size

LONG = ("Đoạn văn dài, có dấu phẩy, \"ngoặc kép\" và\nxuống dòng. " * 2000)
c("long_field", 'id,text\n1,"' + LONG.replace('"', '""') + '"\n2,short\n',
  about="a quoted field of about 100 KB with commas, quotes and line feeds",
  types=["int", "string"])
c("many_columns",
  ",".join(f"c{i}" for i in range(1, 501)) + "\n"
  + "\n".join(",".join(str(r * 1000 + i) for i in range(1, 501)) for r in range(1, 4)) + "\n",
  about="500 columns", types=["int"] * 500)

ok = finish("cases")
sys.exit(0 if ok else 1)
