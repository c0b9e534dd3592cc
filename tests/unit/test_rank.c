/*
 * test_rank.c - rank.c and window.c: hand-worked ranks and shifts, ranks
 * of random data against a direct count (the rank of x is one plus the
 * number of values in its group that come before it), the duplicate
 * message, interruption, and every allocation failure of rank_column,
 * rank_top and window_column (each must fail cleanly: ERR_NOMEM, nothing
 * leaked).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "halt.h"
#include "mem.h"
#include "rank.h"
#include "sweep.h"
#include "unit.h"
#include "window.h"

static const rank_opts min_desc = {RANK_MIN, 1, 0, RANK_NA_KEEP};

static void test_hand(void)
{
  CASE("rank: min ranks within groups, null key and null value left null")
  {
    /* group 1: 5, 9, 5 descending -> 2, 1, 2; group 2: 7 -> 1; row 4 has no key; row 5 no value */
    size_t before = mem_used();
    int64_t g[] = {1, 1, 2, 0, 2, 1};
    int64_t x[] = {5, 9, 7, 3, 0, 5};
    column *key = unit_ints(6, g, "...n..");
    column *val = unit_ints(6, x, "....n.");
    const column *keys[] = {key};
    cherr e;
    column *r = rank_column(val, keys, 1, &min_desc, &e);
    CHECK(r != NULL && r->type == COL_INT);
    if (r != NULL) {
      CHECK_INT(col_int(r, 0), 2);
      CHECK_INT(col_int(r, 1), 1);
      CHECK_INT(col_int(r, 2), 1);
      CHECK(col_isnull(r, 3));
      CHECK(col_isnull(r, 4));
      CHECK_INT(col_int(r, 5), 2);
      CHECK_INT(r->nnull, 2);
    }
    col_unref(r);
    col_unref(key);
    col_unref(val);
    CHECK_INT(mem_used(), before);
  }
  CASE("window: lag by value of time, a gap gives null")
  {
    /* years 2021, 2024, 2022 hold 1, 4, 2: lag is null, null (2023 absent), 1 */
    int64_t t[] = {2021, 2024, 2022};
    double v[] = {1, 4, 2};
    column *time = unit_ints(3, t, NULL);
    column *val = unit_floats(3, v, NULL);
    window_spec s = {NULL, NULL, 0, time, "year", 1};
    cherr e;
    column *r = window_column(val, &s, WINDOW_LAG, &e);
    CHECK(r != NULL && r->type == COL_FLOAT);
    if (r != NULL) {
      CHECK(col_isnull(r, 0));
      CHECK(col_isnull(r, 1));
      CHECK_DBL(r->v.f[2], 1);
    }
    col_unref(r);
    col_unref(time);
    col_unref(val);
  }
}

