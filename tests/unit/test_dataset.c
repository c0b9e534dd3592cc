/*
 * test_dataset.c - columns and datasets: building each column type with
 * nulls (across bitmap words, and with the first null late), col_take and
 * col_slice keeping values and nulls and sharing the dictionary, ds_make's
 * errors, ds_find over 1,000 columns, ds_slice clamping, reference counts
 * that free everything, and ds_take / col_take under every allocation
 * failure (each must fail cleanly, with ERR_NOMEM and nothing leaked).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "column.h"
#include "dataset.h"
#include "isolate.h"
#include "mem.h"
#include "sweep.h"
#include "unit.h"

/* The nulls of c as a pattern like the one cols.h's makers take: 'n' null, '.' value. */
static const char *null_pattern(const column *c, char *buf, size_t size)
{
  size_t k = 0;
  for (; k < c->len && k + 1 < size; k++)
    buf[k] = col_isnull(c, k) ? 'n' : '.';
  buf[k] = '\0';
  return buf;
}

/* True when the decimal number n stands in msg with no digit right before or after it. */
static int mentions_number(const char *msg, unsigned long n)
{
  char num[24];
  int len = snprintf(num, sizeof num, "%lu", n);
  for (const char *p = strstr(msg, num); p; p = strstr(p + 1, num)) {
    int before = p > msg && p[-1] >= '0' && p[-1] <= '9';
    int after = p[len] >= '0' && p[len] <= '9';
    if (!before && !after)
      return 1;
  }
  return 0;
}

static void test_build(void)
{
  CASE("column: int column with a null")
  {
    size_t before = mem_used();
    int64_t v[] = {10, 0, -3, INT64_MAX};
    column *c = unit_ints(4, v, ".n..");
    CHECK(c != NULL);
    CHECK_INT(c->type, COL_INT);
    CHECK_INT(c->len, 4);
    CHECK_INT(c->nnull, 1);
    char pat[8];
    CHECK_STR(null_pattern(c, pat, sizeof pat), ".n..");
    CHECK_INT(col_int(c, 0), 10);
    CHECK_INT(col_int(c, 2), -3);
    CHECK_INT(col_int(c, 3), INT64_MAX);
    CHECK_INT(c->refs, 1);
    col_unref(c);
    CHECK_INT(mem_used(), before);
  }

  CASE("column: float column with nulls")
  {
    double v[] = {1.5, 0, 0, -0.25};
    column *c = unit_floats(4, v, ".nn.");
    CHECK_INT(c->type, COL_FLOAT);
    CHECK_INT(c->nnull, 2);
    char pat[8];
    CHECK_STR(null_pattern(c, pat, sizeof pat), ".nn.");
    CHECK_DBL(c->v.f[0], 1.5);
    CHECK_DBL(c->v.f[3], -0.25);
    col_unref(c);
  }

  CASE("column: string column with a null interns repeated values once")
  {
    const char *v[] = {"Hà Nội", NULL, "Huế", "Hà Nội"};
    column *c = unit_strs(4, v);
    CHECK_INT(c->type, COL_STR);
    CHECK_INT(c->nnull, 1);
    char pat[8];
    CHECK_STR(null_pattern(c, pat, sizeof pat), ".n..");
    CHECK(c->dict != NULL);
    CHECK_INT(c->dict->count, 2);
    CHECK(col_sid(c, 0) == col_sid(c, 3));
    CHECK(unit_str_is(c, 0, "Hà Nội"));
    CHECK(unit_str_is(c, 2, "Huế"));
    CHECK(unit_str_is(c, 3, "Hà Nội"));
    col_unref(c);
  }

  CASE("column: bool column with a null")
  {
    column *c = unit_bools("10n1");
    CHECK_INT(c->type, COL_BOOL);
    CHECK_INT(c->len, 4);
    CHECK_INT(c->nnull, 1);
    char pat[8];
    CHECK_STR(null_pattern(c, pat, sizeof pat), "..n.");
    CHECK_INT(c->v.b[0], 1);
    CHECK_INT(c->v.b[1], 0);
    CHECK_INT(c->v.b[3], 1);
    col_unref(c);
  }

}

