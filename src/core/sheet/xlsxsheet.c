/*
 * xlsxsheet.c - one worksheet part of an .xlsx file into a grid: each cell's
 * value by its type (shared or inline string, number, boolean, error, date,
 * a formula's cached result), numbers in date formats as ISO dates, merged
 * areas and hidden rows.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "num.h"
#include "xlsxpart.h"

typedef enum ctype { T_NUM, T_SST, T_INLINE, T_STR, T_BOOL, T_ERR, T_DATE } ctype;

typedef struct cells_ctx {
  xlsx_ctx c;
  xlsx_book *b;
  grid *g;
  int64_t row;      /* the current row, -1 before the first */
  uint32_t next;    /* the column of a cell that gives no reference */
  int in_cell, in_v, in_is, in_t, in_rph, has_f;
  uint32_t crow, ccol;
  ctype type;
  size_t style;
  sbuf text;
  size_t unvalued;  /* formula cells with no cached value */
  uint32_t unvalued_at[2];
} cells_ctx;

static const struct {
  const char *name;
  ctype type;
} types[] = {{"n", T_NUM}, {"s", T_SST}, {"inlineStr", T_INLINE}, {"str", T_STR},
             {"b", T_BOOL}, {"e", T_ERR}, {"d", T_DATE}};

static void start_row(cells_ctx *s, const char **atts)
{
  const char *r = xlsx_attr(atts, "r"), *hidden = xlsx_attr(atts, "hidden");
  if (r != NULL) {
    char *end;
    unsigned long n = strtoul(r, &end, 10);
    if (*end != '\0' || n == 0 || n > GRID_MAX_ROWS) {
      xlsx_fail(&s->c, "row number '%s' is not one Excel allows", r);
      return;
    }
    s->row = (int64_t)n - 1;
  } else if (++s->row >= GRID_MAX_ROWS) {
    xlsx_fail(&s->c, "more rows than Excel allows");
    return;
  }
  s->next = 0;
  if (hidden && (strcmp(hidden, "1") == 0 || strcmp(hidden, "true") == 0) &&
      grid_add_hidden(s->g, (uint32_t)s->row, s->c.e) != 0)
    xlsx_nomem(&s->c);
}

static void start_cell(cells_ctx *s, const char **atts)
{
  const char *r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t"), *st = xlsx_attr(atts, "s");
  if (r != NULL) {
    size_t len = strlen(r);
    if (grid_parse_ref(r, len, &s->crow, &s->ccol) != len || s->crow == UINT32_MAX ||
        s->ccol == UINT32_MAX) {
      xlsx_fail(&s->c, "'%.20s' is not a cell reference", r);
      return;
    }
  } else if (s->row < 0 || s->next >= GRID_MAX_COLS) {
    xlsx_fail(&s->c, "a cell without a reference outside a row, or past column XFD");
    return;
  } else {
    s->crow = (uint32_t)s->row;
    s->ccol = s->next;
  }
  s->next = s->ccol + 1;
  s->type = T_NUM;
  for (size_t k = 0; t != NULL && k < sizeof types / sizeof types[0]; k++)
    if (strcmp(t, types[k].name) == 0)
      s->type = types[k].type;
  s->style = st ? strtoul(st, NULL, 10) : 0;
  s->in_cell = 1;
  s->has_f = 0;
  s->text.len = 0;
}

static void add_merge(cells_ctx *s, const char **atts)
{
  const char *ref = xlsx_attr(atts, "ref");
  grid_area a;
  if (ref == NULL || grid_parse_area(ref, &a) != 0) {
    xlsx_fail(&s->c, "merged cells '%.20s' are not a range", ref ? ref : "");
    return;
  }
  if (grid_add_merge(s->g, &a, s->c.e) != 0)
    xlsx_nomem(&s->c);
}

static void XMLCALL cells_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  cells_ctx *s = ud;
  const char *local = xlsx_local(name);
  if (strcmp(local, "row") == 0)
    start_row(s, atts);
  else if (strcmp(local, "c") == 0)
    start_cell(s, atts);
  else if (!s->in_cell && strcmp(local, "mergeCell") == 0)
    add_merge(s, atts);
  else if (s->in_cell && strcmp(local, "v") == 0)
    s->in_v = 1;
  else if (s->in_cell && strcmp(local, "f") == 0)
    s->has_f = 1;
  else if (s->in_cell && strcmp(local, "is") == 0)
    s->in_is = 1;
  else if (s->in_is && strcmp(local, "t") == 0)
    s->in_t = 1;
  else if (s->in_is && strcmp(local, "rPh") == 0)
    s->in_rph = 1;
}

static void XMLCALL cells_text(void *ud, const XML_Char *text, int len)
{
  cells_ctx *s = ud;
  if (s->in_v || (s->in_t && !s->in_rph)) {
    sbuf_add(&s->text, text, (size_t)len);
    if (s->text.failed)
      xlsx_nomem(&s->c);
  }
}

