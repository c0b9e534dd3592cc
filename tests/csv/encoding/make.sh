#!/usr/bin/env bash
# Writes the files tests/lua/test_csv_encoding.lua reads, each from the same
# text written as UTF-8 below, by tools independent of chiso: glibc's iconv
# for TCVN3, Python's codecs for Windows-1258 and UTF-16, bytes typed by hand
# for VNI (the table in src/core/text/enctab.c says where it comes from).
# The files are kept in git; run this again only to change them.
set -eu
cd "$(dirname "$0")"

# The text: a quoted name with a comma, the decomposed tone of Khánh Hoà
# (written "Hoà", which chiso reads as the official "Hòa"), capitals, and
# every vowel mark.
text='Tỉnh,Điểm,Ghi chú
Hà Nội,43.15,thủ đô
Thừa Thiên Huế,44.87,"cố đô, di sản"
Khánh Hoà,41.02,Nha Trang
Đắk Lắk,40.5,Buôn Ma Thuột
Bà Rịa - Vũng Tàu,42,ĐỒNG BẰNG
'

printf '%s' "$text" | iconv -f UTF-8 -t TCVN5712-1 > tcvn3.csv

# Windows-1258 as Excel writes it: the letters it has whole (à, ô, ư, đ...),
# the tones it lacks as a combining byte after the letter.
printf '%s' "$text" | python3 -c '
import sys, unicodedata
out = bytearray()
for ch in sys.stdin.read():
    try:
        out += ch.encode("cp1258")
    except UnicodeEncodeError:
        d = unicodedata.normalize("NFD", ch)
        tones = [c for c in d if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
sys.stdout.buffer.write(out)' > cp1258.csv

# VNI Windows, typed byte by byte: a base letter, then one byte for its marks.
printf 'T\xe6nh,\xd1ie\xe5m,Ghi chu\xf9\n' > vni.csv
printf 'Ha\xf8 No\xe4i,43.15,thu\xfb \xf1o\xe2\n' >> vni.csv
printf 'Th\xf6\xf8a Thie\xe2n Hue\xe1,44.87,"co\xe1 \xf1o\xe2, di sa\xfbn"\n' >> vni.csv
printf 'Kha\xf9nh Hoa\xf8,41.02,Nha Trang\n' >> vni.csv
printf '\xd1a\xe9k La\xe9k,40.5,Buo\xe2n Ma Thuo\xe4t\n' >> vni.csv
printf 'Ba\xf8 R\xf2a - Vu\xf5ng Ta\xf8u,42,\xd1O\xc0NG BA\xc8NG\n' >> vni.csv

printf '%s' "$text" | python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("utf-16"))' > utf16le_bom.csv
printf '%s' "$text" | python3 -c 'import sys; sys.stdout.buffer.write(b"\xfe\xff" + sys.stdin.read().encode("utf-16-be"))' > utf16be_bom.csv
printf '%s' "$text" | python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("utf-16-le"))' > utf16le.csv
printf '%s' "$text" | python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("utf-16-be"))' > utf16be.csv

# Garbled: the TCVN3 and Windows-1258 bytes above read as Windows-1252 and saved as UTF-8.
for enc in tcvn3 cp1258; do
  python3 -c 'import sys; sys.stdout.write(open(sys.argv[1], "rb").read().decode("cp1252"))' "$enc.csv" > "garbled_$enc.csv"
done
