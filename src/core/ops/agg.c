/*
 * agg.c - the aggregates of one column within groups of rows (agg.h): one
 * pass down the rows for counts, sums and moments, each group's values
 * sorted for medians, quantiles and distinct counts, and the row of each
 * group's min, max, first or last value taken. The correlation of two
 * columns within groups is groupcor.c's.
 */
#include "agg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "halt.h"
#include "ksum.h"
#include "mem.h"
#include "order.h"
#include "quantile.h"
#include "sort.h"

const char *const agg_names[] = {
  "count", "sum", "mean", "min", "max", "sd", "var", "median", "quantile", "first", "last",
  "n_distinct", "cor", NULL,
};

int agg_accepts(agg_fn fn, coltype t)
{
  switch (fn) {
  case AGG_SUM: case AGG_MEAN: case AGG_SD: case AGG_VAR: case AGG_MEDIAN: case AGG_QUANTILE:
  case AGG_COR:
    return t != COL_STR;
  default:
    return 1;
  }
}

/* A value that counts: not null and, for floats, not NaN. */
static int present(const column *c, size_t i)
{
  return !col_isnull(c, i) && !(c->type == COL_FLOAT && isnan(c->v.f[i]));
}

/* Value i as a number; booleans count as 0 and 1. */
static double number(const column *c, size_t i)
{
  return c->type == COL_BOOL ? (double)c->v.b[i] : col_num(c, i);
}

/* Counts and compensated sums of the present values of each group. */
typedef struct tally {
  size_t *n;
  ksum *sum;
} tally;

static void free_tally(tally *t)
{
  mem_free(t->n);
  mem_free(t->sum);
}

static int make_tally(tally *t, const column *c, const groups *g, cherr *e)
{
  t->n = mem_calloc(g->ngroups ? g->ngroups : 1, sizeof *t->n);
  t->sum = mem_calloc(g->ngroups ? g->ngroups : 1, sizeof *t->sum);
  if (t->n == NULL || t->sum == NULL) {
    mem_free(t->n);
    mem_free(t->sum);
    return err_nomem(e);
  }
  /* A string column is only counted: its values are dictionary ids, not numbers. */
  int numeric = c != NULL && c->type != COL_STR, why = HALT_NONE;
  for (size_t lo = 0; lo < g->nrow && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, g->nrow);
    for (size_t i = lo; i < hi; i++)
      if (c == NULL || present(c, i)) {
        t->n[group_of(g, i)]++;
        if (numeric)
          ksum_add(&t->sum[group_of(g, i)], number(c, i));
      }
  }
  if (why != HALT_NONE) {
    free_tally(t);
    return err_halt(e, why);
  }
  return 0;
}

static column *counts(const column *c, const groups *g, cherr *e)
{
  tally t;
  if (make_tally(&t, c, g, e) != 0)
    return NULL;
  column *out = col_new(COL_INT, g->ngroups, NULL, e);
  for (size_t k = 0; out != NULL && k < g->ngroups; k++)
    out->v.i64[k] = (int64_t)t.n[k];
  free_tally(&t);
  return out;
}

/* Sum of an int or bool column as int64 (wrapping as Lua's integers do). */
static column *int_sums(const column *c, const groups *g, cherr *e)
{
  column *out = col_new(COL_INT, g->ngroups, NULL, e);
  if (out == NULL)
    return NULL;
  memset(out->v.i64, 0, g->ngroups * sizeof *out->v.i64);
  int why = HALT_NONE;
  for (size_t lo = 0; lo < g->nrow && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, g->nrow);
    for (size_t i = lo; i < hi; i++)
      if (present(c, i)) {
        uint64_t v = c->type == COL_INT ? (uint64_t)col_int(c, i) : c->v.b[i]; /* exact, never through a double */
        int64_t *sum = &out->v.i64[group_of(g, i)]; /* a new column: 8 bytes a value */
        *sum = (int64_t)((uint64_t)*sum + v);
      }
  }
  if (why != HALT_NONE) {
    col_unref(out);
    err_halt(e, why);
    return NULL;
  }
  return out;
}

