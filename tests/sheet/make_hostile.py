#!/usr/bin/python3
"""Writes damaged and hostile .xlsx files for tests/lua/test_sheet_read.lua into DIR: a
small valid workbook made by openpyxl whose parts are then replaced by hand-written XML
(bad references, out-of-range shared strings, text where a number belongs, a document
type with entities, huge merged areas, a diagonal of cells as wide as it is long...), and
copies whose worksheet XML has random bytes changed (seeded, so the same each run), zipped
again so that the zip itself is sound and the damage reaches the XML. Each file's name
says what it holds; none should make chiso crash.

  /usr/bin/python3 tests/sheet/make_hostile.py DIR
"""
import random
import sys
import zipfile

import openpyxl

out = sys.argv[1]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "S"
ws.append(["a", "b"])
ws.append([1, "x"])
ws.append([2, "y"])
wb.save(f"{out}/base.xlsx")
with zipfile.ZipFile(f"{out}/base.xlsx") as z:
    BASE = {name: z.read(name) for name in z.namelist()}


def write(name, replace):
    parts = dict(BASE)
    for part, data in replace.items():
        if data is None:
            parts.pop(part, None)
        else:
            parts[part] = data.encode() if isinstance(data, str) else data
    with zipfile.ZipFile(f"{out}/{name}.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)


def sheet(rows, extra=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows}'
            f"</sheetData>{extra}</worksheet>")


SHEET = "xl/worksheets/sheet1.xml"
cases = {
    "bad-ref": sheet('<row r="1"><c r="A0"><v>1</v></c></row>'),
    "ref-past-xfd": sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'),
    "row-zero": sheet('<row r="0"><c><v>1</v></c></row>'),
    "row-huge": sheet('<row r="99999999"><c><v>1</v></c></row>'),
    "shared-out-of-range": sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'),
    "shared-not-a-number": sheet('<row r="1"><c r="A1" t="s"><v>x</v></c></row>'),
    "number-is-text": sheet('<row r="1"><c r="A1"><v>abc</v></c></row>'),
    "odd-types": sheet('<row r="1"><c r="A1" t="b"><v>7</v></c><c r="B1" t="d"><v>junk</v></c>'
                       '<c r="C1" t="e"><v>#REF!</v></c><c r="D1" t="zz"><v>1</v></c>'
                       '<c r="E1" s="999999"><v>1</v></c></row>'),
    "same-cell-twice": sheet('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>'
                             '<row r="2"><c r="A2"><v>3</v></c></row>'),
    "merge-everything": sheet('<row r="1"><c r="A1"><v>1</v></c></row>',
                              '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
    "merge-bad-ref": sheet('<row r="1"><c r="A1"><v>1</v></c></row>',
                           '<mergeCells count="1"><mergeCell ref="A1:"/></mergeCells>'),
    "unterminated": sheet('<row r="1"><c r="A1"><v>1</v></c></row>')[:-30],
    "doctype-entities": ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                         '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                         f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                         '&b;</t></is></c></row></sheetData></worksheet>'),
    "far-corners": sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                         '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'),
    "diagonal": sheet("".join(f'<row r="{i}"><c r="{openpyxl.utils.get_column_letter(i)}{i}">'
                              f"<v>{i}</v></c></row>" for i in range(1, 8001))),
    "deep": sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + "<x>" * 5000 + "</x>" * 5000),
}
for name, xml in cases.items():
    write(name, {SHEET: xml})
write("no-workbook", {"xl/workbook.xml": None})
write("no-sheet-part", {SHEET: None})
write("workbook-garbage", {"xl/workbook.xml": "<workbook><sheets><sheet/></sheets>"})
write("styles-garbage", {"xl/styles.xml": "<styleSheet><cellXfs><xf numFmtId='x'/>"})
# 100000 sheets, all naming the one sheet part: looking a name up among them is one pass
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
write("many-sheets", {"xl/workbook.xml":
                      f"<workbook {NS} {R}><sheets>"
                      + "".join(f'<sheet name="s{i}" sheetId="{i + 1}" r:id="rId1"/>'
                                for i in range(100000))
                      + "</sheets></workbook>"})
# 100000 number formats of its own and 100000 cell formats naming none of them: each looked
# up among the sorted formats, not along all of them
write("many-styles", {"xl/styles.xml":
                      f"<styleSheet {NS}><numFmts>"
                      + "".join(f'<numFmt numFmtId="{1000 + i}" formatCode="0.00"/>'
                                for i in range(100000))
                      + "</numFmts><cellXfs>" + '<xf numFmtId="5"/>' * 100000
                      + "</cellXfs></styleSheet>"})
# a header from A1 to XFD1 and 300000 merged areas below the table: the areas over each
# empty header cell found by painting them over the row once, not by looking along them all
write("many-merges", {SHEET: sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
    '<c r="XFD1" t="inlineStr"><is><t>b</t></is></c></row>'
    '<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>2</v></c></row>',
    '<mergeCells count="300000">'
    + "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(10, 300010))
    + "</mergeCells>")})
write("rels-loop", {"xl/_rels/workbook.xml.rels":
                    '<Relationships><Relationship Id="rId1" Type="t" Target="../../../../x"/>'
                    "</Relationships>"})

rng = random.Random(14)
xml = BASE[SHEET]
for n in range(60):
    b = bytearray(xml)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(b))
        b[at] = rng.choice([rng.randrange(256), ord("<"), ord(">"), ord('"'), ord("0"), ord("9")])
    write(f"mutated-{n:02d}", {SHEET: bytes(b)})
