/*
 * csvrecord.c - one pass of the CSV reader over a source, on libcsv.
 *
 * The source is read in blocks (from a file or from memory) and fed to
 * libcsv, which splits the bytes into fields and records; this file keeps
 * track of lines, takes the header, checks each record's length (padding,
 * trimming or skipping it when asked) and hands each field to its column
 * (csvvalue.c). In a file of several columns, fields go to their columns
 * as libcsv hands them over, without first being gathered into a record.
 */
#include "csvread.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dict.h"
#include "halt.h"
#include "mem.h"
#include "text.h"

/* Gathering a record */

static int grow(void **p, size_t *cap, size_t need, size_t width)
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

/* Line breaks inside a field: LF, CRLF and a lone CR each count once, as they do between records. */
static size_t count_newlines(const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
      n++;
  return n;
}

static void direct_field(reader *rd, const char *s, size_t len, int kind);

/* Whether s holds spaces and tabs only: a line of them is a blank line in a file of several columns. */
static int only_spaces(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return len > 0 && i == len;
}

static void on_field(void *s, size_t len, void *ud)
{
  reader *rd = ud;
  if (rd->failed)
    return;
  if (rd->nfields == 0)
    rd->record_line = rd->line;
  rd->cr_pending = 0;
  int kind = s == NULL ? FIELD_EMPTY : len == 0 ? FIELD_QUOTED_EMPTY : FIELD_TEXT;
  if (len > 0 && rd->saw_quote) /* only a quoted field holds a line break */
    rd->line += count_newlines(s, len);
  if (rd->direct) {
    direct_field(rd, s != NULL ? s : "", len, kind);
    return;
  }
  if (grow((void **)&rd->fields, &rd->capfields, rd->nfields + 1, sizeof(field)) != 0 ||
      grow((void **)&rd->bytes, &rd->capbytes, rd->nbytes + len + 1, 1) != 0) {
    csvr_fail_nomem(rd);
    return;
  }
  field *f = &rd->fields[rd->nfields++];
  f->off = rd->nbytes;
  f->len = len;
  f->kind = kind;
  if (len > 0)
    memcpy(rd->bytes + rd->nbytes, s, len);
  rd->bytes[rd->nbytes + len] = '\0';
  rd->nbytes += len + 1;
}

/* The header */

static int check_names(reader *rd)
{
  dict *seen = dict_new();
  if (seen == NULL)
    return csvr_fail_nomem(rd);
  int rc = 0;
  for (size_t k = 0; k < rd->nfields && rc == 0; k++) {
    const field *f = &rd->fields[k];
    const char *s = rd->bytes + f->off;
    uint32_t id, before = seen->count;
    if (f->len == 0)
      rc = csvr_fail(rd, ERR_INPUT, "column %zu has an empty name", k + 1);
    else if (utf8_check(s, f->len) < f->len)
      rc = csvr_fail(rd, ERR_INPUT, "column %zu has a name that is not valid UTF-8; save the file as UTF-8",
                k + 1);
    else if (memchr(s, '\0', f->len) != NULL)
      rc = csvr_fail(rd, ERR_INPUT, "column %zu has a NUL byte in its name", k + 1);
    else if (dict_intern(seen, s, f->len, &id) != 0)
      rc = csvr_fail_nomem(rd);
    else if (seen->count == before)
      rc = csvr_fail(rd, ERR_INPUT, "duplicate column name '%s' (columns %u and %zu)", s, id + 1, k + 1);
  }
  dict_unref(seen);
  return rc;
}

/* Applies the caller's type hints; a hint for a column the file lacks is an error. */
static int apply_hints(reader *rd)
{
  for (size_t h = 0; h < rd->o->ntypes; h++) {
    const csv_typehint *t = &rd->o->types[h];
    size_t k = t->name ? 0 : t->index - 1;
    while (t->name != NULL && k < rd->ncol && strcmp(rd->names[k], t->name) != 0)
      k++;
    if (k >= rd->ncol && t->name != NULL)
      return csvr_fail(rd, ERR_ARG, "option 'types' names column '%s', which the file does not have",
                  t->name);
    if (k >= rd->ncol)
      return csvr_fail(rd, ERR_ARG, "option 'types' gives a type for column %zu, but the file has %zu",
                  t->index, rd->ncol);
    colbuild_discard(&rd->cols[k].b);
    if (colbuild_init(&rd->cols[k].b, t->type, 0, rd->e) != 0)
      return csvr_fail_nomem(rd);
    rd->cols[k].given = 1;
  }
  return 0;
}

