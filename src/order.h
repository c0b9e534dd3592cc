/*
 * order.h - putting rows in order by one or more keys.
 *
 * The order is stable (rows with equal keys keep their order) and puts
 * nulls last whichever way a key runs. Numbers compare by value (NaN after
 * every number), booleans false before true, strings by their bytes or, with
 * COLLATE_VI, as a Vietnamese dictionary orders them (vn.h).
 *
 * Ownership: order_rows writes into the caller's array; order_ranks returns
 * an array the caller releases with mem_free.
 */
#ifndef CHISO_ORDER_H
#define CHISO_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "err.h"

typedef enum collation { COLLATE_BYTES, COLLATE_VI } collation;

typedef struct sortkey {
  const column *col;
  int desc;
  collation coll;
} sortkey;

/*
 * Writes to out the rows rows[0..n) (or 0..n-1 when rows is NULL) in order
 * of the keys.
 */
int order_rows(const sortkey *keys, size_t nkeys, const size_t *rows, size_t n, size_t *out,
               cherr *e);

/*
 * Compares row i and row j by the keys, nulls last: <0, 0 or >0. The
 * string ranks must come from order_ranks for each string key (NULL for
 * other keys).
 */
int order_compare(const sortkey *keys, uint32_t *const *ranks, size_t nkeys, size_t i, size_t j);

/* For a string column: the rank of each dictionary id in the collation (equal strings, equal ranks). */
uint32_t *order_ranks(const column *c, collation coll, cherr *e);

#endif
