#!/usr/bin/python3
"""Writes tests/sheet/pandas: workbooks made by a second writer (Debian's python3-openpyxl),
each with the table pandas reads from it (NAME.expect, in the format of tests/csv/README.md)
and chiso.read_xlsx's options (NAME.opts), for tests/lua/test_sheet_pandas.lua.

    /usr/bin/python3 tests/sheet/make_pandas_books.py           # rewrites tests/sheet/pandas
    /usr/bin/python3 tests/sheet/make_pandas_books.py --check   # says whether they are current

Where the expectations come from: every value is what
    pandas.read_excel(path, sheet_name=S, engine="openpyxl", skiprows=K, skipfooter=F)
returns (Debian's python3-pandas 1.5.3), cell by cell: NaN is null, numpy integers are ints,
floats are floats, booleans are booleans, text is text, a timestamp is ISO text (its date
alone when its time is midnight, as chiso writes a date cell). By hand, from spec-csv.md and
docs/workbooks.md: each column's type (pandas makes an int column with a missing value
float64; chiso keeps it int, so the generator checks that such a column holds whole numbers
and writes them as ints), and the notes of a title or a footnote (pandas does not find them:
skiprows and skipfooter are given to it instead). The workbooks are committed, so the test
needs neither Python nor openpyxl; the figures in them are synthetic.
"""
import datetime
import io
import math
import os
import re
import sys
import zipfile

import openpyxl
import pandas


HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pandas")
CHECK = "--check" in sys.argv
os.makedirs(HERE, exist_ok=True)
differs = []
written = []


def lua_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or 0x7F <= o < 0xA0:
            out.append("\\%03d" % o if o < 0x80 else "\\u{%X}" % o)
        elif 0x300 <= o < 0x370 or o in (0xA0, 0x202F, 0xFEFF):
            out.append("\\u{%X}" % o)
        else:
            out.append(ch)
    return "".join(out) + '"'


def lua_value(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        r = repr(v)
        return r
    if isinstance(v, str):
        return lua_string(v)
    return "{" + ", ".join(lua_value(x) for x in v) + "}"


def plain(v, typ, where):
    """A pandas cell as the Lua value the expectation holds, for a column of type typ."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pandas.NaT:
        return None
    if hasattr(v, "item") and not isinstance(v, pandas.Timestamp):
        v = v.item()  # numpy scalar -> Python
    if isinstance(v, (pandas.Timestamp, datetime.datetime)):
        assert typ == "string", where
        if (v.hour, v.minute, v.second) == (0, 0, 0):
            return v.strftime("%Y-%m-%d")
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if typ == "int":
        assert isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer(), where
        return int(v)
    if typ == "float":
        assert isinstance(v, (int, float)) and not isinstance(v, bool), where
        return float(v)
    if typ == "bool":
        if isinstance(v, float):
            assert v in (0.0, 1.0), where  # pandas 1.5 makes booleans with a gap 1.0 and 0.0
            return v == 1.0
        assert isinstance(v, bool), where
        return v
    assert isinstance(v, str), f"{where}: {v!r} is not text"
    return v


def emit(name, data):
    path = os.path.join(HERE, name)
    written.append(name)
    if CHECK:
        try:
            with open(path, "rb") as f:
                if f.read() != data:
                    differs.append(name)
        except FileNotFoundError:
            differs.append(name)
        return
    with open(path, "wb") as f:
        f.write(data)


def stable(data, patch=None):
    """The workbook with every zip entry dated 1980-01-01, so a rewrite is byte-identical;
    patch (part, old, new) replaces bytes of one part."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                              rb"<dcterms:\1\2>2024-01-01T00:00:00Z<", body)
            if patch and info.filename == patch[0]:
                assert patch[1] in body, patch
                body = body.replace(patch[1], patch[2])
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, body)
    return out.getvalue()


