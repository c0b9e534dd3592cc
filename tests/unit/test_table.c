/*
 * test_table.c - the text table that prints a dataset, compared whole with
 * tables drawn by hand: box drawing, numbers right-aligned (their header and
 * type cells too), Vietnamese and CJK text aligned by display width, the
 * footer; a long dataset's first and last rows around a ⋮ row; columns left
 * out on a narrow terminal and named in the footer; long cells cut with …;
 * control characters escaped; and every allocation failure handled.
 *
 * Layout, from src/table.c: a column is as wide as the widest of its name,
 * its type name and its drawn cells; a cell is drawn as one space, the text
 * padded to that width, one space and │; rules use width + 2 ─.
 */
#include <stdint.h>
#include <string.h>

#include "cols.h"
#include "dataset.h"
#include "isolate.h"
#include "mem.h"
#include "table.h"
#include "unit.h"

static table_opts opts(size_t width, size_t max_rows, size_t max_cell)
{
  table_opts o;
  table_opts_init(&o);
  o.width = width;
  o.max_rows = max_rows;
  o.max_cell = max_cell;
  return o;
}

/* Renders d (evaluated once) and compares the whole text; frees d. */
#define EXPECT_TABLE(d, o, want)                                               \
  do {                                                                         \
    dataset *tds_ = (d);                                                       \
    cherr terr_;                                                               \
    size_t tlen_ = 0;                                                          \
    table_opts topts_ = (o);                                                   \
    char *text_ = table_render(tds_, &topts_, &tlen_, &terr_);                 \
    CHECK_STR(text_, want);                                                    \
    if (text_ != NULL)                                                         \
      CHECK_INT(tlen_, strlen(text_));                                         \
    mem_free(text_);                                                           \
    ds_unref(tds_);                                                            \
  } while (0)

/*
 * tỉnh: widest "Lạng Sơn", 8 columns (the name takes 4, "string" 6).
 * n: widest "8435700", 7. x: widest "12.25", 5 ("float" 5 too).
 * Rules: 10, 9 and 7 ─. Numbers and their header and type cells are
 * padded on the left; text on the right.
 */
static const char small_table[] =
  "┌──────────┬─────────┬───────┐\n"
  "│ tỉnh     │       n │     x │\n"
  "│ string   │     int │ float │\n"
  "├──────────┼─────────┼───────┤\n"
  "│ Hà Nội   │ 8435700 │   0.5 │\n"
  "│ Lạng Sơn │  802100 │  null │\n"
  "│ Huế      │    null │ 12.25 │\n"
  "└──────────┴─────────┴───────┘\n"
  "3 rows × 3 columns\n";

static dataset *small_dataset(void)
{
  const char *names[] = {"Hà Nội", "Lạng Sơn", "Huế"};
  int64_t n[] = {8435700, 802100, 0};
  double x[] = {0.5, 0, 12.25};
  column *cols[] = {unit_strs(3, names), unit_ints(3, n, "..n"), unit_floats(3, x, ".n.")};
  const char *colnames[] = {"tỉnh", "n", "x"};
  return unit_dataset(3, colnames, cols);
}

/*
 * One int column "i" of 1..25 with max_rows 20: rows 1-10, a ⋮ row, rows
 * 16-25. Width 3, from "int".
 */
static const char long_table[] =
  "┌─────┐\n"
  "│   i │\n"
  "│ int │\n"
  "├─────┤\n"
  "│   1 │\n"
  "│   2 │\n"
  "│   3 │\n"
  "│   4 │\n"
  "│   5 │\n"
  "│   6 │\n"
  "│   7 │\n"
  "│   8 │\n"
  "│   9 │\n"
  "│  10 │\n"
  "│   ⋮ │\n"
  "│  16 │\n"
  "│  17 │\n"
  "│  18 │\n"
  "│  19 │\n"
  "│  20 │\n"
  "│  21 │\n"
  "│  22 │\n"
  "│  23 │\n"
  "│  24 │\n"
  "│  25 │\n"
  "└─────┘\n"
  "25 rows × 1 column (first 10 and last 10 rows shown)\n";

/*
 * a (int) 3 wide, bb (string) 6, c (float) 5, d (bool) 4. A table line is
 * 1 + (w + 3) per column: a and bb take 1 + 6 + 9 = 16 columns, c would
 * make it 24.
 */
static const char narrow_table[] =
  "┌─────┬────────┐\n"
  "│   a │ bb     │\n"
  "│ int │ string │\n"
  "├─────┼────────┤\n"
  "│   1 │ xy     │\n"
  "└─────┴────────┘\n"
  "1 row × 4 columns\n"
  "2 more columns: c (float), d (bool)\n";

