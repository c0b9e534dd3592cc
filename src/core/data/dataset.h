/*
 * dataset.h - a dataset: named columns of equal length, immutable.
 *
 * Operations never change a dataset; they return a new one that shares the
 * columns it did not change (columns are reference counted), so a script
 * holding a dataset can never see it altered by another. Column lookup by
 * name is a hash probe.
 *
 * Ownership: every function returning a dataset * returns a new reference
 * that the caller releases with ds_unref; arguments (datasets, columns,
 * names) are borrowed, and ds_make takes its own references to the columns
 * it is given.
 */
#ifndef CHISO_DATASET_H
#define CHISO_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "err.h"

typedef struct dataset {
  unsigned refs;
  size_t nrow;
  size_t ncol;
  char **names;      /* UTF-8, NUL-terminated, distinct */
  column **cols;
  uint32_t *index;   /* open addressing by name: 0 empty, else column + 1 */
  uint32_t mask;
} dataset;

/*
 * A dataset of the n columns cols named names. Fails with ERR_ARG on an empty
 * or duplicate name, or columns of different lengths (nrow is used when
 * n == 0).
 */
dataset *ds_make(const char *const *names, column *const *cols, size_t n, size_t nrow, cherr *e);

dataset *ds_ref(dataset *d);
void ds_unref(dataset *d);

/* Index of the column called name, or -1. */
long ds_find(const dataset *d, const char *name, size_t len);

/* d with col under name: in place of d's column of that name, or added last. */
dataset *ds_with_column(const dataset *d, const char *name, column *col, cherr *e);

/* Rows rows[0..n) of d in that order; every column is gathered. */
dataset *ds_take(const dataset *d, const size_t *rows, size_t n, cherr *e);
/* Rows from..from+n-1 (clamped to the dataset). */
dataset *ds_slice(const dataset *d, size_t from, size_t n, cherr *e);

/* Bytes held by the dataset and its columns (shared columns counted whole). */
size_t ds_bytes(const dataset *d);

#endif
