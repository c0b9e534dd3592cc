/*
 * colnames.c - column names from a header (colnames.h): header rows joined,
 * repeated names found and made unique. The CSV reader and the workbook
 * reader both call it, so a table reads to the same names from either.
 */
#include "colnames.h"

#include <stdio.h>
#include <string.h>

#include "dict.h"
#include "halt.h"
#include "mem.h"
#include "sbuf.h"

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int blank(const colnames_cell *c)
{
  if (c->s == NULL)
    return 1;
  for (size_t k = 0; k < c->len; k++)
    if (!is_space(c->s[k]))
      return 0;
  return 1;
}

/* Appends s to a name after a space, line breaks and runs of spaces made one space, ends trimmed. */
static void add_part(sbuf *b, const char *s, size_t len)
{
  size_t start = b->len;
  if (b->len > 0)
    sbuf_addc(b, ' ');
  for (size_t k = 0; k < len; k++) {
    char c = is_space(s[k]) ? ' ' : s[k];
    if (c == ' ' && (b->len == start || b->p[b->len - 1] == ' '))
      continue;
    sbuf_addc(b, c);
  }
  while (b->len > start && b->p[b->len - 1] == ' ')
    b->len--;
}

/*
 * Column c's name from its cells, carried[r] being row r's last non-empty
 * cell so far; *work grows by the rows and bytes looked at (a long cell
 * carried over many rows is copied and compared at each).
 */
static char *join_column(const colnames_cell *cells, size_t rows, size_t ncol, size_t c, int carry,
                         const colnames_cell **carried, size_t *work)
{
  sbuf b;
  sbuf_init(&b);
  size_t last = 0, last_len = 0; /* the previous part, in b */
  for (size_t r = 0; r < rows; r++) {
    const colnames_cell *cell = &cells[r * ncol + c];
    if (!blank(cell))
      carried[r] = cell;
    else if (carry && r + 1 < rows && carried[r] != NULL)
      cell = carried[r];
    else
      continue;
    size_t before = b.len;
    *work += 1 + cell->len / 64;
    add_part(&b, cell->s, cell->len);
    size_t start = before + (before > 0), n = b.len > start ? b.len - start : 0;
    if (before > 0 && n == last_len && memcmp(b.p + start, b.p + last, n) == 0)
      b.len = before; /* the same text as the part above: the column is named once */
    else if (b.len > before)
      last = start, last_len = n;
  }
  sbuf_addc(&b, '\0');
  if (b.failed) {
    sbuf_free(&b);
    return NULL;
  }
  return sbuf_take(&b, NULL);
}

int colnames_join(const colnames_cell *cells, size_t rows, size_t ncol, int carry, char **names,
                  cherr *e)
{
  size_t extent = 0; /* columns up to the last one any row names */
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < ncol; c++)
      if (!blank(&cells[r * ncol + c]) && c + 1 > extent)
        extent = c + 1;
  const colnames_cell **carried = mem_calloc(rows ? rows : 1, sizeof *carried);
  int rc = carried == NULL ? err_nomem(e) : 0;
  for (size_t c = 0; c < ncol; c++)
    names[c] = NULL;
  size_t done = 0;
  for (size_t c = 0; rc == 0 && c < ncol; c++) {
    size_t work = 1;
    if ((names[c] = join_column(cells, rows, ncol, c, carry && c < extent, carried, &work)) == NULL)
      rc = err_nomem(e);
    int why = rc == 0 ? halt_after(&done, work) : HALT_NONE;
    if (why != HALT_NONE)
      rc = err_halt(e, why);
  }
  mem_free(carried);
  for (size_t c = 0; rc != 0 && c < ncol; c++) {
    mem_free(names[c]);
    names[c] = NULL;
  }
  return rc;
}

static int named(const char *s)
{
  return s != NULL && s[0] != '\0';
}

int colnames_find_repeat(char *const *names, size_t n, size_t *first, size_t *again, cherr *e)
{
  dict *seen = dict_new();
  size_t *column_of = mem_alloc((n ? n : 1) * sizeof *column_of); /* column_of of each distinct name */
  int rc = seen == NULL || column_of == NULL ? err_nomem(e) : 0;
  for (size_t k = 0; rc == 0 && k < n; k++) {
    uint32_t id, before = seen->count;
    if (!named(names[k]))
      continue;
    if (dict_intern(seen, names[k], strlen(names[k]), &id) != 0)
      rc = err_nomem(e);
    else if (seen->count > before)
      column_of[id] = k;
    else {
      *first = column_of[id];
      *again = k;
      rc = 1;
    }
  }
  if (seen != NULL)
    dict_unref(seen);
  mem_free(column_of);
  return rc;
}

