/*
 * colnames.h - a table's column names from its header, by the rules the CSV
 * reader and the workbook reader share: header rows joined into one name a
 * column (an empty upper cell carrying the text on its left, the same text
 * once), and a repeated name made unique (score, score_2, score_3).
 *
 * Ownership: cells and names passed in are borrowed; colnames_join fills
 * names with strings the caller frees (mem_free); colnames_dedupe replaces
 * the names it renames, freeing the old ones.
 */
#ifndef CHISO_COLNAMES_H
#define CHISO_COLNAMES_H

#include <stddef.h>

#include "column.h"
#include "err.h"

/* One header cell's text; s NULL (or only spaces) for an empty cell. */
typedef struct colnames_cell {
  const char *s;
  size_t len;
} colnames_cell;

/*
 * The names of ncol columns from rows header rows, cells[r * ncol + c]
 * (upper rows first): each column's cells joined top to bottom with a space,
 * line breaks, tabs and runs of spaces made one space, ends trimmed; a part
 * equal to the part above it is left out (a cell merged down over two rows
 * names its column once). With carry, an empty cell in a row above the last
 * takes the nearest non-empty cell on its left in that row (an upper cell
 * merged across the columns below it, as CSV and .xls files show one),
 * up to the last column any header row names. names[c] is "" for a column
 * without a name. 0, or -1 with e set (out of memory, or ERR_HALT at an
 * interruption or the deadline; names then all NULL).
 */
int colnames_join(const colnames_cell *cells, size_t rows, size_t ncol, int carry, char **names,
                  cherr *e);

/*
 * The first repeated name among names[0..n) (NULL and "" left out): 1 with
 * *first and *again its two columns (0-based), 0 when all differ, -1 with e
 * set when out of memory.
 */
int colnames_find_repeat(char *const *names, size_t n, size_t *first, size_t *again, cherr *e);

/* Told of each rename: column k (0-based) was called was and is now called now. */
typedef void (*colnames_renamed)(void *ud, size_t k, const char *was, const char *now);

/*
 * Renames each name equal to one before it (NULL and "" left out) to
 * name_2, or name_3... the first such name no column has, calling renamed
 * for each. Linear in the names, however many repeat. 0, or -1 with e set.
 */
int colnames_dedupe(char **names, size_t n, colnames_renamed renamed, void *ud, cherr *e);

/*
 * The column each of n type hints is for (found[h], 0-based): the first
 * column named as the hint says, or the one at its position; ncol when the
 * table has none. One pass over the names, however many hints: option
 * 'types' may name every column of a wide table. 0, or -1 with e set.
 */
int colnames_hint_columns(char *const *names, size_t ncol, const col_typehint *hints, size_t n,
                          size_t *found, cherr *e);

#endif