/* Compensated sums of squared deviations from each group's mean; NULL with e set. */
static ksum *squares(const column *c, const groups *g, const tally *t, cherr *e)
{
  ksum *ss = mem_calloc(g->ngroups ? g->ngroups : 1, sizeof *ss);
  int why = HALT_NONE;
  for (size_t lo = 0; ss != NULL && lo < g->nrow && why == HALT_NONE;
       lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, g->nrow);
    for (size_t i = lo; i < hi; i++)
      if (present(c, i)) {
        size_t k = group_of(g, i);
        double d = number(c, i) - ksum_total(&t->sum[k]) / (double)t->n[k];
        ksum_add(&ss[k], d * d);
      }
  }
  if (ss == NULL || why != HALT_NONE) {
    mem_free(ss);
    ss = NULL;
    why != HALT_NONE ? err_halt(e, why) : err_nomem(e);
  }
  return ss;
}

/* Sum, mean, var or sd of each group as floats. */
static column *moments(const column *c, const groups *g, agg_fn fn, cherr *e)
{
  tally t;
  if (make_tally(&t, c, g, e) != 0)
    return NULL;
  int spread = fn == AGG_VAR || fn == AGG_SD;
  ksum *ss = NULL;
  column *out = col_new(COL_FLOAT, g->ngroups, NULL, e);
  if (out != NULL && spread && (ss = squares(c, g, &t, e)) == NULL) {
    col_unref(out);
    out = NULL;
  }
  for (size_t k = 0; out != NULL && k < g->ngroups; k++) {
    size_t n = t.n[k];
    double total = ksum_total(&t.sum[k]);
    if (fn == AGG_SUM)
      out->v.f[k] = total;
    else if (fn == AGG_MEAN)
      out->v.f[k] = total / (double)n;
    else
      out->v.f[k] = ksum_total(&ss[k]) / (double)(n - 1);
    if (fn == AGG_SD)
      out->v.f[k] = sqrt(out->v.f[k]);
    int empty = (fn == AGG_MEAN && n == 0) || (spread && n < 2);
    if (empty && col_set_null(out, k, e) != 0) {
      col_unref(out);
      out = NULL;
    }
  }
  mem_free(ss);
  free_tally(&t);
  return out;
}

/* Median or quantile of each group: its present values sorted. */
static column *quantiles(const column *c, groups *g, double q, cherr *e)
{
  if (groups_rows(g, e) != 0)
    return NULL;
  column *out = col_new(COL_FLOAT, g->ngroups, NULL, e);
  double *x = mem_alloc((g->nrow ? g->nrow : 1) * sizeof *x);
  int rc = out == NULL ? -1 : x == NULL ? err_nomem(e) : 0;
  for (size_t k = 0, done = 0; rc == 0 && k < g->ngroups; k++) {
    size_t n = 0;
    for (size_t r = g->offsets[k]; r < g->offsets[k + 1]; r++)
      if (present(c, g->rows[r]))
        x[n++] = number(c, g->rows[r]);
    rc = sort_stable(x, n, sizeof *x, sort_doubles, NULL, e);
    if (rc == 0 && n > 0)
      out->v.f[k] = quantile_sorted(x, n, q);
    else if (rc == 0)
      rc = col_set_null(out, k, e);
    int why = rc == 0 ? halt_after(&done, g->offsets[k + 1] - g->offsets[k] + 1) : HALT_NONE;
    rc = why != HALT_NONE ? err_halt(e, why) : rc;
  }
  mem_free(x);
  if (rc != 0) {
    col_unref(out);
    return NULL;
  }
  return out;
}

/* Whether row i's value comes before row j's in key's order (both present): numbers directly. */
static int before(const sortkey *key, uint32_t *const *ranks, size_t i, size_t j)
{
  const column *c = key->col;
  if (c->type == COL_INT)
    return key->desc ? col_int(c, i) > col_int(c, j) : col_int(c, i) < col_int(c, j);
  if (c->type == COL_FLOAT) /* never NaN: present() leaves it out */
    return key->desc ? c->v.f[i] > c->v.f[j] : c->v.f[i] < c->v.f[j];
  return order_compare(key, ranks, 1, i, j) < 0;
}

