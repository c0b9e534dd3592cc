/*
 * stats.c - correlation (Pearson, Spearman, Kendall tau-b) with p-values
 * and intervals, simple least squares, quantiles and describe, and the
 * special functions they need, written here from their definitions.
 *
 * Where SciPy, R and pandas make a choice (which p-value, which interval,
 * what an undefined result is) this file follows them; docs/stats.md says
 * which tool each result matches. Long loops check halt_check() between
 * their phases, each of which is at most a sort over the rows.
 */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "halt.h"
#include "ksum.h"
#include "mem.h"
#include "order.h"
#include "quantile.h"
#include "sort.h"

const char *const stats_method_names[] = {"pearson", "spearman", "kendall", NULL};

/* The 0.975 quantile of the standard normal (R's qnorm(0.975), SciPy's norm.ppf(0.975)). */
#define Z975 1.959963984540054
#define LOG_SQRT_2PI 0.91893853320467274178
#define SQRT_HALF 0.70710678118654752440

static int stopped(cherr *e)
{
  int why = halt_check();
  return why == HALT_NONE ? 0 : err_halt(e, why);
}

/* Special functions */

/*
 * lgamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)) for x >= 10: the
 * Stirling series sum B_2k / (2k (2k - 1) x^(2k - 1)), k = 1..8; the
 * first term left out is below 2e-18 at x = 10.
 */
static double stirling_rest(double x)
{
  static const double c[] = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
                             -691.0 / 360360, 1.0 / 156, -3617.0 / 122400};
  double x2 = 1 / (x * x), sum = 0;
  for (int k = 7; k >= 0; k--)
    sum = sum * x2 + c[k];
  return sum / x;
}

/* log(a / (a + b)) without losing digits when b is small beside a. */
static double log_share(double a, double b)
{
  double s = a + b;
  return a > b ? log1p(-b / s) : log(a / s);
}

/*
 * log B(a, b). Subtracting lgammas of large arguments would lose digits
 * (lgamma(500) is about 2600), so beyond 10 the difference is taken in
 * Stirling's form, where the large terms cancel on paper instead.
 */
static double log_beta(double a, double b)
{
  double lo = a < b ? a : b, hi = a < b ? b : a;
  if (hi < 10)
    return lgamma(a) + lgamma(b) - lgamma(a + b);
  if (lo < 10)
    return lgamma(lo) + (hi - 0.5) * log_share(hi, lo) - lo * log(hi + lo) + lo +
           stirling_rest(hi) - stirling_rest(hi + lo);
  return LOG_SQRT_2PI - 0.5 * log(a + b) + (a - 0.5) * log_share(a, b) +
         (b - 0.5) * log_share(b, a) + stirling_rest(a) + stirling_rest(b) - stirling_rest(a + b);
}

/*
 * x^a y^b / B(a, b). Each factor is taken from whichever of x and y is
 * below 1/2, the one known to full relative precision: pow(x, a) keeps an
 * ulp however small the result, and exp(a log1p(-y)) keeps x^a accurate
 * near 1, where rounding x itself would cost a ulps. Logarithms take over
 * when a factor would underflow.
 */
static double power_terms(double a, double b, double x, double y)
{
  double logx = x < 0.5 ? log(x) : log1p(-y), logy = y < 0.5 ? log(y) : log1p(-x);
  double lb = log_beta(a, b);
  if (a * logx < -700 || b * logy < -700 || fabs(lb) > 700)
    return exp(a * logx + b * logy - lb);
  double fx = x < 0.5 ? pow(x, a) : exp(a * logx), fy = y < 0.5 ? pow(y, b) : exp(b * logy);
  return fx * fy / exp(lb);
}

/* Keeps a Lentz denominator away from zero. */
static double nonzero(double v) { return fabs(v) < 1e-300 ? 1e-300 : v; }

/*
 * 1 + d_2m+1, where d_2m+1 = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) is an odd
 * coefficient of the fraction below. Near x = 1 with a large, d_2m+1 is
 * close to -1 and the sum would keep only the digits x holds; expanding
 * (a+2m)(a+2m+1) - (a+m)(a+b+m)(1-y) keeps those of y = 1 - x instead.
 */
