/*
 * keys.h - rows with equal keys: dense group ids, and hashing and comparing
 * key values across datasets.
 *
 * group_by, rank's `by`, lag's key, distinct and pivot all start by giving
 * each row the id of its group. Rows whose key columns hold equal values
 * share an id; nulls are equal to each other here (a null key is a group of
 * its own), and NaN equals NaN. Ids are numbered in order of first
 * appearance.
 *
 * Ownership: groups_make fills a groups struct whose arrays the caller
 * releases with groups_free; key columns are borrowed.
 */
#ifndef CHISO_KEYS_H
#define CHISO_KEYS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "column.h"
#include "err.h"

typedef struct groups {
  size_t nrow;
  size_t ngroups;
  void *ids;      /* group of each row, in idw bytes (1, 2 or 4, as few as the groups need): group_of */
  unsigned idw;
  size_t *first;  /* first row of each group */
  size_t cap;     /* room in first */
  /* filled by groups_rows: the rows of group g are rows[offsets[g] .. offsets[g+1]) in row order */
  size_t *offsets;
  uint32_t *rows;
} groups;

/*
 * The group of row i: four bytes read from where its id starts (the ids
 * have three bytes of room after them) and masked to the id's width, with
 * no branch, since the loops that call this run over every row.
 */
static inline uint32_t group_of(const groups *g, size_t i)
{
  uint32_t v;
  memcpy(&v, (const unsigned char *)g->ids + i * g->idw, sizeof v);
  return v & (uint32_t)(UINT64_MAX >> (64 - 8 * g->idw));
}

/* Groups the nrow rows by the nkeys key columns (nkeys may be 0: one group, if there are rows). */
int groups_make(groups *g, const column *const *keys, size_t nkeys, size_t nrow, cherr *e);
/* Fills g->offsets and g->rows. */
int groups_rows(groups *g, cherr *e);
void groups_free(groups *g);

/* Hash of row i's value in c; equal values hash alike, strings by their text. */
uint64_t key_hash(const column *c, size_t i);
/* Whether row i of a and row j of b hold equal values (nulls equal each other; strings by text). */
int key_equal(const column *a, size_t i, const column *b, size_t j);
/* Spreads the bits of x over the whole word (a finaliser of 64-bit hashes), seeded (dict_seed). */
uint64_t key_scramble(uint64_t x);
/* The bits of a double as a key: -0.0 and 0.0 are one key, and every NaN another. */
static inline uint64_t key_float_bits(double f)
{
  if (f == 0)
    f = 0;
  if (isnan(f))
    f = NAN;
  uint64_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}
/* Hash of a number as a double, so an int key can meet a float key that equals it. */
uint64_t key_hash_number(double f);

/* Combines hashes of several key columns. */
static inline uint64_t key_mix(uint64_t h, uint64_t v)
{
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

#endif
