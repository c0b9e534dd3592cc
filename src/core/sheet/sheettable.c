/*
 * sheettable.c - a worksheet's cells into a table: the range, title rows
 * above the header and footnotes below the table, a header of one or more
 * rows (a merged upper cell carrying over the columns below it), each
 * column's type from its values, and notes for what a reader should know
 * (hidden rows, merged data cells, error values, renamed columns).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "colnames.h"
#include "halt.h"
#include "mem.h"
#include "num.h"
#include "sheetint.h"
#include "text.h"

/* A row of the table: its sheet row and its cells' place in the grid. */
typedef struct trow {
  uint32_t row;
  size_t begin, end; /* the row's cells in g->cells (some may lie outside the area) */
  size_t count;      /* non-blank cells inside the area */
  uint32_t only;     /* the column of the one cell, when count is 1 */
} trow;

typedef struct table {
  grid *g;
  const sheet_options *o;
  sheet_report *r;
  grid_area area;
  int ranged;
  trow *rows;
  size_t nrows;
  size_t head, body, end; /* rows[head..body) the header, rows[body..end) the data */
  uint32_t cfirst, clast;
  size_t ncol;     /* columns kept */
  uint32_t *colof; /* kept column j is sheet column colof[j] */
  char **names;
  coltype *types;
} table;

static int blank(const grid_cell *c)
{
  return c->kind != GRID_NUM && c->kind != GRID_BOOL && c->len == 0;
}

static int inside(const table *t, const grid_cell *c)
{
  return c->row >= t->area.r1 && c->row <= t->area.r2 && c->col >= t->area.c1 &&
         c->col <= t->area.c2;
}

/* Repeats each merged area's first value over the rest of the area (merged = "fill"). */
static int fill_merges(grid *g, cherr *e)
{
  size_t added = 0;
  grid_sort(g);
  size_t nmerge = g->nmerge;
  for (size_t k = 0; k < nmerge; k++) {
    grid_area a = g->merges[k];
    const grid_cell *first = grid_at(g, a.r1, a.c1);
    if (first == NULL)
      continue;
    grid_cell v = *first; /* grid_add may move the cells */
    uint64_t cells = (uint64_t)(a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1);
    if ((added += cells) > 10000000)
      return err_set(e, ERR_INPUT, "%s: sheet '%s': merged areas cover more than 10 million cells "
                     "(option merged = \"fill\" cannot repeat them)", g->file, g->sheet);
    for (uint32_t r = a.r1; r <= a.r2; r++)
      for (uint32_t c = a.c1; c <= a.c2; c++) {
        if (r == a.r1 && c == a.c1)
          continue;
        int rc = v.kind == GRID_NUM || v.kind == GRID_BOOL
                   ? grid_add_num(g, r, c, (grid_kind)v.kind, v.v.num, e)
                   : grid_add_pooled(g, r, c, v.v.off, v.len, e);
        if (rc != 0)
          return -1;
        g->cells[g->ncell - 1].kind = v.kind;
      }
  }
  grid_sort(g);
  return 0;
}

/* The leftmost column holding a non-blank cell inside the area (UINT32_MAX when none). */
static uint32_t left_edge(const table *t)
{
  uint32_t lo = UINT32_MAX;
  for (size_t i = 0; i < t->g->ncell; i++)
    if (inside(t, &t->g->cells[i]) && !blank(&t->g->cells[i]) && t->g->cells[i].col < lo)
      lo = t->g->cells[i].col;
  return lo;
}

/*
 * A comment row (option comment): its first non-blank cell is text at the
 * table's left edge beginning with the comment character, as a CSV line
 * whose first character it is.
 */
static int comment_row(const table *t, size_t begin, size_t end, uint32_t lo)
{
  for (size_t i = begin; i < end; i++) {
    const grid_cell *c = &t->g->cells[i];
    if (inside(t, c) && !blank(c))
      return c->col == lo && c->kind == GRID_STR && grid_text(t->g, c)[0] == t->o->comment;
  }
  return 0;
}

