#!/usr/bin/python3
"""An independent reading of VCCI's PCI workbooks, to check data/pci.csv against.

Reads each year's summary sheet with xlrd (.xls; pandas on Debian 12 refuses xlrd 1.2) or
pandas/openpyxl (.xlsx), following the layout table of ../shared/data/pci/SOURCES.md, and
matches province names to data/provinces.csv its own way (SOURCES.md, "Province spellings":
lower case, no diacritics, đ as d, no spaces or punctuation, then a few aliases). Prints
year,province,score,rank as CSV on standard output, every year 2005-2016, Hà Tây included
under that name. Nothing here comes from chiso.

  /usr/bin/python3 tests/pci/read_pci.py ../shared/data/pci/raw data/provinces.csv
"""
import csv
import sys
import unicodedata

import pandas
import xlrd


def key(name):
    text = unicodedata.normalize("NFD", str(name).strip()).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return "".join(c for c in text.lower() if c.isalnum())


ALIASES = {  # SOURCES.md's table, by key
    "tphcm": "hochiminh", "hcmc": "hochiminh", "tphochiminh": "hochiminh",
    "brvt": "bariavungtau", "tthue": "thuathienhue", "daclak": "daklak",
    "baccan": "backan", "quangngai": "quangngai",
}


def provinces(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            k = key(row["province"])
            table[k] = row["province"]
            if k.startswith("tp"):
                table[k[2:]] = row["province"]
    return table


def canonical(table, name):
    k = key(name)
    k = ALIASES.get(k, k)
    if k == "hatay":
        return "Hà Tây"
    if k not in table:
        raise SystemExit(f"read_pci.py: no province for {name!r}")
    return table[k]


def col(letter):
    n = 0
    for c in letter:
        n = n * 26 + ord(c) - 64
    return n - 1


def xls_rows(path, sheet, first, last):
    book = xlrd.open_workbook(path)
    s = book.sheet_by_index(sheet)
    return [s.row_values(r) for r in range(first - 1, last)]


def xlsx_rows(path, sheet, first, last):
    frame = pandas.read_excel(path, sheet_name=sheet, header=None, engine="openpyxl")
    return [list(frame.iloc[r]) for r in range(first - 1, last)]


# year: file, sheet (0-based index or name), first and last data row, province, score,
# rank; pair years look the rank up by the name in rank_name.
LAYOUT = {
    2005: ("PCI_2005.xls", 0, 2, 43, "A", "B", "C", None),
    2006: ("PCI_2006.xls", 1, 3, 66, "B", "M", "A", None),
    2007: ("PCI_2007.xls", 1, 2, 65, "A", "P", "B", None),
    2008: ("PCI_2008.xls", 0, 3, 66, "X", "Y", "A", None),
    2009: ("PCI_2009.xls", 0, 4, 66, "C", "M", "B", None),
    2010: ("PCI_2010.xls", 0, 2, 64, "V", "W", "Y", "X"),
    2011: ("PCI_2011.xls", 0, 2, 64, "T", "U", "W", "V"),
    2012: ("PCI_2012.xlsx", "Tong hop", 2, 64, "T", "U", "W", "V"),
    2013: ("PCI_2013.xlsx", "Summary_VN", 2, 64, "V", "W", "X", None),
    2014: ("PCI_2014.xlsx", "Summary_VN", 2, 64, "V", "W", "X", None),
    2015: ("PCI_2015.xlsx", "Summary_VN", 2, 64, "V", "W", "X", None),
    2016: ("PCI_2016.xlsx", "Summary_VN", 2, 64, "V", "W", "X", None),
}


def main():
    raw, provinces_csv = sys.argv[1], sys.argv[2]
    table = provinces(provinces_csv)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["year", "province", "score", "rank"])
    for year, (file, sheet, first, last, p, s, r, rn) in sorted(LAYOUT.items()):
        reader = xls_rows if file.endswith(".xls") else xlsx_rows
        rows = reader(f"{raw}/{file}", sheet, first, last)
        ranks = {}
        if rn:
            ranks = {canonical(table, row[col(rn)]): int(row[col(r)]) for row in rows}
        for row in rows:
            name = canonical(table, row[col(p)])
            rank = ranks[name] if rn else int(row[col(r)])
            out.writerow([year, name, repr(float(row[col(s)])), rank])


main()
