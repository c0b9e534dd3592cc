/*
 * test_csv.c - the CSV reader: inferred types, values and nulls of small
 * files and what csv_report says about them; the second pass when a float
 * column turns to text late; separators, quoting, BOM, CRLF, ragged rows and
 * the errors with their line numbers.
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
#include "unit.h"

/* Reads the literal text (its length from sizeof, so it may hold NUL bytes). */
#define READ(lit, o, r, e) csvio_read_buffer("t.csv", lit, sizeof lit - 1, o, r, e)

static void test_read_small(void)
{
  CASE("csv: a small file's types, values and nulls, and its report")
  {
    size_t before = mem_used();
    cherr e;
    csv_report r;
    dataset *d = READ("id,name,score,ok\n"
                      "1,Hà Nội,2.5,true\n"
                      "2,,3,false\n"
                      ",Huế,,TRUE\n",
                      defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->nrow, 3);
      CHECK_INT(d->ncol, 4);
      const column *id = d->cols[0], *name = d->cols[1], *score = d->cols[2], *ok = d->cols[3];
      CHECK_STR(d->names[1], "name");
      CHECK_INT(id->type, COL_INT);
      CHECK_INT(col_int(id, 0), 1);
      CHECK_INT(col_int(id, 1), 2);
      CHECK(col_isnull(id, 2));
      CHECK_INT(name->type, COL_STR);
      CHECK(unit_str_is(name, 0, "Hà Nội"));
      CHECK(col_isnull(name, 1));
      CHECK(unit_str_is(name, 2, "Huế"));
      /* 2.5 then 3: every value is a number and one is not an integer. */
      CHECK_INT(score->type, COL_FLOAT);
      CHECK_DBL(score->v.f[0], 2.5);
      CHECK_DBL(score->v.f[1], 3.0);
      CHECK(col_isnull(score, 2));
      CHECK_INT(ok->type, COL_BOOL);
      CHECK_INT(ok->v.b[0], 1);
      CHECK_INT(ok->v.b[1], 0);
      CHECK_INT(ok->v.b[2], 1);
      CHECK_INT(ok->nnull, 0);
    }
    CHECK_INT(r.delimiter, ',');
    CHECK_INT(r.rows, 3);
    CHECK_INT(r.padded, 0);
    CHECK_INT(r.trimmed, 0);
    CHECK_INT(r.skipped, 0);
    CHECK_INT(r.passes, 1);
    ds_unref(d);
    CHECK_INT(mem_used(), before);
  }

  CASE("csv: NA tokens are null; a quoted empty field is \"\" in text, null elsewhere")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("a,b\nNA,\"\"\nnull,x\n5,N/A\n\"\",y\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      const column *a = d->cols[0], *b = d->cols[1];
      CHECK_INT(a->type, COL_INT);
      CHECK_INT(a->nnull, 3);
      CHECK_INT(col_int(a, 2), 5);
      CHECK_INT(b->type, COL_STR);
      CHECK(unit_str_is(b, 0, ""));
      CHECK(unit_str_is(b, 1, "x"));
      CHECK(col_isnull(b, 2));
      CHECK(unit_str_is(b, 3, "y"));
    }
    ds_unref(d);
  }

}

