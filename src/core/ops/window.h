/*
 * window.h - values from another time of the same series: lag, lead, diff
 * and pct_change.
 *
 * A series is the rows sharing the values of the key columns (none: the
 * whole dataset is one series); an int time column places each row in it.
 * The previous value of a row at time t is the one its series holds at time
 * t - step, found by value, not by position: a missing time gives null
 * (never the value from two steps back), and the order of the rows does not
 * matter. Two rows of one series at one time are an error that names the
 * key values, the time and both rows. A row with a null time or a null key
 * has no place in any series: its result is null, and it is never another
 * row's partner.
 *
 * Ownership: window_column returns a new column owned by the caller; the
 * columns and names in the spec are borrowed.
 */
#ifndef CHISO_WINDOW_H
#define CHISO_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "err.h"

typedef enum window_op { WINDOW_LAG, WINDOW_LEAD, WINDOW_DIFF, WINDOW_PCT_CHANGE } window_op;
/* "lag", "lead", "diff", "pct_change", in window_op order, ending with NULL. */
extern const char *const window_op_names[];

typedef struct window_spec {
  const column *const *keys;    /* the series' key columns */
  const char *const *key_names; /* their names, for messages */
  size_t nkeys;
  const column *time;           /* an int column */
  const char *time_name;
  int64_t step;                 /* >= 1 */
} window_spec;

/* Whether op applies to a column of type t: lag and lead to any, diff and pct_change to numbers. */
int window_accepts(window_op op, coltype t);

/*
 * For each row of c, with prev the value of its series at time - step (next
 * at time + step for lead): lag gives prev, lead next, diff value - prev
 * (int for two ints, else float; an int difference past int64 is an error),
 * pct_change value / prev - 1 as a float, pandas' formula (a prev of 0 gives
 * NaN when the value is 0 too, else an infinity of the value's sign). Null
 * when either value is null or there is no such row. Errors: ERR_ARG for a time
 * column that is not int, a step below 1 or a column op does not accept;
 * ERR_INPUT for two rows at one key and time.
 */
column *window_column(const column *c, const window_spec *s, window_op op, cherr *e);

#endif
