/*
 * encguess.c - which encoding bytes are in, and whether UTF-8 text was
 * garbled on its way (encoding.h).
 *
 * Both judge text by its words. A word that holds a letter outside ASCII is
 * Vietnamese when it is one syllable of the language: an initial consonant
 * (b, ch, gh, gi, ngh, qu, tr...), one of the vowel groups Vietnamese
 * writes (a, oa, ươi, uyê...), a final consonant (c, ch, m, n, ng, nh, p,
 * t, and k in Central Highlands names), at most one tone, and letters all
 * small, all capitals, or a capital first. Words in other languages are
 * almost never such syllables ("Néi", "Haø", "Franỗais" are not), so
 * bytes read in the wrong encoding make words that are not Vietnamese, and
 * read in the right one make words that are.
 */
#include "encoding.h"

#include <string.h>

#include "enctab.h"
#include "text.h"
#include "vn.h"

/* Syllables */

/* Longest word looked at; longer ones are not syllables. */
#define WORD_MAX 16

typedef struct letter {
  char base;             /* ASCII, lower case; 'D' for đ */
  unsigned char mark, tone, upper;
} letter;

/* A word being gathered: its code points, and whether any came from outside ASCII. */
typedef struct word {
  uint32_t cp[WORD_MAX];
  size_t n;
  int high, overflow;
} word;

/* Verdicts over the words of a text with letters outside ASCII. */
typedef struct tally {
  size_t vietnamese, other;
  size_t ascii_other;    /* words all in ASCII that are not Vietnamese syllables */
} tally;

