/*
 * csvread.c - CSV to dataset, on libcsv.
 *
 * libcsv splits the bytes into fields and records; this file keeps track of
 * lines, gathers each record, checks it, and feeds each field to its column.
 * A column's type is inferred as the file goes: it starts as whatever its
 * first value is and widens (int to float, anything to string) when a value
 * does not fit. Widening to string needs the text of the values already read;
 * when that text cannot be rebuilt exactly (a float such as "1.50"), the file
 * is read a second time with every column's final type fixed.
 */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dict.h"
#include "halt.h"
#include "mem.h"
#include "text.h"

const char *const csvio_default_na[] = {"NA", "N/A", "null"};
const size_t csvio_default_nna = sizeof csvio_default_na / sizeof csvio_default_na[0];

/* Bytes handed to libcsv at a time; also how often progress and Ctrl-C are checked. */
#define BLOCK ((size_t)1 << 18)

void csvio_options_init(csv_options *o)
{
  memset(o, 0, sizeof *o);
  o->num.decimal = '.';
  o->ragged = RAGGED_ERROR;
}

/* How a field arrived: an unquoted empty field is null, a quoted one ("") is empty text. */
enum { FIELD_TEXT, FIELD_EMPTY, FIELD_QUOTED_EMPTY };

typedef struct field {
  size_t off, len;
  int kind;
} field;

/* Types a column's values so far all fit; none left means string. */
enum { FITS_INT = 1, FITS_FLOAT = 2, FITS_BOOL = 4, FITS_ANY = 7 };

typedef struct colstate {
  colbuild b;
  int fits;      /* FITS_* the column's values so far all satisfy */
  int given;     /* type fixed by the caller or by the first pass */
  int exact;     /* the values stored so far can be turned back into their exact text */
  size_t values; /* non-null values so far */
} colstate;

typedef struct source {
  FILE *file;
  const char *data;
  size_t len, pos;
  size_t total;  /* bytes in all, 0 when unknown */
} source;

typedef struct reader {
  const char *name;
  const csv_options *o;
  csv_report *r;
  cherr *e;
  int failed;
  struct csv_parser parser;
  size_t line;        /* line of the next byte, from 1 */
  size_t record_line; /* line on which the current record began */
  int cr_pending;     /* the last terminator was a CR that an LF may complete */
  field *fields;      /* the record being read */
  size_t nfields, capfields;
  char *bytes;
  size_t nbytes, capbytes;
  int have_header;
  char **names;
  size_t ncol;
  colstate *cols;
  const coltype *fixed; /* second pass: every column's type */
  size_t blank_rows;  /* empty lines not yet taken as nulls (one-column files) */
  int reread;         /* some column needs a second pass */
  int infer_only;     /* so this pass only infers types and keeps no values */
  int reserved;       /* columns have been sized from the first block */
} reader;

static int fail(reader *rd, err_code code, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* Records an error about the current record (ERR_INPUT) or the file as a whole. */
static int fail(reader *rd, err_code code, const char *fmt, ...)
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

static int fail_nomem(reader *rd)
{
  rd->failed = 1;
  return err_nomem(rd->e);
}

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

static void on_field(void *s, size_t len, void *ud)
{
  reader *rd = ud;
  if (rd->failed)
    return;
  if (rd->nfields == 0)
    rd->record_line = rd->line;
  rd->cr_pending = 0;
  if (grow((void **)&rd->fields, &rd->capfields, rd->nfields + 1, sizeof(field)) != 0 ||
      grow((void **)&rd->bytes, &rd->capbytes, rd->nbytes + len + 1, 1) != 0) {
    fail_nomem(rd);
    return;
  }
  field *f = &rd->fields[rd->nfields++];
  f->off = rd->nbytes;
  f->len = len;
  f->kind = s == NULL ? FIELD_EMPTY : len == 0 ? FIELD_QUOTED_EMPTY : FIELD_TEXT;
  if (len > 0) {
    memcpy(rd->bytes + rd->nbytes, s, len);
    rd->line += count_newlines(s, len);
  }
  rd->bytes[rd->nbytes + len] = '\0';
  rd->nbytes += len + 1;
}

/* Columns and their types */

static coltype stored_type(int fits)
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
static int restart_as(reader *rd, colstate *cs, coltype t)
{
  colbuild nb;
  column *old = cs->b.col;
  if (colbuild_init(&nb, t, cs->b.cap, rd->e) != 0)
    return fail_nomem(rd);
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
      return fail_nomem(rd);
    }
  }
  colbuild_discard(&cs->b);
  cs->b = nb;
  return 0;
}

