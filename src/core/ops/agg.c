/*
 * agg.c - aggregation kernels over groups of rows.
 */
#include "agg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "order.h"
#include "par.h"

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

double agg_quantile_sorted(const double *x, size_t n, double q)
{
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h);
  if (lo + 1 >= n)
    return x[n - 1];
  return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* Counts and compensated sums of the present values of each group. */
typedef struct tally {
  size_t *n;
  agg_sum *sum;
} tally;

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
  int numeric = c != NULL && c->type != COL_STR;
  for (size_t i = 0; i < g->nrow; i++)
    if (c == NULL || present(c, i)) {
      t->n[group_of(g, i)]++;
      if (numeric)
        agg_add(&t->sum[group_of(g, i)], number(c, i));
    }
  return 0;
}

static void free_tally(tally *t)
{
  mem_free(t->n);
  mem_free(t->sum);
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
  for (size_t i = 0; i < g->nrow; i++)
    if (present(c, i)) {
      uint64_t v = c->type == COL_INT ? (uint64_t)col_int(c, i) : c->v.b[i]; /* exact, never through a double */
      int64_t *sum = &out->v.i64[group_of(g, i)]; /* a new column: 8 bytes a value */
      *sum = (int64_t)((uint64_t)*sum + v);
    }
  return out;
}

