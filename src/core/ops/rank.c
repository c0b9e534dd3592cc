/*
 * rank.c - ranks within groups (pandas' five tie methods, pct, na_option)
 * and the n best rows per group.
 *
 * Both start from one stable sort of the rows that have a value, by group
 * id and then by value, so each group's values lie in one run and ties lie
 * next to each other in row order; missing values are only counted.
 */
#include "rank.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "halt.h"
#include "keys.h"
#include "mem.h"
#include "order.h"
#include "par.h"

const char *const rank_ties_names[] = {"min", "max", "average", "first", "dense", NULL};
const char *const rank_na_names[] = {"keep", "top", "bottom", NULL};

/* The rows with a value, sorted by group and then value, and counts per group. */
typedef struct sorted {
  groups g;
  uint32_t *rows;    /* rows[start[k] .. start[k + 1]) are group k's values, in order */
  uint8_t *tie;      /* tie[p]: rows[p] holds the same value as rows[p - 1] of its group */
  size_t *start;
  size_t *nmiss;     /* group k's rows with a missing value */
  size_t *ndistinct; /* distinct values of group k (missing ones not counted) */
  size_t *seen;      /* missing values of group k given a rank so far */
  sortkey key;       /* the value column and direction, for the sorts */
  const column *const *keys; /* a row with a null in a key belongs to no group */
  size_t nkeys;
  uint32_t *ranks;   /* a string column's order_ranks, else NULL */
} sorted;

static int is_missing(const column *c, size_t i)
{
  return col_isnull(c, i) || (c->type == COL_FLOAT && isnan(c->v.f[i]));
}

static int key_is_null(const column *const *keys, size_t nkeys, size_t i)
{
  for (size_t k = 0; k < nkeys; k++)
    if (col_isnull(keys[k], i))
      return 1;
  return 0;
}

static void sorted_free(sorted *s)
{
  groups_free(&s->g);
  mem_free(s->rows);
  mem_free(s->tie);
  mem_free(s->start);
  mem_free(s->nmiss);
  mem_free(s->ndistinct);
  mem_free(s->seen);
  mem_free(s->ranks);
}

/* Sorts group k's run of rows by value (words, pos and tmp hold m values), and marks its ties. */
static int sort_group(sorted *s, size_t k, uint64_t *words, uint32_t *pos, uint32_t *tmp,
                      cherr *e)
{
  size_t first = s->start[k], m = s->start[k + 1] - first;
  uint32_t *rows = s->rows + first;
  int big = m >= HALT_STRIDE, why; /* a huge group: a look between the passes over it */
  order_encode(&s->key, s->ranks, rows, m, words);
  for (size_t j = 0; j < m; j++)
    pos[j] = (uint32_t)j;
  if (big && (why = halt_check()) != HALT_NONE)
    return err_halt(e, why);
  if (order_radix(words, pos, m, e) != 0)
    return -1;
  for (size_t j = 0; j < m; j++)
    tmp[j] = rows[pos[j]];
  memcpy(rows, tmp, m * sizeof *tmp);
  if (big && (why = halt_check()) != HALT_NONE)
    return err_halt(e, why);
  for (size_t j = 0; j < m; j++) {
    s->tie[first + j] = j > 0 && words[j] == words[j - 1];
    s->ndistinct[k] += !s->tie[first + j];
  }
  return 0;
}

/*
 * Sorts each group's run of rows by value, for half of the groups (par_fn):
 * radix sorts of the values' words, made a group at a time in buffers that
 * for groups of ordinary size fit in the cache.
 */
static int sort_groups(void *job, int half, cherr *e)
{
  sorted *s = job;
  size_t lo, hi, most = 1;
  par_split(s->start, s->g.ngroups, half, &lo, &hi);
  for (size_t k = lo; k < hi; k++)
    most = s->start[k + 1] - s->start[k] > most ? s->start[k + 1] - s->start[k] : most;
  uint64_t *words = mem_alloc(most * sizeof *words);
  uint32_t *pos = mem_alloc(most * sizeof *pos), *tmp = mem_alloc(most * sizeof *tmp);
  int rc = words == NULL || pos == NULL || tmp == NULL ? err_nomem(e) : 0;
  for (size_t k = lo, done = 0; rc == 0 && k < hi; k++) {
    rc = sort_group(s, k, words, pos, tmp, e);
    int why = rc == 0 ? halt_after(&done, s->start[k + 1] - s->start[k] + 1) : HALT_NONE;
    rc = why != HALT_NONE ? err_halt(e, why) : rc;
  }
  mem_free(words);
  mem_free(pos);
  mem_free(tmp);
  return rc;
}

