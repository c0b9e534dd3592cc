/*
 * text.c - UTF-8 validation, decoding and display width.
 */
#include "text.h"

#include <string.h>

/* Length of the sequence that starts at s, or 0 when it is not valid UTF-8. */
static size_t sequence_length(const unsigned char *s, size_t len)
{
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  if (c < 0xC2 || c > 0xF4)
    return 0; /* continuation byte, overlong 2-byte lead, or past U+10FFFF */
  size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (len < n)
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  if (c == 0xE0 && s[1] < 0xA0)
    return 0; /* overlong */
  if (c == 0xED && s[1] >= 0xA0)
    return 0; /* UTF-16 surrogate */
  if (c == 0xF0 && s[1] < 0x90)
    return 0; /* overlong */
  if (c == 0xF4 && s[1] >= 0x90)
    return 0; /* past U+10FFFF */
  return n;
}

size_t utf8_check(const char *s, size_t len)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* Most text is ASCII: skip it eight bytes at a time. */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, u + i, 8);
      if (w & 0x8080808080808080ULL)
        break;
      i += 8;
    }
    while (i < len && u[i] < 0x80)
      i++;
    if (i >= len)
      break;
    size_t n = sequence_length(u + i, len - i);
    if (n == 0)
      return i;
    i += n;
  }
  return len;
}

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t n = sequence_length(u, len);
  switch (n) {
  case 1: *cp = u[0]; break;
  case 2: *cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F); break;
  case 3: *cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F); break;
  case 4:
    *cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
          (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
    break;
  default: *cp = 0xFFFD; n = 1; break;
  }
  return n;
}

typedef struct range { uint32_t lo, hi; } range;

/* Combining marks and other zero-width characters (Vietnamese NFD tone marks are in the first). */
static const range zero_width[] = {
  {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
  {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
  {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E},
  {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
  {0xFEFF, 0xFEFF},
};

/* East Asian wide and fullwidth characters, and emoji, which terminals draw two columns wide. */
static const range double_width[] = {
  {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
  {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
  {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F},
  {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF},
  {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges(uint32_t cp, const range *r, size_t n)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < r[mid].lo)
      hi = mid;
    else if (cp > r[mid].hi)
      lo = mid + 1;
    else
      return 1;
  }
  return 0;
}

void text_trim(const char **s, size_t *len)
{
  while (*len > 0 && (**s == ' ' || **s == '\t'))
    (*s)++, (*len)--;
  while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

size_t utf8_encode(uint32_t cp, char buf[4])
{
  if (cp < 0x80) {
    buf[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    buf[0] = (char)(0xC0 | (cp >> 6));
    buf[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    buf[0] = (char)(0xE0 | (cp >> 12));
    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  buf[0] = (char)(0xF0 | (cp >> 18));
  buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  buf[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

int utf8_cpwidth(uint32_t cp)
{
  if (cp < 0x300)
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? 0 : 1;
  if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
    return 0;
  if (in_ranges(cp, double_width, sizeof double_width / sizeof double_width[0]))
    return 2;
  return 1;
}

size_t utf8_fit(const char *s, size_t len, size_t columns, size_t *width)
{
  size_t i = 0, w = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = utf8_decode(s + i, len - i, &cp);
    size_t cw = (size_t)utf8_cpwidth(cp);
    if (w + cw > columns)
      break;
    w += cw;
    i += n;
  }
  if (width != NULL)
    *width = w;
  return i;
}

size_t utf8_width(const char *s, size_t len)
{
  size_t w;
  utf8_fit(s, len, (size_t)-1, &w);
  return w;
}