static void ints_to_floats(column *c)
{
  for (size_t i = 0; i < c->len; i++) {
    int64_t v;
    memcpy(&v, &c->v.i[i], sizeof v);
    double f = (double)v;
    memcpy(&c->v.f[i], &f, sizeof f);
  }
  c->type = COL_FLOAT;
}

/*
 * A column turned to text after values whose exact text is lost: the file
 * will be read again with every type fixed, so from here on the first pass
 * only infers types, and the values kept so far are let go.
 */
static int start_inferring_only(reader *rd)
{
  rd->reread = 1;
  rd->infer_only = 1;
  for (size_t k = 0; k < rd->ncol; k++) {
    colbuild *b = &rd->cols[k].b;
    coltype t = b->col->type;
    colbuild_discard(b);
    if (colbuild_init(b, t, 0, rd->e) != 0)
      return fail_nomem(rd);
  }
  return 0;
}

/* The column's values narrowed from cs->fits to fits: converts what it holds. */
static int widen(reader *rd, colstate *cs, int fits)
{
  coltype from = stored_type(cs->fits), to = stored_type(fits);
  cs->fits = fits;
  if (from == to)
    return 0;
  if (!rd->infer_only && from == COL_INT && to == COL_FLOAT) {
    ints_to_floats(cs->b.col);
    cs->exact = 0;
    return 0;
  }
  /* Nulls kept for "" fields would have to be empty strings now: start again. */
  if (!rd->infer_only && to == COL_STR && !cs->exact && start_inferring_only(rd) != 0)
    return -1;
  return restart_as(rd, cs, to);
}

static int parse_bool(const char *s, size_t len, int *v)
{
  if (len == 4 && strncasecmp(s, "true", 4) == 0)
    *v = 1;
  else if (len == 5 && strncasecmp(s, "false", 5) == 0)
    *v = 0;
  else
    return 0;
  return 1;
}

static int is_na(const reader *rd, const char *s, size_t len)
{
  const char *const *na = rd->o->na ? rd->o->na : csvio_default_na;
  size_t nna = rd->o->na ? rd->o->nna : csvio_default_nna;
  for (size_t k = 0; k < nna; k++)
    if (strlen(na[k]) == len && memcmp(na[k], s, len) == 0)
      return 1;
  return 0;
}

