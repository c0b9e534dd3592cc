/*
 * test_csvwrite.c - the CSV writer: csvio_write's exact text and
 * csvio_write_file's replace-in-one-step; then, for reading and writing,
 * every allocation failure in turn, each of which must fail with ERR_NOMEM
 * and leak nothing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cols.h"
#include "csvio.h"
#include "halt.h"
#include "mem.h"
#include "sweep.h"
#include "unit.h"

/* Writing */

typedef struct out {
  char text[1 << 16];
  size_t len;
} out;

static int to_out(void *ud, const char *p, size_t n)
{
  out *o = ud;
  if (o->len + n >= sizeof o->text)
    return -1;
  memcpy(o->text + o->len, p, n);
  o->len += n;
  o->text[o->len] = '\0';
  return 0;
}

static int refuse(void *ud, const char *p, size_t n)
{
  (void)ud, (void)p, (void)n;
  return -1;
}

/* name, n, x, ok: every kind of value the writer quotes or formats. */
static dataset *sample(void)
{
  const char *names[] = {"Hà Nội", "a,b", "say \"hi\"", NULL, "", " pad"};
  int64_t n[] = {1, 0, -3, 4, 5, 6};
  double x[] = {0.5, 85.94, 0, 1e20, 0.1, 100.0};
  column *cols[] = {unit_strs(6, names), unit_ints(6, n, ".n...."), unit_floats(6, x, "..n..."),
                    unit_bools("10n101")};
  const char *colnames[] = {"name", "n", "x", "ok"};
  return unit_dataset(4, colnames, cols);
}

/*
 * Worked by hand from docs/csv.md "Writing": a string is quoted when it holds
 * the delimiter, a quote (doubled inside), a line break, space at either end,
 * or is empty; a null is an empty field; floats are shortest with ".0" on
 * integral ones; booleans are true/false.
 */
static const char sample_csv[] =
  "name,n,x,ok\n"
  "Hà Nội,1,0.5,true\n"
  "\"a,b\",,85.94,false\n"
  "\"say \"\"hi\"\"\",-3,,\n"
  ",4,1e+20,true\n"
  "\"\",5,0.1,false\n"
  "\" pad\",6,100.0,true\n";

static void test_write(void)
{
  CASE("csv: csvio_write quotes, formats and leaves nulls empty")
  {
    size_t before = mem_used();
    cherr e;
    dataset *d = sample();
    static out o;
    o.len = 0;
    CHECK_INT(csvio_write(d, &(csv_write_options){.delimiter = ','}, to_out, &o, &e), 0);
    CHECK_STR(o.text, sample_csv);
    ds_unref(d);
    CHECK_INT(mem_used(), before);
  }

  CASE("csv: what csvio_write wrote reads back as the same dataset")
  {
    cherr e;
    csv_report r;
    dataset *d = sample();
    static out o;
    o.len = 0;
    csvio_write(d, &(csv_write_options){.delimiter = ','}, to_out, &o, &e);
    dataset *back = csvio_read_buffer("back.csv", o.text, o.len, defaults(), &r, &e);
    CHECK(back != NULL);
    if (back != NULL) {
      CHECK_INT(back->nrow, 6);
      for (size_t k = 0; k < 4; k++)
        CHECK_INT(back->cols[k]->type, d->cols[k]->type);
      const column *name = back->cols[0], *n = back->cols[1], *x = back->cols[2];
      CHECK(unit_str_is(name, 2, "say \"hi\""));
      CHECK(col_isnull(name, 3));
      CHECK(unit_str_is(name, 4, ""));
      CHECK(unit_str_is(name, 5, " pad"));
      CHECK(col_isnull(n, 1));
      CHECK_INT(col_int(n, 2), -3);
      CHECK(col_isnull(x, 2));
      CHECK_DBL(x->v.f[3], 1e20);
      CHECK_DBL(x->v.f[5], 100.0);
      CHECK(col_isnull(back->cols[3], 2));
    }
    ds_unref(back);
    ds_unref(d);
  }

  CASE("csv: csvio_write quotes for the delimiter it is given, and for the others a reader may detect")
  {
    cherr e;
    const char *v[] = {"x;y", "a,b"};
    column *c = unit_strs(2, v);
    const char *names[] = {"name"};
    dataset *d = ds_make(names, &c, 1, 0, &e);
    static out o;
    o.len = 0;
    CHECK_INT(csvio_write(d, &(csv_write_options){.delimiter = ';'}, to_out, &o, &e), 0);
    CHECK_STR(o.text, "name\n\"x;y\"\n\"a,b\"\n");
    ds_unref(d);
    col_unref(c);
  }

}

