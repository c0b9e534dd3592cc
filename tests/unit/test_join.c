/*
 * test_join.c - joins and reshaping in the core: a full join of string keys
 * held in two dictionaries (the key column gets a dictionary of its own, the
 * other columns keep their source's), an int key against a float key, the
 * key type check, and join_run, reshape_wider, reshape_longer,
 * reshape_concat and reshape_distinct under every allocation failure (each
 * must fail cleanly with ERR_NOMEM and nothing leaked). Expected values are
 * worked by hand in the comments.
 */
#include <stdint.h>
#include <string.h>

#include "cols.h"
#include "join.h"
#include "mem.h"
#include "reshape.h"
#include "sweep.h"
#include "unit.h"

/* province: A B B C (own dictionary), v: 1 2 3 4 */
static dataset *left_ds(void)
{
  const char *p[] = {"A", "B", "B", "C"};
  int64_t v[] = {1, 2, 3, 4};
  const char *names[] = {"province", "v"};
  column *cols[] = {unit_strs(4, p), unit_ints(4, v, NULL)};
  return unit_dataset(2, names, cols);
}

/* province: D B A (another dictionary, other order), w: x y z */
static dataset *right_ds(void)
{
  const char *p[] = {"D", "B", "A"};
  const char *w[] = {"x", "y", "z"};
  const char *names[] = {"province", "w"};
  column *cols[] = {unit_strs(3, p), unit_strs(3, w)};
  return unit_dataset(2, names, cols);
}

static const size_t key0[] = {0};

static join_spec spec(join_how how)
{
  join_spec s = {key0, key0, 1, how, {"", "_r"}};
  return s;
}

/*
 * Full join, left rows in order then unmatched right rows:
 *   A 1 z | B 2 y | B 3 y | C 4 null | D null x
 */
static void test_full_strings(void)
{
  CASE("join: full join of string keys from two dictionaries")
  {
    size_t before = mem_used();
    dataset *l = left_ds(), *r = right_ds();
    join_spec s = spec(JOIN_FULL);
    cherr e;
    dataset *j = join_run(l, r, &s, &e);
    CHECK(j != NULL);
    if (j != NULL) {
      CHECK_INT(j->nrow, 5);
      CHECK_INT(j->ncol, 3);
      const column *p = col_named(j, "province"), *v = col_named(j, "v"), *w = col_named(j, "w");
      CHECK(unit_str_is(p, 0, "A") && unit_str_is(p, 2, "B") && unit_str_is(p, 4, "D"));
      CHECK(p->dict != l->cols[0]->dict && p->dict != r->cols[0]->dict);
      CHECK(w->dict == r->cols[1]->dict);
      CHECK_INT(col_int(v, 2), 3);
      CHECK(col_isnull(v, 4) && col_isnull(w, 3) && !col_isnull(w, 2));
      CHECK(unit_str_is(w, 0, "z") && unit_str_is(w, 4, "x"));
      ds_unref(j);
    }
    ds_unref(l);
    ds_unref(r);
    CHECK_INT(mem_used(), before);
  }
}

/* year 2020 2021 (int) against 2021.0 2020.0 (float): inner rows 2020.0 b, 2021.0 a. */
static void test_mixed_numbers(void)
{
  CASE("join: an int key meets a float key by value and the key becomes float")
  {
    int64_t y[] = {2020, 2021};
    double f[] = {2021.0, 2020.0};
    const char *tag[] = {"a", "b"};
    const char *ln[] = {"year"}, *rn[] = {"year", "tag"};
    column *lc[] = {unit_ints(2, y, NULL)};
    column *rc[] = {unit_floats(2, f, NULL), unit_strs(2, tag)};
    dataset *l = unit_dataset(1, ln, lc), *r = unit_dataset(2, rn, rc);
    join_spec s = spec(JOIN_INNER);
    cherr e;
    dataset *j = join_run(l, r, &s, &e);
    CHECK(j != NULL);
    if (j != NULL) {
      CHECK_INT(j->cols[0]->type, COL_FLOAT);
      CHECK_DBL(j->cols[0]->v.f[0], 2020.0);
      CHECK(unit_str_is(j->cols[1], 0, "b") && unit_str_is(j->cols[1], 1, "a"));
      ds_unref(j);
    }
    ds_unref(l);
    ds_unref(r);
  }
  CASE("join: keys of types that cannot be compared are ERR_ARG naming the key")
  {
    dataset *l = left_ds();
    int64_t v[] = {1};
    const char *names[] = {"province"};
    column *cols[] = {unit_ints(1, v, NULL)};
    dataset *r = unit_dataset(1, names, cols);
    join_spec s = spec(JOIN_LEFT);
    cherr e;
    CHECK(join_run(l, r, &s, &e) == NULL);
    CHECK_INT(e.code, ERR_ARG);
    CHECK_STR(e.msg, "key 'province' is string in the left dataset but int in the right one");
    ds_unref(l);
    ds_unref(r);
  }
}

