/*
 * select.c - conditions on columns, a block of rows at a time (select.h).
 *
 * Each condition becomes a `test`: how to get a block's answers, one byte a
 * row, from its column (a loop per type and width against a value in that
 * width, a lookup in a table per value, or a boolean column worked out
 * beforehand). The loops run BLOCK rows at a time, a trip count the
 * compiler knows, which is what lets GCC use vector instructions at -O2:
 * ints and ids of 1, 2 and 4 bytes are compared 16, 8 and 4 at a time
 * (checked with -fopt-info-vec). Doubles and 8-byte ints stay one at a
 * time: x86-64's baseline (SSE2) has no 64-bit integer comparison, and
 * GCC's -O2 will not narrow a double's answer to a byte in vectors.
 */
#include "select.h"

#include <string.h>

#include "colindex.h"
#include "halt.h"
#include "mem.h"

/* Rows a test answers at a time: a multiple of 64 (a word of a null bitmap) dividing HALT_STRIDE. */
#define BLOCK 1024

typedef enum how {
  H_CONST,   /* the same answer for every non-null row */
  H_INT,     /* an int column against an int in its width */
  H_UINT,    /* dictionary ids against an id, booleans against 0 or 1 */
  H_INTF,    /* an int column against a double, as doubles */
  H_FLOAT,   /* a float column against a double */
  H_TABLE,   /* table[value - lo]: ids or ints of a short range */
  H_STR,     /* strings one by one, by their bytes */
  H_BOOLS,   /* a boolean column worked out by arith.h, 0 at its null rows */
  H_ISNULL,
  H_NOTNULL,
} how;

typedef struct test {
  const column *col;
  how how;
  cmp_op op;
  int nulls;           /* whether the column's null rows must be cleared from the answers */
  uint8_t konst;       /* H_CONST */
  int64_t i;           /* H_INT, H_UINT */
  double f;            /* H_INTF, H_FLOAT */
  int64_t lo;          /* H_TABLE: the value of table[0] */
  uint8_t *table;      /* H_TABLE, owned */
  const char *s;       /* H_STR */
  size_t len;
  column *bools;       /* H_BOOLS, owned */
} test;

static void test_free(test *t)
{
  mem_free(t->table);
  col_unref(t->bools);
}

/* x op y for doubles as C compares them: NaN is false except with ~=, as arith.h says. */
static int holds_double(cmp_op op, double x, double y)
{
  switch (op) {
  case CMP_EQ: return x == y;
  case CMP_NE: return x != y;
  case CMP_LT: return x < y;
  case CMP_LE: return x <= y;
  case CMP_GT: return x > y;
  case CMP_GE: return x >= y;
  }
  return 0;
}

static const char *const type_words[] = {"int", "float", "string", "bool"};

/* Preparing a test ---------------------------------------------------------- */

/* The answer of v op y for every v in lo..hi when y lies outside that range. */
static uint8_t outside(cmp_op op, int64_t y, int64_t hi)
{
  int above = y > hi; /* y is above every value, else below every one */
  switch (op) {
  case CMP_EQ: return 0;
  case CMP_NE: return 1;
  case CMP_LT: case CMP_LE: return (uint8_t)above;
  case CMP_GT: case CMP_GE: return (uint8_t)!above;
  }
  return 0;
}

/* An int or id column against y, in the column's width: a constant when y lies outside it. */
static void against_int(test *t, int64_t y, int is_unsigned)
{
  unsigned bits = t->col->width * 8;
  int64_t lo = is_unsigned ? 0 : bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
  int64_t hi = bits == 64 ? INT64_MAX : is_unsigned ? ((int64_t)1 << bits) - 1 : ((int64_t)1 << (bits - 1)) - 1;
  t->how = is_unsigned ? H_UINT : H_INT;
  t->i = y;
  if (y < lo || y > hi) {
    t->how = H_CONST;
    t->konst = outside(t->op, y, hi);
  }
}

static int string_test(test *t, const operand *v, cherr *e)
{
  const column *c = t->col;
  if (t->op == CMP_EQ || t->op == CMP_NE) {
    uint32_t id;
    int found = dict_find(c->dict, v->s, v->len, &id);
    if (found < 0)
      return err_nomem(e);
    if (found)
      against_int(t, id, 1);
    else
      t->how = H_CONST, t->konst = t->op == CMP_NE;
    return 0;
  }
  uint32_t count = c->dict->count;
  if (count / 4 > c->len) { /* a dictionary shared with a much longer column */
    t->how = H_STR, t->s = v->s, t->len = v->len;
    return 0;
  }
  if ((t->table = mem_alloc(count ? count : 1)) == NULL)
    return err_nomem(e);
  for (uint32_t k = 0; k < count; k++) {
    size_t len;
    const char *s = dict_str(c->dict, k, &len);
    t->table[k] = (uint8_t)arith_holds(t->op, arith_compare_strings(s, len, v->s, v->len));
  }
  t->how = H_TABLE;
  t->lo = 0;
  return 0;
}

