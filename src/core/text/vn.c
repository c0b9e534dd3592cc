/*
 * vn.c - Vietnamese letters and dictionary order.
 *
 * The letter table lists every precomposed Vietnamese letter with its parts;
 * it was derived from the Unicode decompositions of U+00C0-U+01B0 and
 * U+1EA0-U+1EF9, keeping the vowel-and-mark pairs Vietnamese uses, plus Đ/đ.
 */
#include "vn.h"

#include <string.h>

#include "halt.h"
#include "sbuf.h"
#include "text.h"

/* Letters read between two looks at the deadline: a string can be hundreds of megabytes. */
static int stopped_at(size_t count)
{
  return HALT_DUE(count) && halt_check() != HALT_NONE;
}

static const vn_letter letters[] = {
  {0x00C0, 'a', 0, 1, 1}, /* À */
  {0x00C1, 'a', 0, 4, 1}, /* Á */
  {0x00C2, 'a', 2, 0, 1}, /* Â */
  {0x00C3, 'a', 0, 3, 1}, /* Ã */
  {0x00C8, 'e', 0, 1, 1}, /* È */
  {0x00C9, 'e', 0, 4, 1}, /* É */
  {0x00CA, 'e', 2, 0, 1}, /* Ê */
  {0x00CC, 'i', 0, 1, 1}, /* Ì */
  {0x00CD, 'i', 0, 4, 1}, /* Í */
  {0x00D2, 'o', 0, 1, 1}, /* Ò */
  {0x00D3, 'o', 0, 4, 1}, /* Ó */
  {0x00D4, 'o', 2, 0, 1}, /* Ô */
  {0x00D5, 'o', 0, 3, 1}, /* Õ */
  {0x00D9, 'u', 0, 1, 1}, /* Ù */
  {0x00DA, 'u', 0, 4, 1}, /* Ú */
  {0x00DD, 'y', 0, 4, 1}, /* Ý */
  {0x00E0, 'a', 0, 1, 0}, /* à */
  {0x00E1, 'a', 0, 4, 0}, /* á */
  {0x00E2, 'a', 2, 0, 0}, /* â */
  {0x00E3, 'a', 0, 3, 0}, /* ã */
  {0x00E8, 'e', 0, 1, 0}, /* è */
  {0x00E9, 'e', 0, 4, 0}, /* é */
  {0x00EA, 'e', 2, 0, 0}, /* ê */
  {0x00EC, 'i', 0, 1, 0}, /* ì */
  {0x00ED, 'i', 0, 4, 0}, /* í */
  {0x00F2, 'o', 0, 1, 0}, /* ò */
  {0x00F3, 'o', 0, 4, 0}, /* ó */
  {0x00F4, 'o', 2, 0, 0}, /* ô */
  {0x00F5, 'o', 0, 3, 0}, /* õ */
  {0x00F9, 'u', 0, 1, 0}, /* ù */
  {0x00FA, 'u', 0, 4, 0}, /* ú */
  {0x00FD, 'y', 0, 4, 0}, /* ý */
  {0x0102, 'a', 1, 0, 1}, /* Ă */
  {0x0103, 'a', 1, 0, 0}, /* ă */
  {0x0110, 'd', 4, 0, 1}, /* Đ */
  {0x0111, 'd', 4, 0, 0}, /* đ */
  {0x0128, 'i', 0, 3, 1}, /* Ĩ */
  {0x0129, 'i', 0, 3, 0}, /* ĩ */
  {0x0168, 'u', 0, 3, 1}, /* Ũ */
  {0x0169, 'u', 0, 3, 0}, /* ũ */
  {0x01A0, 'o', 3, 0, 1}, /* Ơ */
  {0x01A1, 'o', 3, 0, 0}, /* ơ */
  {0x01AF, 'u', 3, 0, 1}, /* Ư */
  {0x01B0, 'u', 3, 0, 0}, /* ư */
  {0x1EA0, 'a', 0, 5, 1}, /* Ạ */
  {0x1EA1, 'a', 0, 5, 0}, /* ạ */
  {0x1EA2, 'a', 0, 2, 1}, /* Ả */
  {0x1EA3, 'a', 0, 2, 0}, /* ả */
  {0x1EA4, 'a', 2, 4, 1}, /* Ấ */
  {0x1EA5, 'a', 2, 4, 0}, /* ấ */
  {0x1EA6, 'a', 2, 1, 1}, /* Ầ */
  {0x1EA7, 'a', 2, 1, 0}, /* ầ */
  {0x1EA8, 'a', 2, 2, 1}, /* Ẩ */
  {0x1EA9, 'a', 2, 2, 0}, /* ẩ */
  {0x1EAA, 'a', 2, 3, 1}, /* Ẫ */
  {0x1EAB, 'a', 2, 3, 0}, /* ẫ */
  {0x1EAC, 'a', 2, 5, 1}, /* Ậ */
  {0x1EAD, 'a', 2, 5, 0}, /* ậ */
  {0x1EAE, 'a', 1, 4, 1}, /* Ắ */
  {0x1EAF, 'a', 1, 4, 0}, /* ắ */
  {0x1EB0, 'a', 1, 1, 1}, /* Ằ */
  {0x1EB1, 'a', 1, 1, 0}, /* ằ */
  {0x1EB2, 'a', 1, 2, 1}, /* Ẳ */
  {0x1EB3, 'a', 1, 2, 0}, /* ẳ */
  {0x1EB4, 'a', 1, 3, 1}, /* Ẵ */
  {0x1EB5, 'a', 1, 3, 0}, /* ẵ */
  {0x1EB6, 'a', 1, 5, 1}, /* Ặ */
  {0x1EB7, 'a', 1, 5, 0}, /* ặ */
  {0x1EB8, 'e', 0, 5, 1}, /* Ẹ */
  {0x1EB9, 'e', 0, 5, 0}, /* ẹ */
  {0x1EBA, 'e', 0, 2, 1}, /* Ẻ */
  {0x1EBB, 'e', 0, 2, 0}, /* ẻ */
  {0x1EBC, 'e', 0, 3, 1}, /* Ẽ */
  {0x1EBD, 'e', 0, 3, 0}, /* ẽ */
  {0x1EBE, 'e', 2, 4, 1}, /* Ế */
  {0x1EBF, 'e', 2, 4, 0}, /* ế */
  {0x1EC0, 'e', 2, 1, 1}, /* Ề */
  {0x1EC1, 'e', 2, 1, 0}, /* ề */
  {0x1EC2, 'e', 2, 2, 1}, /* Ể */
  {0x1EC3, 'e', 2, 2, 0}, /* ể */
  {0x1EC4, 'e', 2, 3, 1}, /* Ễ */
  {0x1EC5, 'e', 2, 3, 0}, /* ễ */
  {0x1EC6, 'e', 2, 5, 1}, /* Ệ */
  {0x1EC7, 'e', 2, 5, 0}, /* ệ */
  {0x1EC8, 'i', 0, 2, 1}, /* Ỉ */
  {0x1EC9, 'i', 0, 2, 0}, /* ỉ */
  {0x1ECA, 'i', 0, 5, 1}, /* Ị */
  {0x1ECB, 'i', 0, 5, 0}, /* ị */
  {0x1ECC, 'o', 0, 5, 1}, /* Ọ */
  {0x1ECD, 'o', 0, 5, 0}, /* ọ */
  {0x1ECE, 'o', 0, 2, 1}, /* Ỏ */
  {0x1ECF, 'o', 0, 2, 0}, /* ỏ */
  {0x1ED0, 'o', 2, 4, 1}, /* Ố */
  {0x1ED1, 'o', 2, 4, 0}, /* ố */
  {0x1ED2, 'o', 2, 1, 1}, /* Ồ */
  {0x1ED3, 'o', 2, 1, 0}, /* ồ */
  {0x1ED4, 'o', 2, 2, 1}, /* Ổ */
  {0x1ED5, 'o', 2, 2, 0}, /* ổ */
  {0x1ED6, 'o', 2, 3, 1}, /* Ỗ */
  {0x1ED7, 'o', 2, 3, 0}, /* ỗ */
  {0x1ED8, 'o', 2, 5, 1}, /* Ộ */
  {0x1ED9, 'o', 2, 5, 0}, /* ộ */
  {0x1EDA, 'o', 3, 4, 1}, /* Ớ */
  {0x1EDB, 'o', 3, 4, 0}, /* ớ */
  {0x1EDC, 'o', 3, 1, 1}, /* Ờ */
  {0x1EDD, 'o', 3, 1, 0}, /* ờ */
  {0x1EDE, 'o', 3, 2, 1}, /* Ở */
  {0x1EDF, 'o', 3, 2, 0}, /* ở */
  {0x1EE0, 'o', 3, 3, 1}, /* Ỡ */
  {0x1EE1, 'o', 3, 3, 0}, /* ỡ */
  {0x1EE2, 'o', 3, 5, 1}, /* Ợ */
  {0x1EE3, 'o', 3, 5, 0}, /* ợ */
  {0x1EE4, 'u', 0, 5, 1}, /* Ụ */
  {0x1EE5, 'u', 0, 5, 0}, /* ụ */
  {0x1EE6, 'u', 0, 2, 1}, /* Ủ */
  {0x1EE7, 'u', 0, 2, 0}, /* ủ */
  {0x1EE8, 'u', 3, 4, 1}, /* Ứ */
  {0x1EE9, 'u', 3, 4, 0}, /* ứ */
  {0x1EEA, 'u', 3, 1, 1}, /* Ừ */
  {0x1EEB, 'u', 3, 1, 0}, /* ừ */
  {0x1EEC, 'u', 3, 2, 1}, /* Ử */
  {0x1EED, 'u', 3, 2, 0}, /* ử */
  {0x1EEE, 'u', 3, 3, 1}, /* Ữ */
  {0x1EEF, 'u', 3, 3, 0}, /* ữ */
  {0x1EF0, 'u', 3, 5, 1}, /* Ự */
  {0x1EF1, 'u', 3, 5, 0}, /* ự */
  {0x1EF2, 'y', 0, 1, 1}, /* Ỳ */
  {0x1EF3, 'y', 0, 1, 0}, /* ỳ */
  {0x1EF4, 'y', 0, 5, 1}, /* Ỵ */
  {0x1EF5, 'y', 0, 5, 0}, /* ỵ */
  {0x1EF6, 'y', 0, 2, 1}, /* Ỷ */
  {0x1EF7, 'y', 0, 2, 0}, /* ỷ */
  {0x1EF8, 'y', 0, 3, 1}, /* Ỹ */
  {0x1EF9, 'y', 0, 3, 0}, /* ỹ */
};

