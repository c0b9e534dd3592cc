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

/* The group id of a row with a null key: it belongs to no group. */
#define NO_GROUP UINT32_MAX

/* The rows with a value, sorted by group and then value, and counts per group. */
typedef struct sorted {
  groups g;
  size_t *rows;      /* rows[start[k] .. start[k + 1]) are group k's values, in order */
  uint64_t *words;   /* the sort word of each of rows: equal values, equal words */
  size_t *start;
  size_t *nmiss;     /* group k's rows with a missing value */
  size_t *ndistinct; /* distinct values of group k (missing ones not counted) */
  size_t *seen;      /* missing values of group k given a rank so far */
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
  mem_free(s->words);
  mem_free(s->start);
  mem_free(s->nmiss);
  mem_free(s->ndistinct);
  mem_free(s->seen);
}

/* Sorts each group's run of rows by word, for half of the groups (par_fn). */
static int sort_groups(void *job, int half, cherr *e)
{
  sorted *s = job;
  size_t lo, hi, most = 0;
  par_split(s->start, s->g.ngroups, half, &lo, &hi);
  for (size_t k = lo; k < hi; k++)
    most = s->start[k + 1] - s->start[k] > most ? s->start[k + 1] - s->start[k] : most;
  uint32_t *pos = mem_alloc((most ? most : 1) * sizeof *pos);
  size_t *tmp = mem_alloc((most ? most : 1) * sizeof *tmp);
  int rc = pos == NULL || tmp == NULL ? err_nomem(e) : 0;
  for (size_t k = lo; rc == 0 && k < hi; k++) {
    size_t first = s->start[k], m = s->start[k + 1] - first;
    for (size_t j = 0; j < m; j++)
      pos[j] = (uint32_t)j;
    rc = order_radix(s->words + first, pos, m, e);
    for (size_t j = 0; rc == 0 && j < m; j++)
      tmp[j] = s->rows[first + pos[j]];
    if (rc == 0)
      memcpy(s->rows + first, tmp, m * sizeof *tmp);
  }
  mem_free(pos);
  mem_free(tmp);
  return rc;
}

/*
 * Moves the rows with a value in cand[0..n) stably to their group's run in
 * s->rows (a counting sort), then sorts each run by value: radix sorts of
 * the values' words, which for groups of ordinary size fit in the cache,
 * half of the groups on each of two threads.
 */
static int sort_rows(sorted *s, const column *c, size_t *cand, size_t n, int desc, cherr *e)
{
  sortkey key = {c, desc, COLLATE_BYTES};
  size_t *next = mem_alloc((s->g.ngroups + 1) * sizeof *next);
  if (next == NULL || n >= UINT32_MAX) {
    mem_free(next);
    mem_free(cand);
    return err_nomem(e);
  }
  memcpy(next, s->start, (s->g.ngroups + 1) * sizeof *next);
  for (size_t p = 0; p < n; p++)
    s->rows[next[s->g.id[cand[p]]]++] = cand[p];
  mem_free(next);
  mem_free(cand); /* before the words take their room */
  if ((s->words = mem_alloc((n ? n : 1) * sizeof *s->words)) == NULL)
    return err_nomem(e);
  if (order_encode(&key, s->rows, n, s->words, e) != 0)
    return -1;
  return par_halves(sort_groups, s, e);
}

/* Counts each group's values and missing values; cand gets the rows with a value. */
static size_t count_rows(sorted *s, const column *c, const column *const *keys, size_t nkeys,
                         size_t *cand)
{
  size_t n = 0;
  for (size_t i = 0; i < c->len; i++) {
    if (key_is_null(keys, nkeys, i))
      s->g.id[i] = NO_GROUP;
    else if (is_missing(c, i))
      s->nmiss[s->g.id[i]]++;
    else {
      s->start[s->g.id[i] + 1]++;
      cand[n++] = i;
    }
  }
  for (size_t k = 0; k < s->g.ngroups; k++)
    s->start[k + 1] += s->start[k];
  return n;
}

static void count_distinct(sorted *s)
{
  for (size_t k = 0; k < s->g.ngroups; k++)
    for (size_t p = s->start[k]; p < s->start[k + 1]; p++)
      if (p == s->start[k] || s->words[p - 1] != s->words[p])
        s->ndistinct[k]++;
}

static int sorted_make(sorted *s, const column *c, const column *const *keys, size_t nkeys,
                       int desc, cherr *e)
{
  memset(s, 0, sizeof *s);
  if (groups_make(&s->g, keys, nkeys, c->len, e) != 0)
    return -1;
  size_t ng = s->g.ngroups, n = c->len ? c->len : 1;
  size_t *cand = mem_alloc(n * sizeof *cand);
  s->rows = mem_alloc(n * sizeof *s->rows);
  s->start = mem_calloc(ng + 1, sizeof *s->start);
  s->nmiss = mem_calloc(ng + 1, sizeof *s->nmiss);
  s->ndistinct = mem_calloc(ng + 1, sizeof *s->ndistinct);
  s->seen = mem_calloc(ng + 1, sizeof *s->seen);
  int rc = 0;
  if (cand == NULL || s->rows == NULL || s->start == NULL ||
      s->nmiss == NULL || s->ndistinct == NULL || s->seen == NULL)
    rc = err_nomem(e);
  if (rc == 0)
    rc = sort_rows(s, c, cand, count_rows(s, c, keys, nkeys, cand), desc, e); /* frees cand */
  else
    mem_free(cand);
  if (rc != 0) {
    sorted_free(s);
    return -1;
  }
  count_distinct(s);
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
    out->v.i[i] = (int64_t)r;
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
    for (b = a + 1; b < hi && s->words[a] == s->words[b]; b++)
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
  for (size_t i = 0; i < c->len; i++) {
    uint32_t k = s->g.id[i];
    if (k != NO_GROUP && !is_missing(c, i))
      continue;
    if (k == NO_GROUP || o->na == RANK_NA_KEEP) {
      if (col_set_null(out, i, e) != 0)
        return -1;
    } else {
      put(out, i, missing_rank(s, k, o));
    }
  }
  return 0;
}

column *rank_column(const column *c, const column *const *keys, size_t nkeys, const rank_opts *o,
                    cherr *e)
{
  sorted s;
  if (sorted_make(&s, c, keys, nkeys, o->desc, e) != 0)
    return NULL;
  int as_float = o->pct || o->ties == RANK_AVERAGE;
  column *out = col_new(as_float ? COL_FLOAT : COL_INT, c->len, NULL, e);
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
    if (p > lo && s->words[p - 1] != s->words[p])
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
