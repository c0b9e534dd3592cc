/*
 * test_primitives.c - the shared primitives under the relational methods:
 * Vietnamese order (vn_compare), group ids (groups_make, groups_rows),
 * stable ordering with nulls last (order_rows), aggregates (agg_column,
 * with their compensated sum, ksum, and quantile, quantile_sorted) and
 * column arithmetic (arith_*), each with hand-worked expected values; and,
 * for each, every allocation failure in turn, which must fail cleanly.
 */
#include <math.h>
#include <string.h>

#include "agg.h"
#include "arith.h"
#include "cols.h"
#include "keys.h"
#include "ksum.h"
#include "mem.h"
#include "order.h"
#include "quantile.h"
#include "sweep.h"
#include "unit.h"
#include "vn.h"

static int vn_less(const char *a, const char *b)
{
  return vn_compare(a, strlen(a), b, strlen(b)) < 0;
}

static void test_vn(void)
{
  CASE("vn: the alphabet puts a < ă < â < b, d < đ < e, o < ô < ơ < p, u < ư < v")
  {
    CHECK(vn_less("a", "ă"));
    CHECK(vn_less("ă", "â"));
    CHECK(vn_less("â", "b"));
    CHECK(vn_less("d", "đ"));
    CHECK(vn_less("đ", "e"));
    CHECK(vn_less("o", "ô"));
    CHECK(vn_less("ô", "ơ"));
    CHECK(vn_less("ơ", "p"));
    CHECK(vn_less("ư", "v"));
    CHECK(vn_less("Đà", "Điện"));
  }
  CASE("vn: letters first, tones second: ma < mà < mả < mã < má < mạ < mai")
  {
    const char *order[] = {"ma", "mà", "mả", "mã", "má", "mạ", "mai"};
    for (size_t k = 0; k + 1 < 7; k++)
      CHECK(vn_less(order[k], order[k + 1]));
    CHECK(vn_less("mạ", "mai")); /* the letters decide before any tone */
  }
  CASE("vn: the issue's example: Bà Rịa - Vũng Tàu < Bạc Liêu < Bắc Giang")
  {
    CHECK(vn_less("Bà Rịa - Vũng Tàu", "Bạc Liêu"));
    CHECK(vn_less("Bạc Liêu", "Bắc Giang"));
  }
  CASE("vn: decomposed text orders as precomposed; equal only when byte-equal")
  {
    const char *nfc = "B\xe1\xba\xaf" "c";    /* Bắc */
    const char *nfd = "Ba\xcc\x86\xcc\x81" "c"; /* B a breve acute c */
    CHECK(vn_less("Bạc", nfd));
    CHECK(vn_less(nfd, "Bâc"));
    CHECK(vn_compare(nfc, strlen(nfc), nfd, strlen(nfd)) != 0);
    CHECK(vn_compare(nfc, strlen(nfc), nfc, strlen(nfc)) == 0);
  }
  CASE("vn: lower case before upper case when letters and tones are equal; space before letters")
  {
    CHECK(vn_less("an", "An"));
    CHECK(vn_less("An", "ao"));
    CHECK(vn_less("Ba Vì", "Bac"));
  }
}

static void test_groups(void)
{
  CASE("groups: two keys with nulls, ids in order of first appearance")
  {
    /* k: a null b a null ; j: 1 1 2 1 1 -> (a,1) (null,1) (b,2) (a,1) (null,1) */
    const char *k[] = {"a", NULL, "b", "a", NULL};
    int64_t jv[] = {1, 1, 2, 1, 1};
    column *kc = unit_strs(5, k), *jc = unit_ints(5, jv, NULL);
    const column *keys[] = {kc, jc};
    groups g;
    cherr e;
    CHECK(groups_make(&g, keys, 2, 5, &e) == 0);
    CHECK_INT(g.ngroups, 3);
    uint32_t want[] = {0, 1, 2, 0, 1};
    for (size_t i = 0; i < 5; i++)
      CHECK_INT(group_of(&g, i), want[i]);
    CHECK_INT(g.first[1], 1);
    CHECK(groups_rows(&g, &e) == 0);
    /* group 0: rows 0, 3; group 1: rows 1, 4; group 2: row 2 */
    size_t rows[] = {0, 3, 1, 4, 2}, offsets[] = {0, 2, 4, 5};
    for (size_t i = 0; i < 5; i++)
      CHECK_INT(g.rows[i], rows[i]);
    for (size_t i = 0; i < 4; i++)
      CHECK_INT(g.offsets[i], offsets[i]);
    groups_free(&g);
    col_unref(kc);
    col_unref(jc);
  }
  CASE("groups: float keys treat -0.0 as 0.0 and NaN as NaN")
  {
    double v[] = {0.0, -0.0, NAN, NAN, 1.0};
    column *c = unit_floats(5, v, NULL);
    const column *keys[] = {c};
    groups g;
    cherr e;
    CHECK(groups_make(&g, keys, 1, 5, &e) == 0);
    CHECK_INT(g.ngroups, 3);
    CHECK_INT(group_of(&g, 1), 0);
    CHECK_INT(group_of(&g, 3), 1);
    groups_free(&g);
    col_unref(c);
  }
}

