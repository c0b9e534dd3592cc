/*
 * keys.c - group ids for key columns, and key hashing and equality.
 *
 * Keys with small codes (strings, booleans, ints in a short range) need no
 * hashing: the codes index an array. Other keys go through an
 * open-addressing table of group representatives.
 */
#include "keys.h"

#include <math.h>
#include <string.h>

#include "halt.h"
#include "mem.h"

uint64_t key_scramble(uint64_t x)
{
  x ^= dict_seed_value() * 0x9e3779b97f4a7c15ULL;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}


uint64_t key_hash_number(double f)
{
  return key_scramble(key_float_bits(f));
}

uint64_t key_hash(const column *c, size_t i)
{
  if (col_isnull(c, i))
    return 0x5bd1e9955bd1e995ULL;
  switch (c->type) {
  case COL_INT: return key_scramble((uint64_t)col_int(c, i));
  case COL_FLOAT: return key_scramble(key_float_bits(c->v.f[i]));
  case COL_BOOL: return key_scramble(c->v.b[i] + 1);
  case COL_STR: break;
  }
  size_t len;
  const char *s = col_str(c, i, &len);
  return key_scramble(dict_hash(s, len));
}

int key_equal(const column *a, size_t i, const column *b, size_t j)
{
  int na = col_isnull(a, i), nb = col_isnull(b, j);
  if (na || nb)
    return na && nb;
  if (a->type == COL_STR && b->type == COL_STR) {
    if (a->dict == b->dict)
      return col_sid(a, i) == col_sid(b, j);
    size_t la, lb;
    const char *sa = col_str(a, i, &la), *sb = col_str(b, j, &lb);
    return la == lb && memcmp(sa, sb, la) == 0;
  }
  if (a->type == COL_BOOL && b->type == COL_BOOL)
    return a->v.b[i] == b->v.b[j];
  if (a->type == COL_INT && b->type == COL_INT)
    return col_int(a, i) == col_int(b, j);
  if (col_is_numeric(a) && col_is_numeric(b))
    return key_float_bits(col_num(a, i)) == key_float_bits(col_num(b, j));
  return 0;
}

/* Room for a group id per row, and for the first rows of a few groups. */
static int alloc_ids(groups *g, size_t nrow, cherr *e)
{
  memset(g, 0, sizeof *g);
  g->nrow = nrow;
  g->ids = mem_alloc((nrow ? nrow : 1) * sizeof(uint32_t)); /* packed when the groups are known */
  g->idw = sizeof(uint32_t);
  g->first = mem_alloc(16 * sizeof *g->first);
  g->cap = 16;
  if (g->ids == NULL || g->first == NULL) {
    groups_free(g);
    return err_nomem(e);
  }
  return 0;
}

/* A new group, whose first row is i: its id, or -1 when there is no memory for it. */
static int64_t new_group(groups *g, size_t i)
{
  if (g->ngroups == g->cap) {
    size_t *first = mem_realloc(g->first, 2 * g->cap * sizeof *first);
    if (first == NULL)
      return -1;
    g->first = first;
    g->cap *= 2;
  }
  g->first[g->ngroups] = i;
  return (int64_t)g->ngroups++;
}

/*
 * Dense codes. A string or boolean key's values are already small numbers
 * (dictionary ids, 0 and 1), and so are an int key's when its values span a
 * short range; null takes the code after the last. When the codes of all
 * the keys combine into a number below CODE_LIMIT (or twice the rows), a
 * row's group is found in a plain array indexed by that number: no hashing.
 */
#define CODE_LIMIT ((size_t)1 << 16)

typedef struct keycode {
  const column *c;
  int64_t min;   /* int keys: the code of value v is v - min */
  size_t ncodes; /* codes 0 .. ncodes - 1 for values, ncodes for null */
} keycode;

/* Sets k->ncodes and k->min when c's values have small codes; 0, else -1. */
static int key_codes(keycode *k, const column *c, size_t limit)
{
  k->c = c;
  k->min = 0;
  if (c->type == COL_STR)
    k->ncodes = c->dict->count;
  else if (c->type == COL_BOOL)
    k->ncodes = 2;
  else if (c->type != COL_INT)
    return -1;
  else {
    int64_t lo, hi;
    if (col_int_minmax(c, &lo, &hi) != 0)
      lo = hi = 0;
    if ((uint64_t)hi - (uint64_t)lo >= limit)
      return -1;
    k->min = lo;
    k->ncodes = (size_t)((uint64_t)hi - (uint64_t)lo) + 1;
  }
  return k->ncodes < limit ? 0 : -1;
}

