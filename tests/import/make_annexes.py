#!/usr/bin/python3
"""Writes the annex tables tests/lua/test_import.lua imports, into the folder given:

  /usr/bin/python3 tests/import/make_annexes.py DATA_DIR OUT_DIR

Every figure here is SYNTHETIC, made up for the tests (the files say so in their titles):
none is a published score or rank. The tables are laid out as the ministry's annexes are
(title lines, a two-row header, names in capitals, decimal commas, a footnote), and
written by a second writer (Python's csv module and Debian's python3-openpyxl), so that
what chiso reads is checked against what was written here.

The made-up table of year 2023: the i-th province of data/provinces.csv (i = 1..63) has
k = 37 * i mod 63 (a permutation of 0..62, as 37 and 63 have no common factor), score
60 + 0.37 * k rounded to 2 decimals, and rank 63 - k; except that k = 61 is given the
score of k = 62 (82.94) and shares its rank 1, so ranks run 1, 1, 3, 4, ..., 63.
Rows are written in rank order, the two provinces ranked 1 in provinces.csv order.
expected_2023.csv holds the rows chiso must write (canonical names from provinces.csv).
The 2025 table ranks the 34 units of provinces.csv's unit_2025 column the same way
(unit j of 34 in order of first appearance: k = 13 * j mod 34, score 50 + 0.5 * k, rank
34 - k, no tie).
"""
import csv
import os
import sys

import openpyxl

data_dir, out = sys.argv[1], sys.argv[2]

with open(os.path.join(data_dir, "provinces.csv"), newline="", encoding="utf-8") as f:
    provinces = list(csv.DictReader(f))

# Spellings an annex uses for some provinces; the others are written in capitals.
SPELLINGS = {"TP. Hồ Chí Minh": "TP. HCM", "Thừa Thiên Huế": "THỪA THIÊN - HUẾ",
             "Hà Nội": "TP. HÀ NỘI"}


def table_2023():
    rows = []
    for i, p in enumerate(provinces, start=1):
        k = 37 * i % 63
        score, rank = round(60 + 0.37 * k, 2), 63 - k
        if k == 61:
            score, rank = round(60 + 0.37 * 62, 2), 1
        rows.append({"i": i, "province": p["province"], "score": score, "rank": rank})
    rows.sort(key=lambda r: (r["rank"], r["i"]))
    return rows


def table_2025():
    units = []
    for p in provinces:
        if p["unit_2025"] not in units:
            units.append(p["unit_2025"])
    rows = []
    for j, name in enumerate(units, start=1):
        k = 13 * j % 34
        rows.append({"i": j, "province": name, "score": 50 + 0.5 * k, "rank": 34 - k})
    rows.sort(key=lambda r: r["rank"])
    return rows


def spelled(name):
    return SPELLINGS.get(name, name.upper())


def comma(x):
    return ("%.2f" % x).replace(".", ",")


def write_csv(name, lines, delimiter=","):
    with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        for line in lines:
            w.writerow(line)


TITLE = "PHỤ LỤC 1: KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 (SỐ LIỆU GIẢ ĐỊNH ĐỂ KIỂM THỬ)"
FOOTNOTE = "Nguồn: số liệu giả định, không phải số liệu công bố."

rows = table_2023()

# expected_2023.csv: what chiso must write, in rank order (ties in Vietnamese order, here the
# same as provinces.csv order for the two ranked 1: Hà Nội, Quảng Ninh? see the test).
write_csv("expected_2023.csv", [["year", "province", "score", "rank"]] +
          [[2023, r["province"], "%.2f" % r["score"], r["rank"]] for r in rows])

# plain.csv: one header line, dot decimals, canonical names; line n + 1 holds row n.
plain = [["STT", "Tỉnh, thành phố", "Điểm", "Xếp hạng"]] + \
    [[n, r["province"], "%.2f" % r["score"], r["rank"]] for n, r in enumerate(rows, start=1)]
write_csv("plain.csv", plain)

# semicolon.csv: as Excel in a Vietnamese locale saves it: ";", decimal commas, capitals, a
# note with a line break in row 2 (so row 2 takes lines 3-4), and a blank line after row 31
# (line 34 is blank): row n is on line n + 1 for n = 1, on line n + 2 for 2 <= n <= 31 and
# on line n + 3 for n >= 32.
lines = [["STT", "Tỉnh, thành phố", "Điểm", "Xếp hạng", "Ghi chú"]]
for n, r in enumerate(rows, start=1):
    lines.append([n, spelled(r["province"]), comma(r["score"]), r["rank"],
                  "Đồng hạng\n(giả định)" if n == 2 else ""])
    if n == 31:
        lines.append([])
write_csv("semicolon.csv", lines, ";")

# The national average an annex puts below the provinces (no rank; made up too).
AVERAGE = ["", "Trung bình cả nước", 71.2, None]

# titles.csv: two title lines, a blank line, a two-row header (lines 4-5), the data (row n on
# line n + 5), the average (line 69) and a footnote. Needs the CSV reader's title lines,
# header_rows and footnotes.
lines = [[TITLE, "", "", ""], ["Đơn vị: điểm", "", "", ""], [],
         ["STT", "Tỉnh, thành phố", "Chỉ số CCHC năm 2023", ""], ["", "", "Điểm", "Xếp hạng"]]
