/*
 * reshape.h - changing a dataset's shape: long to wide and back (pivots),
 * stacking datasets (concat), distinct rows, and the gathering of values
 * from several columns into one that these and joins are built on.
 *
 * Failures a caller can cause (a duplicate pivot cell, clashing types or
 * names) are ERR_ARG with a message naming the columns and rows; memory and
 * interruption are ERR_NOMEM and ERR_HALT.
 *
 * Ownership: every function returning a column or a dataset returns a new
 * reference owned by the caller; datasets, columns and arrays passed in are
 * borrowed. Results share dictionaries with their sources when every string
 * comes from one dictionary, and intern into a new one otherwise.
 */
#ifndef CHISO_RESHAPE_H
#define CHISO_RESHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "dataset.h"
#include "err.h"

/* A row index that stands for "no row": the value gathered there is null. */
#define RESHAPE_NONE SIZE_MAX

/*
 * A column of type t whose value k is row rows[k] of srcs[which[k]] (of
 * srcs[0] when which is NULL). A NULL source or a row of RESHAPE_NONE gives
 * a null. Sources must be of type t, or int when t is float.
 */
column *reshape_gather(coltype t, const column *const *srcs, size_t nsrcs, const uint32_t *which,
                       const size_t *rows, size_t n, cherr *e);

/*
 * A dataset's columns under construction. reshape_cols_set takes over the
 * column c (a NULL c, from a failed step, makes it return -1) and names it
 * name[0..len) followed by suffix (which may be NULL). finish makes the
 * dataset (nrow rows when there are no columns) and frees the builder,
 * whatever happens; free releases everything set so far.
 */
typedef struct reshape_cols {
  size_t n;
  char **names;
  column **cols;
} reshape_cols;

int reshape_cols_init(reshape_cols *o, size_t n, cherr *e);
int reshape_cols_set(reshape_cols *o, size_t k, const char *name, size_t len, const char *suffix,
                     column *c, cherr *e);
dataset *reshape_cols_finish(reshape_cols *o, size_t nrow, cherr *e);
void reshape_cols_free(reshape_cols *o);

/*
 * Long to wide: one row per distinct combination of the id columns (in order
 * of first appearance), then one column per distinct value of the names
 * column (sorted: numbers by value, strings by bytes, false before true),
 * holding the values column's value for that row and name, or null.
 */
typedef struct wider_spec {
  const size_t *ids;
  size_t nids;
  size_t names;
  size_t values;
} wider_spec;

dataset *reshape_wider(const dataset *d, const wider_spec *s, cherr *e);

/*
 * Wide to long: each row becomes one row per column of cols, in that order,
 * holding the other columns, the column's name (an int when every name is
 * an integer written plainly) and its value. int and float columns stack
 * into float; otherwise the columns must share a type.
 */
typedef struct longer_spec {
  const size_t *cols;
  size_t ncols;
  const char *names_to;
  const char *values_to;
  int drop_nulls; /* leave out rows whose value is null */
} longer_spec;

dataset *reshape_longer(const dataset *d, const longer_spec *s, cherr *e);

/*
 * The rows of parts[0..n) one after another, columns matched by name (in
 * order of first appearance), null where a dataset lacks a column. On
 * ERR_ARG (a type clash) *culprit is the index of the dataset at fault.
 */
dataset *reshape_concat(const dataset *const *parts, size_t n, size_t *culprit, cherr *e);

/*
 * The first row of each distinct combination of the columns cols[0..ncols)
 * (all columns when ncols is 0), in order of first appearance; nulls equal
 * each other. Only those columns are kept unless keep_all.
 */
dataset *reshape_distinct(const dataset *d, const size_t *cols, size_t ncols, int keep_all,
                          cherr *e);

#endif