/* The rows that hold a non-blank cell inside the area, in order, comment rows left out. */
static int collect_rows(table *t, cherr *e)
{
  grid *g = t->g;
  uint32_t lo = t->o->comment ? left_edge(t) : 0;
  t->rows = mem_alloc((g->ncell ? g->ncell : 1) * sizeof *t->rows);
  if (t->rows == NULL)
    return err_nomem(e);
  for (size_t k = 0; k < g->ncell;) {
    size_t end = k;
    trow tr = {g->cells[k].row, k, k, 0, 0};
    while (end < g->ncell && g->cells[end].row == tr.row) {
      const grid_cell *c = &g->cells[end++];
      if (inside(t, c) && !blank(c)) {
        tr.count++;
        tr.only = c->col;
      }
    }
    tr.end = end;
    if (tr.count > 0 && !(t->o->comment && comment_row(t, k, end, lo)))
      t->rows[t->nrows++] = tr;
    k = end;
  }
  return 0;
}

/* The text of a cell as a name or a text value: numbers in their shortest form. */
static const char *cell_text(const grid *g, const grid_cell *c, char buf[NUM_BUFSIZE], size_t *len)
{
  if (c->kind == GRID_BOOL) {
    *len = c->v.num != 0 ? 4 : 5;
    return c->v.num != 0 ? "true" : "false";
  }
  if (c->kind == GRID_NUM) {
    double v = c->v.num;
    *len = v == floor(v) && fabs(v) < 9.2e18 ? num_format_int((int64_t)v, buf)
                                            : num_format_float(v, buf);
    return buf;
  }
  *len = c->len;
  return grid_text(g, c);
}

/*
 * Title rows: above the header, one cell at the table's left edge or merged
 * across columns. 0, or -1 with e at the deadline (a row away from the edge
 * looks among all the merged areas).
 */
static int skip_titles(table *t, cherr *e)
{
  const grid *g = t->g;
  if (t->o->skip >= 0) {
    uint32_t top = (t->ranged ? t->area.r1 : 0) + (uint32_t)t->o->skip;
    while (t->head < t->nrows && t->rows[t->head].row < top)
      t->head++;
    return 0;
  }
  uint32_t lo = UINT32_MAX, hi = 0;
  for (size_t k = 0; k < t->nrows; k++)
    for (size_t i = t->rows[k].begin; i < t->rows[k].end; i++)
      if (inside(t, &g->cells[i]) && !blank(&g->cells[i])) {
        lo = g->cells[i].col < lo ? g->cells[i].col : lo;
        hi = g->cells[i].col > hi ? g->cells[i].col : hi;
      }
  size_t done = 0;
  while (lo < hi && t->nrows - t->head > 1 && t->rows[t->head].count == 1) {
    const trow *tr = &t->rows[t->head];
    const grid_area *m = tr->only != lo ? grid_merge_at(g, tr->row, tr->only) : NULL;
    if (tr->only != lo && (m == NULL || m->c1 == m->c2))
      break;
    int why = halt_after(&done, 1 + (tr->only != lo ? g->nmerge : 0));
    if (why != HALT_NONE)
      return err_halt(e, why);
    const grid_cell *c = grid_at(g, tr->row, tr->only);
    char buf[NUM_BUFSIZE];
    size_t len;
    const char *s = cell_text(g, c, buf, &len);
    sheet_note(t->r, "row %lu ('%.*s') taken for a title above the table and skipped (option skip "
               "sets the rows to skip)", (unsigned long)tr->row + 1, (int)(len > 80 ? 80 : len), s);
    t->head++;
  }
  return 0;
}

/* Footnotes: text alone in the first column of the last rows ("Nguồn: ..."). */
static void drop_footnotes(table *t)
{
  const grid *g = t->g;
  size_t floor_row = t->body + (t->body < t->end ? 1 : 0);
  if (t->o->footer >= 0) {
    size_t n = (size_t)t->o->footer;
    t->end = t->end - t->body > n ? t->end - n : t->body;
    return;
  }
  if (t->clast == t->cfirst)
    return;
  while (t->end > floor_row && t->rows[t->end - 1].count == 1) {
    const trow *tr = &t->rows[t->end - 1];
    const grid_cell *c = grid_at(g, tr->row, tr->only);
    if (tr->only != t->cfirst || c == NULL || c->kind != GRID_STR)
      break;
    sheet_note(t->r, "row %lu ('%.*s') taken for a footnote below the table and dropped (option "
               "footer sets the rows to drop)", (unsigned long)tr->row + 1,
               (int)(c->len > 80 ? 80 : c->len), grid_text(g, c));
    t->end--;
  }
}