/* Counts each group's values and missing values. */
static int count_rows(sorted *s, const column *c, cherr *e)
{
  int why = HALT_NONE;
  for (size_t lo = 0; lo < c->len && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, c->len);
    for (size_t i = lo; i < hi; i++) {
      if (key_is_null(s->keys, s->nkeys, i))
        continue;
      else if (is_missing(c, i))
        s->nmiss[group_of(&s->g, i)]++;
      else
        s->start[group_of(&s->g, i) + 1]++;
    }
  }
  for (size_t k = 0; k < s->g.ngroups; k++)
    s->start[k + 1] += s->start[k];
  return why != HALT_NONE ? err_halt(e, why) : 0;
}

/* Moves the rows with a value stably to their group's run of s->rows (a counting sort). */
static int place_rows(sorted *s, const column *c, cherr *e)
{
  size_t *next = mem_alloc((s->g.ngroups + 1) * sizeof *next);
  if (next == NULL)
    return err_nomem(e);
  memcpy(next, s->start, (s->g.ngroups + 1) * sizeof *next);
  int why = HALT_NONE;
  for (size_t lo = 0; lo < c->len && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, c->len);
    for (size_t i = lo; i < hi; i++)
      if (!key_is_null(s->keys, s->nkeys, i) && !is_missing(c, i))
        s->rows[next[group_of(&s->g, i)]++] = (uint32_t)i;
  }
  mem_free(next);
  return why != HALT_NONE ? err_halt(e, why) : 0;
}

static int sorted_make(sorted *s, const column *c, const column *const *keys, size_t nkeys,
                       int desc, cherr *e)
{
  memset(s, 0, sizeof *s);
  s->key = (sortkey){c, desc, COLLATE_BYTES};
  s->keys = keys;
  s->nkeys = nkeys;
  if (groups_make(&s->g, keys, nkeys, c->len, e) != 0) /* fewer than UINT32_MAX rows */
    return -1;
  size_t ng = s->g.ngroups, n = c->len ? c->len : 1;
  s->rows = mem_alloc(n * sizeof *s->rows);
  s->tie = mem_alloc(n);
  s->start = mem_calloc(ng + 1, sizeof *s->start);
  s->nmiss = mem_calloc(ng + 1, sizeof *s->nmiss);
  s->ndistinct = mem_calloc(ng + 1, sizeof *s->ndistinct);
  s->seen = mem_calloc(ng + 1, sizeof *s->seen);
  int rc = 0;
  if (s->rows == NULL || s->tie == NULL || s->start == NULL ||
      s->nmiss == NULL || s->ndistinct == NULL || s->seen == NULL)
    rc = err_nomem(e);
  if (rc == 0 && c->type == COL_STR && (s->ranks = order_ranks(c, COLLATE_BYTES, e)) == NULL)
    rc = -1;
  if (rc == 0)
    rc = count_rows(s, c, e);
  if (rc == 0)
    rc = place_rows(s, c, e);
  if (rc == 0)
    rc = par_halves(sort_groups, s, e);
  if (rc != 0) {
    sorted_free(s);
    return -1;
  }
  return 0;
}

/* What a rank is divided by: 1, or with pct the group's count or largest dense rank. */
static double denominator(const sorted *s, size_t k, const rank_opts *o)
{
  if (!o->pct)
    return 1;
  size_t missing = o->na == RANK_NA_KEEP ? 0 : s->nmiss[k];
  if (o->ties == RANK_DENSE)
    return (double)(s->ndistinct[k] + (missing > 0));
  return (double)(s->start[k + 1] - s->start[k] + missing);
}

/* The rank of the value at position pos (from 1) of a tie spanning positions first..last. */
static double tie_rank(rank_ties ties, size_t first, size_t last, size_t pos, size_t dense)
{
  switch (ties) {
  case RANK_MIN: return (double)first;
  case RANK_MAX: return (double)last;
  case RANK_AVERAGE: return ((double)first + (double)last) / 2;
  case RANK_FIRST: return (double)pos;
  case RANK_DENSE: break;
  }
  return (double)dense;
}

static void put(column *out, size_t i, double r)
{
  if (out->type == COL_FLOAT)
    out->v.f[i] = r;
  else
    col_put_int(out, i, (int64_t)r);
}

