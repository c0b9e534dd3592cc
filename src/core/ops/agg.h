/*
 * agg.h - aggregates of a column within groups: count, sum, mean, min,
 * max, sd, var, median, quantile, first, last, n_distinct. The correlation
 * of two columns within groups (cor) is named here with the others but
 * made by groupcor.h.
 *
 * Missing values are skipped: nulls, and NaN (which pandas and R also treat
 * as missing). A group with nothing left gets 0 for count, sum and
 * n_distinct and null for the rest; sd and var (n - 1 in the denominator,
 * as pandas and R) need two values. Quantiles follow R's default definition
 * (type 7), which pandas also uses (quantile.h). Sums are compensated
 * (Neumaier, ksum.h), and the variance takes two passes, so results agree
 * with pandas and R to about 1e-15 relative on ordinary data.
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
 * AGG_COR, of two columns, is an ERR_ARG here: groupcor_columns makes it.
 */
column *agg_column(const column *c, groups *g, agg_fn fn, double q, cherr *e);

#endif