/* The columns the header and data rows use. */
static void extent(table *t)
{
  const grid *g = t->g;
  t->cfirst = UINT32_MAX;
  t->clast = 0;
  for (size_t k = t->head; k < t->end; k++)
    for (size_t i = t->rows[k].begin; i < t->rows[k].end; i++)
      if (inside(t, &g->cells[i]) && !blank(&g->cells[i])) {
        t->cfirst = g->cells[i].col < t->cfirst ? g->cells[i].col : t->cfirst;
        t->clast = g->cells[i].col > t->clast ? g->cells[i].col : t->clast;
      }
}

/* Names ------------------------------------------------------------------ */

/*
 * The header cell of column col in header row k: the cell itself, or the
 * first cell of m, the merged area over it (or NULL); NULL when empty.
 */
static const grid_cell *header_cell(const table *t, size_t k, uint32_t col, const grid_area *m)
{
  const grid *g = t->g;
  uint32_t row = t->rows[k].row;
  const grid_cell *c = grid_at(g, row, col);
  if (c != NULL && !blank(c) && inside(t, c))
    return c;
  return m ? grid_at(g, m->r1, m->c1) : NULL;
}

/* The first column from j on that no area has been painted over (next[]: union-find, halved). */
static size_t unpainted(uint32_t *next, size_t j)
{
  while (next[j] != j) {
    next[j] = next[next[j]];
    j = next[j];
  }
  return j;
}

/*
 * cover[j]: the merged area over column cfirst + j of sheet row row, the
 * first written of those that hold it (as grid_merge_at finds it), or NULL.
 * Each area paints the columns not yet painted, so a row costs the areas
 * and its width once, not every area for each cell (a hostile sheet lists
 * a million). next holds width + 1 entries.
 */
static void paint_merges(const table *t, uint32_t row, size_t width, const grid_area **cover,
                         uint32_t *next)
{
  const grid *g = t->g;
  for (size_t j = 0; j <= width; j++)
    next[j] = (uint32_t)j;
  for (size_t j = 0; j < width; j++)
    cover[j] = NULL;
  for (size_t k = 0; k < g->nmerge; k++) {
    const grid_area *a = &g->merges[k];
    if (row < a->r1 || row > a->r2 || a->c2 < t->cfirst || a->c1 > t->clast)
      continue;
    size_t from = a->c1 > t->cfirst ? a->c1 - t->cfirst : 0;
    size_t to = (a->c2 < t->clast ? a->c2 : t->clast) - t->cfirst;
    for (size_t j = unpainted(next, from); j <= to; j = unpainted(next, j + 1)) {
      cover[j] = a;
      next[j] = (uint32_t)j + 1;
    }
  }
}

/* The merged areas over the header rows' cells (hrows * width of them), or NULL with e. */
static const grid_area **header_merges(const table *t, size_t hrows, size_t width, cherr *e)
{
  const grid_area **cover = mem_calloc(hrows > 0 && width > 0 ? hrows * width : 1, sizeof *cover);
  uint32_t *next = mem_alloc((width + 1) * sizeof *next);
  int rc = cover && next ? 0 : err_nomem(e);
  size_t done = 0;
  for (size_t k = 0; rc == 0 && t->g->knows_merges && k < hrows; k++) {
    paint_merges(t, t->rows[t->head + k].row, width, cover + k * width, next);
    int why = halt_after(&done, 1 + t->g->nmerge + width);
    if (why != HALT_NONE)
      rc = err_halt(e, why);
  }
  mem_free(next);
  if (rc != 0) {
    mem_free(cover);
    return NULL;
  }
  return cover;
}

/*
 * Every column's name from the header rows, joined by colnames_join (as the
 * CSV reader joins them); formats that do not report merged cells (.xls)
 * carry an upper cell over the empty cells on its right instead.
 */
