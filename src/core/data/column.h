/*
 * column.h - one typed column: a contiguous array of values and a null bitmap.
 *
 * Values sit in one C array per column (integers, doubles, dictionary ids
 * or bytes), so loops over a column run at memory speed. Bit i of `valid` is
 * 1 when row i holds a value; `valid` is NULL when the column has no nulls.
 * A built column never changes: operations make new columns.
 *
 * Integers and dictionary ids are stored in as few bytes as a column's
 * values need (`width`: a year in 2, a rank among 20,000 in 2, the ids of a
 * handful of regions in 1), so a loaded panel takes little more room than
 * its file. Read them with col_int and col_sid, or, in a loop of its own
 * per width, through the array of that width (v.i16 when width is 2). New
 * columns start wide (8-byte integers, 4-byte ids) for the caller to fill
 * through v.i64 or v.s32; col_narrow then packs them, and builders do that
 * themselves when they finish.
 *
 * A column may carry an index of its values (colindex.h), the one part of
 * it made after it is built: by the thread that runs Lua, never while
 * other threads read the column.
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

/* A column whose type is given, not inferred: by name, or by 1-based position when name is NULL. */
typedef struct col_typehint {
  const char *name;
  size_t index;
  coltype type;
} col_typehint;
#define COL_NTYPES 4

typedef struct column {
  unsigned refs;
  coltype type;
  size_t len;
  size_t nnull;
  uint64_t *valid;
  unsigned width; /* bytes a value takes: 1, 2, 4 or 8 for ints, 1, 2 or 4 for ids */
  union {
    int64_t *i64; /* ints, by width */
    int32_t *i32;
    int16_t *i16;
    int8_t *i8;
    double *f;
    uint32_t *s32; /* ids into dict, by width */
    uint16_t *s16;
    uint8_t *s8;
    uint8_t *b;  /* 0 or 1 */
    void *p;
  } v;
  dict *dict;    /* COL_STR only */
  /*
   * Value -> rows, built on demand by colindex_get and freed with the
   * column (colindex.h); the column's values never change, so it never
   * goes stale. eq_scans counts the equality selections that scanned the
   * column instead, which decide when the index is worth building.
   */
  struct colindex *index;
  unsigned eq_scans;
} column;

const char *col_typename(coltype t);
/* 0 and *t set when name is a type name ("int", "float", "string", "bool"), else -1. */
int col_parsetype(const char *name, coltype *t);

column *col_ref(column *c);
void col_unref(column *c);

static inline int col_isnull(const column *c, size_t i)
{
  return c->valid != NULL && !((c->valid[i >> 6] >> (i & 63)) & 1);
}

/* Value i of an int column (0 where it is null). */
static inline int64_t col_int(const column *c, size_t i)
{
  switch (c->width) {
  case 1: return c->v.i8[i];
  case 2: return c->v.i16[i];
  case 4: return c->v.i32[i];
  default: return c->v.i64[i];
  }
}

/* Stores v as value i of an int column whose width holds it. */
static inline void col_put_int(column *c, size_t i, int64_t v)
{
  switch (c->width) {
  case 1: c->v.i8[i] = (int8_t)v; break;
  case 2: c->v.i16[i] = (int16_t)v; break;
  case 4: c->v.i32[i] = (int32_t)v; break;
  default: c->v.i64[i] = v; break;
  }
}

/* Dictionary id of value i of a string column. */
static inline uint32_t col_sid(const column *c, size_t i)
{
  switch (c->width) {
  case 1: return c->v.s8[i];
  case 2: return c->v.s16[i];
  default: return c->v.s32[i];
  }
}

static inline const char *col_str(const column *c, size_t i, size_t *len)
{
  return dict_str(c->dict, col_sid(c, i), len);
}

/*
 * A column of n values of type t for the caller to fill in place: values
 * uninitialised, no nulls. Mark nulls with col_set_null. String columns get
 * a new empty dictionary unless d is given, which they then share.
 */