static void test_bitmaps(void)
{
  CASE("column: a column without nulls has no bitmap")
  {
    int64_t v[] = {1, 2, 3};
    column *c = unit_ints(3, v, NULL);
    CHECK(c->valid == NULL);
    CHECK_INT(c->nnull, 0);
    CHECK(!col_isnull(c, 0) && !col_isnull(c, 2));
    col_unref(c);
  }

  CASE("column: nulls every 7th row over 200 rows span four bitmap words")
  {
    int64_t v[200];
    char nulls[201];
    for (int k = 0; k < 200; k++) {
      v[k] = k * 3;
      nulls[k] = k % 7 == 0 ? 'n' : '.';
    }
    nulls[200] = '\0';
    column *c = unit_ints(200, v, nulls);
    /* Rows 0, 7, ..., 196: 196 / 7 + 1 = 29 nulls. */
    CHECK_INT(c->nnull, 29);
    char pat[201];
    CHECK_STR(null_pattern(c, pat, sizeof pat), nulls);
    CHECK_INT(col_int(c, 199), 597);
    CHECK_INT(col_int(c, 64), 192);
    col_unref(c);
  }

  CASE("column: a first null after 100 values leaves the earlier rows valid")
  {
    int64_t v[150];
    char nulls[151];
    for (int k = 0; k < 150; k++) {
      v[k] = k;
      nulls[k] = k == 100 ? 'n' : '.';
    }
    nulls[150] = '\0';
    column *c = unit_ints(150, v, nulls);
    CHECK_INT(c->nnull, 1);
    char pat[151];
    CHECK_STR(null_pattern(c, pat, sizeof pat), nulls);
    CHECK_INT(col_int(c, 149), 149);
    col_unref(c);
  }

  CASE("column: a column of nothing but nulls, and an empty column")
  {
    column *c = unit_bools("nnn");
    CHECK_INT(c->len, 3);
    CHECK_INT(c->nnull, 3);
    CHECK(col_isnull(c, 0) && col_isnull(c, 1) && col_isnull(c, 2));
    col_unref(c);
    column *empty = unit_ints(0, NULL, NULL);
    CHECK(empty != NULL);
    CHECK_INT(empty->len, 0);
    CHECK_INT(empty->nnull, 0);
    col_unref(empty);
  }

}

static void test_builders(void)
{
  CASE("column: colbuild_discard frees a half-built column")
  {
    size_t before = mem_used();
    cherr e;
    colbuild b;
    CHECK_INT(colbuild_init(&b, COL_STR, 100, &e), 0);
    colbuild_str(&b, "abc", 3, &e);
    colbuild_null(&b, &e);
    colbuild_discard(&b);
    CHECK_INT(mem_used(), before);
  }

  CASE("column: builders sharing a dictionary give equal strings equal ids")
  {
    size_t before = mem_used();
    cherr e;
    dict *d = dict_new();
    colbuild a, b;
    CHECK_INT(colbuild_init_dict(&a, d, 0, &e), 0);
    CHECK_INT(colbuild_init_dict(&b, d, 0, &e), 0);
    colbuild_str(&a, "Sơn La", strlen("Sơn La"), &e);
    colbuild_str(&b, "Cà Mau", strlen("Cà Mau"), &e);
    colbuild_str(&b, "Sơn La", strlen("Sơn La"), &e);
    column *ca = colbuild_finish(&a, &e);
    column *cb = colbuild_finish(&b, &e);
    CHECK(ca->dict == d && cb->dict == d);
    CHECK_INT(col_sid(ca, 0), col_sid(cb, 1));
    CHECK_INT(d->count, 2);
    CHECK_INT(d->refs, 3);
    col_unref(ca);
    col_unref(cb);
    CHECK_INT(d->refs, 1);
    dict_unref(d);
    CHECK_INT(mem_used(), before);
  }

  CASE("column: type names and col_text")
  {
    coltype t;
    CHECK_STR(col_typename(COL_INT), "int");
    CHECK_STR(col_typename(COL_FLOAT), "float");
    CHECK_STR(col_typename(COL_STR), "string");
    CHECK_STR(col_typename(COL_BOOL), "bool");
    CHECK(col_parsetype("float", &t) == 0 && t == COL_FLOAT);
    CHECK(col_parsetype("bool", &t) == 0 && t == COL_BOOL);
    CHECK(col_parsetype("str", &t) == -1);
    char buf[NUM_BUFSIZE];
    size_t len;
    int64_t iv[] = {-3};
    double fv[] = {100.0};
    const char *sv[] = {"Huế"};
    column *ci = unit_ints(1, iv, NULL), *cf = unit_floats(1, fv, NULL), *cs = unit_strs(1, sv);
    column *cb = unit_bools("10");
    CHECK_STR(col_text(ci, 0, buf, &len), "-3");
    CHECK_INT(len, 2);
    CHECK_STR(col_text(cf, 0, buf, &len), "100.0");
    const char *s = col_text(cs, 0, buf, &len);
    CHECK(len == strlen("Huế") && memcmp(s, "Huế", len) == 0);
    s = col_text(cb, 0, buf, &len);
    CHECK(len == 4 && memcmp(s, "true", 4) == 0);
    s = col_text(cb, 1, buf, &len);
    CHECK(len == 5 && memcmp(s, "false", 5) == 0);
    col_unref(ci);
    col_unref(cf);
    col_unref(cs);
    col_unref(cb);
  }
}

