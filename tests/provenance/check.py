#!/usr/bin/python3
"""Checks the section of sources of a report chiso wrote, for tests/lua/test_provenance.lua,
against counts made here from the data files with Python's csv module, never by chiso:

  /usr/bin/python3 tests/provenance/check.py CASE FORMAT FILE [DATA_DIR USER_DIR]

CASE names a script run (below, EXPECTED); FORMAT is text, md, csv, json, html or xlsx.
Prints "ok", or one line per difference. What a figure is (docs/reports.md, doc:sources):
one row of an index table (par_index.csv, sipas.csv), one province-year of a PAPI file
with at least one score (of the dimension, for a dimension), one published average. Rows
used by two parts of a report count once. Sources are the source fields, trimmed, the same
text being one source; the PAPI files have none and are credited to PAPI_SOURCE.
"""
import collections
import csv
import datetime
import glob
import html.parser
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data")
PAPI_SOURCE = ("PAPI, CECODES, VFF-CRT, RTA and UNDP Viet Nam (papi.org.vn); files data/csv and "
               "data/codebook of github.com/hnks-gh/ml-mcdm, MIT licence")
# SOURCE_DATE_EPOCH=1700000000 as the test sets it: 19675 whole days after 1970-01-01.
MADE = datetime.datetime.fromtimestamp(1700000000, datetime.timezone.utc).strftime("%Y-%m-%d")
USER_NOTE = {"vi": "(không ghi nguồn; thư mục dữ liệu của bạn)",
             "en": "(no source given; your data folder)"}
HEADING = {"vi": "Nguồn", "en": "Sources"}
LABEL = {"par": "PAR INDEX", "sipas": "SIPAS", "papi": "PAPI"}


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def version():
    with open(os.path.join(ROOT, "src", "core", "base", "version.h"), encoding="utf-8") as f:
        return re.search(r'#define\s+CHISO_VERSION\s+"([^"]+)"', f.read()).group(1)


def provinces():
    return read(os.path.join(DATA, "provinces.csv"))


def index_rows(index, user_dir=None):
    """(key, source, origin, year, province, rank, score) of every row of par or sipas, the
    user's rows (user_dir) over the bundled ones for the same year and province."""
    name = {"par": "par_index.csv", "sipas": "sipas.csv"}[index]
    bundled = read(os.path.join(DATA, name))
    user = read(os.path.join(user_dir, name)) if user_dir and os.path.exists(
        os.path.join(user_dir, name)) else []
    # the fixture spells Hà Nội "Ha Noi": the one spelling it needs resolved
    spell = {"Ha Noi": "Hà Nội"}
    taken = {(int(r["year"]), spell.get(r["province"], r["province"])) for r in user}
    out = []
    for origin, rows in (("user", user), ("bundled", bundled)):
        for r in rows:
            year, province = int(r["year"]), spell.get(r["province"], r["province"])
            if origin == "bundled" and (year, province) in taken:
                continue
            out.append({"key": (index, year, province), "source": (r.get("source") or "").strip(),
                        "origin": origin, "year": year, "province": province,
                        "rank": r["rank"].strip(), "score": r["score"].strip()})
    return out


def papi_rows(dimension=None):
    """PAPI province-years with at least one score (of the dimension: SC<d>x columns).
    P01..P63 are data/provinces.csv in its row order (tests/cli/movers.test checks it)."""
    names = [p["province"] for p in provinces()]
    out = []
    for path in sorted(glob.glob(os.path.join(DATA, "papi", "csv", "*.csv"))):
        year = int(os.path.basename(path)[:4])
        for r in read(path):
            cols = [c for c in r if re.match(r"^SC%s\d$" % (dimension or r"\d"), c)]
            if any((r[c] or "").strip() for c in cols):
                province = names[int(r["Province"][1:]) - 1]
                out.append({"key": ("papi", year, province), "source": PAPI_SOURCE,
                            "origin": "bundled", "year": year, "province": province})
    return out


