#!/usr/bin/python3
"""Every non-empty cell of one sheet as xlrd (.xls) or openpyxl (.xlsx, cached values of
formulas, as pandas reads them) sees it, one a line: reference, kind (n number, s text,
b boolean, e error, d date), value. Numbers are written with repr, so they read back
exactly; tabs and line breaks in text as \\t and \\n.

  /usr/bin/python3 tests/sheet/dump_cells.py FILE SHEET_INDEX   (0-based)
"""
import datetime
import sys

from openpyxl.utils import get_column_letter


def text(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def xls(path, index):
    import xlrd
    sheet = xlrd.open_workbook(path).sheet_by_index(index)
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            ref = f"{get_column_letter(c + 1)}{r + 1}"
            if cell.ctype == xlrd.XL_CELL_TEXT and cell.value != "":
                yield ref, "s", text(cell.value)
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                yield ref, "n", repr(float(cell.value))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                yield ref, "b", str(bool(cell.value)).lower()
            elif cell.ctype == xlrd.XL_CELL_DATE:
                yield ref, "d", repr(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                yield ref, "e", str(cell.value)


def xlsx(path, index):
    import openpyxl
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[index]
    for row in sheet.iter_rows():
        for cell in row:
            v = cell.value
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                yield cell.coordinate, "b", str(v).lower()
            elif isinstance(v, (int, float)):
                yield cell.coordinate, "n", repr(float(v))
            elif isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
                yield cell.coordinate, "d", v.isoformat()
            elif cell.data_type == "e":
                yield cell.coordinate, "e", v
            else:
                yield cell.coordinate, "s", text(str(v))


path, index = sys.argv[1], int(sys.argv[2])
for ref, kind, value in (xls if path.endswith(".xls") else xlsx)(path, index):
    print(f"{ref}\t{kind}\t{value}")