static void test_take(void)
{
  CASE("column: col_take keeps values and nulls in the order asked, rows repeating")
  {
    size_t before = mem_used();
    cherr e;
    int64_t v[] = {10, 0, 30, 40};
    column *c = unit_ints(4, v, ".n..");
    size_t rows[] = {3, 1, 0, 3, 1};
    column *t = col_take(c, rows, 5, &e);
    CHECK(t != NULL);
    CHECK_INT(t->len, 5);
    CHECK_INT(t->nnull, 2);
    char pat[8];
    CHECK_STR(null_pattern(t, pat, sizeof pat), ".n..n");
    CHECK_INT(col_int(t, 0), 40);
    CHECK_INT(col_int(t, 2), 10);
    CHECK_INT(col_int(t, 3), 40);
    col_unref(t);
    col_unref(c);
    CHECK_INT(mem_used(), before);
  }

  CASE("column: col_take of a string column shares its dictionary")
  {
    cherr e;
    const char *v[] = {"Lạng Sơn", NULL, "Điện Biên"};
    column *c = unit_strs(3, v);
    size_t rows[] = {2, 1, 0};
    column *t = col_take(c, rows, 3, &e);
    CHECK(t->dict == c->dict);
    CHECK_INT(c->dict->refs, 2);
    CHECK(unit_str_is(t, 0, "Điện Biên"));
    CHECK(col_isnull(t, 1));
    CHECK(unit_str_is(t, 2, "Lạng Sơn"));
    col_unref(c);
    /* The dictionary lives on with the column that still uses it. */
    CHECK_INT(t->dict->refs, 1);
    CHECK(unit_str_is(t, 0, "Điện Biên"));
    col_unref(t);
  }

  CASE("column: taking only present rows of a nullable column drops the bitmap")
  {
    cherr e;
    double v[] = {1.0, 0, 3.0};
    column *c = unit_floats(3, v, ".n.");
    size_t rows[] = {0, 2};
    column *t = col_take(c, rows, 2, &e);
    CHECK_INT(t->nnull, 0);
    CHECK(t->valid == NULL);
    CHECK_DBL(t->v.f[1], 3.0);
    column *none = col_take(c, rows, 0, &e);
    CHECK(none != NULL);
    CHECK_INT(none->len, 0);
    col_unref(none);
    col_unref(t);
    col_unref(c);
  }

}

static void test_slice(void)
{
  CASE("column: col_slice keeps a run of rows with their nulls")
  {
    cherr e;
    column *c = unit_bools("1n01n");
    column *s = col_slice(c, 1, 3, &e);
    CHECK_INT(s->len, 3);
    CHECK_INT(s->nnull, 1);
    char pat[8];
    CHECK_STR(null_pattern(s, pat, sizeof pat), "n..");
    CHECK_INT(s->v.b[1], 0);
    CHECK_INT(s->v.b[2], 1);
    col_unref(s);
    /* A slice that crosses a bitmap word boundary (rows 60..69 of 100). */
    int64_t v[100];
    char nulls[101];
    for (int k = 0; k < 100; k++) {
      v[k] = k;
      nulls[k] = k % 3 == 0 ? 'n' : '.';
    }
    nulls[100] = '\0';
    column *big = unit_ints(100, v, nulls);
    s = col_slice(big, 60, 10, &e);
    /* Rows 60, 63, 66, 69 are null: n..n..n..n */
    char pat10[16];
    CHECK_STR(null_pattern(s, pat10, sizeof pat10), "n..n..n..n");
    CHECK_INT(s->nnull, 4);
    CHECK_INT(col_int(s, 1), 61);
    col_unref(s);
    col_unref(big);
    col_unref(c);
  }
}

