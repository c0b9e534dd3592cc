/*
 * xlsxfinish.c - the workbook libxlsxwriter made, checked and put right,
 * into the outfile (xlsxout.h).
 *
 * Two things libxlsxwriter does not do are done here. It ignores failed
 * writes to its work files (its own comment: "there is no easy way to raise
 * error"), so a disk that fills up could leave a sheet cut short inside a
 * zip that is otherwise sound: every sheet is read back and must end where
 * a sheet ends and hold every cell written, and every other part must be
 * well-formed XML. And Debian's build writes numbers with "%.16G", 16
 * significant digits, which do not give every double back (0.1 + 0.2
 * comes back as 0.3): when a sheet holds such a float, the sheet is
 * rewritten through libzip with each float cell's value in its shortest
 * exact form, the other parts copied as they are.
 *
 * A sheet's XML, as libxlsxwriter writes it, has a number cell as
 * <c r="B7"><v>0.3</v></c> or <c r="B7" s="2"><v>0.3</v></c>; every other
 * cell has a t attribute (t="inlineStr", t="b") or no value (<c .../>).
 * No text holds a "<", so "<c r=\"" starts a cell wherever it is found.
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "halt.h"
#include "mem.h"
#include "num.h"
#include "sbuf.h"
#include "xlsxout.h"

#define CHUNK 65536
/* A cell's start tag and a number's value fit in this many bytes. */
#define CELL_MAX 256

static const char CELL[] = "<c r=\"";
static const char END[] = "</worksheet>";

/* Reading a sheet's cells ---------------------------------------------------------- */

typedef struct scan {
  const xlsx_written *w;
  sbuf pend;        /* input not yet passed on: from a cell not yet whole */
  sbuf *out;        /* the sheet as it goes out, or NULL when only checking */
  size_t cells;
  char tail[sizeof END + 8]; /* the last bytes of the input */
  size_t ntail;
} scan;

/* Row and column (0-based) of reference "B7" ending at a quote; -1 when it is not one. */
static int parse_ref(const char *s, size_t len, size_t *row, size_t *col)
{
  size_t i = 0, c = 0, r = 0;
  for (; i < len && s[i] >= 'A' && s[i] <= 'Z' && c < 100000; i++)
    c = c * 26 + (size_t)(s[i] - 'A' + 1);
  size_t at = i;
  for (; i < len && s[i] >= '0' && s[i] <= '9' && r < 10000000; i++)
    r = r * 10 + (size_t)(s[i] - '0');
  if (at == 0 || i == at || r == 0 || i >= len || s[i] != '"')
    return -1;
  *row = r - 1;
  *col = c - 1;
  return 0;
}

/* The exact text of the float at (row, col) of the sheet, or 0 when the cell is no float of the data. */
static size_t exact_text(const scan *s, size_t row, size_t col, char *buf)
{
  const dataset *d = s->w->data;
  if (row == 0 || row > d->nrow || col >= d->ncol || d->cols[col]->type != COL_FLOAT ||
      col_isnull(d->cols[col], row - 1))
    return 0;
  return num_format_float(d->cols[col]->v.f[row - 1], buf);
}

static void emit(scan *s, const char *p, size_t n)
{
  if (s->out != NULL)
    sbuf_add(s->out, p, n);
}

/*
 * The cell at p (n bytes of input on): the bytes it takes, 0 when the input
 * ends before it can be judged, -1 when it is not a cell libxlsxwriter writes.
 */
static long take_cell(scan *s, const char *p, size_t n)
{
  const char *gt = memchr(p, '>', n < CELL_MAX ? n : CELL_MAX);
  if (gt == NULL)
    return n < CELL_MAX ? 0 : -1;
  size_t row, col, head = (size_t)(gt - p) + 1;
  if (parse_ref(p + sizeof CELL - 1, head - (sizeof CELL - 1), &row, &col) != 0)
    return -1;
  if (gt[-1] == '/' || memmem(p, head, " t=\"", 4) != NULL) {
    s->cells++;
    emit(s, p, head);
    return (long)head;
  }
  const char *v = p + head, *close = memmem(v, n - head < CELL_MAX ? n - head : CELL_MAX, "</v>", 4);
  if (close == NULL)
    return n - head < CELL_MAX ? 0 : -1; /* looked at again, whole, with more input */
  if (strncmp(v, "<v>", 3) != 0)
    return -1;
  s->cells++;
  char num[NUM_BUFSIZE];
  size_t len = s->out ? exact_text(s, row, col, num) : 0;
  if (len == 0) {
    emit(s, p, (size_t)(close - p));
  } else {
    emit(s, p, head + 3);
    emit(s, num, len);
  }
  return (long)(close - p);
}

