/*
 * csvlayout.c - where the table lies in a CSV file, and its records into
 * rows (docs/csv.md, "Annex tables").
 *
 * Records come here gathered whole from csvrecord.c: before the header,
 * lines with at most one non-empty cell are held as possible titles until a
 * line with two shows the header (or, past a few dozen, the file shows it
 * has one column, and they are read as its header and rows); the header of
 * one or more rows (or none) names the columns. After it, records whose
 * only value is text in the first cell are held back until what follows
 * shows whether they are data or footnotes below the table; with option
 * footer the last N records are held and dropped at the end. Held records
 * never reach the columns unless they turn out to be rows, so titles and
 * footnotes leave the columns' types alone.
 */
#include "csvread.h"

#include <string.h>

#include "colnames.h"
#include "mem.h"
#include "text.h"
#include "vn.h"

/* Lines with some content held as possible titles before the file is taken for one column. */
#define TITLE_MAX_LINES 64
/* Records held at once as possible footnotes; the oldest is taken for data past it. */
#define FOOTNOTE_MAX 64
/* Bytes held as titles or footnotes before the oldest is given up. */
#define HELD_MAX_BYTES ((size_t)1 << 16)
/* Columns of text shown of a title or footnote in its note, and of a column's name. */
#define SHOWN_COLUMNS 80
#define NAME_COLUMNS 100

/* The held queue ------------------------------------------------------- */

static size_t held_count(const reader *rd)
{
  return rd->held.n - rd->held.head;
}

static rec held_at(const reader *rd, size_t i)
{
  const heldrec *h = &rd->held.recs[rd->held.head + i];
  return (rec){rd->held.fields + h->field0, rd->held.bytes, h->nfields, h->line};
}

/* Appends a copy of c to the queue; -1 when out of memory (rd failed). */
static int held_push(reader *rd, const rec *c, int blank_before)
{
  heldq *q = &rd->held;
  size_t bytes = 0;
  for (size_t k = 0; k < c->n; k++)
    bytes += c->f[k].len + 1;
  if (csvr_grow((void **)&q->recs, &q->cap, q->n + 1, sizeof *q->recs) != 0 ||
      csvr_grow((void **)&q->fields, &q->capfields, q->nfields + c->n, sizeof *q->fields) != 0 ||
      csvr_grow((void **)&q->bytes, &q->capbytes, q->nbytes + bytes + 1, 1) != 0)
    return csvr_fail_nomem(rd);
  q->recs[q->n++] = (heldrec){c->line, q->nfields, c->n, q->nbytes, blank_before};
  for (size_t k = 0; k < c->n; k++) {
    const field *f = &c->f[k];
    q->fields[q->nfields++] = (field){q->nbytes, f->len, f->kind};
    if (f->len > 0)
      memcpy(q->bytes + q->nbytes, c->bytes + f->off, f->len);
    q->bytes[q->nbytes + f->len] = '\0';
    q->nbytes += f->len + 1;
  }
  return 0;
}

static void held_clear(heldq *q)
{
  q->head = q->n = q->nfields = q->nbytes = 0;
}

/* Lets go of the oldest record; moves the rest down now and then (the footer's queue never empties). */
static void held_pop(heldq *q)
{
  if (++q->head == q->n) {
    held_clear(q);
    return;
  }
  if (q->head < 1024 || q->head * 2 < q->n)
    return;
  heldrec *first = &q->recs[q->head];
  size_t f0 = first->field0, b0 = first->byte0;
  memmove(q->fields, q->fields + f0, (q->nfields - f0) * sizeof *q->fields);
  memmove(q->bytes, q->bytes + b0, q->nbytes - b0);
  q->nfields -= f0;
  q->nbytes -= b0;
  for (size_t k = 0; k < q->nfields; k++)
    q->fields[k].off -= b0;
  memmove(q->recs, first, (q->n - q->head) * sizeof *q->recs);
  q->n -= q->head;
  q->head = 0;
  for (size_t k = 0; k < q->n; k++) {
    q->recs[k].field0 -= f0;
    q->recs[k].byte0 -= b0;
  }
}

