/*
 * agg.h - aggregates of a column within groups: count, sum, mean, min,
 * max, sd, var, median, quantile, first, last, n_distinct; and the
 * correlation of two columns within groups (cor).
 *
 * Missing values are skipped: nulls, and NaN (which pandas and R also treat
 * as missing). A group with nothing left gets 0 for count, sum and
 * n_distinct and null for the rest; sd and var (n - 1 in the denominator,
 * as pandas and R) need two values. Quantiles follow R's default definition
 * (type 7), which pandas also uses. Sums are compensated (Neumaier), and
 * the variance takes two passes, so results agree with pandas and R to
 * about 1e-15 relative on ordinary data.
 *
 * Ownership: agg_column returns a new column owned by the caller; the
 * column and the groups are borrowed (groups_rows may be filled in).
 */
#ifndef CHISO_AGG_H
#define CHISO_AGG_H

#include <stddef.h>

#include "column.h"
#include "err.h"
#include "keys.h"
#include "stats.h"

typedef enum agg_fn {
  AGG_COUNT, AGG_SUM, AGG_MEAN, AGG_MIN, AGG_MAX, AGG_SD, AGG_VAR, AGG_MEDIAN, AGG_QUANTILE,
  AGG_FIRST, AGG_LAST, AGG_NDISTINCT, AGG_COR
} agg_fn;

/* The names of the aggregates, in agg_fn order, ending with NULL (for luaL_checkoption). */
extern const char *const agg_names[];

/* Whether fn applies to a column of type t (numbers only for sum, mean, sd, var, median, quantile). */
int agg_accepts(agg_fn fn, coltype t);

/*
 * One value of fn per group of g, over column c (c NULL with AGG_COUNT
 * counts rows). q is the probability for AGG_QUANTILE, in [0, 1].
 */
column *agg_column(const column *c, groups *g, agg_fn fn, double q, cherr *e);

/*
 * Correlation r of x and y by each of the nm methods m within each group of
 * g, over the group's complete pairs (stats_correlate); null where r is
 * undefined (fewer than two pairs, or no spread). x and y are int, float or
 * bool columns. Several methods share one gathering of the groups' values.
 * Fills out[0..nm) with new columns and returns 0, or -1 with e set and
 * nothing made.
 */
int agg_cor(const column *x, const column *y, groups *g, const stats_method *m, size_t nm,
            column **out, cherr *e);

/* The type-7 quantile of the sorted values x[0..n), n >= 1. */
double agg_quantile_sorted(const double *x, size_t n, double q);

/* A compensated (Neumaier) running sum. */
typedef struct agg_sum {
  double sum, comp;
} agg_sum;

static inline void agg_add(agg_sum *s, double x)
{
  double t = s->sum + x;
  if ((s->sum >= 0 ? s->sum : -s->sum) >= (x >= 0 ? x : -x))
    s->comp += (s->sum - t) + x;
  else
    s->comp += (x - t) + s->sum;
  s->sum = t;
}

static inline double agg_total(const agg_sum *s) { return s->sum + s->comp; }

#endif