static double odd_plus_one(double a, double b, double m, double x, double y)
{
  double den = (a + 2 * m) * (a + 2 * m + 1);
  if (x < 0.5)
    return 1 - (a + m) * (a + b + m) * x / den;
  return (a * (2 * m + 1 - b) + m * (3 * m + 2 - b) + (a + m) * (a + b + m) * y) / den;
}

/*
 * I_x(a, b) by its continued fraction (Abramowitz and Stegun 26.5.8),
 * evaluated by the modified Lentz method; converges fast for
 * x < (a + 1) / (a + b + 2). Lentz's ratios d and c are carried past each
 * even step as their distance from 1 too (dm1, cm1), so that the odd step
 * can add them to 1 + d_2m+1 without cancelling.
 */
static double ibeta_fraction(double a, double b, double x, double y)
{
  double front = power_terms(a, b, x, y) / a;
  double c = 1, d = 1 / nonzero(odd_plus_one(a, b, 0, x, y)), f = d;
  for (int m = 1; m < 1000000; m++) {
    double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    double t = nonzero(1 + even * d), dm1 = -even * d / t, cm1 = even / c;
    d = 1 / t;
    c = nonzero(1 + cm1);
    f *= d * c;
    double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    double opo = odd_plus_one(a, b, m, x, y);
    d = 1 / nonzero(opo + odd * dm1);
    c = nonzero(opo - odd * cm1 / c);
    f *= d * c;
    if (fabs(d * c - 1) <= DBL_EPSILON)
      break;
  }
  return front * f;
}

double stats_ibeta(double a, double b, double x, double y)
{
  if (isnan(x) || isnan(y) || !(a > 0) || !(b > 0))
    return NAN;
  if (x <= 0)
    return 0;
  if (y <= 0)
    return 1;
  if (x > (a + 1) / (a + b + 2))
    return 1 - ibeta_fraction(b, a, y, x);
  return ibeta_fraction(a, b, x, y);
}

/* P(|T| >= |t|) for T with df degrees of freedom is I_x(df/2, 1/2), x = df / (df + t^2). */
double stats_t_pvalue(double t, double df)
{
  if (isnan(t) || !(df > 0))
    return NAN;
  t = fabs(t);
  if (t > 1e150)
    return stats_ibeta(df / 2, 0.5, df / t / t, 1);
  double sum = df + t * t;
  return stats_ibeta(df / 2, 0.5, df / sum, t * t / sum);
}

/*
 * Two-sided p-value of a correlation r whose t = r sqrt(df / (1 - r^2))
 * has df degrees of freedom: I_{1-r^2}(df/2, 1/2), with 1 - r^2 taken as
 * (1 - |r|)(1 + |r|) so that strong correlations keep their digits.
 */
static double r_pvalue(double r, double df)
{
  if (isnan(r) || !(df > 0))
    return NAN;
  double a = fabs(r);
  return stats_ibeta(df / 2, 0.5, (1 - a) * (1 + a), a * a);
}

/* Two-sided p-value of a standard normal z, as SciPy's 2 * norm.sf(|z|). */
static double normal_pvalue(double z) { return erfc(fabs(z) * SQRT_HALF); }

static double factorial(size_t n)
{
  double f = 1;
  for (size_t k = 2; k <= n; k++)
    f *= (double)k;
  return f;
}

/*
 * The exact null distribution of Kendall's statistic (Kendall 1970): the
 * number of permutations of n with k inversions, for k <= c, built one
 * element at a time as SciPy's _kendall_p_exact does; the two-sided
 * p-value is twice the lower tail. c is folded to the lower tail first.
 * NaN for n > 33 unless c is within 1 of either end (SciPy uses the
 * exact p-value only there).
 */
