/*
 * arith.h - arithmetic, comparison and logic over whole columns.
 *
 * An operand is a column or a single value (a scalar, used for every row).
 * A null in either operand gives null. Arithmetic follows Lua's rules for
 * numbers: int with int stays int for + - * // % (wrapping on overflow),
 * / and ^ give floats, any float gives a float; integer // and % by zero
 * give null rather than an error. Comparisons give boolean columns:
 * numbers by value (int against float too), strings by their bytes,
 * booleans false < true; NaN compares false except with ~=. Logic on
 * boolean columns is three-valued: false and null is false, true and null
 * is null (as in R and SQL).
 *
 * Ownership: results are new columns owned by the caller; operands are
 * borrowed.
 */
#ifndef CHISO_ARITH_H
#define CHISO_ARITH_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "err.h"

typedef enum arith_op {
  ARITH_ADD, ARITH_SUB, ARITH_MUL, ARITH_DIV, ARITH_IDIV, ARITH_MOD, ARITH_POW
} arith_op;

typedef enum cmp_op { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE } cmp_op;

typedef enum logic_op { LOGIC_AND, LOGIC_OR } logic_op;

/* A column, or one value standing for every row (null when isnull). */
typedef struct operand {
  const column *col;  /* NULL for a scalar */
  coltype type;       /* the scalar's type */
  int isnull;
  int64_t i;
  double f;
  int b;
  const char *s;
  size_t len;
} operand;

/* Fills o as a scalar of each type, or as a column. */
operand arith_int(int64_t v);
operand arith_float(double v);
operand arith_str(const char *s, size_t len);
operand arith_bool(int v);
operand arith_null(void);
operand arith_col(const column *c);

/* The type of an operand: its column's or the scalar's. */
coltype arith_type(const operand *o);

/* a op b over n rows: both numeric (bools count as numbers nowhere: an error). */
column *arith_binary(arith_op op, const operand *a, const operand *b, size_t n, cherr *e);
/* -a */
column *arith_negate(const column *a, cherr *e);

/* a op b as a boolean column; the operands' types must be comparable. */
column *arith_compare(cmp_op op, const operand *a, const operand *b, size_t n, cherr *e);
/* Whether each value of c is one of the n values in set (nulls in set are ignored): bool, null where c is. */
column *arith_isin(const column *c, const operand *set, size_t nset, cherr *e);
/* Whether each value is null (want_null) or not: never null itself. */
column *arith_isnull(const column *c, int want_null, cherr *e);

/* The truth of op given the order of two values: <0, 0 or >0. */
int arith_holds(cmp_op op, int order);
/* The order of two strings by their bytes (a prefix first): <0, 0 or >0. */
int arith_compare_strings(const char *x, size_t lx, const char *y, size_t ly);

/* Three-valued and/or of two boolean columns (or a column and a scalar). */
column *arith_logic(logic_op op, const operand *a, const operand *b, size_t n, cherr *e);
/* not c, for a boolean column. */
column *arith_not(const column *c, cherr *e);

/* The rows where the boolean column c is true (null counts as false): writes them to rows, returns how many. */
size_t arith_true_rows(const column *c, size_t *rows);

#endif
