/*
 * num.h - reading and writing numbers without the C locale getting a say.
 *
 * Parsing accepts what spreadsheets write: an optional sign, digits, an
 * optional fraction and exponent, inf and nan; a caller-chosen decimal mark
 * and thousands separator (num_parse_loose: what else spreadsheets add
 * to a number). A number with a leading zero ("01") is not a
 * number: codes like that must stay text. Formatting gives the shortest text
 * that reads back to the same double.
 */
#ifndef CHISO_NUM_H
#define CHISO_NUM_H

#include <stddef.h>
#include <stdint.h>

typedef struct num_style {
  char decimal;   /* '.' or ',' */
  char thousands; /* 0 for none, else '.', ',', ' ' or '\'' */
} num_style;

enum { NUM_NONE = 0, NUM_INT = 1, NUM_FLOAT = 2 };

/*
 * Classifies s[0..len) and converts it. NUM_INT sets *i (and *f to the same
 * value as a double); NUM_FLOAT sets *f only. An integer that does not fit
 * in int64 is NUM_NONE, so it stays text rather than losing digits.
 */
int num_parse(const char *s, size_t len, const num_style *style, int64_t *i, double *f);

/* Powers of ten that doubles hold exactly: 1e0 to 1e22. */
#define NUM_EXACT_POW10 23
extern const double num_exact_pow10[NUM_EXACT_POW10];

static inline int num_is_digit(char c) { return c >= '0' && c <= '9'; }

/*
 * num_parse's common case, inline for readers that call it per field: an
 * optional minus, at most 15 digits (no leading zero), an optional decimal
 * mark (point) and fraction, nothing else; no thousands separator. NUM_NONE
 * when the text is anything more (num_parse then decides); otherwise what
 * num_parse returns for it, with the same *i and *f.
 */
static inline int num_quick(const char *s, size_t len, char point, int64_t *i, double *f)
{
  const char *p = s, *end = s + len;
  int neg = p < end && *p == '-';
  p += neg;
  const char *digits = p;
  uint64_t m = 0;
  while (p < end && num_is_digit(*p))
    m = m * 10 + (uint64_t)(*p++ - '0');
  size_t nint = (size_t)(p - digits);
  if (nint == 0 || (nint > 1 && digits[0] == '0'))
    return NUM_NONE;
  if (p == end) {
    if (nint > 15)
      return NUM_NONE;
    *i = neg ? -(int64_t)m : (int64_t)m;
    *f = (double)*i;
    return NUM_INT;
  }
  if (*p != point)
    return NUM_NONE;
  const char *frac = ++p;
  while (p < end && num_is_digit(*p))
    m = m * 10 + (uint64_t)(*p++ - '0');
  size_t nfrac = (size_t)(p - frac);
  if (p != end || nfrac == 0 || nint + nfrac > 15)
    return NUM_NONE;
  double v = (double)m / num_exact_pow10[nfrac]; /* both exact: one correctly rounded division */
  *f = neg ? -v : v;
  return NUM_FLOAT;
}

/*
 * num_parse for numbers as spreadsheets in Vietnam write them, for text
 * num_parse does not take as it is: spaces, tabs, U+00A0 and U+202F around
 * the number, a leading apostrophe (Excel's mark of a number kept as text),
 * the minus sign U+2212, a percent sign after it (dropped: the number keeps
 * its scale, and *percent is set), and with thousands ' ' the no-break
 * spaces between digit groups.
 */
int num_parse_loose(const char *s, size_t len, const num_style *style, int64_t *i, double *f,
                    int *percent);

/* Moves *s and *len past the spaces, tabs, U+00A0 and U+202F at either end. */
void num_trim(const char **s, size_t *len);

/* Longest text num_format_* writes, with its terminating NUL. */
#define NUM_BUFSIZE 32

/*
 * Shortest text that reads back to v, always recognisable as a float: 85.94,
 * 1.0, 1e+20, inf, -inf, nan. Returns the length written.
 */
size_t num_format_float(double v, char *buf);
size_t num_format_int(int64_t v, char *buf);

#endif