/* c op v, v a non-null scalar of a type comparable with c's. */
static int scalar_test(test *t, const operand *v, cherr *e)
{
  const column *c = t->col;
  t->nulls = c->nnull > 0;
  switch (c->type) {
  case COL_INT:
    if (v->type == COL_INT)
      against_int(t, v->i, 0);
    else
      t->how = H_INTF, t->f = v->f;
    return 0;
  case COL_FLOAT:
    t->how = H_FLOAT;
    t->f = v->type == COL_INT ? (double)v->i : v->f;
    return 0;
  case COL_BOOL:
    against_int(t, v->b, 1);
    return 0;
  case COL_STR:
    return string_test(t, v, e);
  }
  return 0;
}

/*
 * Whether v, a non-null value of the list of an `in` on an int column, is
 * the int x, as arith_isin matches them: ints exactly, floats and booleans
 * as doubles equal to (double)x. x lies within 2^53 of 0, where every int
 * is a double exactly.
 */
static int int_matches(const operand *v, int64_t x)
{
  if (v->type == COL_INT)
    return v->i == x;
  return (v->type == COL_BOOL ? (double)v->b : v->f) == (double)x;
}

/* An `in` over ids, or over the ints of a short range: a table of the values in the list. */
static int set_test(test *t, const sel_cond *sc, cherr *e)
{
  const column *c = t->col;
  int64_t lo = 0, hi = 0;
  size_t span = c->type == COL_STR ? c->dict->count : 0;
  if (c->type == COL_INT) {
    col_int_range(c, &lo, &hi);
    span = lo >= -((int64_t)1 << 53) && hi <= ((int64_t)1 << 53) && (uint64_t)(hi - lo) < c->len + 256
             ? (size_t)(hi - lo) + 1 : 0;
  }
  if (span == 0 || (t->table = mem_calloc(span, 1)) == NULL)
    return span == 0 ? 1 : err_nomem(e);
  for (size_t k = 0; k < sc->nset; k++) {
    const operand *v = &sc->set[k];
    uint32_t id;
    int found;
    if (v->isnull)
      continue;
    if (c->type == COL_STR) {
      if ((found = dict_find(c->dict, v->s, v->len, &id)) < 0)
        return err_nomem(e);
      if (found && id < span)
        t->table[id] = 1;
    } else {
      /* the one int a value can match, if any, tried against the value itself */
      double f = v->type == COL_INT ? 0 : v->type == COL_BOOL ? v->b : v->f;
      int64_t x = v->type == COL_INT ? v->i : (f >= (double)lo && f <= (double)hi) ? (int64_t)f : lo - 1;
      if (x >= lo && x <= hi && int_matches(v, x))
        t->table[x - lo] = 1;
    }
  }
  t->how = H_TABLE;
  t->lo = lo;
  return 0;
}

/* A test worked out by arith.h as a boolean column: a column compared with a column, an `in` on floats. */
static int bools_test(test *t, const sel_cond *sc, cherr *e)
{
  operand a = arith_col(sc->col);
  t->bools = sc->kind == SEL_IN ? arith_isin(sc->col, sc->set, sc->nset, e)
                                : arith_compare(sc->op, &a, &sc->value, sc->col->len, e);
  t->how = H_BOOLS;
  t->nulls = 0; /* arith's answers are false at null rows */
  return t->bools == NULL ? -1 : 0;
}

static int check_types(const sel_cond *sc, cherr *e)
{
  coltype ta = sc->col->type;
  for (size_t k = 0; sc->kind == SEL_IN && k < sc->nset; k++) {
    coltype tb = sc->set[k].type;
    if (!sc->set[k].isnull && tb != ta && (ta == COL_STR || ta == COL_BOOL || tb == COL_STR || tb == COL_BOOL))
      return err_set(e, ERR_ARG, "value %zu of the list is %s, which cannot be compared with %s (column '%s')",
                     k + 1, type_words[tb], type_words[ta], sc->name);
  }
  coltype tb = arith_type(&sc->value);
  if (sc->kind == SEL_CMP && !sc->value.isnull && tb != ta &&
      (ta == COL_STR || ta == COL_BOOL || tb == COL_STR || tb == COL_BOOL))
    return err_set(e, ERR_ARG, "cannot compare %s with %s (column '%s')", type_words[ta], type_words[tb],
                   sc->name);
  return 0;
}

