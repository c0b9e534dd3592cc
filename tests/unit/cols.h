/*
 * cols.h - small column and dataset makers shared by the unit tests.
 *
 * A null pattern, where one is taken, is a string with 'n' at each null row
 * (NULL for none). The makers return NULL when building fails; the tests
 * that use them check the result.
 */
#ifndef CHISO_UNIT_COLS_H
#define CHISO_UNIT_COLS_H

#include <stdint.h>
#include <string.h>

#include "column.h"
#include "csvio.h"
#include "dataset.h"

static inline int unit_isnull_at(const char *nulls, size_t k)
{
  return nulls != NULL && nulls[k] == 'n';
}

static inline column *unit_finish(colbuild *b, int rc)
{
  cherr e;
  if (rc != 0) {
    colbuild_discard(b);
    return NULL;
  }
  return colbuild_finish(b, &e);
}

static inline column *unit_ints(size_t n, const int64_t *v, const char *nulls)
{
  cherr e;
  colbuild b;
  if (colbuild_init(&b, COL_INT, 0, &e) != 0)
    return NULL;
  int rc = 0;
  for (size_t k = 0; k < n && rc == 0; k++)
    rc = unit_isnull_at(nulls, k) ? colbuild_null(&b, &e) : colbuild_int(&b, v[k], &e);
  return unit_finish(&b, rc);
}

static inline column *unit_floats(size_t n, const double *v, const char *nulls)
{
  cherr e;
  colbuild b;
  if (colbuild_init(&b, COL_FLOAT, 0, &e) != 0)
    return NULL;
  int rc = 0;
  for (size_t k = 0; k < n && rc == 0; k++)
    rc = unit_isnull_at(nulls, k) ? colbuild_null(&b, &e) : colbuild_float(&b, v[k], &e);
  return unit_finish(&b, rc);
}

/* A NULL string is a null. */
static inline column *unit_strs(size_t n, const char *const *v)
{
  cherr e;
  colbuild b;
  if (colbuild_init(&b, COL_STR, 0, &e) != 0)
    return NULL;
  int rc = 0;
  for (size_t k = 0; k < n && rc == 0; k++)
    rc = v[k] ? colbuild_str(&b, v[k], strlen(v[k]), &e) : colbuild_null(&b, &e);
  return unit_finish(&b, rc);
}

/* One row per character of pattern: 'n' null, '1' true, anything else false. */
static inline column *unit_bools(const char *pattern)
{
  cherr e;
  colbuild b;
  if (colbuild_init(&b, COL_BOOL, 0, &e) != 0)
    return NULL;
  int rc = 0;
  for (const char *p = pattern; *p && rc == 0; p++)
    rc = *p == 'n' ? colbuild_null(&b, &e) : colbuild_bool(&b, *p == '1', &e);
  return unit_finish(&b, rc);
}

/* A dataset of the n columns, taking over the caller's references to them. */
static inline dataset *unit_dataset(size_t n, const char *const *names, column **cols)
{
  cherr e;
  dataset *d = ds_make(names, cols, n, 0, &e);
  for (size_t k = 0; k < n; k++)
    col_unref(cols[k]);
  return d;
}

/* True when row i of a string column holds exactly want. */
static inline int unit_str_is(const column *c, size_t i, const char *want)
{
  size_t len;
  if (col_isnull(c, i))
    return 0;
  const char *s = col_str(c, i, &len);
  return len == strlen(want) && memcmp(s, want, len) == 0;
}

/* The default CSV options. */
static inline const csv_options *defaults(void)
{
  static csv_options o;
  csvio_options_init(&o);
  return &o;
}

/* The column called name, or NULL. */
static inline const column *col_named(const dataset *d, const char *name)
{
  long k = d ? ds_find(d, name, strlen(name)) : -1;
  return k < 0 ? NULL : d->cols[k];
}

#endif
