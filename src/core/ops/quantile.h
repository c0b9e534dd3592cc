/*
 * quantile.h - the quantile of sorted values by R's default definition
 * (type 7, which pandas and NumPy also use): linear interpolation between
 * the order statistics around h = (n - 1) q. Header-only, for the grouped
 * aggregates (agg.c) and the statistics (stats.c) alike.
 *
 * The values are borrowed and not changed.
 */
#ifndef CHISO_QUANTILE_H
#define CHISO_QUANTILE_H

#include <stddef.h>

#include <math.h>

/* The type-7 quantile at q (in [0, 1]) of the sorted values x[0..n), n >= 1, without NaN. */
static inline double quantile_sorted(const double *x, size_t n, double q)
{
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h);
  if (lo + 1 >= n)
    return x[n - 1];
  return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

#endif
