/*
 * stats.h - statistics on numbers: Pearson, Spearman and Kendall
 * correlation with their p-values and intervals, simple least squares,
 * type-7 quantiles, a describe table of numeric columns, and the special
 * functions behind them (regularized incomplete beta, Student t and
 * normal tails).
 *
 * Missing values are NaN in the double arrays these functions take: a
 * caller turns nulls into NaN (stats_value) and keeps complete pairs
 * (stats_complete); NaN read from data is missing too, as in pandas.
 * Results that are undefined (r of a constant input, a p-value with no
 * degrees of freedom) are NaN, which the bridge shows as nil. What each
 * result means, and where it matches SciPy, R and pandas, is in
 * docs/stats.md.
 *
 * Ownership: input arrays are borrowed (stats_complete and
 * stats_quantiles reorder theirs in place); stats_cor_matrix and
 * stats_describe return a new dataset owned by the caller.
 */
#ifndef CHISO_STATS_H
#define CHISO_STATS_H

#include <stddef.h>
#include <stdint.h>

#include <math.h>

#include "column.h"
#include "dataset.h"
#include "err.h"

typedef enum stats_method { STATS_PEARSON, STATS_SPEARMAN, STATS_KENDALL } stats_method;
#define STATS_NMETHODS 3

/* "pearson", "spearman", "kendall", NULL: in stats_method order. */
extern const char *const stats_method_names[];

typedef struct stats_cor {
  size_t n;                /* complete pairs used */
  double r, p;             /* NaN when undefined */
  double ci_low, ci_high;  /* 95% Fisher-z interval, NaN when undefined */
  int ties;                /* spearman and kendall: x or y held tied values */
} stats_cor;

typedef struct stats_lm {
  size_t n;
  double slope, intercept, se_slope, se_intercept, sigma, r2, p; /* NaN when undefined */
} stats_lm;

/* Whether columns of type t hold numbers these functions take (int, float, bool as 0/1). */
int stats_accepts(coltype t);
/* Value i of an int, float or bool column as a double; NaN when null. */
static inline double stats_value(const column *c, size_t i)
{
  if (col_isnull(c, i))
    return NAN;
  return c->type == COL_BOOL ? (double)c->v.b[i] : col_num(c, i);
}
/* Moves the pairs (x[i], y[i]) without NaN to the front, in order; returns their count. */
size_t stats_complete(double *x, double *y, size_t n);

/*
 * r alone of the n complete pairs by method m (NaN when undefined), with no
 * p-value: safe to call from two threads at once (the t test's lgamma is
 * not).
 */
int stats_r(const double *x, const double *y, size_t n, stats_method m, double *r, cherr *e);

/* Correlation of the n complete pairs (x[i], y[i]) by method m. */
int stats_correlate(const double *x, const double *y, size_t n, stats_method m, stats_cor *out,
                    cherr *e);
/*
 * The correlation matrix of columns cols[0..k) of d (each accepted by
 * stats_accepts), pairwise complete: a string column "column" of their
 * names, then one float column of r per variable (null where undefined).
 */
dataset *stats_cor_matrix(const dataset *d, const size_t *cols, size_t k, stats_method m,
                          cherr *e);

/* Least squares fit of y = intercept + slope * x over the n complete pairs. */
void stats_linear(const double *x, const double *y, size_t n, stats_lm *out);

/*
 * Sorts x[0..n) (no NaN) and sets out[k] to its type-7 quantile at q[k] (in
 * [0, 1]); n >= 1. 0, or -1 with e set (out of memory, or halted).
 */
int stats_quantiles(double *x, size_t n, const double *q, size_t nq, double *out, cherr *e);

/*
 * One row per int or float column of d: column, count, nulls, mean, sd,
 * min, q25, median, q75, max.
 */
dataset *stats_describe(const dataset *d, cherr *e);

/* The regularized incomplete beta I_x(a, b), given y = 1 - x exactly; a, b > 0. */
double stats_ibeta(double a, double b, double x, double y);
/* Two-sided p-value of Student's t with df > 0 degrees of freedom: P(|T| >= |t|). */
double stats_t_pvalue(double t, double df);
/* Two-sided exact p-value of Kendall's tau for n values without ties and c concordant pairs. */
double stats_kendall_exact(size_t n, uint64_t c);

#endif