const vn_letter *vn_lookup(uint32_t cp)
{
  size_t lo = 0, hi = sizeof letters / sizeof letters[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (letters[mid].cp < cp)
      lo = mid + 1;
    else if (letters[mid].cp > cp)
      hi = mid;
    else
      return &letters[mid];
  }
  return NULL;
}

/* One unit of text: a letter with its marks, or any other character. */
typedef struct elem {
  uint32_t primary; /* place in the alphabet, or the character for non-letters */
  uint32_t cp;      /* the first code point */
  char base;        /* the ASCII letter, lower case; 0 for a non-letter */
  unsigned mark;
  unsigned tone;
  unsigned upper;
  size_t from, to;  /* its bytes in the string */
} elem;

/* Letters come after ASCII punctuation and digits, and before other scripts. */
#define LETTER_BASE 0x200
#define OTHER_BASE 0x1000

/* The alphabet, with f, j, w and z in their Latin places. */
static const struct {
  char base;
  unsigned char mark;
} alphabet[] = {
  {'a', VN_MARK_NONE}, {'a', VN_MARK_BREVE}, {'a', VN_MARK_CIRCUMFLEX}, {'b', VN_MARK_NONE},
  {'c', VN_MARK_NONE}, {'d', VN_MARK_NONE}, {'d', VN_MARK_STROKE}, {'e', VN_MARK_NONE},
  {'e', VN_MARK_CIRCUMFLEX}, {'f', VN_MARK_NONE}, {'g', VN_MARK_NONE}, {'h', VN_MARK_NONE},
  {'i', VN_MARK_NONE}, {'j', VN_MARK_NONE}, {'k', VN_MARK_NONE}, {'l', VN_MARK_NONE},
  {'m', VN_MARK_NONE}, {'n', VN_MARK_NONE}, {'o', VN_MARK_NONE}, {'o', VN_MARK_CIRCUMFLEX},
  {'o', VN_MARK_HORN}, {'p', VN_MARK_NONE}, {'q', VN_MARK_NONE}, {'r', VN_MARK_NONE},
  {'s', VN_MARK_NONE}, {'t', VN_MARK_NONE}, {'u', VN_MARK_NONE}, {'u', VN_MARK_HORN},
  {'v', VN_MARK_NONE}, {'w', VN_MARK_NONE}, {'x', VN_MARK_NONE}, {'y', VN_MARK_NONE},
  {'z', VN_MARK_NONE},
};