column *col_new(coltype t, size_t n, dict *d, cherr *e);
/* A column of n values of c's type, width and dictionary, for the caller to fill. */
column *col_new_like(const column *c, size_t n, cherr *e);
/* An int column of n values for the caller to fill with col_put_int, each value in lo..hi. */
column *col_new_int(size_t n, int64_t lo, int64_t hi, cherr *e);
/* The least and greatest value an int column stores, 0 for its nulls (0 and 0 when empty). */
void col_int_range(const column *c, int64_t *lo, int64_t *hi);
/* The least and greatest of an int column's values, nulls not counted: 0, or -1 when it has none. */
int col_int_minmax(const column *c, int64_t *lo, int64_t *hi);
/* Bytes an int needs to hold every value in lo..hi (lo <= hi). */
unsigned col_int_width(int64_t lo, int64_t hi);
/*
 * Rewrites n unsigned values of `from` bytes at values as values of `to`
 * bytes (1, 2, 4 or 8, to < from), each keeping its low bytes, in place.
 */
void col_pack(void *values, size_t n, unsigned from, unsigned to);
/*
 * Packs a filled int or string column into the fewest bytes its values need
 * (values of null rows are 0). Only shrinks; keeps the column as it is when
 * the memory cannot be given back.
 */
void col_narrow(column *c);
/* Marks row i of a column being filled as null (its value is zeroed). */
int col_set_null(column *c, size_t i, cherr *e);
/*
 * Marks null each row of a column being filled (with no nulls yet) that is
 * null in a or in b (columns of its length; either may be NULL), a word of
 * the bitmaps at a time. Leaves the values alone: the caller zeroes those
 * of null rows.
 */
int col_nulls_of(column *c, const column *a, const column *b, cherr *e);
/* Values from .. from + n - 1 of an int column, widened into out. */
void col_get_ints(const column *c, size_t from, size_t n, int64_t *out);
/* Stores in into values from .. from + n - 1 of an int column whose width holds them. */
void col_put_ints(column *c, size_t from, size_t n, const int64_t *in);

/* Value i of an int or float column as a double. */
static inline double col_num(const column *c, size_t i)
{
  return c->type == COL_INT ? (double)col_int(c, i) : c->v.f[i];
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

/* Bytes the column holds (values, bitmap, its dictionary and its index, if built). */
size_t col_bytes(const column *c);

/*
 * A column under construction, grown one value at a time, wide (8-byte ints,
 * 4-byte ids) until colbuild_finish packs it and hands it over; until then
 * the builder owns it, and colbuild_discard frees it.
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
/*
 * Makes room for about n values in all, which the builder expects to reach
 * (a CSV reader's estimate from its first block): its block is then offered
 * huge pages (mem_huge_pages), the page faults of filling it a few hundred
 * times fewer. Growing past n still works, at the usual cost.
 */
int colbuild_presize(colbuild *b, size_t n, cherr *e);
/* The pushes of numbers and booleans are inline: a CSV load makes one per field. */
static inline int colbuild_int(colbuild *b, int64_t v, cherr *e)
{
  if (b->col->len == b->cap && colbuild_reserve(b, 1, e) != 0)
    return -1;
  b->col->v.i64[b->col->len++] = v;
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
/* colbuild_str's value when it is not the one pushed just before. */
int colbuild_str_new(colbuild *b, const char *s, size_t len, cherr *e);
/*
 * Columns often repeat the value above (a province over its years): its id
 * again, with no hashing, found inline (a CSV load makes one call per field).
 */
static inline int colbuild_str(colbuild *b, const char *s, size_t len, cherr *e)
{
  column *c = b->col;
  if (b->last == SIZE_MAX || b->last + 1 != c->len || c->len == b->cap)
    return colbuild_str_new(b, s, len, e);
  uint32_t id = c->v.s32[b->last];
  const uint32_t *off = c->dict->offsets;
  if (off[id + 1] - off[id] - 1 != len)
    return colbuild_str_new(b, s, len, e);
  const char *t = c->dict->chars + off[id];
  for (size_t k = 0; k < len; k++) /* short, mostly: a loop beats a call to memcmp */
    if (t[k] != s[k])
      return colbuild_str_new(b, s, len, e);
  b->last = c->len;
  c->v.s32[c->len++] = id;
  return 0;
}
int colbuild_null(colbuild *b, cherr *e);
/* Appends all of src (of the builder's type, any width; strings re-interned into its dictionary). */
int colbuild_append(colbuild *b, const column *src, cherr *e);
/* Takes back the last value pushed. */
void colbuild_drop_last(colbuild *b);
column *colbuild_finish(colbuild *b, cherr *e);
void colbuild_discard(colbuild *b);

#endif