static void test_read_text(void)
{
  CASE("csv: codes with a leading zero stay text")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("code,n\n01,1\n02,2\n10,3\n", defaults(), &r, &e);
    const column *code = col_named(d, "code");
    CHECK(code != NULL && code->type == COL_STR);
    CHECK(code && unit_str_is(code, 0, "01") && unit_str_is(code, 2, "10"));
    ds_unref(d);
  }

  CASE("csv: spaces around a field are kept in text, and a number still reads through them")
  {
    /* python3: csv.reader(io.StringIO('a,b\n 1 , x \n2," y "\n', newline=''))
     * gives ['a', 'b'], [' 1 ', ' x '], ['2', ' y '] */
    cherr e;
    csv_report r;
    dataset *d = READ("a,b\n 1 , x \n2,\" y \"\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->cols[0]->type, COL_INT);
      CHECK_INT(col_int(d->cols[0], 0), 1);
      CHECK(unit_str_is(d->cols[1], 0, " x "));
      CHECK(unit_str_is(d->cols[1], 1, " y "));
    }
    ds_unref(d);
  }

  CASE("csv: a number read through spaces, a percent sign or an apostrophe comes back as written in a column that turns to text")
  {
    /* The first pass reads 12, 85.94 and 7 as numbers; "x" at the end makes the column text,
     * and the second pass keeps each field's text. */
    cherr e;
    csv_report r;
    dataset *d = READ("v\n 12\n85.94%\n'7\n\xe2\x88\x92" "3\nx\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->cols[0]->type, COL_STR);
      CHECK(unit_str_is(d->cols[0], 0, " 12"));
      CHECK(unit_str_is(d->cols[0], 1, "85.94%"));
      CHECK(unit_str_is(d->cols[0], 2, "'7"));
      CHECK(unit_str_is(d->cols[0], 3, "\xe2\x88\x92" "3"));
      CHECK(unit_str_is(d->cols[0], 4, "x"));
      CHECK_INT(r.passes, 2);
    }
    ds_unref(d);
    csvio_report_free(&r);
  }

  CASE("csv: only spaces are text in a text column and null in a number column")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("n,s\n1,a\n  ,  \n3,\t\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->cols[0]->type, COL_INT);
      CHECK(col_isnull(d->cols[0], 1));
      CHECK_INT(col_int(d->cols[0], 2), 3);
      CHECK_INT(d->cols[1]->type, COL_STR);
      CHECK(unit_str_is(d->cols[1], 1, "  "));
      CHECK(unit_str_is(d->cols[1], 2, "\t"));
    }
    ds_unref(d);
  }

  CASE("csv: option trim cuts spaces and tabs around text and names, not inside")
  {
    cherr e;
    csv_report r;
    csv_options o;
    csvio_options_init(&o);
    o.trim = 1;
    dataset *d = READ("\" a \",b\n x y ,1\n\"\t z\",2\n   ,3\n", &o, &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_STR(d->names[0], "a");
      CHECK(unit_str_is(d->cols[0], 0, "x y"));
      CHECK(unit_str_is(d->cols[0], 1, "z"));
      CHECK(col_isnull(d->cols[0], 2)); /* an empty field once its spaces are cut */
    }
    ds_unref(d);
  }

  CASE("csv: text after a closing quote is an error with its line and column, or with lenient what Python's csv makes of it")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("a,b,c\n1,\"x\" y,2\n3,4,5\n", defaults(), &r, &e);
    CHECK(d == NULL);
    CHECK_STR(e.msg, "t.csv: line 2, column 2: text after the closing quote (\"x\" y); a quote "
                     "inside quotes is written twice (\"\"), or option lenient = true keeps the text "
                     "as Python's csv does");
    /* the quoted field spans a line: the quote closes on line 3 */
    d = READ("a,b\n1,\"x\ny\"z\n", defaults(), &r, &e);
    CHECK(d == NULL);
    CHECK(strstr(e.msg, "line 3, column 2") != NULL);
    csv_options o;
    csvio_options_init(&o);
    o.lenient = 1;
    /* python3: csv.reader(io.StringIO('a,b,c\n1,"x" y,2\n3,"z"w"v,5\n', newline=''))
     * gives ['1', 'x y', '2'], ['3', 'zw"v', '5'] */
    d = READ("a,b,c\n1,\"x\" y,2\n3,\"z\"w\"v,5\n", &o, &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->nrow, 2);
      CHECK(unit_str_is(d->cols[1], 0, "x y"));
      CHECK(unit_str_is(d->cols[1], 1, "zw\"v"));
      CHECK_INT(col_int(d->cols[2], 1), 5);
    }
    ds_unref(d);
  }

  CASE("csv: a quote inside an unquoted field is data")
  {
    /* python3: csv.reader(io.StringIO('a,b\n5",x""y\n', newline='')) gives ['5"', 'x""y'] */
    cherr e;
    csv_report r;
    dataset *d = READ("a,b\n5\",x\"\"y\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK(unit_str_is(d->cols[0], 0, "5\""));
      CHECK(unit_str_is(d->cols[1], 0, "x\"\"y"));
    }
    ds_unref(d);
  }

  CASE("csv: percent signs dropped are noted with the column and an example")
  {
    cherr e;
    csv_report r;
    csv_options o;
    csvio_options_init(&o);
    o.num.decimal = ',';
    dataset *d = READ("t;p;q\nA;85,94%;1%\nB;7,5 %;x%\n", &o, &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->cols[1]->type, COL_FLOAT);
      CHECK_DBL(d->cols[1]->v.f[0], 85.94);
      CHECK_DBL(d->cols[1]->v.f[1], 7.5);
      CHECK_INT(d->cols[2]->type, COL_STR); /* x% is text: the column keeps 1% as written */
      CHECK(unit_str_is(d->cols[2], 0, "1%"));
      CHECK(r.notes.p != NULL && strcmp(r.notes.p, "column 'p': percent signs dropped (85,94% read as 85.94)\n") == 0);
    }
    ds_unref(d);
    csvio_report_free(&r);
  }

  CASE("csv: quoted fields hold the delimiter, line breaks and doubled quotes")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("name,note\n"
                      "\"Nguyễn, Văn A\",\"line1\nline2\"\n"
                      "\"say \"\"hi\"\"\",x\n",
                      defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->nrow, 2);
      CHECK(unit_str_is(d->cols[0], 0, "Nguyễn, Văn A"));
      CHECK(unit_str_is(d->cols[1], 0, "line1\nline2"));
      CHECK(unit_str_is(d->cols[0], 1, "say \"hi\""));
    }
    ds_unref(d);
  }

}