static void test_make(void)
{
  CASE("dataset: ds_make refuses an empty name")
  {
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    int64_t v[] = {1};
    column *c = unit_ints(1, v, NULL);
    const char *names[] = {"a", ""};
    column *cols[] = {c, c};
    CHECK(ds_make(names, cols, 2, 0, &e) == NULL);
    CHECK_INT(e.code, ERR_ARG);
    CHECK(mentions_number(e.msg, 2));
    CHECK_INT(c->refs, 1);
    col_unref(c);
    CHECK_INT(mem_used(), before);
  }

  CASE("dataset: ds_make refuses a duplicate name, naming both columns")
  {
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    int64_t v[] = {1};
    column *c = unit_ints(1, v, NULL);
    const char *names[] = {"tỉnh", "b", "tỉnh"};
    column *cols[] = {c, c, c};
    CHECK(ds_make(names, cols, 3, 0, &e) == NULL);
    CHECK_INT(e.code, ERR_ARG);
    CHECK(strstr(e.msg, "tỉnh") != NULL);
    CHECK(mentions_number(e.msg, 1));
    CHECK(mentions_number(e.msg, 3));
    CHECK_INT(c->refs, 1);
    col_unref(c);
    CHECK_INT(mem_used(), before);
  }

  CASE("dataset: ds_make refuses columns of different lengths")
  {
    cherr e = {ERR_OK, ""};
    int64_t v[] = {1, 2, 3};
    column *three = unit_ints(3, v, NULL), *two = unit_ints(2, v, NULL);
    const char *names[] = {"long", "short"};
    column *cols[] = {three, two};
    CHECK(ds_make(names, cols, 2, 0, &e) == NULL);
    CHECK_INT(e.code, ERR_ARG);
    CHECK(strstr(e.msg, "long") != NULL && strstr(e.msg, "short") != NULL);
    CHECK(mentions_number(e.msg, 3) && mentions_number(e.msg, 2));
    col_unref(three);
    col_unref(two);
  }

}

static void test_make_ok(void)
{
  CASE("dataset: ds_make copies names, references columns, takes nrow with no columns")
  {
    size_t before = mem_used();
    cherr e;
    int64_t v[] = {1, 2};
    column *c = unit_ints(2, v, NULL);
    char name[] = "dân số";
    const char *names[] = {name};
    dataset *d = ds_make(names, &c, 1, 99, &e);
    CHECK(d != NULL);
    CHECK_INT(d->nrow, 2); /* from the column, not the 99 */
    CHECK_INT(d->ncol, 1);
    CHECK_INT(c->refs, 2);
    name[0] = 'X';
    CHECK_STR(d->names[0], "dân số");
    CHECK(d->cols[0] == c);
    dataset *empty = ds_make(NULL, NULL, 0, 7, &e);
    CHECK(empty != NULL);
    CHECK_INT(empty->nrow, 7);
    CHECK_INT(empty->ncol, 0);
    CHECK_INT(ds_find(empty, "x", 1), -1);
    ds_unref(empty);
    ds_unref(d);
    CHECK_INT(c->refs, 1);
    col_unref(c);
    CHECK_INT(mem_used(), before);
  }
}

