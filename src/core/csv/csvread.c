/*
 * csvread.c - CSV to dataset (csvio.h): a file or text in memory, read in
 * one pass, or in two when a column turned to text after values whose text
 * cannot be rebuilt exactly (a float such as "1.50"), the second with
 * every column's final type fixed. A large file is first offered to the
 * reader that reads it in two halves at once (csvpar.c); one pass is
 * csvrecord.c's. A source that is not UTF-8 is decoded whole first, and
 * read from memory (csvenc.c).
 */
#include "csvread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "sandbox.h"

void csvio_options_init(csv_options *o)
{
  memset(o, 0, sizeof *o);
  o->num.decimal = '.';
  o->ragged = RAGGED_ERROR;
  o->header = 1;
  o->skip = -1;
  o->footer = -1;
  o->header_rows = 1;
}

void csvio_report_free(csv_report *r)
{
  sbuf_free(&r->notes);
}

void csvio_note(csv_report *r, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char line[1024];
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  sbuf_add(&r->notes, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
  sbuf_addc(&r->notes, '\n');
}

/* "2 short rows padded with nulls (lines 4, 9)" */
static void note_lines(csv_report *r, size_t count, const char *kind, const char *what,
                       const size_t *lines)
{
  if (count == 0)
    return;
  char list[CSV_REPORT_LINES * 24 + 8] = "";
  size_t used = 0;
  for (size_t k = 0; k < count && k < CSV_REPORT_LINES; k++)
    used += (size_t)snprintf(list + used, sizeof list - used, "%s %zu", k ? "," : "", lines[k]);
  csvio_note(r, "%zu %s%s %s (line%s%s%s)", count, kind, count == 1 ? "" : "s", what,
             count == 1 ? "" : "s", list, count > CSV_REPORT_LINES ? ", ..." : "");
}

/* The notes of rows padded, cut or skipped (ragged = "pad" or "skip"), after a read. */
static void note_ragged(csv_report *r)
{
  note_lines(r, r->padded, "short row", "padded with nulls", r->padded_lines);
  note_lines(r, r->trimmed, "long row", "with empty extra fields cut to the header's length",
             r->trimmed_lines);
  note_lines(r, r->skipped, "row", "of the wrong length skipped", r->skipped_lines);
}

/* A report made ready for a read: counts zero, no notes. */
static void report_start(csv_report *r)
{
  memset(r, 0, sizeof *r);
  sbuf_init(&r->notes);
}

/* One pass over the source; *reread set when a second pass with *types is needed. */
static dataset *read_pass(const char *name, source *src, const csv_options *o, csv_report *r,
                          const coltype *fixed, coltype **types, const csvenc_plan *p, cherr *e)
{
  reader rd;
  if (csvr_init(&rd, name, o, r, fixed, e) != 0)
    return NULL;
  rd.not_utf8_hint = p->hint;
  dataset *d = NULL;
  if (csvr_parse(&rd, src, 1) == 0 && csvr_finish(&rd) == 0) {
    if (!rd.have_header)
      err_set(e, ERR_INPUT, "%s: the file is empty (no header line)", name);
    else if (csvr_settle_types(&rd) != 0)
      ;
    else if (rd.reread && (*types = mem_calloc(rd.ncol, sizeof **types)) == NULL)
      err_nomem(e);
    else if (rd.reread)
      for (size_t k = 0; k < rd.ncol; k++)
        (*types)[k] = rd.cols[k].b.col->type;
    else if (csvr_note_values(&rd) == 0)
      d = csvr_dataset(&rd, 0);
  }
  csvr_free(&rd);
  return d;
}

static dataset *read_source(const char *name, source *src, const csv_options *o, csv_report *r,
                            const csvenc_plan *p, cherr *e)
{
  coltype *types = NULL;
  dataset *d = read_pass(name, src, o, r, NULL, &types, p, e);
  if (d != NULL || types == NULL)
    return d;
  if (src->file != NULL && fseek(src->file, 0, SEEK_SET) != 0)
    err_set(e, ERR_IO, "%s: cannot read the file a second time: %s", name, strerror(errno));
  else {
    src->pos = 0;
    d = read_pass(name, src, o, r, types, &types, p, e);
  }
  mem_free(types);
  return d;
}

/*
 * d with the notes on its encoding added to r, or NULL with e when a note
 * could not be made: a note lost to a failed allocation would make the
 * result depend on memory, so the read fails instead.
 */
static dataset *with_notes(dataset *d, const csv_options *o, const csvenc_plan *p, csv_report *r,
                           cherr *e)
{
  if (d != NULL && (csvenc_notes(d, o, p, r, e) != 0 || (r->notes.failed && err_nomem(e)))) {
    ds_unref(d);
    d = NULL;
  }
  return d;
}

/* Text in memory, UTF-8. */
static dataset *read_text(const char *name, const char *data, size_t len, const csv_options *o,
                          csv_report *r, const csvenc_plan *p, cherr *e)
{
  source src = {0};
  src.data = data;
  src.len = len;
  src.total = len;
  return read_source(name, &src, o, r, p, e);
}

static dataset *read_file(const char *path, const csv_options *o, csv_report *r, cherr *e)
{
  source src = {0};
  int fd = sandbox_open_read(path, e);
  if (fd < 0)
    return NULL;
  if ((src.file = fdopen(fd, "rb")) == NULL) {
    err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
    close(fd);
    return NULL;
  }
  struct stat st = {0};
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(src.file);
    err_set(e, ERR_IO, "%s: %s", path, strerror(EISDIR));
    return NULL;
  }
  csvenc_plan plan;
  int how = csvenc_start_file(path, src.file, S_ISREG(st.st_mode), o, &plan, e);
  int declined = how == 0 && plan.hint.n != 0; /* it stops at its first bytes: one thread is enough */
  dataset *d = NULL;
  if (how == 1)
    d = read_text(path, plan.text, plan.len, o, r, &plan, e);
  else if (how == 0 && !declined)
    d = csvpar_read(path, src.file, o, r, &declined, e);
  if (how == 0 && declined) {
    rewind(src.file);
    if (S_ISREG(st.st_mode))
      src.total = (size_t)st.st_size;
    d = read_source(path, &src, o, r, &plan, e);
  }
  if (d != NULL)
    note_ragged(r);
  d = with_notes(d, o, &plan, r, e);
  mem_free(plan.text);
  fclose(src.file);
  return d;
}

dataset *csvio_read_file(const char *path, const csv_options *o, csv_report *r, cherr *e)
{
  csv_report scratch;
  if (r == NULL)
    r = &scratch;
  report_start(r);
  dataset *d = read_file(path, o, r, e);
  r->delimiter_given = o->delimiter != 0;
  if (r == &scratch)
    csvio_report_free(r);
  return d;
}

dataset *csvio_read_buffer(const char *name, const char *data, size_t len, const csv_options *o,
                           csv_report *r, cherr *e)
{
  csv_report scratch;
  if (r == NULL)
    r = &scratch;
  report_start(r);
  csvenc_plan plan;
  int how = csvenc_start_buffer(name, data, len, o, &plan, e);
  dataset *d = how < 0 ? NULL : how == 1 ? read_text(name, plan.text, plan.len, o, r, &plan, e)
             : read_text(name, data, len, o, r, &plan, e);
  if (d != NULL)
    note_ragged(r);
  d = with_notes(d, o, &plan, r, e);
  mem_free(plan.text);
  r->delimiter_given = o->delimiter != 0;
  if (r == &scratch)
    csvio_report_free(r);
  return d;
}
