/*
 * test_stats.c - the statistics core: the incomplete beta, Student t and
 * exact Kendall p-values against R, SciPy and hand-worked values (command
 * and output in each comment); Knight's O(n log n) Kendall count and the
 * Spearman ranks against plain O(n^2) counts written here; and the
 * correlation matrix and describe under every allocation failure.
 */
#include <math.h>
#include <stdint.h>

#include "cols.h"
#include "stats.h"
#include "sweep.h"
#include "unit.h"

#define CHECK_REL(actual, expected)                                                   \
  do {                                                                                \
    double a_ = (actual), e_ = (expected);                                            \
    if (!(fabs(a_ - e_) <= 1e-12 * fabs(e_)))                                         \
      unit_fail(__FILE__, __LINE__, "%s is %.17g, expected %.17g", #actual, a_, e_);  \
  } while (0)

static void test_special(void)
{
  CASE("stats: incomplete beta against R's pbeta")
  {
    /* I_0.3(2, 5) = 1 - (0.7^6 + 6 * 0.3 * 0.7^5) = 1 - (0.117649 + 0.302526) = 0.579825 */
    CHECK_REL(stats_ibeta(2, 5, 0.3, 0.7), 0.579825);
    /* I_x(1/2, 1/2) = (2 / pi) asin(sqrt(x)) */
    CHECK_REL(stats_ibeta(0.5, 0.5, 0.9, 0.1), 2 / acos(-1.0) * asin(sqrt(0.9)));
    /*
     * Rscript -e 'cat(sprintf("%.17g", c(pbeta(1e-4, 29, 0.5), pbeta(0.999, 400, 0.5), pbeta(0.5, 1000, 1000), pbeta(0.2, 12.5, 40))), "\n")'
     *   1.0432182845438672e-117 0.37112320531947096 0.5 0.26943533728074542
     */
    CHECK_REL(stats_ibeta(29, 0.5, 1e-4, 1 - 1e-4), 1.0432182845438672e-117);
    CHECK_REL(stats_ibeta(400, 0.5, 0.999, 1 - 0.999), 0.37112320531947096);
    CHECK_REL(stats_ibeta(1000, 1000, 0.5, 0.5), 0.5);
    CHECK_REL(stats_ibeta(12.5, 40, 0.2, 0.8), 0.26943533728074542);
    CHECK_DBL(stats_ibeta(3, 4, 0, 1), 0);
    CHECK_DBL(stats_ibeta(3, 4, 1, 0), 1);
    CHECK(isnan(stats_ibeta(0, 4, 0.5, 0.5)));
  }
  CASE("stats: two-sided t p-values against R's pt")
  {
    /* df = 1 is Cauchy: P(|T| > 1) = 1 - (2 / pi) atan(1) = 1/2 */
    CHECK_REL(stats_t_pvalue(1, 1), 0.5);
    /* df = 2: P(|T| > t) = 1 - t / sqrt(2 + t^2); t = 1 gives 1 - 1/sqrt(3) */
    CHECK_REL(stats_t_pvalue(-1, 2), 1 - 1 / sqrt(3.0));
    /*
     * Rscript -e 'cat(sprintf("%.17g", c(2*pt(-2.5, 7), 2*pt(-10, 100), 2*pt(-0.3, 1000), 2*pt(-40, 3))), "\n")'
     *   0.040992218585752874 9.9016889845940936e-17 0.76423950416724418 3.438068078915854e-05
     */
    CHECK_REL(stats_t_pvalue(2.5, 7), 0.040992218585752874);
    CHECK_REL(stats_t_pvalue(-10, 100), 9.9016889845940936e-17);
    CHECK_REL(stats_t_pvalue(0.3, 1000), 0.76423950416724418);
    CHECK_REL(stats_t_pvalue(40, 3), 3.438068078915854e-05);
    CHECK_DBL(stats_t_pvalue(0, 5), 1);
    CHECK_DBL(stats_t_pvalue(INFINITY, 5), 0);
    CHECK(isnan(stats_t_pvalue(1, 0)));
    CHECK(isnan(stats_t_pvalue(NAN, 3)));
  }
  CASE("stats: exact Kendall p-values by hand and against SciPy")
  {
    /* permutations of 4 by inversions: 1 3 5 6 5 3 1; c = 4 folds to 2: 2 * 9 / 24 */
    CHECK_REL(stats_kendall_exact(4, 4), 0.75);
    CHECK_REL(stats_kendall_exact(5, 10), 2.0 / 120);
    CHECK_REL(stats_kendall_exact(5, 0), 2.0 / 120);
    CHECK_DBL(stats_kendall_exact(2, 1), 1);
    /*
     * /usr/bin/python3 -c 'from scipy.stats._mstats_basic import _kendall_p_exact as k; print(repr(k(6, 5)), repr(k(10, 30)), repr(k(33, 300)), repr(k(20, 95)))'
     *   0.46944444444444444 0.21637345679012346 0.2736433388865907 1.0
     */
    CHECK_REL(stats_kendall_exact(6, 5), 0.46944444444444444);
    CHECK_REL(stats_kendall_exact(10, 30), 0.21637345679012346);
    CHECK_REL(stats_kendall_exact(33, 300), 0.2736433388865907);
    CHECK_DBL(stats_kendall_exact(20, 95), 1);
    CHECK(isnan(stats_kendall_exact(40, 300)));
    CHECK(isnan(stats_kendall_exact(5, 11)));
  }
}

/* A reproducible stream of small integers (with many ties) for the brute-force checks. */
static uint32_t next_random(uint32_t *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 16;
}

/* tau-b by counting every pair. */
static double brute_tau(const double *x, const double *y, size_t n)
{
  double con = 0, dis = 0, only_x = 0, only_y = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      double s = (x[i] - x[j]) * (y[i] - y[j]);
      con += s > 0;
      dis += s < 0;
      only_x += x[i] == x[j] && y[i] != y[j];
      only_y += y[i] == y[j] && x[i] != x[j];
    }
  return (con - dis) / sqrt((con + dis + only_y) * (con + dis + only_x));
}

