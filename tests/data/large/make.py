#!/usr/bin/python3
# Inputs and expected outputs for tests/lua/test_large.lua: a few thousand
# rows, enough to reach the fast paths of sort (radix, >= 256 rows), rank,
# group ids (dense arrays and the hash table) and lag (dense time spans and
# the hash table), with many ties, nulls, NaN, -0.0, negative numbers,
# Vietnamese text and ints at INT64_MIN and INT64_MAX.
#
# Regenerate everything (inputs and expected outputs) from the repository root with
#
#   /usr/bin/python3 tests/data/large/make.py
#
# (Debian's Python 3.11 with pandas 1.5.3 and numpy 1.24.2). The inputs come
# from a seeded random.Random, so the files are the same on every run. The
# expected outputs are pandas', computed from the same Python values that
# were written to the inputs; chiso is never run here.
#
# Conventions where chiso and pandas differ, and how the expected values
# bridge them:
# - pandas has one missing value, NaN; chiso keeps null (missing, an empty
#   CSV field) apart from NaN (a number, "nan"). NaN appears only in column
#   xn; elsewhere a float NaN in pandas stands for chiso's null. For sort, xn
#   is sorted by (is_null, xn) so that NaN comes after every number ascending
#   and first descending, nulls last either way (docs/relational.md). For
#   rank both are missing, as in pandas (docs/ranking.md).
# - Ints are ranked and grouped through order-preserving codes (their
#   position among the sorted distinct values) so that pandas never turns
#   INT64_MAX and INT64_MAX - 1 into one float.
# - pandas 1.5.3's groupby(sort=False, dropna=False) puts the null groups
#   last; chiso keeps first appearance, so the group order is taken from
#   drop_duplicates (which keeps first appearance, nulls included).
# - Vietnamese order (collate = "vi") is the rule of docs/relational.md,
#   written out below in vi_key: letters in the alphabet
#   a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y over the whole
#   string (a space before every letter), then tones ngang huyền hỏi ngã sắc
#   nặng, then lower case before upper case. pandas has no such collation.
# - lag and friends pair rows by merging on (p, s, year - step) over the rows
#   whose key and time are not null: a row with a null key or time gets null,
#   never matches (pandas' merge would match None with None).
import os
import random
import unicodedata

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
I64_MIN, I64_MAX = -(2 ** 63), 2 ** 63 - 1

PLACES = ["An Giang", "Bà Rịa", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bình Dương", "Cà Mau",
          "Cao Bằng", "Đà Nẵng", "Điện Biên", "Đồng Nai", "Hà Nội", "Hải Phòng", "Huế",
          "Lạng Sơn", "Lâm Đồng", "Long An", "Quảng Ninh", "Quảng Nam", "Sơn La", "Tây Ninh",
          "Yên Bái", "ma", "mà", "mả", "mã", "má", "mạ", "Ma", "mai", "mă"]
EXTREMES = [I64_MIN, I64_MIN + 1, -10 ** 15, -1, 0, 1, 10 ** 15, I64_MAX - 1, I64_MAX]

# Vietnamese collation (docs/relational.md)

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vi_key(s):
    letters, tones, case = [], [], []
    for ch in s:
        d = unicodedata.normalize("NFD", ch)
        base, tone = d[0], 0
        marks = ""
        for m in d[1:]:
            if m in TONES:
                tone = TONES[m]
            else:
                marks += m
        letter = unicodedata.normalize("NFC", base + marks)
        low = letter.lower()
        letters.append(0 if low == " " else 1 + ALPHABET.index(low))
        tones.append(tone)
        case.append(0 if letter == low else 1)
    return (letters, tones, case)


VI_ORDER = sorted(PLACES, key=vi_key)
# Worked by hand from the rule, as a check on vi_key:
assert VI_ORDER == ["An Giang", "Bà Rịa", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bình Dương",
                    "Cà Mau", "Cao Bằng", "Đà Nẵng", "Điện Biên", "Đồng Nai", "Hà Nội",
                    "Hải Phòng", "Huế", "Lạng Sơn", "Lâm Đồng", "Long An", "ma", "Ma", "mà",
                    "mả", "mã", "má", "mạ", "mai", "mă", "Quảng Nam", "Quảng Ninh", "Sơn La",
                    "Tây Ninh", "Yên Bái"], VI_ORDER

# Writing CSV by hand: None is an empty field (null), floats by repr
# ("-0.0", "nan", "inf"), booleans as true/false.


def text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    v = str(v)
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v


def write(name, columns, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(columns) + "\n")
        for r in rows:
            f.write(",".join(text(v) for v in r) + "\n")


def write_frame(name, frame):
    write(name, list(frame.columns), [[None if v is pd.NA else v for v in r]
                                      for r in frame.astype(object).itertuples(index=False)])


