/*
 * test_packed.c - ints and dictionary ids stored in as few bytes as their
 * values need: the width col_int_width picks at each boundary of int8,
 * int16 and int32, builders packing their column when they finish (nulls
 * read as 0, an empty column), ids of 3, 300 and 70,000 distinct strings,
 * col_take, col_slice and col_new_like keeping the width, colbuild_append
 * widening a narrow column into a builder's, col_narrow after filling a
 * wide column, group ids packed to 1, 2 or 4 bytes, and the bytes a packed
 * column holds (worked out by hand below).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cols.h"
#include "column.h"
#include "keys.h"
#include "mem.h"
#include "unit.h"

static void test_int_width(void)
{
  CASE("packed: each boundary of int8, int16 and int32")
  {
    CHECK_INT(col_int_width(0, 0), 1);
    CHECK_INT(col_int_width(-128, 127), 1);
    CHECK_INT(col_int_width(-129, 0), 2);
    CHECK_INT(col_int_width(0, 128), 2);
    CHECK_INT(col_int_width(-32768, 32767), 2);
    CHECK_INT(col_int_width(-32769, 0), 4);
    CHECK_INT(col_int_width(0, 32768), 4);
    CHECK_INT(col_int_width(INT32_MIN, INT32_MAX), 4);
    CHECK_INT(col_int_width((int64_t)INT32_MIN - 1, 0), 8);
    CHECK_INT(col_int_width(0, (int64_t)INT32_MAX + 1), 8);
    CHECK_INT(col_int_width(INT64_MIN, INT64_MAX), 8);
  }
}

/* An int column of the n values v, built and finished. */
static column *ints_of(size_t n, const int64_t *v)
{
  return unit_ints(n, v, NULL);
}