double stats_kendall_exact(size_t n, uint64_t c)
{
  uint64_t tot = n < 2 ? 0 : (uint64_t)n * (n - 1) / 2;
  if (c > tot)
    return NAN;
  if (c > tot - c)
    c = tot - c;
  if (n <= 2)
    return 1;
  if (c == 0)
    return n < 171 ? 2 / factorial(n) : 0;
  if (c == 1)
    return n < 172 ? 2 / factorial(n - 1) : 0;
  if (4 * c == tot * 2)
    return 1;
  if (n > 33)
    return NAN;
  double count[33 * 32 / 4 + 1] = {1, 1};
  for (size_t j = 3; j <= n; j++) {
    for (uint64_t k = 1; k <= c; k++)
      count[k] += count[k - 1];
    for (uint64_t k = c; j <= c && k >= j; k--)
      count[k] -= count[k - j];
  }
  double sum = 0;
  for (uint64_t k = 0; k <= c; k++)
    sum += count[k];
  double p = 2 * sum / factorial(n);
  return p > 1 ? 1 : p;
}

/* Values and pairs */

int stats_accepts(coltype t) { return t == COL_INT || t == COL_FLOAT || t == COL_BOOL; }

size_t stats_complete(double *x, double *y, size_t n)
{
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(x[i]) && !isnan(y[i])) {
      x[m] = x[i];
      y[m] = y[i];
      m++;
    }
  return m;
}

static int constant(const double *x, size_t n)
{
  for (size_t i = 1; i < n; i++)
    if (x[i] != x[0])
      return 0;
  return 1;
}

static double mean(const double *x, size_t n)
{
  ksum s = {0, 0};
  for (size_t i = 0; i < n; i++)
    ksum_add(&s, x[i]);
  return ksum_total(&s) / (double)n;
}

/*
 * A power of two that takes the largest |x[i] - m| into [1, 2), so that
 * squares neither overflow nor underflow.
 */
static double scale_for(const double *x, size_t n, double m)
{
  double big = 0;
  for (size_t i = 0; i < n; i++)
    if (fabs(x[i] - m) > big)
      big = fabs(x[i] - m);
  return big > 0 && isfinite(big) ? ldexp(1, -ilogb(big)) : 1;
}

static double sign(double v) { return (v > 0) - (v < 0); }

/* Pearson's r; NaN for fewer than two pairs or a constant input (as SciPy, R and pandas). */
static double pearson_r(const double *x, const double *y, size_t n)
{
  if (n < 2 || constant(x, n) || constant(y, n))
    return NAN;
  if (n == 2)
    return sign(x[1] - x[0]) * sign(y[1] - y[0]);
  double mx = mean(x, n), my = mean(y, n);
  double sx = scale_for(x, n, mx), sy = scale_for(y, n, my);
  ksum sxx = {0, 0}, syy = {0, 0}, sxy = {0, 0};
  for (size_t i = 0; i < n; i++) {
    double dx = (x[i] - mx) * sx, dy = (y[i] - my) * sy;
    ksum_add(&sxx, dx * dx);
    ksum_add(&syy, dy * dy);
    ksum_add(&sxy, dx * dy);
  }
  double r = ksum_total(&sxy) / sqrt(ksum_total(&sxx) * ksum_total(&syy));
  return isnan(r) ? NAN : r > 1 ? 1 : r < -1 ? -1 : r;
}

/* Spearman: average ranks */

/*
 * Ranks of x[0..n) into rank, ties sharing their average rank; returns
 * whether any tied, or -1 with e set. The values are radix sorted by their
 * order words (equal values, equal words) with their positions.
 */
static int average_ranks(const double *x, size_t n, double *rank, uint64_t *w, uint32_t *pos,
                         cherr *e)
{
  for (size_t i = 0; i < n; i++) {
    w[i] = order_float_word(x[i]);
    pos[i] = (uint32_t)i;
  }
  if (order_radix(w, pos, n, e) != 0)
    return -1;
  int ties = 0;
  for (size_t lo = 0, hi; lo < n; lo = hi) {
    for (hi = lo + 1; hi < n && w[hi] == w[lo]; hi++)
      ;
    for (size_t k = lo; k < hi; k++)
      rank[pos[k]] = (double)(lo + 1 + hi) / 2;
    ties |= hi - lo > 1;
  }
  return ties;
}