static void test_read_lines(void)
{
  CASE("csv: a byte-order mark is dropped and CRLF line ends are read")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("\xEF\xBB\xBF" "a,b\r\n1,2\r\n3,4\r\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_STR(d->names[0], "a");
      CHECK_INT(d->nrow, 2);
      CHECK_INT(d->cols[1]->type, COL_INT);
      CHECK_INT(col_int(d->cols[1], 1), 4);
    }
    ds_unref(d);
  }

  CASE("csv: lone CR line ends are read, and counted in error lines")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    dataset *d = READ("a,b\r1,2\r3,4\r", defaults(), &r, &e);
    CHECK(d != NULL && d->nrow == 2 && col_int(d->cols[1], 1) == 4);
    ds_unref(d);
    CHECK(READ("a,b\r1,2\r3\r", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK(strncmp(e.msg, "t.csv:3:", 8) == 0);
  }

  CASE("csv: in a one-column file a blank line between rows is null, at the end nothing")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("x\n1\n\n2\n\n\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->nrow, 3);
      CHECK_INT(d->cols[0]->type, COL_INT);
      CHECK_INT(col_int(d->cols[0], 0), 1);
      CHECK(col_isnull(d->cols[0], 1));
      CHECK_INT(col_int(d->cols[0], 2), 2);
    }
    CHECK_INT(r.rows, 3);
    ds_unref(d);
  }
}