/* code[i] = code[i] * mult + (value i - bias) for n values of one width (a loop of its own). */
#define ADD_CODES(code, values, n, mult, bias)                                         \
  do {                                                                                \
    for (size_t i_ = 0; i_ < (n); i_++)                                               \
      (code)[i_] = (code)[i_] * (mult) +                                              \
                   (uint32_t)((uint64_t)(int64_t)(values)[i_] - (uint64_t)(bias));    \
  } while (0)

/* Folds key k's codes into code[0..n), a column at a time; null rows take the code ncodes. */
static void add_codes(uint32_t *code, const keycode *k, size_t n)
{
  const column *c = k->c;
  uint32_t mult = (uint32_t)k->ncodes + 1;
  if (c->type == COL_BOOL) {
    ADD_CODES(code, c->v.b, n, mult, 0);
  } else {
    switch (c->width) {
    case 1: if (c->type == COL_STR) ADD_CODES(code, c->v.s8, n, mult, 0);
            else ADD_CODES(code, c->v.i8, n, mult, k->min);
            break;
    case 2: if (c->type == COL_STR) ADD_CODES(code, c->v.s16, n, mult, 0);
            else ADD_CODES(code, c->v.i16, n, mult, k->min);
            break;
    case 4: if (c->type == COL_STR) ADD_CODES(code, c->v.s32, n, mult, 0);
            else ADD_CODES(code, c->v.i32, n, mult, k->min);
            break;
    default: ADD_CODES(code, c->v.i64, n, mult, k->min); break;
    }
  }
  /* a null row's value (0) went in above: put the null code in its place */
  uint32_t zero = c->type == COL_INT ? (uint32_t)(0 - (uint64_t)k->min) : 0; /* what a 0 gave */
  for (size_t i = 0; c->valid != NULL && i < n; i++)
    if (col_isnull(c, i))
      code[i] = code[i] - zero + (uint32_t)k->ncodes;
}

/*
 * Groups by dense codes when the keys allow it: 1 done (rc set), 0 when
 * they do not. Each row's combined code is built in its id's place, a key
 * at a time, then turned into the id of its group through an array indexed
 * by code.
 */
static int group_by_codes(groups *g, const column *const *keys, size_t nkeys, int *rc, cherr *e)
{
  size_t limit = g->nrow * 2 > CODE_LIMIT ? g->nrow * 2 : CODE_LIMIT, space = 1;
  keycode kc[8];
  if (nkeys > 8 || limit > UINT32_MAX)
    return 0;
  for (size_t k = 0; k < nkeys; k++) {
    if (key_codes(&kc[k], keys[k], limit) != 0 || (kc[k].ncodes + 1) > limit / space)
      return 0;
    space *= kc[k].ncodes + 1;
  }
  uint32_t *map = mem_alloc(space * sizeof *map);
  if (map == NULL) {
    *rc = err_nomem(e);
    return 1;
  }
  memset(map, 0xFF, space * sizeof *map);
  uint32_t *code = g->ids;
  memset(code, 0, g->nrow * sizeof *code);
  for (size_t k = 0; k < nkeys; k++)
    add_codes(code, &kc[k], g->nrow);
  *rc = 0;
  int why = HALT_NONE;
  for (size_t lo = 0; *rc == 0 && lo < g->nrow; lo += HALT_STRIDE) {
    size_t hi = halt_block_end(lo, g->nrow);
    for (size_t i = lo; *rc == 0 && i < hi; i++) {
      int64_t id = map[code[i]];
      if (id == UINT32_MAX && (id = new_group(g, i)) < 0)
        *rc = err_nomem(e);
      map[code[i]] = (uint32_t)id;
      code[i] = (uint32_t)id;
    }
    if (*rc == 0 && (why = halt_check()) != HALT_NONE)
      *rc = err_halt(e, why);
  }
  mem_free(map);
  return 1;
}

static int rows_equal(const column *const *keys, size_t nkeys, size_t i, size_t j)
{
  for (size_t k = 0; k < nkeys; k++)
    if (!key_equal(keys[k], i, keys[k], j))
      return 0;
  return 1;
}

