/*
 * sort.h - a stable sort that stops in time: what the core uses instead of
 * qsort, which no deadline can interrupt.
 *
 * A bottom-up merge sort (runs of 16 by insertion, then merges through a
 * buffer as large as the array, as glibc's qsort also takes) that calls
 * halt_check() every 1,024 comparisons, so a sort of millions of values or
 * of long strings stops soon after Ctrl-C or a deadline. The comparison
 * gets a context pointer (no globals: sorts on two threads do not meet).
 *
 * Ownership: the array is the caller's, sorted in place; the context is
 * passed through untouched.
 */
#ifndef CHISO_SORT_H
#define CHISO_SORT_H

#include <stddef.h>

#include "err.h"

typedef int (*sort_compare)(const void *a, const void *b, const void *ctx);

/* Sorts n elements of size bytes at base; 0, or -1 with e set (ERR_NOMEM, ERR_HALT). */
int sort_stable(void *base, size_t n, size_t size, sort_compare cmp, const void *ctx, cherr *e);

/* Comparisons for sort_stable: doubles (no NaN) ascending, int64_t ascending. */
int sort_doubles(const void *a, const void *b, const void *ctx);
int sort_int64s(const void *a, const void *b, const void *ctx);

#endif