static int spearman(const double *x, const double *y, size_t n, stats_cor *out, cherr *e)
{
  double *rx = mem_alloc((n ? n : 1) * sizeof *rx), *ry = mem_alloc((n ? n : 1) * sizeof *ry);
  uint64_t *w = mem_alloc((n ? n : 1) * sizeof *w);
  uint32_t *pos = mem_alloc((n ? n : 1) * sizeof *pos);
  int rc = rx == NULL || ry == NULL || w == NULL || pos == NULL || n >= UINT32_MAX ? err_nomem(e) : 0;
  int tx = rc == 0 ? average_ranks(x, n, rx, w, pos, e) : -1;
  int ty = tx >= 0 ? average_ranks(y, n, ry, w, pos, e) : -1;
  if (rc == 0 && (tx < 0 || ty < 0))
    rc = -1;
  if (rc == 0) {
    out->ties = tx || ty;
    out->r = pearson_r(rx, ry, n);
    rc = stopped(e);
  }
  mem_free(rx);
  mem_free(ry);
  mem_free(w);
  mem_free(pos);
  return rc;
}

/* Kendall tau-b: Knight's O(n log n) count */

typedef struct xy {
  double x, y;
} xy;

static int by_x_then_y(const void *a, const void *b, const void *ctx)
{
  (void)ctx;
  const xy *p = a, *q = b;
  if (p->x != q->x)
    return p->x < q->x ? -1 : 1;
  return (p->y > q->y) - (p->y < q->y);
}

/* The tied groups of one variable: pairs within them, and the sums the tie correction needs. */
typedef struct tiestat {
  uint64_t pairs;
  double v0, v1; /* sums of t(t-1)(t-2) and t(t-1)(2t+5) over groups of size t */
} tiestat;

static void add_group(tiestat *s, size_t t)
{
  double d = (double)t;
  s->pairs += (uint64_t)t * (t - 1) / 2;
  s->v0 += d * (d - 1.) * (d - 2);
  s->v1 += d * (d - 1.) * (2 * d + 5);
}

typedef struct kendall_counts {
  uint64_t tot, dis, joint; /* all pairs, discordant pairs, pairs tied in both */
  tiestat xt, yt;
} kendall_counts;

/*
 * Sorts v by merging, bottom up, and returns the number of pairs i < j with
 * v[i] > v[j]; stops early with *why set when halt_check() says so.
 */
static uint64_t inversions(double *v, double *tmp, size_t n, int *why)
{
  uint64_t count = 0;
  size_t done = 0;
  for (size_t w = 1; w < n && *why == HALT_NONE; w *= 2)
    for (size_t lo = 0; lo < n - w && *why == HALT_NONE; lo += 2 * w) {
      size_t mid = lo + w, hi = mid + w < n ? mid + w : n, i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        if (v[j] < v[i]) {
          count += mid - i;
          tmp[k++] = v[j++];
        } else {
          tmp[k++] = v[i++];
        }
      while (i < mid)
        tmp[k++] = v[i++];
      memcpy(v + lo, tmp + lo, (j - lo) * sizeof *v);
      *why = halt_after(&done, hi - lo);
    }
  return count;
}

/*
 * Pairs sorted by x then y give the ties in x and in both; sorting their y
 * counts discordance. -1 with e set when halted.
 */