static void test_read_twice(void)
{
  CASE("csv: a float column that turns to text late is read twice, text exact")
  {
    size_t before = mem_used();
    cherr e;
    csv_report r;
    dataset *d = READ("x\n1.50\n2.25\nabc\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      const column *x = d->cols[0];
      CHECK_INT(x->type, COL_STR);
      CHECK(unit_str_is(x, 0, "1.50"));
      CHECK(unit_str_is(x, 1, "2.25"));
      CHECK(unit_str_is(x, 2, "abc"));
    }
    CHECK_INT(r.passes, 2);
    CHECK_INT(r.rows, 3);
    ds_unref(d);
    CHECK_INT(mem_used(), before);
  }

  CASE("csv: an int column that turns to text keeps each value's text")
  {
    cherr e;
    csv_report r;
    /* +5 and -0 are ints whose text is not what 5 and 0 print as. */
    dataset *d = READ("x,y\n1,+5\n-2,-0\nabc,007\n", defaults(), &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      const column *x = d->cols[0], *y = d->cols[1];
      CHECK_INT(x->type, COL_STR);
      CHECK(unit_str_is(x, 0, "1"));
      CHECK(unit_str_is(x, 1, "-2"));
      CHECK(unit_str_is(x, 2, "abc"));
      CHECK_INT(y->type, COL_STR);
      CHECK(unit_str_is(y, 0, "+5"));
      CHECK(unit_str_is(y, 1, "-0"));
      CHECK(unit_str_is(y, 2, "007"));
    }
    ds_unref(d);
  }
}

/*
 * 20000 rows, several read blocks: i, f written as i/8 with three decimals
 * (so "0.125", "1.000"), s "code<i>"; the last f is "n/a", which makes f
 * text after 19999 floats.
 */
static char *many_rows(size_t *len)
{
  size_t size = 20000 * 40;
  char *buf = malloc(size);
  size_t n = (size_t)snprintf(buf, size, "i,f,s\n");
  for (int i = 0; i < 20000; i++) {
    if (i == 19999)
      n += (size_t)snprintf(buf + n, size - n, "%d,n/a,code%d\n", i, i);
    else
      n += (size_t)snprintf(buf + n, size - n, "%d,%d.%03d,code%d\n", i, i / 8, i % 8 * 125, i);
  }
  *len = n;
  return buf;
}

static void test_read_large(void)
{
  CASE("csv: 20000 rows over many blocks, a float column turning to text at the last row")
  {
    size_t before = mem_used();
    size_t len;
    char *text = many_rows(&len);
    cherr e;
    csv_report r;
    dataset *d = csvio_read_buffer("many.csv", text, len, defaults(), &r, &e);
    CHECK(d != NULL);
    CHECK_INT(r.passes, 2);
    CHECK_INT(r.rows, 20000);
    if (d != NULL) {
      const column *i = d->cols[0], *f = d->cols[1], *s = d->cols[2];
      CHECK_INT(i->type, COL_INT);
      CHECK_INT(f->type, COL_STR);
      CHECK_INT(s->type, COL_STR);
      int bad = -1;
      for (int k = 0; k < 20000 && bad < 0; k++) {
        char want[32], code[32];
        if (k == 19999)
          snprintf(want, sizeof want, "n/a");
        else
          snprintf(want, sizeof want, "%d.%03d", k / 8, k % 8 * 125);
        snprintf(code, sizeof code, "code%d", k);
        if (col_int(i, k) != k || !unit_str_is(f, (size_t)k, want) || !unit_str_is(s, (size_t)k, code))
          bad = k;
      }
      if (bad >= 0)
        unit_fail(__FILE__, __LINE__, "row %d differs", bad);
    }
    ds_unref(d);
    free(text);
    CHECK_INT(mem_used(), before);
  }
}