/* Compensated sums of squared deviations from each group's mean. */
static agg_sum *squares(const column *c, const groups *g, const tally *t)
{
  agg_sum *ss = mem_calloc(g->ngroups ? g->ngroups : 1, sizeof *ss);
  for (size_t i = 0; ss != NULL && i < g->nrow; i++)
    if (present(c, i)) {
      size_t k = group_of(g, i);
      double d = number(c, i) - agg_total(&t->sum[k]) / (double)t->n[k];
      agg_add(&ss[k], d * d);
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
  agg_sum *ss = NULL;
  column *out = col_new(COL_FLOAT, g->ngroups, NULL, e);
  if (out != NULL && spread && (ss = squares(c, g, &t)) == NULL) {
    col_unref(out);
    out = NULL;
    err_nomem(e);
  }
  for (size_t k = 0; out != NULL && k < g->ngroups; k++) {
    size_t n = t.n[k];
    double total = agg_total(&t.sum[k]);
    if (fn == AGG_SUM)
      out->v.f[k] = total;
    else if (fn == AGG_MEAN)
      out->v.f[k] = total / (double)n;
    else
      out->v.f[k] = agg_total(&ss[k]) / (double)(n - 1);
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

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median or quantile of each group: its present values sorted. */
static column *quantiles(const column *c, groups *g, double q, cherr *e)
{
  if (groups_rows(g, e) != 0)
    return NULL;
  column *out = col_new(COL_FLOAT, g->ngroups, NULL, e);
  double *x = mem_alloc((g->nrow ? g->nrow : 1) * sizeof *x);
  int ok = out != NULL && x != NULL;
  for (size_t k = 0; ok && k < g->ngroups; k++) {
    size_t n = 0;
    for (size_t r = g->offsets[k]; r < g->offsets[k + 1]; r++)
      if (present(c, g->rows[r]))
        x[n++] = number(c, g->rows[r]);
    qsort(x, n, sizeof *x, compare_doubles);
    if (n > 0)
      out->v.f[k] = agg_quantile_sorted(x, n, q);
    else
      ok = col_set_null(out, k, e) == 0;
  }
  mem_free(x);
  if (!ok) {
    col_unref(out);
    err_nomem(e);
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
    mem_free(pick);
    mem_free(ranks);
    err_nomem(e);
    return NULL;
  }
  for (size_t k = 0; k < g->ngroups; k++)
    pick[k] = SIZE_MAX;
  sortkey key = {c, fn == AGG_MAX, COLLATE_BYTES};
  uint32_t *key_ranks[1] = {ranks};
  for (size_t i = 0; i < g->nrow; i++) {
    if (!present(c, i))
      continue;
    size_t *p = &pick[group_of(g, i)];
    if (*p == SIZE_MAX || fn == AGG_LAST || ((fn == AGG_MIN || fn == AGG_MAX) && before(&key, key_ranks, i, *p)))
      *p = i;
  }
  mem_free(ranks);
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
  for (size_t k = 0; rc == 0 && k < g->ngroups; k++) {
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
  case AGG_COR: break; /* two columns: agg_cor */
  }
  err_set(e, ERR_ARG, "unknown aggregate");
  return NULL;
}

/*
 * The correlations of each group, a batch of groups at a time: the two
 * threads first gather the batch's values (each from half of the rows),
 * then work out half of its groups' correlations each (both par_fns).
 */
typedef struct cor_job {
  const column *x, *y;
  const groups *g;
  const size_t *start; /* group k's values go to start[k] .. start[k + 1] - 1 ... */
  const size_t *early; /* ... group k's rows in the first half of the rows first: early[k] of them */
  const stats_method *m;
  size_t nm;
  double *r;           /* r[q * ngroups + k]: method q's r in group k, NaN where undefined */
  size_t b0, b1;       /* the batch: groups b0 .. b1 - 1 */
  double *bx, *by;     /* the batch's values, group after group: group b0's from the start */
  size_t *at[2];       /* a cursor per group of the batch for each half's gathering */
} cor_job;

/*
 * The batches' buffers take 2 bytes a row of the whole column (16 bytes a
 * row of the batch, an eighth of the rows), at least COR_BATCH_MIN rows,
 * or one group when a group is larger. Each batch costs each thread a pass
 * down half of the group ids.
 */
#define COR_BATCH_SHARE 8
#define COR_BATCH_MIN ((size_t)1 << 16)

/* Copies x[i], y[i] of rows from..to-1 in the batch's groups (ids of type idtype) to their places. */
#define GATHER_FLOATS(idtype)                                             \
  do {                                                                    \
    const idtype *id = g->ids;                                            \
    const double *x = j->x->v.f, *y = j->y->v.f;                          \
    for (size_t i = from; i < to; i++)                                    \
      if ((size_t)id[i] - b0 < nb) {                                      \
        size_t p = at[id[i] - b0]++;                                      \
        j->bx[p] = x[i];                                                  \
        j->by[p] = y[i];                                                  \
      }                                                                   \
  } while (0)

/*
 * Copies the values of the batch's groups in half of the rows to their
 * places in bx and by (par_fn), in one pass down those rows: reading the
 * columns in order is far faster than following each group's rows, which
 * lie all over the columns.
 */
static int gather_half(void *job, int half, cherr *e)
{
  (void)e;
  const cor_job *j = job;
  const groups *g = j->g;
  size_t b0 = j->b0, nb = j->b1 - j->b0, *at = j->at[half];
  size_t from = half == 0 ? 0 : g->nrow / 2, to = half == 0 ? g->nrow / 2 : g->nrow;
  for (size_t k = 0; k < nb; k++)
    at[k] = j->start[b0 + k] - j->start[b0] + (half == 0 ? 0 : j->early[b0 + k]);
  if (j->x->type == COL_FLOAT && j->y->type == COL_FLOAT && j->x->valid == NULL &&
      j->y->valid == NULL) { /* the common case, in a loop of its own for each width of ids */
    switch (g->idw) {
    case 1: GATHER_FLOATS(uint8_t); return 0;
    case 2: GATHER_FLOATS(uint16_t); return 0;
    default: GATHER_FLOATS(uint32_t); return 0;
    }
  }
  for (size_t i = from; i < to; i++) {
    size_t k = group_of(g, i);
    if (k - b0 < nb) {
      size_t p = at[k - b0]++;
      j->bx[p] = stats_value(j->x, i);
      j->by[p] = stats_value(j->y, i);
    }
  }
  return 0;
}

/* The correlations of half of the batch's groups (par_fn). */
static int cor_half(void *job, int half, cherr *e)
{
  cor_job *j = job;
  const size_t *start = j->start;
  size_t ng = j->g->ngroups, lo, hi;
  par_split(start + j->b0, j->b1 - j->b0, half, &lo, &hi);
  int rc = 0;
  for (size_t k = j->b0 + lo; rc == 0 && k < j->b0 + hi; k++) {
    double *x = j->bx + (start[k] - start[j->b0]), *y = j->by + (start[k] - start[j->b0]);
    size_t n = stats_complete(x, y, start[k + 1] - start[k]);
    for (size_t q = 0; rc == 0 && q < j->nm; q++)
      rc = stats_r(x, y, n, j->m[q], &j->r[q * ng + k], e);
  }
  return rc;
}

/* Every group's correlations, batch after batch. */
static int correlate_batches(cor_job *j, cherr *e)
{
  const size_t *start = j->start;
  size_t ng = j->g->ngroups, most = j->g->nrow / COR_BATCH_SHARE;
  most = most > COR_BATCH_MIN ? most : COR_BATCH_MIN;
  for (size_t k = 0; k < ng; k++)
    most = start[k + 1] - start[k] > most ? start[k + 1] - start[k] : most;
  j->bx = mem_alloc(most * sizeof *j->bx);
  j->by = mem_alloc(most * sizeof *j->by);
  j->at[0] = mem_alloc((ng ? ng : 1) * sizeof *j->at[0]);
  j->at[1] = mem_alloc((ng ? ng : 1) * sizeof *j->at[1]);
  int rc = j->bx && j->by && j->at[0] && j->at[1] ? 0 : err_nomem(e);
  for (j->b0 = 0; rc == 0 && j->b0 < ng; j->b0 = j->b1) {
    for (j->b1 = j->b0 + 1; j->b1 < ng && start[j->b1 + 1] - start[j->b0] <= most; j->b1++)
      ;
    rc = par_halves(gather_half, j, e);
    if (rc == 0)
      rc = par_halves(cor_half, j, e);
  }
  mem_free(j->bx);
  mem_free(j->by);
  mem_free(j->at[0]);
  mem_free(j->at[1]);
  return rc;
}

/* Method q's r of each group of job as a column; NULL with e set when out of memory. */
static column *cor_column(const cor_job *job, size_t q, cherr *e)
{
  size_t ng = job->g->ngroups;
  column *out = col_new(COL_FLOAT, ng, NULL, e);
  for (size_t k = 0; out != NULL && k < ng; k++) {
    if (!isnan(job->r[q * ng + k]))
      out->v.f[k] = job->r[q * ng + k];
    else if (col_set_null(out, k, e) != 0) {
      col_unref(out);
      out = NULL;
    }
  }
  return out;
}

int agg_cor(const column *x, const column *y, groups *g, const stats_method *m, size_t nm,
            column **out, cherr *e)
{
  size_t ng = g->ngroups;
  size_t *start = mem_calloc(ng + 1, sizeof *start), *early = mem_calloc(ng + 1, sizeof *early);
  cor_job job = {.x = x, .y = y, .g = g, .start = start, .early = early, .m = m, .nm = nm,
                 .r = mem_alloc((ng ? ng : 1) * nm * sizeof(double))};
  int rc = start == NULL || early == NULL || job.r == NULL ? err_nomem(e) : 0;
  for (size_t i = 0; rc == 0 && i < g->nrow; i++) {
    start[group_of(g, i) + 1]++;
    early[group_of(g, i)] += i < g->nrow / 2;
  }
  for (size_t k = 0; rc == 0 && k < ng; k++)
    start[k + 1] += start[k];
  if (rc == 0)
    rc = correlate_batches(&job, e);
  size_t made = 0;
  for (; rc == 0 && made < nm; made++)
    if ((out[made] = cor_column(&job, made, e)) == NULL)
      rc = -1;
  for (size_t q = 0; rc != 0 && q < made; q++) {
    col_unref(out[q]);
    out[q] = NULL;
  }
  mem_free(job.r);
  mem_free(start);
  mem_free(early);
  return rc;
}