static void test_builders(void)
{
  CASE("packed: a finished int column takes the width of its range")
  {
    static const struct {
      int64_t lo, hi;
      unsigned width;
    } cases[] = {
      {-1, 127, 1}, {1925, 2024, 2}, {-40000, 5, 4}, {0, 3000000000, 8},
      {INT64_MIN, INT64_MAX, 8}, {-128, -128, 1}, {32767, 32767, 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
      int64_t v[] = {cases[k].hi, cases[k].lo, cases[k].hi};
      column *c = ints_of(3, v);
      CHECK(c != NULL);
      if (c == NULL)
        continue;
      CHECK_INT(c->width, cases[k].width);
      CHECK_INT(col_int(c, 0), cases[k].hi);
      CHECK_INT(col_int(c, 1), cases[k].lo);
      CHECK_INT(col_int(c, 2), cases[k].hi);
      col_unref(c);
    }
  }
  CASE("packed: nulls read 0 and count in the range as 0")
  {
    int64_t v[] = {300, 0, 301};
    column *c = unit_ints(3, v, ".n.");
    CHECK(c != NULL && c->width == 2 && col_isnull(c, 1) && col_int(c, 1) == 0);
    CHECK(c != NULL && col_int(c, 0) == 300 && col_int(c, 2) == 301);
    col_unref(c);
  }
  CASE("packed: an empty column")
  {
    column *c = ints_of(0, NULL);
    CHECK(c != NULL && c->len == 0 && c->width == 1);
    col_unref(c);
  }
}

/* A string column of n names "tỉnh %zu" taking k distinct values (row i is name i % k). */
static column *names(size_t n, size_t k)
{
  cherr e;
  colbuild b;
  if (colbuild_init(&b, COL_STR, 0, &e) != 0)
    return NULL;
  int rc = 0;
  char buf[32];
  for (size_t i = 0; i < n && rc == 0; i++) {
    int len = snprintf(buf, sizeof buf, "tỉnh %zu", i % k);
    rc = colbuild_str(&b, buf, (size_t)len, &e);
  }
  return unit_finish(&b, rc);
}

static void test_ids(void)
{
  CASE("packed: dictionary ids of 3, 300 and 70,000 strings")
  {
    static const size_t distinct[] = {3, 256, 257, 300, 65536, 65537, 70000};
    static const unsigned width[] = {1, 1, 2, 2, 2, 4, 4};
    for (size_t k = 0; k < sizeof distinct / sizeof distinct[0]; k++) {
      size_t n = distinct[k] + 5;
      column *c = names(n, distinct[k]);
      CHECK(c != NULL);
      if (c == NULL)
        continue;
      CHECK_INT(c->width, width[k]);
      char want[32];
      for (size_t i = 0; i < n; i += n / 7 + 1) {
        snprintf(want, sizeof want, "tỉnh %zu", i % distinct[k]);
        CHECK(unit_str_is(c, i, want));
      }
      snprintf(want, sizeof want, "tỉnh %zu", (n - 1) % distinct[k]);
      CHECK(unit_str_is(c, n - 1, want));
      col_unref(c);
    }
  }
}

static void test_copies(void)
{
  CASE("packed: take, slice and new_like keep the width")
  {
    int64_t v[] = {-5, 1000, 7, -32768};
    column *c = ints_of(4, v);
    size_t rows[] = {3, 0, 3, 1};
    cherr e;
    column *t = col_take(c, rows, 4, &e), *s = col_slice(c, 1, 2, &e);
    column *like = col_new_like(c, 10, &e);
    CHECK(c != NULL && c->width == 2);
    CHECK(t != NULL && t->width == 2 && col_int(t, 0) == -32768 && col_int(t, 1) == -5 &&
          col_int(t, 2) == -32768 && col_int(t, 3) == 1000);
    CHECK(s != NULL && s->width == 2 && s->len == 2 && col_int(s, 0) == 1000 && col_int(s, 1) == 7);
    CHECK(like != NULL && like->width == 2 && like->len == 10 && like->type == COL_INT);
    col_unref(c);
    col_unref(t);
    col_unref(s);
    col_unref(like);
  }
  CASE("packed: a string column's copies share its dictionary and width")
  {
    column *c = names(600, 300);
    size_t rows[] = {599, 0};
    cherr e;
    column *t = col_take(c, rows, 2, &e);
    column *like = col_new_like(c, 1, &e);
    CHECK(t != NULL && t->width == 2 && t->dict == c->dict);
    CHECK(t != NULL && unit_str_is(t, 0, "tỉnh 299") && unit_str_is(t, 1, "tỉnh 0"));
    CHECK(like != NULL && like->width == 2 && like->dict == c->dict);
    col_unref(c);
    col_unref(t);
    col_unref(like);
  }
}

static void test_append(void)
{
  CASE("packed: appending narrow columns to a builder widens their values")
  {
    int64_t small[] = {-1, 2}, big[] = {INT64_MIN, 40000};
    column *a = ints_of(2, small), *b = ints_of(2, big);
    cherr e;
    colbuild bld;
    int rc = colbuild_init(&bld, COL_INT, 0, &e);
    rc = rc || colbuild_append(&bld, a, &e) || colbuild_append(&bld, b, &e) ||
         colbuild_append(&bld, a, &e);
    column *c = rc == 0 ? colbuild_finish(&bld, &e) : NULL;
    CHECK(a != NULL && a->width == 1 && b != NULL && b->width == 8);
    CHECK(c != NULL && c->len == 6 && c->width == 8);
    int64_t want[] = {-1, 2, INT64_MIN, 40000, -1, 2};
    for (size_t i = 0; c != NULL && i < 6; i++)
      CHECK_INT(col_int(c, i), want[i]);
    col_unref(a);
    col_unref(b);
    col_unref(c);
  }
  CASE("packed: appending string columns, with the builder's dictionary and with another")
  {
    column *a = names(300, 300); /* 2-byte ids */
    cherr e;
    colbuild same, other;
    int rc = colbuild_init_dict(&same, a->dict, 0, &e);
    rc = rc || colbuild_append(&same, a, &e);
    column *s = rc == 0 ? colbuild_finish(&same, &e) : NULL;
    rc = colbuild_init(&other, COL_STR, 0, &e);
    rc = rc || colbuild_str(&other, "Hà Nội", strlen("Hà Nội"), &e) || colbuild_append(&other, a, &e);
    column *o = rc == 0 ? colbuild_finish(&other, &e) : NULL;
    CHECK(s != NULL && s->len == 300 && s->width == 2 && unit_str_is(s, 299, "tỉnh 299"));
    CHECK(o != NULL && o->len == 301 && o->width == 2 && unit_str_is(o, 0, "Hà Nội") &&
          unit_str_is(o, 1, "tỉnh 0") && unit_str_is(o, 300, "tỉnh 299"));
    col_unref(a);
    col_unref(s);
    col_unref(o);
  }
}

static void test_narrow(void)
{
  CASE("packed: col_narrow packs a filled wide column and gives the bytes back")
  {
    cherr e;
    size_t n = 100000;
    size_t before = mem_core_used();
    column *c = col_new(COL_INT, n, NULL, &e);
    CHECK(c != NULL && c->width == 8);
    for (size_t i = 0; c != NULL && i < n; i++)
      c->v.i64[i] = 1925 + (int64_t)(i % 100);
    size_t wide = mem_core_used() - before;
    col_narrow(c);
    size_t packed = mem_core_used() - before;
    /* 100,000 years: 800,000 bytes as int64, 200,000 as int16, plus the column's struct and headers */
    CHECK(wide >= 800000 && wide < 800000 + 256);
    CHECK(packed >= 200000 && packed < 200000 + 256);
    CHECK(c != NULL && c->width == 2 && col_int(c, 0) == 1925 && col_int(c, 99999) == 2024);
    col_unref(c);
    CHECK_INT(mem_core_used(), before);
  }
  CASE("packed: col_narrow leaves floats, booleans and full-width ints alone")
  {
    double f[] = {1.5, -2};
    int64_t i[] = {INT64_MAX, 0};
    column *x = unit_floats(2, f, NULL), *y = ints_of(2, i), *b = unit_bools("10");
    col_narrow(x);
    col_narrow(y);
    col_narrow(b);
    CHECK(x != NULL && x->width == 8 && x->v.f[0] == 1.5);
    CHECK(y != NULL && y->width == 8 && col_int(y, 0) == INT64_MAX);
    CHECK(b != NULL && b->width == 1 && b->v.b[0] == 1);
    col_unref(x);
    col_unref(y);
    col_unref(b);
  }
}

static void test_group_ids(void)
{
  CASE("packed: group ids take 1, 2 or 4 bytes by the number of groups")
  {
    static const size_t ngroups[] = {3, 256, 257, 65536, 65537};
    static const unsigned width[] = {1, 1, 2, 2, 4};
    for (size_t k = 0; k < sizeof ngroups / sizeof ngroups[0]; k++) {
      column *c = names(ngroups[k] * 2, ngroups[k]);
      const column *keys[] = {c};
      groups g;
      cherr e;
      CHECK(c != NULL && groups_make(&g, keys, 1, c->len, &e) == 0);
      if (c == NULL)
        continue;
      CHECK_INT(g.ngroups, ngroups[k]);
      CHECK_INT(g.idw, width[k]);
      /* rows i and i + ngroups hold name i: group i, numbered in order of first appearance */
      for (size_t i = 0; i < ngroups[k]; i += ngroups[k] / 5 + 1) {
        CHECK_INT(group_of(&g, i), i);
        CHECK_INT(group_of(&g, i + ngroups[k]), i);
      }
      CHECK_INT(group_of(&g, 2 * ngroups[k] - 1), ngroups[k] - 1);
      groups_free(&g);
      col_unref(c);
    }
  }
}

void test_packed(void)
{
  test_int_width();
  test_builders();
  test_ids();
  test_copies();
  test_append();
  test_narrow();
  test_group_ids();
}