/*
 * The sample in dialect excel-vn, by hand from docs/csv.md "Dialects": the
 * byte-order mark EF BB BF, ';' between fields (so "a,b" needs no quotes),
 * a decimal comma in floats (0,5 85,94 1e+20 0,1 100,0), "\r\n" line ends.
 */
static const char sample_excel_vn[] =
  "\xEF\xBB\xBFname;n;x;ok\r\n"
  "Hà Nội;1;0,5;true\r\n"
  "\"a,b\";;85,94;false\r\n"
  "\"say \"\"hi\"\"\";-3;;\r\n"
  ";4;1e+20;true\r\n"
  "\"\";5;0,1;false\r\n"
  "\" pad\";6;100,0;true\r\n";

static void test_write_dialects(void)
{
  CASE("csv: dialect excel-vn writes a byte-order mark, ';', decimal commas and CRLF")
  {
    cherr e;
    csv_write_options w = {0};
    CHECK_INT(csvio_dialect("excel-vn", &w), 0);
    dataset *d = sample();
    static out o;
    o.len = 0;
    CHECK_INT(csvio_write(d, &w, to_out, &o, &e), 0);
    CHECK_STR(o.text, sample_excel_vn);
    ds_unref(d);
  }

  CASE("csv: dialect plain is the default text, and an unknown dialect is refused")
  {
    cherr e;
    csv_write_options w = {0};
    CHECK_INT(csvio_dialect("plain", &w), 0);
    dataset *d = sample();
    static out o;
    o.len = 0;
    CHECK_INT(csvio_write(d, &w, to_out, &o, &e), 0);
    CHECK_STR(o.text, sample_csv);
    CHECK_INT(csvio_dialect("excel", &w), -1);
    ds_unref(d);
  }
}

static void test_write_edges(void)
{
  CASE("csv: a null in a one-column int dataset is written \"\" and reads back null")
  {
    cherr e;
    csv_report r;
    int64_t v[] = {1, 0};
    column *c = unit_ints(2, v, ".n");
    const char *names[] = {"n"};
    dataset *d = ds_make(names, &c, 1, 0, &e);
    static out o;
    o.len = 0;
    CHECK_INT(csvio_write(d, &(csv_write_options){.delimiter = ','}, to_out, &o, &e), 0);
    CHECK_STR(o.text, "n\n1\n\"\"\n");
    dataset *back = csvio_read_buffer("back.csv", o.text, o.len, defaults(), &r, &e);
    CHECK(back && back->nrow == 2 && back->cols[0]->type == COL_INT && col_isnull(back->cols[0], 1));
    ds_unref(back);
    ds_unref(d);
    col_unref(c);
  }

  CASE("csv: a sink that refuses makes csvio_write fail with ERR_IO")
  {
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    dataset *d = sample();
    CHECK_INT(csvio_write(d, &(csv_write_options){.delimiter = ','}, refuse, NULL, &e), -1);
    CHECK_INT(e.code, ERR_IO);
    ds_unref(d);
    CHECK_INT(mem_used(), before);
  }
}