/* Cells ------------------------------------------------------------------ */

int csvr_only_spaces(const char *s, size_t len)
{
  for (size_t k = 0; k < len; k++)
    if (s[k] != ' ' && s[k] != '\t')
      return 0;
  return 1;
}

/*
 * A record with nothing in it: no field, an empty one, or spaces and tabs
 * alone, except after the header of a one-column file, where those are a
 * value (as Python's csv reads them, so what to_csv writes reads back).
 */
static int blank_record(const reader *rd, const rec *c)
{
  if (c->n == 0 || (c->n == 1 && c->f[0].kind == FIELD_EMPTY))
    return 1;
  return c->n == 1 && (!rd->have_header || rd->ncol > 1) &&
         csvr_only_spaces(c->bytes + c->f[0].off, c->f[0].len);
}

/* Cells with something in them (not empty, "", or spaces); *which is the last such. */
static size_t filled_cells(const rec *c, size_t *which)
{
  size_t n = 0;
  for (size_t k = 0; k < c->n; k++) {
    const field *f = &c->f[k];
    if (f->kind == FIELD_TEXT && !csvr_only_spaces(c->bytes + f->off, f->len)) {
      n++;
      *which = k;
    }
  }
  return n;
}

/*
 * How a note shows a cell's text: its first line, valid UTF-8 only, at most
 * SHOWN_COLUMNS wide (a note is one line of the report's notes).
 */
static int shown_length(const char *s, size_t len, const char **dots)
{
  size_t line = 0;
  while (line < len && s[line] != '\n' && s[line] != '\r')
    line++;
  size_t n = utf8_fit(s, utf8_check(s, line), SHOWN_COLUMNS, NULL);
  *dots = n < len ? "..." : "";
  return (int)n;
}

/* A column's name for a note: line breaks made spaces, at most size - 1 bytes (whole characters). */
static const char *name_for_note(const char *name, char *buf, size_t size)
{
  size_t len = strlen(name), n = utf8_fit(name, len, NAME_COLUMNS, NULL);
  n = n < size - 4 ? n : 0;
  for (size_t k = 0; k < n; k++)
    buf[k] = name[k] == '\n' || name[k] == '\r' ? ' ' : name[k];
  strcpy(buf + n, n < len ? "..." : "");
  return buf;
}

/* Rows ------------------------------------------------------------------ */

void csvr_note_line(size_t *count, size_t *lines, size_t line)
{
  if (*count < CSV_REPORT_LINES)
    lines[*count] = line;
  (*count)++;
}

int csvr_wrong_length(reader *rd, size_t n, size_t want)
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

static int empty_from(const rec *c, size_t from)
{
  for (size_t k = from; k < c->n; k++)
    if (c->f[k].kind != FIELD_EMPTY)
      return 0;
  return 1;
}

/* Makes a record of the wrong length fit (*n: its fields to put), or says why not. 1 use, 0 skip, -1. */
static int fit_record(reader *rd, const rec *c, size_t *n)
{
  size_t want = rd->ncol;
  csv_report *r = rd->r;
  if (rd->o->ragged == RAGGED_SKIP) {
    csvr_note_line(&r->skipped, r->skipped_lines, c->line);
    return 0;
  }
  if (rd->o->ragged == RAGGED_PAD && c->n < want) {
    csvr_note_line(&r->padded, r->padded_lines, c->line);
    return 1;
  }
  if (rd->o->ragged == RAGGED_PAD && empty_from(c, want)) {
    *n = want;
    csvr_note_line(&r->trimmed, r->trimmed_lines, c->line);
    return 1;
  }
  return csvr_wrong_length(rd, c->n, want);
}

/* Puts a record into the columns as a row (a short one padded with nulls when asked). */
static void take_row(reader *rd, const rec *c)
{
  size_t n = c->n;
  rd->record_line = c->line;
  if (n != rd->ncol && fit_record(rd, c, &n) <= 0)
    return;
  for (size_t k = 0; k < rd->ncol; k++) {
    const field *f = k < n ? &c->f[k] : NULL;
    int rc = f ? csvr_put_value(rd, k, c->bytes + f->off, f->len, f->kind)
               : csvr_put_value(rd, k, "", 0, FIELD_EMPTY);
    if (rc != 0)
      return;
  }
  rd->r->rows++;
}