static const char narrower_table[] =
  "┌─────┐\n"
  "│   a │\n"
  "│ int │\n"
  "├─────┤\n"
  "│   1 │\n"
  "└─────┘\n"
  "1 row × 4 columns\n"
  "3 more columns: bb (string), c (float), d (bool)\n";

static dataset *wide_dataset(void)
{
  const char *bb[] = {"xy"};
  int64_t a[] = {1};
  double c[] = {2.5};
  column *cols[] = {unit_ints(1, a, NULL), unit_strs(1, bb), unit_floats(1, c, NULL), unit_bools("1")};
  const char *names[] = {"a", "bb", "c", "d"};
  return unit_dataset(4, names, cols);
}

/*
 * max_cell 10: "Thành phố Hồ Chí Minh" (21 columns) keeps 9 columns,
 * "Thành phố", and an ellipsis; "0123456789" fits exactly; "01234567890"
 * is one too many. The column is 10 wide, its rule 12.
 */
static const char cut_table[] =
  "┌────────────┐\n"
  "│ place      │\n"
  "│ string     │\n"
  "├────────────┤\n"
  "│ Thành phố… │\n"
  "│ Huế        │\n"
  "│ 0123456789 │\n"
  "│ 012345678… │\n"
  "└────────────┘\n"
  "4 rows × 1 column\n";

/* "a\nb" is drawn a\nb (4 columns), "tab\there" tab\there (9). */
static const char escaped_table[] =
  "┌───────────┐\n"
  "│ note      │\n"
  "│ string    │\n"
  "├───────────┤\n"
  "│ a\\nb      │\n"
  "│ tab\\there │\n"
  "└───────────┘\n"
  "2 rows × 1 column\n";

/* "Lạng" decomposed is 4 columns, "漢字" 4, "Sơn" 3; "string" makes it 6. */
static const char width_table[] =
  "┌────────┐\n"
  "│ tên    │\n"
  "│ string │\n"
  "├────────┤\n"
  "│ La\xCC\xA3ng   │\n"
  "│ 漢字   │\n"
  "│ Sơn    │\n"
  "└────────┘\n"
  "3 rows × 1 column\n";

static void test_layout(void)
{
  CASE("table: a small dataset drawn whole")
  {
    size_t before = mem_used();
    EXPECT_TABLE(small_dataset(), opts(0, 20, 40), small_table);
    CHECK_INT(mem_used(), before);
  }

  CASE("table: the default options draw the small dataset the same")
  {
    table_opts o;
    table_opts_init(&o);
    EXPECT_TABLE(small_dataset(), o, small_table);
  }

  CASE("table: 25 rows with max_rows 20 show the first and last 10 around ⋮")
  {
    int64_t v[25];
    for (int k = 0; k < 25; k++)
      v[k] = k + 1;
    column *cols[] = {unit_ints(25, v, NULL)};
    const char *names[] = {"i"};
    EXPECT_TABLE(unit_dataset(1, names, cols), opts(0, 20, 40), long_table);
  }

  CASE("table: decomposed Vietnamese and CJK text align by display width")
  {
    const char *v[] = {"La\xCC\xA3ng", "漢字", "Sơn"};
    column *cols[] = {unit_strs(3, v)};
    const char *names[] = {"tên"};
    EXPECT_TABLE(unit_dataset(1, names, cols), opts(0, 20, 40), width_table);
  }

  CASE("table: no columns, and no rows")
  {
    EXPECT_TABLE(unit_dataset(0, NULL, NULL), opts(0, 20, 40), "0 rows × 0 columns\n");
    cherr e;
    dataset *three = ds_make(NULL, NULL, 0, 3, &e);
    EXPECT_TABLE(three, opts(0, 20, 40), "3 rows × 0 columns\n");
    column *cols[] = {unit_ints(0, NULL, NULL)};
    const char *names[] = {"n"};
    EXPECT_TABLE(unit_dataset(1, names, cols), opts(0, 20, 40),
                 "┌─────┐\n"
                 "│   n │\n"
                 "│ int │\n"
                 "├─────┤\n"
                 "└─────┘\n"
                 "0 rows × 1 column\n");
  }
}