/* Passes on what can be of the pending input; at the end (last), all of it. */
static int scan_pending(scan *s, int last, cherr *e)
{
  char *p = s->pend.p;
  size_t n = s->pend.len, at = 0;
  while (at < n) {
    char *c = memmem(p + at, n - at, CELL, sizeof CELL - 1);
    size_t upto = c ? (size_t)(c - p) : n > sizeof CELL ? n - sizeof CELL : 0;
    if (c == NULL && last)
      upto = n;
    if (upto > at)
      emit(s, p + at, upto - at);
    at = upto > at ? upto : at;
    if (c == NULL)
      break;
    long took = take_cell(s, c, n - at);
    if (took < 0 || (took == 0 && last))
      return err_set(e, ERR_IO, "the workbook's work file holds a cell cut short or damaged: a "
                     "write to it failed (is the disk full?)");
    if (took == 0)
      break;
    at += (size_t)took;
  }
  if (at > 0 && n > at)
    memmove(p, p + at, n - at);
  s->pend.len = n - at;
  return s->pend.failed || (s->out && s->out->failed) ? err_nomem(e) : 0;
}

static int scan_feed(scan *s, const char *buf, size_t n, cherr *e)
{
  size_t keep = sizeof s->tail;
  if (n >= keep) {
    memcpy(s->tail, buf + n - keep, keep);
    s->ntail = keep;
  } else {
    size_t old = s->ntail + n > keep ? keep - n : s->ntail;
    memmove(s->tail, s->tail + s->ntail - old, old);
    memcpy(s->tail + old, buf, n);
    s->ntail = old + n;
  }
  sbuf_add(&s->pend, buf, n);
  return scan_pending(s, 0, e);
}

/* After the last byte: the sheet must end as a sheet ends, with every cell written. */
static int scan_end(scan *s, const char *part, cherr *e)
{
  if (scan_pending(s, 1, e) != 0)
    return -1;
  size_t n = s->ntail;
  while (n > 0 && (s->tail[n - 1] == '\n' || s->tail[n - 1] == '\r' || s->tail[n - 1] == ' '))
    n--;
  int ends = n >= sizeof END - 1 && memcmp(s->tail + n - (sizeof END - 1), END, sizeof END - 1) == 0;
  if (!ends || s->cells != s->w->cells)
    return err_set(e, ERR_IO, "%s of the workbook's work file has %zu of the %zu cells written%s; "
                   "a write to it failed (is the disk full?)", part, s->cells, s->w->cells,
                   ends ? "" : " and is cut short");
  return 0;
}

static void scan_init(scan *s, const xlsx_written *w, sbuf *out)
{
  memset(s, 0, sizeof *s);
  s->w = w;
  s->out = out;
  sbuf_init(&s->pend);
}

/* The zip's parts ------------------------------------------------------------------- */

/* The sheet (0-based) that part name is, or -1: libxlsxwriter names them xl/worksheets/sheetN.xml. */
static long sheet_of(const char *name, size_t n)
{
  unsigned k;
  char rest[2];
  if (sscanf(name, "xl/worksheets/sheet%u.xml%1s", &k, rest) != 1 || k == 0 || k > n)
    return -1;
  return (long)k - 1;
}

static int zip_fail(const char *what, zip_error_t *ze, cherr *e)
{
  int code = zip_error_code_zip(ze);
  if (code == ZIP_ER_MEMORY)
    return err_nomem(e);
  return err_set(e, ERR_IO, "the workbook's work file: %s: %s", what, zip_error_strerror(ze));
}

/* Reads part k through the scanner (sheet) or expat (other parts); -1 with e when it is not sound. */
static int check_part(zip_t *z, zip_uint64_t k, const xlsx_written *sheet, cherr *e)
{
  const char *name = zip_get_name(z, k, 0);
  zip_file_t *f = name ? zip_fopen_index(z, k, 0) : NULL;
  if (f == NULL)
    return zip_fail("a part cannot be opened", zip_get_error(z), e);
  static const XML_Memory_Handling_Suite counted = {mem_alloc, mem_realloc, mem_free};
  XML_Parser x = sheet ? NULL : XML_ParserCreate_MM(NULL, &counted, NULL);
  scan s;
  scan_init(&s, sheet, NULL);
  char *buf = mem_alloc(CHUNK);
  int rc = buf == NULL || (!sheet && x == NULL) ? err_nomem(e) : 0;
  for (zip_int64_t got = 1; rc == 0 && got > 0;) {
    got = zip_fread(f, buf, CHUNK);
    if (got < 0)
      rc = zip_fail(name, zip_file_get_error(f), e);
    else if (sheet)
      rc = got > 0 ? scan_feed(&s, buf, (size_t)got, e) : scan_end(&s, name, e);
    else if (XML_Parse(x, buf, (int)got, got == 0) == XML_STATUS_ERROR)
      rc = XML_GetErrorCode(x) == XML_ERROR_NO_MEMORY
             ? err_nomem(e)
             : err_set(e, ERR_IO, "%s of the workbook's work file is not whole (%s); a write to "
                       "it failed (is the disk full?)", name, XML_ErrorString(XML_GetErrorCode(x)));
    int why = rc == 0 ? halt_check() : HALT_NONE;
    if (why != HALT_NONE)
      rc = err_halt(e, why);
  }
  if (x != NULL)
    XML_ParserFree(x);
  sbuf_free(&s.pend);
  mem_free(buf);
  zip_fclose(f);
  return rc;
}