/* Option trim: the names lose the spaces and tabs around them, as text values do. */
static void trim_names(reader *rd)
{
  for (size_t k = 0; k < rd->nfields; k++) {
    field *f = &rd->fields[k];
    const char *s = rd->bytes + f->off;
    while (f->len > 0 && (s[0] == ' ' || s[0] == '\t'))
      s++, f->off++, f->len--;
    while (f->len > 0 && (s[f->len - 1] == ' ' || s[f->len - 1] == '\t'))
      f->len--;
  }
}

static int take_header(reader *rd)
{
  if (rd->o->trim)
    trim_names(rd);
  if (check_names(rd) != 0)
    return -1;
  size_t n = rd->nfields;
  rd->names = mem_calloc(n, sizeof *rd->names);
  rd->cols = mem_calloc(n, sizeof *rd->cols);
  if (rd->names == NULL || rd->cols == NULL)
    return csvr_fail_nomem(rd);
  for (size_t k = 0; k < n; k++) {
    const field *f = &rd->fields[k];
    colstate *cs = &rd->cols[k];
    rd->names[k] = mem_strndup(rd->bytes + f->off, f->len);
    rd->ncol = k + 1; /* so reader_free releases what this column has */
    coltype t = rd->fixed ? rd->fixed[k] : COL_INT;
    if (rd->names[k] == NULL || colbuild_init(&cs->b, t, 0, rd->e) != 0)
      return csvr_fail_nomem(rd);
    cs->fits = FITS_ANY;
    cs->exact = 1;
    cs->given = rd->fixed != NULL;
  }
  csvr_header_taken(rd);
  return rd->fixed ? 0 : apply_hints(rd);
}

/* Rows */

static void note_line(size_t *count, size_t *lines, size_t line)
{
  if (*count < CSV_REPORT_LINES)
    lines[*count] = line;
  (*count)++;
}

static int all_empty(const reader *rd, size_t from)
{
  for (size_t k = from; k < rd->nfields; k++)
    if (rd->fields[k].kind != FIELD_EMPTY)
      return 0;
  return 1;
}

/* The error for a record of n fields that cannot be made to fit. */
static int wrong_length(reader *rd, size_t n, size_t want)
{
  if (rd->o->ragged == RAGGED_PAD)
    return csvr_fail(rd, ERR_INPUT,
                "row has %zu fields but the header has %zu, and the extra fields are not empty",
                n, want);
  return csvr_fail(rd, ERR_INPUT,
              "row has %zu fields but the header has %zu "
              "(option ragged = \"pad\" or \"skip\" accepts such rows)",
              n, want);
}

/* Makes a record of the wrong length fit, or says why not. 1: use it, 0: skip it, -1: error. */
static int fit_record(reader *rd)
{
  size_t n = rd->nfields, want = rd->ncol;
  csv_report *r = rd->r;
  if (rd->o->ragged == RAGGED_SKIP) {
    note_line(&r->skipped, r->skipped_lines, rd->record_line);
    return 0;
  }
  if (rd->o->ragged == RAGGED_PAD && n < want) {
    if (grow((void **)&rd->fields, &rd->capfields, want, sizeof(field)) != 0)
      return csvr_fail_nomem(rd);
    for (; rd->nfields < want; rd->nfields++)
      rd->fields[rd->nfields] = (field){0, 0, FIELD_EMPTY};
    note_line(&r->padded, r->padded_lines, rd->record_line);
    return 1;
  }
  if (rd->o->ragged == RAGGED_PAD && all_empty(rd, want)) {
    rd->nfields = want;
    note_line(&r->trimmed, r->trimmed_lines, rd->record_line);
    return 1;
  }
  return wrong_length(rd, n, want);
}

static void take_row(reader *rd)
{
  if (rd->nfields != rd->ncol) {
    int use = fit_record(rd);
    if (use <= 0)
      return;
  }
  for (size_t k = 0; k < rd->ncol; k++) {
    const field *f = &rd->fields[k];
    if (csvr_put_value(rd, k, rd->bytes + f->off, f->len, f->kind) != 0)
      return;
  }
  rd->r->rows++;
}

/*
 * Direct records: in a file of several columns, read without skipping rows,
 * each field goes to its column as libcsv hands it over, with no copy into
 * a record. The record's length is settled at its end: a short one padded,
 * a long one trimmed, a blank line's lone null taken back, or an error.
 */