static void test_read_options(void)
{
  CASE("csv: semicolon and tab are detected; decimal comma when asked")
  {
    cherr e;
    csv_report r;
    csv_options o;
    csvio_options_init(&o);
    o.num.decimal = ',';
    o.num.thousands = '.';
    dataset *d = READ("a;b\n85,94;1.234\n1,5;2\n", &o, &r, &e);
    CHECK_INT(r.delimiter, ';');
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->cols[0]->type, COL_FLOAT);
      CHECK_DBL(d->cols[0]->v.f[0], 85.94);
      CHECK_DBL(d->cols[0]->v.f[1], 1.5);
      CHECK_INT(d->cols[1]->type, COL_INT);
      CHECK_INT(col_int(d->cols[1], 0), 1234);
    }
    ds_unref(d);
    d = READ("a\tb\n1\t2\n", defaults(), &r, &e);
    CHECK_INT(r.delimiter, '\t');
    CHECK(d != NULL && d->ncol == 2);
    ds_unref(d);
  }

  CASE("csv: without decimal = ',' a decimal comma stays text")
  {
    cherr e;
    csv_report r;
    dataset *d = READ("a;b\n85,94;1\n", defaults(), &r, &e);
    CHECK(d != NULL);
    CHECK(d && d->cols[0]->type == COL_STR && unit_str_is(d->cols[0], 0, "85,94"));
    ds_unref(d);
  }

  CASE("csv: csvio_sniff_delimiter")
  {
    /* Worked by hand: the fields of each line split by each candidate, outside quotes. */
    static const struct {
      const char *text, *want;
      char decimal;
      int whole;
    } cases[] = {
      {"a;b\n1;2\n", ";", '.', 1},
      {"a\tb\n1\t2\n", "\t", '.', 1},
      {"a|b|c\n1|x|2.5\n", "|", '.', 1},
      {"abc\n1\n", ",", '.', 1},             /* one field on every line: the default */
      {"a;b\n1,5;2\n3,5;4\n", ";", '.', 1},  /* ',' splits 2 lines of 3 alike, ';' all 3 */
      {"a,b\n\"x;y\",1\n", ",", '.', 1},      /* a quoted delimiter does not count */
      /* ',' splits both lines into 2 (x;"a | b";y), with a quote inside a field: out of place */
      {"x;\"a,b\";y\n1;\"c,d\";2\n", ";", '.', 1},
      /* the spec's example: ',' and ';' tie, but with decimal ',' the comma is out */
      {"Tỉnh, thành phố;Điểm\nHà Nội;43,15\nHuế;44,87\n", ";", ',', 1},
      /* one line in three split by tab: not enough to be the delimiter */
      {"n\n  42  \n\t-7\t\n", ",", '.', 1},
      /* title lines and a footnote with no delimiter: the table's lines decide */
      {"PHỤ LỤC 1\nt;d\nA;1\nB;2\nNguồn: x\n", ";", '.', 1},
      /* a line cut off by the end of a block does not count: here it would tie ',' with ';' */
      {"a;b\nc;d\nx,y", ";", '.', 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
      char got = 0, why[400];
      csv_options o;
      csvio_options_init(&o);
      o.num.decimal = cases[k].decimal;
      int rc = csvio_sniff_delimiter(cases[k].text, strlen(cases[k].text), cases[k].whole, &o,
                                     &got, why, sizeof why);
      if (rc != 0 || got != cases[k].want[0])
        unit_fail(__FILE__, __LINE__, "case %zu: '%c' (%d), expected '%c'", k, got, rc,
                  cases[k].want[0]);
    }
  }

  CASE("csv: two delimiters equally good are an error naming both and the options")
  {
    char got, why[400];
    const csv_options *o = defaults();
    const char *text = "Tỉnh, thành phố;Điểm\nHà Nội;43,15\nHuế;44,87\n";
    CHECK_INT(csvio_sniff_delimiter(text, strlen(text), 1, o, &got, why, sizeof why), -1);
    CHECK_STR(why, "cannot tell the delimiter: ',' and ';' both split the first 3 lines into 2 "
                   "fields; give option delimiter (delimiter = \";\" or \",\"), or decimal = \",\" "
                   "if the commas are decimal marks");
    /* 2 of 3 lines alike for both; the third is a title */
    text = "title\na,b;c\n1,2;3\n";
    CHECK_INT(csvio_sniff_delimiter(text, strlen(text), 1, o, &got, why, sizeof why), -1);
    CHECK_STR(why, "cannot tell the delimiter: ',' and ';' both split 2 of the first 3 lines into 2 "
                   "fields; give option delimiter (delimiter = \";\" or \",\"), or decimal = \",\" "
                   "if the commas are decimal marks");
    /* tab into 2 fields, '|' into 3, each on its one line: a tie all the same */
    text = "a\tb|c|d\n";
    CHECK_INT(csvio_sniff_delimiter(text, strlen(text), 1, o, &got, why, sizeof why), -1);
    CHECK_STR(why, "cannot tell the delimiter: tab and '|' split the first line equally well (into 2 "
                   "fields on 1 of them, and into 3 on 1); give option delimiter (delimiter = \"tab\" "
                   "or \"|\")");
    /* tab and pipe: no comma, so no word of decimal marks */
    text = "a\tb|c\n1\t2|3\n";
    CHECK_INT(csvio_sniff_delimiter(text, strlen(text), 1, o, &got, why, sizeof why), -1);
    CHECK_STR(why, "cannot tell the delimiter: tab and '|' both split the first 2 lines into 2 "
                   "fields; give option delimiter (delimiter = \"tab\" or \"|\")");
  }
}

