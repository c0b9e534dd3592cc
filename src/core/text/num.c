/*
 * num.c - locale-independent number parsing and shortest float formatting.
 *
 * Most numbers in government tables have few digits, so parsing takes the
 * exact fast path (a mantissa under 2^53 scaled by an exact power of ten) and
 * only falls back to strtod_l in the "C" locale for the rest.
 */
#define _GNU_SOURCE
#include "num.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double num_exact_pow10[NUM_EXACT_POW10] = {
  1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static locale_t c_locale(void)
{
  static locale_t loc;
  if (loc == (locale_t)0)
    loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  return loc;
}

static int is_digit(char c) { return num_is_digit(c); }

static int ieq(const char *s, size_t len, const char *word)
{
  size_t n = strlen(word);
  if (len != n)
    return 0;
  for (size_t k = 0; k < n; k++) {
    char c = s[k];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != word[k])
      return 0;
  }
  return 1;
}

static int parse_special(const char *s, size_t len, double *f)
{
  int neg = 0;
  if (len > 0 && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s++, len--;
  }
  if (ieq(s, len, "inf") || ieq(s, len, "infinity")) {
    *f = neg ? -HUGE_VAL : HUGE_VAL;
    return NUM_FLOAT;
  }
  if (ieq(s, len, "nan")) {
    *f = NAN;
    return NUM_FLOAT;
  }
  return NUM_NONE;
}

/* What scanning a number found: enough for the exact fast path. */
typedef struct scan {
  uint64_t mantissa;
  int ndigits;  /* significant digits in mantissa */
  int dropped;  /* digits that did not fit in mantissa */
  int scale;    /* power of ten the mantissa is multiplied by */
  int is_float;
  int neg;
} scan;

static void add_digit(scan *sc, char c, int fraction)
{
  if (sc->ndigits == 0 && c == '0') {
    if (fraction)
      sc->scale--;
    return;
  }
  if (sc->ndigits < 19) {
    sc->mantissa = sc->mantissa * 10 + (uint64_t)(c - '0');
    sc->ndigits++;
    if (fraction)
      sc->scale--;
  } else {
    sc->dropped = 1;
    if (!fraction)
      sc->scale++;
  }
}

/* Integer part, with thousands groups when a separator is set. Returns its end or NULL. */
static const char *scan_integer(scan *sc, const char *p, const char *end, char sep)
{
  const char *start = p;
  size_t group = 0;
  int grouped = 0;
  for (; p < end; p++) {
    if (is_digit(*p)) {
      add_digit(sc, *p, 0);
      group++;
    } else if (sep != 0 && *p == sep) {
      if (group == 0 || group > 3 || (grouped && group != 3))
        return NULL;
      grouped = 1;
      group = 0;
    } else {
      break;
    }
  }
  if (grouped && group != 3)
    return NULL;
  if (p - start > 1 && start[0] == '0')
    return NULL; /* leading zero: a code such as "01", not a number */
  return p;
}

static const char *scan_exponent(scan *sc, const char *p, const char *end)
{
  if (p == end || (*p != 'e' && *p != 'E'))
    return p;
  p++;
  int eneg = 0;
  if (p < end && (*p == '+' || *p == '-'))
    eneg = *p++ == '-';
  if (p == end || !is_digit(*p))
    return NULL;
  int e = 0;
  for (; p < end && is_digit(*p); p++)
    if (e < 100000)
      e = e * 10 + (*p - '0');
  sc->scale += eneg ? -e : e;
  sc->is_float = 1;
  return p;
}

static int scan_number(scan *sc, const char *s, size_t len, const num_style *st)
{
  const char *p = s, *end = s + len;
  if (p < end && (*p == '+' || *p == '-'))
    sc->neg = *p++ == '-';
  const char *int_start = p;
  p = scan_integer(sc, p, end, st->thousands);
  if (p == NULL)
    return 0;
  int int_digits = p != int_start;
  int frac_digits = 0;
  if (p < end && *p == st->decimal) {
    sc->is_float = 1;
    for (p++; p < end && is_digit(*p); p++, frac_digits++)
      add_digit(sc, *p, 1);
  }
  if (!int_digits && !frac_digits)
    return 0;
  p = scan_exponent(sc, p, end);
  return p == end;
}

/* Longest number text handed to strtod_l; longer ones stay text. */
#define SLOW_MAX 400

/* The correctly rounded value of a number that scan_number accepted. */
static int scan_value(const scan *sc, const char *s, size_t len, const num_style *st, double *f)
{
  if (!sc->dropped && sc->mantissa < ((uint64_t)1 << 53) && sc->scale >= -22 &&
      sc->scale <= 22) {
    double m = (double)sc->mantissa;
    double v = sc->scale < 0 ? m / num_exact_pow10[-sc->scale] : m * num_exact_pow10[sc->scale];
    *f = sc->neg ? -v : v;
    return 1;
  }
  if (len >= SLOW_MAX)
    return 0;
  char text[SLOW_MAX];
  size_t n = 0;
  for (size_t k = 0; k < len; k++) {
    if (st->thousands != 0 && s[k] == st->thousands)
      continue;
    text[n++] = s[k] == st->decimal ? '.' : s[k];
  }
  text[n] = '\0';
  *f = strtod_l(text, NULL, c_locale());
  return 1;
}