def averages(index, years=None, areas=None):
    out = []
    for r in read(os.path.join(DATA, "published_averages.csv")):
        if r["index"] == index and (years is None or int(r["year"]) in years) \
                and (areas is None or r["area"] in areas):
            out.append({"key": ("avg", index, r["year"], r["area"]), "source": r["source"].strip(),
                        "origin": "bundled", "year": int(r["year"])})
    return out


def held(rows, years):
    """(year -> provinces held) over every province."""
    count = collections.Counter(r["year"] for r in rows)
    return {y: count[y] for y in years}


def pairs(a, b):
    """(year, province) with a score in both."""
    sa = {(r["year"], r["province"]) for r in a if r["score"]}
    return {(r["year"], r["province"]) for r in b if r["score"]} & sa


class Expect:
    """The rows a report used, by part, and the coverage it should state."""

    def __init__(self):
        self.rows, self.coverage = [], []

    def use(self, rows, label, years=None):
        self.rows.extend(rows)
        return self

    def cover(self, label, counts):
        for year, n in counts.items():
            if (label, year) not in [(c[0], c[1]) for c in self.coverage]:
                self.coverage.append((label, year, n))
        return self

    def sources(self, lang):
        seen, counter = set(), collections.Counter()
        for r in self.rows:
            if r["key"] in seen:
                continue
            seen.add(r["key"])
            text = r["source"] or (USER_NOTE[lang] if r["origin"] == "user" else "?")
            counter[text] += 1
        return counter

    def user(self):
        seen, n = set(), 0
        for r in self.rows:
            if r["key"] not in seen:
                seen.add(r["key"])
                n += r["origin"] == "user"
        return n


def region_of(name):
    return [p["region"] for p in provinces() if p["province"] == name][0]


def expected(case, user_dir):
    """(Expect, csv columns {name: value} or None) for each case ("-en": the same in English)."""
    case = case[:-3] if case.endswith("-en") else case
    e = Expect()
    par, sipas = index_rows("par", user_dir), index_rows("sipas", user_dir)
    if case in ("movers", "movers-user"):
        used = [r for r in par if r["year"] in (2022, 2023)]
        e.use(used, "PAR INDEX").cover("PAR INDEX", held(par, [2022, 2023]))
        return e, {"index": "par", "year": "2023", "from": "2022"}
    if case == "movers-papi":
        rows = papi_rows("8")
        e.use([r for r in rows if r["year"] in (2023, 2024)], "PAPI")
        return e.cover("PAPI: E-Governance", held(rows, [2023, 2024])), {
            "index": "papi:C08", "year": "2024", "from": "2023"}
    if case == "correlation":
        both = pairs(par, sipas)
        years = sorted({y for y, _ in both})
        e.use([r for r in par if (r["year"], r["province"]) in both], "PAR INDEX")
        e.use([r for r in sipas if (r["year"], r["province"]) in both], "SIPAS")
        e.cover("PAR INDEX", held(par, years)).cover("SIPAS", held(sipas, years))
        return e, {"index": "par+sipas", "year": "2023"}
    if case == "profile":
        region = region_of("Lạng Sơn")
        members = {p["province"] for p in provinces() if p["region"] == region}
        papi = papi_rows()
        for label, rows, avg in (("PAR INDEX", par, "PAR"), ("SIPAS", sipas, "SIPAS")):
            mine = [r for r in rows if r["province"] in members]
            e.use(mine, label).use(averages(avg, areas={region, "national"}), "averages")
            e.cover(label, held(rows, sorted({r["year"] for r in mine})))
        e.use(papi, "PAPI").cover("PAPI", held(papi, sorted({r["year"] for r in papi})))
        return e, None
    if case == "regions":
        e.use([r for r in par if r["year"] == 2023], "PAR INDEX")
        e.use(averages("PAR", years={2023}), "averages").cover("PAR INDEX", held(par, [2023]))
        return e, {"index": "par"}
    if case == "coverage":
        papi = papi_rows()
        for label, rows in (("PAR INDEX", par), ("SIPAS", sipas), ("PAPI", papi)):
            e.use(rows, label).cover(label, held(rows, sorted({r["year"] for r in rows})))
        return e, None
    if case == "flagship":
        # movers 2024 against 2023, the correlation of 2024 (the latest with 3 pairs) and pooled
        both = pairs(par, sipas)
        years = sorted({y for y, _ in both})
        e.use([r for r in par if r["year"] in (2023, 2024)], "PAR INDEX")
        e.cover("PAR INDEX", held(par, [2023, 2024]))
        e.use([r for r in par if (r["year"], r["province"]) in both], "PAR INDEX")
        e.use([r for r in sipas if (r["year"], r["province"]) in both], "SIPAS")
        e.cover("PAR INDEX", held(par, years)).cover("SIPAS", held(sipas, years))
        return e, None
    raise SystemExit("unknown case " + case)