def book(name, about, build, types, sheet=None, skiprows=0, skipfooter=0, opts=None,
         notes=(), why="", dtype=None, patch=None, names=None):
    wb = openpyxl.Workbook()
    build(wb)
    raw = io.BytesIO()
    wb.save(raw)
    data = stable(raw.getvalue(), patch)
    frame = pandas.read_excel(io.BytesIO(data), sheet_name=sheet if sheet is not None else 0,
                              engine="openpyxl", skiprows=skiprows, skipfooter=skipfooter,
                              dtype=dtype, header=None if names else 0)
    given = names
    names = given or [str(c) for c in frame.columns]
    assert len(types) == len(names), f"{name}: {len(types)} types for {names}"
    rows = []
    for i in range(len(frame)):
        rows.append([plain(frame.iat[i, j], types[j], f"{name} row {i + 1} column {names[j]}")
                     for j in range(len(names))])
    call = (f"pandas.read_excel(path, sheet_name={sheet if sheet is not None else 0!r}, "
            f"engine='openpyxl', skiprows={skiprows}, skipfooter={skipfooter}"
            + (f", dtype={dtype!r}" if dtype else "") + (", header=None)" if given else ")"))
    lines = [f"-- {name}: {about}"]
    lines += [f"-- {w.strip()}" for w in why.strip().splitlines()]
    lines += [f"-- Values: {call}, pandas {pandas.__version__}, openpyxl {openpyxl.__version__}",
              "-- (tests/sheet/make_pandas_books.py); types and notes by hand."]
    body = ["return {", "  names = " + lua_value(names) + ",", "  types = " + lua_value(types) + ",",
            "  rows = {"]
    body += ["    " + lua_value(r) + "," for r in rows]
    body.append("  },")
    if notes:
        body.append("  notes = " + lua_value(list(notes)) + ",")
    body.append("}")
    emit(name + ".xlsx", data)
    emit(name + ".expect", ("\n".join(lines + body) + "\n").encode())
    if opts:
        parts = ", ".join(f"{k} = {lua_value(v)}" for k, v in opts.items())
        emit(name + ".opts", ("{" + parts + "}\n").encode())


# ---------------------------------------------------------------- the workbooks

def numbers(wb):
    s = wb.active
    s.title = "Điểm"
    s.append(["Tỉnh", "Năm", "Điểm", "Hạng", "Đạt", "Ghi chú"])
    s.append(["Hà Nội", 2024, 91.25, 1, True, "tăng"])
    s.append(["Hải Phòng", 2024, 88.5, 2, False, None])
    s.append(["Đà Nẵng", 2024, 86.75, None, True, "giữ nguyên"])
    s.append(["Cần Thơ", 2024, 80.1, 4, False, None])


book("numbers", "ints, floats, booleans, an empty int cell and empty text cells",
     numbers, ["string", "int", "float", "int", "bool", "string"],
     why="pandas reads 'Hạng' as float64 (1.0, 2.0, NaN, 4.0) for its empty cell; the "
         "column holds whole\nnumbers only, so chiso keeps it int (by hand).")


def text(wb):
    s = wb.active
    s.title = "Chữ"
    s.append(["Mã tỉnh", "Tên", "Ghi chú"])
    s.append(["01", "  Hà Nội ", "dòng 1\ndòng 2"])
    s.append(["31", "Ha\u0309i Pho\u0300ng", "\"trích\""])
    s.append(["79", "TP. HỒ CHÍ MINH", "a;b,c"])


book("text", "text cells: codes with a leading zero, spaces, line breaks, NFD, quotes",
     text, ["string", "string", "string"], dtype={"Mã tỉnh": str},
     why="pandas turns the text cells '01', '31', '79' into numbers unless told the column is "
         "text\n(dtype); chiso keeps a text cell as text (docs/workbooks.md), so pandas is told.")


def large(wb):
    s = wb.active
    s.title = "Số lớn"
    s.append(["n", "x", "y"])
    s.append([123456789012, 0.1 + 0.2, -1.5e-7])
    s.append([-9007199254740991, 1e20, 0.0])
    s.append([0, -2.5, 12345.678])


book("large_numbers", "large integers exact in a double, and floats that need 17 digits",
     large, ["int", "float", "float"],
     patch=("xl/worksheets/sheet1.xml", b'<c r="B2" t="n"><v>0.3</v>',
            b'<c r="B2" t="n"><v>0.30000000000000004</v>'),
     why="openpyxl writes 0.1 + 0.2 as 0.3, so B2 is set to 0.30000000000000004 in the XML "
         "after\nsaving (what Excel stores for =0.1+0.2).")


def percent(wb):
    s = wb.active
    s.title = "Tỷ lệ"
    s.append(["Tỉnh", "Tỷ lệ hài lòng"])
    for p, v in [("Hà Nội", 0.8594), ("Huế", 0.705), ("Cần Thơ", 1)]:
        s.append([p, v])
    for row in s.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].number_format = "0.00%"


book("percent_format", "numbers shown as percentages keep their stored value (0.8594)",
     percent, ["string", "float"],
     why="A workbook stores the number, not its display: pandas reads 0.8594, 0.705, 1; the "
         "column\nholds a fraction, so it is float (by hand).")


def dates(wb):
    s = wb.active
    s.title = "Ngày"
    s.append(["Sự kiện", "Ngày"])
    s.append(["công bố", datetime.date(2024, 3, 5)])
    s.append(["họp", datetime.datetime(2024, 3, 5, 14, 30)])
    s.append(["nhuận", datetime.date(2000, 2, 29)])
    s["B2"].number_format = "dd/mm/yyyy"
    s["B3"].number_format = "dd/mm/yyyy hh:mm"
    s["B4"].number_format = "yyyy-mm-dd"


