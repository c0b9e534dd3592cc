"""casegen: writes one CSV case (NAME.csv, NAME.expect and, when it has options, NAME.opts)
from a case written by hand in make_cases.py or make_vn.py.

Where each part of an expectation comes from:
- the fields of every record, their line numbers, and whether an empty field was quoted:
  Python's csv module, csv.reader(io.StringIO(text, newline=""), delimiter=D,
  quoting=csv.QUOTE_NOTNULL, strict=False). QUOTE_NOTNULL (honoured by the reader from
  Python 3.13 on) gives None for an unquoted empty field and "" for a quoted one, which is
  the spec's null rule. The file's bytes are decoded the way Python decodes them
  ("utf-8-sig", "utf-16"; the legacy encodings below), never by chiso.
- the delimiter D Python is given, the layout (titles, header rows, footnotes, dropped
  columns), the names where they are not the header's fields, each column's type, the
  notes and the errors: written by hand in the case, from /work/spec-csv.md (issue 14) and
  docs/csv.md. This script only checks that what is written by hand is consistent with
  Python's fields (a title line has at most one non-empty cell, an int column holds only
  integers, an error line really holds a ragged row, ...) and stops when it is not.
- values: each field converted by the hand-written type of its column with the number
  rules of spec-csv.md (spaces, U+00A0 and U+202F around numbers, decimal comma, thousands
  separators, percent sign, leading apostrophe, Unicode minus), written out below in
  convert(). Nothing here calls chiso.

The .expect file is a Lua chunk returning a table, read by tests/lua/test_csv_cases.lua:
  names, types, rows (a list of rows; null is chiso.null, inf and nan are floats),
  notes (strings each note list must contain, as substrings), delimiter (report.delimiter)
or, for a file that must be refused:
  error (a list of substrings of the message), line (the line the message names, or nil).
The tests never run Python: the files are committed, and make_cases.py --check says whether
they are what this script writes.
"""
import csv
import io
import os
import re
import subprocess
import sys
import unicodedata

if sys.version_info < (3, 13):
    sys.exit("casegen needs Python 3.13 or later: its csv.reader honours QUOTE_NOTNULL "
             "(e.g. pyenv's: ~/.pyenv/versions/3.13.0/bin/python3)")

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = f"Python {sys.version_info.major}.{sys.version_info.minor}"
DEFAULT_NA = ("NA", "N/A", "null")
SPACES = " \u00a0\u202f"  # what spec-csv.md lets stand around a number, a bool or a null token

CHECK = "--check" in sys.argv
written = []
differs = []


# ---------------------------------------------------------------- encodings

def tcvn3(text):
    """TCVN 5712:1993 bytes made by glibc's iconv (Python has no TCVN3 codec)."""
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(),
                          check=True, capture_output=True).stdout


def untcvn3(data):
    return subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data,
                          check=True, capture_output=True).stdout.decode()


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Windows-1258 bytes as Windows writes Vietnamese: a letter with its vowel mark
    precomposed where the code page has it (â ê ô ă ơ ư đ and à á è é í ó ú ...), a tone
    that the code page lacks precomposed as a combining mark after it. Python's cp1258
    codec encodes only what the code page holds precomposed ('ộ' fails), so each letter is
    tried whole, then as its base with vowel marks plus the tone. Checked against glibc's
    iconv -t CP1258 below."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = parts[0] + "".join(m for m in parts[1:] if m not in TONES)
        tone = "".join(m for m in parts[1:] if m in TONES)
        out += unicodedata.normalize("NFC", base).encode("cp1258") + tone.encode("cp1258")
    out = bytes(out)
    glibc = subprocess.run(["iconv", "-f", "UTF-8", "-t", "CP1258"], input=text.encode(),
                           check=True, capture_output=True).stdout
    assert out == glibc, f"cp1258 of {text!r}: ours {out!r}, glibc's {glibc!r}"
    return out