static int header_names(table *t, char **names, cherr *e)
{
  size_t width = (size_t)(t->clast - t->cfirst) + 1, hrows = t->body - t->head, nums = 0;
  const grid_area **cover = header_merges(t, hrows, width, e);
  if (cover == NULL)
    return -1;
  for (size_t k = 0; k < hrows; k++)
    for (size_t j = 0; j < width; j++) {
      const grid_cell *c =
        header_cell(t, t->head + k, t->cfirst + (uint32_t)j, cover[k * width + j]);
      nums += c != NULL && (c->kind == GRID_NUM || c->kind == GRID_BOOL);
    }
  colnames_cell *cells = mem_calloc(hrows > 0 && width > 0 ? hrows * width : 1, sizeof *cells);
  char *pool = mem_alloc(nums ? nums * NUM_BUFSIZE : 1), *next = pool; /* numbers' text */
  int rc = cells && pool ? 0 : err_nomem(e);
  for (size_t k = 0; rc == 0 && k < hrows; k++)
    for (size_t j = 0; j < width; j++) {
      const grid_cell *c =
        header_cell(t, t->head + k, t->cfirst + (uint32_t)j, cover[k * width + j]);
      if (c == NULL)
        continue;
      colnames_cell *cell = &cells[k * width + j];
      cell->s = cell_text(t->g, c, next, &cell->len);
      next += cell->s == next ? NUM_BUFSIZE : 0;
    }
  if (rc == 0)
    rc = colnames_join(cells, hrows, width, !t->g->knows_merges, names, e);
  mem_free(cover);
  mem_free(cells);
  mem_free(pool);
  return rc;
}

/* A rename by colnames_dedupe, noted with the column's letters. */
static void note_renamed(void *ud, size_t j, const char *was, const char *now)
{
  table *t = ud;
  char col[8];
  grid_col_name(t->colof[j], col);
  sheet_note(t->r, "column %s repeats the name '%s'; named '%s'", col, was, now);
}

/* A repeated name becomes name_2, name_3... with a note, or is an error (duplicate_names = "error"). */
static int dedupe(table *t, cherr *e)
{
  if (!t->o->duplicate_names_error)
    return colnames_dedupe(t->names, t->ncol, note_renamed, t, e);
  size_t a, b;
  int rc = colnames_find_repeat(t->names, t->ncol, &a, &b, e);
  if (rc <= 0)
    return rc;
  char ca[8], cb[8];
  grid_col_name(t->colof[a], ca);
  grid_col_name(t->colof[b], cb);
  return err_set(e, ERR_INPUT, "%s: sheet '%s': duplicate column name '%s' (columns %s and %s)",
                 t->g->file, t->g->sheet, t->names[a], ca, cb);
}

/* Whether sheet column col has a value in a data row. */
static int has_data(const table *t, uint32_t col)
{
  for (size_t k = t->body; k < t->end; k++) {
    const grid_cell *c = grid_at(t->g, t->rows[k].row, col);
    if (c != NULL && !blank(c))
      return 1;
  }
  return 0;
}

static int keep_column(table *t, uint32_t col, char *name, sbuf *dropped)
{
  char letters[8];
  grid_col_name(col, letters);
  if (name[0] == '\0' && !has_data(t, col)) {
    mem_free(name);
    sbuf_printf(dropped, "%s%s", dropped->len ? ", " : "", letters);
    return 0;
  }
  if (name[0] == '\0' && t->o->header) {
    sheet_note(t->r, "column %s has no name in the header; named '%s'", letters, letters);
    mem_free(name);
    name = mem_strndup(letters, strlen(letters));
  } else if (!t->o->header) {
    mem_free(name);
    char v[16];
    snprintf(v, sizeof v, "V%lu", (unsigned long)(col - (t->ranged ? t->area.c1 : t->cfirst) + 1));
    name = mem_strndup(v, strlen(v));
  }
  t->colof[t->ncol] = col;
  t->names[t->ncol++] = name;
  return name == NULL ? -1 : 0;
}