/* A number cell: a date when its style's format shows one. */
static int add_number(cells_ctx *s, const char *v, size_t len)
{
  num_style style = {'.', 0};
  int64_t i;
  double f;
  if (num_parse(v, len, &style, &i, &f) == NUM_NONE) {
    char ref[16];
    grid_ref_name(s->crow, s->ccol, ref);
    xlsx_fail(&s->c, "cell %s holds '%.*s' where a number belongs", ref, (int)(len > 40 ? 40 : len),
              v);
    return -1;
  }
  grid_datekind kind = s->style < s->b->nxf ? s->b->xf[s->style] : GRID_NOT_DATE;
  char date[32];
  size_t n = kind ? grid_date_text(f, s->b->date1904, kind, date) : 0;
  if (n > 0)
    return grid_add_text(s->g, s->crow, s->ccol, GRID_DATE, date, n, s->c.e);
  return grid_add_num(s->g, s->crow, s->ccol, GRID_NUM, f, s->c.e);
}

static int add_shared(cells_ctx *s, const char *v)
{
  char *end;
  unsigned long k = strtoul(v, &end, 10);
  if (*v == '\0' || *end != '\0' || k >= s->b->nsst) {
    char ref[16];
    grid_ref_name(s->crow, s->ccol, ref);
    xlsx_fail(&s->c, "cell %s refers to shared string '%.20s', but the workbook has %zu", ref, v,
              s->b->nsst);
    return -1;
  }
  return grid_add_pooled(s->g, s->crow, s->ccol, s->b->sst_off[k], s->b->sst_len[k], s->c.e);
}

/* An ISO date written as text (t="d"): "2024-03-05T00:00:00" read as "2024-03-05". */
static int add_iso(cells_ctx *s, char *v, size_t len)
{
  char *t = memchr(v, 'T', len);
  if (t != NULL) {
    *t = ' ';
    if (len - (size_t)(t - v) == 9 && strcmp(t, " 00:00:00") == 0)
      len = (size_t)(t - v);
  }
  return grid_add_text(s->g, s->crow, s->ccol, GRID_DATE, v, len, s->c.e);
}

static void end_cell(cells_ctx *s)
{
  s->in_cell = s->in_is = 0;
  sbuf_addc(&s->text, '\0'); /* so strtoul stops; not counted */
  if (s->text.failed) {
    xlsx_nomem(&s->c);
    return;
  }
  char *v = s->text.p;
  size_t len = --s->text.len;
  if (len == 0 && s->type != T_INLINE && s->type != T_STR) {
    if (s->has_f && s->unvalued++ == 0)
      s->unvalued_at[0] = s->crow, s->unvalued_at[1] = s->ccol;
    return; /* a cell with a style and no value */
  }
  int rc;
  switch (s->type) {
  case T_SST: rc = add_shared(s, v); break;
  case T_INLINE:
  case T_STR: rc = grid_add_text(s->g, s->crow, s->ccol, GRID_STR, v, len, s->c.e); break;
  case T_BOOL: rc = grid_add_num(s->g, s->crow, s->ccol, GRID_BOOL, strcmp(v, "1") == 0 ||
                                 strcmp(v, "true") == 0, s->c.e); break;
  case T_ERR: rc = grid_add_text(s->g, s->crow, s->ccol, GRID_ERR, v, len, s->c.e); break;
  case T_DATE: rc = add_iso(s, v, len); break;
  default: rc = add_number(s, v, len); break;
  }
  if (rc != 0 && !s->c.failed)
    xlsx_nomem(&s->c);
}

static void XMLCALL cells_end(void *ud, const XML_Char *name)
{
  cells_ctx *s = ud;
  const char *local = xlsx_local(name);
  if (strcmp(local, "c") == 0 && s->in_cell)
    end_cell(s);
  else if (strcmp(local, "v") == 0)
    s->in_v = 0;
  else if (strcmp(local, "t") == 0)
    s->in_t = 0;
  else if (strcmp(local, "rPh") == 0)
    s->in_rph = 0;
}

int xlsx_read_cells(xlsx_book *b, const char *part, grid *g, cherr *e)
{
  cells_ctx s = {.b = b, .g = g, .row = -1};
  sbuf_init(&s.text);
  int rc = xlsx_parse(b, part, 0, cells_start, cells_end, cells_text, &s.c, e);
  sbuf_free(&s.text);
  if (rc == 0 && s.unvalued > 0) {
    char ref[16];
    grid_ref_name(s.unvalued_at[0], s.unvalued_at[1], ref);
    g->unvalued = s.unvalued;
    memcpy(g->unvalued_ref, ref, sizeof ref);
  }
  return rc;
}