/* Text of a value for an error message: at most 40 bytes, cut at a character boundary. */
static const char *shorten(const char *s, size_t len, char *buf, size_t size)
{
  size_t n = utf8_fit(s, len, 40, NULL);
  snprintf(buf, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
  return buf;
}

/* A field read as the type of its column. */
typedef struct value {
  int64_t i;
  double f;
  int b;
  const char *s;
  size_t len;
} value;

/* Appends v to the column, unless a second pass is coming and values are not being kept. */
static int store(reader *rd, colstate *cs, const value *v)
{
  if (rd->infer_only)
    return 0;
  int rc;
  switch (cs->b.col->type) {
  case COL_INT: rc = colbuild_int(&cs->b, v->i, rd->e); break;
  case COL_FLOAT: rc = colbuild_float(&cs->b, v->f, rd->e); break;
  case COL_BOOL: rc = colbuild_bool(&cs->b, v->b, rd->e); break;
  default: rc = colbuild_str(&cs->b, v->s, v->len, rd->e); break;
  }
  return rc ? fail_nomem(rd) : 0;
}

static int put_given(reader *rd, colstate *cs, size_t k, const char *s, size_t len)
{
  value v = {0, 0, 0, s, len};
  int ok = 1;
  switch (cs->b.col->type) {
  case COL_STR: break;
  case COL_INT: ok = num_parse(s, len, &rd->o->num, &v.i, &v.f) == NUM_INT; break;
  case COL_FLOAT: ok = num_parse(s, len, &rd->o->num, &v.i, &v.f) != NUM_NONE; break;
  case COL_BOOL: ok = parse_bool(s, len, &v.b); break;
  }
  if (ok)
    return store(rd, cs, &v);
  char shown[64];
  return fail(rd, ERR_INPUT, "column '%s' is %s but holds '%s'", rd->names[k],
              col_typename(cs->b.col->type), shorten(s, len, shown, sizeof shown));
}

static int put_inferred(reader *rd, colstate *cs, const char *s, size_t len)
{
  value v = {0, 0, 0, s, len};
  int fits = 0;
  int kind = num_parse(s, len, &rd->o->num, &v.i, &v.f);
  if (kind == NUM_INT)
    fits = FITS_INT | FITS_FLOAT;
  else if (kind == NUM_FLOAT)
    fits = FITS_FLOAT;
  else if (parse_bool(s, len, &v.b))
    fits = FITS_BOOL;
  if ((cs->fits & fits) != cs->fits && widen(rd, cs, cs->fits & fits) != 0)
    return -1;
  cs->values++;
  /* Could the text of this value be rebuilt from what is stored, if the column became text? */
  switch (cs->b.col->type) {
  case COL_INT:
    if (s[0] == '+' || (v.i == 0 && s[0] == '-') ||
        (rd->o->num.thousands && memchr(s, rd->o->num.thousands, len)))
      cs->exact = 0;
    break;
  case COL_FLOAT: cs->exact = 0; break;
  case COL_BOOL:
    if (memcmp(s, v.b ? "true" : "false", len) != 0)
      cs->exact = 0;
    break;
  case COL_STR: break;
  }
  return store(rd, cs, &v);
}

static int put_value(reader *rd, size_t k, const field *f)
{
  colstate *cs = &rd->cols[k];
  const char *s = rd->bytes + f->off;
  if (f->kind == FIELD_TEXT) {
    size_t bad = utf8_check(s, f->len);
    if (bad < f->len)
      return fail(rd, ERR_INPUT,
                  "invalid UTF-8 in column '%s' (byte %zu of the field is 0x%02X); "
                  "save the file as UTF-8",
                  rd->names[k], bad + 1, (unsigned)(unsigned char)s[bad]);
  }
  int is_null = f->kind == FIELD_EMPTY || is_na(rd, s, f->len);
  if (f->kind == FIELD_QUOTED_EMPTY && cs->b.col->type != COL_STR) {
    is_null = 1;       /* "" in a number column is a missing value */
    if (!cs->given)
      cs->exact = 0;   /* but it would be "" if the column turned to text */
  }
  if (is_null && rd->infer_only)
    return 0;
  if (is_null)
    return colbuild_null(&cs->b, rd->e) ? fail_nomem(rd) : 0;
  if (cs->given)
    return put_given(rd, cs, k, s, f->len);
  return put_inferred(rd, cs, s, f->len);
}

/* The header */

static int check_names(reader *rd)
{
  dict *seen = dict_new();
  if (seen == NULL)
    return fail_nomem(rd);
  int rc = 0;
  for (size_t k = 0; k < rd->nfields && rc == 0; k++) {
    const field *f = &rd->fields[k];
    const char *s = rd->bytes + f->off;
    uint32_t id, before = seen->count;
    if (f->len == 0)
      rc = fail(rd, ERR_INPUT, "column %zu has an empty name", k + 1);
    else if (utf8_check(s, f->len) < f->len)
      rc = fail(rd, ERR_INPUT, "column %zu has a name that is not valid UTF-8; save the file as UTF-8",
                k + 1);
    else if (memchr(s, '\0', f->len) != NULL)
      rc = fail(rd, ERR_INPUT, "column %zu has a NUL byte in its name", k + 1);
    else if (dict_intern(seen, s, f->len, &id) != 0)
      rc = fail_nomem(rd);
    else if (seen->count == before)
      rc = fail(rd, ERR_INPUT, "duplicate column name '%s' (columns %u and %zu)", s, id + 1, k + 1);
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
      return fail(rd, ERR_ARG, "option 'types' names column '%s', which the file does not have",
                  t->name);
    if (k >= rd->ncol)
      return fail(rd, ERR_ARG, "option 'types' gives a type for column %zu, but the file has %zu",
                  t->index, rd->ncol);
    colbuild_discard(&rd->cols[k].b);
    if (colbuild_init(&rd->cols[k].b, t->type, 0, rd->e) != 0)
      return fail_nomem(rd);
    rd->cols[k].given = 1;
  }
  return 0;
}

static int take_header(reader *rd)
{
  if (check_names(rd) != 0)
    return -1;
  size_t n = rd->nfields;
  rd->names = mem_calloc(n, sizeof *rd->names);
  rd->cols = mem_calloc(n, sizeof *rd->cols);
  if (rd->names == NULL || rd->cols == NULL)
    return fail_nomem(rd);
  for (size_t k = 0; k < n; k++) {
    const field *f = &rd->fields[k];
    colstate *cs = &rd->cols[k];
    rd->names[k] = mem_strndup(rd->bytes + f->off, f->len);
    rd->ncol = k + 1; /* so reader_free releases what this column has */
    coltype t = rd->fixed ? rd->fixed[k] : COL_INT;
    if (rd->names[k] == NULL || colbuild_init(&cs->b, t, 0, rd->e) != 0)
      return fail_nomem(rd);
    cs->fits = FITS_ANY;
    cs->exact = 1;
    cs->given = rd->fixed != NULL;
  }
  rd->have_header = 1;
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
      return fail_nomem(rd);
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
  if (rd->o->ragged == RAGGED_PAD)
    return fail(rd, ERR_INPUT,
                "row has %zu fields but the header has %zu, and the extra fields are not empty",
                n, want);
  return fail(rd, ERR_INPUT,
              "row has %zu fields but the header has %zu "
              "(option ragged = \"pad\" or \"skip\" accepts such rows)",
              n, want);
}

static void take_row(reader *rd)
{
  if (rd->nfields != rd->ncol) {
    int use = fit_record(rd);
    if (use <= 0)
      return;
  }
  for (size_t k = 0; k < rd->ncol; k++)
    if (put_value(rd, k, &rd->fields[k]) != 0)
      return;
  rd->r->rows++;
}

/*
 * In a file of one column an empty line is an empty cell, that is a null,
 * as spreadsheets write it; empty lines at the very end are not rows. So
 * empty lines are counted, and become nulls when a row follows them.
 */
static void take_blank_rows(reader *rd)
{
  field empty = {0, 0, FIELD_EMPTY};
  for (; rd->blank_rows > 0 && !rd->failed; rd->blank_rows--)
    if (put_value(rd, 0, &empty) == 0)
      rd->r->rows++;
}

static void end_record(reader *rd)
{
  int blank = rd->nfields == 0 || (rd->nfields == 1 && rd->fields[0].kind == FIELD_EMPTY);
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
  if (src->file != NULL) {
    *n = fread(buf, 1, size, src->file);
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

/* Feeds one block to libcsv. The first block also gets its BOM removed and its delimiter detected. */
static int feed(reader *rd, const char *buf, size_t n, int first)
{
  if (first) {
    if (n >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0))
      return fail(rd, ERR_INPUT, "the file is UTF-16; save it as UTF-8");
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
      buf += 3;
      n -= 3;
    }
    char delim = rd->o->delimiter ? rd->o->delimiter : csvio_sniff_delimiter(buf, n);
    csv_set_delim(&rd->parser, (unsigned char)delim);
    rd->r->delimiter = delim;
  }
  if (csv_parse(&rd->parser, buf, n, on_field, on_record, rd) != n && !rd->failed)
    return fail_nomem(rd);
  return rd->failed ? -1 : 0;
}

static int parse_all(reader *rd, source *src)
{
  /* Small files read in small blocks, so the buffer adds little to their peak; text in memory needs none. */
  size_t size = src->total > 0 && src->total / 8 < BLOCK ? src->total / 8 : BLOCK;
  if (size < 4096)
    size = 4096;
  char *buf = src->file != NULL ? mem_alloc(size) : NULL;
  if (src->file != NULL && buf == NULL)
    return fail_nomem(rd);
  size_t done = 0, n;
  int first = 1, rc = 0;
  const char *block;
  while (rc == 0 && (block = source_next(src, buf, size, &n)) != NULL && n > 0) {
    rc = feed(rd, block, n, first);
    first = 0;
    done += n;
    if (rc == 0 && !rd->reserved && rd->have_header && !rd->infer_only)
      reserve_rows(rd, done, src->total);
    int why = halt_check();
    if (rc == 0 && why != HALT_NONE) {
      err_halt(rd->e, why);
      rc = -1;
    }
    if (rc == 0 && rd->o->progress)
      rd->o->progress(rd->o->progress_ud, done, src->total, rd->r->rows);
  }
  mem_free(buf);
  if (rc == 0 && src->file != NULL && ferror(src->file))
    return fail(rd, ERR_IO, "%s", strerror(errno));
  if (rc != 0)
    return -1;
  /*
   * libcsv only reports an open quote at the end in strict mode, which also
   * rejects stray quotes inside fields that spreadsheets accept. Its state is
   * public: a field that began with a quote (quoted) and is still being read
   * (pstate 2, FIELD_BEGUN in libcsv.c) was never closed.
   */
  if (rd->parser.quoted && rd->parser.pstate == 2) {
    if (rd->nfields == 0)
      rd->record_line = rd->line;
    return fail(rd, ERR_INPUT,
                "unterminated quoted field (the quote that opens field %zu is never closed)",
                rd->nfields + 1);
  }
  if (csv_fini(&rd->parser, on_field, on_record, rd) != 0 && !rd->failed)
    return fail_nomem(rd);
  return rd->failed ? -1 : 0;
}

/*
 * Gives columns that held only nulls the string type, and decides whether a
 * second pass is needed. Returns the types for that pass, or NULL.
 */
static int settle_types(reader *rd)
{
  for (size_t k = 0; k < rd->ncol; k++) {
    colstate *cs = &rd->cols[k];
    if (cs->given || cs->values > 0 || cs->b.col->type == COL_STR)
      continue;
    if (!cs->exact)
      rd->reread = 1; /* it held "" fields, read as nulls while it might have been numeric */
    if (restart_as(rd, cs, COL_STR) != 0)
      return -1;
  }
  return 0;
}

static dataset *make_dataset(reader *rd)
{
  column **cols = mem_calloc(rd->ncol ? rd->ncol : 1, sizeof *cols);
  if (cols == NULL) {
    err_nomem(rd->e);
    return NULL;
  }
  size_t k = 0;
  for (; k < rd->ncol; k++) {
    if ((cols[k] = colbuild_finish(&rd->cols[k].b, rd->e)) == NULL)
      break;
  }
  dataset *d = NULL;
  if (k == rd->ncol)
    d = ds_make((const char *const *)rd->names, cols, rd->ncol, rd->r->rows, rd->e);
  for (size_t j = 0; j < k; j++)
    col_unref(cols[j]);
  mem_free(cols);
  return d;
}

static void reader_free(reader *rd)
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
}

