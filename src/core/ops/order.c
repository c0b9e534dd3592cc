/*
 * order.c - stable multi-key ordering of rows.
 *
 * Strings are first turned into ranks of their dictionary entries, so the
 * sorts compare integers however the strings collate. Many rows are put in
 * order by radix sorting (below); few rows, and the rare keys whose words
 * would collide with the null word, by a merge sort that compares values.
 */
#include "order.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "halt.h"
#include "keys.h"
#include "mem.h"
#include "sort.h"
#include "vn.h"

/* The dictionary being ranked and its collation, for the comparison. */
typedef struct ranking {
  const dict *d;
  collation coll;
} ranking;

static int compare_ids(const void *a, const void *b, const void *ctx)
{
  const ranking *r = ctx;
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  size_t lx, ly;
  const char *sx = dict_str(r->d, x, &lx), *sy = dict_str(r->d, y, &ly);
  if (r->coll == COLLATE_VI)
    return vn_compare(sx, lx, sy, ly);
  int c = memcmp(sx, sy, lx < ly ? lx : ly);
  return c != 0 ? c : (lx > ly) - (lx < ly);
}

/* Sorted by sort_stable, which stops in time however long the strings are. */
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
  ranking r = {c->dict, coll};
  if (sort_stable(ids, n, sizeof *ids, compare_ids, &r, e) != 0) {
    mem_free(ids);
    mem_free(ranks);
    return NULL;
  }
  for (uint32_t k = 0; k < n; k++)
    ranks[ids[k]] = k; /* distinct strings in one dictionary never compare equal */
  mem_free(ids);
  return ranks;
}

