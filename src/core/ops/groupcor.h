/*
 * groupcor.h - the correlation of two columns within each group of rows,
 * by one or more of stats.h's methods (the aggregate "cor" of group_by).
 *
 * Each group's r is taken over its complete pairs, exactly as
 * stats_correlate would on that group alone; it is null where r is
 * undefined (fewer than two pairs, or no spread). Several methods share one
 * gathering of the groups' values, and the work is shared by two threads.
 *
 * Ownership: the columns and the groups are borrowed; the columns made are
 * new, owned by the caller.
 */
#ifndef CHISO_GROUPCOR_H
#define CHISO_GROUPCOR_H

#include <stddef.h>

#include "column.h"
#include "err.h"
#include "keys.h"
#include "stats.h"

/*
 * Correlation r of x and y by each of the nm methods m within each group of
 * g; x and y are int, float or bool columns. Fills out[0..nm) with new
 * float columns (one value per group) and returns 0, or -1 with e set and
 * nothing made.
 */
int groupcor_columns(const column *x, const column *y, groups *g, const stats_method *m,
                     size_t nm, column **out, cherr *e);

#endif
