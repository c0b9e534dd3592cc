/*
 * colindex.h - an index of a column's values: the rows of each value.
 *
 * A loop of `where(col, "==", v)` over many values of one column (each year
 * of a panel in turn) would scan the whole column each time; with the index
 * each selection costs only its matching rows. Columns never change, so an
 * index built once is right for the column's whole life: it is kept with
 * the column (column.index), counted in chiso's memory like any block, and
 * freed with the column. Derived columns (a where's, a slice's) are new
 * columns with no index.
 *
 * An index exists for int columns whose values span no more slots than the
 * column has rows (years, codes, ranks) and for string columns whose
 * dictionary is no larger than the column (by id). It takes 4 bytes a row
 * plus 4 a slot: a counting sort of the row numbers by value, two passes
 * over the column. It is never needed for a right answer: when memory is
 * short (or the memory limit is near, or the run is interrupted) it is
 * simply not built, and the caller scans.
 *
 * Only the thread that runs Lua builds an index; the threads of par.h only
 * read columns, and never while one is being built.
 *
 * Ownership: the index belongs to its column; callers borrow it for as long
 * as they hold the column.
 */
#ifndef CHISO_COLINDEX_H
#define CHISO_COLINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"

typedef struct colindex {
  int64_t lo;       /* ints: the value of slot 0 (slot k holds value lo + k); ids: 0 */
  uint32_t nslots;  /* ints: hi - lo + 1; strings: the dictionary's count */
  uint32_t *start;  /* nslots + 2 entries: slot k's rows are rows[start[k] .. start[k + 1]) */
  uint32_t *rows;   /* the non-null rows, by value, in ascending order within one value */
  size_t bytes;     /* what start and rows take */
} colindex;

/*
 * The equality selection on a column that builds its index (docs/design.md
 * gives the measurements): building costs about as much as 8 to 12 scans
 * save, so a script that stops at the 8th pays at most about twice what
 * scanning would have cost, and a loop over 100 values half of it.
 */
#define COLINDEX_AFTER 8

/*
 * The index to answer an equality selection on c with, or NULL to scan:
 * c's index when it has one, else built by this call when it is the
 * COLINDEX_AFTER-th such selection on c (each call counts one).
 */
const colindex *colindex_for_lookup(column *c);

/*
 * c's index, built now if it is not there yet; NULL when c cannot have one,
 * or memory is short, or the memory limit would come within twice the
 * index's size, or halt_check() asks to stop (the caller's own checks then
 * see it). Never an error.
 */
const colindex *colindex_get(column *c);

/* The rows of value slot k: *n of them. */
static inline const uint32_t *colindex_rows(const colindex *x, uint32_t k, size_t *n)
{
  *n = x->start[k + 1] - x->start[k];
  return x->rows + x->start[k];
}

/* Frees an index (column.c calls it when its column goes). NULL does nothing. */
void colindex_free(colindex *x);

#endif
