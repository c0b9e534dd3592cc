/*
 * column.c - typed columns: allocation, sharing, gathering rows, building.
 */
#include "column.h"

#include <string.h>

#include "colindex.h"
#include "halt.h"
#include "mem.h"

static const char *const type_names[COL_NTYPES] = {"int", "float", "string", "bool"};
/* The widths columns start with: ints and ids are packed by col_narrow. */
static const unsigned type_widths[COL_NTYPES] = {8, 8, 4, 1};

const char *col_typename(coltype t) { return type_names[t]; }

int col_parsetype(const char *name, coltype *t)
{
  for (int k = 0; k < COL_NTYPES; k++)
    if (strcmp(name, type_names[k]) == 0) {
      *t = (coltype)k;
      return 0;
    }
  return -1;
}

static size_t bitmap_words(size_t nbits) { return (nbits + 63) / 64; }

/* Gives c a bitmap of nbits rows (its length, or a builder's room), every row present. */
static int add_bitmap(column *c, size_t nbits, cherr *e)
{
  size_t words = bitmap_words(nbits);
  c->valid = mem_alloc((words ? words : 1) * 8);
  if (c->valid == NULL)
    return err_nomem(e);
  memset(c->valid, 0xFF, (words ? words : 1) * 8);
  return 0;
}

/* A column of n rows of w bytes each whose values the caller fills; no bitmap yet. */
static column *col_alloc_width(coltype t, size_t n, unsigned w, cherr *e)
{
  column *c = mem_calloc(1, sizeof *c);
  if (c == NULL) {
    err_nomem(e);
    return NULL;
  }
  c->refs = 1;
  c->type = t;
  c->len = n;
  c->width = w;
  if (n > SIZE_MAX / 8 || (c->v.p = mem_alloc((n ? n : 1) * w)) == NULL) {
    mem_free(c);
    err_nomem(e);
    return NULL;
  }
  return c;
}

static column *col_alloc(coltype t, size_t n, cherr *e)
{
  return col_alloc_width(t, n, type_widths[t], e);
}

column *col_ref(column *c)
{
  if (c != NULL)
    c->refs++;
  return c;
}

void col_unref(column *c)
{
  if (c == NULL || --c->refs > 0)
    return;
  mem_free(c->v.p);
  mem_free(c->valid);
  dict_unref(c->dict);
  colindex_free(c->index);
  mem_free(c);
}

column *col_new(coltype t, size_t n, dict *d, cherr *e)
{
  column *c = col_alloc(t, n, e);
  if (c == NULL || t != COL_STR)
    return c;
  c->dict = d != NULL ? dict_ref(d) : dict_new();
  if (c->dict == NULL) {
    col_unref(c);
    err_nomem(e);
    return NULL;
  }
  return c;
}

unsigned col_int_width(int64_t lo, int64_t hi)
{
  if (lo >= INT8_MIN && hi <= INT8_MAX)
    return 1;
  if (lo >= INT16_MIN && hi <= INT16_MAX)
    return 2;
  if (lo >= INT32_MIN && hi <= INT32_MAX)
    return 4;
  return 8;
}

column *col_new_like(const column *c, size_t n, cherr *e)
{
  column *out = col_alloc_width(c->type, n, c->width, e);
  if (out != NULL)
    out->dict = dict_ref(c->dict);
  return out;
}

column *col_new_int(size_t n, int64_t lo, int64_t hi, cherr *e)
{
  return col_alloc_width(COL_INT, n, col_int_width(lo, hi), e);
}

/* Values n of type from at p rewritten as type to, in place, front to back. */
#define PACK(p, n, from, to)                  \
  do {                                        \
    for (size_t i_ = 0; i_ < (n); i_++) {     \
      from v_;                                \
      memcpy(&v_, (p) + i_ * sizeof v_, sizeof v_); \
      to w_ = (to)v_;                         \
      memcpy((p) + i_ * sizeof w_, &w_, sizeof w_); \
    }                                         \
  } while (0)