static void test_read_hints(void)
{
  CASE("csv: a type given by name or position is kept, and a misfit is an error")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    csv_options o;
    csvio_options_init(&o);
    csv_typehint hints[] = {{"code", 0, COL_STR}, {NULL, 2, COL_FLOAT}};
    o.types = hints;
    o.ntypes = 2;
    dataset *d = READ("code,n\n1,2\n3,4\n", &o, &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->cols[0]->type, COL_STR);
      CHECK(unit_str_is(d->cols[0], 1, "3"));
      CHECK_INT(d->cols[1]->type, COL_FLOAT);
      CHECK_DBL(d->cols[1]->v.f[1], 4.0);
    }
    ds_unref(d);
    csv_typehint year[] = {{"year", 0, COL_INT}};
    o.types = year;
    o.ntypes = 1;
    d = READ("year\n2023\n2023*\n", &o, &r, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK(strncmp(e.msg, "t.csv:3:", 8) == 0);
    CHECK(strstr(e.msg, "2023*") != NULL);
    ds_unref(d);
  }

}

static void test_read_ragged(void)
{
  CASE("csv: ragged = pad fills short rows and trims empty extras, and says where")
  {
    cherr e;
    csv_report r;
    csv_options o;
    csvio_options_init(&o);
    o.ragged = RAGGED_PAD;
    dataset *d = READ("a,b\n1\n2,3\n4,5,\n", &o, &r, &e);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_INT(d->nrow, 3);
      CHECK(col_isnull(d->cols[1], 0));
      CHECK_INT(col_int(d->cols[1], 2), 5);
    }
    CHECK_INT(r.padded, 1);
    CHECK_INT(r.padded_lines[0], 2);
    CHECK_INT(r.trimmed, 1);
    CHECK_INT(r.trimmed_lines[0], 4);
    CHECK_INT(r.rows, 3);
    const char *notes = "1 short row padded with nulls (line 2)\n"
                        "1 long row with empty extra fields cut to the header's length (line 4)\n";
    CHECK(r.notes.len == strlen(notes) && memcmp(r.notes.p, notes, r.notes.len) == 0);
    csvio_report_free(&r);
    ds_unref(d);
  }

  CASE("csv: ragged = skip leaves rows of the wrong length out")
  {
    cherr e;
    csv_report r;
    csv_options o;
    csvio_options_init(&o);
    o.ragged = RAGGED_SKIP;
    dataset *d = READ("a,b\n1\n2,3\n4,5,6\n7,8\n", &o, &r, &e);
    CHECK(d != NULL);
    CHECK(d && d->nrow == 2 && col_int(d->cols[0], 1) == 7);
    CHECK_INT(r.skipped, 2);
    CHECK_INT(r.skipped_lines[0], 2);
    CHECK_INT(r.skipped_lines[1], 4);
    csvio_report_free(&r);
    ds_unref(d);
  }
}