static void test_formulas(void)
{
  CASE("csv: csvio_formula takes =, +, -, @, tab and CR openings for formulas, numbers not")
  {
    /* OWASP, "CSV Injection": the six openings; a number that begins with + or - is a number. */
    const char *const formulas[] = {"=1+2", "+x", "-x", "@SUM(A1)", "\tx", "\rx", "-", "+",
                                    "- 3", "-1e", "-1e+", "--1", "+-1", "-1,5", "=", "-.", NULL};
    const char *const plain[] = {"", "a=b", "x-1", " =1", "-3", "+3.5", "-1e5", "-1E-5", "+.5",
                                 "-5.", "1e5", "Hà Nội", "'=1", NULL};
    for (size_t k = 0; formulas[k] != NULL; k++)
      if (!csvio_formula(formulas[k], strlen(formulas[k])))
        unit_fail(__FILE__, __LINE__, "'%s' not taken for a formula", formulas[k]);
    for (size_t k = 0; plain[k] != NULL; k++)
      if (csvio_formula(plain[k], strlen(plain[k])))
        unit_fail(__FILE__, __LINE__, "'%s' taken for a formula", plain[k]);
  }

  CASE("csv: with neutralise, text fields and names that are formulas are written after a '")
  {
    const char *v[] = {"=HYPERLINK(\"http://x\",\"y\")", "-3", "+84 24 3825", "@A1", "ok", NULL,
                       "\tx"};
    column *c = unit_strs(7, v);
    int64_t n[] = {-1, -2, 3, 4, 5, 6, 7};
    column *num = unit_ints(7, n, ".......");
    const char *names[] = {"=cmd", "n"};
    column *cols[] = {c, num};
    cherr e;
    dataset *d = ds_make(names, cols, 2, 0, &e);
    static out o;
    o.len = 0;
    csv_write_options w = {.delimiter = ',', .neutralise = 1};
    CHECK_INT(csvio_write(d, &w, to_out, &o, &e), 0);
    /* By hand: the quote goes inside the quotes a field needs; -3 and the int column stay. */
    CHECK_STR(o.text, "'=cmd,n\n"
                      "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1\n"
                      "-3,-2\n"
                      "'+84 24 3825,3\n"
                      "'@A1,4\n"
                      "ok,5\n"
                      ",6\n"
                      "\"'\tx\",7\n");
    CHECK_INT(w.neutralised, 5);
    o.len = 0;
    w.neutralise = 0;
    CHECK_INT(csvio_write(d, &w, to_out, &o, &e), 0);
    const char *as_is = "=cmd,n\n\"=HYPERLINK(";
    CHECK(strncmp(o.text, as_is, strlen(as_is)) == 0); /* trusted: as they are */
    CHECK_INT(w.neutralised, 0);
    ds_unref(d);
    col_unref(c);
    col_unref(num);
  }
}

/* Names in dir other than . and .., joined by spaces. */
static void list_dir(const char *dir, char *buf, size_t size)
{
  buf[0] = '\0';
  DIR *dp = opendir(dir);
  if (dp == NULL)
    return;
  struct dirent *ent;
  while ((ent = readdir(dp)) != NULL) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
      continue;
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s%s", n ? " " : "", ent->d_name);
  }
  closedir(dp);
}

static void test_write_file(void)
{
  CASE("csv: csvio_write_file writes the file and leaves no temporary beside it")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128], names[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    cherr e = {ERR_OK, ""};
    dataset *d = sample();
    /* Twice: the second replaces the first. */
    CHECK_INT(csvio_write_file(d, &(csv_write_options){.delimiter = ','}, path, &e), 0);
    CHECK_INT(csvio_write_file(d, &(csv_write_options){.delimiter = ','}, path, &e), 0);
    static char text[4096];
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f)
      fclose(f);
    CHECK_STR(text, sample_csv);
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "out.csv");
    ds_unref(d);
    unlink(path);
    rmdir(dir);
  }

  CASE("csv: csvio_write_file into a missing directory fails with ERR_IO, leaving no file")
  {
    size_t before = mem_used();
    char dir[] = "/tmp/chiso-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128], names[256];
    snprintf(path, sizeof path, "%s/missing/out.csv", dir);
    cherr e = {ERR_OK, ""};
    dataset *d = sample();
    CHECK_INT(csvio_write_file(d, &(csv_write_options){.delimiter = ','}, path, &e), -1);
    CHECK_INT(e.code, ERR_IO);
    CHECK(access(path, F_OK) != 0);
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "");
    ds_unref(d);
    rmdir(dir);
    CHECK_INT(mem_used(), before);
  }
}

/* Allocation failures */

static const char *const provinces[] = {"Hà Nội", "Thừa Thiên Huế", "Đắk Lắk", "Bà Rịa – Vũng Tàu",
                                        "Cần Thơ", "Lạng Sơn"};

/*
 * 30 rows: id (int, null every 10th from row 4), value (float i / 4, null when
 * i % 7 == 3), name (Vietnamese, null when i % 9 == 5), code (floats written
 * "k.50" until row 28 says "x28": a second pass), flag (bool, null when
 * i % 8 == 6).
 */
static size_t big_csv(char *buf, size_t size)
{
  size_t n = (size_t)snprintf(buf, size, "id,value,name,code,flag\n");
  for (int i = 0; i < 30; i++) {
    char id[16] = "", value[32] = "", code[16];
    if (i % 10 != 4)
      snprintf(id, sizeof id, "%d", i + 1);
    if (i % 7 != 3)
      snprintf(value, sizeof value, "%d.%02d", i / 4, i % 4 * 25);
    if (i == 28)
      snprintf(code, sizeof code, "x%d", i);
    else
      snprintf(code, sizeof code, "%d.50", i);
    n += (size_t)snprintf(buf + n, size - n, "%s,%s,%s,%s,%s\n", id, value,
                          i % 9 == 5 ? "" : provinces[i % 6], code,
                          i % 8 == 6 ? "" : i % 3 == 0 ? "true" : "false");
  }
  return n;
}

