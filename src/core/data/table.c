/*
 * table.c - the aligned table that print(ds) and tostring(ds) show.
 */
#include "table.h"

#include <stdio.h>
#include <string.h>

#include "halt.h"
#include "mem.h"
#include "num.h"
#include "sbuf.h"
#include "text.h"

/* Room for one drawn cell: max_cell columns of up to 4 bytes, an ellipsis, and some combining marks. */
#define CELL_MAX 200
#define CELL_BYTES (CELL_MAX * 4 + 8)

void table_opts_init(table_opts *o)
{
  o->width = 0;
  o->max_rows = 20;
  o->max_cell = 40;
}

/* One cell as drawn: control characters escaped, cut to fit with an ellipsis. */
typedef struct cell {
  char text[CELL_BYTES];
  size_t len, width;
} cell;

/* How character c is drawn: escaped when it is a control character. Returns its length. */
static size_t drawn_as(const char *s, size_t len, char piece[8], size_t *width, size_t *step)
{
  unsigned char c = (unsigned char)s[0];
  if (c < 0x20 || c == 0x7F) {
    *step = 1;
    int n = c == '\n' ? snprintf(piece, 8, "\\n") : c == '\t' ? snprintf(piece, 8, "\\t")
          : c == '\r' ? snprintf(piece, 8, "\\r") : snprintf(piece, 8, "\\x%02X", c);
    *width = (size_t)n;
    return (size_t)n;
  }
  uint32_t cp;
  *step = utf8_decode(s, len, &cp);
  *width = (size_t)utf8_cpwidth(cp);
  if (cp == 0xFFFD && *step == 1) { /* not UTF-8: draw the replacement character */
    memcpy(piece, "\xEF\xBF\xBD", 3);
    return 3;
  }
  memcpy(piece, s, *step);
  return *step;
}

/* Fills the cell with as much of s as fits in columns; 1 when all of it did. */
static int fill(cell *out, const char *s, size_t len, size_t columns)
{
  size_t i = 0;
  out->len = out->width = 0;
  while (i < len) {
    char piece[8];
    size_t width, step, n = drawn_as(s + i, len - i, piece, &width, &step);
    if (out->width + width > columns || out->len + n > CELL_BYTES - 8)
      return 0;
    memcpy(out->text + out->len, piece, n);
    out->len += n;
    out->width += width;
    i += step;
  }
  return 1;
}

/* The cell for s: escaped, and cut with an ellipsis when longer than max_cell columns. */
static void make_cell(cell *out, const char *s, size_t len, size_t max_cell)
{
  if (fill(out, s, len, max_cell))
    return;
  fill(out, s, len, max_cell - 1);
  memcpy(out->text + out->len, "\xE2\x80\xA6", 3); /* U+2026 ellipsis */
  out->len += 3;
  out->width += 1;
}

static void value_cell(cell *out, const column *c, size_t row, size_t max_cell)
{
  char num[NUM_BUFSIZE];
  size_t len;
  if (col_isnull(c, row)) {
    make_cell(out, "null", 4, max_cell);
    return;
  }
  const char *s = col_text(c, row, num, &len);
  make_cell(out, s, len, max_cell);
}

/* The rows drawn: all, or the first and last half of max_rows. */
typedef struct layout {
  size_t nrows;     /* rows drawn */
  size_t head;      /* rows before the gap; nrows - head after it */
  int gap;          /* rows are left out between head and tail */
  size_t ncols;     /* columns drawn */
  size_t *widths;
} layout;

static size_t row_at(const dataset *d, const layout *l, size_t k)
{
  return k < l->head ? k : d->nrow - (l->nrows - k);
}

static size_t column_width(const dataset *d, const layout *l, size_t k, size_t max_cell)
{
  cell c;
  make_cell(&c, d->names[k], strlen(d->names[k]), max_cell);
  size_t w = c.width;
  size_t tw = strlen(col_typename(d->cols[k]->type));
  if (tw > w)
    w = tw;
  for (size_t r = 0; r < l->nrows; r++) {
    value_cell(&c, d->cols[k], row_at(d, l, r), max_cell);
    if (c.width > w)
      w = c.width;
  }
  return w;
}

/* -1 with e set when out of memory or halted (a dataset of millions of columns takes long). */
static int plan(const dataset *d, const table_opts *o, size_t max_cell, layout *l, cherr *e)
{
  l->nrows = d->nrow;
  l->head = d->nrow;
  l->gap = 0;
  if (o->max_rows > 0 && d->nrow > o->max_rows) {
    l->head = o->max_rows / 2 ? o->max_rows / 2 : 1;
    l->nrows = l->head * 2;
    l->gap = 1;
  }
  l->widths = mem_calloc(d->ncol ? d->ncol : 1, sizeof *l->widths);
  if (l->widths == NULL)
    return err_nomem(e);
  size_t total = 1, done = 0;
  l->ncols = 0;
  for (size_t k = 0; k < d->ncol; k++) {
    int why = halt_after(&done, l->nrows + 1);
    if (why != HALT_NONE) {
      mem_free(l->widths);
      return err_halt(e, why);
    }
    size_t w = column_width(d, l, k, max_cell);
    /* keep the first column even on a narrow terminal */
    if (o->width > 0 && k > 0 && total + w + 3 > o->width)
      break;
    l->widths[k] = w;
    total += w + 3;
    l->ncols = k + 1;
  }
  return 0;
}

