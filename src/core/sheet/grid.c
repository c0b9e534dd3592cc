/*
 * grid.c - a worksheet's cells, merged areas and hidden rows as read;
 * cell references; serial numbers and number formats as dates.
 */
#include "grid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void grid_init(grid *g, const char *file, const char *sheet)
{
  memset(g, 0, sizeof *g);
  sbuf_init(&g->text);
  g->file = file;
  g->sheet = sheet;
}

void grid_free(grid *g)
{
  mem_free(g->cells);
  mem_free(g->merges);
  mem_free(g->hidden);
  sbuf_free(&g->text);
  memset(g, 0, sizeof *g);
}

/* Room for one more element of size bytes in *items (n used, *cap allocated). */
static int grow(void **items, size_t n, size_t *cap, size_t size, cherr *e)
{
  if (n < *cap)
    return 0;
  size_t want = *cap ? *cap * 2 : 64;
  void *p = want > (size_t)-1 / size ? NULL : mem_realloc(*items, want * size);
  if (p == NULL)
    return err_nomem(e);
  *items = p;
  *cap = want;
  return 0;
}

static grid_cell *new_cell(grid *g, uint32_t row, uint32_t col, grid_kind kind, cherr *e)
{
  if (grow((void **)&g->cells, g->ncell, &g->capcell, sizeof *g->cells, e) != 0)
    return NULL;
  grid_cell *c = &g->cells[g->ncell++];
  c->row = row;
  c->col = col;
  c->kind = kind;
  c->len = 0;
  return c;
}

int grid_add_num(grid *g, uint32_t row, uint32_t col, grid_kind kind, double v, cherr *e)
{
  grid_cell *c = new_cell(g, row, col, kind, e);
  if (c == NULL)
    return -1;
  c->v.num = v;
  return 0;
}

int grid_add_text(grid *g, uint32_t row, uint32_t col, grid_kind kind, const char *s, size_t len,
                  cherr *e)
{
  if (len > UINT32_MAX)
    return err_set(e, ERR_INPUT, "%s: sheet '%s': a cell holds more than 4 GB of text", g->file,
                   g->sheet);
  uint64_t off = g->text.len;
  sbuf_add(&g->text, s, len);
  if (g->text.failed)
    return err_nomem(e);
  grid_cell *c = new_cell(g, row, col, kind, e);
  if (c == NULL)
    return -1;
  c->v.off = off;
  c->len = (uint32_t)len;
  return 0;
}

int grid_add_pooled(grid *g, uint32_t row, uint32_t col, uint64_t off, uint32_t len, cherr *e)
{
  grid_cell *c = new_cell(g, row, col, GRID_STR, e);
  if (c == NULL)
    return -1;
  c->v.off = off;
  c->len = len;
  return 0;
}

int grid_add_merge(grid *g, const grid_area *a, cherr *e)
{
  if (grow((void **)&g->merges, g->nmerge, &g->capmerge, sizeof *g->merges, e) != 0)
    return -1;
  g->merges[g->nmerge++] = *a;
  return 0;
}

int grid_add_hidden(grid *g, uint32_t row, cherr *e)
{
  if (grow((void **)&g->hidden, g->nhidden, &g->caphidden, sizeof *g->hidden, e) != 0)
    return -1;
  g->hidden[g->nhidden++] = row;
  return 0;
}

/* Position first, then the order read, so that of two cells at one place the later sorts last. */
static int cell_order(const void *a, const void *b)
{
  const grid_cell *x = a, *y = b;
  if (x->row != y->row)
    return x->row < y->row ? -1 : 1;
  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  return x < y ? -1 : x > y;
}