# VNI Windows (VNI-Times fonts): a letter, then one byte for its marks. Written from two
# published tables: the VNI column of "Bảng đối chiếu encoding các bộ chữ hiện hành với
# Unicode" (Scribd document 23311958), whose rows give e.g. á = "aù" (61 F9), à = "aø"
# (61 F8), ả = "aû" (61 FB), ã = "aõ" (61 F5), ạ = "aï" (61 EF), ă = "aê" (61 EA),
# ắ = "aé" (E9), ằ = "aè" (E8), ẳ = "aú" (FA), ẵ = "aü" (FC), ặ = "aë" (EB), â = "aâ" (E2),
# ấ = "aá" (E1), ầ = "aà" (E0), ẩ = "aå" (E5), ẫ = "aã" (E3), ậ = "aä" (E4), the same bytes
# after e, and í = ED, ì = EC, ỉ = E6, ĩ = F3, ị = F2; and the table "Unicode & Vietnamese
# Legacy Character Encodings" (as copied on dothanhlong.org), whose capitals read À = "AØ"
# (41 D8), Á = "AÙ" (41 D9), Â = "AÂ" (41 C2), Ã = "AÕ" (41 D5), Ì = CC, Í = CD: a capital
# takes the mark byte 0x20 lower. Not read in either table but taken from the encoding's
# usual description: ơ = F4 ("ô"), ư = F6 ("ö"), đ = F1 ("ñ") (capitals D4, D6, D1), with a
# tone byte after ơ and ư as after a plain vowel; and ỵ, which is left out (no case uses it).
VNI_MARK = {  # (vowel mark, tone) -> second byte, lower case
    ("", "\u0301"): 0xF9, ("", "\u0300"): 0xF8, ("", "\u0309"): 0xFB,
    ("", "\u0303"): 0xF5, ("", "\u0323"): 0xEF,
    ("\u0302", ""): 0xE2, ("\u0302", "\u0301"): 0xE1, ("\u0302", "\u0300"): 0xE0,
    ("\u0302", "\u0309"): 0xE5, ("\u0302", "\u0303"): 0xE3, ("\u0302", "\u0323"): 0xE4,
    ("\u0306", ""): 0xEA, ("\u0306", "\u0301"): 0xE9, ("\u0306", "\u0300"): 0xE8,
    ("\u0306", "\u0309"): 0xFA, ("\u0306", "\u0303"): 0xFC, ("\u0306", "\u0323"): 0xEB,
}
VNI_I = {"\u0301": 0xED, "\u0300": 0xEC, "\u0309": 0xE6, "\u0303": 0xF3, "\u0323": 0xF2}
VNI_ONE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1}  # the horned letters and đ: one byte


def vni(text):
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x80:
            out.append(ord(ch))
            continue
        parts = unicodedata.normalize("NFD", ch)
        letter, marks = parts[0], parts[1:]
        if any(m not in TONES and m not in ("\u0302", "\u0306", "\u031b") for m in marks):
            raise ValueError(f"{ch!r} is not a Vietnamese letter")
        upper = letter.isupper()
        low = letter.lower()
        shift = 0x20 if upper else 0
        horn = "\u031b" in marks
        vowel = "".join(m for m in marks if m in ("\u0302", "\u0306"))
        tone = "".join(m for m in marks if m in TONES)
        if ch.lower() == "đ":
            out.append(VNI_ONE["đ"] - shift)
        elif horn:
            out.append(VNI_ONE[unicodedata.normalize("NFC", low + "\u031b")] - shift)
            if tone:
                out.append(VNI_MARK[("", tone)] - shift)
        elif low == "i" and tone and not vowel:
            out.append(VNI_I[tone] - shift)
        elif low in "aeouy" and (vowel or tone):
            assert not (low == "y" and tone == "\u0323"), "ỵ: not in the table read"
            out.append(ord(letter))
            out.append(VNI_MARK[(vowel, tone)] - shift)
        else:
            raise ValueError(f"no VNI bytes written for {ch!r}")
    return bytes(out)


def unvni(data):
    """The inverse of vni(), for the check that the bytes decode back to the text."""
    back = {}
    for cp in range(0xC0, 0x1EFA):
        ch = chr(cp)
        if unicodedata.category(ch) not in ("Lu", "Ll"):
            continue
        try:
            back[vni(ch)] = ch
        except (ValueError, KeyError, AssertionError):
            pass
    out, i = [], 0
    while i < len(data):
        two, one = data[i:i + 2], data[i:i + 1]
        if len(two) == 2 and two in back:
            out.append(back[two])
            i += 2
        elif one in back:
            out.append(back[one])
            i += 1
        else:
            out.append(chr(data[i]))
            i += 1
    return "".join(out)