static int count_pairs(xy *p, double *v, double *tmp, size_t n, kendall_counts *k, cherr *e)
{
  memset(k, 0, sizeof *k);
  k->tot = n < 2 ? 0 : (uint64_t)n * (n - 1) / 2;
  for (size_t lo = 0, hi; lo < n; lo = hi) {
    for (hi = lo + 1; hi < n && p[hi].x == p[lo].x; hi++)
      ;
    add_group(&k->xt, hi - lo);
  }
  for (size_t lo = 0, hi; lo < n; lo = hi) {
    for (hi = lo + 1; hi < n && p[hi].x == p[lo].x && p[hi].y == p[lo].y; hi++)
      ;
    k->joint += (uint64_t)(hi - lo) * (hi - lo - 1) / 2;
  }
  for (size_t i = 0; i < n; i++)
    v[i] = p[i].y;
  int why = HALT_NONE;
  k->dis = inversions(v, tmp, n, &why);
  if (why != HALT_NONE)
    return err_halt(e, why);
  for (size_t lo = 0, hi; lo < n; lo = hi) {
    for (hi = lo + 1; hi < n && v[hi] == v[lo]; hi++)
      ;
    add_group(&k->yt, hi - lo);
  }
  return 0;
}

/*
 * tau-b and its p-value as SciPy 1.10's kendalltau (method "auto"): exact
 * without ties when n <= 33 or when at most one pair is discordant (or
 * concordant), else the normal approximation with the tie-corrected
 * variance of Kendall (1970).
 */
static void kendall_result(const kendall_counts *k, size_t n, stats_cor *out)
{
  out->ties = k->xt.pairs > 0 || k->yt.pairs > 0;
  if (n < 2 || k->xt.pairs == k->tot || k->yt.pairs == k->tot)
    return;
  int64_t cmd = (int64_t)(k->tot - k->xt.pairs - k->yt.pairs + k->joint) - 2 * (int64_t)k->dis;
  /* one square root of the product, so that a perfect order gives exactly 1 */
  double tau = (double)cmd / sqrt((double)(k->tot - k->xt.pairs) * (double)(k->tot - k->yt.pairs));
  out->r = tau > 1 ? 1 : tau < -1 ? -1 : tau;
  uint64_t con = k->tot - k->dis;
  if (!out->ties && (n <= 33 || k->dis <= 1 || con <= 1)) {
    out->p = stats_kendall_exact(n, con);
    return;
  }
  double m = (double)n * ((double)n - 1.);
  double var = (m * (double)(2 * n + 5) - k->xt.v1 - k->yt.v1) / 18 +
               2 * (double)k->xt.pairs * (double)k->yt.pairs / m +
               k->xt.v0 * k->yt.v0 / (9 * m * ((double)n - 2));
  out->p = normal_pvalue((double)cmd / sqrt(var));
}

static int kendall(const double *x, const double *y, size_t n, stats_cor *out, cherr *e)
{
  xy *p = mem_alloc((n ? n : 1) * sizeof *p);
  double *v = mem_alloc((n ? n : 1) * sizeof *v), *tmp = mem_alloc((n ? n : 1) * sizeof *tmp);
  int rc = p == NULL || v == NULL || tmp == NULL ? err_nomem(e) : 0;
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      p[i] = (xy){x[i], y[i]};
    rc = sort_stable(p, n, sizeof *p, by_x_then_y, NULL, e);
  }
  kendall_counts k;
  if (rc == 0)
    rc = count_pairs(p, v, tmp, n, &k, e);
  if (rc == 0) {
    kendall_result(&k, n, out);
    rc = stopped(e);
  }
  mem_free(p);
  mem_free(v);
  mem_free(tmp);
  return rc;
}

/* Correlation */

/*
 * The 95% interval tanh(atanh(r) -+ z_0.975 se), as R's cor.test for
 * Pearson (se = 1 / sqrt(n - 3)); for Spearman and Kendall the standard
 * errors of Bonett and Wright (2000, Psychometrika 65:23-28):
 * sqrt((1 + r^2 / 2) / (n - 3)) and sqrt(0.437 / (n - 4)).
 */
static void fisher_interval(stats_cor *c, stats_method m)
{
  double n = (double)c->n, se;
  if (isnan(c->r) || c->n <= (m == STATS_KENDALL ? 4u : 3u))
    return;
  if (m == STATS_PEARSON)
    se = 1 / sqrt(n - 3);
  else if (m == STATS_SPEARMAN)
    se = sqrt((1 + c->r * c->r / 2) / (n - 3));
  else
    se = sqrt(0.437 / (n - 4));
  double z = atanh(c->r);
  c->ci_low = tanh(z - se * Z975);
  c->ci_high = tanh(z + se * Z975);
}