static int is_vowel(char b)
{
  return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* A combining mark applied to the letter before it; 0 when it cannot take it. */
static int combine(letter *l, uint32_t cp)
{
  unsigned tone = cp == 0x0300 || cp == 0x0340 ? VN_TONE_GRAVE : cp == 0x0301 || cp == 0x0341
                ? VN_TONE_ACUTE : cp == 0x0303 ? VN_TONE_TILDE : cp == 0x0309 ? VN_TONE_HOOK
                : cp == 0x0323 ? VN_TONE_DOT : VN_TONE_NONE;
  if (tone != VN_TONE_NONE) {
    if (!is_vowel(l->base) || l->tone != VN_TONE_NONE)
      return 0;
    l->tone = (unsigned char)tone;
    return 1;
  }
  unsigned mark = cp == 0x0302 ? VN_MARK_CIRCUMFLEX : cp == 0x0306 ? VN_MARK_BREVE
                : cp == 0x031B ? VN_MARK_HORN : VN_MARK_NONE;
  int fits = (mark == VN_MARK_CIRCUMFLEX && (l->base == 'a' || l->base == 'e' || l->base == 'o')) ||
             (mark == VN_MARK_BREVE && l->base == 'a') ||
             (mark == VN_MARK_HORN && (l->base == 'o' || l->base == 'u'));
  if (!fits || l->mark != VN_MARK_NONE || l->tone != VN_TONE_NONE)
    return 0;
  l->mark = (unsigned char)mark;
  return 1;
}

/* The word's letters, marks applied; 0 when one is not a Vietnamese letter. */
static size_t letters_of(const word *w, letter *out)
{
  size_t n = 0;
  for (size_t i = 0; i < w->n; i++) {
    uint32_t cp = w->cp[i];
    const vn_letter *v = vn_lookup(cp);
    if (cp >= 0x0300 && cp <= 0x036F) {
      if (n == 0 || !combine(&out[n - 1], cp))
        return 0;
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
      out[n++] = (letter){(char)(cp | 0x20), VN_MARK_NONE, VN_TONE_NONE, cp < 'a'};
    } else if (v != NULL) {
      char base = v->mark == VN_MARK_STROKE ? 'D' : v->base;
      out[n++] = (letter){base, v->mark == VN_MARK_STROKE ? 0 : v->mark, v->tone, v->upper};
    } else {
      return 0;
    }
  }
  return n;
}

/* A vowel as one character: a ă â e ê i o ô ơ u ư y are a A B e E i o O P u U y. */
static char vowel_code(const letter *l)
{
  if (l->mark == VN_MARK_BREVE)
    return 'A';
  if (l->mark == VN_MARK_HORN)
    return l->base == 'o' ? 'P' : 'U';
  if (l->mark == VN_MARK_CIRCUMFLEX)
    return l->base == 'a' ? 'B' : l->base == 'e' ? 'E' : 'O';
  return l->base;
}

/* Whether s is one of the space-separated items of list. */
static int listed(const char *list, const char *s, size_t n)
{
  for (const char *p = list; *p;) {
    size_t k = strcspn(p, " ");
    if (k == n && memcmp(p, s, n) == 0)
      return 1;
    p += k + (p[k] == ' ');
  }
  return 0;
}

static const char initials[] = "b c ch d D g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x";
static const char finals[] = "c ch m n ng nh p t k";
static const char vowel_groups[] =
  "a A B e E i o O P u U y "
  "ai ao au ay Bu By eo Eu ia iE iu oa oA oe oi oo Oi Pi ua uB uE ui uO uP Ua Ui Uu UP uy yE "
  "iEu yEu oai oay oeo uBy uOi UPi UPu uya uyE uyu";
/* Groups that never end a syllable: ăn, tiên, muốn, người, xoong, hoặc, tuần, chuyện. */
static const char need_final[] = "A B iE yE uO UP uyE oo oA uB";
/* Finals after which the tone is acute, dot below or none (Đăk Lăk is written without one). */
static const char stops[] = "c ch p t k";

/* Capitals: none, all, or the first only. */
static int case_fits(const letter *l, size_t n)
{
  size_t upper = 0;
  for (size_t i = 0; i < n; i++)
    upper += l[i].upper;
  return upper == 0 || upper == n || (upper == 1 && l[0].upper);
}

/* 1: a Vietnamese syllable; 0: no vowel at all (an abbreviation, "đ"); -1: not Vietnamese. */
static int syllable(const word *w)
{
  letter l[WORD_MAX];
  size_t n = w->overflow ? 0 : letters_of(w, l), i = 0, tones = 0;
  if (n == 0 || !case_fits(l, n))
    return -1;
  for (size_t k = 0; k < n; k++)
    tones += l[k].tone != VN_TONE_NONE;
  char s[WORD_MAX];
  size_t len = 0;
  while (i < n && !is_vowel(l[i].base))
    s[len++] = l[i++].base;
  if (i == n)
    return 0;
  if (len == 1 && s[0] == 'q' && l[i].base == 'u') /* qu: the u belongs to the consonant */
    s[len++] = l[i++].base;
  else if (len == 1 && s[0] == 'g' && l[i].base == 'i' && i + 1 < n && is_vowel(l[i + 1].base))
    s[len++] = l[i++].base;
  if (tones > 1 || (len > 0 && !listed(initials, s, len)))
    return -1;
  for (len = 0; i < n && is_vowel(l[i].base); i++)
    s[len++] = vowel_code(&l[i]);
  if (len == 0 || !listed(vowel_groups, s, len) || (i == n && listed(need_final, s, len)))
    return -1;
  unsigned tone = VN_TONE_NONE;
  for (size_t k = 0; k < n; k++)
    tone = l[k].tone != VN_TONE_NONE ? l[k].tone : tone;
  for (len = 0; i < n; i++)
    s[len++] = l[i].base;
  if (len > 0 && !listed(finals, s, len))
    return -1;
  int stop = len > 0 && listed(stops, s, len);
  return !stop || tone == VN_TONE_NONE || tone == VN_TONE_ACUTE || tone == VN_TONE_DOT ? 1 : -1;
}

/* Words */

/* Characters between words: ASCII other than letters, spaces, general punctuation. */
static int separates(uint32_t cp)
{
  if (cp < 0x80)
    return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

static void word_end(word *w, tally *t)
{
  if (w->n > 0) {
    int v = syllable(w);
    t->vietnamese += w->high && v > 0;
    t->other += w->high && v < 0;
    t->ascii_other += !w->high && v < 0;
  }
  w->n = 0;
  w->high = w->overflow = 0;
}

/* One more code point (high: it came from bytes outside ASCII). */
static void word_put(word *w, tally *t, uint32_t cp, int high)
{
  if (separates(cp)) {
    word_end(w, t);
    return;
  }
  if (w->n < WORD_MAX)
    w->cp[w->n++] = cp;
  else
    w->overflow = 1;
  w->high |= high;
}

/* Reading bytes in an encoding */

/* The code points byte b stands for in enc (not UTF-8), at most two; U+FFFD for a byte enc lacks. */
static size_t byte_cps(unsigned char b, text_encoding enc, uint32_t cp[2])
{
  if (b < 0x80) {
    cp[0] = b;
    return 1;
  }
  if (enc == ENC_VNI && b >= 0xC0) {
    const enc_vni_byte *v = &enc_vni_high[b - 0xC0];
    size_t n = 0;
    if (v->letter)
      cp[n++] = v->letter;
    if (v->mark)
      cp[n++] = enc_mark_cp(v->mark);
    if (v->tone)
      cp[n++] = enc_tone_cp(v->tone);
    if (n == 0)
      cp[n++] = 0xFFFD;
    return n;
  }
  const uint16_t *table = enc == ENC_VNI ? enc_cp1252_high : enc == ENC_TCVN3 ? enc_tcvn3_high
                        : enc_cp1258_high;
  cp[0] = table[b - 0x80] != 0 ? table[b - 0x80] : 0xFFFD;
  return 1;
}

/*
 * byte_cps for text that Windows-1252 garbled: its TCVN3 is ABC, whose fonts
 * have no capitals at 0x80-0x9F (glibc's converter takes them from VN1), so
 * "Dž" is not "DỦ".
 */
static size_t garbled_cps(unsigned char b, text_encoding enc, uint32_t cp[2])
{
  if (enc == ENC_TCVN3 && b >= 0x80 && b <= 0x9F) {
    cp[0] = 0xFFFD;
    return 1;
  }
  return byte_cps(b, enc, cp);
}

/*
 * Feeds the words of bytes s read in enc (ENC_CP1258, ENC_TCVN3, ENC_VNI or
 * ENC_UTF8) to t; garbled: bytes from text Windows-1252 garbled.
 */
static void read_words(const unsigned char *s, size_t len, text_encoding enc, int garbled, tally *t)
{
  word w = {{0}, 0, 0, 0};
  uint32_t cp[2];
  for (size_t i = 0; i < len;) {
    unsigned char b = s[i];
    if (enc == ENC_UTF8) {
      i += utf8_decode((const char *)s + i, len - i, &cp[0]);
      word_put(&w, t, cp[0], b >= 0x80);
      continue;
    }
    size_t n = garbled ? garbled_cps(b, enc, cp) : byte_cps(b, enc, cp);
    for (size_t k = 0; k < n; k++)
      word_put(&w, t, cp[k], b >= 0x80);
    i++;
  }
  word_end(&w, t);
}

/* A score for reading bytes in enc: Vietnamese words count for it, others twice as much against. */
static long score(const char *s, size_t len, text_encoding enc)
{
  tally t = {0, 0, 0};
  read_words((const unsigned char *)s, len, enc, 0, &t);
  return (long)t.vietnamese - 2 * (long)t.other;
}

enc_guess enc_guess_bytes(const char *s, size_t len)
{
  static const text_encoding candidates[] = {ENC_CP1258, ENC_TCVN3, ENC_VNI};
  long scores[3], best = 0;
  for (int k = 0; k < 3; k++) {
    scores[k] = score(s, len, candidates[k]);
    best = scores[k] > best ? scores[k] : best;
  }
  enc_guess g = {0, {ENC_UTF8, ENC_UTF8, ENC_UTF8}};
  for (int k = 0; k < 3 && best >= 2; k++) /* one word is no evidence: "ữ" is TCVN3's 0xF7 */
    if (scores[k] == best)
      g.enc[g.n++] = candidates[k];
  return g;
}

text_encoding enc_utf16_by_nuls(const char *s, size_t len)
{
  /* the first line only: names never hold NULs, so no file that reads as UTF-8 is turned away */
  const char *lf = memchr(s, '\n', len < 1024 ? len : 1024);
  size_t pairs = (size_t)((lf != NULL ? lf : s + (len < 1024 ? len : 1024)) - s) / 2, even = 0, odd = 0;
  for (size_t i = 0; i < pairs; i++) {
    even += s[2 * i] == 0;
    odd += s[2 * i + 1] == 0;
  }
  if (pairs >= 2 && odd * 4 >= pairs && even == 0)
    return ENC_UTF16LE;
  if (pairs >= 2 && even * 4 >= pairs && odd == 0)
    return ENC_UTF16BE;
  return ENC_UTF8;
}

/* Garbled text */

/* Longest text looked at: values and names are short, and this keeps the look cheap. */
#define GARBLED_MAX 1024

/* s turned back into bytes through Windows-1252 in buf; 0 when a character has no byte there. */
static size_t to_cp1252(const char *s, size_t len, unsigned char *buf, size_t size)
{
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    i += utf8_decode(s + i, len - i, &cp);
    int b = enc_cp1252_byte(cp);
    if (b < 0 || n == size)
      return 0;
    buf[n++] = (unsigned char)b;
  }
  return n;
}

/* enc_garbled, with the Vietnamese words each encoding makes of the bytes in words[]. */
static unsigned analyse(const char *s, size_t len, size_t words[ENC_COUNT])
{
  static const text_encoding candidates[] = {ENC_UTF8, ENC_CP1258, ENC_TCVN3, ENC_VNI};
  size_t i = 0;
  while (i < len && (unsigned char)s[i] < 0x80)
    i++;
  unsigned char bytes[GARBLED_MAX];
  size_t n = i == len || len > GARBLED_MAX ? 0 : to_cp1252(s, len, bytes, sizeof bytes);
  if (n == 0)
    return 0;
  tally t = {0, 0, 0};
  read_words((const unsigned char *)s, len, ENC_UTF8, 0, &t);
  if (t.other == 0)
    return 0;
  unsigned found = ENC_GARBLED_ODD;
  for (size_t k = 0; k < sizeof candidates / sizeof candidates[0]; k++) {
    text_encoding enc = candidates[k];
    if (enc == ENC_UTF8 && utf8_check((const char *)bytes, n) < n)
      continue;
    tally r = {0, 0, 0};
    read_words(bytes, n, enc, 1, &r);
    /* its other words Vietnamese too, mostly: "birinci gün" is not TCVN3's "birinci gỹn" */
    if (r.other == 0 && r.vietnamese > 0 && r.ascii_other < r.vietnamese) {
      found |= 1u << enc;
      words[enc] = r.vietnamese;
    }
  }
  return found;
}

unsigned enc_garbled(const char *s, size_t len)
{
  size_t words[ENC_COUNT] = {0};
  return analyse(s, len, words);
}

int enc_repair(const char *s, size_t len, text_encoding enc, sbuf *out, cherr *e)
{
  unsigned char bytes[GARBLED_MAX];
  size_t n = len > GARBLED_MAX ? 0 : to_cp1252(s, len, bytes, sizeof bytes);
  sbuf text;
  sbuf_init(&text);
  uint32_t cp[2];
  for (size_t i = 0; i < n; i++) {
    size_t k = enc == ENC_UTF8 ? 0 : garbled_cps(bytes[i], enc, cp);
    if (enc == ENC_UTF8)
      sbuf_addc(&text, (char)bytes[i]);
    for (size_t j = 0; j < k; j++)
      enc_put_utf8(&text, cp[j]);
  }
  int rc = text.failed ? err_nomem(e) : vn_normalize(text.p ? text.p : "", text.len, out, e);
  sbuf_free(&text);
  return rc;
}

void enc_tally_add(enc_tally *t, const char *s, size_t len)
{
  size_t words[ENC_COUNT] = {0};
  unsigned found = analyse(s, len, words);
  if (!(found & ENC_GARBLED_ODD))
    return;
  t->odd++;
  for (int k = 0; k < ENC_COUNT; k++) {
    if (!(found & (1u << k)))
      continue;
    if (t->fixed[k]++ == 0) {
      t->example[k] = s;
      t->example_len[k] = len;
    }
    t->words[k] += words[k];
  }
}

int enc_tally_verdict(const enc_tally *t)
{
  /* Most likely first, for ties: TCVN3 was the most used of them, UTF-8 read twice the rarest. */
  static const text_encoding order[] = {ENC_TCVN3, ENC_VNI, ENC_CP1258, ENC_UTF8};
  int best = -1;
  for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
    text_encoding enc = order[k];
    /* two thirds of the odd values and two words at least: one odd name is not a pattern */
    if (t->fixed[enc] == 0 || t->fixed[enc] * 3 < t->odd * 2 || t->words[enc] < 2)
      continue;
    if (best < 0 || t->fixed[enc] > t->fixed[best])
      best = (int)enc;
  }
  return best;
}
