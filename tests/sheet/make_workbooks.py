#!/usr/bin/python3
"""Writes the workbooks tests/lua/test_sheet_read.lua reads, with a second writer (Debian's
python3-openpyxl), into the folder given:

  /usr/bin/python3 tests/sheet/make_workbooks.py DIR

book.xlsx (1900 date system) and book1904.xlsx (1904). openpyxl writes text as inline
strings and formulas without a cached value, so after saving, one formula's cached value
(<v>84.94</v>, what Excel would store for =C3-1 with C3 = 85.94) and one sheet of shared
strings are put in the XML by hand here. What each sheet holds is written beside it; the
test's expected values are those inputs.
"""
import datetime
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

out = sys.argv[1]


def book():
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Ẩn"
    hidden.sheet_state = "hidden"
    hidden["A1"], hidden["A2"] = "secret", 1

    data = wb.create_sheet("Dữ liệu")
    data["A1"] = "PHỤ LỤC 1: Điểm các tỉnh"
    data.merge_cells("A1:F1")
    data.append(["Tỉnh", "Năm", "Điểm", "Hạng", "Đạt", "Ngày"])
    data.append(["Hà Nội", 2023, 85.94, 1, True, datetime.date(2024, 3, 5)])
    data.append(["Thừa Thiên Huế", 2023, 84.5, 2, False, datetime.datetime(2024, 3, 5, 14, 30)])
    data.append(["  Đà Nẵng ", 2023, "=C3-1", 3, True, datetime.date(2000, 2, 29)])
    data.append(["Cần Thơ", 2023, "#N/A", 4, False, None])
    data.row_dimensions[6].hidden = True
    data.append(["Nguồn: Bộ Nội vụ"])
    data["F3"].number_format = "dd/mm/yyyy"
    data["F4"].number_format = "dd/mm/yyyy hh:mm"
    data["F5"].number_format = "yyyy-mm-dd"

    numbers = wb.create_sheet("Số")
    numbers.append(["a", "b", "c"])
    numbers.append([1, 1.5, "x"])
    numbers.append([2, 2.0, 3])
    numbers.append([3, None, None])

    merged = wb.create_sheet("Gộp")
    merged.append(["Tỉnh", "Điểm", None, "Hạng", "Nhóm"])
    merged.append([None, 2023, 2024, None, None])
    merged.append(["Hà Nội", 80.5, 81.25, 1, "Tốt"])
    merged.append(["Huế", 79, 80, 2, None])
    merged.merge_cells("A1:A2")
    merged.merge_cells("B1:C1")
    merged.merge_cells("E3:E4")

    shared = wb.create_sheet("Chung")
    shared.append(["tên", "số"])
    shared.append(["Hà Nội", 1])
    shared.append(["Hà Nội", 2])
    shared.append(["Lào Cai", 3])
    wb.save(f"{out}/book.xlsx")


def to_shared_strings(xml):
    """The sheet's inline strings as shared strings: (new sheet xml, sharedStrings.xml)."""
    strings = []

    def replace(m):
        text = m.group(2)
        if text not in strings:
            strings.append(text)
        return f'{m.group(1)} t="s"><v>{strings.index(text)}</v></c>'

    xml = re.sub(r'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
                 replace, xml)
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
           f"{items}</sst>")
    return xml, sst


def patch(path):
    """Puts a cached value in the formula cell and makes sheet 5's text shared strings."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet2 = parts["xl/worksheets/sheet2.xml"].decode()
    sheet2, n = re.subn(r'(<c r="C5"[^>]*>)<f>C3-1</f><v\s*/>', r"\1<f>C3-1</f><v>84.94</v>", sheet2)
    if n == 0:
        sheet2, n = re.subn(r'(<c r="C5"[^>]*>)<f>C3-1</f><v></v>', r"\1<f>C3-1</f><v>84.94</v>",
                            sheet2)
    assert n == 1, "the formula cell C5 was not found"
    parts["xl/worksheets/sheet2.xml"] = sheet2.encode()
    sheet5, sst = to_shared_strings(parts["xl/worksheets/sheet5.xml"].decode())
    parts["xl/worksheets/sheet5.xml"] = sheet5.encode()
    parts["xl/sharedStrings.xml"] = sst.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdSst" Type="http://schemas.'
                        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                        'Target="sharedStrings.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def book1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    s = wb.active
    s.title = "S"
    s.append(["ngày", "giờ"])
    s.append([datetime.date(2024, 3, 5), datetime.time(14, 30)])
    s.append([datetime.date(1904, 1, 2), datetime.time(6, 0, 15)])
    for cell in ("A2", "A3"):
        s[cell].number_format = "dd/mm/yyyy"
    for cell in ("B2", "B3"):
        s[cell].number_format = "hh:mm:ss"
    wb.save(f"{out}/book1904.xlsx")


book()
patch(f"{out}/book.xlsx")
book1904()