static int prepare(test *t, const sel_cond *sc, cherr *e)
{
  memset(t, 0, sizeof *t);
  t->col = sc->col;
  t->op = sc->op;
  if (check_types(sc, e) != 0)
    return -1;
  switch (sc->kind) {
  case SEL_ISNULL:
  case SEL_NOTNULL:
    t->how = sc->col->nnull == 0 ? H_CONST : sc->kind == SEL_ISNULL ? H_ISNULL : H_NOTNULL;
    t->konst = sc->kind == SEL_NOTNULL;
    return 0;
  case SEL_IN: {
    t->nulls = sc->col->nnull > 0;
    int rc = sc->col->type == COL_INT || sc->col->type == COL_STR ? set_test(t, sc, e) : 1;
    return rc <= 0 ? rc : bools_test(t, sc, e);
  }
  case SEL_CMP:
    break;
  }
  if (sc->value.col != NULL || sc->value.isnull)
    return bools_test(t, sc, e);
  return scalar_test(t, &sc->value, e);
}

/* Answering a block ----------------------------------------------------------- */

/* m[i] = (X op y) for i < n, X an expression in i_. */
#define CMP_LOOP(op, m, n, X, y)                                                   \
  do {                                                                             \
    switch (op) {                                                                  \
    case CMP_EQ: for (size_t i_ = 0; i_ < (n); i_++) (m)[i_] = (X) == (y); break;  \
    case CMP_NE: for (size_t i_ = 0; i_ < (n); i_++) (m)[i_] = (X) != (y); break;  \
    case CMP_LT: for (size_t i_ = 0; i_ < (n); i_++) (m)[i_] = (X) < (y); break;   \
    case CMP_LE: for (size_t i_ = 0; i_ < (n); i_++) (m)[i_] = (X) <= (y); break;  \
    case CMP_GT: for (size_t i_ = 0; i_ < (n); i_++) (m)[i_] = (X) > (y); break;   \
    case CMP_GE: for (size_t i_ = 0; i_ < (n); i_++) (m)[i_] = (X) >= (y); break;  \
    }                                                                              \
  } while (0)

/* A loop per type: a whole block (a trip count the compiler knows), or the last rows. */
#define KERNEL(name, T, Y)                                                               \
  static void name(const T *restrict x, Y y, cmp_op op, uint8_t *restrict m, size_t n)   \
  {                                                                                      \
    if (n == BLOCK)                                                                      \
      CMP_LOOP(op, m, BLOCK, x[i_], y);                                                  \
    else                                                                                 \
      CMP_LOOP(op, m, n, x[i_], y);                                                      \
  }

KERNEL(cmp_i8, int8_t, int8_t)
KERNEL(cmp_i16, int16_t, int16_t)
KERNEL(cmp_i32, int32_t, int32_t)
KERNEL(cmp_i64, int64_t, int64_t)
KERNEL(cmp_u8, uint8_t, uint8_t)
KERNEL(cmp_u16, uint16_t, uint16_t)
KERNEL(cmp_u32, uint32_t, uint32_t)
KERNEL(cmp_f64, double, double)
KERNEL(cmp_i8f, int8_t, double)
KERNEL(cmp_i16f, int16_t, double)
KERNEL(cmp_i32f, int32_t, double)
KERNEL(cmp_i64f, int64_t, double)

#define TABLE_KERNEL(name, T)                                                                   \
  static void name(const T *restrict x, int64_t lo, const uint8_t *restrict table,              \
                   uint8_t *restrict m, size_t n)                                               \
  {                                                                                             \
    for (size_t i_ = 0; i_ < n; i_++)                                                           \
      m[i_] = table[(uint64_t)(int64_t)x[i_] - (uint64_t)lo];                                    \
  }

TABLE_KERNEL(table_i8, int8_t)
TABLE_KERNEL(table_i16, int16_t)
TABLE_KERNEL(table_i32, int32_t)
TABLE_KERNEL(table_i64, int64_t)
TABLE_KERNEL(table_u8, uint8_t)
TABLE_KERNEL(table_u16, uint16_t)
TABLE_KERNEL(table_u32, uint32_t)

