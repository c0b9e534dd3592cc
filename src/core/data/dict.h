/*
 * dict.h - interned strings: each distinct value stored once, named by a
 * dense 32-bit id.
 *
 * A string column holds ids into a dictionary, so a province name repeated
 * over a million rows is stored once, and comparing or grouping strings in
 * one dictionary is comparing integers. A dictionary grows while one column
 * is built and is only read afterwards; columns derived from that column
 * share it by reference.
 *
 * Ownership: dict_new returns a dictionary with one reference; dict_ref adds
 * one, dict_unref drops one and frees at zero. Pointers from dict_str stay
 * valid while the dictionary lives and no string is added.
 */
#ifndef CHISO_DICT_H
#define CHISO_DICT_H

#include <stddef.h>
#include <stdint.h>

typedef struct dict {
  unsigned refs;
  uint32_t count;    /* strings held */
  uint32_t cap;      /* room in offsets/hashes */
  uint32_t *offsets; /* count + 1 offsets into chars: string id is chars[offsets[id]..offsets[id+1]) */
  char *chars;       /* the strings back to back, each followed by a NUL */
  size_t nchars, capchars;
  uint32_t *slots;   /* open addressing: 0 empty, else id + 1; NULL until needed */
  uint32_t mask;     /* slot count - 1 */
} dict;

dict *dict_new(void);
dict *dict_ref(dict *d);
void dict_unref(dict *d);

/* The id of s, adding it when new. Returns 0, or -1 when memory runs out. */
int dict_intern(dict *d, const char *s, size_t len, uint32_t *id);

/*
 * The id of s if present: 1 and *id set, 0 if absent, -1 if memory ran out
 * (a frozen dictionary rebuilds its lookup table on the first find).
 */
int dict_find(dict *d, const char *s, size_t len, uint32_t *id);

/*
 * Trims a dictionary whose column is complete to the memory it needs: the
 * arrays shrink to fit and the lookup table is let go until a find or an
 * intern needs it again.
 */
void dict_freeze(dict *d);

static inline const char *dict_str(const dict *d, uint32_t id, size_t *len)
{
  *len = d->offsets[id + 1] - d->offsets[id] - 1;
  return d->chars + d->offsets[id];
}

/* Bytes the dictionary holds, for memory accounting. */
size_t dict_bytes(const dict *d);

/* FNV-1a of s, from a basis changed by the seed below. */
uint32_t dict_hash(const char *s, size_t len);
/*
 * Sets the seed of dict_hash and key_scramble (keys.h), once per process
 * before any table is built (later calls do nothing): strings or numbers
 * chosen to collide in a table, which would make interning, grouping and
 * joins quadratic, cannot be chosen without it. 0, the seed until then,
 * gives the unseeded hashes. Hash values never decide an order that shows.
 */
void dict_seed(uint64_t seed);
/* The seed dict_seed set (0 before). */
uint64_t dict_seed_value(void);

#endif