static void direct_field(reader *rd, const char *s, size_t len, int kind)
{
  size_t k = rd->nfields++;
  if (k == 0) {
    rd->first_kind = kind;
    rd->first_spaces = len > 0 && (s[0] == ' ' || s[0] == '\t') && only_spaces(s, len);
  }
  if (k < rd->ncol)
    csvr_put_value(rd, k, s, len, kind);
  else if (kind != FIELD_EMPTY)
    rd->extra_text = 1;
}

static void end_direct_record(reader *rd)
{
  size_t n = rd->nfields, want = rd->ncol;
  csv_report *r = rd->r;
  if (n == 1 && (rd->first_kind == FIELD_EMPTY || rd->first_spaces)) { /* a blank line: not a row */
    if (!rd->infer_only)
      colbuild_drop_last(&rd->cols[0].b);
    return;
  }
  if (n < want && rd->o->ragged == RAGGED_PAD) {
    for (size_t k = n; k < want && !rd->failed; k++)
      csvr_put_value(rd, k, "", 0, FIELD_EMPTY);
    note_line(&r->padded, r->padded_lines, rd->record_line);
  } else if (n > want && rd->o->ragged == RAGGED_PAD && !rd->extra_text) {
    note_line(&r->trimmed, r->trimmed_lines, rd->record_line);
  } else if (n != want) {
    wrong_length(rd, n, want);
  }
  if (!rd->failed)
    r->rows++;
}

/*
 * In a file of one column an empty line is an empty cell, that is a null,
 * as spreadsheets write it; empty lines at the very end are not rows. So
 * empty lines are counted, and become nulls when a row follows them.
 */
static void take_blank_rows(reader *rd)
{
  for (; rd->blank_rows > 0 && !rd->failed; rd->blank_rows--)
    if (csvr_put_value(rd, 0, "", 0, FIELD_EMPTY) == 0)
      rd->r->rows++;
}

/*
 * The one field of a record is empty, or spaces and tabs alone: a blank
 * line, but for a value after the header of a one-column file.
 */
static int lone_blank_field(const reader *rd)
{
  const field *f = &rd->fields[0];
  return f->kind == FIELD_EMPTY || (only_spaces(rd->bytes + f->off, f->len) &&
                                    (!rd->have_header || rd->ncol > 1));
}

static void end_record(reader *rd)
{
  if (rd->direct) {
    if (!rd->failed && rd->nfields > 0)
      end_direct_record(rd);
    rd->nfields = 0;
    rd->extra_text = 0;
    return;
  }
  int blank = rd->nfields == 0 || (rd->nfields == 1 && lone_blank_field(rd));
  if (rd->failed) {
    ;
  } else if (blank && rd->have_header && rd->ncol == 1) {
    rd->blank_rows++;
  } else if (!blank && rd->have_header) {
    take_blank_rows(rd);
    take_row(rd);
  } else if (!blank) {
    take_header(rd);
  }
  rd->nfields = 0;
  rd->nbytes = 0;
}

static void on_record(int c, void *ud)
{
  reader *rd = ud;
  if (c == '\n' && rd->cr_pending && rd->nfields == 0) {
    rd->cr_pending = 0; /* the LF of a CRLF: the record already ended at the CR */
    return;
  }
  end_record(rd);
  rd->cr_pending = c == '\r';
  if (c == '\r' || c == '\n')
    rd->line++;
}

/* Reading blocks */

/* The next block of the source: read into buf from a file, or pointed to in memory. */
static const char *source_next(source *src, char *buf, size_t size, size_t *n)
{
  if (src->end > 0 && src->end - src->pos < size)
    size = src->end - src->pos;
  if (src->file != NULL) {
    *n = fread(buf, 1, size, src->file);
    src->pos += *n;
    return buf;
  }
  *n = src->len - src->pos < size ? src->len - src->pos : size;
  const char *p = src->data + src->pos;
  src->pos += *n;
  return p;
}

/* Sizes the columns for the rows the whole file will hold, judging from the first block. */
static void reserve_rows(reader *rd, size_t done, size_t total)
{
  rd->reserved = 1;
  if (total == 0 || rd->r->rows == 0 || done == 0)
    return;
  double estimate = (double)total / (double)done * (double)rd->r->rows * 1.02 + 16;
  for (size_t k = 0; k < rd->ncol; k++)
    if (colbuild_reserve(&rd->cols[k].b, (size_t)estimate, rd->e) != 0)
      return; /* only an optimisation: growing as we go still works */
}