/* The name base_u, u from *next up, that all does not hold: added to all, *next moved past it. */
static char *fresh_name(dict *all, const char *base, uint32_t *next, cherr *e)
{
  size_t len = strlen(base) + 12;
  char *fresh = mem_alloc(len);
  if (fresh == NULL) {
    err_nomem(e);
    return NULL;
  }
  uint32_t id;
  int found;
  do {
    snprintf(fresh, len, "%s_%u", base, (unsigned)(*next)++);
  } while ((found = dict_find(all, fresh, strlen(fresh), &id)) == 1);
  if (found < 0 || dict_intern(all, fresh, strlen(fresh), &id) != 0) {
    mem_free(fresh);
    err_nomem(e);
    return NULL;
  }
  return fresh;
}

typedef struct dedupe {
  dict *all;      /* every name, given or made */
  dict *seen;     /* the names of the columns so far */
  uint32_t *next; /* by id in seen: the suffix to try next for that name */
  size_t cap;
} dedupe;

/* Names names[k] anew when an earlier column has its name: 0, or -1 with e set. */
static int dedupe_one(dedupe *d, char **names, size_t k, colnames_renamed renamed, void *ud,
                      cherr *e)
{
  uint32_t id, before = d->seen->count;
  if (dict_intern(d->seen, names[k], strlen(names[k]), &id) != 0)
    return err_nomem(e);
  if (d->seen->count > before)
    return 0;
  if (d->cap < d->seen->count + 1) {
    size_t cap = (d->seen->count + 1) * 2;
    uint32_t *p = mem_realloc(d->next, cap * sizeof *p);
    if (p == NULL)
      return err_nomem(e);
    memset(p + d->cap, 0, (cap - d->cap) * sizeof *p);
    d->next = p;
    d->cap = cap;
  }
  if (d->next[id] < 2)
    d->next[id] = 2;
  char *fresh = fresh_name(d->all, names[k], &d->next[id], e);
  uint32_t fid;
  if (fresh == NULL)
    return -1;
  if (dict_intern(d->seen, fresh, strlen(fresh), &fid) != 0) {
    mem_free(fresh);
    return err_nomem(e);
  }
  if (renamed != NULL)
    renamed(ud, k, names[k], fresh);
  mem_free(names[k]);
  names[k] = fresh;
  return 0;
}

int colnames_dedupe(char **names, size_t n, colnames_renamed renamed, void *ud, cherr *e)
{
  dedupe d = {dict_new(), dict_new(), NULL, 0};
  uint32_t id;
  int rc = d.all == NULL || d.seen == NULL ? err_nomem(e) : 0;
  for (size_t k = 0; rc == 0 && k < n; k++)
    if (named(names[k]) && dict_intern(d.all, names[k], strlen(names[k]), &id) != 0)
      rc = err_nomem(e);
  for (size_t k = 0; rc == 0 && k < n; k++)
    if (named(names[k]))
      rc = dedupe_one(&d, names, k, renamed, ud, e);
  if (d.all != NULL)
    dict_unref(d.all);
  if (d.seen != NULL)
    dict_unref(d.seen);
  mem_free(d.next);
  return rc;
}

int colnames_hint_columns(char *const *names, size_t ncol, const col_typehint *hints, size_t n,
                          size_t *found, cherr *e)
{
  dict *d = dict_new();
  size_t *column_of = mem_alloc((ncol ? ncol : 1) * sizeof *column_of); /* the first column_of of each name */
  int rc = d == NULL || column_of == NULL ? err_nomem(e) : 0;
  for (size_t k = 0; rc == 0 && k < ncol; k++) {
    uint32_t id, before = d->count;
    if (dict_intern(d, names[k], strlen(names[k]), &id) != 0)
      rc = err_nomem(e);
    else if (d->count > before)
      column_of[id] = k;
  }
  for (size_t h = 0; rc == 0 && h < n; h++) {
    uint32_t id;
    const char *name = hints[h].name;
    int got = name != NULL ? dict_find(d, name, strlen(name), &id) : 0;
    if (got < 0)
      rc = err_nomem(e);
    else if (name != NULL)
      found[h] = got == 1 ? column_of[id] : ncol;
    else
      found[h] = hints[h].index >= 1 && hints[h].index <= ncol ? hints[h].index - 1 : ncol;
  }
  if (d != NULL)
    dict_unref(d);
  mem_free(column_of);
  return rc;
}