/* The oldest held record put into the columns as a row. Its text may span blocks: UTF-8 checked. */
static void take_held(reader *rd)
{
  rec c = held_at(rd, 0);
  int ascii = rd->ascii;
  rd->ascii = 0;
  take_row(rd, &c);
  rd->ascii = ascii;
  held_pop(&rd->held);
}

void csvr_flush_held(reader *rd)
{
  while (held_count(rd) > 0 && !rd->failed)
    take_held(rd);
}

/*
 * In a file of one column an empty line is an empty cell, that is a null,
 * as spreadsheets write it; empty lines at the very end are not rows. So
 * empty lines are counted, and become nulls when a row follows them.
 */
static void take_blank_rows(reader *rd)
{
  static const field null_field = {0, 0, FIELD_EMPTY};
  rec null_row = {&null_field, "", 1, 0};
  for (; rd->blank_rows > 0 && !rd->failed; rd->blank_rows--) {
    null_row.line = rd->record_line;
    if (rd->footer > 0)
      held_push(rd, &null_row, 0);
    else if (csvr_put_value(rd, 0, "", 0, FIELD_EMPTY) == 0)
      rd->r->rows++;
  }
}

/* Option footer: the record joins the last `footer` held back; the oldest beyond them is a row. */
static void hold_footer(reader *rd, const rec *c)
{
  if (held_push(rd, c, 0) != 0)
    return;
  while (held_count(rd) > rd->footer && !rd->failed)
    take_held(rd);
}

/* Footnotes ------------------------------------------------------------- */

/* Whether the record's first cell holds no value: empty, or a null token. */
static int first_is_null(const reader *rd, const rec *c)
{
  const field *f = &c->f[0];
  return f->kind == FIELD_EMPTY || csvr_is_null_token(rd, c->bytes + f->off, f->len);
}

/*
 * Whether c may lie below the table: every field but the first is empty,
 * and the first is empty or a null too, or text that is not a number.
 */
static int may_be_footnote(const reader *rd, const rec *c)
{
  if (!empty_from(c, 1) || c->f[0].kind == FIELD_QUOTED_EMPTY)
    return 0;
  if (first_is_null(rd, c))
    return 1;
  int64_t i;
  double d;
  return num_parse(c->bytes + c->f[0].off, c->f[0].len, &rd->o->num, &i, &d) == NUM_NONE;
}

/* The words and marks a footnote begins with, folded (no tones or marks, lower case). */
static const char *const footnote_words[] = {
  "nguon", "ghi chu", "chu thich", "chu giai", "luu y", "source", "sources", "note", "notes", NULL,
};