def maybe(rng, p, v):
    return None if rng.random() < p else v


# rows.csv: the input of the sort, rank, group and distinct tests

def make_rows(rng, n):
    rows = []
    for i in range(1, n + 1):
        x = rng.randint(-80, 80) / 4
        if x == 0 and rng.random() < 0.5:
            x = -0.0
        r = rng.random()
        if r < 0.12:
            xn = float("nan")
        elif r < 0.6:
            xn = rng.choice([-2.5, -1.0, -0.0, 0.0, 1.0, 2.5, float("inf"), float("-inf")])
        else:
            xn = rng.randint(-40, 40) / 8
        big = rng.choice(EXTREMES) if rng.random() < 0.6 else rng.randint(I64_MIN, I64_MAX)
        rows.append({
            "id": i,
            "p": maybe(rng, 0.05, rng.choice(PLACES)),
            "k": maybe(rng, 0.05, rng.randint(-3, 4)),
            "b": maybe(rng, 0.05, rng.random() < 0.5),
            "big": big,
            "bign": maybe(rng, 0.06, rng.choice(EXTREMES)),
            "v": maybe(rng, 0.08, rng.randint(-50, 50)),
            "x": maybe(rng, 0.08, x),
            "xn": maybe(rng, 0.08, xn),
        })
    return rows


ROW_COLUMNS = ["id", "p", "k", "b", "big", "bign", "v", "x", "xn"]


def frame_of(rows):
    """pandas' view: nullable ints and booleans, None in strings, NaN for a null float."""
    df = pd.DataFrame({c: [r[c] for r in rows] for c in ROW_COLUMNS})
    for c in ["id", "k", "v"]:
        df[c] = pd.array([r[c] for r in rows], dtype="Int64")
    df["b"] = pd.array([r["b"] for r in rows], dtype="boolean")
    for c in ["x", "xn"]:
        df[c] = np.array([np.nan if r[c] is None else r[c] for r in rows], dtype=float)
    df["xn_null"] = [r["xn"] is None for r in rows]
    # order codes for the 64-bit ints (NaN for null), and for vi order
    for c in ["big", "bign"]:
        distinct = sorted({r[c] for r in rows if r[c] is not None})
        place = {v: j for j, v in enumerate(distinct)}
        df[c + "_code"] = [np.nan if r[c] is None else float(place[r[c]]) for r in rows]
    vi = {s: j for j, s in enumerate(VI_ORDER)}
    df["p_vi"] = [np.nan if r["p"] is None else float(vi[r["p"]]) for r in rows]
    return df


# sort: for each case, the ids in the expected order. A stable sort equals a
# sort with id (the row order) as the last ascending key.
SORTS = [
    # name, [(column in pandas, ascending)], na_position
    ("p", [("p", True)], "last"),
    ("p_desc", [("p", False)], "last"),
    ("p_vi", [("p_vi", True)], "last"),
    ("p_vi_desc", [("p_vi", False)], "last"),
    ("k_x_desc", [("k", True), ("x", False)], "last"),
    ("x", [("x", True)], "last"),
    ("x_desc", [("x", False)], "last"),
    ("xn", [("xn_null", True), ("xn", True)], "last"),       # NaN after numbers, nulls last
    ("xn_desc", [("xn_null", True), ("xn", False)], "first"),  # NaN first, nulls last
    ("big", [("big_code", True)], "last"),
    ("big_desc", [("big_code", False)], "last"),
    ("bign", [("bign_code", True)], "last"),
    ("bign_desc", [("bign_code", False)], "last"),
    ("p_k_v", [("p", True), ("k", True), ("v", True)], "last"),
    ("v_desc_bign", [("v", False), ("bign_code", True)], "last"),
    ("b_desc_p_vi", [("b", False), ("p_vi", True)], "last"),
]


def expected_sorts(df):
    out = {}
    for name, keys, na in SORTS:
        cols = [c for c, _ in keys] + ["id"]
        asc = [a for _, a in keys] + [True]
        out[name] = df.sort_values(cols, ascending=asc, na_position=na, kind="stable")["id"].tolist()
    return pd.DataFrame(out)


