/*
 * rank.h - ranks of a column's values within groups, and the rows of the n
 * best values per group (league tables).
 *
 * Ranking follows pandas' Series.rank and groupby().rank exactly: the five
 * tie methods, ascending or descending, `pct` (the rank divided by the
 * number of ranked values in the group, or for dense ranks by the largest
 * dense rank), and missing values (nulls, and NaN as pandas has it) kept
 * null or ranked as one tie group placed before or after every value,
 * whichever way the values run. Ints, floats, strings (by their bytes, which
 * is the order of their code points) and booleans (false first) can be
 * ranked. A row with a null in any key column belongs to no group and gets
 * a null rank (as pandas' groupby, which drops null keys).
 *
 * Ownership: rank_column returns a new column and rank_top a block of row
 * numbers (released with mem_free), both owned by the caller; the value
 * and key columns are borrowed.
 */
#ifndef CHISO_RANK_H
#define CHISO_RANK_H

#include <stddef.h>

#include "column.h"
#include "err.h"

typedef enum rank_ties { RANK_MIN, RANK_MAX, RANK_AVERAGE, RANK_FIRST, RANK_DENSE } rank_ties;
/* The tie method names, in rank_ties order, ending with NULL. */
extern const char *const rank_ties_names[];

typedef enum rank_na { RANK_NA_KEEP, RANK_NA_TOP, RANK_NA_BOTTOM } rank_na;
/* "keep", "top", "bottom", ending with NULL. */
extern const char *const rank_na_names[];

typedef struct rank_opts {
  rank_ties ties;
  int desc;  /* largest value first */
  int pct;   /* rank divided by the group's count (or largest dense rank) */
  rank_na na;
} rank_opts;

/*
 * The rank of each row of c within the groups of the nkeys key columns (none:
 * one group). The column is int for min, max, first and dense ranks, float
 * for average ranks or pct.
 */
column *rank_column(const column *c, const column *const *keys, size_t nkeys, const rank_opts *o,
                    cherr *e);

/*
 * The rows holding the n best values of c (largest first when desc) in each
 * group, never missing ones: group by group in order of the groups' first
 * rows, each in rank order and then row order. With keep_ties every row tied
 * with the n-th is kept too (pandas' nlargest(keep='all')); else exactly n
 * rows, the earliest of a tie first. *count gets the number of rows.
 */
size_t *rank_top(const column *c, const column *const *keys, size_t nkeys, size_t n, int desc,
                 int keep_ties, size_t *count, cherr *e);

#endif