/* Rewriting sheets ---------------------------------------------------------------- */

/* A sheet rewritten as libzip reads it: a source of its own (zip_source_function). */
typedef struct feed {
  zip_t *from;
  zip_uint64_t index;
  zip_file_t *f;
  scan s;
  sbuf out;
  size_t sent;
  int done;
  char *buf;
  cherr e;
  zip_error_t ze;
} feed;

/* Fills f->out with more of the sheet; 0, or -1 with f->e set. */
static int feed_more(feed *f)
{
  f->out.len = 0;
  f->sent = 0;
  while (f->out.len == 0 && !f->done) {
    zip_int64_t got = zip_fread(f->f, f->buf, CHUNK);
    if (got < 0)
      return zip_fail("a sheet cannot be read", zip_file_get_error(f->f), &f->e);
    if (got == 0) {
      f->done = 1;
      if (scan_end(&f->s, zip_get_name(f->from, f->index, 0), &f->e) != 0)
        return -1;
    } else if (scan_feed(&f->s, f->buf, (size_t)got, &f->e) != 0) {
      return -1;
    }
    int why = halt_check();
    if (why != HALT_NONE)
      return err_halt(&f->e, why);
  }
  return 0;
}

static zip_int64_t feed_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
  feed *f = ud;
  switch (cmd) {
  case ZIP_SOURCE_OPEN:
    if ((f->f = zip_fopen_index(f->from, f->index, 0)) == NULL)
      return zip_error_set(&f->ze, ZIP_ER_READ, EIO), -1;
    f->done = 0;
    f->out.len = f->sent = 0;
    return 0;
  case ZIP_SOURCE_READ:
    if (f->sent == f->out.len && feed_more(f) != 0)
      return zip_error_set(&f->ze, ZIP_ER_READ, EIO), -1;
    len = len < f->out.len - f->sent ? len : f->out.len - f->sent;
    memcpy(data, f->out.p + f->sent, len);
    f->sent += len;
    return (zip_int64_t)len;
  case ZIP_SOURCE_CLOSE:
    if (f->f != NULL)
      zip_fclose(f->f);
    f->f = NULL;
    return 0;
  case ZIP_SOURCE_STAT:
    zip_stat_init(data);
    return sizeof(zip_stat_t);
  case ZIP_SOURCE_ERROR:
    return zip_error_to_data(&f->ze, data, len);
  case ZIP_SOURCE_FREE:
    return 0;
  case ZIP_SOURCE_SUPPORTS:
    return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                          ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
  default:
    return zip_error_set(&f->ze, ZIP_ER_OPNOTSUPP, 0), -1;
  }
}

/* A part of the old zip as it is, or a rewritten sheet, added to the new one. */
static int add_part(zip_t *to, zip_t *from, zip_uint64_t k, feed *f, cherr *e)
{
  zip_stat_t st;
  const char *name = zip_get_name(from, k, 0);
  if (name == NULL || zip_stat_index(from, k, 0, &st) != 0)
    return zip_fail("a part cannot be read", zip_get_error(from), e);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src;
  if (f != NULL)
    src = zip_source_function_create(feed_source, f, &ze);
  else
#if LIBZIP_VERSION_MAJOR > 1 || LIBZIP_VERSION_MINOR >= 10
    src = zip_source_zip_file_create(from, k, 0, 0, -1, NULL, &ze);
#else
    src = zip_source_zip(to, from, k, 0, 0, -1);
#endif
  if (src == NULL)
    return zip_fail("a part cannot be copied", f != NULL ? &ze : zip_get_error(to), e);
  zip_int64_t at = zip_file_add(to, name, src, ZIP_FL_ENC_UTF_8);
  if (at < 0) {
    zip_source_free(src);
    return zip_fail("a part cannot be copied", zip_get_error(to), e);
  }
  if ((st.valid & ZIP_STAT_MTIME) && zip_file_set_mtime(to, (zip_uint64_t)at, st.mtime, 0) != 0)
    return zip_fail("a part's time cannot be set", zip_get_error(to), e);
  return 0;
}