/* r alone (and Kendall's p, which comes with its count): what agg's cor needs. */
static int correlate_r(const double *x, const double *y, size_t n, stats_method m, stats_cor *out,
                       cherr *e)
{
  *out = (stats_cor){n, NAN, NAN, NAN, NAN, 0};
  if (m == STATS_PEARSON)
    out->r = pearson_r(x, y, n);
  else if (m == STATS_SPEARMAN)
    return spearman(x, y, n, out, e);
  else
    return kendall(x, y, n, out, e);
  return 0;
}

int stats_r(const double *x, const double *y, size_t n, stats_method m, double *r, cherr *e)
{
  stats_cor c;
  int rc = correlate_r(x, y, n, m, &c, e);
  *r = c.r;
  return rc;
}

int stats_correlate(const double *x, const double *y, size_t n, stats_method m, stats_cor *out,
                    cherr *e)
{
  int rc = correlate_r(x, y, n, m, out, e);
  if (rc != 0)
    return rc;
  if (m != STATS_KENDALL)
    out->p = r_pvalue(out->r, (double)n - 2);
  fisher_interval(out, m);
  return 0;
}

/* Correlation matrix */

/* r of columns a and b of d, pairwise complete, using buf (2 * nrow doubles). */
static int pair_r(const dataset *d, size_t a, size_t b, stats_method m, double *buf, double *r,
                  cherr *e)
{
  double *x = buf, *y = buf + d->nrow;
  for (size_t i = 0; i < d->nrow; i++) {
    x[i] = stats_value(d->cols[a], i);
    y[i] = stats_value(d->cols[b], i);
    if (HALT_DUE(i + 1) && stopped(e) != 0)
      return -1;
  }
  stats_cor c;
  if (stats_correlate(x, y, stats_complete(x, y, d->nrow), m, &c, e) != 0)
    return -1;
  *r = a == b && !isnan(c.r) ? 1 : c.r;
  return 0;
}

/* The k x k matrix of r, row by row; each pair computed once, so the matrix is symmetric. */
static double *matrix(const dataset *d, const size_t *cols, size_t k, stats_method m, cherr *e)
{
  if (k > 0 && k > SIZE_MAX / sizeof(double) / k) {
    err_nomem(e);
    return NULL;
  }
  double *r = mem_alloc((k ? k * k : 1) * sizeof *r);
  double *buf = mem_alloc((d->nrow ? 2 * d->nrow : 1) * sizeof *buf);
  int rc = r == NULL || buf == NULL ? err_nomem(e) : 0;
  for (size_t i = 0; rc == 0 && i < k; i++)
    for (size_t j = i; rc == 0 && j < k; j++) {
      rc = pair_r(d, cols[i], cols[j], m, buf, &r[i * k + j], e);
      if (rc == 0) {
        r[j * k + i] = r[i * k + j];
        rc = stopped(e);
      }
    }
  mem_free(buf);
  if (rc != 0) {
    mem_free(r);
    return NULL;
  }
  return r;
}

/* A float column of the n values v (NaN made null). */
static column *float_column(const double *v, size_t n, size_t stride, cherr *e)
{
  column *c = col_new(COL_FLOAT, n, NULL, e);
  for (size_t i = 0; c != NULL && i < n; i++) {
    c->v.f[i] = v[i * stride];
    if (isnan(v[i * stride]) && col_set_null(c, i, e) != 0) {
      col_unref(c);
      c = NULL;
    }
  }
  return c;
}

/* A string column of the names of columns cols[0..k) of d. */
static column *name_column(const dataset *d, const size_t *cols, size_t k, cherr *e)
{
  colbuild b;
  if (colbuild_init(&b, COL_STR, k, e) != 0)
    return NULL;
  for (size_t i = 0; i < k; i++)
    if (colbuild_str(&b, d->names[cols[i]], strlen(d->names[cols[i]]), e) != 0) {
      colbuild_discard(&b);
      return NULL;
    }
  return colbuild_finish(&b, e);
}