int num_parse(const char *s, size_t len, const num_style *style, int64_t *i, double *f)
{
  if (len == 0)
    return NUM_NONE;
  if (style->thousands == 0) {
    int quick = num_quick(s, len, style->decimal, i, f);
    if (quick != NUM_NONE)
      return quick;
  }
  if (!is_digit(s[len - 1]) && s[len - 1] != '.' && s[len - 1] != ',')
    return parse_special(s, len, f);
  if (!is_digit(s[0]) && s[0] != '-' && s[0] != '+' && s[0] != style->decimal)
    return NUM_NONE; /* " 12", "x1": no scan needed to see it */
  scan sc;
  memset(&sc, 0, sizeof sc);
  if (!scan_number(&sc, s, len, style))
    return NUM_NONE;
  if (!sc.is_float) {
    if (sc.dropped || sc.scale != 0)
      return NUM_NONE; /* too many digits for int64 */
    if (sc.mantissa > (uint64_t)INT64_MAX + (uint64_t)sc.neg)
      return NUM_NONE;
    *i = sc.neg ? (int64_t)(0 - sc.mantissa) : (int64_t)sc.mantissa;
    *f = (double)*i;
    return NUM_INT;
  }
  return scan_value(&sc, s, len, style, f) ? NUM_FLOAT : NUM_NONE;
}

/* The space that starts s: a space or tab (1 byte), U+00A0 (2) or U+202F (3); 0 if none. */
static inline size_t space_at(const char *s, size_t len)
{
  if (len == 0)
    return 0;
  if (s[0] == ' ' || s[0] == '\t')
    return 1;
  if ((unsigned char)s[0] < 0xC2)
    return 0;
  if (len >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
    return 2;
  if (len >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
    return 3;
  return 0;
}

/* The space that ends s, as space_at. The lead bytes 0xC2 and 0xE2 never end another character. */
static inline size_t space_before(const char *s, size_t len)
{
  if (len == 0)
    return 0;
  if (s[len - 1] == ' ' || s[len - 1] == '\t')
    return 1;
  if ((unsigned char)s[len - 1] < 0x80)
    return 0;
  if (len >= 2 && memcmp(s + len - 2, "\xC2\xA0", 2) == 0)
    return 2;
  if (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xAF", 3) == 0)
    return 3;
  return 0;
}

void num_trim(const char **s, size_t *len)
{
  size_t n;
  while ((n = space_at(*s, *len)) > 0)
    *s += n, *len -= n;
  while ((n = space_before(*s, *len)) > 0)
    *len -= n;
}

/* Longest number num_parse_loose takes, once what it sets aside is gone. */
#define LOOSE_MAX SLOW_MAX

int num_parse_loose(const char *s, size_t len, const num_style *style, int64_t *i, double *f,
                    int *percent)
{
  char buf[LOOSE_MAX];
  size_t n = 0;
  *percent = 0;
  num_trim(&s, &len);
  if (len > 0 && s[0] == '\'')
    s++, len--;
  if (len >= 3 && memcmp(s, "\xE2\x88\x92", 3) == 0) { /* U+2212 MINUS SIGN */
    buf[n++] = '-';
    s += 3, len -= 3;
  }
  if (len > 0 && s[len - 1] == '%') {
    len--;
    num_trim(&s, &len); /* "85,94 %", as French and Vietnamese typography writes it */
    if (len == 0 || (!is_digit(s[len - 1]) && s[len - 1] != style->decimal))
      return NUM_NONE; /* not after a number: "inf%", "%" */
    *percent = 1;
  }
  for (size_t k = 0; k < len; n++) {
    size_t sp = style->thousands == ' ' && s[k] != '\t' ? space_at(s + k, len - k) : 0;
    if (n + 1 >= sizeof buf)
      return NUM_NONE;
    buf[n] = sp > 0 ? ' ' : s[k];
    k += sp > 0 ? sp : 1;
  }
  return num_parse(buf, n, style, i, f);
}

static int reads_back(const char *text, double v)
{
  return strtod_l(text, NULL, c_locale()) == v;
}

size_t num_format_float(double v, char *buf)
{
  if (isnan(v))
    return (size_t)snprintf(buf, NUM_BUFSIZE, "nan");
  if (isinf(v))
    return (size_t)snprintf(buf, NUM_BUFSIZE, v < 0 ? "-inf" : "inf");
  /*
   * A decimal of at most 15 digits (DBL_DIG) comes back from its nearest
   * double when printed with 15 digits, so starting at 15 finds the shortest
   * form of a normal double. Subnormals have fewer bits, and shorter forms,
   * so they try every precision.
   */
  int n = 0;
  for (int precision = fabs(v) < DBL_MIN ? 1 : 15; precision <= 17; precision++) {
    n = snprintf(buf, NUM_BUFSIZE, "%.*g", precision, v);
    if (reads_back(buf, v))
      break;
  }
  if (strpbrk(buf, ".e") == NULL) {
    memcpy(buf + n, ".0", 3);
    n += 2;
  }
  return (size_t)n;
}

size_t num_format_int(int64_t v, char *buf)
{
  return (size_t)snprintf(buf, NUM_BUFSIZE, "%lld", (long long)v);
}