static void test_read_errors(void)
{
  CASE("csv: a short row is an error naming its line")
  {
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    csv_report r;
    dataset *d = READ("a,b\n1,2\n3\n", defaults(), &r, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK(strncmp(e.msg, "t.csv:3:", 8) == 0);
    CHECK_INT(mem_used(), before);
  }

  CASE("csv: lines inside quoted fields count toward the line of an error")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    /* The record "x\ny",1 takes lines 2 and 3, so the bad row begins on line 4. */
    dataset *d = READ("a,b\n\"x\ny\",1\n1,2,3\n", defaults(), &r, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK(strncmp(e.msg, "t.csv:4:", 8) == 0);
  }

}

static void test_read_bad_files(void)
{
  CASE("csv: an empty file, an empty name over values and a repeated name (duplicate_names = \"error\") are errors")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    CHECK(csvio_read_buffer("t.csv", "", 0, defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    e.code = ERR_OK;
    CHECK(READ("\n\n", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    e.code = ERR_OK;
    CHECK(READ("a,,b\n1,2,3\n", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    csvio_report_free(&r);
    e.code = ERR_OK;
    csv_options o;
    csvio_options_init(&o);
    o.duplicate_names = DUPNAMES_ERROR;
    CHECK(READ("a,score,c,score\n1,2,3,4\n", &o, &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK(strstr(e.msg, "'score'") != NULL);
    CHECK(strstr(e.msg, "2") != NULL && strstr(e.msg, "4") != NULL);
    csvio_report_free(&r);
  }

  CASE("csv: a repeated name is renamed score_2 with a note, which csvio_report_free lets go")
  {
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    csv_report r;
    dataset *d = READ("a,score,c,score\n1,2,3,4\n", defaults(), &r, &e);
    CHECK(d != NULL);
    CHECK(d != NULL && col_named(d, "score_2") != NULL);
    CHECK(r.notes.len > 0 && strstr(r.notes.p, "column 4 repeats the name 'score'; named 'score_2'") != NULL);
    if (d != NULL)
      ds_unref(d);
    csvio_report_free(&r);
    CHECK_INT(mem_used(), before);
  }

  CASE("csv: invalid UTF-8 and invalid UTF-16 are refused")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    CHECK(READ("a\nx\n\xE0\x80\n", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_STR(e.msg, "t.csv: line 3, column 1: bytes that are not UTF-8 (byte 1 of the field is 0xE0); "
              "save the file as UTF-8, or give its encoding: encoding = \"cp1258\", \"tcvn3\", "
              "\"vni\", \"utf-16le\" or \"utf-16be\"");
    csvio_report_free(&r);
    e.code = ERR_OK;
    /* "a", a line feed, then U+D800 alone (00 D8 little-endian) and a line feed */
    CHECK(READ("\xFF\xFE" "a\0\n\0" "\0\xD8\n\0", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_STR(e.msg, "t.csv: line 2, column 1: invalid UTF-16: a high surrogate (0xD800) without its "
              "low half");
    csvio_report_free(&r);
  }

  CASE("csv: an unterminated quote is an error")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    CHECK(READ("a,b\n1,\"open\n2,3\n", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK(strncmp(e.msg, "t.csv:2:", 8) == 0);
  }

  CASE("csv: a missing file is ERR_IO")
  {
    cherr e = {ERR_OK, ""};
    csv_report r;
    CHECK(csvio_read_file("/nonexistent-chiso-dir/x.csv", defaults(), &r, &e) == NULL);
    CHECK_INT(e.code, ERR_IO);
  }

  CASE("csv: a halt request stops reading with ERR_HALT")
  {
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    csv_report r;
    halt_request(HALT_INTERRUPT);
    dataset *d = READ("a\n1\n2\n", defaults(), &r, &e);
    halt_clear();
    CHECK(d == NULL);
    CHECK_INT(e.code, ERR_HALT);
    ds_unref(d);
    CHECK_INT(mem_used(), before);
  }
}

void test_csv(void)
{
  test_read_small();
  test_read_text();
  test_read_lines();
  test_read_twice();
  test_read_large();
  test_read_options();
  test_read_hints();
  test_read_ragged();
  test_read_errors();
  test_read_bad_files();
}