/* Place of base letter b with mark m in the alphabet, from 1; 0 when the pair is not a letter. */
static uint32_t alphabet_place(char b, unsigned m)
{
  for (size_t k = 0; k < sizeof alphabet / sizeof alphabet[0]; k++)
    if (alphabet[k].base == b && alphabet[k].mark == m)
      return (uint32_t)k + 1;
  return 0;
}

/* Applies a combining mark that follows a letter; 0 when cp is not a combining mark. */
static int combine(elem *e, uint32_t cp)
{
  unsigned m = cp == 0x0306 ? VN_MARK_BREVE : cp == 0x0302 ? VN_MARK_CIRCUMFLEX
             : cp == 0x031B ? VN_MARK_HORN : 0;
  unsigned t = cp == 0x0300 || cp == 0x0340 ? VN_TONE_GRAVE : cp == 0x0309 ? VN_TONE_HOOK
             : cp == 0x0303 ? VN_TONE_TILDE : cp == 0x0301 || cp == 0x0341 ? VN_TONE_ACUTE
             : cp == 0x0323 ? VN_TONE_DOT : VN_TONE_NONE;
  if (m != 0 && alphabet_place(e->base, m) != 0) {
    e->mark = m;
    e->primary = LETTER_BASE + alphabet_place(e->base, m);
  } else if (t != VN_TONE_NONE) {
    e->tone = t;
  }
  return cp >= 0x0300 && cp <= 0x036F;
}