/* Allocation failures */

/* The inputs of one operation and the number of rows it must give when it succeeds. */
typedef struct sweep_ctx {
  dataset *a, *b;
  size_t rows;
} sweep_ctx;

static void rows_check(void *ctx, unsigned long n, void *made)
{
  dataset *d = made;
  size_t want = ((sweep_ctx *)ctx)->rows;
  if (d->nrow != want)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but gave %zu rows, not %zu",
              n, d->nrow, want);
  ds_unref(d);
}

/* the full join above: 5 rows */
static void *full_run(void *ctx, cherr *e)
{
  sweep_ctx *c = ctx;
  join_spec s = spec(JOIN_FULL);
  return join_run(c->a, c->b, &s, e);
}

/* id province, names from "name", values from "value": rows A, B, C */
static void *wider_run(void *ctx, cherr *e)
{
  static const size_t ids[] = {0};
  wider_spec s = {ids, 1, 2, 3};
  return reshape_wider(((sweep_ctx *)ctx)->a, &s, e);
}

/* stacking v and value of 4 rows: 8 rows */
static void *longer_run(void *ctx, cherr *e)
{
  static const size_t cols[] = {1, 3};
  longer_spec s = {cols, 2, "name2", "value2", 0};
  return reshape_longer(((sweep_ctx *)ctx)->a, &s, e);
}

/* left, right, left: 4 + 3 + 4 rows */
static void *concat_run(void *ctx, cherr *e)
{
  sweep_ctx *c = ctx;
  const dataset *parts[] = {c->a, c->b, c->a};
  size_t culprit;
  return reshape_concat(parts, 3, &culprit, e);
}

/* distinct provinces A B C, keeping all columns */
static void *distinct_run(void *ctx, cherr *e)
{
  static const size_t cols[] = {0};
  return reshape_distinct(((sweep_ctx *)ctx)->a, cols, 1, 1, e);
}

static dataset *wide_input(void)
{
  const char *p[] = {"A", "B", "B", "C"}, *k[] = {"x", "y", "x", "y"};
  int64_t v[] = {1, 2, 3, 4};
  const char *names[] = {"province", "v", "name", "value"};
  column *cols[] = {unit_strs(4, p), unit_ints(4, v, NULL), unit_strs(4, k), unit_ints(4, v, NULL)};
  return unit_dataset(4, names, cols);
}

static void sweep(unit_run run, dataset *a, dataset *b, size_t rows)
{
  sweep_ctx c = {a, b, rows};
  CHECK(unit_sweep(run, rows_check, &c, 10000) >= 1);
  ds_unref(a);
  ds_unref(b);
}

static void test_nomem(void)
{
  CASE("join: join_run under each allocation failure fails cleanly")
  {
    sweep(full_run, left_ds(), right_ds(), 5);
  }
  CASE("reshape: reshape_wider under each allocation failure fails cleanly")
  {
    sweep(wider_run, wide_input(), NULL, 3);
  }
  CASE("reshape: reshape_longer under each allocation failure fails cleanly")
  {
    sweep(longer_run, wide_input(), NULL, 8);
  }
  CASE("reshape: reshape_concat under each allocation failure fails cleanly")
  {
    sweep(concat_run, left_ds(), right_ds(), 11);
  }
  CASE("reshape: reshape_distinct under each allocation failure fails cleanly")
  {
    sweep(distinct_run, left_ds(), NULL, 3);
  }
}

void test_join(void)
{
  test_full_strings();
  test_mixed_numbers();
  test_nomem();
}