# Reading each format back ----------------------------------------------------------------

def from_json(text):
    doc = json.loads(text)
    p = doc.get("provenance")
    if p is None:
        return None
    return {"sources": {s["source"]: s["figures"] for s in p["sources"]},
            "total": p["figures"], "user": p["user_figures"],
            "coverage": [(c["label"], c["year"], c["held"]) for c in p["coverage"]],
            "version": p["version"], "made": p["made"], "lang": doc["lang"]}


class Tables(html.parser.HTMLParser):
    """The rows of every table of an HTML page, the class of each table, and the text of h2s
    and paragraphs."""

    def __init__(self):
        super().__init__()
        self.tables, self.h2, self.paragraphs = [], [], []
        self.cell = None
        self.text = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append((dict(attrs).get("class"), []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("h2", "p"):
            self.text = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][1][-1].append("".join(self.cell))
            self.cell = None
        elif tag == "h2":
            self.h2.append("".join(self.text))
            self.text = None
        elif tag == "p" and self.text is not None:
            self.paragraphs.append("".join(self.text))
            self.text = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.text is not None:
            self.text.append(data)


def number(text):
    return int(text.replace(".", "").replace(",", ""))


def from_html(text):
    page = Tables()
    page.feed(text)
    found = [t for t in page.tables if t[0] == "sources"]
    if not found:
        return None
    sources = {re.sub(r"\s+", " ", row[0]): number(row[2]) for row in found[0][1][1:]}
    # the coverage table: the one after the sources table
    coverage_rows = page.tables[page.tables.index(found[0]) + 1][1][1:]
    return {"sources": sources, "heading": page.h2[-1],
            "coverage": [(r[0], int(r[1]), number(r[2])) for r in coverage_rows],
            "last": page.paragraphs[-1]}


def md_cells(line):
    cells = re.split(r"(?<!\\) \| ", line.strip()[2:-2])
    return [c.replace("\\|", "|").replace("\\\\", "\\").replace("&lt;", "<").replace("!\\[", "![")
            for c in cells]


def from_md(text):
    lines = text.split("\n")
    heading = [i for i, l in enumerate(lines) if l.startswith("## ")]
    if not heading:
        return None
    start = heading[-1]
    tables, current = [], None
    for line in lines[start:]:
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append(md_cells(line))
        else:
            current = None
    sources = {re.sub(r"\s+", " ", r[0]): number(r[2]) for r in tables[0][2:]}
    coverage = [(r[0], int(r[1]), number(r[2])) for r in tables[1][2:]]
    last = [l for l in lines if l.strip()][-1]
    return {"sources": sources, "heading": lines[start][3:], "coverage": coverage, "last": last}


def from_text(text, lang):
    lines = text.split("\n")
    heading = HEADING[lang]
    if heading not in lines:
        return None
    start = len(lines) - 1 - lines[::-1].index(heading)
    items, coverage = [], []
    for line in lines[start:]:
        if line.startswith("- "):
            items.append(line[2:])
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    unit = "số liệu" if lang == "vi" else "figures?"
    sources = {}
    for item in items:
        m = re.match(r"^(.*) \(([^()]*): (\d+) %s\)$" % unit, item)
        sources[re.sub(r"\s+", " ", m.group(1))] = int(m.group(3))
    for line in lines[start:]:
        m = re.match(r"^(\S.*?)\s{2,}(\d{4})\s+(\d+)\s+\d+\s+\d+", line)
        if m:
            coverage.append((m.group(1), int(m.group(2)), int(m.group(3))))
    last = [l for l in lines if l.strip()][-1]
    return {"sources": sources, "heading": heading, "coverage": coverage, "last": last}


def from_xlsx(path, lang):
    import openpyxl
    book = openpyxl.load_workbook(path)
    name = HEADING[lang]
    if name not in book.sheetnames or book.sheetnames[-1] != name:
        return None
    rows = list(book[name].iter_rows(values_only=True))
    item = {"vi": ("Nguồn", "Số tỉnh có", "Phiên bản chiso", "Ngày lập"),
            "en": ("Source", "Held", "chiso version", "Made on")}[lang]
    return {"sources": {re.sub(r"\s+", " ", r[1]): r[4] for r in rows[1:] if r[0] == item[0]},
            "coverage": [(r[2], r[3], r[4]) for r in rows[1:] if r[0] == item[1]],
            "version": [r[1] for r in rows if r[0] == item[2]][0],
            "made": [r[1] for r in rows if r[0] == item[3]][0]}


def check_csv(text, columns):
    rows = list(csv.DictReader(text.splitlines()))
    problems = []
    if not rows:
        return ["the CSV has no rows"]
    if columns is None:
        # the table says what it holds itself: an index and a year column on every row
        for name in ("index", "year"):
            if name not in rows[0] or any(not r[name] for r in rows):
                problems.append("the CSV lacks a filled %s column" % name)
        return problems
    header = list(rows[0].keys())
    if header[:len(columns)] != list(columns):
        problems.append("CSV columns %s, expected to begin with %s" % (header, list(columns)))
    for name, value in columns.items():
        if value is not None and any(r[name] != value for r in rows):
            problems.append("CSV column %s is not %s on every row" % (name, value))
    return problems


def main():
    case, fmt, path = sys.argv[1:4]
    user_dir = sys.argv[4] if len(sys.argv) > 4 else None
    lang = "en" if case.endswith("-en") else "vi"
    e, columns = expected(case, user_dir)
    if fmt == "csv":
        with open(path, encoding="utf-8") as f:
            problems = check_csv(f.read(), columns)
        print("\n".join(problems) or "ok")
        return
    if fmt == "xlsx":
        got = from_xlsx(path, lang)
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        got = {"json": from_json, "html": from_html, "md": from_md,
               "text": lambda t: from_text(t, lang)}[fmt](text)
    if got is None:
        print("no section of sources")
        return
    problems = []
    want = e.sources(lang)
    if got["sources"] != dict(want):
        extra = {k: v for k, v in got["sources"].items() if want.get(k) != v}
        lacking = {k: v for k, v in want.items() if got["sources"].get(k) != v}
        problems.append("sources differ: written %s; expected %s" % (extra, lacking))
    if sorted(got["coverage"]) != sorted(e.coverage):
        problems.append("coverage %s, expected %s" % (got["coverage"], e.coverage))
    if "heading" in got and got["heading"] != HEADING[lang]:
        problems.append("heading %r" % got["heading"])
    if fmt == "json":
        if got["total"] != sum(want.values()) or got["user"] != e.user():
            problems.append("figures %s (user %s), expected %s (user %s)" % (
                got["total"], got["user"], sum(want.values()), e.user()))
    if "last" in got:
        made = {"vi": "Báo cáo lập bằng chiso %s ngày %s.", "en": "Made with chiso %s on %s."}
        if got["last"] != made[lang] % (version(), MADE):
            problems.append("last line %r" % got["last"])
    else:
        if got["version"] != version() or got["made"] != MADE:
            problems.append("version %s, made %s" % (got["version"], got["made"]))
    print("\n".join(problems) or "ok")


main()