static void test_limits(void)
{
  CASE("table: a narrow terminal drops the columns that do not fit and names them")
  {
    EXPECT_TABLE(wide_dataset(), opts(20, 20, 40), narrow_table);
    /* 16 columns is exactly enough for a and bb; 15 is not. */
    EXPECT_TABLE(wide_dataset(), opts(16, 20, 40), narrow_table);
    EXPECT_TABLE(wide_dataset(), opts(15, 20, 40), narrower_table);
    /* The first column is drawn however narrow the terminal. */
    EXPECT_TABLE(wide_dataset(), opts(3, 20, 40), narrower_table);
  }

  CASE("table: a cell wider than max_cell is cut with …")
  {
    const char *v[] = {"Thành phố Hồ Chí Minh", "Huế", "0123456789", "01234567890"};
    column *cols[] = {unit_strs(4, v)};
    const char *names[] = {"place"};
    EXPECT_TABLE(unit_dataset(1, names, cols), opts(0, 20, 10), cut_table);
  }

  CASE("table: a wide character that would pass max_cell is left out before the …")
  {
    /*
     * max_cell 6: "漢字漢字" is 8 columns, so it is cut; "漢字" (4) and "…"
     * (1) fit, a third 漢 would make 7. "string" makes the column 6 wide.
     */
    const char *v[] = {"漢字漢字"};
    column *cols[] = {unit_strs(1, v)};
    const char *names[] = {"k"};
    EXPECT_TABLE(unit_dataset(1, names, cols), opts(0, 20, 6),
                 "┌────────┐\n"
                 "│ k      │\n"
                 "│ string │\n"
                 "├────────┤\n"
                 "│ 漢字…  │\n"
                 "└────────┘\n"
                 "1 row × 1 column\n");
  }

  CASE("table: line breaks and tabs in a value are drawn escaped")
  {
    const char *v[] = {"a\nb", "tab\there"};
    column *cols[] = {unit_strs(2, v)};
    const char *names[] = {"note"};
    EXPECT_TABLE(unit_dataset(1, names, cols), opts(0, 20, 40), escaped_table);
  }
}

/*
 * A value of "a" and 1000 combining acute accents is one column wide but
 * 2001 bytes long; drawing it must not write past the cell buffer.
 */
static int render_zero_width(void *unused)
{
  (void)unused;
  static char v[2002];
  v[0] = 'a';
  for (int k = 0; k < 1000; k++)
    memcpy(v + 1 + 2 * k, "\xCC\x81", 2);
  const char *values[] = {v};
  column *cols[] = {unit_strs(1, values)};
  const char *names[] = {"s"};
  dataset *d = unit_dataset(1, names, cols);
  table_opts o = opts(0, 20, 40);
  cherr e;
  size_t len;
  char *s = table_render(d, &o, &len, &e);
  int rendered = s != NULL;
  mem_free(s);
  ds_unref(d);
  return rendered ? 0 : 2;
}

static void test_zero_width(void)
{
  CASE("table: a value of many zero-width characters is drawn safely")
  {
    char why[200];
    int rc = unit_in_child(render_zero_width, NULL, why, sizeof why);
    if (rc < 0)
      unit_fail(__FILE__, __LINE__, "table_render %s", why);
    else if (rc != 0)
      unit_fail(__FILE__, __LINE__, "table_render returned NULL");
  }
}

/* Results of one attempt of the allocation sweep, run in a child. */
enum { CLEAN_FAILURE = 0, SURVIVED = 10, FINISHED = 11, WRONG_CODE = 12, LEAKED = 13 };

/* Renders the small dataset with the nth allocation failing. */
static int render_failing(void *arg)
{
  unsigned long n = *(unsigned long *)arg;
  dataset *d = small_dataset();
  table_opts o = opts(0, 20, 40);
  cherr e = {ERR_OK, ""};
  size_t len, start = mem_used();
  unsigned long calls = mem_count();
  mem_fail_after(n);
  char *s = table_render(d, &o, &len, &e);
  unsigned long made = mem_count() - calls;
  mem_fail_after(0);
  int rc = s != NULL ? (made < n ? FINISHED : SURVIVED) : e.code != ERR_NOMEM ? WRONG_CODE : CLEAN_FAILURE;
  mem_free(s);
  if (mem_used() != start)
    rc = LEAKED;
  ds_unref(d);
  return rc;
}

static void test_nomem(void)
{
  CASE("table: table_render under each allocation failure fails cleanly")
  {
    unsigned long n = 1, failures = 0, bad = 0, first_bad = 0;
    char first_why[200] = "";
    for (; n < 10000; n++) {
      char why[200] = "";
      int rc = unit_in_child(render_failing, &n, why, sizeof why);
      if (rc == FINISHED)
        break;
      if (rc == CLEAN_FAILURE)
        failures++;
      if (rc == WRONG_CODE)
        snprintf(why, sizeof why, "not ERR_NOMEM");
      if (rc == LEAKED)
        snprintf(why, sizeof why, "memory leaked");
      if ((rc < 0 || rc == WRONG_CODE || rc == LEAKED) && bad++ == 0) {
        first_bad = n;
        snprintf(first_why, sizeof first_why, "%s", why);
      }
    }
    if (bad > 0)
      unit_fail(__FILE__, __LINE__, "%lu of %lu attempts went wrong (first: allocation %lu, %s)",
                bad, n, first_bad, first_why);
    CHECK(failures >= 1);
    CHECK(n < 10000);
  }
}

void test_table(void)
{
  test_layout();
  test_limits();
  test_nomem();
  test_zero_width();
}