/* Ranks group k's values; missing values ranked first take the first positions. */
static int rank_group(const sorted *s, size_t k, const rank_opts *o, column *out,
                      cherr *e)
{
  size_t lo = s->start[k], hi = s->start[k + 1];
  int top = o->na == RANK_NA_TOP && s->nmiss[k] > 0;
  size_t before = top ? s->nmiss[k] : 0, dense = top;
  double denom = denominator(s, k, o);
  int why;
  for (size_t a = lo, b; a < hi; a = b) {
    for (b = a + 1; b < hi && s->tie[b]; b++)
      ;
    dense++;
    for (size_t p = a; p < b; p++) {
      if (HALT_DUE(p + 1) && (why = halt_check()) != HALT_NONE)
        return err_halt(e, why);
      double r = tie_rank(o->ties, before + a - lo + 1, before + b - lo, before + p - lo + 1, dense);
      put(out, s->rows[p], r / denom);
    }
  }
  return 0;
}

/* The rank of a missing value of group k, as one tie placed before or after the values. */
static double missing_rank(sorted *s, size_t k, const rank_opts *o)
{
  size_t m = s->nmiss[k];
  int top = o->na == RANK_NA_TOP;
  size_t first = top ? 1 : s->start[k + 1] - s->start[k] + 1;
  size_t dense = top ? 1 : s->ndistinct[k] + 1;
  size_t pos = first + s->seen[k]++;
  return tie_rank(o->ties, first, first + m - 1, pos, dense) / denominator(s, k, o);
}

/* Rows without a group, and missing values: null, or ranked when na is top or bottom. */
static int rank_rest(sorted *s, const column *c, const rank_opts *o, column *out, cherr *e)
{
  int why = HALT_NONE;
  for (size_t lo = 0; lo < c->len && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, c->len);
    for (size_t i = lo; i < hi; i++) {
      int nokey = key_is_null(s->keys, s->nkeys, i);
      if (!nokey && !is_missing(c, i))
        continue;
      if (nokey || o->na == RANK_NA_KEEP) {
        if (col_set_null(out, i, e) != 0)
          return -1;
      } else {
        put(out, i, missing_rank(s, group_of(&s->g, i), o));
      }
    }
  }
  return why != HALT_NONE ? err_halt(e, why) : 0;
}

column *rank_column(const column *c, const column *const *keys, size_t nkeys, const rank_opts *o,
                    cherr *e)
{
  sorted s;
  if (sorted_make(&s, c, keys, nkeys, o->desc, e) != 0)
    return NULL;
  int as_float = o->pct || o->ties == RANK_AVERAGE;
  size_t most = 0; /* no rank passes a group's size */
  for (size_t k = 0; k < s.g.ngroups; k++)
    if (s.start[k + 1] - s.start[k] + s.nmiss[k] > most)
      most = s.start[k + 1] - s.start[k] + s.nmiss[k];
  column *out = as_float ? col_new(COL_FLOAT, c->len, NULL, e)
                         : col_new_int(c->len, 0, (int64_t)most, e);
  int rc = out == NULL ? -1 : 0;
  for (size_t k = 0; k < s.g.ngroups && rc == 0; k++)
    rc = rank_group(&s, k, o, out, e);
  if (rc == 0)
    rc = rank_rest(&s, c, o, out, e);
  sorted_free(&s);
  if (rc != 0) {
    col_unref(out);
    return NULL;
  }
  return out;
}

/* Appends to out the rows of group k that make its top n; returns the new count. */
static size_t top_of_group(const sorted *s, size_t k, size_t n, int keep_ties,
                           size_t *out, size_t count)
{
  size_t lo = s->start[k], hi = s->start[k + 1], min_rank = 1;
  for (size_t p = lo; p < hi; p++) {
    if (p > lo && !s->tie[p])
      min_rank = p - lo + 1;
    if ((keep_ties ? min_rank : p - lo + 1) > n)
      break;
    out[count++] = s->rows[p];
  }
  return count;
}

size_t *rank_top(const column *c, const column *const *keys, size_t nkeys, size_t n, int desc,
                 int keep_ties, size_t *count, cherr *e)
{
  sorted s;
  if (sorted_make(&s, c, keys, nkeys, desc, e) != 0)
    return NULL;
  size_t nsorted = s.start[s.g.ngroups];
  size_t *out = mem_alloc((nsorted ? nsorted : 1) * sizeof *out);
  if (out == NULL) {
    sorted_free(&s);
    err_nomem(e);
    return NULL;
  }
  *count = 0;
  for (size_t k = 0; k < s.g.ngroups; k++)
    *count = top_of_group(&s, k, n, keep_ties, out, *count);
  sorted_free(&s);
  return out;
}