static int row_order(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Whether the cells are already in order (writers put them so), which spares the sort. */
static int sorted(const grid *g)
{
  for (size_t k = 1; k < g->ncell; k++) {
    const grid_cell *p = &g->cells[k - 1], *c = &g->cells[k];
    if (p->row > c->row || (p->row == c->row && p->col >= c->col))
      return 0;
  }
  return 1;
}

void grid_sort(grid *g)
{
  if (!sorted(g)) {
    /* qsort is not stable: the comparison's tie-break on addresses keeps the order read */
    qsort(g->cells, g->ncell, sizeof *g->cells, cell_order);
    size_t out = 0;
    for (size_t k = 0; k < g->ncell; k++) {
      if (out > 0 && g->cells[out - 1].row == g->cells[k].row &&
          g->cells[out - 1].col == g->cells[k].col)
        out--;
      g->cells[out++] = g->cells[k];
    }
    g->ncell = out;
  }
  if (g->nhidden > 1)
    qsort(g->hidden, g->nhidden, sizeof *g->hidden, row_order);
}

const grid_cell *grid_at(const grid *g, uint32_t row, uint32_t col)
{
  size_t lo = 0, hi = g->ncell;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const grid_cell *c = &g->cells[mid];
    if (c->row < row || (c->row == row && c->col < col))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < g->ncell && g->cells[lo].row == row && g->cells[lo].col == col)
    return &g->cells[lo];
  return NULL;
}

const grid_area *grid_merge_at(const grid *g, uint32_t row, uint32_t col)
{
  for (size_t k = 0; k < g->nmerge; k++) {
    const grid_area *a = &g->merges[k];
    if (row >= a->r1 && row <= a->r2 && col >= a->c1 && col <= a->c2)
      return a;
  }
  return NULL;
}

int grid_is_hidden(const grid *g, uint32_t row)
{
  return g->nhidden > 0 &&
         bsearch(&row, g->hidden, g->nhidden, sizeof *g->hidden, row_order) != NULL;
}

/* References ---------------------------------------------------------------- */

size_t grid_parse_ref(const char *s, size_t len, uint32_t *row, uint32_t *col)
{
  size_t i = 0;
  uint64_t c = 0, r = 0;
  size_t letters = 0, digits = 0;
  if (i < len && s[i] == '$')
    i++;
  while (i < len && letters < 4 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
    c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
    i++;
    letters++;
  }
  if (i < len && s[i] == '$' && letters > 0)
    i++;
  while (i < len && digits < 8 && s[i] >= '0' && s[i] <= '9') {
    r = r * 10 + (uint64_t)(s[i] - '0');
    i++;
    digits++;
  }
  if ((letters == 0 && digits == 0) || (letters > 0 && c > GRID_MAX_COLS) ||
      (digits > 0 && (r == 0 || r > GRID_MAX_ROWS)))
    return 0;
  if (i < len && ((s[i] >= '0' && s[i] <= '9') || (unsigned)((s[i] | 0x20) - 'a') < 26u))
    return 0; /* more letters or digits than a reference can have */
  *col = letters ? (uint32_t)(c - 1) : UINT32_MAX;
  *row = digits ? (uint32_t)(r - 1) : UINT32_MAX;
  return i;
}

int grid_parse_area(const char *s, grid_area *a)
{
  size_t len = strlen(s);
  uint32_t r1, c1, r2, c2;
  size_t n = grid_parse_ref(s, len, &r1, &c1);
  if (n == 0)
    return -1;
  if (n == len) {
    if (r1 == UINT32_MAX || c1 == UINT32_MAX)
      return -1;
    *a = (grid_area){r1, c1, r1, c1};
    return 0;
  }
  if (s[n] != ':' || n + 1 == len || grid_parse_ref(s + n + 1, len - n - 1, &r2, &c2) != len - n - 1)
    return -1; /* "A1:" has nothing after the colon, and grid_parse_ref's 0 would match it */
  if ((r1 == UINT32_MAX) != (r2 == UINT32_MAX) || c1 == UINT32_MAX || c2 == UINT32_MAX)
    return -1; /* "A3:F70" or "B:D"; rows alone ("3:70") are not a table */
  if (r1 == UINT32_MAX) {
    r1 = 0;
    r2 = GRID_MAX_ROWS - 1;
  }
  *a = (grid_area){r1 < r2 ? r1 : r2, c1 < c2 ? c1 : c2, r1 < r2 ? r2 : r1, c1 < c2 ? c2 : c1};
  return 0;
}