static void test_find(void)
{
  CASE("dataset: ds_find finds each of 1000 columns and nothing else")
  {
    size_t before = mem_used();
    cherr e;
    enum { N = 1000 };
    int64_t v[] = {5};
    column *c = unit_ints(1, v, NULL);
    static char bufs[N][16];
    const char *names[N];
    column *cols[N];
    for (int k = 0; k < N; k++) {
      snprintf(bufs[k], sizeof bufs[k], "col%d", k);
      names[k] = bufs[k];
      cols[k] = c;
    }
    dataset *d = ds_make(names, cols, N, 0, &e);
    CHECK(d != NULL);
    for (int k = 0; k < N && d; k++) {
      long at = ds_find(d, names[k], strlen(names[k]));
      if (at != k) {
        unit_fail(__FILE__, __LINE__, "ds_find(\"%s\") is %ld, expected %d", names[k], at, k);
        break;
      }
    }
    CHECK_INT(ds_find(d, "col1000", 7), -1);
    CHECK_INT(ds_find(d, "col", 3), -1);
    CHECK_INT(ds_find(d, "", 0), -1);
    CHECK_INT(ds_find(d, "Col1", 4), -1);
    /* Only len bytes of the name count: "col12xyz" cut at 5 is "col12". */
    CHECK_INT(ds_find(d, "col12xyz", 5), 12);
    CHECK_INT(ds_find(d, "col123", 4), 1);
    CHECK_INT(c->refs, N + 1);
    ds_unref(d);
    col_unref(c);
    CHECK_INT(mem_used(), before);
  }
}

/*
 * A name holding a NUL (a Lua string can) is no column's name, since names
 * are NUL-terminated C strings. Tried with every one-byte tail, so that some
 * land on the slot of column "a" whatever the hash. Returns how many of the
 * 512 lookups wrongly found a column, at most 250.
 */
static int find_name_with_nul(void *unused)
{
  (void)unused;
  cherr e;
  int64_t v[] = {1};
  column *c = unit_ints(1, v, NULL);
  const char *names[] = {"a"};
  dataset *d = ds_make(names, &c, 1, 0, &e);
  int wrong = 0;
  for (int b = 0; b < 256; b++) {
    char name[3] = {'a', '\0', (char)b};
    wrong += ds_find(d, name, 2) != -1;
    wrong += ds_find(d, name, 3) != -1;
  }
  ds_unref(d);
  col_unref(c);
  return wrong > 250 ? 250 : wrong == 1 ? 2 : wrong;
}

static void test_find_nul(void)
{
  CASE("dataset: ds_find of a name with a NUL byte finds nothing")
  {
    char why[200];
    int wrong = unit_in_child(find_name_with_nul, NULL, why, sizeof why);
    if (wrong < 0)
      unit_fail(__FILE__, __LINE__, "ds_find(\"a\\0...\") %s", why);
    else if (wrong > 0)
      unit_fail(__FILE__, __LINE__, "names \"a\\0\" and \"a\\0?\" found column \"a\" %d times",
                wrong);
  }
}

/* A dataset of 5 rows: id 1..5, name with a null, score with a null. */
static dataset *five_rows(void)
{
  int64_t id[] = {1, 2, 3, 4, 5};
  const char *name[] = {"An Giang", "Bến Tre", NULL, "Cà Mau", "Đồng Tháp"};
  double score[] = {0.5, 1.25, 2.0, 0, 4.75};
  column *cols[] = {unit_ints(5, id, NULL), unit_strs(5, name), unit_floats(5, score, "...n.")};
  const char *names[] = {"id", "name", "score"};
  return unit_dataset(3, names, cols);
}

