/*
 * csvpar.c - reading a large CSV file with two threads.
 *
 * The file is cut in two at the first line feed after its middle. The
 * calling thread reads the header and the first half; a second thread reads
 * the second half with a reader of its own (its own libcsv parser, columns
 * and dictionaries); then the second half's columns are appended to the
 * first's, their types reconciled as the serial reader would have widened
 * them. A cut at a line feed falls between two records only when no quoted
 * field spans it, so the header and the first half must hold no quote at
 * all (the second half may: it starts at a record).
 *
 * Whenever the result could differ from the serial reader's, the parallel
 * read declines and the serial reader reads the file: a quote in the first
 * half, a problem in the second half (whose line numbers this reader does
 * not know), rows padded or skipped there, or a column that turned to text
 * after values whose exact text is gone. A problem in the first half is
 * reported as it is, since the first half is read exactly as the serial
 * reader reads it.
 */
#include "csvread.h"

#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "par.h"
#include "sandbox.h"

/* Smaller files are read by one thread: the second would save little. */
#define PAR_MIN ((size_t)4 << 20)
/* How far the header's end (past title lines) and the cut are looked for. */
#define LOOK ((size_t)1 << 16)

typedef struct half {
  reader rd;
  csv_report report;
  source src;
  cherr e;
  int rc;
} half;

/* The offset just past the first line feed at or after from, or 0 when none is near. */
static size_t line_end(FILE *f, size_t from, int no_quotes)
{
  char buf[LOOK];
  if (fseek(f, (long)from, SEEK_SET) != 0)
    return 0;
  size_t n = fread(buf, 1, sizeof buf, f);
  const char *nl = memchr(buf, '\n', n);
  if (nl == NULL || (no_quotes && memchr(buf, '"', (size_t)(nl - buf)) != NULL))
    return 0;
  return from + (size_t)(nl - buf) + 1;
}

static void *read_second_half(void *arg)
{
  half *h = arg;
  h->rc = csvr_parse(&h->rd, &h->src, 0);
  if (h->rc == 0)
    h->rc = csvr_finish(&h->rd);
  return NULL;
}

/* Gives the second half's reader the header the first half's reader took. */
static int copy_header(half *h, const reader *a)
{
  reader *b = &h->rd;
  b->names = mem_calloc(a->ncol, sizeof *b->names);
  b->cols = mem_calloc(a->ncol, sizeof *b->cols);
  if (b->names == NULL || b->cols == NULL)
    return err_nomem(b->e);
  for (size_t k = 0; k < a->ncol; k++) {
    b->ncol = k + 1; /* so csvr_free releases what this column has (calloc: nothing yet) */
    b->cols[k].fits = a->cols[k].fits;
    b->cols[k].given = a->cols[k].given;
    b->cols[k].exact = a->cols[k].exact;
    b->cols[k].unnamed = a->cols[k].unnamed;
    b->names[k] = mem_strndup(a->names[k], strlen(a->names[k]));
    if (b->names[k] == NULL || colbuild_init(&b->cols[k].b, a->cols[k].b.col->type, 0, b->e) != 0)
      return err_nomem(b->e);
  }
  b->header_line = a->header_line;
  csvr_header_taken(b);
  b->notes_later = 1;
  csv_set_delim(&b->parser, (unsigned char)a->r->delimiter);
  return 0;
}

/* Makes one half's column of type t, as the serial reader would have: 0, 1 to decline, -1. */
static int convert(reader *rd, colstate *cs, coltype t)
{
  coltype from = cs->b.col->type;
  if (from == t)
    return 0;
  if (cs->values == 0 && (t != COL_STR || cs->exact)) /* only nulls so far */
    return csvr_restart_as(rd, cs, t);
  if (from == COL_INT && t == COL_FLOAT) {
    csvr_ints_to_floats(cs->b.col);
    cs->exact = 0;
    return 0;
  }
  if (t == COL_STR && cs->exact)
    return csvr_restart_as(rd, cs, t);
  return 1; /* the text of some values is gone: only a second pass can have it */
}

