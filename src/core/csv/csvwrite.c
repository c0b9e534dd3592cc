/*
 * csvwrite.c - dataset to CSV text, and to a file replaced in one step
 * (outfile.h).
 *
 * Fields are quoted only when a reader would otherwise split, trim or drop
 * part of them, or take another delimiter for the file's: they hold a
 * delimiter (',', ';', tab or '|'), a quote, a line break, or space at
 * either end, they begin with U+FEFF (a byte-order mark at the start of a
 * file), or they are the empty string (which an empty field would turn into
 * null). When asked (a sandboxed report's files), a text field that a
 * spreadsheet would run as a formula is written after a single quote.
 */
#include "csvio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "halt.h"
#include "mem.h"
#include "outfile.h"
#include "sbuf.h"

/* Output is handed to the sink in blocks of about this size. */
#define FLUSH_AT ((size_t)1 << 16)

/* prefixed: s follows a ', so its own start is no field's start. */
static int needs_quotes(const char *s, size_t len, char delim, int prefixed)
{
  if (len == 0)
    return !prefixed;
  if (s[len - 1] == ' ' || s[len - 1] == '\t')
    return 1;
  if (!prefixed && (s[0] == ' ' || s[0] == '\t'))
    return 1;
  /* U+FEFF at the start of the file would be read as a byte-order mark and dropped. */
  if (!prefixed && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
    return 1;
  /*
   * The other delimiters a reader may detect are quoted too: inside quotes
   * they do not count, so the file's own delimiter is the one detected.
   */
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == delim || c == '"' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '\t' ||
        c == '|')
      return 1;
  }
  return 0;
}

/* Whether s is a decimal number as a spreadsheet reads one: [+-]digits[.digits][e[+-]digits]. */
static int is_number(const char *s, size_t len)
{
  size_t i = 0, digits = 0;
  if (i < len && (s[i] == '+' || s[i] == '-'))
    i++;
  for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
    digits++;
  if (i < len && s[i] == '.')
    for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
      digits++;
  if (digits == 0)
    return 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    if (++i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    size_t at = i;
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == at)
      return 0;
  }
  return i == len;
}

int csvio_formula(const char *s, size_t len)
{
  /* s[0] is tested apart: strchr finds the terminating '\0' too */
  return len > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL && !is_number(s, len);
}

static void put_field(sbuf *b, const char *s, size_t len, csv_write_options *w)
{
  int prefix = w->neutralise && csvio_formula(s, len);
  w->neutralised += (size_t)prefix;
  if (!needs_quotes(s, len, w->delimiter, prefix)) {
    if (prefix)
      sbuf_addc(b, '\'');
    sbuf_add(b, s, len);
    return;
  }
  sbuf_addc(b, '"');
  if (prefix)
    sbuf_addc(b, '\'');
  const char *q;
  while ((q = memchr(s, '"', len)) != NULL) {
    size_t n = (size_t)(q - s) + 1;
    sbuf_add(b, s, n);
    sbuf_addc(b, '"');
    s += n;
    len -= n;
  }
  sbuf_add(b, s, len);
  sbuf_addc(b, '"');
}

static int flush(sbuf *b, csv_sink sink, void *ud, cherr *e)
{
  if (b->failed)
    return err_nomem(e);
  if (b->len > 0 && sink(ud, b->p, b->len) != 0)
    return err_set(e, ERR_IO, "cannot write the CSV output");
  b->len = 0;
  return 0;
}

static void end_line(sbuf *b, const csv_write_options *w)
{
  if (w->crlf)
    sbuf_addc(b, '\r');
  sbuf_addc(b, '\n');
}

int csvio_dialect(const char *name, csv_write_options *w)
{
  int excel = strcmp(name, "excel-vn") == 0;
  if (!excel && strcmp(name, "plain") != 0)
    return -1;
  w->delimiter = excel ? ';' : ',';
  w->decimal = excel ? ',' : '.';
  w->bom = w->crlf = excel;
  return 0;
}

static void put_row(sbuf *b, const dataset *d, size_t i, csv_write_options *w)
{
  char delim = w->delimiter;
  char num[NUM_BUFSIZE];
  for (size_t k = 0; k < d->ncol; k++) {
    if (k > 0)
      sbuf_addc(b, delim);
    const column *c = d->cols[k];
    if (col_isnull(c, i)) {
      /*
       * A lone empty field would make an empty line, which the reader
       * takes as a null only between rows; "" reads as null in any column
       * but a string one.
       */
      if (d->ncol == 1 && c->type != COL_STR)
        sbuf_add(b, "\"\"", 2);
      continue;
    }
    size_t len;
    const char *text = col_text(c, i, num, &len);
    if (c->type == COL_STR) {
      put_field(b, text, len, w);
    } else if (c->type == COL_FLOAT && w->decimal == ',') {
      char *dot = memchr(num, '.', len); /* text is num for a float */
      if (dot != NULL)
        *dot = ',';
      sbuf_add(b, text, len);
    } else {
      sbuf_add(b, text, len);
    }
  }
  end_line(b, w);
}

int csvio_write(const dataset *d, csv_write_options *w, csv_sink sink, void *ud, cherr *e)
{
  sbuf b;
  sbuf_init(&b);
  w->neutralised = 0;
  if (w->bom)
    sbuf_add(&b, "\xEF\xBB\xBF", 3);
  for (size_t k = 0; k < d->ncol; k++) {
    if (k > 0)
      sbuf_addc(&b, w->delimiter);
    put_field(&b, d->names[k], strlen(d->names[k]), w);
  }
  end_line(&b, w);
  int rc = 0;
  size_t done = 0;
  for (size_t i = 0; i < d->nrow && rc == 0; i++) {
    size_t before = b.len;
    put_row(&b, d, i, w);
    /* a look every 65,536 rows, or sooner when the rows are long (one string repeated is cheap to hold) */
    int why = halt_after(&done, 1 + (b.len - before) / 64);
    if (b.len >= FLUSH_AT || b.failed)
      rc = flush(&b, sink, ud, e);
    if (rc == 0 && why != HALT_NONE)
      rc = err_halt(e, why);
  }
  if (rc == 0)
    rc = flush(&b, sink, ud, e);
  sbuf_free(&b);
  return rc;
}

/* The file being written, and why writing it failed, if it did. */
typedef struct file_out {
  outfile f;
  cherr e;
} file_out;

static int file_sink(void *ud, const char *p, size_t n)
{
  file_out *out = ud;
  return outfile_write(&out->f, p, n, &out->e);
}

int csvio_write_file(const dataset *d, csv_write_options *w, const char *path, cherr *e)
{
  file_out out = {.e = {ERR_OK, ""}};
  if (outfile_open(&out.f, path, "csv", e) != 0)
    return -1;
  if (csvio_write(d, w, file_sink, &out, e) != 0) {
    if (out.e.code != ERR_OK)
      *e = out.e; /* the file's own failure, not the writer's "cannot write" */
    outfile_abort(&out.f);
    return -1;
  }
  return outfile_commit(&out.f, e);
}
