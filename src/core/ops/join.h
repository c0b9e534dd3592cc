/*
 * join.h - hash joins of two datasets on key columns: inner, left, right,
 * full, semi and anti.
 *
 * Rows match when every key holds equal values: numbers by value (an int
 * key may meet a float one), strings by their text whichever dictionaries
 * hold them, booleans alike. A null key never matches anything, not even
 * another null (as SQL, and dplyr with na_matches = "never").
 *
 * The result holds the left dataset's columns, then the right's non-key
 * columns. Key columns appear once, under their name, with their values
 * from whichever side has the row; an int key joined to a float key becomes
 * float. A non-key name found on both sides gets suffix[0] on the left and
 * suffix[1] on the right. Rows: inner and left joins list the left rows in
 * order, each followed by its matches in the right's order (a left join
 * keeps unmatched left rows, with nulls on the right); a right join is the
 * mirror image, in the right's order; a full join is the left join followed
 * by the unmatched right rows in their order. Semi and anti joins keep the
 * left rows that have (or lack) a match, each once, and only the left's
 * columns.
 *
 * Ownership: join_run returns a new dataset owned by the caller; datasets
 * and the spec are borrowed.
 */
#ifndef CHISO_JOIN_H
#define CHISO_JOIN_H

#include <stddef.h>

#include "dataset.h"
#include "err.h"

typedef enum join_how { JOIN_INNER, JOIN_LEFT, JOIN_RIGHT, JOIN_FULL, JOIN_SEMI, JOIN_ANTI } join_how;

/* The names of the kinds of join, in join_how order, ending with NULL. */
extern const char *const join_how_names[];

typedef struct join_spec {
  const size_t *lkeys; /* key columns in the left dataset */
  const size_t *rkeys; /* the same keys, in the same order, in the right dataset */
  size_t nkeys;        /* at least one */
  join_how how;
  const char *suffix[2];
} join_spec;

/* ERR_ARG naming the key when a pair of key columns cannot be compared. */
int join_check(const dataset *l, const dataset *r, const join_spec *s, cherr *e);

/*
 * The join of l and r. Fails with ERR_ARG when the keys do not fit
 * (join_check) or the suffixes leave two columns with one name.
 */
dataset *join_run(const dataset *l, const dataset *r, const join_spec *s, cherr *e);

#endif