void col_pack(void *values, size_t n, unsigned from, unsigned to)
{
  /*
   * In place, front to back: value i's new bytes never reach past its old
   * ones. Through memcpy, since the same bytes are read as one type and
   * written as another.
   */
  unsigned char *p = values;
  switch (from * 16 + to) {
  case 8 * 16 + 4: PACK(p, n, uint64_t, uint32_t); break;
  case 8 * 16 + 2: PACK(p, n, uint64_t, uint16_t); break;
  case 8 * 16 + 1: PACK(p, n, uint64_t, uint8_t); break;
  case 4 * 16 + 2: PACK(p, n, uint32_t, uint16_t); break;
  case 4 * 16 + 1: PACK(p, n, uint32_t, uint8_t); break;
  case 2 * 16 + 1: PACK(p, n, uint16_t, uint8_t); break;
  default: break; /* not narrower */
  }
}

/*
 * lo and hi of n >= 1 values of type T: in blocks of 16 into 16 running
 * minimums and maximums, loops of fixed length that the compiler turns into
 * vector instructions, then the rest one by one.
 */
#define RANGE(T, values, n, lo, hi)                            \
  do {                                                         \
    T l_[16], h_[16];                                          \
    size_t i_ = 0;                                             \
    for (int k_ = 0; k_ < 16; k_++)                            \
      l_[k_] = h_[k_] = (values)[0];                           \
    for (; i_ + 16 <= (n); i_ += 16)                           \
      for (int k_ = 0; k_ < 16; k_++) {                        \
        l_[k_] = (values)[i_ + k_] < l_[k_] ? (values)[i_ + k_] : l_[k_]; \
        h_[k_] = (values)[i_ + k_] > h_[k_] ? (values)[i_ + k_] : h_[k_]; \
      }                                                        \
    for (; i_ < (n); i_++) {                                   \
      l_[0] = (values)[i_] < l_[0] ? (values)[i_] : l_[0];     \
      h_[0] = (values)[i_] > h_[0] ? (values)[i_] : h_[0];     \
    }                                                          \
    (lo) = l_[0];                                              \
    (hi) = h_[0];                                              \
    for (int k_ = 1; k_ < 16; k_++) {                          \
      (lo) = l_[k_] < (lo) ? l_[k_] : (lo);                    \
      (hi) = h_[k_] > (hi) ? h_[k_] : (hi);                    \
    }                                                          \
  } while (0)

void col_int_range(const column *c, int64_t *lo, int64_t *hi)
{
  int64_t l = 0, h = 0;
  if (c->len == 0) {
    *lo = *hi = 0;
    return;
  }
  switch (c->width) { /* a loop of its own for each width, which the compiler vectorises */
  case 1: RANGE(int8_t, c->v.i8, c->len, l, h); break;
  case 2: RANGE(int16_t, c->v.i16, c->len, l, h); break;
  case 4: RANGE(int32_t, c->v.i32, c->len, l, h); break;
  default: RANGE(int64_t, c->v.i64, c->len, l, h); break;
  }
  *lo = l;
  *hi = h;
}

int col_int_minmax(const column *c, int64_t *lo, int64_t *hi)
{
  if (c->nnull == c->len)
    return -1;
  if (c->valid == NULL) {
    col_int_range(c, lo, hi);
    return 0;
  }
  *lo = INT64_MAX;
  *hi = INT64_MIN;
  for (size_t i = 0; i < c->len; i++)
    if (!col_isnull(c, i)) {
      *lo = col_int(c, i) < *lo ? col_int(c, i) : *lo;
      *hi = col_int(c, i) > *hi ? col_int(c, i) : *hi;
    }
  return 0;
}

/* The width c's values need. */
static unsigned needed_width(const column *c)
{
  if (c->type == COL_INT) {
    int64_t lo, hi;
    col_int_range(c, &lo, &hi);
    return col_int_width(lo, hi);
  }
  /* no id reaches the dictionary's count (a bound, exact unless the dictionary is shared) */
  uint32_t most = c->dict->count > 0 ? c->dict->count - 1 : 0;
  return most <= UINT8_MAX ? 1 : most <= UINT16_MAX ? 2 : 4;
}

void col_narrow(column *c)
{
  if (c->type != COL_INT && c->type != COL_STR)
    return;
  unsigned w = needed_width(c);
  if (w >= c->width)
    return;
  col_pack(c->v.p, c->len, c->width, w); /* the low bytes: right for ints and ids alike */
  c->width = w;
  void *shrunk = mem_realloc(c->v.p, (c->len ? c->len : 1) * w);
  if (shrunk != NULL)
    c->v.p = shrunk;
}

static void set_valid(uint64_t *valid, size_t i, int present);

