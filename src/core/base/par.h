/*
 * par.h - a job done in two halves, on two cores.
 *
 * The primitives whose work splits cleanly (ranking within groups, reading
 * the two halves of a large file, correlations per group) hand each half to
 * a function that knows which half it has; the second runs on a thread of
 * its own. Each half writes only its own part of the output and reports
 * failure through its own cherr.
 */
#ifndef CHISO_PAR_H
#define CHISO_PAR_H

#include <stddef.h>

#include "err.h"

/* Does half 0 or 1 of job; 0, or -1 with e set. */
typedef int (*par_fn)(void *job, int half, cherr *e);

/*
 * Runs fn(job, 1) on a second thread and fn(job, 0) on this one, and waits
 * for both; or both here, one after the other, when only one thread is to
 * be used or a thread cannot be started. Returns 0, or -1 with e set from a
 * half that failed.
 */
int par_halves(par_fn fn, void *job, cherr *e);

/*
 * The groups *lo .. *hi - 1 that half (0 or 1) of a job takes, when group k
 * holds items start[k] .. start[k + 1] - 1 (start[0] need not be 0): whole
 * groups, about as many items in each half.
 */
void par_split(const size_t *start, size_t ngroups, int half, size_t *lo, size_t *hi);

/* 2, or 1 when CHISO_THREADS=1 asks for one thread or the machine has one core. */
int par_threads(void);

#endif