/* One pass over the source; *reread set when a second pass with *types is needed. */
static dataset *read_pass(const char *name, source *src, const csv_options *o, csv_report *r,
                          const coltype *fixed, coltype **types, cherr *e)
{
  reader rd;
  memset(&rd, 0, sizeof rd);
  rd.name = name;
  rd.o = o;
  rd.r = r;
  rd.e = e;
  rd.line = 1;
  rd.record_line = 1;
  rd.fixed = fixed;
  memset(r, 0, sizeof *r);
  r->passes = fixed ? 2 : 1;
  dataset *d = NULL;
  if (csv_init(&rd.parser, CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL) != 0) {
    err_nomem(e);
    return NULL;
  }
  csv_set_realloc_func(&rd.parser, mem_realloc);
  csv_set_free_func(&rd.parser, mem_free);
  if (parse_all(&rd, src) == 0) {
    if (!rd.have_header)
      err_set(e, ERR_INPUT, "%s: the file is empty (no header line)", name);
    else if (settle_types(&rd) != 0)
      ;
    else if (rd.reread && (*types = mem_calloc(rd.ncol, sizeof **types)) == NULL)
      err_nomem(e);
    else if (rd.reread)
      for (size_t k = 0; k < rd.ncol; k++)
        (*types)[k] = rd.cols[k].b.col->type;
    else
      d = make_dataset(&rd);
  }
  reader_free(&rd);
  return d;
}