int col_nulls_of(column *c, const column *a, const column *b, cherr *e)
{
  const uint64_t *va = a != NULL ? a->valid : NULL, *vb = b != NULL ? b->valid : NULL;
  if (va == NULL && vb == NULL)
    return 0;
  size_t words = bitmap_words(c->len);
  c->valid = mem_alloc((words ? words : 1) * 8);
  if (c->valid == NULL)
    return err_nomem(e);
  size_t valid = 0;
  for (size_t w = 0; w < words; w++) {
    c->valid[w] = (va != NULL ? va[w] : ~(uint64_t)0) & (vb != NULL ? vb[w] : ~(uint64_t)0);
    /* bits past the last row are set in a bitmap, as col_set_null leaves them */
    valid += (size_t)__builtin_popcountll(w + 1 < words || c->len % 64 == 0
                                           ? c->valid[w]
                                           : c->valid[w] & (((uint64_t)1 << (c->len % 64)) - 1));
  }
  c->nnull = c->len - valid;
  if (c->nnull == 0) {
    mem_free(c->valid);
    c->valid = NULL;
  }
  return 0;
}

/* for (i < n) out[i] = (to)in[i]: one loop per pair of widths. */
#define CONVERT(out, in, n, to)              \
  do {                                       \
    for (size_t i_ = 0; i_ < (n); i_++)      \
      (out)[i_] = (to)(in)[i_];              \
  } while (0)

void col_get_ints(const column *c, size_t from, size_t n, int64_t *out)
{
  switch (c->width) {
  case 1: CONVERT(out, c->v.i8 + from, n, int64_t); break;
  case 2: CONVERT(out, c->v.i16 + from, n, int64_t); break;
  case 4: CONVERT(out, c->v.i32 + from, n, int64_t); break;
  default: memcpy(out, c->v.i64 + from, n * sizeof *out); break;
  }
}

void col_put_ints(column *c, size_t from, size_t n, const int64_t *in)
{
  switch (c->width) {
  case 1: CONVERT(c->v.i8 + from, in, n, int8_t); break;
  case 2: CONVERT(c->v.i16 + from, in, n, int16_t); break;
  case 4: CONVERT(c->v.i32 + from, in, n, int32_t); break;
  default: memcpy(c->v.i64 + from, in, n * sizeof *in); break;
  }
}

int col_set_null(column *c, size_t i, cherr *e)
{
  if (c->valid == NULL && add_bitmap(c, c->len, e) != 0)
    return -1;
  if (!col_isnull(c, i)) {
    set_valid(c->valid, i, 0);
    c->nnull++;
  }
  memset((char *)c->v.p + i * c->width, 0, c->width);
  return 0;
}

