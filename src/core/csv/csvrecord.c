/*
 * csvrecord.c - one pass of the CSV reader over a source, on libcsv.
 *
 * The source is read in blocks (from a file or from memory) and fed to
 * libcsv, which splits the bytes into fields and records; this file keeps
 * track of lines, passes over the lines option skip and comment leave out
 * before libcsv sees them, and gathers records for csvlayout.c (the header,
 * titles, footnotes, rows). In a file of several columns, fields go to their
 * columns as libcsv hands them over (csvvalue.c), without first being
 * gathered into a record; the record's length is settled at its end.
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

/* Any field csvr_quick_value does not take, to its column or into the record being gathered. */
__attribute__((noinline)) static void on_field_slow(reader *rd, void *s, size_t len)
{
  if (rd->failed)
    return;
  rd->cr_pending = 0;
  int kind = s == NULL ? FIELD_EMPTY : len == 0 ? FIELD_QUOTED_EMPTY : FIELD_TEXT;
  if (len > 0 && rd->saw_quote) /* only a quoted field holds a line break */
    rd->line += count_newlines(s, len);
  if (rd->direct) {
    direct_field(rd, s != NULL ? s : "", len, kind);
    return;
  }
  if (csvr_grow((void **)&rd->fields, &rd->capfields, rd->nfields + 1, sizeof(field)) != 0 ||
      csvr_grow((void **)&rd->bytes, &rd->capbytes, rd->nbytes + len + 1, 1) != 0) {
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

/* libcsv's field callback: the common field at once, with few registers to save; the rest apart. */
static void on_field(void *s, size_t len, void *ud)
{
  reader *rd = ud;
  size_t k = rd->nfields;
  if (k == 0)
    rd->record_line = rd->line;
  if (rd->quick && s != NULL && k < rd->ncol && (k > 0 || !rd->defer) && !rd->deferring &&
      !rd->failed && csvr_quick_value(rd, k, s, len)) { /* a deferred record's first field waits */
    rd->nfields = k + 1;
    rd->cr_pending = 0;
    if (k == 0) {
      rd->first_kind = FIELD_TEXT; /* what direct_field notes of a first field, which */
      rd->first_spaces = 0;        /* in a plain block never starts with a space */
    }
    return;
  }
  on_field_slow(rd, s, len);
}

/*
 * Direct records: in a file of several columns, read without skipping rows,
 * each field goes to its column as libcsv hands it over, with no copy into
 * a record. The record's length is settled at its end: a short one padded,
 * a long one trimmed, a blank line's lone null taken back, or an error.
 *
 * While footnotes are looked for (rd->defer), the first field waits in
 * rd->first until a later field has a value: only then is the record
 * known to be a row. One whose other fields are all empty goes whole to
 * csvlayout.c, which holds it back if it may be a footnote, so a footnote
 * never reaches the columns or their types.
 */

/*
 * Keeps the first field of a deferred record: libcsv writes each field into
 * its entry buffer from the start, so the field would be gone with the next
 * one. Instead of a copy, libcsv is given a second buffer of ours to write
 * the next fields into (its buffer and size are public in csv.h, and it
 * grows a buffer through mem_realloc as it grows its own); the two take
 * turns, record after record. Should a field not lie in libcsv's buffer,
 * it is copied.
 */
static void hold_first(reader *rd, const char *s, size_t len)
{
  struct csv_parser *p = &rd->parser;
  rd->first_len = len;
  rd->first_ascii = rd->ascii;
  rd->first_plain = rd->plain_below;
  rd->deferring = 1;
  if (len > 0 && s == (const char *)p->entry_buf) {
    unsigned char *buf = p->entry_buf;
    size_t size = p->entry_size;
    p->entry_buf = (unsigned char *)rd->spare;
    p->entry_size = rd->spare_size;
    rd->spare = (char *)buf;
    rd->spare_size = size;
    rd->first = rd->spare;
    return;
  }
  if (len >= rd->first_cap && csvr_grow((void **)&rd->own_first, &rd->first_cap, len + 1, 1) != 0) {
    csvr_fail_nomem(rd);
    return;
  }
  memcpy(rd->own_first, s, len);
  rd->first = rd->own_first;
}

/* The records held back turn out to be rows: they go into the columns before this one. */
static void flush_before(reader *rd)
{
  size_t line = rd->record_line;
  csvr_flush_held(rd);
  rd->record_line = line;
}

/* Field k (k >= 1) has a value: the record is a row. Held records first, then its first k fields. */
static void undefer(reader *rd, size_t k)
{
  rd->deferring = 0;
  rd->blank_seen = 0;
  if (rd->held.n > rd->held.head)
    flush_before(rd);
  if (rd->failed)
    return;
  int ascii = rd->ascii;
  size_t plain = rd->plain_below;
  rd->ascii = rd->first_ascii;
  rd->plain_below = rd->first_plain; /* what the first field's blocks were, not this one's */
  csvr_put_value(rd, 0, rd->first, rd->first_len, rd->first_kind);
  rd->ascii = ascii;
  rd->plain_below = plain;
  for (size_t j = 1; j < k && j < rd->ncol && !rd->failed; j++)
    csvr_put_value(rd, j, "", 0, FIELD_EMPTY);
}

static void direct_field(reader *rd, const char *s, size_t len, int kind)
{
  size_t k = rd->nfields++;
  if (k == 0) {
    rd->first_kind = kind;
    /* spaces alone: a blank line in a file of several columns (csvlayout.c's rule) */
    rd->first_spaces = len > 0 && (s[0] == ' ' || s[0] == '\t') && csvr_only_spaces(s, len);
    if (rd->defer) {
      hold_first(rd, s, len);
      if (kind == FIELD_QUOTED_EMPTY && !rd->failed) /* "" is a value: not a footnote */
        undefer(rd, 1);
      return;
    }
  } else if (rd->deferring) {
    if (kind == FIELD_EMPTY)
      return;
    if (k == 1 && rd->held.n == rd->held.head && !rd->blank_seen && rd->ascii == rd->first_ascii &&
        rd->plain_below == rd->first_plain) {
      rd->deferring = 0; /* the usual row: only its first field to put first */
      csvr_put_value(rd, 0, rd->first, rd->first_len, rd->first_kind);
    } else {
      undefer(rd, k);
    }
    if (rd->failed)
      return;
  }
  if (k < rd->ncol)
    csvr_put_value(rd, k, s, len, kind);
  else if (kind != FIELD_EMPTY)
    rd->extra_text = 1;
}

/* A deferred record that ended with no value after its first field: a blank line, or csvlayout's. */
static void end_deferred_record(reader *rd)
{
  size_t n = rd->nfields;
  rd->deferring = 0;
  if (n == 1 && (rd->first_kind == FIELD_EMPTY || rd->first_spaces)) { /* a blank line: not a row */
    rd->blank_seen = 1;
    return;
  }
  if (csvr_grow((void **)&rd->fields, &rd->capfields, n, sizeof(field)) != 0) {
    csvr_fail_nomem(rd);
    return;
  }
  rd->fields[0] = (field){0, rd->first_len, rd->first_kind};
  for (size_t k = 1; k < n; k++)
    rd->fields[k] = (field){0, 0, FIELD_EMPTY};
  rec c = {rd->fields, rd->first, n, rd->record_line};
  int ascii = rd->ascii;
  size_t plain = rd->plain_below;
  rd->ascii = rd->first_ascii;
  rd->plain_below = rd->first_plain;
  csvr_record(rd, &c);
  rd->ascii = ascii;
  rd->plain_below = plain;
}

static void end_direct_record(reader *rd)
{
  size_t n = rd->nfields, want = rd->ncol;
  csv_report *r = rd->r;
  if (rd->deferring) {
    end_deferred_record(rd);
    return;
  }
  if (n == 1 && (rd->first_kind == FIELD_EMPTY || rd->first_spaces)) { /* a blank line: not a row */
    if (!rd->infer_only)
      colbuild_drop_last(&rd->cols[0].b);
    return;
  }
  if (n < want && rd->o->ragged == RAGGED_PAD) {
    for (size_t k = n; k < want && !rd->failed; k++)
      csvr_put_value(rd, k, "", 0, FIELD_EMPTY);
    csvr_note_line(&r->padded, r->padded_lines, rd->record_line);
  } else if (n > want && rd->o->ragged == RAGGED_PAD && !rd->extra_text) {
    csvr_note_line(&r->trimmed, r->trimmed_lines, rd->record_line);
  } else if (n != want) {
    csvr_wrong_length(rd, n, want);
  }
  if (!rd->failed)
    r->rows++;
  rd->blank_seen = 0;
}

static void end_record(reader *rd)
{
  if (rd->direct) {
    if (!rd->failed && rd->nfields > 0)
      end_direct_record(rd);
    else
      rd->blank_seen = 1; /* an empty line: footnotes below it stand apart from the table */
    rd->nfields = 0;
    rd->extra_text = 0;
    return;
  }
  if (!rd->failed) {
    rec c = {rd->fields, rd->bytes, rd->nfields, rd->record_line};
    csvr_record(rd, &c);
  }
  rd->nfields = 0;
  rd->nbytes = 0;
}

static void on_record(int c, void *ud)
{
  reader *rd = ud;
  if (rd->quick && rd->nfields == rd->ncol && !rd->deferring && !rd->failed) {
    rd->r->rows++; /* end_record's outcome for a direct record of the header's length */
    rd->blank_seen = 0;
    rd->nfields = 0;
    rd->cr_pending = c == '\r';
    rd->line += c == '\r' || c == '\n';
    return;
  }
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

/*
 * Sizes the columns for the rows the whole file will hold, judging from the
 * first block that holds rows (csvpar's first half: for both halves, whose
 * columns it will take in). The header read alone (csvpar) has none to go by.
 */
static void reserve_rows(reader *rd, size_t done, size_t total)
{
  if (rd->r->rows == 0)
    return;
  rd->reserved = 1;
  if (rd->progress_total > 0)
    total = rd->progress_total;
  if (total == 0 || done == 0)
    return;
  double estimate = (double)total / (double)done * (double)rd->r->rows * 1.02 + 16;
  for (size_t k = 0; k < rd->ncol; k++)
    if (colbuild_presize(&rd->cols[k].b, (size_t)estimate, rd->e) != 0)
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

/* The length of buf's first line, its line end (LF, CR) included; n when it has none. */
static size_t line_length(const char *buf, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (buf[i] == '\n' || buf[i] == '\r')
      return i + 1;
  return n;
}

/*
 * Whether the line buf starts is one to leave out: one of the first `skip`
 * lines, or a comment (its first character the comment one, where libcsv is
 * between records: not inside a quoted field that spans lines).
 */
static int leave_out(reader *rd, const char *buf)
{
  if (rd->skip_left > 0) {
    rd->skip_left--;
    return 1;
  }
  return rd->o->comment != 0 && buf[0] == rd->o->comment && rd->parser.pstate == 0;
}

/*
 * Feeds a block line by line, passing over the lines left out (options skip
 * and comment) before libcsv sees them; each counts as a line all the same.
 * Once the skipped lines are behind and no comment character is set, the
 * rest goes to libcsv at once.
 */
static int feed_lines(reader *rd, const char *buf, size_t n)
{
  while (n > 0) {
    if (rd->skip_cr && buf[0] == '\n') { /* the LF of a skipped line's CRLF */
      rd->skip_cr = 0;
      buf++, n--;
      continue;
    }
    rd->skip_cr = 0;
    if (!rd->in_skip && !rd->filter)
      return parse_bytes(rd, buf, n);
    if (!rd->in_skip && leave_out(rd, buf))
      rd->in_skip = 1;
    size_t len = line_length(buf, n);
    if (rd->in_skip && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) {
      rd->in_skip = 0;
      rd->skip_cr = buf[len - 1] == '\r';
      rd->line++;
    } else if (!rd->in_skip && parse_bytes(rd, buf, len) != 0) {
      return -1;
    }
    buf += len, n -= len;
  }
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
  rd->quick = rd->direct && !rd->infer_only && rd->plain_below > 0;
  if (rd->filter || rd->in_skip || rd->skip_cr)
    return feed_lines(rd, buf, n);
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
    /* Before the tail no record can be a footnote: more than the held ones follow it. */
    rd->in_tail = src->total == 0 || done >= src->total || src->total - done <= CSVR_FOOTNOTE_TAIL;
    if (rd->may_defer)
      rd->defer = rd->in_tail && !rd->at_cut;
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
  if (!rd->failed)
    csvr_layout_end(rd);
  return rd->failed ? -1 : 0;
}