static int compare_values(const column *c, const uint32_t *ranks, size_t i, size_t j)
{
  switch (c->type) {
  case COL_INT: return (col_int(c, i) > col_int(c, j)) - (col_int(c, i) < col_int(c, j));
  case COL_BOOL: return (int)c->v.b[i] - (int)c->v.b[j];
  case COL_STR: return (ranks[col_sid(c, i)] > ranks[col_sid(c, j)]) - (ranks[col_sid(c, i)] < ranks[col_sid(c, j)]);
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

/*
 * Radix sorting. Each key's value is turned into a 64-bit word whose
 * unsigned order is the key's order (descending keys inverted, nulls the
 * largest word, so last either way), and the rows are sorted by one key
 * after another, last key first, by least-significant-digit radix sort on
 * bytes. Every pass is a stable counting sort, so the keys compose and equal
 * rows keep their order; a byte that is the same in every word is skipped,
 * so a year or a group id costs one or two passes.
 */
#define RADIX_MIN 256

/* The word of a double: -0 as 0, every NaN one NaN above +inf. Never 0 or UINT64_MAX. */
static uint64_t float_word(double f)
{
  uint64_t u = key_float_bits(f);
  return u >> 63 ? ~u : u | (1ULL << 63);
}

/* The ascending word of row r's value (not null) in c. */
static inline uint64_t value_word(const column *c, const uint32_t *ranks, size_t r)
{
  switch (c->type) {
  case COL_INT: return (uint64_t)col_int(c, r) ^ (1ULL << 63);
  case COL_FLOAT: return float_word(c->v.f[r]);
  case COL_STR: return ranks[col_sid(c, r)];
  default: return c->v.b[r];
  }
}

/*
 * Fills w with the words of key k for the rows src[pos[i]]; returns -1 when a
 * value's word would be the null word (only INT64_MAX can be, ascending, or
 * INT64_MIN descending) while the column has nulls: the merge sort then runs.
 * Sets *why when halt_check() says to stop.
 */
static int encode(const sortkey *key, const uint32_t *ranks, const size_t *src,
                  const uint32_t *pos, size_t n, uint64_t *w, int *why)
{
  const column *c = key->col;
  uint64_t flip = key->desc ? UINT64_MAX : 0;
  for (size_t lo = 0; lo < n && *why == HALT_NONE; lo += HALT_STRIDE, *why = halt_check())
    for (size_t i = lo; i < halt_block_end(lo, n); i++)
      w[i] = value_word(c, ranks, src[pos != NULL ? pos[i] : i]) ^ flip;
  if (c->valid == NULL)
    return 0;
  int nulls = 0, clash = 0;
  for (size_t i = 0; i < n; i++) {
    if (col_isnull(c, src[pos != NULL ? pos[i] : i])) {
      w[i] = UINT64_MAX;
      nulls = 1;
    } else if (w[i] == UINT64_MAX) {
      clash = 1;
    }
  }
  return nulls && clash ? -1 : 0;
}

/* Sorts (w, pos) stably by w, through the spare arrays w2 and pos2; the result ends in w and pos. */
static int radix_pass_all(uint64_t **w, uint32_t **pos, uint64_t **w2, uint32_t **pos2, size_t n)
{
  size_t count[8][256];
  memset(count, 0, sizeof count);
  const uint64_t *a = *w;
  for (size_t lo = 0; lo < n; lo += HALT_STRIDE) {
    int why = lo > 0 ? halt_check() : HALT_NONE; /* eight counts a word: the longest pass */
    if (why != HALT_NONE)
      return why;
    for (size_t i = lo; i < halt_block_end(lo, n); i++)
      for (int b = 0; b < 8; b++)
        count[b][(a[i] >> (8 * b)) & 0xFF]++;
  }
  for (int b = 0; b < 8; b++) {
    if (count[b][(a[0] >> (8 * b)) & 0xFF] == n)
      continue; /* this byte is the same everywhere */
    size_t sum = 0;
    for (int d = 0; d < 256; d++) {
      size_t c = count[b][d];
      count[b][d] = sum;
      sum += c;
    }
    const uint64_t *from = *w;
    const uint32_t *pfrom = *pos;
    uint64_t *to = *w2;
    uint32_t *pto = *pos2;
    for (size_t i = 0; i < n; i++) {
      size_t at = count[b][(from[i] >> (8 * b)) & 0xFF]++;
      to[at] = from[i];
      pto[at] = pfrom[i];
    }
    uint64_t *tw = *w;
    *w = *w2;
    *w2 = tw;
    uint32_t *tp = *pos;
    *pos = *pos2;
    *pos2 = tp;
    a = *w;
    int why = halt_check();
    if (why != HALT_NONE)
      return why;
  }
  return HALT_NONE;
}

/* Few pairs: insertion sort, stable, with no buffers. */
static void insertion_sort(uint64_t *w, uint32_t *pos, size_t n)
{
  for (size_t i = 1; i < n; i++) {
    uint64_t v = w[i];
    uint32_t p = pos[i];
    size_t j = i;
    for (; j > 0 && w[j - 1] > v; j--) {
      w[j] = w[j - 1];
      pos[j] = pos[j - 1];
    }
    w[j] = v;
    pos[j] = p;
  }
}

int order_radix(uint64_t *words, uint32_t *pos, size_t n, cherr *e)
{
  if (n < 32) {
    insertion_sort(words, pos, n);
    return 0;
  }
  uint64_t *w2 = mem_alloc(n * sizeof *w2);
  uint32_t *pos2 = mem_alloc(n * sizeof *pos2);
  uint64_t *w = words;
  uint32_t *p = pos;
  int rc = w2 == NULL || pos2 == NULL ? err_nomem(e) : 0;
  if (rc == 0) {
    int why = radix_pass_all(&w, &p, &w2, &pos2, n);
    if (why != HALT_NONE)
      rc = err_halt(e, why);
  }
  if (rc == 0 && w != words) { /* an odd number of passes: the result is in the spare arrays */
    memcpy(words, w, n * sizeof *w);
    memcpy(pos, p, n * sizeof *p);
  }
  mem_free(w == words ? w2 : w);
  mem_free(p == pos ? pos2 : p);
  return rc;
}

void order_encode(const sortkey *key, const uint32_t *ranks, const uint32_t *rows, size_t n,
                  uint64_t *words)
{
  uint64_t flip = key->desc ? UINT64_MAX : 0;
  for (size_t i = 0; i < n; i++)
    words[i] = value_word(key->col, ranks, rows[i]) ^ flip;
}

uint64_t order_float_word(double f)
{
  return float_word(f);
}

/* 1 when the radix sort ran (rc set), 0 when it cannot take these keys. */
static int radix_order(const sortkey *keys, uint32_t **ranks, size_t nkeys, const size_t *src,
                       size_t n, size_t *out, int *rc, cherr *e)
{
  uint64_t *w = mem_alloc(n * sizeof *w);
  uint32_t *pos = mem_alloc(n * sizeof *pos);
  int done = 1, why = HALT_NONE;
  *rc = w == NULL || pos == NULL ? err_nomem(e) : 0;
  for (size_t lo = 0; *rc == 0 && lo < n && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check())
    for (size_t i = lo; i < halt_block_end(lo, n); i++)
      pos[i] = (uint32_t)i;
  for (size_t k = nkeys; *rc == 0 && done && k-- > 0;) {
    int clash = encode(&keys[k], ranks[k], src, pos, n, w, &why);
    if (why != HALT_NONE)
      *rc = err_halt(e, why);
    else if (clash)
      done = 0;
    else
      *rc = order_radix(w, pos, n, e);
  }
  for (size_t lo = 0; *rc == 0 && done && lo < n && why == HALT_NONE;
       lo += HALT_STRIDE, why = halt_check())
    for (size_t i = lo; i < halt_block_end(lo, n); i++)
      out[i] = src[pos[i]];
  if (*rc == 0 && why != HALT_NONE)
    *rc = err_halt(e, why);
  mem_free(w);
  mem_free(pos);
  return done;
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
  int why = HALT_NONE;
  for (size_t lo = 0; rc == 0 && lo < n && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check())
    for (size_t i = lo; i < halt_block_end(lo, n); i++)
      tmp[i] = rows ? rows[i] : i; /* rows may be out itself */
  if (rc == 0 && why != HALT_NONE)
    rc = err_halt(e, why);
  int sorted = rc != 0 ||
               (n >= RADIX_MIN && n < UINT32_MAX && radix_order(keys, s.ranks, nkeys, tmp, n, out, &rc, e));
  if (!sorted) { /* few rows, or keys the words cannot order */
    memcpy(out, tmp, n * sizeof *out);
    merge_sort(&s, out, tmp, n);
    if (s.halted)
      rc = err_halt(e, s.halted);
  }
  mem_free(tmp);
  if (s.ranks != NULL)
    free_ranks(s.ranks, nkeys);
  return rc;
}