ENCODERS = {
    "utf-8": (lambda t: t.encode(), lambda b: b.decode("utf-8-sig")),
    "utf-8-bom": (lambda t: b"\xef\xbb\xbf" + t.encode(), lambda b: b.decode("utf-8-sig")),
    # Excel's "Unicode text": UTF-16 with a byte-order mark
    "utf-16le-bom": (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), lambda b: b.decode("utf-16")),
    "utf-16be-bom": (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), lambda b: b.decode("utf-16")),
    "cp1258": (cp1258, lambda b: unicodedata.normalize("NFC", b.decode("cp1258"))),
    "tcvn3": (tcvn3, lambda b: unicodedata.normalize("NFC", untcvn3(b))),
    "vni": (vni, lambda b: unicodedata.normalize("NFC", unvni(b))),
}


# ---------------------------------------------------------------- Lua literals

SHOWN_ESCAPED = {0x00A0, 0x202F, 0xFEFF, 0x2212, 0x200B}


def lua_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or 0x7F <= o < 0xA0:
            out.append("\\u{%X}" % o if o >= 0x80 else "\\%03d" % o)
        elif o in SHOWN_ESCAPED or unicodedata.category(ch) == "Mn":
            out.append("\\u{%X}" % o)  # invisible or combining: written so a reader sees it
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def lua_value(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        if v == -2**63:
            return "math.mininteger"
        return str(v)
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        r = repr(v)
        assert any(c in r for c in ".e"), r
        return r
    if isinstance(v, str):
        return lua_string(v)
    if isinstance(v, (list, tuple)):
        return "{" + ", ".join(lua_value(x) for x in v) + "}"
    raise TypeError(v)


def lua_options(opts):
    parts = []
    for k, v in opts.items():
        if isinstance(v, dict):
            inner = ", ".join(f"[{lua_string(a)}] = {lua_value(b)}" for a, b in v.items())
            parts.append(f"{k} = {{{inner}}}")
        else:
            parts.append(f"{k} = {lua_value(v)}")
    return "{" + ", ".join(parts) + "}"


# ---------------------------------------------------------------- values by hand-written type

INT = re.compile(r"[+-]?(0|[1-9][0-9]*)")
FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|nan)")


def number_text(s, opts):
    """The text of a number field as the spec reads it, ready for int() or float()."""
    s = s.strip(SPACES)
    if s.startswith("'"):
        s = s[1:]  # a leading apostrophe before a number is dropped
    if s.startswith("\u2212"):
        s = "-" + s[1:]  # the Unicode minus is a minus sign
    if s.endswith("%"):
        s = s[:-1]  # the number keeps its scale
    thousands = opts.get("thousands", "")
    decimal = opts.get("decimal", ".")
    if thousands:
        seps = [thousands] + (["\u00a0", "\u202f"] if thousands == " " else [])
        head, _, tail = s.partition(decimal)
        groups = re.split("|".join(re.escape(c) for c in seps), head)
        if len(groups) > 1:
            assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0].lstrip("+-")) <= 3, s
        s = "".join(groups) + (decimal + tail if _ else "")
    if decimal == ",":
        assert "." not in s, s
        s = s.replace(",", ".")
    return s


def convert(field, typ, opts, column):
    na = opts.get("na", DEFAULT_NA)
    if field is None:
        return None
    if field.strip(SPACES) in na:
        return None
    if typ == "string":
        return field.strip(" \t") if opts.get("trim") else field
    if field == "":
        return None  # "" is null in a column that is not text
    if typ == "bool":
        t = field.strip(SPACES).lower()
        assert t in ("true", "false"), f"column {column}: {field!r} is not a bool"
        return t == "true"
    s = number_text(field, opts)
    if typ == "int":
        assert INT.fullmatch(s), f"column {column}: {field!r} is not an int"
        v = int(s)
        assert -2**63 <= v < 2**63, f"column {column}: {field!r} does not fit 64 bits"
        return v
    if typ == "float":
        assert FLOAT.fullmatch(s), f"column {column}: {field!r} is not a float"
        return float(s)
    raise ValueError(typ)


# ---------------------------------------------------------------- the case

def records(text, delimiter, comment=None):
    """(start line, fields) of every record Python's csv reads, blank lines as []."""
    if comment:
        # a comment line becomes an empty line, so the lines after it keep their numbers
        text = "".join("\n" if ln.startswith(comment) else ln
                       for ln in text.splitlines(keepends=True))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quoting=csv.QUOTE_NOTNULL, strict=False)
    out = []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return out
        out.append((start, fields))