/* Appends the second half's columns to the first's: 0, 1 to decline, -1 on error (in a->e). */
static int join_halves(reader *a, reader *b)
{
  for (size_t k = 0; k < a->ncol; k++) {
    colstate *ca = &a->cols[k], *cb = &b->cols[k];
    if (!ca->given) {
      int fits = ca->fits & cb->fits;
      coltype t = csvr_stored_type(fits);
      int rc = convert(a, ca, t);
      if (rc == 0)
        rc = convert(b, cb, t);
      if (rc != 0)
        return rc > 0 ? 1 : err_nomem(a->e); /* restart_as fails only for memory */
      ca->fits = fits;
      ca->exact = ca->exact && cb->exact;
      ca->values += cb->values;
    }
    if (!ca->percent && cb->percent) { /* the note's example: the first in the file */
      memcpy(ca->percent_text, cb->percent_text, sizeof ca->percent_text);
      ca->percent_i = cb->percent_i;
      ca->percent_f = cb->percent_f;
      ca->percent = 1;
    }
    if (colbuild_append(&ca->b, cb->b.col, a->e) != 0)
      return -1;
    colbuild_discard(&cb->b); /* its memory back at once; csvr_free finds nothing left */
  }
  a->r->rows += b->r->rows;
  return 0;
}

/* Whether the second half needs the serial reader: it failed on the data, or noted rows. */
static int second_half_declines(const half *h)
{
  if (h->rc != 0)
    return h->e.code != ERR_NOMEM && h->e.code != ERR_HALT;
  return h->report.padded > 0 || h->report.trimmed > 0 || h->report.skipped > 0 ||
         h->rd.reread || h->report.rows == 0; /* no row: the first half's held records may be footnotes */
}

/* Both halves read: their columns joined into a dataset, or a decline, or an error. */
static dataset *finish(reader *a, half *h, int *declined)
{
  if (h->rc != 0 && !second_half_declines(h)) {
    err_set(a->e, h->e.code, "%s", h->e.msg);
    return NULL;
  }
  if (second_half_declines(h) || a->reread) {
    *declined = 1;
    return NULL;
  }
  csvr_note_footnotes(&h->rd, a->r, a->line - 1); /* the second half's line 1 is the first's a->line */
  int rc = join_halves(a, &h->rd);
  if (rc == 0)
    rc = csvr_settle_types(a);
  if (rc == 0 && a->reread)
    rc = 1;
  if (rc > 0)
    *declined = 1;
  if (rc != 0)
    return NULL;
  a->r->threads = 2;
  return csvr_note_values(a) == 0 ? csvr_dataset(a, 1) : NULL;
}

/*
 * path opened again for the second half, through the sandbox's rules, if it
 * is still the file fa has open; else NULL, and the serial reader reads fa.
 */
static FILE *reopen(const char *path, FILE *fa)
{
  struct stat sa, sb;
  int fd = sandbox_open_read(path, NULL);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
  if (f == NULL || fstat(fileno(fa), &sa) != 0 || fstat(fd, &sb) != 0 || sa.st_dev != sb.st_dev ||
      sa.st_ino != sb.st_ino) {
    if (f != NULL)
      fclose(f);
    else if (fd >= 0)
      close(fd);
    return NULL;
  }
  return f;
}

/* Starts the thread reading the second half, from cut to the end; 0, or -1 to decline. */
static int start_second(half *h, const reader *a, const char *path, FILE *fa, size_t cut,
                        size_t size, atomic_int *cancel, pthread_t *thread)
{
  h->src = (source){reopen(path, fa), NULL, 0, cut, size - cut, 0};
  if (h->src.file == NULL || fseek(h->src.file, (long)cut, SEEK_SET) != 0 || copy_header(h, a) != 0)
    return -1;
  h->rd.cancel = cancel;
  h->rd.background = 1;
  return pthread_create(thread, NULL, read_second_half, h) == 0 ? 0 : -1;
}

/*
 * Reads the file line by line up to the header's end (title lines and
 * header rows included): 0 with *head just past it, 1 to decline (a quote,
 * no header within LOOK bytes or before the cut), -1 on the header's error.
 */