/* libcsv's parser states (libcsv.c), which csvr_finish and misplaced_quote look at. */
enum { LIBCSV_FIELD_BEGUN = 2, LIBCSV_FIELD_MIGHT_HAVE_ENDED = 3 };

/* The error for text after a closing quote; buf is where libcsv stopped, at that text. */
static int after_quote(reader *rd, const char *buf, size_t n)
{
  const struct csv_parser *p = &rd->parser;
  const char *text = (const char *)p->entry_buf;
  size_t len = p->entry_pos - p->spaces - 1; /* the field so far, its closing quote left out */
  size_t from = len > 20 ? len - 20 : 0, after = 0;
  while (from < len && ((unsigned char)text[from] & 0xC0) == 0x80)
    from++;
  while (after < n && after < 20 && buf[after] != p->delim_char && buf[after] != '\n' &&
         buf[after] != '\r')
    after++;
  while (after < n && after > 0 && ((unsigned char)buf[after] & 0xC0) == 0x80)
    after--;
  err_set(rd->e, ERR_INPUT,
          "%s: line %zu, column %zu: text after the closing quote (\"%s%.*s\"%.*s%.*s); a quote "
          "inside quotes is written twice (\"\"), or option lenient = true keeps the text "
          "as Python's csv does", rd->name, rd->line + count_newlines(text, p->entry_pos),
          rd->nfields + 1, from > 0 ? "..." : "", (int)(len - from), text + from,
          (int)p->spaces, text + len + 1, (int)after, buf);
  rd->failed = 1;
  return -1;
}

/*
 * libcsv in strict mode stops at a quote RFC 4180 does not allow, its state
 * kept, buf at the byte it stopped at. A quote inside an unquoted field is
 * data, as in Python's csv (5" stays 5"): it is handed over without strict
 * mode. Text after a closing quote is an error, or with option lenient,
 * what Python's csv makes of it: the quoted part, then the rest of the field
 * read unquoted ("x" y is x y). Returns the bytes used, or -1.
 */
static int misplaced_quote(reader *rd, const char *buf, size_t n)
{
  struct csv_parser *p = &rd->parser;
  p->status = 0;
  if (p->pstate == LIBCSV_FIELD_BEGUN && !p->quoted) {
    int opts = csv_get_opts(p);
    csv_set_opts(p, (unsigned char)(opts & ~CSV_STRICT));
    size_t used = csv_parse(p, buf, 1, on_field, on_record, rd);
    csv_set_opts(p, (unsigned char)opts);
    return used == 1 ? 1 : csvr_fail_nomem(rd);
  }
  if (!rd->o->lenient || p->pstate != LIBCSV_FIELD_MIGHT_HAVE_ENDED)
    return after_quote(rd, buf, n);
  /* libcsv holds the closing quote, then any spaces after it: the quote goes, the spaces stay. */
  size_t at = p->entry_pos - p->spaces - 1;
  memmove(p->entry_buf + at, p->entry_buf + at + 1, p->spaces);
  p->entry_pos--;
  p->spaces = 0;
  p->quoted = 0;
  p->pstate = LIBCSV_FIELD_BEGUN;
  return 0;
}

/* Bytes to libcsv; -1 when it ran out of memory, a callback failed, or a quote is out of place. */
static int parse_bytes(reader *rd, const char *buf, size_t n)
{
  size_t done = 0;
  while (!rd->failed) {
    done += csv_parse(&rd->parser, buf + done, n - done, on_field, on_record, rd);
    if (done == n || rd->failed)
      break;
    if (csv_error(&rd->parser) != CSV_EPARSE)
      return csvr_fail_nomem(rd);
    int used = misplaced_quote(rd, buf + done, n - done);
    if (used < 0)
      return -1;
    done += (size_t)used;
  }
  return rd->failed ? -1 : 0;
}

/* The delimiter, from the option or the first block (whole: the whole source). */
static int take_delimiter(reader *rd, const char *buf, size_t n, int whole)
{
  char delim = rd->o->delimiter, why[400];
  if (delim == 0 &&
      csvio_sniff_delimiter(buf, n, whole, rd->o, &delim, why, sizeof why) != 0) {
    err_set(rd->e, ERR_INPUT, "%s: %s", rd->name, why);
    rd->failed = 1;
    return -1;
  }
  csv_set_delim(&rd->parser, (unsigned char)delim);
  rd->r->delimiter = delim;
  return 0;
}