void grid_col_name(uint32_t col, char *buf)
{
  char tmp[4];
  size_t n = 0;
  uint32_t c = col + 1;
  while (c > 0 && n < sizeof tmp) {
    tmp[n++] = (char)('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  for (size_t k = 0; k < n; k++)
    buf[k] = tmp[n - 1 - k];
  buf[n] = '\0';
}

void grid_ref_name(uint32_t row, uint32_t col, char *buf)
{
  grid_col_name(col, buf);
  snprintf(buf + strlen(buf), 12, "%lu", (unsigned long)row + 1);
}

/* Dates -------------------------------------------------------------------- */

/* Year, month and day of a count of days since 1970-01-01 (H. Hinnant's civil_from_days). */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned doe = (unsigned)(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

size_t grid_date_text(double serial, int date1904, grid_datekind kind, char buf[32])
{
  if (!(serial >= 0) || serial > 2958465.0) /* 9999-12-31 */
    return 0;
  /* milliseconds, rounded once, so 0.99999999 of a day is the next midnight */
  int64_t ms = (int64_t)llround(serial * 86400000.0);
  int64_t day = ms / 86400000;
  int64_t in_day = ms % 86400000;
  /*
   * The 1900 system counts 1900-01-01 as day 1 and has a 29 February 1900
   * (day 60) that never was, as Lotus 1-2-3 did; from day 61 on a serial is
   * days since 1899-12-30. Day 60 reads as 1900-02-28, as openpyxl reads it.
   */
  int64_t epoch = date1904 ? -24107 /* 1904-01-01 */ : -25569 /* 1899-12-30 */;
  if (!date1904 && day < 61)
    day += day == 60 ? 0 : 1;
  int64_t y;
  unsigned m, d;
  civil(epoch + day, &y, &m, &d);
  unsigned hh = (unsigned)(in_day / 3600000), mm = (unsigned)(in_day / 60000 % 60);
  unsigned ss = (unsigned)(in_day / 1000 % 60), frac = (unsigned)(in_day % 1000);
  int n = 0;
  if (kind != GRID_TIME)
    n = snprintf(buf, 32, "%04lld-%02u-%02u", (long long)y, m, d);
  if (kind == GRID_DAYTIME || kind == GRID_TIME)
    n += snprintf(buf + n, (size_t)(32 - n), "%s%02u:%02u:%02u", n ? " " : "", hh, mm, ss);
  if ((kind == GRID_DAYTIME || kind == GRID_TIME) && frac)
    n += snprintf(buf + n, (size_t)(32 - n), ".%03u", frac);
  return (size_t)n;
}

grid_datekind grid_format_datekind(const char *code)
{
  int day = 0, time = 0;
  for (const char *p = code; *p; p++) {
    char c = (char)(*p | 0x20);
    if (*p == '"') { /* literal text */
      while (p[1] && p[1] != '"')
        p++;
      if (p[1])
        p++;
    } else if (*p == '\\' || *p == '_' || *p == '*') { /* an escaped, padding or fill character */
      if (p[1])
        p++;
    } else if (*p == '[') { /* a colour, a locale, a condition; [h], [mm], [ss] are elapsed time */
      const char *end = strchr(p, ']');
      if (end == NULL)
        break;
      char first = (char)(p[1] | 0x20);
      if (first == 'h' || first == 'm' || first == 's')
        time = 1;
      p = end;
    } else if (*p == ';') {
      break; /* the first section says how positive numbers (dates) look */
    } else if (c == 'd' || c == 'y') {
      day = 1;
    } else if (c == 'h' || c == 's') {
      time = 1;
    } else if (c == 'm') {
      day = day || !time; /* minutes after hours, else months; both say "a date" */
    } else if (c == 'g' && strncmp(p, "General", 7) == 0) {
      p += 6;
    } else if (c == 'e' && (p[1] == '+' || p[1] == '-')) {
      return GRID_NOT_DATE; /* scientific: 0.00E+00 */
    }
  }
  if (day && time)
    return GRID_DAYTIME;
  return day ? GRID_DAY : time ? GRID_TIME : GRID_NOT_DATE;
}
