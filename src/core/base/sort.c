/*
 * sort.c - the stable merge sort of sort.h, with its checks of halt.h.
 */
#include "sort.h"

#include <stdint.h>
#include <string.h>

#include "halt.h"
#include "mem.h"

/* Comparisons between two looks at the clock. */
#define CHECK_EVERY 1024
/* Elements sorted by insertion before the first merge. */
#define RUN 16

typedef struct sorter {
  sort_compare cmp;
  const void *ctx;
  size_t size;
  size_t steps;
  int halted;
} sorter;

static inline int less(sorter *s, const void *a, const void *b)
{
  if (++s->steps % CHECK_EVERY == 0 && s->halted == HALT_NONE)
    s->halted = halt_check();
  return s->cmp(a, b, s->ctx) < 0;
}

/* Copies one element: 4 and 8 bytes, the usual sizes, without a call to memcpy. */
static inline void copy(void *to, const void *from, size_t size)
{
  if (size == 8)
    memcpy(to, from, 8);
  else if (size == 4)
    memcpy(to, from, 4);
  else
    memcpy(to, from, size);
}

/* Insertion sort of the run a[0..n), with spare room for one element. */
static void insertion(sorter *s, unsigned char *a, size_t n, unsigned char *spare)
{
  size_t z = s->size;
  for (size_t i = 1; i < n; i++) {
    size_t j = i;
    copy(spare, a + i * z, z);
    for (; j > 0 && less(s, spare, a + (j - 1) * z); j--)
      copy(a + j * z, a + (j - 1) * z, z);
    copy(a + j * z, spare, z);
  }
}

/* Merges from[lo..mid) and from[mid..hi) into to[lo..hi), the left run first among equals. */
static void merge(sorter *s, const unsigned char *from, unsigned char *to, size_t lo, size_t mid,
                  size_t hi)
{
  size_t z = s->size, i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (less(s, from + j * z, from + i * z))
      copy(to + k++ * z, from + j++ * z, z);
    else
      copy(to + k++ * z, from + i++ * z, z);
  }
  memcpy(to + k * z, from + i * z, (mid - i) * z);
  k += mid - i;
  memcpy(to + k * z, from + j * z, (hi - j) * z);
}

int sort_stable(void *base, size_t n, size_t size, sort_compare cmp, const void *ctx, cherr *e)
{
  if (n < 2 || size == 0)
    return 0;
  if (n > SIZE_MAX / size)
    return err_nomem(e);
  unsigned char *a = base, *tmp = mem_alloc(n * size);
  if (tmp == NULL)
    return err_nomem(e);
  sorter s = {cmp, ctx, size, 0, HALT_NONE};
  for (size_t lo = 0; lo < n && s.halted == HALT_NONE; lo += RUN)
    insertion(&s, a + lo * size, n - lo < RUN ? n - lo : RUN, tmp);
  unsigned char *from = a, *to = tmp;
  for (size_t width = RUN; width < n && s.halted == HALT_NONE; width *= 2) {
    for (size_t lo = 0; lo < n && s.halted == HALT_NONE; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      merge(&s, from, to, lo, mid, hi);
    }
    unsigned char *t = from;
    from = to;
    to = t;
  }
  if (s.halted == HALT_NONE && from != a)
    memcpy(a, from, n * size);
  mem_free(tmp);
  return s.halted == HALT_NONE ? 0 : err_halt(e, s.halted);
}

int sort_doubles(const void *a, const void *b, const void *ctx)
{
  (void)ctx;
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int sort_int64s(const void *a, const void *b, const void *ctx)
{
  (void)ctx;
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}
