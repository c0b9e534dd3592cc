/*
 * fuzz_csv.c - libFuzzer target for the CSV reader and writer.
 *
 * The first FUZZ_CSV_HEADER bytes of an input choose the reader's options
 * (delimiter, lenient, trim, decimal comma, thousands separator, ragged
 * rows, null tokens, type hints, encoding); the rest is the CSV text. A file
 * the reader accepts is written back with csvio_write and read again with
 * its types given, no null tokens and the delimiter detected: that must
 * succeed with the same columns and rows, and writing the result again must
 * give the same text. A broken promise aborts; crashes, sanitizer reports
 * and leaks are libFuzzer's to find.
 *
 * tests/unit/test_fuzz.c includes this file to replay the saved crashing
 * inputs (tests/fuzz/regressions/csv/) in the ordinary unit tests.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "mem.h"

#define FUZZ_CSV_HEADER 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_text {
  char *p;
  size_t len, cap;
} fuzz_text;

static int fuzz_sink(void *ud, const char *p, size_t n)
{
  fuzz_text *t = ud;
  if (t->len + n > t->cap) {
    size_t cap = (t->len + n) * 2;
    char *q = realloc(t->p, cap);
    if (q == NULL)
      return -1;
    t->p = q;
    t->cap = cap;
  }
  memcpy(t->p + t->len, p, n);
  t->len += n;
  return 0;
}

static void fuzz_progress(void *ud, size_t done, size_t total, size_t rows)
{
  (void)ud, (void)done, (void)total, (void)rows;
}

static const char *const fuzz_na_lists[][3] = {
  {"-", "x", ""},
  {"NA", "0", "true"},
};

static const char *const fuzz_hint_names[] = {"a", "b", "x", "y", "province", "1"};

/* The options that the header bytes h[0..FUZZ_CSV_HEADER) choose; hints must hold 3. */
static void fuzz_csv_options(const uint8_t *h, csv_options *o, csv_typehint *hints)
{
  static const char delims[] = {0, ',', ';', '\t', '|'};
  static const char thousands[] = {0, '.', ',', ' ', '\''};
  csvio_options_init(o);
  o->delimiter = delims[h[0] % sizeof delims];
  o->num.decimal = (h[1] & 1) ? ',' : '.';
  o->num.thousands = thousands[(h[1] >> 1) % sizeof thousands];
  if (o->num.thousands == o->num.decimal)
    o->num.thousands = 0; /* the bridge refuses the same mark for both */
  o->ragged = (csv_ragged)((h[1] >> 4) % 3);
  o->lenient = (h[0] / sizeof delims) & 1; /* what h[0] holds beside the delimiter */
  o->trim = (h[0] / sizeof delims / 2) & 1;
  switch (h[1] >> 6) {
  case 1: o->na = fuzz_na_lists[0]; o->nna = 0; break; /* no tokens at all */
  case 2: o->na = fuzz_na_lists[0]; o->nna = 3; break;
  case 3: o->na = fuzz_na_lists[1]; o->nna = 3; break;
  default: break;
  }
  if (h[0] & 0x80) {
    o->progress = fuzz_progress;
    o->progress_ud = NULL;
  }
  o->ntypes = h[2] % 4;
  if ((h[2] >> 2) > 0 && (h[2] >> 2) < ENC_COUNT) /* most inputs stay UTF-8 */
    o->encoding = (csv_encoding)(h[2] >> 2);
  for (size_t k = 0; k < o->ntypes; k++) {
    uint8_t b = h[3 + k];
    hints[k].type = (coltype)(b & 3);
    if (b & 0x80) {
      hints[k].name = fuzz_hint_names[(b >> 2) % (sizeof fuzz_hint_names / sizeof *fuzz_hint_names)];
      hints[k].index = 0;
    } else {
      hints[k].name = NULL;
      hints[k].index = (size_t)((b >> 2) & 7) + 1;
    }
  }
  o->types = hints;
}

/* Rows the written text of d reads back as: a lone string column loses trailing nulls (csv.md). */
static size_t fuzz_rows_back(const dataset *d)
{
  size_t n = d->nrow;
  if (d->ncol == 1 && d->cols[0]->type == COL_STR)
    while (n > 0 && col_isnull(d->cols[0], n - 1))
      n--;
  return n;
}