/* The dataset of n columns named names, releasing the columns; NULL if any is NULL. */
static dataset *assemble(const char *const *names, column **cols, size_t n, size_t nrow, cherr *e)
{
  size_t made = 0;
  while (made < n && cols[made] != NULL)
    made++;
  dataset *out = made == n ? ds_make(names, cols, n, nrow, e) : NULL;
  for (size_t k = 0; k < n; k++)
    col_unref(cols[k]);
  return out;
}

dataset *stats_cor_matrix(const dataset *d, const size_t *cols, size_t k, stats_method m,
                          cherr *e)
{
  double *r = matrix(d, cols, k, m, e);
  if (r == NULL)
    return NULL;
  const char **names = mem_alloc((k + 1) * sizeof *names);
  column **out = mem_calloc(k + 1, sizeof *out);
  dataset *ds = NULL;
  if (names == NULL || out == NULL) {
    err_nomem(e);
  } else {
    names[0] = "column";
    out[0] = name_column(d, cols, k, e);
    for (size_t j = 0; j < k && out[j] != NULL; j++) {
      names[j + 1] = d->names[cols[j]];
      out[j + 1] = float_column(r + j, k, k, e);
    }
    ds = assemble(names, out, k + 1, k, e);
  }
  mem_free(names);
  mem_free(out);
  mem_free(r);
  return ds;
}

/* Least squares */

/* y = mean(y) alone, as R's lm when x is constant (its slope is aliased, NA). */
static void intercept_only(const double *y, size_t n, double my, stats_lm *out)
{
  out->intercept = my;
  if (n < 2)
    return;
  ksum ss = {0, 0};
  for (size_t i = 0; i < n; i++)
    ksum_add(&ss, (y[i] - my) * (y[i] - my));
  out->sigma = sqrt(ksum_total(&ss) / (double)(n - 1));
  out->se_intercept = out->sigma / sqrt((double)n);
  out->r2 = 0;
}