static void eval_ints(const test *t, size_t from, size_t n, uint8_t *restrict m)
{
  const column *c = t->col;
  switch (c->width) {
  case 1: cmp_i8(c->v.i8 + from, (int8_t)t->i, t->op, m, n); break;
  case 2: cmp_i16(c->v.i16 + from, (int16_t)t->i, t->op, m, n); break;
  case 4: cmp_i32(c->v.i32 + from, (int32_t)t->i, t->op, m, n); break;
  default: cmp_i64(c->v.i64 + from, t->i, t->op, m, n); break;
  }
}

static void eval_uints(const test *t, size_t from, size_t n, uint8_t *restrict m)
{
  const column *c = t->col;
  switch (c->width) {
  case 1: cmp_u8(c->v.s8 + from, (uint8_t)t->i, t->op, m, n); break;
  case 2: cmp_u16(c->v.s16 + from, (uint16_t)t->i, t->op, m, n); break;
  default: cmp_u32(c->v.s32 + from, (uint32_t)t->i, t->op, m, n); break;
  }
}

static void eval_intf(const test *t, size_t from, size_t n, uint8_t *restrict m)
{
  const column *c = t->col;
  switch (c->width) {
  case 1: cmp_i8f(c->v.i8 + from, t->f, t->op, m, n); break;
  case 2: cmp_i16f(c->v.i16 + from, t->f, t->op, m, n); break;
  case 4: cmp_i32f(c->v.i32 + from, t->f, t->op, m, n); break;
  default: cmp_i64f(c->v.i64 + from, t->f, t->op, m, n); break;
  }
}

static void eval_table(const test *t, size_t from, size_t n, uint8_t *restrict m)
{
  const column *c = t->col;
  if (c->type == COL_STR) {
    switch (c->width) {
    case 1: table_u8(c->v.s8 + from, 0, t->table, m, n); break;
    case 2: table_u16(c->v.s16 + from, 0, t->table, m, n); break;
    default: table_u32(c->v.s32 + from, 0, t->table, m, n); break;
    }
    return;
  }
  switch (c->width) {
  case 1: table_i8(c->v.i8 + from, t->lo, t->table, m, n); break;
  case 2: table_i16(c->v.i16 + from, t->lo, t->table, m, n); break;
  case 4: table_i32(c->v.i32 + from, t->lo, t->table, m, n); break;
  default: table_i64(c->v.i64 + from, t->lo, t->table, m, n); break;
  }
}

/* m[i] = the answer of row from + i, i < n (null rows still to be cleared when t->nulls). */
static void eval(const test *t, size_t from, size_t n, uint8_t *restrict m)
{
  const column *c = t->col;
  switch (t->how) {
  case H_CONST: memset(m, t->konst, n); break;
  case H_INT: eval_ints(t, from, n, m); break;
  case H_UINT: eval_uints(t, from, n, m); break;
  case H_INTF: eval_intf(t, from, n, m); break;
  case H_FLOAT: cmp_f64(c->v.f + from, t->f, t->op, m, n); break;
  case H_TABLE: eval_table(t, from, n, m); break;
  case H_BOOLS: memcpy(m, t->bools->v.b + from, n); break;
  case H_ISNULL:
  case H_NOTNULL:
    for (size_t i = 0; i < n; i++)
      m[i] = (uint8_t)(col_isnull(c, from + i) == (t->how == H_ISNULL));
    break;
  case H_STR:
    for (size_t i = 0; i < n; i++) {
      size_t len;
      const char *s = col_str(c, from + i, &len);
      m[i] = (uint8_t)arith_holds(t->op, arith_compare_strings(s, len, t->s, t->len));
    }
    break;
  }
}

/*
 * Clears m[i] for each row from + i (i < n) that is null in c; from is a
 * multiple of 64. The bits of the last word past the column's rows were
 * never written, so they are masked off before any is looked at.
 */
static void clear_nulls(const column *c, size_t from, size_t n, uint8_t *m)
{
  for (size_t w = 0; w * 64 < n; w++) {
    uint64_t absent = ~c->valid[from / 64 + w];
    size_t left = n - w * 64;
    if (left < 64)
      absent &= ((uint64_t)1 << left) - 1;
    while (absent != 0) {
      m[w * 64 + (size_t)__builtin_ctzll(absent)] = 0;
      absent &= absent - 1;
    }
  }
}