static void test_rows(void)
{
  CASE("dataset: ds_slice clamps to the rows there are")
  {
    size_t before = mem_used();
    cherr e;
    dataset *d = five_rows();
    dataset *s = ds_slice(d, 1, 3, &e);
    CHECK_INT(s->nrow, 3);
    CHECK_INT(col_int(s->cols[0], 0), 2);
    CHECK_INT(col_int(s->cols[0], 2), 4);
    CHECK(col_isnull(s->cols[1], 1));
    CHECK(col_isnull(s->cols[2], 2));
    ds_unref(s);
    s = ds_slice(d, 3, 10, &e); /* rows 3 and 4 */
    CHECK_INT(s->nrow, 2);
    CHECK_INT(col_int(s->cols[0], 1), 5);
    CHECK(unit_str_is(s->cols[1], 1, "Đồng Tháp"));
    ds_unref(s);
    s = ds_slice(d, 5, 2, &e);
    CHECK_INT(s->nrow, 0);
    CHECK_INT(s->ncol, 3);
    ds_unref(s);
    s = ds_slice(d, 9, 1, &e);
    CHECK_INT(s->nrow, 0);
    ds_unref(s);
    s = ds_slice(d, 0, SIZE_MAX, &e);
    CHECK_INT(s->nrow, 5);
    ds_unref(s);
    ds_unref(d);
    CHECK_INT(mem_used(), before);
  }

  CASE("dataset: ds_take gathers every column in the order asked")
  {
    cherr e;
    dataset *d = five_rows();
    size_t rows[] = {4, 2, 4, 0};
    dataset *t = ds_take(d, rows, 4, &e);
    CHECK_INT(t->nrow, 4);
    CHECK_INT(t->ncol, 3);
    CHECK_STR(t->names[2], "score");
    CHECK_INT(ds_find(t, "name", 4), 1);
    CHECK_INT(col_int(t->cols[0], 0), 5);
    CHECK_INT(col_int(t->cols[0], 1), 3);
    CHECK_INT(col_int(t->cols[0], 3), 1);
    CHECK(col_isnull(t->cols[1], 1));
    CHECK(unit_str_is(t->cols[1], 2, "Đồng Tháp"));
    CHECK(t->cols[1]->dict == d->cols[1]->dict);
    CHECK_DBL(t->cols[2]->v.f[0], 4.75);
    CHECK_INT(t->cols[2]->nnull, 0);
    ds_unref(t);
    ds_unref(d);
  }

}

static void test_refs(void)
{
  CASE("dataset: references free everything at the last unref")
  {
    size_t before = mem_used();
    cherr e;
    dataset *d = five_rows();
    CHECK(ds_ref(d) == d);
    CHECK_INT(d->refs, 2);
    ds_unref(d);
    CHECK_INT(d->refs, 1);
    dataset *s = ds_slice(d, 0, 2, &e);
    ds_unref(d); /* the slice owns copies, so it outlives d */
    CHECK(unit_str_is(s->cols[1], 1, "Bến Tre"));
    CHECK(ds_bytes(s) > 0);
    ds_unref(s);
    CHECK_INT(mem_used(), before);
    CHECK(ds_ref(NULL) == NULL);
    ds_unref(NULL);
  }
}

static void *take_run(void *ctx, cherr *e)
{
  static const size_t rows[] = {4, 2, 0, 1, 3, 2};
  return ds_take(ctx, rows, 6, e);
}

static void take_check(void *ctx, unsigned long n, void *made)
{
  dataset *t = made;
  (void)ctx;
  if (t->nrow != 6 || col_int(t->cols[0], 0) != 5 || !col_isnull(t->cols[1], 1))
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the rows differ", n);
  ds_unref(t);
}

static void test_nomem(void)
{
  CASE("dataset: ds_take under each allocation failure fails cleanly")
  {
    dataset *d = five_rows();
    CHECK(unit_sweep(take_run, take_check, d, 10000) >= 1);
    ds_unref(d);
  }
}

/* col_take of a string column must leave the shared dictionary's count as it was. */
static void *col_take_run(void *ctx, cherr *e)
{
  static const size_t rows[] = {3, 1, 0};
  column *c = ctx;
  column *t = col_take(c, rows, 3, e);
  if (t == NULL && c->dict->refs != 1)
    unit_fail(__FILE__, __LINE__, "a failed take left the dictionary with %u refs", c->dict->refs);
  return t;
}

static void col_take_check(void *ctx, unsigned long n, void *made)
{
  column *t = made;
  (void)ctx;
  if (!unit_str_is(t, 0, "ba") || !col_isnull(t, 1))
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the rows differ", n);
  col_unref(t);
}

static void test_nomem_col(void)
{
  CASE("column: col_take under each allocation failure fails cleanly")
  {
    const char *v[] = {"một", NULL, "hai", "ba"};
    column *c = unit_strs(4, v);
    CHECK(unit_sweep(col_take_run, col_take_check, c, 10000) >= 1);
    col_unref(c);
  }
}

void test_dataset(void)
{
  test_build();
  test_bitmaps();
  test_builders();
  test_take();
  test_slice();
  test_make();
  test_make_ok();
  test_find();
  test_find_nul();
  test_rows();
  test_refs();
  test_nomem();
  test_nomem_col();
}