static void rule(sbuf *b, const layout *l, const char *left, const char *mid, const char *right)
{
  sbuf_adds(b, left);
  for (size_t k = 0; k < l->ncols; k++) {
    sbuf_repeat(b, "\xE2\x94\x80", l->widths[k] + 2); /* U+2500 */
    sbuf_adds(b, k + 1 < l->ncols ? mid : right);
  }
  sbuf_addc(b, '\n');
}

static void put_cell(sbuf *b, const cell *c, size_t width, int right)
{
  size_t pad = width > c->width ? width - c->width : 0;
  sbuf_addc(b, ' ');
  if (right)
    sbuf_fill(b, ' ', pad);
  sbuf_add(b, c->text, c->len);
  if (!right)
    sbuf_fill(b, ' ', pad);
  sbuf_adds(b, " \xE2\x94\x82"); /* U+2502 */
}

static int is_numeric(const column *c)
{
  return c->type == COL_INT || c->type == COL_FLOAT;
}

static void header(sbuf *b, const dataset *d, const layout *l, size_t max_cell)
{
  cell c;
  rule(b, l, "\xE2\x94\x8C", "\xE2\x94\xAC", "\xE2\x94\x90"); /* ┌ ┬ ┐ */
  sbuf_adds(b, "\xE2\x94\x82");
  for (size_t k = 0; k < l->ncols; k++) {
    make_cell(&c, d->names[k], strlen(d->names[k]), max_cell);
    put_cell(b, &c, l->widths[k], is_numeric(d->cols[k]));
  }
  sbuf_addc(b, '\n');
  sbuf_adds(b, "\xE2\x94\x82");
  for (size_t k = 0; k < l->ncols; k++) {
    const char *t = col_typename(d->cols[k]->type);
    make_cell(&c, t, strlen(t), max_cell);
    put_cell(b, &c, l->widths[k], is_numeric(d->cols[k]));
  }
  sbuf_addc(b, '\n');
  rule(b, l, "\xE2\x94\x9C", "\xE2\x94\xBC", "\xE2\x94\xA4"); /* ├ ┼ ┤ */
}

/* The rows; the reason to stop when halt_check() gives one, else HALT_NONE. */
static int body(sbuf *b, const dataset *d, const layout *l, size_t max_cell)
{
  cell c, dots;
  size_t done = 0;
  make_cell(&dots, "\xE2\x8B\xAE", 3, max_cell); /* U+22EE vertical ellipsis */
  for (size_t r = 0; r < l->nrows; r++) {
    int why = halt_after(&done, l->ncols + 1);
    if (why != HALT_NONE)
      return why;
    if (l->gap && r == l->head) {
      sbuf_adds(b, "\xE2\x94\x82");
      for (size_t k = 0; k < l->ncols; k++)
        put_cell(b, &dots, l->widths[k], is_numeric(d->cols[k]));
      sbuf_addc(b, '\n');
    }
    sbuf_adds(b, "\xE2\x94\x82");
    for (size_t k = 0; k < l->ncols; k++) {
      value_cell(&c, d->cols[k], row_at(d, l, r), max_cell);
      put_cell(b, &c, l->widths[k], is_numeric(d->cols[k]));
    }
    sbuf_addc(b, '\n');
  }
  rule(b, l, "\xE2\x94\x94", "\xE2\x94\xB4", "\xE2\x94\x98"); /* └ ┴ ┘ */
  return HALT_NONE;
}

/* The counts, and the columns left out; the reason to stop when halt_check() gives one. */
static int footer(sbuf *b, const dataset *d, const layout *l)
{
  size_t done = 0;
  int why = HALT_NONE;
  sbuf_printf(b, "%zu row%s \xC3\x97 %zu column%s", d->nrow, d->nrow == 1 ? "" : "s", d->ncol,
              d->ncol == 1 ? "" : "s");
  if (l->gap)
    sbuf_printf(b, " (first %zu and last %zu rows shown)", l->head, l->nrows - l->head);
  sbuf_addc(b, '\n');
  if (l->ncols < d->ncol) {
    sbuf_printf(b, "%zu more column%s:", d->ncol - l->ncols, d->ncol - l->ncols == 1 ? "" : "s");
    for (size_t k = l->ncols; k < d->ncol && why == HALT_NONE; k++) {
      sbuf_printf(b, " %s (%s)%s", d->names[k], col_typename(d->cols[k]->type),
                  k + 1 < d->ncol ? "," : "");
      why = halt_after(&done, 16);
    }
    sbuf_addc(b, '\n');
  }
  return why;
}

char *table_render(const dataset *d, const table_opts *o, size_t *len, cherr *e)
{
  size_t max_cell = o->max_cell < 5 ? 5 : o->max_cell > CELL_MAX ? CELL_MAX : o->max_cell;
  layout l;
  if (plan(d, o, max_cell, &l, e) != 0)
    return NULL;
  sbuf b;
  sbuf_init(&b);
  int why = HALT_NONE;
  if (d->ncol > 0) {
    header(&b, d, &l, max_cell);
    why = body(&b, d, &l, max_cell);
  }
  if (why == HALT_NONE)
    why = footer(&b, d, &l);
  mem_free(l.widths);
  if (why != HALT_NONE) {
    sbuf_free(&b);
    err_halt(e, why);
    return NULL;
  }
  char *s = sbuf_take(&b, len);
  if (s == NULL)
    err_nomem(e);
  return s;
}