static void test_order(void)
{
  CASE("order: two keys, the second descending, stable, nulls last either way")
  {
    int64_t y[] = {2023, 2022, 2023, 2022, 2023};
    double s[] = {80, 90, 85, 0, 80};
    column *yc = unit_ints(5, y, NULL), *sc = unit_floats(5, s, "...n.");
    sortkey keys[] = {{yc, 0, COLLATE_BYTES}, {sc, 1, COLLATE_BYTES}};
    size_t out[5];
    cherr e;
    CHECK(order_rows(keys, 2, NULL, 5, out, &e) == 0);
    /* 2022: row 1 (90), row 3 (null); 2023: row 2 (85), rows 0 and 4 (80, in input order) */
    size_t want[] = {1, 3, 2, 0, 4};
    for (size_t i = 0; i < 5; i++)
      CHECK_INT(out[i], want[i]);
    col_unref(yc);
    col_unref(sc);
  }
}

static void test_agg(void)
{
  CASE("quantile: type-7 quantiles of 1, 2, 3, 4: q = 0.25 is 1.75, q = 1 is 4")
  {
    /* h = (n - 1) q = 0.75: 1 + 0.75 * (2 - 1) */
    double x[] = {1, 2, 3, 4};
    CHECK_DBL(quantile_sorted(x, 4, 0.25), 1.75);
    CHECK_DBL(quantile_sorted(x, 4, 1.0), 4.0);
    CHECK_DBL(quantile_sorted(x, 4, 0.0), 1.0);
    CHECK_DBL(quantile_sorted(x, 1, 0.3), 1.0);
  }
  CASE("ksum: 1e16 + 1 - 1e16 is 1, and 1 + 1e100 + 1 - 1e100 is 2")
  {
    /* a plain sum gives 0 and 0 (1e16 + 1 and 1 + 1e100 round to the large term); the second
       is the example of Neumaier's variant in Wikipedia's "Kahan summation algorithm" */
    ksum s = {0, 0}, t = {0, 0};
    ksum_add(&s, 1e16);
    ksum_add(&s, 1.0);
    ksum_add(&s, -1e16);
    CHECK_DBL(ksum_total(&s), 1.0);
    double v[] = {1.0, 1e100, 1.0, -1e100};
    for (int i = 0; i < 4; i++)
      ksum_add(&t, v[i]);
    CHECK_DBL(ksum_total(&t), 2.0);
  }
  CASE("agg: compensated sums keep 1e16 + 1 - 1e16 exact")
  {
    /* a plain sum loses the 1 (1e16 + 1 rounds to 1e16); Neumaier keeps it */
    double v[] = {1e16, 1.0, -1e16};
    column *c = unit_floats(3, v, NULL);
    groups g;
    cherr e;
    CHECK(groups_make(&g, NULL, 0, 3, &e) == 0);
    column *s = agg_column(c, &g, AGG_SUM, 0, &e);
    CHECK(s != NULL && s->v.f[0] == 1.0);
    col_unref(s);
    groups_free(&g);
    col_unref(c);
  }
}