/* Row holding each group's min, max, first or last present value, or SIZE_MAX. */
static size_t *pick_rows(const column *c, const groups *g, agg_fn fn, cherr *e)
{
  size_t *pick = mem_alloc((g->ngroups ? g->ngroups : 1) * sizeof *pick);
  uint32_t *ranks = c->type == COL_STR && (fn == AGG_MIN || fn == AGG_MAX)
                      ? order_ranks(c, COLLATE_BYTES, e) : NULL;
  if (pick == NULL || (ranks == NULL && c->type == COL_STR && (fn == AGG_MIN || fn == AGG_MAX))) {
    if (pick == NULL || ranks != NULL) /* else order_ranks said why */
      err_nomem(e);
    mem_free(pick);
    mem_free(ranks);
    return NULL;
  }
  for (size_t k = 0; k < g->ngroups; k++)
    pick[k] = SIZE_MAX;
  sortkey key = {c, fn == AGG_MAX, COLLATE_BYTES};
  uint32_t *key_ranks[1] = {ranks};
  int why = HALT_NONE;
  for (size_t lo = 0; lo < g->nrow && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, g->nrow);
    for (size_t i = lo; i < hi; i++) {
      if (!present(c, i))
        continue;
      size_t *p = &pick[group_of(g, i)];
      if (*p == SIZE_MAX || fn == AGG_LAST ||
          ((fn == AGG_MIN || fn == AGG_MAX) && before(&key, key_ranks, i, *p)))
        *p = i;
    }
  }
  mem_free(ranks);
  if (why != HALT_NONE) {
    mem_free(pick);
    err_halt(e, why);
    return NULL;
  }
  return pick;
}

static column *picks(const column *c, const groups *g, agg_fn fn, cherr *e)
{
  size_t *pick = pick_rows(c, g, fn, e);
  unsigned char *empty = mem_alloc(g->ngroups ? g->ngroups : 1);
  column *out = NULL;
  if (pick != NULL && empty != NULL) {
    for (size_t k = 0; k < g->ngroups; k++) {
      empty[k] = pick[k] == SIZE_MAX;
      if (empty[k])
        pick[k] = 0; /* any row will do: the value is made null below */
    }
    /* an empty column has no row to take: every group is then empty */
    out = c->len > 0 ? col_take(c, pick, g->ngroups, e) : col_new(c->type, g->ngroups, c->dict, e);
  } else if (pick != NULL) {
    err_nomem(e);
  }
  for (size_t k = 0; out != NULL && k < g->ngroups; k++)
    if (empty[k] && col_set_null(out, k, e) != 0) {
      col_unref(out);
      out = NULL;
    }
  mem_free(pick);
  mem_free(empty);
  return out;
}

/* Distinct present values of each group: its values sorted, then counted. */
static column *distinct_counts(const column *c, groups *g, cherr *e)
{
  if (groups_rows(g, e) != 0)
    return NULL;
  column *out = col_new(COL_INT, g->ngroups, NULL, e);
  sortkey key = {c, 0, COLLATE_BYTES};
  size_t *rows = mem_alloc((g->nrow ? g->nrow : 1) * sizeof *rows);
  int rc = out == NULL ? -1 : rows == NULL ? err_nomem(e) : 0;
  for (size_t k = 0, done = 0; rc == 0 && k < g->ngroups; k++) {
    size_t n = 0;
    for (size_t r = g->offsets[k]; r < g->offsets[k + 1]; r++)
      if (present(c, g->rows[r]))
        rows[n++] = g->rows[r];
    rc = order_rows(&key, 1, rows, n, rows, e);
    int64_t distinct = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
      distinct += i == 0 || !key_equal(c, rows[i], c, rows[i - 1]);
    if (rc == 0)
      out->v.i64[k] = distinct;
    int why = rc == 0 ? halt_after(&done, g->offsets[k + 1] - g->offsets[k] + 1) : HALT_NONE;
    rc = why != HALT_NONE ? err_halt(e, why) : rc;
  }
  mem_free(rows);
  if (rc != 0) {
    col_unref(out);
    return NULL;
  }
  return out;
}

column *agg_column(const column *c, groups *g, agg_fn fn, double q, cherr *e)
{
  switch (fn) {
  case AGG_COUNT: return counts(c, g, e);
  case AGG_SUM:
    return c->type == COL_FLOAT ? moments(c, g, fn, e) : int_sums(c, g, e);
  case AGG_MEAN: case AGG_SD: case AGG_VAR: return moments(c, g, fn, e);
  case AGG_MEDIAN: return quantiles(c, g, 0.5, e);
  case AGG_QUANTILE: return quantiles(c, g, q, e);
  case AGG_MIN: case AGG_MAX: case AGG_FIRST: case AGG_LAST: return picks(c, g, fn, e);
  case AGG_NDISTINCT: return distinct_counts(c, g, e);
  case AGG_COR: break; /* two columns: groupcor_columns (groupcor.c) */
  }
  err_set(e, ERR_ARG, "unknown aggregate");
  return NULL;
}