/* The bytes of a zip held in a buffer source, to the outfile. */
static int send_buffer(zip_source_t *buf, outfile *out, cherr *e)
{
  char chunk[CHUNK];
  if (zip_source_open(buf) != 0)
    return zip_fail("the new workbook", zip_source_error(buf), e);
  int rc = 0;
  for (zip_int64_t got = 1; rc == 0 && got > 0;) {
    got = zip_source_read(buf, chunk, sizeof chunk);
    if (got < 0)
      rc = zip_fail("the new workbook", zip_source_error(buf), e);
    else if (got > 0)
      rc = outfile_write(out, chunk, (size_t)got, e);
  }
  zip_source_close(buf);
  return rc;
}

/* A new zip, in memory, of every part of z, with the inexact sheets rewritten; then to out. */
static int rewrite(zip_t *z, const xlsx_written *w, size_t n, outfile *out, cherr *e)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_int64_t parts = zip_get_num_entries(z, 0);
  feed *feeds = mem_calloc(n, sizeof *feeds);
  zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *to = buf ? zip_open_from_source(buf, ZIP_TRUNCATE, &ze) : NULL;
  int rc = feeds == NULL ? err_nomem(e) : to == NULL ? zip_fail("a new zip", &ze, e) : 0;
  if (to == NULL && buf != NULL)
    zip_source_free(buf);
  if (to != NULL)
    zip_source_keep(buf);
  for (zip_int64_t k = 0; rc == 0 && k < parts; k++) {
    long sheet = sheet_of(zip_get_name(z, (zip_uint64_t)k, 0), n);
    feed *f = sheet >= 0 && w[sheet].inexact ? &feeds[sheet] : NULL;
    if (f != NULL) {
      *f = (feed){.from = z, .index = (zip_uint64_t)k, .e = {ERR_OK, ""}};
      scan_init(&f->s, &w[sheet], &f->out);
      sbuf_init(&f->out);
      zip_error_init(&f->ze);
      if ((f->buf = mem_alloc(CHUNK)) == NULL)
        rc = err_nomem(e);
    }
    if (rc == 0)
      rc = add_part(to, z, (zip_uint64_t)k, f, e);
  }
  if (rc == 0 && zip_close(to) != 0) {
    rc = zip_fail("the new workbook", zip_get_error(to), e);
    for (size_t k = 0; k < n; k++)
      if (feeds[k].e.code != ERR_OK)
        *e = feeds[k].e; /* the sheet's own failure, not libzip's "read error" */
  }
  if (rc != 0 && to != NULL)
    zip_discard(to);
  if (rc == 0)
    rc = send_buffer(buf, out, e);
  if (to != NULL)
    zip_source_free(buf);
  for (size_t k = 0; feeds != NULL && k < n; k++) {
    sbuf_free(&feeds[k].s.pend);
    sbuf_free(&feeds[k].out);
    mem_free(feeds[k].buf);
    zip_error_fini(&feeds[k].ze);
  }
  mem_free(feeds);
  zip_error_fini(&ze);
  return rc;
}

/* The work file's bytes as they are, to out. */
static int copy_file(int fd, outfile *out, cherr *e)
{
  char chunk[CHUNK];
  if (lseek(fd, 0, SEEK_SET) != 0)
    return err_set(e, ERR_IO, "the workbook's work file: %s", strerror(errno));
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return err_set(e, ERR_IO, "the workbook's work file: %s", strerror(errno));
    if (got == 0)
      return 0;
    if (outfile_write(out, chunk, (size_t)got, e) != 0)
      return -1;
  }
}

int xlsx_finish(int fd, const xlsx_written *w, size_t n, outfile *out, cherr *e)
{
  int mine = dup(fd), zerr = 0;
  zip_t *z = NULL;
  if (mine < 0 || lseek(mine, 0, SEEK_SET) != 0 ||
      (z = zip_fdopen(mine, ZIP_CHECKCONS, &zerr)) == NULL) {
    if (mine >= 0)
      close(mine);
    return err_set(e, ERR_IO, "the workbook's work file cannot be read back: it is damaged");
  }
  zip_int64_t parts = zip_get_num_entries(z, 0);
  size_t found = 0;
  int rc = 0, inexact = 0;
  for (zip_int64_t k = 0; rc == 0 && k < parts; k++) {
    long sheet = sheet_of(zip_get_name(z, (zip_uint64_t)k, 0), n);
    found += sheet >= 0;
    inexact |= sheet >= 0 && w[sheet].inexact;
    rc = check_part(z, (zip_uint64_t)k, sheet >= 0 ? &w[sheet] : NULL, e);
  }
  if (rc == 0 && found != n)
    rc = err_set(e, ERR_IO, "the workbook's work file has %zu of its %zu sheets; it is damaged",
                 found, n);
  if (rc == 0)
    rc = inexact ? rewrite(z, w, n, out, e) : copy_file(fd, out, e);
  zip_discard(z);
  return rc;
}