static void test_arith(void)
{
  CASE("arith: int // and % round toward minus infinity; by zero is null")
  {
    int64_t a[] = {7, -7, 7, -7, 7}, b[] = {2, 2, -2, -2, 0};
    column *ac = unit_ints(5, a, NULL), *bc = unit_ints(5, b, NULL);
    operand x = arith_col(ac), y = arith_col(bc);
    cherr e;
    column *q = arith_binary(ARITH_IDIV, &x, &y, 5, &e), *r = arith_binary(ARITH_MOD, &x, &y, 5, &e);
    int64_t wq[] = {3, -4, -4, 3}, wr[] = {1, 1, -1, -1};
    for (size_t i = 0; q != NULL && r != NULL && i < 4; i++) {
      CHECK_INT(col_int(q, i), wq[i]);
      CHECK_INT(col_int(r, i), wr[i]);
    }
    CHECK(q != NULL && col_isnull(q, 4) && col_isnull(r, 4));
    col_unref(q);
    col_unref(r);
    col_unref(ac);
    col_unref(bc);
  }
}

/* Allocation failures in each primitive */

static column *sweep_strings(void)
{
  const char *v[] = {"Hà Nội", "Huế", NULL, "Hà Nội", "Cần Thơ", "Huế"};
  return unit_strs(6, v);
}

static void *groups_run(void *ctx, cherr *e)
{
  const column *keys[] = {ctx, ctx};
  static groups g;
  if (groups_make(&g, keys, 2, 6, e) != 0)
    return NULL;
  if (groups_rows(&g, e) != 0) {
    groups_free(&g);
    return NULL;
  }
  return &g;
}

static void groups_check(void *ctx, unsigned long n, void *made)
{
  groups *g = made;
  (void)ctx;
  if (g->ngroups != 4)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but %zu groups", n, g->ngroups);
  groups_free(g);
}

static void *order_run(void *ctx, cherr *e)
{
  static size_t out[6];
  sortkey key = {ctx, 1, COLLATE_VI};
  return order_rows(&key, 1, NULL, 6, out, e) == 0 ? out : NULL;
}

static void order_check(void *ctx, unsigned long n, void *made)
{
  size_t *out = made;
  (void)ctx;
  if (out[0] != 1 || out[5] != 2) /* Huế first descending, the null last */
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the order differs", n);
}

static void *agg_run(void *ctx, cherr *e)
{
  groups g;
  const column *keys[] = {ctx};
  if (groups_make(&g, keys, 1, 6, e) != 0)
    return NULL;
  column *c = agg_column(ctx, &g, AGG_NDISTINCT, 0, e);
  groups_free(&g);
  return c;
}

static void col_check(void *ctx, unsigned long n, void *made)
{
  (void)ctx;
  (void)n;
  col_unref(made);
}

static void *isin_run(void *ctx, cherr *e)
{
  operand set[] = {arith_str("Huế", strlen("Huế")), arith_str("Vinh", 4)};
  return arith_isin(ctx, set, 2, e);
}

static void *compare_run(void *ctx, cherr *e)
{
  operand a = arith_col(ctx), b = arith_str("Hà Nội", strlen("Hà Nội"));
  return arith_compare(CMP_GE, &a, &b, 6, e);
}

static const struct {
  const char *name;
  unit_run run;
  unit_check check;
} sweeps[] = {
  {"primitives: every allocation failure in groups_make and groups_rows fails cleanly", groups_run, groups_check},
  {"primitives: every allocation failure in order_rows fails cleanly", order_run, order_check},
  {"primitives: every allocation failure in agg_column fails cleanly", agg_run, col_check},
  {"primitives: every allocation failure in arith_isin fails cleanly", isin_run, col_check},
  {"primitives: every allocation failure in arith_compare fails cleanly", compare_run, col_check},
};

static void test_nomem(void)
{
  column *c = sweep_strings();
  /*
   * The first lookup in a complete column's dictionary rebuilds its hash
   * table, which the dictionary then keeps: make it before counting.
   */
  uint32_t id;
  dict_find(c->dict, "Huế", strlen("Huế"), &id);
  for (size_t k = 0; k < sizeof sweeps / sizeof sweeps[0]; k++)
    CASE(sweeps[k].name)
    {
      CHECK(unit_sweep(sweeps[k].run, sweeps[k].check, c, 1000) >= 1);
    }
  col_unref(c);
}

void test_primitives(void)
{
  test_vn();
  test_groups();
  test_order();
  test_agg();
  test_arith();
  test_nomem();
}
