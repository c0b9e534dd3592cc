/*
 * order.c - stable multi-key ordering of rows.
 *
 * Strings are first turned into ranks of their dictionary entries, so the
 * merge sort compares integers however the strings collate.
 */
#include "order.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "halt.h"
#include "mem.h"
#include "vn.h"

/* qsort has no context argument: the dictionary being ranked, for the comparison. */
static const dict *ranking;
static collation ranking_coll;

static int compare_ids(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  size_t lx, ly;
  const char *sx = dict_str(ranking, x, &lx), *sy = dict_str(ranking, y, &ly);
  if (ranking_coll == COLLATE_VI)
    return vn_compare(sx, lx, sy, ly);
  int c = memcmp(sx, sy, lx < ly ? lx : ly);
  return c != 0 ? c : (lx > ly) - (lx < ly);
}

uint32_t *order_ranks(const column *c, collation coll, cherr *e)
{
  uint32_t n = c->dict->count;
  uint32_t *ids = mem_alloc((n ? n : 1) * sizeof *ids);
  uint32_t *ranks = mem_alloc((n ? n : 1) * sizeof *ranks);
  if (ids == NULL || ranks == NULL) {
    mem_free(ids);
    mem_free(ranks);
    err_nomem(e);
    return NULL;
  }
  for (uint32_t k = 0; k < n; k++)
    ids[k] = k;
  ranking = c->dict;
  ranking_coll = coll;
  qsort(ids, n, sizeof *ids, compare_ids);
  for (uint32_t k = 0; k < n; k++)
    ranks[ids[k]] = k; /* distinct strings in one dictionary never compare equal */
  mem_free(ids);
  return ranks;
}

static int compare_values(const column *c, const uint32_t *ranks, size_t i, size_t j)
{
  switch (c->type) {
  case COL_INT: return (c->v.i[i] > c->v.i[j]) - (c->v.i[i] < c->v.i[j]);
  case COL_BOOL: return (int)c->v.b[i] - (int)c->v.b[j];
  case COL_STR: return (ranks[c->v.s[i]] > ranks[c->v.s[j]]) - (ranks[c->v.s[i]] < ranks[c->v.s[j]]);
  case COL_FLOAT: break;
  }
  double x = c->v.f[i], y = c->v.f[j];
  if (isnan(x) || isnan(y))
    return isnan(x) - isnan(y);
  return (x > y) - (x < y);
}

int order_compare(const sortkey *keys, uint32_t *const *ranks, size_t nkeys, size_t i, size_t j)
{
  for (size_t k = 0; k < nkeys; k++) {
    const column *c = keys[k].col;
    int ni = col_isnull(c, i), nj = col_isnull(c, j);
    int r = ni || nj ? ni - nj : compare_values(c, ranks[k], i, j) * (keys[k].desc ? -1 : 1);
    if (r != 0)
      return r;
  }
  return 0;
}

typedef struct sorter {
  const sortkey *keys;
  uint32_t **ranks;
  size_t nkeys;
  size_t steps;
  int halted;
} sorter;

/* Merges the sorted runs a[lo..mid) and a[mid..hi) through tmp, keeping equal rows in order. */
static void merge(sorter *s, size_t *a, size_t *tmp, size_t lo, size_t mid, size_t hi)
{
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi)
    tmp[k++] = order_compare(s->keys, s->ranks, s->nkeys, a[j], a[i]) < 0 ? a[j++] : a[i++];
  while (i < mid)
    tmp[k++] = a[i++];
  while (j < hi)
    tmp[k++] = a[j++];
  memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
  s->steps += hi - lo;
  if (s->steps >= HALT_STRIDE) {
    s->steps = 0;
    s->halted = halt_check();
  }
}

/* Bottom-up merge sort: runs of 16 by insertion, then doubling merges. */
static void merge_sort(sorter *s, size_t *a, size_t *tmp, size_t n)
{
  for (size_t lo = 0; lo < n; lo += 16) {
    size_t hi = lo + 16 < n ? lo + 16 : n;
    for (size_t i = lo + 1; i < hi; i++) {
      size_t v = a[i], j = i;
      for (; j > lo && order_compare(s->keys, s->ranks, s->nkeys, v, a[j - 1]) < 0; j--)
        a[j] = a[j - 1];
      a[j] = v;
    }
  }
  for (size_t width = 16; width < n && !s->halted; width *= 2)
    for (size_t lo = 0; lo + width < n && !s->halted; lo += 2 * width)
      merge(s, a, tmp, lo, lo + width, lo + 2 * width < n ? lo + 2 * width : n);
}

static void free_ranks(uint32_t **ranks, size_t nkeys)
{
  for (size_t k = 0; k < nkeys; k++)
    mem_free(ranks[k]);
  mem_free(ranks);
}

int order_rows(const sortkey *keys, size_t nkeys, const size_t *rows, size_t n, size_t *out,
               cherr *e)
{
  sorter s = {keys, mem_calloc(nkeys ? nkeys : 1, sizeof(uint32_t *)), nkeys, 0, 0};
  size_t *tmp = mem_alloc((n ? n : 1) * sizeof *tmp);
  int rc = s.ranks == NULL || tmp == NULL ? err_nomem(e) : 0;
  for (size_t k = 0; k < nkeys && rc == 0; k++)
    if (keys[k].col->type == COL_STR && (s.ranks[k] = order_ranks(keys[k].col, keys[k].coll, e)) == NULL)
      rc = -1;
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      out[i] = rows ? rows[i] : i;
    merge_sort(&s, out, tmp, n);
    if (s.halted)
      rc = err_halt(e, s.halted);
  }
  mem_free(tmp);
  if (s.ranks != NULL)
    free_ranks(s.ranks, nkeys);
  return rc;
}