# rank: (name, column, by, ties, desc, na, pct)
def rank_cases():
    cases = []
    for ties in ["min", "max", "average", "first", "dense"]:
        for desc in [False, True]:
            for na in ["keep", "top", "bottom"]:
                cases.append(("x_p_%s_%s_%s" % (ties, "d" if desc else "a", na), "x", ["p"], ties,
                              desc, na, False))
    more = [
        ("x", ["p"], "min", False, "keep", True), ("x", ["p"], "max", True, "bottom", True),
        ("x", ["p"], "average", False, "top", True), ("x", ["p"], "first", True, "keep", True),
        ("x", ["p"], "dense", False, "bottom", True), ("x", ["p"], "dense", True, "top", True),
        ("xn", [], "min", False, "keep", False), ("xn", [], "average", True, "top", False),
        ("xn", [], "first", False, "bottom", False), ("xn", [], "dense", True, "keep", False),
        ("xn", [], "max", False, "top", False), ("xn", [], "average", False, "keep", True),
        ("big", [], "min", False, "keep", False), ("big", [], "max", True, "keep", False),
        ("big", [], "average", False, "keep", False), ("big", [], "first", True, "keep", False),
        ("big", [], "dense", False, "keep", False), ("big", [], "dense", True, "keep", False),
        ("bign", [], "min", False, "keep", False), ("bign", [], "dense", True, "top", False),
        ("bign", [], "first", False, "bottom", False),
        ("p", ["k"], "min", False, "keep", False), ("p", ["k"], "dense", True, "bottom", False),
        ("p", ["k"], "first", False, "top", False),
        ("v", ["p", "k"], "min", True, "keep", False), ("v", ["p", "k"], "average", False, "bottom", False),
        ("v", ["p", "k"], "first", False, "keep", False), ("v", ["p", "k"], "dense", True, "top", False),
        ("v", ["bign"], "min", False, "keep", False), ("v", ["bign"], "max", True, "bottom", False),
        ("v", ["bign"], "first", True, "top", False), ("v", ["bign"], "average", False, "keep", False),
        ("v", ["p", "bign"], "dense", False, "keep", False),
        ("v", ["p", "bign"], "first", True, "bottom", False),
        ("v", ["b", "k"], "min", False, "keep", False),
    ]
    for col, by, ties, desc, na, pct in more:
        name = "%s_%s_%s_%s_%s%s" % (col, "".join(by) or "all", ties, "d" if desc else "a", na,
                                      "_pct" if pct else "")
        cases.append((name, col, by, ties, desc, na, pct))
    return cases


def pandas_column(df, col):
    """The values pandas ranks or groups by: order codes for 64-bit ints, floats else."""
    if col in ("big", "bign"):
        return df[col + "_code"]
    if col in ("k", "v"):
        return df[col].astype("float64")
    if col == "b":
        return df[col].astype("float64")
    return df[col]


def expected_ranks(df):
    out = {}
    for name, col, by, ties, desc, na, pct in rank_cases():
        s = pandas_column(df, col)
        if by:
            keys = [pandas_column(df, k) for k in by]
            # rows with a null key belong to no group (pandas drops them too)
            r = s.groupby(keys).rank(method=ties, ascending=not desc, na_option=na, pct=pct)
        else:
            r = s.rank(method=ties, ascending=not desc, na_option=na, pct=pct)
        if ties in ("average",) or pct:
            out[name] = [None if np.isnan(v) else float(v) for v in r]
        else:
            out[name] = [None if np.isnan(v) else int(v) for v in r]
    return out


# group_by/agg and distinct

AGG_KEYS = [["p", "k"], ["p", "bign"], ["b", "k"]]


def expected_aggs(df, rows, keys, sort):
    kc = pd.DataFrame({k: pandas_column(df, k) if k in ("bign", "b") else df[k] for k in keys})
    # one label per combination of keys, nulls included (NaN written "NA")
    label = kc.astype(object).apply(lambda r: "|".join("NA" if pd.isna(v) else repr(v) for v in r), axis=1)
    g = df.groupby(label, sort=False)
    res = pd.DataFrame({
        "n": g.size(),
        "nv": g["v"].count(),
        "sv": g["v"].sum(),
        "lo": g["v"].min(),
        "hi": g["v"].max(),
        "nd": g["v"].nunique(),
        "mx": g["x"].mean(),
        "cxn": g["xn"].count(),
        "hxn": g["xn"].max(),
    })
    firsts = kc.drop_duplicates()  # the first row of each group, in order of appearance
    if sort:
        firsts = firsts.sort_values(keys, na_position="last", kind="stable")
    lines = []
    for i in firsts.index:
        a = res.loc[label[i]]
        row = [rows[i][k] for k in keys]
        row += [int(a.n), int(a.nv), int(a.sv),
                None if pd.isna(a.lo) else int(a.lo), None if pd.isna(a.hi) else int(a.hi),
                int(a.nd), None if pd.isna(a.mx) else float(a.mx), int(a.cxn),
                None if pd.isna(a.hxn) else float(a.hxn)]
        lines.append(row)
    assert sum(r[len(keys)] for r in lines) == len(df)
    return keys + ["n", "nv", "sv", "lo", "hi", "nd", "mx", "cxn", "hxn"], lines


DISTINCTS = [["p", "k"], ["bign", "p"], ["b", "k"], ["k", "p", "bign"]]


