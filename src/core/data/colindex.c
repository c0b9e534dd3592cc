/*
 * colindex.c - building a column's index of value -> rows (colindex.h).
 */
#include "colindex.h"

#include <string.h>

#include "halt.h"
#include "mem.h"

/* eq_scans once a column is known to have no index (too wide a range, too large a dictionary). */
#define NEVER ((unsigned)-1)

/* The slots c's values need, from lo; 0 when c cannot have an index. */
static uint32_t slots_of(const column *c, int64_t *lo)
{
  int64_t hi;
  *lo = 0;
  if (c->len == 0 || c->len >= UINT32_MAX - 2 || c->nnull == c->len)
    return 0;
  if (c->type == COL_STR)
    return c->dict->count <= c->len ? c->dict->count : 0;
  if (c->type != COL_INT)
    return 0;
  col_int_minmax(c, lo, &hi);
  /* no more slots than rows, so the index stays within 8 bytes a row */
  if ((uint64_t)hi - (uint64_t)*lo >= c->len)
    return 0;
  return (uint32_t)((uint64_t)hi - (uint64_t)*lo + 1);
}

/*
 * Whether an index of bytes may be made: never within twice its size of the
 * memory limit, so that this optional block never takes the room the run
 * itself needs (and never trips the limit, which a sandboxed run reports).
 */
static int room_for(size_t bytes)
{
  size_t limit = mem_limit(), used = mem_used();
  return limit == 0 || (used < limit && bytes <= (limit - used) / 2);
}

/*
 * Applies STEP(slot, row) to rows i0 .. i1 - 1 of c, whose values are the
 * array values of type T, slot k holding value lo + k; null rows skipped.
 * A loop of its own per width, and one without the null test.
 */
#define EACH_ROW(c, T, values, lo, i0, i1, STEP)                                      \
  do {                                                                                \
    const T *v_ = (const T *)(values);                                                \
    if ((c)->valid == NULL) {                                                         \
      for (size_t i_ = (i0); i_ < (i1); i_++)                                         \
        STEP((uint32_t)((uint64_t)(int64_t)v_[i_] - (uint64_t)(lo)), i_);             \
    } else {                                                                          \
      for (size_t i_ = (i0); i_ < (i1); i_++)                                         \
        if (!col_isnull((c), i_))                                                     \
          STEP((uint32_t)((uint64_t)(int64_t)v_[i_] - (uint64_t)(lo)), i_);           \
    }                                                                                 \
  } while (0)

/* EACH_ROW over c's own type and width. */
#define EACH_VALUE(c, lo, i0, i1, STEP)                                               \
  do {                                                                                \
    switch ((c)->type == COL_STR ? (c)->width + 8 : (c)->width) {                     \
    case 1: EACH_ROW(c, int8_t, (c)->v.p, lo, i0, i1, STEP); break;                   \
    case 2: EACH_ROW(c, int16_t, (c)->v.p, lo, i0, i1, STEP); break;                  \
    case 4: EACH_ROW(c, int32_t, (c)->v.p, lo, i0, i1, STEP); break;                  \
    case 8: EACH_ROW(c, int64_t, (c)->v.p, lo, i0, i1, STEP); break;                  \
    case 9: EACH_ROW(c, uint8_t, (c)->v.p, lo, i0, i1, STEP); break;                  \
    case 10: EACH_ROW(c, uint16_t, (c)->v.p, lo, i0, i1, STEP); break;                \
    default: EACH_ROW(c, uint32_t, (c)->v.p, lo, i0, i1, STEP); break;                \
    }                                                                                 \
  } while (0)

#define COUNT(slot, i) (start[(slot) + 2]++)
#define PLACE(slot, i) (rows[start[(slot) + 1]++] = (uint32_t)(i))

/*
 * The counting sort: counts in start[k + 2], summed so that start[k + 1]
 * is where slot k begins, then each row placed at its slot's cursor
 * start[k + 1], which ends where slot k + 1 begins. 0, or -1 when halted.
 */
static int fill(colindex *x, const column *c)
{
  uint32_t *start = x->start, *rows = x->rows;
  for (size_t lo = 0; lo < c->len; lo += HALT_STRIDE) {
    if (lo > 0 && halt_check() != HALT_NONE)
      return -1;
    EACH_VALUE(c, x->lo, lo, halt_block_end(lo, c->len), COUNT);
  }
  for (uint32_t k = 1; k <= x->nslots + 1; k++)
    start[k] += start[k - 1];
  for (size_t lo = 0; lo < c->len; lo += HALT_STRIDE) {
    if (halt_check() != HALT_NONE)
      return -1;
    EACH_VALUE(c, x->lo, lo, halt_block_end(lo, c->len), PLACE);
  }
  return 0;
}

void colindex_free(colindex *x)
{
  if (x == NULL)
    return;
  mem_free(x->start);
  mem_free(x->rows);
  mem_free(x);
}

const colindex *colindex_get(column *c)
{
  if (c->index != NULL || c->eq_scans == NEVER)
    return c->index;
  int64_t lo;
  uint32_t nslots = slots_of(c, &lo);
  if (nslots == 0) {
    c->eq_scans = NEVER;
    return NULL;
  }
  size_t rows = c->len - c->nnull;
  size_t bytes = ((size_t)nslots + 2) * sizeof(uint32_t) + rows * sizeof(uint32_t);
  if (!room_for(bytes + sizeof(colindex)))
    return NULL;
  colindex *x = mem_calloc(1, sizeof *x);
  if (x == NULL)
    return NULL;
  x->lo = lo;
  x->nslots = nslots;
  x->bytes = bytes + sizeof *x;
  x->start = mem_calloc((size_t)nslots + 2, sizeof *x->start);
  x->rows = mem_alloc((rows ? rows : 1) * sizeof *x->rows);
  if (x->start == NULL || x->rows == NULL || fill(x, c) != 0) {
    colindex_free(x);
    return NULL;
  }
  c->index = x;
  return x;
}

const colindex *colindex_for_lookup(column *c)
{
  if (c->index != NULL || c->eq_scans == NEVER)
    return c->index;
  if (c->type != COL_INT && c->type != COL_STR)
    return NULL;
  if (++c->eq_scans < COLINDEX_AFTER)
    return NULL;
  return colindex_get(c);
}
