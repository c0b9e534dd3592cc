#!/usr/bin/python3
"""What a workbook chiso wrote holds, as openpyxl and pandas read it, one fact a line, for
tests/lua/test_sheet_write.lua to compare with values written by hand:

  sheet INDEX NAME freeze=CELL          each sheet, in order, and its frozen pane
  width LETTER WIDTH                    each column's width as the file gives it
  cell REF KIND BOLD FORMAT VALUE       each non-empty cell: n number, s text, b boolean;
                                        bold 1 or 0; the number format; numbers with repr
                                        (so they read back exactly), text with \\t \\n \\r \\\\
  unescaped REF VALUE                   a text cell whose ECMA-376 _xHHHH_ escapes
                                        (openpyxl.utils.escape.unescape) give another text
  pandas NAME DTYPE VALUES              each column as pandas.read_excel reads the sheet

  /usr/bin/python3 tests/sheet/dump_written.py FILE [--cells] [--pandas]
"""
import sys

import openpyxl
from openpyxl.utils.escape import unescape


def text(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def dump_openpyxl(path, cells):
    book = openpyxl.load_workbook(path)
    for index, sheet in enumerate(book.worksheets):
        print(f"sheet {index + 1} {sheet.title} freeze={sheet.freeze_panes}")
        for letter, dim in sorted(sheet.column_dimensions.items()):
            print(f"width {letter} {dim.width!r}")
        if not cells:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                v = cell.value
                if v is None:
                    continue
                bold = 1 if cell.font is not None and cell.font.b else 0
                if isinstance(v, bool):
                    kind, shown = "b", str(v).lower()
                elif isinstance(v, (int, float)):
                    kind, shown = "n", repr(float(v))
                else:
                    kind, shown = "s", text(str(v))
                print(f"cell {cell.coordinate} {kind} {bold} {cell.number_format} {shown}")
                if kind == "s" and unescape(v) != v:
                    print(f"unescaped {cell.coordinate} {text(unescape(v))}")


def dump_pandas(path):
    import pandas
    for name, frame in pandas.read_excel(path, sheet_name=None).items():
        for column in frame.columns:
            values = [v if not isinstance(v, float) or v == v else "nan" for v in frame[column]]
            print(f"pandas {name} {column} {frame[column].dtype} {values!r}")


path = sys.argv[1]
dump_openpyxl(path, "--cells" in sys.argv)
if "--pandas" in sys.argv:
    dump_pandas(path)
