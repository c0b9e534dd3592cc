/*
 * sbuf.c - growable byte buffer.
 */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

void sbuf_init(sbuf *b)
{
  b->p = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}

void sbuf_free(sbuf *b)
{
  mem_free(b->p);
  sbuf_init(b);
}

/* Room for n more bytes and a NUL. */
static int room(sbuf *b, size_t n)
{
  if (b->failed)
    return 0;
  if (n > (size_t)-1 - b->len - 1) {
    b->failed = 1;
    return 0;
  }
  if (b->len + n + 1 <= b->cap)
    return 1;
  size_t cap = b->cap < 256 ? 256 : b->cap;
  while (cap < b->len + n + 1) {
    if (cap > ((size_t)-1) / 2) {
      b->failed = 1;
      return 0;
    }
    cap *= 2;
  }
  char *p = mem_realloc(b->p, cap);
  if (p == NULL) {
    b->failed = 1;
    return 0;
  }
  b->p = p;
  b->cap = cap;
  return 1;
}

void sbuf_add(sbuf *b, const char *s, size_t n)
{
  if (n == 0 || !room(b, n))
    return;
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void sbuf_adds(sbuf *b, const char *s) { sbuf_add(b, s, strlen(s)); }

void sbuf_addc(sbuf *b, char c) { sbuf_add(b, &c, 1); }

void sbuf_fill(sbuf *b, char c, size_t n)
{
  if (n == 0 || !room(b, n))
    return;
  memset(b->p + b->len, c, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void sbuf_repeat(sbuf *b, const char *s, size_t n)
{
  size_t len = strlen(s);
  for (size_t k = 0; k < n; k++)
    sbuf_add(b, s, len);
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    sbuf_add(b, small, (size_t)n);
    return;
  }
  if (!room(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *sbuf_take(sbuf *b, size_t *len)
{
  if (b->failed) {
    sbuf_free(b);
    return NULL;
  }
  if (b->p == NULL && !room(b, 0))
    return NULL;
  char *p = b->p;
  if (len != NULL)
    *len = b->len;
  b->p[b->len] = '\0';
  sbuf_init(b);
  return p;
}