static int name_columns(table *t, cherr *e)
{
  size_t width = (size_t)(t->clast - t->cfirst) + 1;
  t->colof = mem_alloc(width * sizeof *t->colof);
  t->names = mem_calloc(width, sizeof *t->names);
  char **joined = mem_calloc(width, sizeof *joined);
  sbuf dropped;
  sbuf_init(&dropped);
  int rc = t->colof && t->names && joined ? header_names(t, joined, e) : err_nomem(e);
  for (uint32_t col = t->cfirst; rc == 0 && col <= t->clast; col++) {
    char *name = joined[col - t->cfirst];
    joined[col - t->cfirst] = NULL; /* keep_column owns it now */
    rc = keep_column(t, col, name, &dropped) != 0 ? err_nomem(e) : 0;
  }
  for (size_t j = 0; joined != NULL && j < width; j++)
    mem_free(joined[j]);
  mem_free(joined);
  t->r->notes.failed |= dropped.failed;
  if (rc == 0 && dropped.len && !dropped.failed)
    sheet_note(t->r, "empty columns dropped: %.*s", (int)dropped.len, dropped.p);
  sbuf_free(&dropped);
  if (rc == 0 && t->o->names != NULL) {
    if (t->o->nnames != t->ncol)
      return err_set(e, ERR_ARG, "%s: sheet '%s': option 'names' gives %zu names for %zu columns",
                     t->g->file, t->g->sheet, t->o->nnames, t->ncol);
    for (size_t j = 0; j < t->ncol; j++) {
      mem_free(t->names[j]);
      if ((t->names[j] = mem_strndup(t->o->names[j], strlen(t->o->names[j]))) == NULL)
        return err_nomem(e);
    }
  }
  return rc == 0 ? dedupe(t, e) : -1;
}

/* Notes about the rows read -------------------------------------------- */

static void note_hidden(table *t)
{
  sbuf b;
  sbuf_init(&b);
  size_t n = 0;
  for (size_t k = t->head; k < t->end; k++)
    if (grid_is_hidden(t->g, t->rows[k].row) && n++ < SHEET_LIST_MAX)
      sbuf_printf(&b, "%s%lu", n > 1 ? ", " : "", (unsigned long)t->rows[k].row + 1);
  t->r->notes.failed |= b.failed; /* a note lost fails the read (sheet_table) */
  if (n > 0 && !b.failed)
    sheet_note(t->r, "%zu row%s hidden in the workbook read all the same (row%s %.*s%s)", n,
               n == 1 ? "" : "s", n == 1 ? "" : "s", (int)b.len, b.p,
               n > SHEET_LIST_MAX ? ", ..." : "");
  sbuf_free(&b);
}

static void note_merges(table *t)
{
  if (t->o->fill_merged || t->body >= t->end)
    return;
  uint32_t r1 = t->rows[t->body].row, r2 = t->rows[t->end - 1].row;
  sbuf b;
  sbuf_init(&b);
  size_t n = 0;
  for (size_t k = 0; k < t->g->nmerge; k++) {
    const grid_area *m = &t->g->merges[k];
    if (m->r2 < r1 || m->r1 > r2 || m->c2 < t->cfirst || m->c1 > t->clast)
      continue;
    char a[16], z[16];
    grid_ref_name(m->r1, m->c1, a);
    grid_ref_name(m->r2, m->c2, z);
    if (n++ < SHEET_LIST_MAX)
      sbuf_printf(&b, "%s%s:%s", n > 1 ? ", " : "", a, z);
  }
  t->r->notes.failed |= b.failed;
  if (n > 0 && !b.failed)
    sheet_note(t->r, "%zu merged area%s in the data (%.*s%s): the value is in the first cell, the "
               "others read as null (option merged = \"fill\" repeats it)", n, n == 1 ? "" : "s",
               (int)b.len, b.p, n > SHEET_LIST_MAX ? ", ..." : "");
  sbuf_free(&b);
}

/* Values ------------------------------------------------------------------ */

enum { SEEN_NUM = 1, SEEN_FRAC = 2, SEEN_BOOL = 4, SEEN_TEXT = 8 };

static int is_na(const table *t, const char *s, size_t len)
{
  static const char *const dflt[] = {"NA", "N/A", "null"};
  const char *const *na = t->o->na ? t->o->na : dflt;
  size_t n = t->o->na ? t->o->nna : 3;
  for (size_t k = 0; k < n; k++)
    if (strlen(na[k]) == len && memcmp(na[k], s, len) == 0)
      return 1;
  return 0;
}

/* The text of a text cell as it will be stored: trimmed when asked; NULL when it is a null token. */
static const char *text_value(const table *t, const grid_cell *c, size_t *len)
{
  const char *s = grid_text(t->g, c);
  *len = c->len;
  if (t->o->trim)
    text_trim(&s, len);
  return is_na(t, s, *len) ? NULL : s;
}

