/*
 * column.h - one typed column: a contiguous array of values and a null bitmap.
 *
 * Values sit in one C array per column (int64, double, dictionary id or
 * byte), so loops over a column run at memory speed. Bit i of `valid` is 1
 * when row i holds a value; `valid` is NULL when the column has no nulls.
 * A built column never changes: operations make new columns.
 *
 * Ownership: every function returning a column * returns a new reference,
 * owned by the caller and released with col_unref; column arguments are
 * borrowed. col_ref adds a reference to share a column between datasets.
 */
#ifndef CHISO_COLUMN_H
#define CHISO_COLUMN_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "err.h"
#include "num.h"

typedef enum coltype { COL_INT, COL_FLOAT, COL_STR, COL_BOOL } coltype;
#define COL_NTYPES 4

typedef struct column {
  unsigned refs;
  coltype type;
  size_t len;
  size_t nnull;
  uint64_t *valid;
  union {
    int64_t *i;
    double *f;
    uint32_t *s; /* ids into dict */
    uint8_t *b;  /* 0 or 1 */
    void *p;
  } v;
  dict *dict;    /* COL_STR only */
} column;

const char *col_typename(coltype t);
/* 0 and *t set when name is a type name ("int", "float", "string", "bool"), else -1. */
int col_parsetype(const char *name, coltype *t);
size_t col_width(coltype t); /* bytes one value takes */

column *col_ref(column *c);
void col_unref(column *c);

static inline int col_isnull(const column *c, size_t i)
{
  return c->valid != NULL && !((c->valid[i >> 6] >> (i & 63)) & 1);
}

static inline const char *col_str(const column *c, size_t i, size_t *len)
{
  return dict_str(c->dict, c->v.s[i], len);
}

/*
 * A column of n values of type t for the caller to fill in place: values
 * uninitialised, no nulls. Mark nulls with col_set_null. String columns get
 * a new empty dictionary unless d is given, which they then share.
 */
column *col_new(coltype t, size_t n, dict *d, cherr *e);
/* Marks row i of a column being filled as null (its value is zeroed). */
int col_set_null(column *c, size_t i, cherr *e);

/* Value i of an int or float column as a double. */
static inline double col_num(const column *c, size_t i)
{
  return c->type == COL_INT ? (double)c->v.i[i] : c->v.f[i];
}

static inline int col_is_numeric(const column *c)
{
  return c->type == COL_INT || c->type == COL_FLOAT;
}

/* Rows rows[0..n) of c, in that order (a row may repeat). */
column *col_take(const column *c, const size_t *rows, size_t n, cherr *e);
/* Rows from..from+n-1 of c. */
column *col_slice(const column *c, size_t from, size_t n, cherr *e);

/*
 * Text of a non-null value as CSV and the table printer show it: numbers in
 * their shortest exact form, booleans as true/false. Returns a pointer into
 * buf (numbers) or into the dictionary (strings).
 */
const char *col_text(const column *c, size_t i, char buf[NUM_BUFSIZE], size_t *len);

/* Bytes the column holds (values, bitmap, and its dictionary). */
size_t col_bytes(const column *c);

/*
 * A column under construction, grown one value at a time. The builder owns
 * the column until colbuild_finish hands it over or colbuild_discard frees it.
 */
typedef struct colbuild {
  column *col;
  size_t cap;
  size_t last; /* strings: the row of the last value pushed, SIZE_MAX when none */
} colbuild;

int colbuild_init(colbuild *b, coltype t, size_t reserve, cherr *e);
/* For string columns: share an existing dictionary instead of a new one. */
int colbuild_init_dict(colbuild *b, dict *d, size_t reserve, cherr *e);
/* Makes room for n more values; the push functions call it themselves. */
int colbuild_reserve(colbuild *b, size_t n, cherr *e);
/* The pushes of numbers and booleans are inline: a CSV load makes one per field. */
static inline int colbuild_int(colbuild *b, int64_t v, cherr *e)
{
  if (b->col->len == b->cap && colbuild_reserve(b, 1, e) != 0)
    return -1;
  b->col->v.i[b->col->len++] = v;
  return 0;
}
static inline int colbuild_float(colbuild *b, double v, cherr *e)
{
  if (b->col->len == b->cap && colbuild_reserve(b, 1, e) != 0)
    return -1;
  b->col->v.f[b->col->len++] = v;
  return 0;
}
static inline int colbuild_bool(colbuild *b, int v, cherr *e)
{
  if (b->col->len == b->cap && colbuild_reserve(b, 1, e) != 0)
    return -1;
  b->col->v.b[b->col->len++] = (uint8_t)(v != 0);
  return 0;
}
int colbuild_str(colbuild *b, const char *s, size_t len, cherr *e);
int colbuild_null(colbuild *b, cherr *e);
/* Appends all of src (of the builder's type; strings re-interned into its dictionary). */
int colbuild_append(colbuild *b, const column *src, cherr *e);
/* Takes back the last value pushed. */
void colbuild_drop_last(colbuild *b);
column *colbuild_finish(colbuild *b, cherr *e);
void colbuild_discard(colbuild *b);

#endif