/* Reads the element at s[*i], with the combining marks after it; 0 at the end. */
static int next_elem(const char *s, size_t len, size_t *i, elem *e)
{
  if (*i >= len)
    return 0;
  e->from = *i;
  *i += utf8_decode(s + *i, len - *i, &e->cp);
  uint32_t cp = e->cp;
  const vn_letter *l = vn_lookup(cp);
  e->base = 0;
  e->mark = VN_MARK_NONE;
  e->tone = VN_TONE_NONE;
  e->upper = 0;
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
    e->base = (char)(cp | 0x20);
    e->upper = cp < 'a';
  } else if (l != NULL) {
    e->base = l->base;
    e->mark = l->mark;
    e->tone = l->tone;
    e->upper = l->upper;
  }
  if (e->base == 0) {
    e->primary = cp < 0x80 ? cp : OTHER_BASE + cp;
    e->to = *i;
    return 1;
  }
  e->primary = LETTER_BASE + alphabet_place(e->base, e->mark);
  while (*i < len) {
    size_t n = utf8_decode(s + *i, len - *i, &cp);
    if (!combine(e, cp))
      break;
    *i += n;
  }
  e->to = *i;
  return 1;
}

/* Compares the two strings at one level: 1 primary, 2 tones, 3 case; HALTED when told to stop. */
#define HALTED 2
static int compare_level(const char *a, size_t alen, const char *b, size_t blen, int level)
{
  size_t i = 0, j = 0;
  for (size_t count = 1;; count++) {
    if (stopped_at(count))
      return HALTED;
    elem x, y;
    int more_a = next_elem(a, alen, &i, &x), more_b = next_elem(b, blen, &j, &y);
    if (!more_a || !more_b)
      return more_a - more_b;
    uint32_t p = level == 1 ? x.primary : level == 2 ? x.tone : x.upper;
    uint32_t q = level == 1 ? y.primary : level == 2 ? y.tone : y.upper;
    if (p != q)
      return p < q ? -1 : 1;
  }
}