static int whole(double v)
{
  return v == floor(v) && fabs(v) < 9.2e18;
}

/* What kinds of value each column holds; error cells noted. */
static int survey(table *t, const size_t *slot, unsigned *seen, cherr *e)
{
  sbuf errs;
  sbuf_init(&errs);
  size_t nerr = 0;
  for (size_t k = t->body; k < t->end; k++) {
    for (size_t i = t->rows[k].begin; i < t->rows[k].end; i++) {
      const grid_cell *c = &t->g->cells[i];
      if (!inside(t, c) || c->col < t->cfirst || c->col > t->clast || blank(c))
        continue;
      size_t j = slot[c->col - t->cfirst], len;
      if (j == SIZE_MAX)
        continue;
      if (c->kind == GRID_ERR) {
        char ref[16];
        grid_ref_name(c->row, c->col, ref);
        if (nerr++ < SHEET_LIST_MAX)
          sbuf_printf(&errs, "%s%s %.*s", nerr > 1 ? ", " : "", ref, (int)c->len, grid_text(t->g, c));
      } else if (c->kind == GRID_NUM) {
        seen[j] |= SEEN_NUM | (whole(c->v.num) ? 0 : SEEN_FRAC);
      } else if (c->kind == GRID_BOOL) {
        seen[j] |= SEEN_BOOL;
      } else if (text_value(t, c, &len) != NULL) {
        seen[j] |= SEEN_TEXT;
      }
    }
  }
  t->r->notes.failed |= errs.failed;
  if (nerr > 0 && !errs.failed)
    sheet_note(t->r, "%zu cell%s with an error value read as null (%.*s%s)", nerr,
               nerr == 1 ? "" : "s", (int)errs.len, errs.p, nerr > SHEET_LIST_MAX ? ", ..." : "");
  sbuf_free(&errs);
  return halt_check() ? err_halt(e, halt_check()) : 0;
}

static coltype inferred(unsigned seen)
{
  if (seen == SEEN_BOOL)
    return COL_BOOL;
  if ((seen & ~(unsigned)(SEEN_NUM | SEEN_FRAC)) == 0 && seen != 0)
    return seen & SEEN_FRAC ? COL_FLOAT : COL_INT;
  return COL_STR;
}

/* Types: given by the options (by name or position), else inferred. */
static int settle_types(table *t, const unsigned *seen, cherr *e)
{
  size_t n = t->o->ntypes;
  size_t *found = mem_alloc((n ? n : 1) * sizeof *found);
  t->types = mem_alloc((t->ncol ? t->ncol : 1) * sizeof *t->types);
  int rc = found == NULL || t->types == NULL ? err_nomem(e) : 0;
  if (rc == 0)
    rc = colnames_hint_columns(t->names, t->ncol, t->o->types, n, found, e);
  for (size_t j = 0; rc == 0 && j < t->ncol; j++)
    t->types[j] = inferred(seen[j]);
  for (size_t k = 0; rc == 0 && k < n; k++) {
    const sheet_typehint *h = &t->o->types[k];
    size_t j = found[k];
    if (j == t->ncol && h->name != NULL)
      rc = err_set(e, ERR_ARG, "%s: sheet '%s': option 'types' names column '%s', which the "
                   "table does not have", t->g->file, t->g->sheet, h->name);
    else if (j == t->ncol)
      rc = err_set(e, ERR_ARG, "%s: sheet '%s': option 'types' gives a type for column %zu of %zu",
                   t->g->file, t->g->sheet, h->index, t->ncol);
    else
      t->types[j] = h->type;
  }
  mem_free(found);
  return rc;
}

static int wrong_type(const table *t, const grid_cell *c, size_t j, cherr *e)
{
  char ref[16], buf[NUM_BUFSIZE];
  size_t len;
  const char *s = cell_text(t->g, c, buf, &len);
  grid_ref_name(c->row, c->col, ref);
  return err_set(e, ERR_INPUT, "%s: sheet '%s' cell %s: column '%s' is %s but holds '%.*s'",
                 t->g->file, t->g->sheet, ref, t->names[j], col_typename(t->types[j]),
                 (int)(len > 60 ? 60 : len), s);
}