static void test_messages(void)
{
  CASE("window: a duplicate names the key, the time and both rows")
  {
    const char *p[] = {"Hà Nội", "Huế", "Hà Nội"};
    int64_t t[] = {2023, 2023, 2023};
    column *key = unit_strs(3, p);
    column *time = unit_ints(3, t, NULL);
    const column *keys[] = {key};
    const char *names[] = {"province"};
    window_spec s = {keys, names, 1, time, "year", 1};
    cherr e;
    CHECK(window_column(time, &s, WINDOW_DIFF, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_STR(e.msg, "two rows for province 'Hà Nội' and year 2023 (rows 1 and 3)");
    s.time = key;
    CHECK(window_column(time, &s, WINDOW_LAG, &e) == NULL);
    CHECK_STR(e.msg, "the time column 'year' must be int, not string");
    s.time = time;
    CHECK(window_column(key, &s, WINDOW_PCT_CHANGE, &e) == NULL);
    CHECK_STR(e.msg, "pct_change needs an int or float column, not string");
    col_unref(key);
    col_unref(time);
  }
}

/* The min rank of row i counted directly: one plus the values of its group that come first. */
static int64_t direct_min_rank(const int64_t *g, const double *x, size_t n, size_t i)
{
  int64_t r = 1;
  for (size_t j = 0; j < n; j++)
    if (g[j] == g[i] && x[j] > x[i])
      r++;
  return r;
}

static void test_random(void)
{
  CASE("rank: 2,000 random values in 7 groups agree with a direct count")
  {
    enum { n = 2000 };
    static int64_t g[n];
    static double x[n];
    srand(12345);
    for (size_t i = 0; i < n; i++) {
      g[i] = rand() % 7;
      x[i] = (double)(rand() % 50) / 4; /* many ties */
    }
    column *key = unit_ints(n, g, NULL);
    column *val = unit_floats(n, x, NULL);
    const column *keys[] = {key};
    cherr e;
    column *r = rank_column(val, keys, 1, &min_desc, &e);
    CHECK(r != NULL);
    for (size_t i = 0; r != NULL && i < n; i++)
      if (col_int(r, i) != direct_min_rank(g, x, n, i)) {
        unit_fail(__FILE__, __LINE__, "row %zu: rank %lld, counted %lld", i,
                  (long long)col_int(r, i), (long long)direct_min_rank(g, x, n, i));
        break;
      }
    col_unref(r);
    col_unref(key);
    col_unref(val);
  }
}

static void test_halt(void)
{
  CASE("rank and window: an interrupt stops them with ERR_HALT and frees everything")
  {
    enum { n = 70000 };
    int64_t *v = malloc(n * sizeof *v);
    for (size_t i = 0; v != NULL && i < n; i++)
      v[i] = (int64_t)i;
    column *c = v ? unit_ints(n, v, NULL) : NULL;
    CHECK(c != NULL);
    if (c != NULL) {
      size_t before = mem_used();
      rank_opts o = {RANK_AVERAGE, 0, 0, RANK_NA_KEEP};
      window_spec s = {NULL, NULL, 0, c, "t", 1};
      cherr e;
      halt_request(HALT_INTERRUPT);
      CHECK(rank_column(c, NULL, 0, &o, &e) == NULL);
      CHECK_INT(e.code, ERR_HALT);
      CHECK(window_column(c, &s, WINDOW_LAG, &e) == NULL);
      CHECK_INT(e.code, ERR_HALT);
      halt_clear();
      CHECK_INT(mem_used(), before);
      col_unref(c);
    }
    free(v);
  }
}

/* The columns the sweeps work on: a string key with a null, values with a null and a tie. */
typedef struct sweep_data {
  column *key, *val, *time;
} sweep_data;

static void *rank_run(void *ctx, cherr *e)
{
  sweep_data *d = ctx;
  const column *keys[] = {d->key};
  rank_opts o = {RANK_AVERAGE, 1, 1, RANK_NA_BOTTOM};
  return rank_column(d->val, keys, 1, &o, e);
}

static void rank_check(void *ctx, unsigned long n, void *made)
{
  column *r = made;
  (void)ctx;
  /* group a: 3, 1, 3 and a null, descending, null last: 1.5, 3, 1.5, 4 over 4 */
  if (r->v.f[0] != 0.375 || r->v.f[2] != 0.75 || r->v.f[6] != 1.0 || !col_isnull(r, 4))
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the ranks differ", n);
  col_unref(r);
}

typedef struct top_result {
  size_t *rows;
  size_t count;
} top_result;

static void *top_run(void *ctx, cherr *e)
{
  sweep_data *d = ctx;
  const column *keys[] = {d->key};
  static top_result t;
  t.rows = rank_top(d->val, keys, 1, 1, 1, 1, &t.count, e);
  return t.rows ? &t : NULL;
}

static void top_check(void *ctx, unsigned long n, void *made)
{
  top_result *t = made;
  (void)ctx;
  /* top 1 of a (rows 0 and 3 tie at 3), b (row 1), c (row 5); row 4 has no key */
  if (t->count != 4 || t->rows[0] != 0 || t->rows[1] != 3 || t->rows[2] != 1 || t->rows[3] != 5)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the rows differ", n);
  mem_free(t->rows);
}

static void *window_run(void *ctx, cherr *e)
{
  sweep_data *d = ctx;
  const column *keys[] = {d->key};
  const char *names[] = {"g"};
  window_spec s = {keys, names, 1, d->time, "t", 1};
  return window_column(d->val, &s, WINDOW_LAG, e);
}

static void window_check(void *ctx, unsigned long n, void *made)
{
  column *r = made;
  (void)ctx;
  /* a: t 1, 2, 3, 4 hold 3, 1, 3, null; lag of t 2 is 3, of t 3 is 1 */
  if (!col_isnull(r, 0) || col_int(r, 2) != 3 || col_int(r, 3) != 1)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the values differ", n);
  col_unref(r);
}

static void test_nomem(void)
{
  const char *g[] = {"a", "b", "a", "a", NULL, "c", "a"};
  int64_t v[] = {3, 2, 1, 3, 9, 5, 0};
  int64_t t[] = {1, 1, 2, 3, 1, 1, 4};
  sweep_data d = {unit_strs(7, g), unit_ints(7, v, "......n"), unit_ints(7, t, NULL)};
  /* rows in group a: 0 (t 1), 2 (t 2), 3 (t 3), 6 (t 4, null value) */
  CASE("rank: rank_column under each allocation failure fails cleanly")
  {
    CHECK(unit_sweep(rank_run, rank_check, &d, 10000) >= 1);
  }
  CASE("rank: rank_top under each allocation failure fails cleanly")
  {
    CHECK(unit_sweep(top_run, top_check, &d, 10000) >= 1);
  }
  CASE("window: window_column under each allocation failure fails cleanly")
  {
    CHECK(unit_sweep(window_run, window_check, &d, 10000) >= 1);
  }
  col_unref(d.key);
  col_unref(d.val);
  col_unref(d.time);
}

void test_rank(void)
{
  test_hand();
  test_messages();
  test_random();
  test_halt();
  test_nomem();
}
