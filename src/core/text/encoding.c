/*
 * encoding.c - decoding to UTF-8 (encoding.h): UTF-16 here, Windows-1258
 * and TCVN3 through glibc's iconv, VNI Windows through enctab.c's table.
 * The legacy encodings write a tone as a byte of its own after its vowel,
 * some or all of the time, so their text is gathered up to a line end and
 * then put in NFC by vn_normalize, which also places tones as the official
 * names do.
 */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "enctab.h"
#include "vn.h"

static const char *const options[ENC_COUNT] = {
  "utf-8", "utf-16le", "utf-16be", "cp1258", "tcvn3", "vni",
};
static const char *const labels[ENC_COUNT] = {
  "UTF-8", "UTF-16 (little-endian)", "UTF-16 (big-endian)", "Windows-1258", "TCVN3 (ABC)",
  "VNI Windows",
};

const char *enc_option(text_encoding enc)
{
  return enc < ENC_COUNT ? options[enc] : "?";
}

const char *enc_label(text_encoding enc)
{
  return enc < ENC_COUNT ? labels[enc] : "?";
}

/* iconv's name for the encodings it decodes here; NULL for the others. */
static const char *iconv_name(text_encoding enc)
{
  return enc == ENC_CP1258 ? "CP1258" : enc == ENC_TCVN3 ? "TCVN5712-1" : NULL;
}

/*
 * Kept open for the process's life, so the modules stay loaded; volatile, so
 * the compiler keeps stores to an array that is never read (as sheet_preload).
 */
static iconv_t volatile preloaded[2];

void enc_preload(void)
{
  preloaded[0] = iconv_open("UTF-8", iconv_name(ENC_CP1258));
  preloaded[1] = iconv_open("UTF-8", iconv_name(ENC_TCVN3));
}

int enc_decoder_init(enc_decoder *d, text_encoding enc, cherr *e)
{
  memset(d, 0, sizeof *d);
  d->enc = enc;
  sbuf_init(&d->stage);
  const char *name = iconv_name(enc);
  if (name == NULL)
    return 0;
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) {
    if (errno == ENOMEM)
      return err_nomem(e);
    return err_set(e, ERR_IO, "the converter from %s (iconv's %s) cannot be loaded: %s",
                   enc_label(enc), name, strerror(errno));
  }
  d->cd = cd;
  return 0;
}

void enc_decoder_free(enc_decoder *d)
{
  if (d->cd != NULL)
    iconv_close((iconv_t)d->cd);
  d->cd = NULL;
  sbuf_free(&d->stage);
}

/* UTF-16 */

static int utf16_bad(enc_decoder *d, const char *why, uint32_t unit)
{
  snprintf(d->why, sizeof d->why, why, (unsigned)unit);
  return 1;
}

/* The UTF-16 unit of the two bytes a, b in the decoder's byte order. */
static uint32_t unit_of(const enc_decoder *d, unsigned char a, unsigned char b)
{
  return d->enc == ENC_UTF16LE ? (uint32_t)a | (uint32_t)b << 8 : (uint32_t)a << 8 | b;
}

/* One unit: a character appended, or a high surrogate kept for the next; 1 on a lone surrogate. */
static int utf16_unit(enc_decoder *d, uint32_t u, sbuf *out)
{
  if (d->high != 0) {
    if (u < 0xDC00 || u > 0xDFFF)
      return utf16_bad(d, "invalid UTF-16: a high surrogate (0x%04X) without its low half", d->high);
    enc_put_utf8(out, 0x10000 + ((d->high - 0xD800) << 10) + (u - 0xDC00));
    d->high = 0;
  } else if (u >= 0xD800 && u <= 0xDBFF) {
    d->high = u;
  } else if (u >= 0xDC00 && u <= 0xDFFF) {
    return utf16_bad(d, "invalid UTF-16: a low surrogate (0x%04X) without its high half", u);
  } else {
    enc_put_utf8(out, u);
  }
  return 0;
}

static int decode_utf16(enc_decoder *d, const char *s, size_t n, int last, sbuf *out)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  if (d->has_odd && n > 0) {
    d->has_odd = 0;
    if (utf16_unit(d, unit_of(d, d->odd, p[0]), out))
      return 1;
    i = 1;
  }
  for (; i + 1 < n; i += 2)
    if (utf16_unit(d, unit_of(d, p[i], p[i + 1]), out))
      return 1;
  if (i < n) {
    d->odd = p[i];
    d->has_odd = 1;
  }
  if (last && d->has_odd)
    return utf16_bad(d, "the file ends in the middle of a UTF-16 character (an odd number of bytes)", 0);
  if (last && d->high != 0)
    return utf16_bad(d, "invalid UTF-16: a high surrogate (0x%04X) without its low half", d->high);
  return 0;
}

/* The legacy encodings */

/*
 * Puts the staged text in NFC: up to its last line end, or all of it at the
 * end of the input. The line end is looked for in what was staged since the
 * last look only: a file whose lines end in CR alone stays staged whole, and
 * was scanned again for each block.
 */