/* Pushes one cell's value into column j's builder, converted to the column's type. */
static int push_value(const table *t, colbuild *b, size_t j, const grid_cell *c, cherr *e)
{
  size_t len;
  const char *s = NULL;
  if (c == NULL || blank(c) || c->kind == GRID_ERR)
    return colbuild_null(b, e);
  if (c->kind == GRID_STR || c->kind == GRID_DATE) {
    if ((s = text_value(t, c, &len)) == NULL)
      return colbuild_null(b, e);
  }
  coltype type = t->types[j];
  num_style style = {'.', 0};
  int64_t iv;
  double fv;
  switch (type) {
  case COL_STR: {
    char buf[NUM_BUFSIZE];
    if (s == NULL)
      s = cell_text(t->g, c, buf, &len);
    return colbuild_str(b, s, len, e);
  }
  case COL_INT:
    if (c->kind == GRID_NUM && whole(c->v.num))
      return colbuild_int(b, (int64_t)c->v.num, e);
    if (s != NULL && num_parse(s, len, &style, &iv, &fv) == NUM_INT)
      return colbuild_int(b, iv, e);
    return wrong_type(t, c, j, e);
  case COL_FLOAT:
    if (c->kind == GRID_NUM)
      return colbuild_float(b, c->v.num, e);
    if (s != NULL && num_parse(s, len, &style, &iv, &fv) != NUM_NONE)
      return colbuild_float(b, fv, e);
    return wrong_type(t, c, j, e);
  default:
    if (c->kind == GRID_BOOL)
      return colbuild_bool(b, c->v.num != 0, e);
    if (s != NULL && (len == 4 || len == 5) && (strncasecmp(s, "true", len) == 0 ||
                                                strncasecmp(s, "false", len) == 0))
      return colbuild_bool(b, len == 4, e);
    return wrong_type(t, c, j, e);
  }
}

/* The data rows into the columns' builders, row by row. */
static int fill(table *t, const size_t *slot, colbuild *b, cherr *e)
{
  const grid_cell **row = mem_calloc(t->ncol ? t->ncol : 1, sizeof *row);
  if (row == NULL)
    return err_nomem(e);
  int rc = 0;
  for (size_t k = t->body; rc == 0 && k < t->end; k++) {
    memset(row, 0, t->ncol * sizeof *row);
    for (size_t i = t->rows[k].begin; i < t->rows[k].end; i++) {
      const grid_cell *c = &t->g->cells[i];
      if (inside(t, c) && c->col >= t->cfirst && c->col <= t->clast &&
          slot[c->col - t->cfirst] != SIZE_MAX)
        row[slot[c->col - t->cfirst]] = c;
    }
    for (size_t j = 0; rc == 0 && j < t->ncol; j++)
      rc = push_value(t, &b[j], j, row[j], e);
    if (rc == 0 && HALT_DUE(k) && halt_check())
      rc = err_halt(e, halt_check());
  }
  mem_free(row);
  return rc;
}

/* More cells than this in the table (rows times columns) is taken for a damaged or hostile file. */
#define TABLE_MAX_CELLS ((uint64_t)50000000)

