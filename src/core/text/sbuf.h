/*
 * sbuf.h - a growable byte buffer for building text (CSV output, tables).
 *
 * Appends never fail loudly: a failed allocation sets `failed`, later
 * appends do nothing, and the builder checks `failed` once at the end.
 *
 * Ownership: the buffer owns its bytes until sbuf_free, or until
 * sbuf_take hands them to the caller (to be released with mem_free).
 */
#ifndef CHISO_SBUF_H
#define CHISO_SBUF_H

#include <stddef.h>

typedef struct sbuf {
  char *p;
  size_t len, cap;
  int failed;
} sbuf;

void sbuf_init(sbuf *b);
void sbuf_free(sbuf *b);
void sbuf_add(sbuf *b, const char *s, size_t n);
void sbuf_adds(sbuf *b, const char *s);
void sbuf_addc(sbuf *b, char c);
/* Appends c n times. */
void sbuf_fill(sbuf *b, char c, size_t n);
/* Appends the NUL-terminated s n times. */
void sbuf_repeat(sbuf *b, const char *s, size_t n);
void sbuf_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
/* The bytes, NUL-terminated, now owned by the caller; NULL if an append failed. */
char *sbuf_take(sbuf *b, size_t *len);

#endif