/*
 * Reads text back with d's types, no null tokens, the delimiter detected
 * (what chiso writes reads back without it), and skip = 0 and footer = 0: no
 * line of what was written is taken for a title or a footnote. NULL and why
 * when it failed.
 */
static dataset *fuzz_read_back(const dataset *d, const fuzz_text *text, cherr *e)
{
  csv_typehint *hints = malloc((d->ncol ? d->ncol : 1) * sizeof *hints);
  if (hints == NULL)
    abort();
  for (size_t k = 0; k < d->ncol; k++)
    hints[k] = (csv_typehint){NULL, k + 1, d->cols[k]->type};
  csv_options o;
  csvio_options_init(&o);
  o.na = fuzz_na_lists[0];
  o.nna = 0;
  o.types = hints;
  o.ntypes = d->ncol;
  o.skip = 0;
  o.footer = 0;
  csv_report r;
  dataset *back = csvio_read_buffer("back", text->p, text->len, &o, &r, e);
  csvio_report_free(&r);
  free(hints);
  return back;
}

/*
 * Runs one input: NULL when every promise held, else what broke (in why).
 * Running out of memory is not a finding: the fuzzer may set a limit.
 */
static const char *fuzz_csv_check(const uint8_t *data, size_t size, char *why, size_t whysize)
{
  uint8_t head[FUZZ_CSV_HEADER] = {0};
  size_t skip = size < FUZZ_CSV_HEADER ? size : FUZZ_CSV_HEADER;
  memcpy(head, data, skip);
  csv_options o;
  csv_typehint hints[3];
  fuzz_csv_options(head, &o, hints);
  csv_report r;
  cherr e = {ERR_OK, ""};
  dataset *d = csvio_read_buffer("fuzz", (const char *)data + skip, size - skip, &o, &r, &e);
  csvio_report_free(&r); /* the notes (titles, footnotes, percent signs...) are not looked at */
  if (d == NULL && (e.code == ERR_OK || e.msg[0] == '\0')) {
    snprintf(why, whysize, "the reader failed without saying why");
    return why;
  }
  if (d == NULL)
    return NULL;
  const char *broken = NULL;
  fuzz_text first = {0}, second = {0};
  dataset *back = NULL;
  if (r.rows != d->nrow) {
    snprintf(why, whysize, "report says %zu rows, dataset has %zu", r.rows, d->nrow);
    broken = why;
  } else if (csvio_write(d, &(csv_write_options){.delimiter = r.delimiter}, fuzz_sink, &first, &e) != 0) {
    if (e.code != ERR_NOMEM)
      snprintf(why, whysize, "writing failed: %s", e.msg), broken = why;
  } else if ((back = fuzz_read_back(d, &first, &e)) == NULL) {
    if (e.code != ERR_NOMEM)
      snprintf(why, whysize, "what was written does not read back: %s", e.msg), broken = why;
  } else if (back->ncol != d->ncol || back->nrow != fuzz_rows_back(d)) {
    snprintf(why, whysize, "read back as %zu x %zu, written as %zu x %zu", back->nrow, back->ncol,
             d->nrow, d->ncol);
    broken = why;
  } else if (back->nrow == d->nrow) {
    if (csvio_write(back, &(csv_write_options){.delimiter = r.delimiter}, fuzz_sink, &second, &e) != 0) {
      if (e.code != ERR_NOMEM)
        snprintf(why, whysize, "writing again failed: %s", e.msg), broken = why;
    } else if (second.len != first.len || memcmp(first.p, second.p, first.len) != 0) {
      snprintf(why, whysize, "written again, the text differs (%zu then %zu bytes)", first.len,
               second.len);
      broken = why;
    }
  }
  if (back != NULL)
    ds_unref(back);
  ds_unref(d);
  free(first.p);
  free(second.p);
  return broken;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char why[700];
  size_t before = mem_used();
  const char *broken = fuzz_csv_check(data, size, why, sizeof why);
  if (broken == NULL && mem_used() != before) {
    snprintf(why, sizeof why, "%zu bytes still counted as in use", mem_used() - before);
    broken = why;
  }
  if (broken != NULL) {
    fprintf(stderr, "fuzz_csv: %s\n", broken);
    abort();
  }
  return 0;
}