static dataset *build(table *t, cherr *e)
{
  if ((uint64_t)(t->end - t->body) * t->ncol > TABLE_MAX_CELLS)
    return err_set(e, ERR_INPUT, "%s: sheet '%s': the table would have %zu rows of %zu columns, "
                   "more than %llu cells; option 'range' reads part of it", t->g->file, t->g->sheet,
                   t->end - t->body, t->ncol, (unsigned long long)TABLE_MAX_CELLS), NULL;
  size_t width = (size_t)(t->clast - t->cfirst) + 1, j;
  size_t *slot = mem_alloc(width * sizeof *slot);
  unsigned *seen = mem_calloc(t->ncol ? t->ncol : 1, sizeof *seen);
  colbuild *b = mem_calloc(t->ncol ? t->ncol : 1, sizeof *b);
  column **cols = mem_calloc(t->ncol ? t->ncol : 1, sizeof *cols);
  dataset *ds = NULL;
  int rc = slot && seen && b && cols ? 0 : err_nomem(e);
  for (size_t k = 0; rc == 0 && k < width; k++)
    slot[k] = SIZE_MAX;
  for (j = 0; rc == 0 && j < t->ncol; j++)
    slot[t->colof[j] - t->cfirst] = j;
  if (rc == 0)
    rc = survey(t, slot, seen, e);
  if (rc == 0)
    rc = settle_types(t, seen, e);
  for (j = 0; rc == 0 && j < t->ncol; j++)
    rc = colbuild_init(&b[j], t->types[j], t->end - t->body, e);
  size_t made = b && cols ? t->ncol : 0; /* builders never started hold nothing to discard */
  if (rc == 0)
    rc = fill(t, slot, b, e);
  for (j = 0; j < made; j++) {
    if (rc == 0 && (cols[j] = colbuild_finish(&b[j], e)) == NULL)
      rc = -1;
    else if (cols[j] == NULL)
      colbuild_discard(&b[j]);
  }
  if (rc == 0)
    ds = ds_make((const char *const *)t->names, cols, t->ncol, t->end - t->body, e);
  for (j = 0; cols && j < made; j++)
    col_unref(cols[j]);
  mem_free(slot);
  mem_free(seen);
  mem_free(b);
  mem_free(cols);
  return ds;
}

static void free_table(table *t)
{
  for (size_t j = 0; t->names && j < t->ncol; j++)
    mem_free(t->names[j]);
  mem_free(t->names);
  mem_free(t->colof);
  mem_free(t->types);
  mem_free(t->rows);
}

/* Where the header and the data lie; an error when the sheet holds no table. */
static int locate(table *t, cherr *e)
{
  if (skip_titles(t, e) != 0)
    return -1;
  if (t->head >= t->nrows)
    return err_set(e, ERR_INPUT, "%s: sheet '%s' has no cells with values%s", t->g->file,
                   t->g->sheet, t->ranged || t->o->skip > 0 ? " in the rows and range asked for" : "");
  size_t hrows = t->o->header ? t->o->header_rows : 0;
  if (t->nrows - t->head < hrows)
    return err_set(e, ERR_INPUT, "%s: sheet '%s' has %zu non-empty rows, fewer than the %zu of "
                   "the header", t->g->file, t->g->sheet, t->nrows - t->head, hrows);
  t->body = t->head + hrows;
  t->end = t->nrows;
  extent(t);
  drop_footnotes(t);
  extent(t);
  return 0;
}

static void report(const table *t, size_t rows)
{
  char a[16], z[16];
  grid_ref_name(t->rows[t->head].row, t->cfirst, a);
  grid_ref_name(t->rows[(t->end > t->head ? t->end : t->head + 1) - 1].row, t->clast, z);
  snprintf(t->r->range, sizeof t->r->range, "%s:%s", a, z);
  t->r->rows = rows;
  t->r->columns = t->ncol;
}

dataset *sheet_table(grid *g, const sheet_options *o, sheet_report *r, cherr *e)
{
  table t = {.g = g, .o = o, .r = r, .area = {0, 0, GRID_MAX_ROWS - 1, GRID_MAX_COLS - 1}};
  if (o->range != NULL && grid_parse_area(o->range, &t.area) != 0)
    return err_set(e, ERR_ARG, "option 'range': '%s' is not a range such as \"A3:F70\" or \"B:D\"",
                   o->range), NULL;
  t.ranged = o->range != NULL;
  if (o->fill_merged && fill_merges(g, e) != 0)
    return NULL;
  grid_sort(g);
  dataset *ds = NULL;
  if (collect_rows(&t, e) == 0 && locate(&t, e) == 0 && name_columns(&t, e) == 0) {
    note_hidden(&t);
    note_merges(&t);
    if (g->unvalued > 0)
      sheet_note(r, "%zu formula cell%s saved without a value read as null (the first is %s): the "
                 "program that wrote the workbook did not calculate them; opening and saving it in "
                 "Excel or LibreOffice stores the values", g->unvalued, g->unvalued == 1 ? "" : "s",
                 g->unvalued_ref);
    ds = build(&t, e);
    if (ds != NULL)
      report(&t, ds->nrow);
  }
  if (ds != NULL && r->notes.failed) { /* a note lost is a result that does not say all */
    ds_unref(ds);
    ds = NULL;
    err_nomem(e);
  }
  free_table(&t);
  return ds;
}