lines += [[n, spelled(r["province"]), comma(r["score"]), r["rank"]]
          for n, r in enumerate(rows, start=1)]
lines += [["", AVERAGE[1], comma(AVERAGE[2]), ""], [FOOTNOTE, "", "", ""]]
write_csv("titles.csv", lines, ";")


def titled_book(name, rows, mutate=None):
    """The titles.csv layout as a workbook: titles merged over A1:D1 and A2:D2, row 3 empty,
    the header in rows 4-5 (A4:A5, B4:B5 merged down, C4:D4 merged across), the data from row
    6 with an empty row 37 after the 31st row (row n in sheet row n + 5 for n <= 31, n + 6
    after, so the 63rd in row 69), the average in row 70, an empty row and the footnote in
    row 72."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PL1"
    ws["A1"], ws["A2"] = TITLE, "Đơn vị: điểm"
    ws.merge_cells("A1:D1")
    ws.merge_cells("A2:D2")
    ws["A4"], ws["B4"], ws["C4"] = "STT", "Tỉnh, thành phố", "Chỉ số CCHC năm 2023"
    ws["C5"], ws["D5"] = "Điểm", "Xếp hạng"
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:D4")
    r_at = 6
    for n, r in enumerate(rows, start=1):
        values = [n, spelled(r["province"]), r["score"], r["rank"]]
        if mutate:
            values = mutate(n, values)
        for c, v in enumerate(values, start=1):
            ws.cell(row=r_at, column=c, value=v)
        r_at += 2 if n == 31 else 1
    for c, v in enumerate(AVERAGE, start=1):
        ws.cell(row=r_at, column=c, value=v if v != "" else None)
    ws.cell(row=r_at + 2, column=1, value=FOOTNOTE)
    wb.save(os.path.join(out, name))


titled_book("titles.xlsx", rows)

# numbered.xlsx: one header row, then a row numbering the columns "(1)".."(4)" (so the header
# is two rows), scores stored as text with decimal commas. Row n is in sheet row n + 2.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Bảng 2"
ws.append(["TT", "Địa phương", "Chỉ số PAR INDEX 2023", "Thứ hạng"])
ws.append(["(1)", "(2)", "(3)", "(4)"])
for n, r in enumerate(rows, start=1):
    ws.append([n, spelled(r["province"]), comma(r["score"]), r["rank"]])
wb.save(os.path.join(out, "numbered.xlsx"))

# units_2025.csv: the 34 units, English headers; row n on line n + 1.
units = table_2025()
write_csv("units_2025.csv", [["No.", "Province", "Score", "Rank"]] +
          [[n, r["province"], "%.2f" % r["score"], r["rank"]] for n, r in enumerate(units, start=1)])
write_csv("expected_2025.csv", [["year", "province", "score", "rank"]] +
          [[2025, r["province"], "%.2f" % r["score"], r["rank"]] for r in units])


# One failing file per check, each plain.csv with one change (row n on line n + 1).
def variant(name, change):
    lines = [list(line) for line in plain]
    change(lines)
    write_csv(name, lines)


def set_cell(n, column, value):
    def change(lines):
        lines[n][column] = value
    return change


variant("bad_gap.csv", set_cell(10, 3, 11))              # row 10 (line 11): rank 10 -> 11
variant("bad_range.csv", set_cell(63, 3, 64))            # row 63 (line 64): rank 63 -> 64
variant("bad_duplicate.csv", set_cell(20, 1, "ha noi"))  # row 20 (line 21): Hà Nội again
variant("bad_unknown.csv", set_cell(30, 1, "Atlantis"))  # row 30 (line 31)


def swap_scores(lines):  # rows 40 and 41 (lines 41, 42) swap scores: 41st scores higher
    lines[40][2], lines[41][2] = lines[41][2], lines[40][2]


variant("bad_order.csv", swap_scores)
variant("bad_count.csv", lambda lines: lines.pop(63))    # row 63 (line 64) gone: 62 rows
variant("bad_column.csv", set_cell(0, 3, "Ghi chú"))     # no rank header (line 1)

# bad_titles.xlsx: titles.xlsx with row 40 (sheet row 46, after the empty row 37) named
# "Atlantis" and row 50 (sheet row 56) with rank 51 for 50.
titled_book("bad_titles.xlsx", rows, lambda n, v: [v[0], "Atlantis", v[2], v[3]] if n == 40
            else ([v[0], v[1], v[2], 51] if n == 50 else v))

# bad_semicolon.csv: semicolon.csv with row 40's score raised to 90,00 (line 43, after the
# two-line note and the blank line): above row 39's score.
lines = []
with open(os.path.join(out, "semicolon.csv"), newline="", encoding="utf-8") as f:
    lines = list(csv.reader(f, delimiter=";"))
# csv.reader gives the header, rows 1..31, an empty list for the blank line, rows 32..
lines[41][2] = "90,00"
write_csv("bad_semicolon.csv", lines, ";")
