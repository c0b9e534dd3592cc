/*
 * dataset.c - datasets: construction, name index, row selection.
 */
#include "dataset.h"

#include <string.h>

#include "halt.h"
#include "mem.h"

static void free_parts(dataset *d, size_t ncols_owned)
{
  for (size_t k = 0; k < ncols_owned; k++) {
    mem_free(d->names[k]);
    col_unref(d->cols[k]);
  }
  mem_free(d->names);
  mem_free(d->cols);
  mem_free(d->index);
  mem_free(d);
}

void ds_unref(dataset *d)
{
  if (d == NULL || --d->refs > 0)
    return;
  free_parts(d, d->ncol);
}

dataset *ds_ref(dataset *d)
{
  if (d != NULL)
    d->refs++;
  return d;
}

static uint32_t slot_of(const dataset *d, const char *name, size_t len)
{
  uint32_t i = dict_hash(name, len) & d->mask;
  for (;;) {
    uint32_t s = d->index[i];
    if (s == 0)
      return i;
    const char *other = d->names[s - 1];
    if (strncmp(other, name, len) == 0 && other[len] == '\0')
      return i;
    i = (i + 1) & d->mask;
  }
}

long ds_find(const dataset *d, const char *name, size_t len)
{
  if (memchr(name, '\0', len) != NULL)
    return -1; /* no column name holds a NUL, and slot_of compares C strings */
  uint32_t s = d->index[slot_of(d, name, len)];
  return s == 0 ? -1 : (long)s - 1;
}

/* Adds column k to the index; -1 when its name is already there. */
static int index_name(dataset *d, size_t k)
{
  uint32_t i = slot_of(d, d->names[k], strlen(d->names[k]));
  if (d->index[i] != 0)
    return -1;
  d->index[i] = (uint32_t)k + 1;
  return 0;
}

static int check_columns(const char *const *names, column *const *cols, size_t n, cherr *e)
{
  for (size_t k = 0; k < n; k++) {
    if (names[k][0] == '\0')
      return err_set(e, ERR_ARG, "column %zu has an empty name", k + 1);
    if (cols[k]->len != cols[0]->len)
      return err_set(e, ERR_ARG, "column '%s' has %zu rows but column '%s' has %zu",
                     names[k], cols[k]->len, names[0], cols[0]->len);
  }
  return 0;
}

static int duplicate_error(const char *const *names, size_t k, cherr *e)
{
  size_t first = 0;
  while (strcmp(names[first], names[k]) != 0)
    first++;
  return err_set(e, ERR_ARG, "duplicate column name '%s' (columns %zu and %zu)", names[k],
                 first + 1, k + 1);
}

dataset *ds_make(const char *const *names, column *const *cols, size_t n, size_t nrow, cherr *e)
{
  if (n >= UINT32_MAX / 4) {
    err_set(e, ERR_ARG, "too many columns (%zu)", n);
    return NULL;
  }
  if (check_columns(names, cols, n, e) != 0)
    return NULL;
  dataset *d = mem_calloc(1, sizeof *d);
  size_t nslots = 8;
  while (nslots < n * 2)
    nslots *= 2;
  if (d == NULL || (d->names = mem_calloc(n ? n : 1, sizeof *d->names)) == NULL ||
      (d->cols = mem_calloc(n ? n : 1, sizeof *d->cols)) == NULL ||
      (d->index = mem_calloc(nslots, sizeof *d->index)) == NULL) {
    if (d != NULL)
      free_parts(d, 0);
    err_nomem(e);
    return NULL;
  }
  d->refs = 1;
  d->mask = (uint32_t)nslots - 1;
  d->nrow = n > 0 ? cols[0]->len : nrow;
  for (size_t k = 0; k < n; k++) {
    int why = HALT_DUE(k + 1) ? halt_check() : HALT_NONE; /* a dataset can have a million columns */
    d->names[k] = why == HALT_NONE ? mem_strndup(names[k], strlen(names[k])) : NULL;
    if (d->names[k] == NULL) {
      free_parts(d, k);
      why != HALT_NONE ? err_halt(e, why) : err_nomem(e);
      return NULL;
    }
    d->cols[k] = col_ref(cols[k]);
    d->ncol = k + 1;
    if (index_name(d, k) != 0) {
      free_parts(d, k + 1);
      duplicate_error(names, k, e);
      return NULL;
    }
  }
  return d;
}

dataset *ds_with_column(const dataset *d, const char *name, column *col, cherr *e)
{
  size_t n = d->ncol;
  const char **names = mem_alloc((n + 1) * sizeof *names);
  column **cols = mem_alloc((n + 1) * sizeof *cols);
  dataset *out = NULL;
  if (names == NULL || cols == NULL) {
    err_nomem(e);
  } else {
    for (size_t k = 0; k < n; k++) {
      names[k] = d->names[k];
      cols[k] = d->cols[k];
    }
    long k = ds_find(d, name, strlen(name));
    if (k >= 0) {
      cols[k] = col;
    } else {
      names[n] = name;
      cols[n++] = col;
    }
    out = ds_make(names, cols, n, d->nrow, e);
  }
  mem_free(names);
  mem_free(cols);
  return out;
}

/* A dataset with d's names and each column made by take or slice. */
static dataset *map_columns(const dataset *d, const size_t *rows, size_t from, size_t n, cherr *e)
{
  column **cols = mem_calloc(d->ncol ? d->ncol : 1, sizeof *cols);
  if (cols == NULL) {
    err_nomem(e);
    return NULL;
  }
  dataset *out = NULL;
  size_t k = 0, done = 0;
  for (; k < d->ncol; k++) {
    /* each column looks within itself every 65,536 rows; many short ones, here */
    int why = halt_after(&done, n + 16);
    cols[k] = why != HALT_NONE ? (err_halt(e, why), NULL)
              : rows ? col_take(d->cols[k], rows, n, e) : col_slice(d->cols[k], from, n, e);
    if (cols[k] == NULL)
      break;
  }
  if (k == d->ncol)
    out = ds_make((const char *const *)d->names, cols, d->ncol, n, e);
  for (size_t j = 0; j < k; j++)
    col_unref(cols[j]);
  mem_free(cols);
  return out;
}

dataset *ds_take(const dataset *d, const size_t *rows, size_t n, cherr *e)
{
  return map_columns(d, rows, 0, n, e);
}

dataset *ds_slice(const dataset *d, size_t from, size_t n, cherr *e)
{
  if (from > d->nrow)
    from = d->nrow;
  if (n > d->nrow - from)
    n = d->nrow - from;
  return map_columns(d, NULL, from, n, e);
}

size_t ds_bytes(const dataset *d)
{
  size_t n = sizeof *d + ((size_t)d->mask + 1) * 4;
  for (size_t k = 0; k < d->ncol; k++)
    n += strlen(d->names[k]) + 1 + 2 * sizeof(void *) + col_bytes(d->cols[k]);
  return n;
}
