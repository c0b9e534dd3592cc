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
 * Sorts the pairs (words[i], pos[i]) stably by words, in place (LSD radix
 * sort on bytes; a byte equal in every word costs nothing).
 */
int order_radix(uint64_t *words, uint32_t *pos, size_t n, cherr *e);
/*
 * The word of each row rows[0..n) for key: 64 bits whose unsigned order is
 * the key's order (equal values, equal words). The rows must hold values,
 * not nulls; ranks are order_ranks' for a string key (else NULL).
 */
void order_encode(const sortkey *key, const uint32_t *ranks, const uint32_t *rows, size_t n,
                  uint64_t *words);
/* A double's word for order_radix: -0 as 0, NaN above +inf. */
uint64_t order_float_word(double f);

/*
 * Compares row i and row j by the keys, nulls last: <0, 0 or >0. The
 * string ranks must come from order_ranks for each string key (NULL for
 * other keys).
 */
int order_compare(const sortkey *keys, uint32_t *const *ranks, size_t nkeys, size_t i, size_t j);

/*
 * For a string column: the rank of each dictionary id in the collation
 * (equal strings, equal ranks); NULL with e set (out of memory, or halted).
 */
uint32_t *order_ranks(const column *c, collation coll, cherr *e);

#endif
