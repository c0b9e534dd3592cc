/*
 * select.h - choosing rows by conditions on columns, at the speed of memory.
 *
 * `where` needs the rows that pass, not a boolean column: each condition is
 * evaluated a block of rows at a time into a small buffer of bytes, by a
 * loop of fixed length per type and width that the compiler turns into
 * vector instructions (2-byte years compared 8 at a time), the blocks of
 * several conditions are combined byte by byte, and the rows that pass are
 * picked out of each block 8 bytes at a time. An equality on a column with
 * an index (colindex.h) takes the index's rows instead of a scan.
 *
 * The answers are arith_compare's and arith_isin's (arith.h): a null never
 * passes a comparison or `in`, numbers compare by value (an int column with
 * a float as doubles), NaN compares false except with ~=, strings by their
 * bytes, booleans false before true.
 *
 * Ownership: conditions and their columns are borrowed (a column may get
 * its index built: colindex.h); the rows returned belong to the caller.
 */
#ifndef CHISO_SELECT_H
#define CHISO_SELECT_H

#include <stddef.h>

#include "arith.h"
#include "column.h"
#include "err.h"

typedef enum sel_kind { SEL_CMP, SEL_IN, SEL_ISNULL, SEL_NOTNULL } sel_kind;

/* One condition: col op value, col in set, or whether col is null. */
typedef struct sel_cond {
  column *col;
  const char *name;   /* the column's name, for messages */
  sel_kind kind;
  cmp_op op;          /* SEL_CMP */
  operand value;      /* SEL_CMP: a non-null scalar, or a column of col's length */
  const operand *set; /* SEL_IN: the values (nulls among them are ignored) */
  size_t nset;
} sel_cond;

/*
 * The rows, ascending, of the nrow rows of the conditions' columns where
 * all n conditions hold (every row when n is 0): *rows, mem_alloc'ed and
 * owned by the caller, and *count. 0, or -1 with e set: ERR_ARG when a
 * condition compares types that cannot be compared (the message names the
 * column), ERR_NOMEM, or ERR_HALT.
 */
int sel_where(sel_cond *conds, size_t n, size_t nrow, size_t **rows, size_t *count, cherr *e);

/*
 * c op v as a boolean column, null where c is null (its value then false),
 * for v a non-null scalar of a type comparable with c's: what
 * arith_compare gives, by the loops above. NULL with e set when memory
 * runs out or halt_check() says to stop.
 */
column *sel_compare(cmp_op op, const column *c, const operand *v, cherr *e);

#endif