/* The answer for row i alone, null rows included: for the rows an index gave. */
static int test_row(const test *t, size_t i)
{
  const column *c = t->col;
  if (t->nulls && col_isnull(c, i))
    return 0;
  switch (t->how) {
  case H_CONST: return t->konst;
  case H_INT: return arith_holds(t->op, (col_int(c, i) > t->i) - (col_int(c, i) < t->i));
  case H_UINT: {
    int64_t v = c->type == COL_BOOL ? c->v.b[i] : (int64_t)col_sid(c, i);
    return arith_holds(t->op, (v > t->i) - (v < t->i));
  }
  case H_INTF: return holds_double(t->op, (double)col_int(c, i), t->f);
  case H_FLOAT: return holds_double(t->op, c->v.f[i], t->f);
  case H_TABLE: {
    uint64_t v = c->type == COL_STR ? col_sid(c, i) : (uint64_t)col_int(c, i);
    return t->table[v - (uint64_t)t->lo];
  }
  case H_BOOLS: return t->bools->v.b[i];
  case H_ISNULL: return col_isnull(c, i);
  case H_NOTNULL: return !col_isnull(c, i);
  case H_STR: break;
  }
  size_t len;
  const char *s = col_str(c, i, &len);
  return arith_holds(t->op, arith_compare_strings(s, len, t->s, t->len));
}

/* Choosing rows ------------------------------------------------------------------ */

/* Appends to out the rows from + i where m[i] is set, i < n; m holds zeros up to a multiple of 8. */
static size_t pick(const uint8_t *m, size_t n, size_t from, size_t *out)
{
  size_t k = 0;
  for (size_t j = 0; j < n; j += 8) {
    uint64_t w;
    memcpy(&w, m + j, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w); /* byte j first, as on little-endian machines */
#endif
    while (w != 0) { /* each set byte holds a 1 in its lowest bit */
      out[k++] = from + j + (size_t)(__builtin_ctzll(w) >> 3);
      w &= w - 1;
    }
  }
  return k;
}

/* The rows chosen so far: a buffer that grows. */
typedef struct picked {
  size_t *rows;
  size_t n, cap;
} picked;

static int room(picked *p, size_t more, cherr *e)
{
  if (p->n + more <= p->cap)
    return 0;
  size_t cap = p->cap < 4096 ? 4096 : p->cap * 2;
  while (cap < p->n + more)
    cap *= 2;
  size_t *rows = mem_realloc(p->rows, cap * sizeof *rows);
  if (rows == NULL)
    return err_nomem(e);
  p->rows = rows;
  p->cap = cap;
  return 0;
}

/* Every row: the tests' answers, block by block, and-ed together, and the rows that pass picked out. */
static int scan(const test *tests, size_t n, size_t nrow, picked *p, cherr *e)
{
  uint8_t m[BLOCK], more[BLOCK];
  for (size_t from = 0; from < nrow; from += BLOCK) {
    int why = from > 0 && HALT_DUE(from) ? halt_check() : HALT_NONE;
    if (why != HALT_NONE)
      return err_halt(e, why);
    size_t len = nrow - from < BLOCK ? nrow - from : BLOCK;
    if (n == 0)
      memset(m, 1, len);
    for (size_t k = 0; k < n; k++) {
      uint8_t *to = k == 0 ? m : more;
      eval(&tests[k], from, len, to);
      if (tests[k].nulls)
        clear_nulls(tests[k].col, from, len, to);
      if (k > 0 && len == BLOCK)
        for (size_t i = 0; i < BLOCK; i++)
          m[i] &= more[i];
      else if (k > 0)
        for (size_t i = 0; i < len; i++)
          m[i] &= more[i];
    }
    memset(m + len, 0, (8 - len % 8) % 8);
    if (room(p, len, e) != 0)
      return -1;
    p->n += pick(m, len, from, p->rows + p->n);
  }
  return 0;
}

/* The index's slot for the value of an equality, or -1 when no row holds it (or -2: memory ran out). */
static long slot_of(const colindex *x, const sel_cond *sc)
{
  if (sc->col->type == COL_INT) {
    uint64_t k = (uint64_t)sc->value.i - (uint64_t)x->lo;
    return k < x->nslots ? (long)k : -1;
  }
  uint32_t id;
  int found = dict_find(sc->col->dict, sc->value.s, sc->value.len, &id);
  return found < 0 ? -2 : found && id < x->nslots ? (long)id : -1;
}

/* Whether a condition could be answered by its column's index: an equality with an int or a string. */
static int indexable(const sel_cond *sc)
{
  coltype t = sc->col->type;
  return sc->kind == SEL_CMP && sc->op == CMP_EQ && sc->value.col == NULL && !sc->value.isnull &&
         sc->value.type == t && (t == COL_INT || t == COL_STR);
}