/*
 * Feeds one block to libcsv. The first block also gets its BOM removed and
 * its delimiter detected (whole: it is the whole source). Spaces around
 * fields are data, which libcsv keeps only when told that nothing is a
 * space: a call per byte, so a block where its dropping them would change
 * no field keeps its own handling (option trim always does).
 */
static int feed(reader *rd, const char *buf, size_t n, int first, int whole)
{
  if (first) {
    if (n >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0))
      return csvr_fail(rd, ERR_INPUT, "the file is UTF-16; save it as UTF-8");
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
      buf += 3;
      n -= 3;
    }
    if (take_delimiter(rd, buf, n, whole) != 0)
      return -1;
  }
  int spaces = csvr_spaces_matter(buf, n, (char)csv_get_delim(&rd->parser));
  csv_set_space_func(&rd->parser, spaces && !rd->o->trim ? csvr_no_space : NULL);
  rd->plain_below = rd->ascii && !spaces && !rd->spaces_before ? rd->block_size : 0;
  rd->spaces_before = spaces;
  return parse_bytes(rd, buf, n);
}

/* Whether the n bytes at s are all ASCII (so valid UTF-8), eight at a time. */
static int all_ascii(const char *s, size_t n)
{
  uint64_t any = 0, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, s + i, 8);
    any |= w;
  }
  for (; i < n; i++)
    any |= (unsigned char)s[i];
  return (any & 0x8080808080808080ULL) == 0;
}

/* After a block: a Ctrl-C or time limit stops the read (-1), else the progress is reported. */
static int after_block(reader *rd, size_t done, size_t total)
{
  int why = halt_check();
  if (why != HALT_NONE) {
    err_halt(rd->e, why);
    rd->failed = 1;
    return -1;
  }
  if (rd->o->progress && !rd->background && rd->progress_total == 0)
    rd->o->progress(rd->o->progress_ud, done, total, rd->r->rows);
  else if (rd->o->progress && !rd->background) /* a half standing for the whole */
    rd->o->progress(rd->o->progress_ud, (size_t)((double)done / (double)total *
                    (double)rd->progress_total), rd->progress_total, rd->r->rows * 2);
  return 0;
}

int csvr_parse(reader *rd, source *src, int first)
{
  /* Small files read in small blocks, so the buffer adds little to their peak; text in memory needs none. */
  size_t size = src->total > 0 && src->total / 8 < CSVR_BLOCK ? src->total / 8 : CSVR_BLOCK;
  if (size < 4096)
    size = 4096;
  char *buf = src->file != NULL ? mem_alloc(size) : NULL;
  if (src->file != NULL && buf == NULL)
    return csvr_fail_nomem(rd);
  size_t done = 0, n;
  int rc = 0;
  const char *block;
  while (rc == 0 && (block = source_next(src, buf, size, &n)) != NULL && n > 0) {
    if (!rd->saw_quote && memchr(block, '"', n) != NULL)
      rd->saw_quote = 1;
    int ascii = all_ascii(block, n);
    rd->ascii = ascii && (done == 0 || rd->ascii_before);
    rd->ascii_before = ascii;
    rd->block_size = size;
    if (rd->cancel != NULL && ((rd->watch_quotes && rd->saw_quote) || atomic_load(rd->cancel))) {
      rc = -1; /* the parallel read is given up: no error of this reader's own */
      break;
    }
    rc = feed(rd, block, n, first, src->total > 0 && src->pos >= src->total);
    first = 0;
    done += n;
    if (rc == 0 && !rd->reserved && rd->have_header && !rd->infer_only)
      reserve_rows(rd, done, src->total);
    if (rc == 0)
      rc = after_block(rd, done, src->total);
  }
  mem_free(buf);
  if (rc == 0 && src->file != NULL && ferror(src->file))
    return csvr_fail(rd, ERR_IO, "%s", strerror(errno));
  return rc;
}

int csvr_finish(reader *rd)
{
  /*
   * libcsv's state is public: a field that began with a quote (quoted) and
   * is still being read (FIELD_BEGUN) was never closed.
   */
  if (rd->parser.quoted && rd->parser.pstate == LIBCSV_FIELD_BEGUN) {
    if (rd->nfields == 0)
      rd->record_line = rd->line;
    return csvr_fail(rd, ERR_INPUT,
                "unterminated quoted field (the quote that opens field %zu is never closed)",
                rd->nfields + 1);
  }
  if (csv_fini(&rd->parser, on_field, on_record, rd) != 0 && !rd->failed)
    return csvr_fail_nomem(rd);
  return rd->failed ? -1 : 0;
}
