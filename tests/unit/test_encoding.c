/*
 * test_encoding.c - encoding.h: the byte tables of Windows-1252, Windows-1258
 * and TCVN3 against glibc's iconv byte by byte; VNI's pairs against the
 * published table (written out by hand below); decoders fed a byte at a
 * time give what they give fed at once; the guesses of an encoding and of
 * garbled text; the reader's notes (freed with csvio_report_free); and a
 * decoded read under each allocation failure.
 */
#include <iconv.h>
#include <string.h>

#include "cols.h"
#include "csvio.h"
#include "encoding.h"
#include "enctab.h"
#include "mem.h"
#include "sweep.h"
#include "unit.h"

/* What glibc's iconv makes of the one byte b in encoding name: UTF-8 in out, or "" when it refuses. */
static void iconv_byte(const char *name, unsigned char b, char *out, size_t size)
{
  iconv_t cd = iconv_open("UTF-8", name);
  char in[1] = {(char)b}, *ip = in, *op = out;
  size_t il = 1, ol = size - 1;
  if (cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
    op = out;
  else
    iconv(cd, NULL, NULL, &op, &ol);
  *op = '\0';
  if (cd != (iconv_t)-1)
    iconv_close(cd);
}

/* The UTF-8 of table[b - 0x80], or "" for 0. */
static void table_byte(const uint16_t *table, unsigned char b, char *out, size_t size)
{
  sbuf s;
  sbuf_init(&s);
  if (table[b - 0x80] != 0)
    enc_put_utf8(&s, table[b - 0x80]);
  snprintf(out, size, "%s", s.p ? s.p : "");
  sbuf_free(&s);
}

static void test_tables(void)
{
  static const struct {
    const char *name;
    const uint16_t *table;
  } tables[] = {{"CP1252", enc_cp1252_high}, {"CP1258", enc_cp1258_high},
                {"TCVN5712-1", enc_tcvn3_high}};
  CASE("encoding: the Windows-1252, Windows-1258 and TCVN3 tables are glibc iconv's, byte by byte")
  {
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
      for (unsigned b = 0x80; b <= 0xFF; b++) {
        char want[16], got[16];
        iconv_byte(tables[t].name, (unsigned char)b, want, sizeof want);
        table_byte(tables[t].table, (unsigned char)b, got, sizeof got);
        if (strcmp(want, got) != 0)
          unit_fail(__FILE__, __LINE__, "%s byte 0x%02X: iconv gives \"%s\", the table \"%s\"",
                    tables[t].name, b, want, got);
      }
  }
}

/* Decodes s (n bytes) in enc, fed whole or a byte at a time; the text, or the reason it stopped. */
static char *decode(text_encoding enc, const char *s, size_t n, int bytewise, char *buf, size_t size)
{
  enc_decoder d;
  cherr e;
  sbuf out;
  sbuf_init(&out);
  int rc = enc_decoder_init(&d, enc, &e);
  for (size_t i = 0; rc == 0 && bytewise && i < n; i++)
    rc = enc_decode(&d, s + i, 1, i + 1 == n, &out, &e);
  if (rc == 0 && !bytewise)
    rc = enc_decode(&d, s, n, 1, &out, &e);
  snprintf(buf, size, "%s", rc == 0 ? (out.p ? out.p : "") : rc > 0 ? d.why : e.msg);
  sbuf_free(&out);
  enc_decoder_free(&d);
  return buf;
}

#define DECODES(enc, lit, want)                                                      \
  do {                                                                               \
    char buf_[600];                                                                  \
    CHECK_STR(decode(enc, lit, sizeof lit - 1, 0, buf_, sizeof buf_), want);         \
    CHECK_STR(decode(enc, lit, sizeof lit - 1, 1, buf_, sizeof buf_), want);         \
  } while (0)

static void test_vni(void)
{
  CASE("encoding: VNI's letters and marks, as VNI Software's table gives them")
  {
    /* the tones on a, then the circumflex and breve with each tone */
    DECODES(ENC_VNI, "a\xF9 a\xF8 a\xFB a\xF5 a\xEF", "á à ả ã ạ");
    DECODES(ENC_VNI, "a\xE2 a\xE1 a\xE0 a\xE5 a\xE3 a\xE4", "â ấ ầ ẩ ẫ ậ");
    DECODES(ENC_VNI, "a\xEA a\xE9 a\xE8 a\xFA a\xFC a\xEB", "ă ắ ằ ẳ ẵ ặ");
    DECODES(ENC_VNI, "A\xC2 A\xC1 A\xC0 A\xC5 A\xC3 A\xC4", "Â Ấ Ầ Ẩ Ẫ Ậ");
    DECODES(ENC_VNI, "A\xCA A\xC9 A\xC8 A\xDA A\xDC A\xCB", "Ă Ắ Ằ Ẳ Ẵ Ặ");
    DECODES(ENC_VNI, "E\xD9 E\xD8 E\xDB E\xD5 E\xCF e\xE2 o\xE2 O\xC2", "É È Ẻ Ẽ Ẹ ê ô Ô");
    /* the letters of a byte of their own, and the horn vowels with tones */
    DECODES(ENC_VNI, "\xF4 \xF6 \xF1 \xED \xEC \xE6 \xF3 \xF2 \xEE", "ơ ư đ í ì ỉ ĩ ị ỵ");
    DECODES(ENC_VNI, "\xD4 \xD6 \xD1 \xCD \xCC \xC6 \xD3 \xD2 \xCE", "Ơ Ư Đ Í Ì Ỉ Ĩ Ị Ỵ");
    DECODES(ENC_VNI, "\xF4\xF9 \xF6\xEF \xD4\xD8 \xD6\xDB y\xF9 U\xD5", "ớ ự Ờ Ử ý Ũ");
    /* words: the tone moves as vn_normalize places it (hoà is written hòa) */
    DECODES(ENC_VNI, "Ng\xf6\xf4\xf8i Vie\xe4t, Hoa\xf8", "Người Việt, Hòa");
    /* 0x80-0xBF are Windows-1252's */
    DECODES(ENC_VNI, "\x93x\x94 \x96 \xA9", "“x” – ©");
  }

  CASE("encoding: VNI refuses a mark with no vowel for it and a byte it lacks")
  {
    DECODES(ENC_VNI, "b\xF9", "byte 0xF9 is a mark in VNI Windows, but no vowel that can take it comes "
            "before it");
    DECODES(ENC_VNI, "a\xF9\xF8", "byte 0xF8 is a mark in VNI Windows, but no vowel that can take it "
            "comes before it");
    DECODES(ENC_VNI, "u\xE2", "byte 0xE2 is a mark in VNI Windows, but no vowel that can take it "
            "comes before it");
    DECODES(ENC_VNI, "x\x81", "byte 0x81 is not a character in VNI Windows");
    DECODES(ENC_VNI, "x\xFF", "byte 0xFF is not a character in VNI Windows");
  }
}

static void test_decoders(void)
{
  CASE("encoding: iconv's decoders, whole and a byte at a time, in NFC")
  {
    /* printf 'Hà Nội, Thừa Thiên Huế\n' | iconv -f UTF-8 -t TCVN5712-1 | xxd */
    DECODES(ENC_TCVN3, "H\xb5 N\xe9i, Th\xf5" "a Thi\xaan Hu\xd5\n", "Hà Nội, Thừa Thiên Huế\n");
    /* printf 'Hà Nội, Thừa Thiên Huế\n' | iconv -f UTF-8 -t CP1258 | xxd: tones after letters */
    DECODES(ENC_CP1258, "H\xe0 N\xf4\xf2i, Th\xfd\xcc" "a Thi\xean Hu\xea\xec\n",
            "Hà Nội, Thừa Thiên Huế\n");
    /* a TCVN3 tone as a byte of its own (0xB0, grave) after its vowel */
    DECODES(ENC_TCVN3, "Ha\xb0 N\xab\xb4i", "Hà Nội");
    DECODES(ENC_CP1258, "a\x81", "byte 0x81 is not a character in Windows-1258");
  }

  CASE("encoding: UTF-16, whole and a byte at a time")
  {
    DECODES(ENC_UTF16LE, "H\0\xe0\0 \0N\0\xd9\x1e" "i\0", "Hà Nội");
    DECODES(ENC_UTF16BE, "\0H\0\xe0\0 \0N\x1e\xd9\0i", "Hà Nội");
    DECODES(ENC_UTF16LE, "=\xd8\0\xde", "\xF0\x9F\x98\x80"); /* U+1F600 */
    DECODES(ENC_UTF16LE, "a\0\0\xdc", "invalid UTF-16: a low surrogate (0xDC00) without its high half");
    DECODES(ENC_UTF16LE, "a\0=\xd8", "invalid UTF-16: a high surrogate (0xD83D) without its low half");
    DECODES(ENC_UTF16LE, "a\0b", "the file ends in the middle of a UTF-16 character (an odd number of "
            "bytes)");
  }
}

/* The guess for a literal, as "cp1258", "cp1258 tcvn3" or "" */
static const char *guess(const char *s, size_t n, char *buf, size_t size)
{
  enc_guess g = enc_guess_bytes(s, n);
  buf[0] = '\0';
  for (int k = 0; k < g.n; k++)
    snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", k ? " " : "", enc_option(g.enc[k]));
  return buf;
}

#define GUESS(lit, want)                                                  \
  do {                                                                    \
    char buf_[64];                                                        \
    CHECK_STR(guess(lit, sizeof lit - 1, buf_, sizeof buf_), want);       \
  } while (0)

static void test_guess(void)
{
  CASE("encoding: the guess among Windows-1258, TCVN3 and VNI")
  {
    GUESS("H\xb5 N\xe9i, Th\xf5" "a Thi\xaan Hu\xd5", "tcvn3");
    GUESS("H\xe0 N\xf4\xf2i, Th\xfd\xcc" "a Thi\xean Hu\xea\xec", "cp1258");
    GUESS("Ha\xf8 No\xe4i, Th\xf6\xf8" "a Thie\xe2n Hue\xe1", "vni");
    GUESS("plain ASCII", "");
    GUESS("\xf7", ""); /* one letter is no evidence */
    /* French in Latin-1 reads as no Vietnamese at all */
    GUESS("\xe9t\xe9 \xe0 Gen\xe8ve, fran\xe7" "ais", "");
  }

  CASE("encoding: UTF-16 without a byte-order mark by its NULs")
  {
    CHECK_INT(enc_utf16_by_nuls("a\0,\0b\0\n\0", 8), ENC_UTF16LE);
    CHECK_INT(enc_utf16_by_nuls("\0a\0,\0b\0\n", 8), ENC_UTF16BE);
    CHECK_INT(enc_utf16_by_nuls("a,b\n1,2\n", 8), ENC_UTF8);
    CHECK_INT(enc_utf16_by_nuls("a\0b\0c\0d\0", 1), ENC_UTF8); /* too short to tell */
  }
}

static void test_garbled(void)
{
  CASE("encoding: garbled text and what it was")
  {
    /* TCVN3 "Hà Nội" read as Windows-1252: H µ, N é i */
    unsigned g = enc_garbled("H\xc2\xb5 N\xc3\xa9i", 8);
    CHECK(g & ENC_GARBLED_ODD);
    CHECK(g & (1u << ENC_TCVN3));
    CHECK(!(g & (1u << ENC_VNI)));
    CHECK_INT(enc_garbled("Hà Nội", strlen("Hà Nội")), 0);
    CHECK_INT(enc_garbled("plain", 5), 0);
    CHECK_INT(enc_garbled("Français", strlen("Français")), ENC_GARBLED_ODD);
    sbuf out;
    sbuf_init(&out);
    cherr e;
    CHECK_INT(enc_repair("H\xc2\xb5 N\xc3\xa9i", 8, ENC_TCVN3, &out, &e), 0);
    CHECK_STR(out.p, "Hà Nội");
    sbuf_free(&out);
  }

  CASE("encoding: a tally needs two thirds of the odd values and two words")
  {
    enc_tally t;
    memset(&t, 0, sizeof t);
    enc_tally_add(&t, "H\xc2\xb5", 3); /* "Hµ": TCVN3's "Hà", one word */
    CHECK_INT(enc_tally_verdict(&t), -1);
    enc_tally_add(&t, "Nam \xc2\xb5 Qu\xc3\xa9", 11); /* "Nam µ Qué": "Nam à Quộ" */
    CHECK_INT(enc_tally_verdict(&t), ENC_TCVN3);
    enc_tally_add(&t, "Fran\xc3\xa7" "ais", 9); /* Français, Genève: not Vietnamese in any */
    enc_tally_add(&t, "Gen\xc3\xa8ve", 7);
    CHECK_INT(enc_tally_verdict(&t), -1); /* two of four */
  }

  CASE("encoding: the reader's notes on a garbled header and column")
  {
    csv_report r;
    cherr e;
    /* "TØnh,§iÓm" and "Hµ Néi", "Thiªn": TCVN3's "Tỉnh,Điểm", "Hà Nội", "Thiên" read as Windows-1252 */
    static const char text[] = "T\xc3\x98nh,\xc2\xa7i\xc3\x93m\nH\xc2\xb5 N\xc3\xa9i,1\nThi\xc2\xaan,2\n";
    dataset *d = csvio_read_buffer("g.csv", text, sizeof text - 1, defaults(), &r, &e);
    CHECK(d != NULL);
    CHECK(r.notes.p != NULL && strstr(r.notes.p, "header: names look like TCVN3 (ABC) saved as "
          "UTF-8 through Windows-1252 ('TØnh' is probably 'Tỉnh')\n") != NULL);
    CHECK(r.notes.p != NULL && strstr(r.notes.p, "column 'TØnh': text looks like TCVN3 (ABC) saved "
          "as UTF-8 through Windows-1252 ('Hµ Néi' is probably 'Hà Nội')\n") != NULL);
    ds_unref(d);
    csvio_report_free(&r);
  }
}

/* The sweep reads this Windows-1258 text, as Excel writes it, and checks what came out. */
static const char legacy[] = "T\xean,\xd0i\xea\xd2m\nH\xe0 N\xf4\xf2i,1\nTh\xfd\xcc" "a Thi\xean Hu\xea\xec,2\n";
static csv_report sweep_report;
static text_encoding sweep_enc;

static void *read_run(void *ctx, cherr *e)
{
  static const char u16[] = "\xff\xfeT\0\xea\0n\0,\0n\0\n\0H\0\xe0\0,\0" "1\0\n\0";
  csv_options o = *defaults();
  o.encoding = sweep_enc;
  (void)ctx;
  if (sweep_enc == ENC_UTF16LE)
    return csvio_read_buffer("u.csv", u16, sizeof u16 - 1, &o, &sweep_report, e);
  return csvio_read_buffer("w.csv", legacy, sizeof legacy - 1, &o, &sweep_report, e);
}

static void read_check(void *ctx, unsigned long n, void *made)
{
  dataset *d = made;
  (void)ctx;
  int ok = sweep_enc == ENC_UTF16LE ? d->nrow == 1 && unit_str_is(d->cols[0], 0, "H\xc3\xa0")
         : d->nrow == 2 && unit_str_is(d->cols[0], 1, "Thừa Thiên Huế") && strcmp(d->names[1], "Điểm") == 0;
  if (!ok)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the text differs", n);
  ds_unref(d);
  csvio_report_free(&sweep_report);
}

static void test_nomem(void)
{
  CASE("encoding: a decoded read under each allocation failure fails cleanly")
  {
    static const text_encoding encs[] = {ENC_CP1258, ENC_UTF16LE};
    for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++) {
      sweep_enc = encs[k];
      CHECK(unit_sweep(read_run, read_check, NULL, 100000) > 5);
    }
  }
}

void test_encoding(void)
{
  test_tables();
  test_vni();
  test_decoders();
  test_guess();
  test_garbled();
  test_nomem();
}