/* The rows of condition `which` from its column's index, then only those that pass every other test. */
static int from_index(const colindex *x, const test *tests, size_t n, size_t which, const sel_cond *sc,
                      picked *p, cherr *e)
{
  long slot = slot_of(x, sc);
  if (slot == -2)
    return err_nomem(e);
  size_t count = 0;
  const uint32_t *rows = slot >= 0 ? colindex_rows(x, (uint32_t)slot, &count) : NULL;
  if (room(p, count ? count : 1, e) != 0)
    return -1;
  for (size_t j0 = 0; j0 < count; j0 += HALT_STRIDE) {
    int why = j0 > 0 ? halt_check() : HALT_NONE;
    if (why != HALT_NONE)
      return err_halt(e, why);
    size_t j1 = halt_block_end(j0, count);
    if (n == 1) { /* the index's rows are the answer */
      for (size_t j = j0; j < j1; j++)
        p->rows[j] = rows[j];
      p->n = j1;
      continue;
    }
    for (size_t j = j0; j < j1; j++) {
      int pass = 1;
      for (size_t k = 0; k < n && pass; k++)
        pass = k == which || test_row(&tests[k], rows[j]);
      p->rows[p->n] = rows[j];
      p->n += (size_t)pass;
    }
  }
  return 0;
}

/* The index that answers one of the conditions, if any: *which gets that condition. */
static const colindex *find_index(sel_cond *conds, size_t n, size_t *which)
{
  for (size_t k = 0; k < n; k++) {
    if (!indexable(&conds[k]) || conds[k].col->len >= UINT32_MAX)
      continue;
    const colindex *x = colindex_for_lookup(conds[k].col);
    if (x != NULL) {
      *which = k;
      return x;
    }
  }
  return NULL;
}

int sel_where(sel_cond *conds, size_t n, size_t nrow, size_t **rows, size_t *count, cherr *e)
{
  test *tests = mem_calloc(n ? n : 1, sizeof *tests);
  picked p = {NULL, 0, 0};
  size_t made = 0, which = 0;
  int rc = tests == NULL ? err_nomem(e) : 0;
  for (; rc == 0 && made < n; made++)
    rc = prepare(&tests[made], &conds[made], e);
  if (rc == 0) {
    const colindex *x = find_index(conds, n, &which);
    rc = x != NULL ? from_index(x, tests, n, which, &conds[which], &p, e) : scan(tests, n, nrow, &p, e);
  }
  for (size_t k = 0; k < made; k++)
    test_free(&tests[k]);
  mem_free(tests);
  if (rc != 0) {
    mem_free(p.rows);
    return -1;
  }
  *rows = p.rows;
  *count = p.n;
  return 0;
}

/*
 * Zeroes the values of c's null rows, a word of its bitmap at a time (the
 * last word's bits past c->len masked off, as clear_nulls does).
 */
static void zero_nulls(column *c)
{
  for (size_t w = 0; c->valid != NULL && w * 64 < c->len; w++) {
    uint64_t absent = ~c->valid[w];
    size_t left = c->len - w * 64;
    if (left < 64)
      absent &= ((uint64_t)1 << left) - 1;
    while (absent != 0) {
      c->v.b[w * 64 + (size_t)__builtin_ctzll(absent)] = 0;
      absent &= absent - 1;
    }
  }
}

column *sel_compare(cmp_op op, const column *c, const operand *v, cherr *e)
{
  sel_cond sc = {.col = (column *)c, .name = "", .kind = SEL_CMP, .op = op, .value = *v};
  test t;
  column *out = col_new(COL_BOOL, c->len, NULL, e);
  if (out == NULL)
    return NULL;
  if (prepare(&t, &sc, e) != 0) {
    col_unref(out);
    return NULL;
  }
  for (size_t from = 0; from < c->len; from += BLOCK) {
    int why = from > 0 && HALT_DUE(from) ? halt_check() : HALT_NONE;
    if (why != HALT_NONE) {
      test_free(&t);
      col_unref(out);
      err_halt(e, why);
      return NULL;
    }
    eval(&t, from, c->len - from < BLOCK ? c->len - from : BLOCK, out->v.b + from);
  }
  test_free(&t);
  if (col_nulls_of(out, c, NULL, e) != 0) {
    col_unref(out);
    return NULL;
  }
  zero_nulls(out);
  return out;
}