/* The text big_csv writes, made once. */
static const char *big_text(size_t *len)
{
  static char text[8192];
  static size_t n;
  if (n == 0)
    n = big_csv(text, sizeof text);
  *len = n;
  return text;
}

/* 0 when d is what big_csv wrote; else the first difference, in why. */
static int check_big(const dataset *d, char *why, size_t size)
{
  const column *id = col_named(d, "id"), *value = col_named(d, "value"),
               *name = col_named(d, "name"), *code = col_named(d, "code"),
               *flag = col_named(d, "flag");
  if (!id || !value || !name || !code || !flag || d->nrow != 30)
    return snprintf(why, size, "wrong shape"), -1;
  if (id->type != COL_INT || value->type != COL_FLOAT || name->type != COL_STR ||
      code->type != COL_STR || flag->type != COL_BOOL)
    return snprintf(why, size, "wrong types"), -1;
  for (int i = 0; i < 30; i++) {
    char text[16];
    if (i == 28)
      snprintf(text, sizeof text, "x%d", i);
    else
      snprintf(text, sizeof text, "%d.50", i);
    int ok = (i % 10 == 4 ? col_isnull(id, i) : !col_isnull(id, i) && col_int(id, i) == i + 1) &&
             (i % 7 == 3 ? col_isnull(value, i) : !col_isnull(value, i) && value->v.f[i] == i / 4.0) &&
             (i % 9 == 5 ? col_isnull(name, i) : unit_str_is(name, i, provinces[i % 6])) &&
             unit_str_is(code, i, text) &&
             (i % 8 == 6 ? col_isnull(flag, i) : !col_isnull(flag, i) && flag->v.b[i] == (i % 3 == 0));
    if (!ok)
      return snprintf(why, size, "row %d differs", i), -1;
  }
  return 0;
}

static void test_nomem(void)
{
  size_t len;
  const char *text = big_text(&len);

  CASE("csv: the 30-row file for the allocation sweep reads as written, in two passes")
  {
    cherr e;
    csv_report r;
    char why[100];
    dataset *d = csvio_read_buffer("big.csv", text, len, defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL && check_big(d, why, sizeof why) != 0)
      unit_fail(__FILE__, __LINE__, "%s", why);
    CHECK_INT(r.passes, 2);
    CHECK_INT(r.rows, 30);
    ds_unref(d);
  }

}

static void *read_run(void *ctx, cherr *e)
{
  size_t len;
  const char *text = big_text(&len);
  csv_report r;
  (void)ctx;
  return csvio_read_buffer("big.csv", text, len, defaults(), &r, e);
}

/* A failure the reader worked around (a smaller buffer, say) must not change the data. */
static void read_check(void *ctx, unsigned long n, void *made)
{
  char why[100];
  (void)ctx;
  if (check_big(made, why, sizeof why) != 0)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but %s", n, why);
  ds_unref(made);
}

static out written;

static void *write_run(void *ctx, cherr *e)
{
  written.len = 0;
  return csvio_write(ctx, &(csv_write_options){.delimiter = ','}, to_out, &written, e) == 0 ? &written : NULL;
}

/* What a survived failure wrote must read back as the data. */
static void write_check(void *ctx, unsigned long n, void *made)
{
  cherr e;
  csv_report r;
  char why[100];
  (void)ctx;
  (void)made;
  dataset *back = csvio_read_buffer("back.csv", written.text, written.len, defaults(), &r, &e);
  if (back == NULL || check_big(back, why, sizeof why) != 0)
    unit_fail(__FILE__, __LINE__, "failing allocation %lu was survived, but the output "
              "does not read back as written", n);
  ds_unref(back);
}

static void test_nomem_read(void)
{
  CASE("csv: csvio_read_buffer under each allocation failure fails cleanly")
  {
    CHECK(unit_sweep(read_run, read_check, NULL, 100000) > 10);
  }

  CASE("csv: csvio_write under each allocation failure fails cleanly")
  {
    size_t len;
    const char *text = big_text(&len);
    cherr e;
    csv_report r;
    dataset *d = csvio_read_buffer("big.csv", text, len, defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL)
      CHECK(unit_sweep(write_run, write_check, d, 100000) >= 1);
    ds_unref(d);
  }
}

void test_csvwrite(void)
{
  test_write();
  test_write_dialects();
  test_write_edges();
  test_formulas();
  test_write_file();
  test_nomem();
  test_nomem_read();
}