book("dates", "date and date-time cells read as ISO text", dates, ["string", "string"],
     why="pandas gives Timestamps; chiso writes dates as ISO text (docs/workbooks.md), the "
         "date alone\nwhen the time is midnight.")


def titled(wb):
    s = wb.active
    s.title = "Phụ lục"
    s.append(["PHỤ LỤC 1: ĐIỂM CÁC TỈNH (SỐ LIỆU GIẢ LẬP)"])
    s.merge_cells("A1:C1")
    s.append(["STT", "Tỉnh", "Điểm"])
    s.append([1, "Hà Nội", 91.25])
    s.append([2, "Huế", 84])
    s.append([3, "Cần Thơ", 80.1])
    s.append(["Nguồn: số liệu giả lập để kiểm thử"])


book("title_footnote", "a title line above the header and a footnote below the table",
     titled, ["int", "string", "float"], skiprows=1, skipfooter=1,
     notes=["taken for a title", "taken for a footnote"],
     why="pandas is told skiprows=1, skipfooter=1; chiso finds the title and the footnote "
         "itself and\nnotes each (spec-csv.md, 'Layout', which workbooks share).")


def second_sheet(wb):
    first = wb.active
    first.title = "Tóm tắt"
    first.append(["chỉ", "một"])
    first.append([1, 2])
    s = wb.create_sheet("Số liệu")
    s.append(["Tỉnh", "Điểm 2023", "Điểm 2024"])
    s.append(["Hà Nội", 90.1, 91.25])
    s.append(["Huế", 85, 84])


book("second_sheet", "a sheet chosen by name, not the first", second_sheet,
     ["string", "float", "float"], sheet="Số liệu", opts={"sheet": "Số liệu"})


def bools(wb):
    s = wb.active
    s.title = "Đạt"
    s.append(["Tỉnh", "Đạt", "Điểm"])
    s.append(["Hà Nội", True, 91.25])
    s.append(["Huế", None, None])
    s.append(["Cần Thơ", False, 80])


book("bools_with_empty", "a boolean column and a float column with an empty cell",
     bools, ["string", "bool", "float"],
     why="pandas 1.5 reads 'Đạt' as float64 (1.0, NaN, 0.0) for its gap; the cells are "
         "booleans,\nso its type is bool by hand and 1.0 and 0.0 are true and false.")


def two_rows(wb):
    s = wb.active
    s.title = "Hai dòng"
    s.append(["Tỉnh", "Điểm", None, "Hạng"])
    s.append([None, 2023, 2024, 2024])
    s.append(["Hà Nội", 90.1, 91.25, 1])
    s.append(["Huế", 85.5, 84, 2])
    s.merge_cells("A1:A2")
    s.merge_cells("B1:C1")


book("two_row_header", "a two-row header with merged cells (header_rows = 2)", two_rows,
     ["string", "float", "float", "int"], skiprows=2, opts={"header_rows": 2},
     names=["Tỉnh", "Điểm 2023", "Điểm 2024", "Hạng 2024"],
     why="pandas reads the values with skiprows=2, header=None; the names are joined by hand "
         "as\nspec-csv.md's header_rows says (a merged upper cell carries right).")


def formulas(wb):
    s = wb.active
    s.title = "Công thức"
    s.append(["Tỉnh", "Điểm", "Gấp đôi", "Chưa tính"])
    s.append(["Hà Nội", 40.5, "=B2*2", "=B2+1"])
    s.append(["Huế", 42, "=B3*2", "=B3+1"])


book("formulas", "formulas: a cached value is read; a formula never calculated is empty",
     formulas, ["string", "float", "int", "string"],
     patch=("xl/worksheets/sheet1.xml",
            b'<c r="C2"><f>B2*2</f><v></v></c>',
            b'<c r="C2"><f>B2*2</f><v>81</v></c>'),
     why="openpyxl saves formulas without a value; C2's cached value 81 is put in the XML, "
         "C3 keeps\nnone. pandas reads the cached value or NaN (float64); 'Gấp đôi' holds a whole "
         "number only,\nso it is int by hand, and a column of NaN only is string "
         "(spec-csv.md: no values).")

if CHECK:
    stale = sorted(set(os.listdir(HERE)) - set(written))
    for f in differs + stale:
        print(f"differs from what the generator writes: {f}")
    print(f"pandas: {len([w for w in written if w.endswith('.xlsx')])} workbooks, "
          f"{len(differs) + len(stale)} files differ")
    sys.exit(1 if differs or stale else 0)
print(f"pandas: {len([w for w in written if w.endswith('.xlsx')])} workbooks written")
