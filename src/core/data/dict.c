/*
 * dict.c - the string interning table behind string columns.
 */
#include "dict.h"

#include <string.h>

#include "mem.h"

/* Offsets are 32-bit: a dictionary holds at most 4 GiB of distinct text. */
#define MAX_CHARS ((size_t)UINT32_MAX)

dict *dict_new(void)
{
  dict *d = mem_calloc(1, sizeof *d);
  if (d == NULL)
    return NULL;
  d->refs = 1;
  d->offsets = mem_alloc(sizeof *d->offsets);
  if (d->offsets == NULL) {
    mem_free(d);
    return NULL;
  }
  d->offsets[0] = 0;
  return d;
}

dict *dict_ref(dict *d)
{
  if (d != NULL)
    d->refs++;
  return d;
}

void dict_unref(dict *d)
{
  if (d == NULL || --d->refs > 0)
    return;
  mem_free(d->offsets);
  mem_free(d->chars);
  mem_free(d->slots);
  mem_free(d);
}

static uint64_t hash_seed;
static int seeded;

void dict_seed(uint64_t seed)
{
  if (!seeded)
    hash_seed = seed;
  seeded = 1;
}

uint64_t dict_seed_value(void) { return hash_seed; }

/* FNV-1a over 64 bits, folded: cheap, and good enough for names and codes. */
uint32_t dict_hash(const char *s, size_t len)
{
  uint64_t h = 0xcbf29ce484222325ULL ^ hash_seed;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
  }
  return (uint32_t)(h ^ (h >> 32));
}

static int same(const dict *d, uint32_t id, const char *s, size_t len)
{
  size_t n;
  const char *t = dict_str(d, id, &n);
  return n == len && memcmp(t, s, len) == 0;
}

/*
 * Slot where s lives, or the empty slot where it would go. Hashes are not
 * stored: the table stays at most half full, so a probe compares few
 * strings, and most comparisons stop at the length.
 */
static uint32_t probe(const dict *d, uint32_t h, const char *s, size_t len)
{
  uint32_t i = h & d->mask;
  for (;;) {
    uint32_t slot = d->slots[i];
    if (slot == 0)
      return i;
    if (same(d, slot - 1, s, len))
      return i;
    i = (i + 1) & d->mask;
  }
}

static int build_slots(dict *d, size_t nslots);

int dict_find(dict *d, const char *s, size_t len, uint32_t *id)
{
  if (d->slots == NULL && build_slots(d, 0) != 0)
    return -1;
  uint32_t i = probe(d, dict_hash(s, len), s, len);
  if (d->slots[i] == 0)
    return 0;
  *id = d->slots[i] - 1;
  return 1;
}

/* A slot table of nslots slots (0: the smallest that keeps it at most half full). */
static int build_slots(dict *d, size_t nslots)
{
  if (nslots == 0)
    for (nslots = 64; nslots < ((size_t)d->count + 1) * 2; nslots *= 2)
      ;
  if (nslots > ((size_t)1 << 32))
    return -1;
  uint32_t *slots = mem_calloc(nslots, sizeof *slots);
  if (slots == NULL)
    return -1;
  uint32_t mask = (uint32_t)(nslots - 1);
  for (uint32_t id = 0; id < d->count; id++) {
    size_t len;
    const char *s = dict_str(d, id, &len);
    uint32_t i = dict_hash(s, len) & mask;
    while (slots[i] != 0)
      i = (i + 1) & mask;
    slots[i] = id + 1;
  }
  mem_free(d->slots);
  d->slots = slots;
  d->mask = mask;
  return 0;
}

void dict_freeze(dict *d)
{
  mem_free(d->slots);
  d->slots = NULL;
  d->mask = 0;
  uint32_t *offsets = mem_realloc(d->offsets, ((size_t)d->count + 1) * sizeof *offsets);
  if (offsets != NULL) {
    d->offsets = offsets;
    d->cap = d->count;
  }
  if (d->nchars > 0 && d->nchars < d->capchars) {
    char *chars = mem_realloc(d->chars, d->nchars);
    if (chars != NULL) {
      d->chars = chars;
      d->capchars = d->nchars;
    }
  }
}

static int grow_ids(dict *d)
{
  uint32_t cap = d->cap == 0 ? 16 : d->cap * 2;
  if (cap <= d->cap)
    return -1;
  uint32_t *offsets = mem_realloc(d->offsets, ((size_t)cap + 1) * sizeof *offsets);
  if (offsets == NULL)
    return -1;
  d->offsets = offsets;
  d->cap = cap;
  return 0;
}

static int grow_chars(dict *d, size_t need)
{
  if (need > MAX_CHARS)
    return -1;
  size_t cap = d->capchars == 0 ? 256 : d->capchars;
  while (cap < need)
    cap *= 2;
  if (cap > MAX_CHARS)
    cap = MAX_CHARS;
  char *chars = mem_realloc(d->chars, cap);
  if (chars == NULL)
    return -1;
  d->chars = chars;
  d->capchars = cap;
  return 0;
}

int dict_intern(dict *d, const char *s, size_t len, uint32_t *id)
{
  if (d->slots == NULL && build_slots(d, 0) != 0)
    return -1;
  if (((size_t)d->count + 1) * 2 > (size_t)d->mask + 1 &&
      build_slots(d, ((size_t)d->mask + 1) * 2) != 0)
    return -1;
  uint32_t h = dict_hash(s, len);
  uint32_t i = probe(d, h, s, len);
  if (d->slots[i] != 0) {
    *id = d->slots[i] - 1;
    return 0;
  }
  if (d->count == UINT32_MAX - 1)
    return -1;
  if (d->count == d->cap && grow_ids(d) != 0)
    return -1;
  if (d->nchars + len + 1 > d->capchars && grow_chars(d, d->nchars + len + 1) != 0)
    return -1;
  memcpy(d->chars + d->nchars, s, len);
  d->chars[d->nchars + len] = '\0';
  d->nchars += len + 1;
  d->offsets[d->count + 1] = (uint32_t)d->nchars;
  d->slots[i] = d->count + 1;
  *id = d->count++;
  return 0;
}

size_t dict_bytes(const dict *d)
{
  return sizeof *d + ((size_t)d->cap + 1) * 4 + d->capchars +
         (d->slots ? ((size_t)d->mask + 1) * 4 : 0);
}