static dataset *read_source(const char *name, source *src, const csv_options *o, csv_report *r,
                            cherr *e)
{
  csv_report scratch;
  if (r == NULL)
    r = &scratch;
  coltype *types = NULL;
  dataset *d = read_pass(name, src, o, r, NULL, &types, e);
  if (d != NULL || types == NULL)
    return d;
  if (src->file != NULL && fseek(src->file, 0, SEEK_SET) != 0)
    err_set(e, ERR_IO, "%s: cannot read the file a second time: %s", name, strerror(errno));
  else {
    src->pos = 0;
    d = read_pass(name, src, o, r, types, &types, e);
  }
  mem_free(types);
  return d;
}

dataset *csvio_read_file(const char *path, const csv_options *o, csv_report *r, cherr *e)
{
  source src = {0};
  src.file = fopen(path, "rb");
  if (src.file == NULL) {
    err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(src.file), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(src.file);
    err_set(e, ERR_IO, "%s: %s", path, strerror(EISDIR));
    return NULL;
  }
  if (S_ISREG(st.st_mode))
    src.total = (size_t)st.st_size;
  dataset *d = read_source(path, &src, o, r, e);
  fclose(src.file);
  return d;
}

dataset *csvio_read_buffer(const char *name, const char *data, size_t len, const csv_options *o,
                           csv_report *r, cherr *e)
{
  source src = {0};
  src.data = data;
  src.len = len;
  src.total = len;
  return read_source(name, &src, o, r, e);
}