int vn_compare(const char *a, size_t alen, const char *b, size_t blen)
{
  for (int level = 1; level <= 3; level++) {
    int c = compare_level(a, alen, b, blen, level);
    if (c == HALTED)
      return 0;
    if (c != 0)
      return c;
  }
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c != 0)
    return c;
  return alen < blen ? -1 : alen > blen;
}

/* Folding and normal form */

/* -1 with err set when halted (why) or out of memory; else 0. */
static int result(const sbuf *out, int why, cherr *err)
{
  if (why != HALT_NONE)
    return err_halt(err, why);
  return out->failed ? err_nomem(err) : 0;
}

int vn_fold(const char *s, size_t len, sbuf *out, cherr *err)
{
  size_t i = 0;
  elem e;
  int why = HALT_NONE;
  for (size_t count = 1; why == HALT_NONE && next_elem(s, len, &i, &e); count++) {
    why = HALT_DUE(count) ? halt_check() : HALT_NONE;
    if (e.base != 0)
      sbuf_addc(out, e.base);
    else if (e.cp >= 'A' && e.cp <= 'Z')
      sbuf_addc(out, (char)(e.cp | 0x20));
    else if (!(e.cp >= 0x0300 && e.cp <= 0x036F))
      sbuf_add(out, s + e.from, e.to - e.from);
  }
  return result(out, why, err);
}

/* Appends the precomposed letter for e (or e's own bytes when it is not a letter). */
static void put_letter(sbuf *out, const char *s, const elem *e)
{
  if (e->base == 0) {
    sbuf_add(out, s + e->from, e->to - e->from);
    return;
  }
  if (e->mark == VN_MARK_NONE && e->tone == VN_TONE_NONE) {
    sbuf_addc(out, e->upper ? (char)(e->base - 'a' + 'A') : e->base);
    return;
  }
  for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++) {
    const vn_letter *l = &letters[k];
    if (l->base == e->base && l->mark == e->mark && l->tone == e->tone && l->upper == e->upper) {
      char buf[4];
      sbuf_add(out, buf, utf8_encode(l->cp, buf));
      return;
    }
  }
  sbuf_add(out, s + e->from, e->to - e->from); /* no such letter: keep what was written */
}

static int is_vowel(char b)
{
  return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/*
 * The traditional tone placement of one syllable e[0..n): in an open
 * syllable ending in oa, oe or uy (not qu-), the tone goes on the o or u
 * (hòa, khỏe, thủy), as the official names are written; the newer
 * placement (hoà, khoẻ, thuỷ) moves there.
 */
static void place_tone(elem *e, size_t n)
{
  if (n < 2)
    return;
  elem *a = &e[n - 2], *b = &e[n - 1];
  int pair = (a->base == 'o' && (b->base == 'a' || b->base == 'e')) || (a->base == 'u' && b->base == 'y');
  int qu = n >= 3 && e[n - 3].base == 'q' && a->base == 'u';
  int longer = n >= 3 && is_vowel(e[n - 3].base); /* a third vowel: not one of these */
  if (!pair || qu || longer || a->mark != VN_MARK_NONE || b->mark != VN_MARK_NONE)
    return;
  if (b->tone != VN_TONE_NONE && a->tone == VN_TONE_NONE) {
    a->tone = b->tone;
    b->tone = VN_TONE_NONE;
  }
}

/* Most letters one syllable can have (nghiêng has 7); longer runs are left as they are. */
#define SYLLABLE_MAX 16

int vn_normalize(const char *s, size_t len, sbuf *out, cherr *err)
{
  elem syl[SYLLABLE_MAX];
  size_t n = 0, i = 0, count = 0;
  elem e;
  int more, why = HALT_NONE;
  do {
    more = next_elem(s, len, &i, &e);
    if (HALT_DUE(++count) && (why = halt_check()) != HALT_NONE)
      break;
    if (more && e.base != 0 && n < SYLLABLE_MAX) {
      syl[n++] = e;
      continue;
    }
    place_tone(syl, n);
    for (size_t k = 0; k < n; k++)
      put_letter(out, s, &syl[k]);
    n = 0;
    if (more && e.base != 0)
      syl[n++] = e; /* an over-long run: start a new one */
    else if (more)
      put_letter(out, s, &e);
  } while (more);
  return result(out, why, err);
}