def expected_distinct(df):
    out = {}
    for keys in DISTINCTS:
        kc = pd.DataFrame({k: pandas_column(df, k) if k in ("bign", "b") else df[k] for k in keys})
        out["_".join(keys)] = df.loc[kc.drop_duplicates().index, "id"].tolist()
    return out


# lag, lead, diff, pct_change: a panel of series (p, s) over years, with gaps

def make_panel(rng, far):
    rows = []
    for p in PLACES[:24]:
        for s in (1, 2):
            for year in range(1990, 2030):
                if rng.random() < 0.25:
                    continue
                rows.append([p, s, year])
    if far:
        # one series whose times span 10^12 years: the spans pass twice the rows
        for year in (-5, -4, 1, 2, 10 ** 12, 10 ** 12 + 1, 10 ** 12 + 3):
            rows.append(["Xa Xôi", 1, year])
    for _ in range(25):  # null key or time: no place in any series
        p, s, year = rng.choice(PLACES), rng.randint(1, 2), rng.randint(1990, 2029)
        which = rng.randint(0, 2)
        rows.append([None if which == 0 else p, None if which == 1 else s, None if which == 2 else year])
    rng.shuffle(rows)
    out = []
    for i, (p, s, year) in enumerate(rows, 1):
        r = rng.random()
        x = 0.0 if r < 0.08 else -0.0 if r < 0.1 else float("nan") if r < 0.13 else rng.randint(-400, 400) / 8
        out.append({"id": i, "p": p, "s": s, "year": year,
                    "v": maybe(rng, 0.08, rng.randint(-1000, 1000)),
                    "x": maybe(rng, 0.08, x)})
    return out


PANEL_COLUMNS = ["id", "p", "s", "year", "v", "x"]


def partners(rows, offset):
    """Each row's partner id at year + offset, found by pandas' merge; None when there is none."""
    placed = pd.DataFrame([r for r in rows if None not in (r["p"], r["s"], r["year"])])
    placed = placed[["id", "p", "s", "year"]].astype({"s": "int64", "year": "int64"})
    other = placed.assign(year=placed.year - offset).rename(columns={"id": "pid"})
    m = placed.merge(other, on=["p", "s", "year"], how="left", validate="one_to_one")
    found = dict(zip(m.id, m.pid))
    return [None if pd.isna(found.get(r["id"], np.nan)) else int(found[r["id"]]) for r in rows]


def expected_window(rows):
    byid = {r["id"]: r for r in rows}
    lag, lead, lag2 = partners(rows, -1), partners(rows, 1), partners(rows, -2)
    out = []
    for r, a, b, c in zip(rows, lag, lead, lag2):
        def val(j, col):
            return None if j is None else byid[j][col]
        vl, xl = val(a, "v"), val(a, "x")
        v_diff = None if vl is None or r["v"] is None else r["v"] - vl
        x_diff = None if xl is None or r["x"] is None else float(np.float64(r["x"]) - np.float64(xl))
        with np.errstate(divide="ignore", invalid="ignore"):
            x_pct = None if xl is None or r["x"] is None else float(np.float64(r["x"]) / np.float64(xl) - 1)
            v_pct = None if vl is None or r["v"] is None else float(np.float64(r["v"]) / np.float64(vl) - 1)
        out.append([r["id"], vl, val(b, "v"), v_diff, v_pct, val(c, "v"), xl, val(b, "x"), x_diff, x_pct,
                    val(a, "p"), val(c, "year")])
    cols = ["id", "v_lag", "v_lead", "v_diff", "v_pct_change", "v_lag2", "x_lag", "x_lead", "x_diff",
            "x_pct_change", "p_lag", "year_lag2"]
    return cols, out


def main():
    rng = random.Random(20240611)
    rows = make_rows(rng, 2000)
    write("rows.csv", ROW_COLUMNS, [[r[c] for c in ROW_COLUMNS] for r in rows])
    df = frame_of(rows)
    write_frame("sort_expected.csv", expected_sorts(df))
    ranks = expected_ranks(df)
    names = list(ranks)
    write("rank_expected.csv", names, list(zip(*[ranks[n] for n in names])))
    for keys in AGG_KEYS:
        for sort in (True, False):
            cols, lines = expected_aggs(df, rows, keys, sort)
            write("agg_%s_%s.csv" % ("_".join(keys), "sorted" if sort else "appearance"), cols, lines)
    d = expected_distinct(df)
    for name, ids in d.items():
        write("distinct_%s.csv" % name, ["id"], [[i] for i in ids])
    for far in (False, True):
        panel = make_panel(rng, far)
        name = "panel_far" if far else "panel"
        write(name + ".csv", PANEL_COLUMNS, [[r[c] for c in PANEL_COLUMNS] for r in panel])
        cols, lines = expected_window(panel)
        write(name + "_expected.csv", cols, lines)


if __name__ == "__main__":
    main()
