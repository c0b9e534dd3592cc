/*
 * ksum.h - a compensated (Neumaier's variant of Kahan's) running sum, so
 * that a mean or a sum of squares over millions of values loses no more
 * than a rounding or two: 1e16 + 1 - 1e16 is 1, where a plain sum gives 0.
 * Header-only, for the aggregates (agg.c) and the statistics (stats.c)
 * alike, neither of which then depends on the other for it.
 *
 * Start a sum at {0, 0}; it owns nothing.
 */
#ifndef CHISO_KSUM_H
#define CHISO_KSUM_H

typedef struct ksum {
  double sum, comp; /* the running sum, and what its roundings lost */
} ksum;

static inline void ksum_add(ksum *s, double x)
{
  double t = s->sum + x;
  if ((s->sum >= 0 ? s->sum : -s->sum) >= (x >= 0 ? x : -x))
    s->comp += (s->sum - t) + x;
  else
    s->comp += (x - t) + s->sum;
  s->sum = t;
}

static inline double ksum_total(const ksum *s) { return s->sum + s->comp; }

#endif