static void set_valid(uint64_t *valid, size_t i, int present)
{
  if (present)
    valid[i >> 6] |= (uint64_t)1 << (i & 63);
  else
    valid[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

/* Gives c a bitmap for its rows taken from src's rows; drops it when nothing is null. */
static int take_nulls(column *c, const column *src, const size_t *rows, size_t from, cherr *e)
{
  if (src->valid == NULL)
    return 0;
  c->valid = mem_alloc((bitmap_words(c->len) ? bitmap_words(c->len) : 1) * 8);
  if (c->valid == NULL)
    return err_nomem(e);
  size_t nnull = 0;
  for (size_t k = 0; k < c->len; k++) {
    int isnull = col_isnull(src, rows ? rows[k] : from + k);
    set_valid(c->valid, k, !isnull);
    nnull += (size_t)isnull;
  }
  c->nnull = nnull;
  if (nnull == 0) {
    mem_free(c->valid);
    c->valid = NULL;
  }
  return 0;
}

/* Copies value rows[k] of from to value k of to, w bytes each, for k in k0 .. k1 - 1. */
#define COPY_ROWS(to, from, rows, k0, k1, w)                         \
  do {                                                              \
    for (size_t k_ = (k0); k_ < (k1); k_++)                         \
      memcpy((to) + k_ * (w), (from) + (rows)[k_] * (w), (w));      \
  } while (0)

static column *gather(const column *src, const size_t *rows, size_t from, size_t n, cherr *e)
{
  column *c = col_alloc_width(src->type, n, src->width, e);
  if (c == NULL)
    return NULL;
  size_t w = src->width;
  const char *from_p = src->v.p;
  char *to_p = c->v.p;
  if (rows == NULL) {
    memcpy(to_p, from_p + from * w, n * w);
  } else {
    for (size_t k0 = 0; k0 < n; k0 += HALT_STRIDE) { /* a look at Ctrl-C between blocks */
      size_t k1 = n - k0 < HALT_STRIDE ? n : k0 + HALT_STRIDE;
      int why = k0 > 0 ? halt_check() : HALT_NONE;
      if (why != HALT_NONE) {
        col_unref(c);
        err_halt(e, why);
        return NULL;
      }
      switch (w) { /* a constant size: each copy is one move */
      case 1: COPY_ROWS(to_p, from_p, rows, k0, k1, 1); break;
      case 2: COPY_ROWS(to_p, from_p, rows, k0, k1, 2); break;
      case 4: COPY_ROWS(to_p, from_p, rows, k0, k1, 4); break;
      default: COPY_ROWS(to_p, from_p, rows, k0, k1, 8); break;
      }
    }
  }
  c->dict = dict_ref(src->dict);
  if (take_nulls(c, src, rows, from, e) != 0) {
    col_unref(c);
    return NULL;
  }
  return c;
}

column *col_take(const column *c, const size_t *rows, size_t n, cherr *e)
{
  return gather(c, rows, 0, n, e);
}

column *col_slice(const column *c, size_t from, size_t n, cherr *e)
{
  return gather(c, NULL, from, n, e);
}

const char *col_text(const column *c, size_t i, char buf[NUM_BUFSIZE], size_t *len)
{
  switch (c->type) {
  case COL_INT: *len = num_format_int(col_int(c, i), buf); return buf;
  case COL_FLOAT: *len = num_format_float(c->v.f[i], buf); return buf;
  case COL_BOOL:
    *len = c->v.b[i] ? 4 : 5;
    return c->v.b[i] ? "true" : "false";
  case COL_STR: break;
  }
  return col_str(c, i, len);
}

size_t col_bytes(const column *c)
{
  size_t n = sizeof *c + c->len * c->width;
  if (c->valid != NULL)
    n += bitmap_words(c->len) * 8;
  if (c->dict != NULL)
    n += dict_bytes(c->dict);
  if (c->index != NULL)
    n += c->index->bytes;
  return n;
}

/* Building */

int colbuild_init(colbuild *b, coltype t, size_t reserve, cherr *e)
{
  b->cap = 0;
  b->last = SIZE_MAX;
  b->col = col_alloc(t, 0, e);
  if (b->col == NULL)
    return -1;
  if (t == COL_STR && (b->col->dict = dict_new()) == NULL) {
    colbuild_discard(b);
    return err_nomem(e);
  }
  if (reserve > 0 && colbuild_reserve(b, reserve, e) != 0) {
    colbuild_discard(b);
    return -1;
  }
  return 0;
}

int colbuild_init_dict(colbuild *b, dict *d, size_t reserve, cherr *e)
{
  b->cap = 0;
  b->last = SIZE_MAX;
  b->col = col_alloc(COL_STR, 0, e);
  if (b->col == NULL)
    return -1;
  b->col->dict = dict_ref(d);
  if (reserve > 0 && colbuild_reserve(b, reserve, e) != 0) {
    colbuild_discard(b);
    return -1;
  }
  return 0;
}

static int resize(colbuild *b, size_t cap, cherr *e)
{
  column *c = b->col;
  size_t w = c->width;
  if (cap > SIZE_MAX / w)
    return err_nomem(e);
  void *p = mem_realloc(c->v.p, (cap ? cap : 1) * w);
  if (p == NULL)
    return err_nomem(e);
  c->v.p = p;
  if (c->valid != NULL) {
    size_t old = bitmap_words(b->cap), now = bitmap_words(cap);
    uint64_t *valid = mem_realloc(c->valid, (now ? now : 1) * 8);
    if (valid == NULL)
      return err_nomem(e);
    for (size_t k = old; k < now; k++)
      valid[k] = ~(uint64_t)0;
    c->valid = valid;
  }
  b->cap = cap;
  return 0;
}

int colbuild_reserve(colbuild *b, size_t n, cherr *e)
{
  size_t need = b->col->len + n;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap < 16 ? 16 : b->cap + b->cap / 2;
  if (cap < need)
    cap = need;
  return resize(b, cap, e);
}

int colbuild_presize(colbuild *b, size_t n, cherr *e)
{
  if (colbuild_reserve(b, n > b->col->len ? n - b->col->len : 0, e) != 0)
    return -1;
  mem_huge_pages(b->col->v.p, b->cap * b->col->width);
  return 0;
}

#define PUSH(b, field, value, e)                                   \
  do {                                                             \
    if ((b)->col->len == (b)->cap && colbuild_reserve(b, 1, e) != 0) \
      return -1;                                                   \
    (b)->col->v.field[(b)->col->len++] = (value);                  \
    return 0;                                                      \
  } while (0)


int colbuild_str_new(colbuild *b, const char *s, size_t len, cherr *e)
{
  /* The value above again, when colbuild_str has not looked (the column full). */
  uint32_t id;
  size_t last_len;
  const char *last = b->last != SIZE_MAX && b->last + 1 == b->col->len
                       ? dict_str(b->col->dict, b->col->v.s32[b->last], &last_len) : NULL;
  if (last != NULL && last_len == len && memcmp(last, s, len) == 0)
    id = b->col->v.s32[b->last];
  else if (dict_intern(b->col->dict, s, len, &id) != 0)
    return err_nomem(e);
  b->last = b->col->len;
  PUSH(b, s32, id, e);
}

int colbuild_null(colbuild *b, cherr *e)
{
  column *c = b->col;
  if (c->len == b->cap && colbuild_reserve(b, 1, e) != 0)
    return -1;
  if (c->valid == NULL && add_bitmap(c, b->cap, e) != 0)
    return -1;
  memset((char *)c->v.p + c->len * c->width, 0, c->width);
  set_valid(c->valid, c->len, 0);
  c->len++;
  c->nnull++;
  return 0;
}

column *colbuild_finish(colbuild *b, cherr *e)
{
  if (b->cap != b->col->len && resize(b, b->col->len, e) != 0) {
    colbuild_discard(b);
    return NULL;
  }
  if (b->col->dict != NULL && b->col->dict->refs == 1)
    dict_freeze(b->col->dict); /* shared dictionaries may still be growing elsewhere */
  col_narrow(b->col);
  column *c = b->col;
  b->col = NULL;
  return c;
}

void colbuild_discard(colbuild *b)
{
  col_unref(b->col);
  b->col = NULL;
}

int colbuild_append(colbuild *b, const column *src, cherr *e)
{
  column *c = b->col;
  size_t at = c->len, n = src->len;
  if (at + n > b->cap && resize(b, at + n, e) != 0) /* exactly: the column is complete */
    return -1;
  if (src->nnull > 0 && c->valid == NULL && add_bitmap(c, b->cap, e) != 0)
    return -1;
  if (src->width == c->width && (c->type != COL_STR || src->dict == c->dict)) {
    memcpy((char *)c->v.p + at * c->width, src->v.p, n * c->width);
  } else if (c->type == COL_INT) {
    col_get_ints(src, 0, n, c->v.i64 + at);
  } else if (src->dict == c->dict) {
    for (size_t i = 0; i < n; i++)
      c->v.s32[at + i] = col_sid(src, i);
  } else {
    uint32_t count = src->dict->count;
    uint32_t *map = mem_alloc((count ? count : 1) * sizeof *map);
    if (map == NULL)
      return err_nomem(e);
    for (uint32_t k = 0; k < count; k++) {
      size_t len;
      const char *s = dict_str(src->dict, k, &len);
      if (dict_intern(c->dict, s, len, &map[k]) != 0) {
        mem_free(map);
        return err_nomem(e);
      }
    }
    for (size_t i = 0; i < n; i++)
      c->v.s32[at + i] = col_isnull(src, i) ? 0 : map[col_sid(src, i)];
    mem_free(map);
  }
  for (size_t i = 0; src->nnull > 0 && i < n; i++)
    if (col_isnull(src, i))
      set_valid(c->valid, at + i, 0);
  c->len += n;
  c->nnull += src->nnull;
  b->last = SIZE_MAX;
  return 0;
}

void colbuild_drop_last(colbuild *b)
{
  column *c = b->col;
  if (c->len == 0)
    return;
  c->len--;
  if (col_isnull(c, c->len)) {
    c->nnull--;
    set_valid(c->valid, c->len, 1);
  }
  if (b->last == c->len)
    b->last = SIZE_MAX;
}