static int read_header(reader *a, FILE *fa, size_t cut, size_t *head)
{
  size_t from = 0;
  while (!a->have_header) {
    size_t end = line_end(fa, from, 1);
    if (end == 0 || end >= cut || end > LOOK || fseek(fa, (long)from, SEEK_SET) != 0)
      return 1;
    source s = {fa, NULL, 0, from, end - from, end};
    if (csvr_parse(a, &s, from == 0) != 0)
      return -1;
    from = end;
  }
  *head = from;
  return 0;
}

/* Reads the header, starts the second half's thread, reads the first half, and joins. */
static dataset *read_halves(const char *path, FILE *fa, size_t cut, size_t size,
                            const csv_options *o, csv_report *r, int *declined, cherr *e)
{
  size_t head = 0;
  half *h = mem_calloc(1, sizeof *h);
  if (h == NULL) {
    err_nomem(e);
    return NULL;
  }
  reader a;
  atomic_int cancel = 0;
  pthread_t thread;
  dataset *d = NULL;
  source sa;
  int ready = csvr_init(&a, path, o, r, NULL, e) == 0 &&
              csvr_init(&h->rd, path, o, &h->report, NULL, &h->e) == 0, rc = 0;
  a.background = 1; /* no progress for the header alone */
  if (!ready)
    err_nomem(e);
  else if ((rc = read_header(&a, fa, cut, &head)) < 0)
    ; /* the header's own problem, told as the serial reader tells it */
  else if (rc > 0 || a.ncol < 2 || start_second(h, &a, path, fa, cut, size, &cancel, &thread) != 0)
    *declined = 1; /* one column: its empty lines are nulls, which takes the serial reader's care */
  else {
    a.cancel = &cancel;
    a.watch_quotes = 1;
    a.background = 0;
    a.progress_total = size;
    a.at_cut = 1;
    sa = (source){fa, NULL, 0, head, cut - head, cut};
    rc = csvr_parse(&a, &sa, 0);
    if (rc == 0)
      rc = csvr_finish(&a);
    if (rc != 0)
      atomic_store(&cancel, 1);
    pthread_join(thread, NULL);
    if (a.saw_quote)
      *declined = 1;
    else if (rc == 0)
      d = finish(&a, h, declined);
    if (d != NULL && o->progress)
      o->progress(o->progress_ud, size, size, r->rows);
  }
  csvr_free(&a);
  csvr_free(&h->rd);
  if (d != NULL)
    sbuf_add(&r->notes, h->report.notes.p, h->report.notes.len);
  csvio_report_free(&h->report);
  if (h->src.file != NULL)
    fclose(h->src.file);
  mem_free(h);
  return d;
}

dataset *csvpar_read(const char *path, FILE *f, const csv_options *o, csv_report *r,
                     int *declined, cherr *e)
{
  *declined = 1;
  struct stat st;
  if (par_threads() < 2 || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
      (size_t)st.st_size < PAR_MIN)
    return NULL;
  size_t size = (size_t)st.st_size;
  size_t cut = line_end(f, size / 2, 0);
  /* The delimiter from the same bytes the serial reader looks at: its whole first block. */
  csv_options own = *o;
  char *first = own.delimiter ? NULL : mem_alloc(CSVR_BLOCK);
  if (first != NULL) {
    char why[400];
    rewind(f);
    size_t n = fread(first, 1, CSVR_BLOCK, f), bom = n >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int tie = csvio_sniff_delimiter(first + bom, n - bom, n < CSVR_BLOCK, o, &own.delimiter, why,
                                    sizeof why);
    mem_free(first);
    if (tie) {
      *declined = 0;
      err_set(e, ERR_INPUT, "%s: %s", path, why);
      return NULL;
    }
  }
  dataset *d = NULL;
  if (cut > 0 && cut < size && own.delimiter != 0) {
    *declined = 0;
    rewind(f);
    d = read_halves(path, f, cut, size, &own, r, declined, e);
  }
  return d;
}
