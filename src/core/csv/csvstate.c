/*
 * csvstate.c - the CSV reader's state, shared by every other part of the
 * reader: a reader set up (its null tokens learnt) and freed, its errors
 * recorded with the file's name and the record's line, a column rebuilt as
 * another type when its values turn out to be of another, and the columns built
 * finished into a dataset. It calls no other file of the reader, so
 * csvvalue.c, csvrecord.c, csvpar.c and csvread.c can all call it.
 */
#include "csvread.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "par.h"

/* Set-up and errors */

int csvr_grow(void **p, size_t *cap, size_t need, size_t width)
{
  if (need <= *cap)
    return 0;
  size_t n = *cap < 16 ? 16 : *cap * 2;
  while (n < need)
    n *= 2;
  void *q = mem_realloc(*p, n * width);
  if (q == NULL)
    return -1;
  *p = q;
  *cap = n;
  return 0;
}

const char *const csvio_default_na[] = {"NA", "N/A", "null"};
const size_t csvio_default_nna = sizeof csvio_default_na / sizeof csvio_default_na[0];

/* Records an error about the current record (ERR_INPUT) or the file as a whole. */
int csvr_fail(reader *rd, err_code code, const char *fmt, ...)
{
  char what[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (code == ERR_INPUT)
    err_set(rd->e, code, "%s:%zu: %s", rd->name, rd->record_line, what);
  else
    err_set(rd->e, code, "%s: %s", rd->name, what);
  rd->failed = 1;
  return -1;
}

int csvr_fail_nomem(reader *rd)
{
  rd->failed = 1;
  return err_nomem(rd->e);
}

/* The null tokens: their first bytes and lengths, for is_na to turn most fields away at once. */
static void learn_na(reader *rd)
{
  const char *const *na = rd->o->na ? rd->o->na : csvio_default_na;
  size_t nna = rd->o->na ? rd->o->nna : csvio_default_nna;
  rd->na_min = SIZE_MAX;
  rd->na_max = 0;
  for (size_t k = 0; k < nna; k++) {
    size_t len = strlen(na[k]);
    rd->na_min = len < rd->na_min ? len : rd->na_min;
    rd->na_max = len > rd->na_max ? len : rd->na_max;
    rd->na_first[(unsigned char)na[k][0]] = 1;
  }
}

int csvr_init(reader *rd, const char *name, const csv_options *o, csv_report *r,
              const coltype *fixed, cherr *e)
{
  memset(rd, 0, sizeof *rd);
  rd->name = name;
  rd->o = o;
  rd->r = r;
  rd->e = e;
  rd->line = 1;
  rd->record_line = 1;
  rd->fixed = fixed;
  rd->skip_left = o->skip > 0 ? (size_t)o->skip : 0;
  rd->filter = rd->skip_left > 0 || o->comment != 0;
  rd->titles = o->skip < 0;
  learn_na(rd);
  sbuf notes = r->notes; /* a second pass finds the same things again */
  memset(r, 0, sizeof *r);
  r->notes = notes;
  r->notes.len = 0;
  r->passes = fixed ? 2 : 1;
  r->threads = 1;
  /* Strict: libcsv stops at a misplaced quote, which csvrecord.c's misplaced_quote looks at. */
  if (csv_init(&rd->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL) != 0)
    return err_nomem(e);
  csv_set_realloc_func(&rd->parser, mem_realloc);
  csv_set_free_func(&rd->parser, mem_free);
  return 0;
}

void csvr_free(reader *rd)
{
  csv_free(&rd->parser);
  for (size_t k = 0; k < rd->ncol; k++) {
    mem_free(rd->names[k]);
    colbuild_discard(&rd->cols[k].b);
  }
  mem_free(rd->names);
  mem_free(rd->cols);
  mem_free(rd->fields);
  mem_free(rd->bytes);
  mem_free(rd->held.recs);
  mem_free(rd->held.fields);
  mem_free(rd->held.bytes);
  mem_free(rd->spare);
  mem_free(rd->own_first);
}

/*
 * Past the header, fields go straight to their columns unless a row may be
 * skipped whole or held back among the last `footer`; while footnotes are
 * looked for (in the source's tail), each record's first field waits for a
 * value after it.
 */
void csvr_header_taken(reader *rd)
{
  rd->have_header = 1;
  rd->skip_left = 0;
  rd->titles = 0;
  rd->filter = rd->o->comment != 0;
  rd->footnotes = rd->o->footer < 0 && rd->ncol > 1;
  rd->footer = rd->o->footer > 0 ? (size_t)rd->o->footer : 0;
  rd->direct = rd->ncol > 1 && rd->o->ragged != RAGGED_SKIP && rd->footer == 0;
  rd->may_defer = rd->direct && rd->footnotes;
  rd->defer = rd->may_defer && rd->in_tail && !rd->at_cut;
  rd->quick = rd->direct && !rd->infer_only && rd->plain_below > 0; /* as feed sets it per block */
}

/* Column types */

coltype csvr_stored_type(int fits)
{
  if (fits & FITS_INT)
    return COL_INT;
  if (fits & FITS_FLOAT)
    return COL_FLOAT;
  if (fits & FITS_BOOL)
    return COL_BOOL;
  return COL_STR;
}

/* Replaces the column's builder with one of type t holding the same rows as text or nulls. */
int csvr_restart_as(reader *rd, colstate *cs, coltype t)
{
  colbuild nb;
  column *old = cs->b.col;
  if (colbuild_init(&nb, t, cs->b.cap, rd->e) != 0)
    return csvr_fail_nomem(rd);
  char buf[NUM_BUFSIZE];
  for (size_t i = 0; i < old->len; i++) {
    int rc;
    if (col_isnull(old, i)) {
      rc = colbuild_null(&nb, rd->e);
    } else {
      size_t len;
      const char *text = col_text(old, i, buf, &len);
      rc = colbuild_str(&nb, text, len, rd->e);
    }
    if (rc != 0) {
      colbuild_discard(&nb);
      return csvr_fail_nomem(rd);
    }
  }
  colbuild_discard(&cs->b);
  cs->b = nb;
  return 0;
}

void csvr_ints_to_floats(column *c)
{
  for (size_t i = 0; i < c->len; i++) { /* a builder's column: 8 bytes a value, like a double */
    int64_t v;
    memcpy(&v, &c->v.i64[i], sizeof v);
    double f = (double)v;
    memcpy(&c->v.f[i], &f, sizeof f);
  }
  c->type = COL_FLOAT;
}

/*
 * Gives columns that held only nulls the string type, and decides whether a
 * second pass is needed (rd->reread).
 */
int csvr_settle_types(reader *rd)
{
  for (size_t k = 0; k < rd->ncol; k++) {
    colstate *cs = &rd->cols[k];
    if (cs->given || cs->values > 0 || cs->b.col->type == COL_STR)
      continue;
    if (!cs->exact)
      rd->reread = 1; /* it held "" fields, read as nulls while it might have been numeric */
    if (csvr_restart_as(rd, cs, COL_STR) != 0)
      return -1;
  }
  return 0;
}

typedef struct finishing {
  reader *rd;
  column **cols;
  size_t step; /* a half finishes columns half, half + step, ... */
} finishing;

/* Finishes the builders of half of the columns (par_fn), or all of them when step is 1. */
static int finish_columns(void *job, int half, cherr *e)
{
  finishing *f = job;
  for (size_t k = (size_t)half; k < f->rd->ncol; k += f->step)
    if ((f->cols[k] = colbuild_finish(&f->rd->cols[k].b, e)) == NULL)
      return -1;
  return 0;
}

/* Up to this many dropped columns are listed in the note. */
#define DROPPED_LISTED 10

/* The error for column k, which has no name but holds values. */
static int unnamed_values(reader *rd, size_t k)
{
  rd->record_line = rd->header_line;
  if (rd->o->names != NULL)
    return csvr_fail(rd, ERR_INPUT, "option 'names' gives %zu names, but column %zu holds values too",
                     rd->o->nnames, k + 1);
  return csvr_fail(rd, ERR_INPUT, "column %zu has an empty name but holds values (option names can "
                   "name the columns)", k + 1);
}

/*
 * Drops the columns without a name that hold no value (Excel's "a,b,,,"),
 * with a note; cols and names are packed to the *kept others. 0 or -1.
 */
static int drop_unnamed(reader *rd, column **cols, const char **names, size_t *kept)
{
  sbuf list;
  sbuf_init(&list);
  size_t j = 0, dropped = 0;
  for (size_t k = 0; k < rd->ncol; k++) {
    column *c = cols[k];
    cols[k] = NULL;
    if (rd->cols[k].unnamed && c->nnull == c->len) {
      if (dropped++ < DROPPED_LISTED)
        sbuf_printf(&list, "%s%zu", dropped > 1 ? ", " : "", k + 1);
      col_unref(c);
      continue;
    }
    cols[j] = c;
    names[j++] = rd->names[k];
    if (rd->names[k][0] == '\0') {
      sbuf_free(&list);
      return unnamed_values(rd, k);
    }
  }
  *kept = j;
  if (dropped > 0 && j == 0) {
    rd->record_line = rd->header_line;
    sbuf_free(&list);
    return csvr_fail(rd, ERR_INPUT, "every column is empty and has no name");
  }
  if (dropped > 0)
    csvio_note(rd->r, "empty columns dropped: %.*s%s", (int)list.len, list.p ? list.p : "",
               dropped > DROPPED_LISTED ? ", ..." : "");
  rd->r->notes.failed |= list.failed;
  sbuf_free(&list);
  return rd->r->notes.failed ? csvr_fail_nomem(rd) : 0; /* a note lost is a report that does not say all */
}

dataset *csvr_dataset(reader *rd, int two_threads)
{
  column **cols = mem_calloc(rd->ncol ? rd->ncol : 1, sizeof *cols);
  const char **names = mem_calloc(rd->ncol ? rd->ncol : 1, sizeof *names);
  if (cols == NULL || names == NULL) {
    mem_free(cols);
    mem_free(names);
    err_nomem(rd->e);
    return NULL;
  }
  finishing f = {rd, cols, two_threads ? 2 : 1};
  int rc = two_threads ? par_halves(finish_columns, &f, rd->e) : finish_columns(&f, 0, rd->e);
  dataset *d = NULL;
  size_t kept = 0;
  if (rc == 0)
    rc = drop_unnamed(rd, cols, names, &kept);
  if (rc == 0)
    d = ds_make(names, cols, kept, rd->r->rows, rd->e);
  for (size_t k = 0; k < rd->ncol; k++)
    col_unref(cols[k]);
  mem_free(cols);
  mem_free(names);
  return d;
}