/* Average rank of x[i]: values below it, plus the middle of its tied group. */
static double brute_rank(const double *x, size_t n, size_t i)
{
  double below = 0, equal = 0;
  for (size_t j = 0; j < n; j++) {
    below += x[j] < x[i];
    equal += x[j] == x[i];
  }
  return below + (equal + 1) / 2;
}

static double brute_pearson(const double *x, const double *y, size_t n)
{
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; i++) {
    mx += x[i] / (double)n;
    my += y[i] / (double)n;
  }
  for (size_t i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / sqrt(sxx * syy);
}

static void test_against_counts(void)
{
  CASE("stats: Knight's Kendall count and Spearman ranks agree with counting every pair")
  {
    enum { N = 300 };
    static double x[N], y[N], rx[N], ry[N];
    uint32_t state = 12345;
    for (size_t n = 3; n <= N; n += 37) {
      for (size_t i = 0; i < n; i++) {
        x[i] = (double)(next_random(&state) % 17);
        y[i] = x[i] * 0.5 + (double)(next_random(&state) % 11);
      }
      stats_cor k, s;
      cherr e;
      CHECK(stats_correlate(x, y, n, STATS_KENDALL, &k, &e) == 0);
      CHECK(stats_correlate(x, y, n, STATS_SPEARMAN, &s, &e) == 0);
      CHECK_REL(k.r, brute_tau(x, y, n));
      for (size_t i = 0; i < n; i++) {
        rx[i] = brute_rank(x, n, i);
        ry[i] = brute_rank(y, n, i);
      }
      CHECK_REL(s.r, brute_pearson(rx, ry, n));
      if (n > 17) /* 17 values for x: some must repeat */
        CHECK(k.ties && s.ties);
    }
  }
  CASE("stats: stats_complete keeps the pairs without NaN, in order")
  {
    double x[] = {1, NAN, 3, 4, 5}, y[] = {10, 20, NAN, 40, 50};
    CHECK_INT(stats_complete(x, y, 5), 3);
    CHECK(x[0] == 1 && x[1] == 4 && x[2] == 5);
    CHECK(y[0] == 10 && y[1] == 40 && y[2] == 50);
  }
}

/* A dataset of an int, a float with nulls and a string column, for the sweeps. */
static dataset *sample(void)
{
  const int64_t iv[] = {3, 1, 4, 1, 5, 9};
  const double fv[] = {2.5, 0, 7.5, 1.25, 0, 3};
  const char *sv[] = {"a", "b", "c", "d", "e", "f"};
  column *cols[] = {unit_ints(6, iv, NULL), unit_floats(6, fv, ".n..n."), unit_strs(6, sv)};
  const char *names[] = {"i", "f", "s"};
  cherr e;
  dataset *d = cols[0] && cols[1] && cols[2] ? ds_make(names, cols, 3, 6, &e) : NULL;
  for (int k = 0; k < 3; k++)
    col_unref(cols[k]);
  return d;
}

static void *matrix_run(void *ctx, cherr *e)
{
  static const size_t cols[] = {0, 1};
  return stats_cor_matrix(ctx, cols, 2, STATS_KENDALL, e);
}

static void *describe_run(void *ctx, cherr *e) { return stats_describe(ctx, e); }

static void matrix_check(void *ctx, unsigned long n, void *made)
{
  dataset *m = made;
  (void)ctx;
  if (m->nrow != 2 || m->ncol != 3 || m->cols[1]->v.f[0] != 1 ||
      m->cols[1]->v.f[1] != m->cols[2]->v.f[0])
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the matrix differs", n);
  ds_unref(m);
}

static void describe_check(void *ctx, unsigned long n, void *made)
{
  dataset *s = made;
  (void)ctx;
  /* i: 1 1 3 4 5 9, mean 23/6; f: 1.25 2.5 3 7.5, count 4 */
  if (s->nrow != 2 || s->ncol != 10 || col_int(s->cols[1], 1) != 4 || col_int(s->cols[2], 1) != 2 ||
      fabs(s->cols[3]->v.f[0] - 23.0 / 6) > 1e-15 || s->cols[5]->v.f[1] != 1.25)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the table differs", n);
  ds_unref(s);
}

static void test_nomem(void)
{
  CASE("stats: the correlation matrix under each allocation failure fails cleanly")
  {
    dataset *d = sample();
    CHECK(d != NULL);
    if (d != NULL)
      CHECK(unit_sweep(matrix_run, matrix_check, d, 10000) >= 1);
    ds_unref(d);
  }
  CASE("stats: describe under each allocation failure fails cleanly")
  {
    dataset *d = sample();
    CHECK(d != NULL);
    if (d != NULL)
      CHECK(unit_sweep(describe_run, describe_check, d, 10000) >= 1);
    ds_unref(d);
  }
}

void test_stats(void)
{
  test_special();
  test_against_counts();
  test_nomem();
}