static int normalise(enc_decoder *d, int all, sbuf *out, cherr *e)
{
  sbuf *st = &d->stage;
  if (st->failed)
    return err_nomem(e);
  size_t cut = st->len;
  while (!all && cut > d->unbroken && st->p[cut - 1] != '\n')
    cut--;
  if (!all && cut == d->unbroken)
    cut = 0;
  d->unbroken = st->len - cut; /* what stays holds no line end */
  if (cut == 0)
    return 0;
  if (vn_normalize(st->p, cut, out, e) != 0)
    return -1;
  memmove(st->p, st->p + cut, st->len - cut);
  st->len -= cut;
  return 0;
}

/* Adds to the stage what iconv holds back: a letter waiting to see whether a mark follows. */
static void iconv_flush(enc_decoder *d)
{
  char buf[64], *o = buf;
  size_t room = sizeof buf;
  iconv((iconv_t)d->cd, NULL, NULL, &o, &room);
  sbuf_add(&d->stage, buf, (size_t)(o - buf));
}

/* Through iconv: 0, or 1 on a byte the encoding lacks. */
static int decode_iconv(enc_decoder *d, const char *s, size_t n, int last)
{
  char *in = (char *)s; /* iconv's prototype; it does not write through it */
  size_t left = n;
  char buf[4096];
  while (left > 0) {
    char *o = buf;
    size_t room = sizeof buf;
    size_t rc = iconv((iconv_t)d->cd, &in, &left, &o, &room);
    int why = rc == (size_t)-1 ? errno : 0;
    sbuf_add(&d->stage, buf, (size_t)(o - buf));
    if (why == 0 || why == E2BIG)
      continue;
    iconv_flush(d);
    snprintf(d->why, sizeof d->why, "byte 0x%02X is not a character in %s",
             (unsigned)(unsigned char)*in, enc_label(d->enc));
    return 1;
  }
  if (last)
    iconv_flush(d);
  return 0;
}

/* VNI: a mark byte for the vowel before it; 1 when there is no vowel that can take it. */
static int vni_mark(enc_decoder *d, unsigned char byte, const enc_vni_byte *v)
{
  char base = (char)(d->last | 0x20);
  int ok = d->last != 0 && !(v->tone && d->last_tone) && !(v->mark && (d->last_mark || d->last_tone));
  if (v->mark == VN_MARK_CIRCUMFLEX)
    ok = ok && d->last < 0x80 && (base == 'a' || base == 'e' || base == 'o');
  else if (v->mark == VN_MARK_BREVE)
    ok = ok && d->last < 0x80 && base == 'a';
  if (!ok) {
    snprintf(d->why, sizeof d->why, "byte 0x%02X is a mark in VNI Windows, but no vowel that can "
             "take it comes before it", (unsigned)byte);
    return 1;
  }
  if (v->mark) {
    enc_put_utf8(&d->stage, enc_mark_cp(v->mark));
    d->last_mark = 1;
  }
  if (v->tone) {
    enc_put_utf8(&d->stage, enc_tone_cp(v->tone));
    d->last_tone = 1;
  }
  return 0;
}

static int is_vowel_cp(uint32_t cp)
{
  return cp < 0x80 && cp != 0 && strchr("aeiouyAEIOUY", (int)cp) != NULL;
}

/* VNI: one byte; 1 on a byte VNI lacks or a mark with no vowel for it. */
static int vni_byte(enc_decoder *d, unsigned char b)
{
  uint32_t cp = b;
  if (b >= 0xC0 && enc_vni_high[b - 0xC0].letter == 0) {
    const enc_vni_byte *v = &enc_vni_high[b - 0xC0];
    if (v->mark || v->tone)
      return vni_mark(d, b, v);
    cp = 0;
  } else if (b >= 0xC0) {
    cp = enc_vni_high[b - 0xC0].letter;
  } else if (b >= 0x80) {
    cp = enc_cp1252_high[b - 0x80];
  }
  if (cp == 0) {
    snprintf(d->why, sizeof d->why, "byte 0x%02X is not a character in VNI Windows", (unsigned)b);
    return 1;
  }
  enc_put_utf8(&d->stage, cp);
  const vn_letter *l = vn_lookup(cp);
  int vowel = is_vowel_cp(cp) || (l != NULL && l->base != 'd');
  d->last = vowel ? cp : 0;
  d->last_mark = l != NULL && l->mark != VN_MARK_NONE;
  d->last_tone = l != NULL && l->tone != VN_TONE_NONE;
  return 0;
}

static int decode_vni(enc_decoder *d, const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) { /* most bytes: ASCII */
      sbuf_addc(&d->stage, (char)b);
      d->last = is_vowel_cp(b) ? b : 0;
      d->last_mark = d->last_tone = 0;
    } else if (vni_byte(d, b)) {
      return 1;
    }
  }
  return 0;
}

int enc_decode(enc_decoder *d, const char *s, size_t n, int last, sbuf *out, cherr *e)
{
  int bad;
  d->why[0] = '\0';
  if (d->enc == ENC_UTF16LE || d->enc == ENC_UTF16BE) {
    bad = decode_utf16(d, s, n, last, out);
    return out->failed ? err_nomem(e) : bad;
  }
  if (d->enc == ENC_VNI)
    bad = decode_vni(d, s, n);
  else if (d->cd != NULL)
    bad = decode_iconv(d, s, n, last);
  else
    return err_set(e, ERR_ARG, "no decoder for %s", enc_label(d->enc));
  if (normalise(d, last || bad, out, e) != 0)
    return -1;
  return out->failed ? err_nomem(e) : bad;
}