static int group_by_hash(groups *g, const column *const *keys, size_t nkeys, cherr *e)
{
  size_t nslots = 16;
  while (nslots < g->nrow * 2)
    nslots *= 2;
  uint32_t *slots = mem_alloc(nslots * sizeof *slots);
  if (slots == NULL)
    return err_nomem(e);
  memset(slots, 0xFF, nslots * sizeof *slots);
  size_t mask = nslots - 1;
  for (size_t i = 0; i < g->nrow; i++) {
    int why = HALT_DUE(i + 1) ? halt_check() : HALT_NONE;
    if (why != HALT_NONE) {
      mem_free(slots);
      return err_halt(e, why);
    }
    uint64_t h = 0;
    for (size_t k = 0; k < nkeys; k++)
      h = key_mix(h, key_hash(keys[k], i));
    size_t s = (size_t)h & mask;
    while (slots[s] != UINT32_MAX && !rows_equal(keys, nkeys, g->first[slots[s]], i))
      s = (s + 1) & mask;
    int64_t id = slots[s];
    if (id == UINT32_MAX && (id = new_group(g, i)) < 0) {
      mem_free(slots);
      return err_nomem(e);
    }
    slots[s] = (uint32_t)id;
    ((uint32_t *)g->ids)[i] = (uint32_t)id;
  }
  mem_free(slots);
  return 0;
}

/* Stores the ids in 1 or 2 bytes each when there are few enough groups. */
static void pack_ids(groups *g)
{
  if (g->ngroups > UINT16_MAX + 1)
    return;
  g->idw = g->ngroups <= UINT8_MAX + 1 ? 1 : 2;
  col_pack(g->ids, g->nrow, sizeof(uint32_t), g->idw);
  void *ids = mem_realloc(g->ids, (g->nrow ? g->nrow : 1) * g->idw + 3); /* room for group_of's reads */
  if (ids != NULL)
    g->ids = ids;
}

int groups_make(groups *g, const column *const *keys, size_t nkeys, size_t nrow, cherr *e)
{
  if (nrow >= UINT32_MAX)
    return err_set(e, ERR_ARG, "too many rows to group (%zu)", nrow);
  if (alloc_ids(g, nrow, e) != 0)
    return -1;
  int rc = 0;
  if (nkeys == 0) {
    memset(g->ids, 0, nrow * sizeof(uint32_t));
    g->ngroups = nrow > 0;
    g->first[0] = 0;
  } else if (!group_by_codes(g, keys, nkeys, &rc, e)) {
    rc = group_by_hash(g, keys, nkeys, e);
  }
  if (rc != 0) {
    groups_free(g);
    return rc;
  }
  pack_ids(g);
  return 0;
}

int groups_rows(groups *g, cherr *e)
{
  if (g->offsets != NULL)
    return 0;
  g->offsets = mem_calloc(g->ngroups + 1, sizeof *g->offsets);
  g->rows = mem_alloc((g->nrow ? g->nrow : 1) * sizeof *g->rows);
  if (g->offsets == NULL || g->rows == NULL) {
    mem_free(g->offsets);
    mem_free(g->rows);
    g->offsets = NULL;
    g->rows = NULL;
    return err_nomem(e);
  }
  int why = HALT_NONE;
  for (size_t lo = 0; lo < g->nrow && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check())
    for (size_t i = lo; i < halt_block_end(lo, g->nrow); i++)
      g->offsets[group_of(g, i) + 1]++;
  for (size_t k = 0; k < g->ngroups; k++)
    g->offsets[k + 1] += g->offsets[k];
  /* place rows using offsets[g] as a cursor, then shift the cursors back */
  for (size_t lo = 0; lo < g->nrow && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check())
    for (size_t i = lo; i < halt_block_end(lo, g->nrow); i++)
      g->rows[g->offsets[group_of(g, i)]++] = (uint32_t)i;
  for (size_t k = g->ngroups; k > 0; k--)
    g->offsets[k] = g->offsets[k - 1];
  g->offsets[0] = 0;
  if (why != HALT_NONE) {
    mem_free(g->offsets);
    mem_free(g->rows);
    g->offsets = NULL;
    g->rows = NULL;
    return err_halt(e, why);
  }
  return 0;
}

void groups_free(groups *g)
{
  mem_free(g->ids);
  mem_free(g->first);
  mem_free(g->offsets);
  mem_free(g->rows);
  memset(g, 0, sizeof *g);
}