void stats_linear(const double *x, const double *y, size_t n, stats_lm *out)
{
  *out = (stats_lm){n, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
  if (n == 0)
    return;
  double mx = mean(x, n), my = mean(y, n);
  if (constant(x, n)) {
    intercept_only(y, n, my, out);
    return;
  }
  ksum sxx = {0, 0}, sxy = {0, 0}, rss = {0, 0};
  for (size_t i = 0; i < n; i++) {
    ksum_add(&sxx, (x[i] - mx) * (x[i] - mx));
    ksum_add(&sxy, (x[i] - mx) * (y[i] - my));
  }
  double xx = ksum_total(&sxx);
  out->slope = ksum_total(&sxy) / xx;
  out->intercept = my - out->slope * mx;
  for (size_t i = 0; i < n; i++) {
    double res = (y[i] - my) - out->slope * (x[i] - mx);
    ksum_add(&rss, res * res);
  }
  double mss = out->slope * out->slope * xx, ss = ksum_total(&rss);
  out->r2 = mss / (mss + ss);
  if (n < 3)
    return;
  out->sigma = sqrt(ss / (double)(n - 2));
  out->se_slope = out->sigma / sqrt(xx);
  out->se_intercept = out->sigma * sqrt(1 / (double)n + mx * mx / xx);
  out->p = stats_t_pvalue(out->slope / out->se_slope, (double)n - 2);
}

/* Quantiles and describe */

int stats_quantiles(double *x, size_t n, const double *q, size_t nq, double *out, cherr *e)
{
  if (sort_stable(x, n, sizeof *x, sort_doubles, NULL, e) != 0)
    return -1;
  for (size_t k = 0; k < nq; k++)
    out[k] = quantile_sorted(x, n, q[k]);
  return 0;
}

enum { D_COUNT, D_NULLS, D_MEAN, D_SD, D_MIN, D_Q25, D_MEDIAN, D_Q75, D_MAX, D_NSTATS };

static const char *const describe_names[] = {"column", "count", "nulls", "mean", "sd", "min",
                                             "q25", "median", "q75", "max"};

/*
 * The sample standard deviation of x[0..n) about its mean m: two passes,
 * compensated, as agg.h's sd, so describe and an aggregate agree to the bit.
 */
static double sd_about(const double *x, size_t n, double m)
{
  if (n < 2)
    return NAN;
  ksum ss = {0, 0};
  for (size_t i = 0; i < n; i++)
    ksum_add(&ss, (x[i] - m) * (x[i] - m));
  return sqrt(ksum_total(&ss) / (double)(n - 1));
}

/* One describe row for c, using buf (c->len doubles). */
static int summarize(const column *c, double *buf, double *row, cherr *e)
{
  size_t n = 0;
  for (size_t i = 0; i < c->len; i++) {
    if (!isnan(buf[n] = stats_value(c, i)))
      n++;
    if (HALT_DUE(i + 1) && stopped(e) != 0)
      return -1;
  }
  static const double q[] = {0.25, 0.5, 0.75};
  row[D_COUNT] = (double)n;
  row[D_NULLS] = (double)(c->len - n);
  /* in the file's order, before the sort below: a sum's roundings depend on the order */
  row[D_MEAN] = n > 0 ? mean(buf, n) : NAN;
  row[D_SD] = sd_about(buf, n, row[D_MEAN]);
  row[D_MIN] = row[D_Q25] = row[D_MEDIAN] = row[D_Q75] = row[D_MAX] = NAN;
  if (n > 0) {
    if (stats_quantiles(buf, n, q, 3, &row[D_Q25], e) != 0)
      return -1;
    row[D_MIN] = buf[0];
    row[D_MAX] = buf[n - 1];
  }
  return stopped(e);
}

/* The describe rows, D_NSTATS values each, of the m columns at which[0..m) of d. */
static double *describe_rows(const dataset *d, const size_t *which, size_t m, cherr *e)
{
  double *rows = mem_alloc((m ? m * D_NSTATS : 1) * sizeof *rows);
  double *buf = mem_alloc((d->nrow ? d->nrow : 1) * sizeof *buf);
  int rc = rows == NULL || buf == NULL ? err_nomem(e) : 0;
  for (size_t k = 0; rc == 0 && k < m; k++)
    rc = summarize(d->cols[which[k]], buf, rows + k * D_NSTATS, e);
  mem_free(buf);
  if (rc != 0) {
    mem_free(rows);
    return NULL;
  }
  return rows;
}

/* An int column of the counts at rows[k * D_NSTATS + stat]. */
static column *count_column(const double *rows, size_t m, int stat, cherr *e)
{
  column *c = col_new(COL_INT, m, NULL, e);
  for (size_t k = 0; c != NULL && k < m; k++)
    c->v.i64[k] = (int64_t)rows[k * D_NSTATS + stat];
  return c;
}

static dataset *describe_dataset(const dataset *d, const size_t *which, size_t m,
                                 const double *rows, cherr *e)
{
  column *cols[D_NSTATS + 1];
  cols[0] = name_column(d, which, m, e);
  for (int s = 0; s < D_NSTATS; s++)
    cols[s + 1] = cols[s] == NULL ? NULL
                  : s <= D_NULLS  ? count_column(rows, m, s, e)
                                  : float_column(rows + s, m, D_NSTATS, e);
  return assemble(describe_names, cols, D_NSTATS + 1, m, e);
}

dataset *stats_describe(const dataset *d, cherr *e)
{
  size_t *which = mem_alloc((d->ncol ? d->ncol : 1) * sizeof *which), m = 0;
  if (which == NULL) {
    err_nomem(e);
    return NULL;
  }
  for (size_t k = 0; k < d->ncol; k++)
    if (col_is_numeric(d->cols[k]))
      which[m++] = k;
  double *rows = describe_rows(d, which, m, e);
  dataset *out = rows != NULL ? describe_dataset(d, which, m, rows, e) : NULL;
  mem_free(rows);
  mem_free(which);
  return out;
}