def strict_error(text, delimiter):
    """Python's own error and line for a malformed file (strict=True), or None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as e:
        return str(e), reader.line_num
    return None


def nonempty(fields):
    return [f for f in fields if f not in (None, "")]


def is_number(s):
    return bool(FLOAT.fullmatch(s.strip(SPACES).replace(",", ".")))


def case(folder, name, text, *, about, types=None, opts=None, delimiter=",", encoding="utf-8",
         names=None, titles=0, header_rows=1, footnotes=0, drop=(), notes=(), error=None, empties=0,
         line=None, why="", one_column=False, check=None, data=None, report_delimiter=True):
    """Writes folder/name.{csv,expect,opts}. text is the file as the UTF-8 text it holds
    (before encoding); data, when given, is the file's bytes instead (text is then what
    Python decodes them to)."""
    opts = dict(opts or {})
    enc, dec = ENCODERS[encoding]
    if data is not None:
        raw = data
        text = dec(raw)
    else:
        raw = enc(text)
        back = dec(raw)
        if encoding in ("cp1258", "tcvn3", "vni"):
            assert back == unicodedata.normalize("NFC", text), (name, back, text)
        else:
            assert back == text.removeprefix("\ufeff"), name
        text = back
    delim = opts.get("delimiter", delimiter)
    delim = "\t" if delim == "tab" else delim
    comment_lines = [f"-- {name}: {about}"]
    for w in why.strip().splitlines():
        comment_lines.append(f"-- {w.strip()}")
    if error is None or check in ("strict", "ragged"):
        comment_lines.append(f"-- Fields: {PYTHON} csv.reader(io.StringIO(text, newline=''), "
                             f"delimiter={delim!r}, quoting=csv.QUOTE_NOTNULL)")
        comment_lines.append("-- (tests/csv/casegen.py); layout, types, notes and errors by "
                             "hand from spec-csv.md (issue 14).")
    else:
        comment_lines.append("-- The error by hand from spec-csv.md (issue 14) and docs/csv.md.")
    if error is not None:
        body = expect_error(name, text, raw, delim, error, line, check, comment_lines)
    else:
        body = expect_table(name, text, delim, opts, types, names, titles, header_rows,
                            footnotes, drop, notes, one_column, report_delimiter, empties)
    expect = "\n".join(comment_lines) + "\nreturn " + body + "\n"
    out = os.path.join(HERE, folder)
    os.makedirs(out, exist_ok=True)
    emit(os.path.join(out, name + ".csv"), raw)
    emit(os.path.join(out, name + ".expect"), expect.encode())
    if opts:
        emit(os.path.join(out, name + ".opts"), (lua_options(opts) + "\n").encode())


def expect_error(name, text, raw, delim, error, line, check, comment_lines):
    subs = [error] if isinstance(error, str) else list(error)
    if check == "strict":
        got = strict_error(text, delim)
        assert got is not None, f"{name}: Python's strict reader accepts the file"
        assert got[1] == line, f"{name}: Python's strict reader stops on line {got[1]}"
        comment_lines.append(f"-- Python's csv.reader(strict=True) refuses it too, on line {got[1]}: "
                             f"{got[0]}")
    elif check == "ragged":
        recs = [r for r in records(text, delim) if r[1]]
        width = len(recs[0][1])
        bad = [ln for ln, f in recs[1:] if len(f) != width]
        assert bad and bad[0] == line, f"{name}: first ragged record on line {bad}"
    elif check == "utf8":
        first = None
        for n, piece in enumerate(raw.split(b"\n"), 1):
            try:
                piece.decode("utf-8")
            except UnicodeDecodeError:
                first = n
                break
        assert first == line, f"{name}: the first line that is not UTF-8 is {first}"
        comment_lines.append(f"-- Python: the bytes of line {line} are not UTF-8 "
                             "(bytes.decode('utf-8') fails there first).")
    return ("{\n  error = " + lua_value(subs) + ",\n  line = " +
            ("nil" if line is None else str(line)) + ",\n}")


def expect_table(name, text, delim, opts, types, names, titles, header_rows, footnotes, drop,
                 notes, one_column, report_delimiter, empties=0):
    recs = records(text, delim, opts.get("comment"))
    skip = opts.get("skip", 0)
    recs = [r for r in recs if r[0] > skip]
    if one_column:
        # an empty line between rows of a one-column file is a null (docs/csv.md); empty
        # lines before the header and at the end are not rows
        while recs and recs[0][1] == []:
            recs.pop(0)
        while recs and recs[-1][1] == []:
            recs.pop()
        recs = [(ln, f if f else [None]) for ln, f in recs]
    else:
        recs = [r for r in recs if r[1] != []]
    notes = list(notes)
    for ln, fields in recs[:titles]:
        cells = nonempty(fields)
        assert len(cells) <= 1, f"{name}: line {ln} is not a title line"
        if cells:
            notes.append(f"line {ln} ('{cells[0]}') taken for a title")
    recs = recs[titles:]
    header = opts.get("header", True)
    header_rows = opts.get("header_rows", header_rows)
    head = recs[:header_rows] if header else []
    body = recs[len(head):]
    footer = opts.get("footer", 0)
    if footer:
        body = body[:-footer]
    for ln, fields in body[len(body) - footnotes:] if footnotes else []:
        cells = nonempty(fields)
        assert len(cells) == 1 and fields[0] == cells[0] and not is_number(cells[0]), \
            f"{name}: line {ln} is not a footnote line"
        notes.append(f"line {ln} ('{cells[0]}') taken for a footnote")
    if footnotes:
        body = body[:len(body) - footnotes]
    # rows of empty cells between the table and its footnotes go with them (docs/csv.md)
    for ln, fields in body[len(body) - empties:] if empties else []:
        assert all(f is None for f in fields), f"{name}: line {ln} holds a value"
        notes.append(f"line {ln} (no values) dropped with the footnotes")
    if empties:
        body = body[:len(body) - empties]
    width = len(head[0][1]) if head else max(len(f) for _, f in body)
    ragged = opts.get("ragged", "error")
    rows = []
    for ln, fields in body:
        if len(fields) < width:
            assert ragged in ("pad", "skip"), f"{name}: line {ln} is short"
            if ragged == "skip":
                continue
            fields = fields + [None] * (width - len(fields))
        elif len(fields) > width:
            assert ragged in ("pad", "skip"), f"{name}: line {ln} is long"
            if ragged == "skip":
                continue
            assert all(f is None for f in fields[width:]), f"{name}: line {ln} has data past the header"
            fields = fields[:width]
        rows.append(fields)
    keep = [i for i in range(width) if i + 1 not in drop]
    for i in drop:
        assert not head or head[0][1][i - 1] in (None, ""), f"{name}: column {i} has a name"
        assert all(r[i - 1] is None for r in rows), f"{name}: column {i} has values"
    if names is None:
        assert header and header_rows == 1, f"{name}: names must be written by hand"
        names = [head[0][1][i] for i in keep]
        if opts.get("trim"):
            names = [n.strip(" \t") for n in names]
    assert len(names) == len(keep), f"{name}: {len(names)} names for {len(keep)} columns"
    assert types is not None and len(types) == len(keep), f"{name}: types for every column"
    values = [[convert(r[i], types[k], opts, names[k]) for k, i in enumerate(keep)] for r in rows]
    out = ["{"]
    out.append("  names = " + lua_value(names) + ",")
    out.append("  types = " + lua_value(types) + ",")
    out.append("  rows = {")
    for row in values:
        out.append("    " + lua_value(row) + ",")
    out.append("  },")
    if notes:
        out.append("  notes = " + lua_value(notes) + ",")
    if report_delimiter:
        out.append("  delimiter = " + lua_value(delim) + ",")
    out.append("}")
    return "\n".join(out)


def emit(path, data):
    rel = os.path.relpath(path, HERE)
    written.append(rel)
    if CHECK:
        try:
            with open(path, "rb") as f:
                same = f.read() == data
        except FileNotFoundError:
            same = False
        if not same:
            differs.append(rel)
        return
    with open(path, "wb") as f:
        f.write(data)


def finish(folder):
    """Removes files of the folder no case wrote (or, with --check, lists them)."""
    out = os.path.join(HERE, folder)
    stale = sorted(os.path.join(folder, f) for f in os.listdir(out)
                   if os.path.join(folder, f) not in written and f != "README.md")
    if CHECK:
        bad = differs + stale
        for f in bad:
            print(f"differs from what the generator writes: {f}")
        print(f"{folder}: {len([w for w in written if w.startswith(folder + '/') and w.endswith('.csv')])}"
              f" cases, {len(bad)} files differ")
        return not bad
    for f in stale:
        os.remove(os.path.join(HERE, f))
    print(f"{folder}: {len([w for w in written if w.startswith(folder + '/') and w.endswith('.csv')])}"
          " cases written")
    return True