static int is_letter(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* "(*)", "(1)", "(12)": a mark in brackets. */
static int bracket_mark(const char *s, size_t len)
{
  size_t k = 1;
  while (k < len && k < 4 && (s[k] == '*' || (s[k] >= '0' && s[k] <= '9')))
    k++;
  return k > 1 && k < len && s[k] == ')';
}

/*
 * Whether text starts with a footnote word or mark, in any letter case, with
 * or without tones: 1 or 0, or -1 when out of memory.
 */
static int footnote_start(const char *s, size_t len)
{
  while (len > 0 && (*s == ' ' || *s == '\t'))
    s++, len--;
  if (len > 0 && (*s == '*' || (*s == '(' && bracket_mark(s, len))))
    return 1;
  size_t cut = len < 32 ? len : 32;
  while (cut < len && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--; /* a whole character */
  sbuf b;
  sbuf_init(&b);
  cherr e;
  int found = vn_fold(s, cut, &b, &e) != 0 || b.failed ? -1 : 0;
  if (found == 0)
    for (size_t w = 0; footnote_words[w] != NULL && !found; w++) {
      size_t n = strlen(footnote_words[w]);
      found = b.len >= n && memcmp(b.p, footnote_words[w], n) == 0 &&
              (b.len == n || !is_letter(b.p[n]));
    }
  sbuf_free(&b);
  return found;
}

/* Holds c back as a possible footnote; the oldest held is taken for data when too many are. */
static void hold_footnote(reader *rd, const rec *c)
{
  if (held_push(rd, c, rd->blank_seen) != 0)
    return;
  rd->blank_seen = 0;
  while ((held_count(rd) > FOOTNOTE_MAX || rd->held.nbytes > HELD_MAX_BYTES) && held_count(rd) > 1 &&
         !rd->failed)
    take_held(rd);
}

enum { HELD_DATA, HELD_EMPTY, HELD_FOOTNOTE };

/*
 * What each held record is, in file order: an empty row, a footnote (its
 * text begins with a footnote word or mark, it has fewer fields than the
 * header, or an empty line lies between it and the table), or data.
 */
static int classify_held(reader *rd, unsigned char *kind)
{
  int apart = 0; /* an empty line since the last record that may be the table's */
  for (size_t i = 0; i < held_count(rd); i++) {
    const heldrec *h = &rd->held.recs[rd->held.head + i];
    rec c = held_at(rd, i);
    apart |= h->blank_before;
    int marked = apart || c.n < rd->ncol ? 1 : footnote_start(c.bytes + c.f[0].off, c.f[0].len);
    if (marked < 0)
      return csvr_fail_nomem(rd);
    kind[i] = first_is_null(rd, &c) ? HELD_EMPTY : marked ? HELD_FOOTNOTE : HELD_DATA;
  }
  return 0;
}

/*
 * At the end of the file: from the last record back, footnotes (and empty
 * rows among and just above them) are dropped, until a record that is data;
 * it and those before it are rows. At least one row is kept. The dropped
 * stay held for csvr_note_footnotes.
 */
static void decide_footnotes(reader *rd)
{
  unsigned char kind[FOOTNOTE_MAX + 1];
  while (held_count(rd) > FOOTNOTE_MAX && !rd->failed)
    take_held(rd);
  size_t n = held_count(rd), cut = n, i = n;
  if (classify_held(rd, kind) != 0)
    return;
  while (i > 0 && kind[i - 1] != HELD_DATA) {
    if (kind[--i] == HELD_FOOTNOTE)
      cut = i;
  }
  if (cut < n)
    cut = i; /* empty rows between the table and its footnotes go with them */
  if (cut == 0 && rd->r->rows == 0)
    cut = 1;
  for (size_t k = 0; k < cut && !rd->failed; k++)
    take_held(rd);
}

void csvr_note_footnotes(reader *rd, csv_report *r, size_t offset)
{
  for (size_t i = 0; i < held_count(rd); i++) {
    rec c = held_at(rd, i);
    const char *s = c.bytes + c.f[0].off, *dots;
    int shown = shown_length(s, c.f[0].len, &dots);
    if (first_is_null(rd, &c))
      csvio_note(r, "line %zu (no values) dropped with the footnotes below it (option footer sets "
                 "the lines to drop)", c.line + offset);
    else
      csvio_note(r, "line %zu ('%.*s%s') taken for a footnote below the table and dropped (option "
                 "footer sets the lines to drop)", c.line + offset, shown, s, dots);
  }
  held_clear(&rd->held);
}

/* Records after the header ----------------------------------------------- */

static void after_header(reader *rd, const rec *c)
{
  int blank = blank_record(rd, c);
  if (rd->ncol == 1 && blank) {
    rd->blank_rows++;
  } else if (rd->ncol == 1) {
    take_blank_rows(rd);
    if (rd->footer > 0)
      hold_footer(rd, c);
    else if (!rd->failed)
      take_row(rd, c);
  } else if (blank) {
    rd->blank_seen = 1;
  } else if (rd->footer > 0) {
    hold_footer(rd, c);
  } else if (rd->footnotes && may_be_footnote(rd, c)) {
    hold_footnote(rd, c);
  } else {
    csvr_flush_held(rd);
    rd->blank_seen = 0;
    if (!rd->failed)
      take_row(rd, c);
  }
}

/* The header and the columns' names ------------------------------------- */

/* Checks field k of a header row: valid UTF-8, no NUL byte. 0 or -1. */
static int check_name(reader *rd, const rec *c, size_t k)
{
  const field *f = &c->f[k];
  const char *s = c->bytes + f->off;
  rd->record_line = c->line;
  if (utf8_check(s, f->len) < f->len)
    return csvr_fail_not_utf8(rd, k + 1, s, f->len); /* csvenc.c names the likely encoding */
  if (memchr(s, '\0', f->len) != NULL)
    return csvr_fail(rd, ERR_INPUT, "column %zu has a NUL byte in its name", k + 1);
  return 0;
}

/* Names from one header row as written (trimmed with option trim), or several joined. */
static int names_from_rows(reader *rd, const rec *rows, size_t nrows, size_t n, char **names)
{
  for (size_t r = 0; r < nrows; r++)
    for (size_t k = 0; k < rows[r].n; k++)
      if (check_name(rd, &rows[r], k) != 0)
        return -1;
  if (nrows > 1) {
    colnames_cell *cells = mem_calloc(nrows * n, sizeof *cells);
    if (cells == NULL)
      return csvr_fail_nomem(rd);
    for (size_t r = 0; r < nrows; r++)
      for (size_t k = 0; k < rows[r].n; k++)
        cells[r * n + k] = (colnames_cell){rows[r].bytes + rows[r].f[k].off, rows[r].f[k].len};
    int rc = colnames_join(cells, nrows, n, 1, names, rd->e);
    mem_free(cells);
    rd->failed |= rc != 0; /* e says why: memory, or the deadline */
    return rc;
  }
  for (size_t k = 0; k < n; k++) {
    const char *s = rows[0].bytes + rows[0].f[k].off;
    size_t len = rows[0].f[k].len;
    if (rd->o->trim)
      text_trim(&s, &len);
    if ((names[k] = mem_strndup(s, len)) == NULL)
      return csvr_fail_nomem(rd);
  }
  return 0;
}

/* header = false: V1, V2, ... each to be dropped if it holds no value. */
static int numbered_names(reader *rd, char **names)
{
  for (size_t k = 0; k < rd->ncol; k++) {
    char v[32];
    int len = snprintf(v, sizeof v, "V%zu", k + 1);
    if ((names[k] = mem_strndup(v, (size_t)len)) == NULL)
      return csvr_fail_nomem(rd);
    rd->cols[k].unnamed = 1;
  }
  return 0;
}

static int replace_name(reader *rd, size_t k, const char *name)
{
  mem_free(rd->names[k]);
  if ((rd->names[k] = mem_strndup(name, strlen(name))) == NULL)
    return csvr_fail_nomem(rd);
  rd->cols[k].unnamed = 0;
  return 0;
}

/*
 * Option names: one name for every column; or, with a header, one for each
 * column the header names (its unnamed, empty ones are then dropped); or,
 * without one, for the first columns (the rest must be empty, and are
 * dropped).
 */
static int apply_names(reader *rd)
{
  const csv_options *o = rd->o;
  size_t named = 0, given = 0;
  for (size_t k = 0; k < rd->ncol; k++)
    named += rd->names[k][0] != '\0';
  int all = o->nnames == rd->ncol, some = o->header ? o->nnames == named : o->nnames < rd->ncol;
  if (!all && !some) {
    rd->record_line = rd->header_line;
    return csvr_fail(rd, ERR_ARG, "option 'names' gives %zu names for %zu columns", o->nnames,
                     rd->ncol);
  }
  for (size_t k = 0; k < rd->ncol; k++) {
    int takes = all || (o->header ? rd->names[k][0] != '\0' : k < o->nnames);
    if (takes && replace_name(rd, k, o->names[given++]) != 0)
      return -1;
    else if (!takes && !o->header)
      rd->names[k][0] = '\0'; /* no V name: a value there is an error */
  }
  return 0;
}

static void note_renamed(void *ud, size_t k, const char *was, const char *now)
{
  reader *rd = ud;
  char a[4 * NAME_COLUMNS + 8], b[4 * NAME_COLUMNS + 8];
  csvio_note(rd->r, "column %zu repeats the name '%s'; named '%s'", k + 1,
             name_for_note(was, a, sizeof a), name_for_note(now, b, sizeof b));
}

/* A repeated name becomes name_2 with a note, or is an error (duplicate_names = "error"). */
static int settle_names(reader *rd)
{
  rd->record_line = rd->header_line;
  if (rd->o->duplicate_names == DUPNAMES_RENAME)
    return colnames_dedupe(rd->names, rd->ncol, note_renamed, rd, rd->e) != 0 ? csvr_fail_nomem(rd)
                                                                              : 0;
  size_t a, b;
  int rc = colnames_find_repeat(rd->names, rd->ncol, &a, &b, rd->e);
  if (rc < 0)
    return csvr_fail_nomem(rd);
  if (rc > 0)
    return csvr_fail(rd, ERR_INPUT, "duplicate column name '%s' (columns %zu and %zu)", rd->names[a],
                     a + 1, b + 1);
  return 0;
}

/* Applies the caller's type hints; a hint for a column the file lacks is an error. */
static int apply_hints(reader *rd)
{
  size_t n = rd->o->ntypes;
  size_t *found = mem_alloc((n ? n : 1) * sizeof *found);
  if (found == NULL || colnames_hint_columns(rd->names, rd->ncol, rd->o->types, n, found, rd->e) != 0) {
    mem_free(found);
    return csvr_fail_nomem(rd);
  }
  int rc = 0;
  for (size_t h = 0; rc == 0 && h < n; h++) {
    const csv_typehint *t = &rd->o->types[h];
    size_t k = found[h];
    if (k >= rd->ncol && t->name != NULL)
      rc = csvr_fail(rd, ERR_ARG, "option 'types' names column '%s', which the file does not have",
                     t->name);
    else if (k >= rd->ncol)
      rc = csvr_fail(rd, ERR_ARG, "option 'types' gives a type for column %zu, but the file has %zu",
                     t->index, rd->ncol);
    else {
      colbuild_discard(&rd->cols[k].b);
      if (colbuild_init(&rd->cols[k].b, t->type, 0, rd->e) != 0)
        rc = csvr_fail_nomem(rd);
      rd->cols[k].given = 1;
    }
  }
  mem_free(found);
  return rc;
}

/* The columns' names and builders from the header rows (none with header = false: rows[0] is data). */
static int take_header(reader *rd, const rec *rows, size_t nrows)
{
  size_t n = 0;
  for (size_t r = 0; r < nrows; r++)
    n = rows[r].n > n ? rows[r].n : n;
  rd->names = mem_calloc(n ? n : 1, sizeof *rd->names);
  rd->cols = mem_calloc(n ? n : 1, sizeof *rd->cols);
  if (rd->names == NULL || rd->cols == NULL)
    return csvr_fail_nomem(rd);
  rd->ncol = n; /* names and builders still NULL are let go of as they are */
  rd->header_line = rows[0].line;
  int rc = rd->o->header ? names_from_rows(rd, rows, nrows, n, rd->names) : numbered_names(rd, rd->names);
  for (size_t k = 0; rc == 0 && k < n; k++) {
    colstate *cs = &rd->cols[k];
    cs->unnamed |= rd->names[k][0] == '\0';
    coltype t = rd->fixed ? rd->fixed[k] : COL_INT;
    if (colbuild_init(&cs->b, t, 0, rd->e) != 0)
      rc = csvr_fail_nomem(rd);
    cs->fits = FITS_ANY;
    cs->exact = 1;
    cs->given = rd->fixed != NULL;
  }
  if (rc == 0 && rd->o->names != NULL)
    rc = apply_names(rd);
  if (rc == 0)
    rc = settle_names(rd);
  if (rc != 0)
    return -1;
  csvr_header_taken(rd);
  return rd->fixed ? 0 : apply_hints(rd);
}

/* Records before the header ---------------------------------------------- */

/* Header row c: taken at once, or held until header_rows of them are. */
static void header_row(reader *rd, const rec *c)
{
  if (!rd->o->header) {
    if (take_header(rd, c, 1) == 0)
      take_row(rd, c); /* the first line is data */
    return;
  }
  if (rd->o->header_rows <= 1) {
    take_header(rd, c, 1);
    return;
  }
  if (held_push(rd, c, 0) != 0 || held_count(rd) < rd->o->header_rows)
    return;
  rec *rows = mem_alloc(held_count(rd) * sizeof *rows);
  if (rows == NULL) {
    csvr_fail_nomem(rd);
    return;
  }
  for (size_t r = 0; r < held_count(rd); r++)
    rows[r] = held_at(rd, r);
  take_header(rd, rows, held_count(rd));
  mem_free(rows);
  held_clear(&rd->held);
}

/*
 * The held lines turn out not to be titles (the file has no line with two
 * values among its first ones): they are read again, in order, as the
 * header and rows of a file of one column.
 */
static void replay_held(reader *rd)
{
  heldq q = rd->held;
  memset(&rd->held, 0, sizeof rd->held);
  rd->titles = 0;
  for (size_t i = q.head; i < q.n && !rd->failed; i++) {
    const heldrec *h = &q.recs[i];
    rec c = {q.fields + h->field0, q.bytes, h->nfields, h->line};
    csvr_record(rd, &c);
  }
  mem_free(q.recs);
  mem_free(q.fields);
  mem_free(q.bytes);
}

/* Notes the held lines as titles: those with one value (lines of empty cells go unremarked). */
static void note_titles(reader *rd)
{
  for (size_t i = 0; i < held_count(rd); i++) {
    rec c = held_at(rd, i);
    size_t which = 0;
    if (filled_cells(&c, &which) == 0)
      continue;
    const char *s = c.bytes + c.f[which].off, *dots;
    int shown = shown_length(s, c.f[which].len, &dots);
    csvio_note(rd->r, "line %zu ('%.*s%s') taken for a title above the table and skipped (option "
               "skip sets the lines to skip)", c.line, shown, s, dots);
  }
  held_clear(&rd->held);
}

static void before_header(reader *rd, const rec *c)
{
  int blank = blank_record(rd, c);
  size_t which;
  if (rd->titles && filled_cells(c, &which) < 2) {
    if (blank && held_count(rd) == 0)
      return;
    size_t lines = 0;
    for (size_t i = 0; i < held_count(rd); i++) {
      rec h = held_at(rd, i);
      lines += !blank_record(rd, &h);
    }
    if (held_push(rd, c, 0) == 0 && (lines >= TITLE_MAX_LINES || rd->held.nbytes > HELD_MAX_BYTES))
      replay_held(rd);
    return;
  }
  if (rd->titles) {
    note_titles(rd);
    rd->titles = 0;
  } else if (blank) {
    return;
  }
  header_row(rd, c);
}

void csvr_record(reader *rd, const rec *c)
{
  if (rd->failed)
    return;
  if (rd->have_header)
    after_header(rd, c);
  else
    before_header(rd, c);
}

int csvr_layout_end(reader *rd)
{
  if (!rd->have_header && rd->titles && held_count(rd) > 0)
    replay_held(rd);
  if (!rd->failed && !rd->have_header && held_count(rd) > 0) {
    err_set(rd->e, ERR_INPUT, "%s: the file has %zu non-empty line%s, fewer than the %zu of the "
            "header (option header_rows)", rd->name, held_count(rd), held_count(rd) == 1 ? "" : "s",
            rd->o->header_rows);
    rd->failed = 1;
  }
  if (rd->failed)
    return -1;
  if (rd->footer > 0)
    held_clear(&rd->held); /* the last `footer` records, dropped */
  else if (rd->at_cut)
    csvr_flush_held(rd); /* the second half follows: they are rows */
  else if (held_count(rd) > 0) {
    decide_footnotes(rd);
    if (!rd->notes_later)
      csvr_note_footnotes(rd, rd->r, 0);
  }
  return rd->failed ? -1 : 0;
}
