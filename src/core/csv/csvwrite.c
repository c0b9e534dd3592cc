/*
 * csvwrite.c - dataset to CSV text, and to a file replaced in one step.
 *
 * Fields are quoted only when a reader would otherwise split, trim or drop
 * part of them: they hold the delimiter, a quote, a line break, or space at
 * either end, they begin with U+FEFF (a byte-order mark at the start of a
 * file), or they are the empty string (which an empty field would turn into
 * null).
 */
#include "csvio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "halt.h"
#include "mem.h"
#include "sbuf.h"

/* Output is handed to the sink in blocks of about this size. */
#define FLUSH_AT ((size_t)1 << 16)

static int needs_quotes(const char *s, size_t len, char delim)
{
  if (len == 0)
    return 1;
  if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
    return 1;
  /* U+FEFF at the start of the file would be read as a byte-order mark and dropped. */
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
    return 1;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == delim || c == '"' || c == '\n' || c == '\r')
      return 1;
  }
  return 0;
}

static void put_field(sbuf *b, const char *s, size_t len, char delim)
{
  if (!needs_quotes(s, len, delim)) {
    sbuf_add(b, s, len);
    return;
  }
  sbuf_addc(b, '"');
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

static void put_row(sbuf *b, const dataset *d, size_t i, char delim)
{
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
    if (c->type == COL_STR)
      put_field(b, text, len, delim);
    else
      sbuf_add(b, text, len);
  }
  sbuf_addc(b, '\n');
}

int csvio_write(const dataset *d, char delim, csv_sink sink, void *ud, cherr *e)
{
  sbuf b;
  sbuf_init(&b);
  for (size_t k = 0; k < d->ncol; k++) {
    if (k > 0)
      sbuf_addc(&b, delim);
    put_field(&b, d->names[k], strlen(d->names[k]), delim);
  }
  sbuf_addc(&b, '\n');
  int rc = 0;
  for (size_t i = 0; i < d->nrow && rc == 0; i++) {
    put_row(&b, d, i, delim);
    if (b.len >= FLUSH_AT || b.failed)
      rc = flush(&b, sink, ud, e);
    int why = HALT_DUE(i + 1) ? halt_check() : HALT_NONE;
    if (rc == 0 && why != HALT_NONE)
      rc = err_halt(e, why);
  }
  if (rc == 0)
    rc = flush(&b, sink, ud, e);
  sbuf_free(&b);
  return rc;
}

static int file_sink(void *ud, const char *p, size_t n)
{
  return fwrite(p, 1, n, (FILE *)ud) == n ? 0 : -1;
}

/* Mode a new file gets: what open(2) would give it under the current umask. */
static mode_t new_file_mode(void)
{
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

int csvio_write_file(const dataset *d, char delim, const char *path, cherr *e)
{
  size_t n = strlen(path);
  char *tmp = mem_alloc(n + 16);
  if (tmp == NULL)
    return err_nomem(e);
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".tmp-XXXXXX", 12);
  int fd = mkstemp(tmp);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
  if (f == NULL) {
    int saved = errno;
    if (fd >= 0) {
      close(fd);
      unlink(tmp);
    }
    mem_free(tmp);
    return err_set(e, ERR_IO, "%s: %s", path, strerror(saved));
  }
  cherr werr = {ERR_OK, ""};
  int rc = csvio_write(d, delim, file_sink, f, &werr);
  int saved = errno;
  if (rc == 0 && fchmod(fd, new_file_mode()) != 0)
    rc = -1, saved = errno;
  if (fclose(f) != 0 && rc == 0)
    rc = -1, saved = errno;
  if (rc == 0 && rename(tmp, path) != 0)
    rc = -1, saved = errno;
  if (rc != 0) {
    unlink(tmp);
    if (werr.code == ERR_NOMEM || werr.code == ERR_HALT)
      err_set(e, werr.code, "%s", werr.msg);
    else
      err_set(e, ERR_IO, "%s: %s", path, strerror(saved));
  }
  mem_free(tmp);
  return rc;
}
