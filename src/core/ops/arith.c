/*
 * arith.c - element-wise arithmetic, comparisons and logic on columns.
 */
#include "arith.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "halt.h"
#include "mem.h"
#include "select.h"
#include "sort.h"

operand arith_int(int64_t v) { return (operand){.type = COL_INT, .i = v, .f = (double)v}; }
operand arith_float(double v) { return (operand){.type = COL_FLOAT, .f = v}; }
operand arith_str(const char *s, size_t len) { return (operand){.type = COL_STR, .s = s, .len = len}; }
operand arith_bool(int v) { return (operand){.type = COL_BOOL, .b = v != 0}; }
operand arith_null(void) { return (operand){.type = COL_STR, .isnull = 1}; }
operand arith_col(const column *c) { return (operand){.col = c, .type = c->type}; }

coltype arith_type(const operand *o) { return o->col ? o->col->type : o->type; }

/* Whether halt_check() says to stop; e is then set. */
static int halted(cherr *e)
{
  int why = halt_check();
  return why != HALT_NONE ? (err_halt(e, why), 1) : 0;
}

static int is_null(const operand *o, size_t i)
{
  return o->col ? col_isnull(o->col, i) : o->isnull;
}

static double num_at(const operand *o, size_t i)
{
  if (o->col == NULL)
    return o->type == COL_INT ? (double)o->i : o->f;
  return col_num(o->col, i);
}

static int64_t int_at(const operand *o, size_t i)
{
  return o->col ? col_int(o->col, i) : o->i;
}

static const char *str_at(const operand *o, size_t i, size_t *len)
{
  if (o->col)
    return col_str(o->col, i, len);
  *len = o->len;
  return o->s;
}

static int bool_at(const operand *o, size_t i)
{
  return o->col ? o->col->v.b[i] : o->b;
}

static int is_number(coltype t) { return t == COL_INT || t == COL_FLOAT; }

/* Marks null every row where either operand is null. */
/* Whether an operand can be null anywhere: a null scalar, or a column with nulls. */
static int may_be_null(const operand *o)
{
  return o != NULL && (o->col != NULL ? o->col->nnull > 0 : o->isnull);
}

static int copy_nulls(column *out, const operand *a, const operand *b, cherr *e)
{
  if (!may_be_null(a) && !may_be_null(b))
    return 0;
  for (size_t i = 0; i < out->len; i++)
    if ((is_null(a, i) || (b != NULL && is_null(b, i))) && col_set_null(out, i, e) != 0)
      return -1;
  return 0;
}

static int64_t int_floor_div(int64_t a, int64_t b)
{
  if (b == -1)
    return (int64_t)(0 - (uint64_t)a); /* also for INT64_MIN, as Lua does */
  int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0))
    q--;
  return q;
}

static int64_t int_mod(int64_t a, int64_t b)
{
  if (b == -1)
    return 0;
  int64_t r = a % b;
  if (r != 0 && (r < 0) != (b < 0))
    r += b;
  return r;
}

/* One integer result; 0 when the operation has none (division by zero). */
static int int_result(arith_op op, int64_t a, int64_t b, int64_t *out)
{
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  switch (op) {
  case ARITH_ADD: *out = (int64_t)(ua + ub); return 1;
  case ARITH_SUB: *out = (int64_t)(ua - ub); return 1;
  case ARITH_MUL: *out = (int64_t)(ua * ub); return 1;
  case ARITH_IDIV: if (b == 0) return 0; *out = int_floor_div(a, b); return 1;
  case ARITH_MOD: if (b == 0) return 0; *out = int_mod(a, b); return 1;
  default: return 0;
  }
}

static double float_result(arith_op op, double a, double b)
{
  switch (op) {
  case ARITH_ADD: return a + b;
  case ARITH_SUB: return a - b;
  case ARITH_MUL: return a * b;
  case ARITH_DIV: return a / b;
  case ARITH_IDIV: return floor(a / b);
  case ARITH_POW: return pow(a, b);
  case ARITH_MOD: break;
  }
  double m = fmod(a, b); /* Lua's float modulo: the result takes the divisor's sign */
  if (m != 0 && (m > 0) != (b > 0))
    m += b;
  return m;
}

static const char *const type_words[] = {"int", "float", "string", "bool"};

/* The least and greatest int an operand holds (0 for nulls). */
static void operand_range(const operand *o, int64_t *lo, int64_t *hi)
{
  if (o->col != NULL)
    col_int_range(o->col, lo, hi);
  else
    *lo = *hi = o->isnull ? 0 : o->i;
}

/*
 * Bounds lo..hi on the int results of a op b, for the narrowest column that
 * holds them: from the operands' ranges for + and - (unless that overflows),
 * else from every result worked out once beforehand.
 */
static void result_range(arith_op op, const operand *a, const operand *b, size_t n, int64_t *lo,
                         int64_t *hi)
{
  int64_t alo, ahi, blo, bhi, v;
  if (op == ARITH_ADD || op == ARITH_SUB) {
    operand_range(a, &alo, &ahi);
    operand_range(b, &blo, &bhi);
    int over = op == ARITH_ADD
                 ? __builtin_add_overflow(alo, blo, lo) || __builtin_add_overflow(ahi, bhi, hi)
                 : __builtin_sub_overflow(alo, bhi, lo) || __builtin_sub_overflow(ahi, blo, hi);
    if (over) {
      *lo = INT64_MIN;
      *hi = INT64_MAX;
    }
    return;
  }
  *lo = *hi = 0;
  for (size_t i = 0; i < n; i++)
    if (!is_null(a, i) && !is_null(b, i) && int_result(op, int_at(a, i), int_at(b, i), &v)) {
      *lo = v < *lo ? v : *lo;
      *hi = v > *hi ? v : *hi;
    }
}

/* Values from .. from + n - 1 of an int operand (column or number), as int64. */
static void operand_ints(const operand *o, size_t from, size_t n, int64_t *out)
{
  if (o->col != NULL)
    col_get_ints(o->col, from, n, out);
  else
    for (size_t i = 0; i < n; i++)
      out[i] = o->i;
}

#define CHUNK 512

/*
 * a + b, a - b or a * b of ints (no null number among them) into out, a
 * chunk of rows at a time: the operands widened to int64 in one loop, the
 * results worked out in another (wrapping as Lua's integers do), stored
 * packed in a third; rows null in either operand take 0.
 */
static column *int_columns(arith_op op, const operand *a, const operand *b, column *out,
                           cherr *e)
{
  if (col_nulls_of(out, a->col, b->col, e) != 0) {
    col_unref(out);
    return NULL;
  }
  int64_t x[CHUNK], y[CHUNK];
  for (size_t from = 0; from < out->len; from += CHUNK) {
    size_t n = out->len - from < CHUNK ? out->len - from : CHUNK;
    if (from > 0 && HALT_DUE(from) && halted(e)) {
      col_unref(out);
      return NULL;
    }
    operand_ints(a, from, n, x);
    operand_ints(b, from, n, y);
    for (size_t i = 0; i < n; i++) {
      uint64_t ux = (uint64_t)x[i], uy = (uint64_t)y[i];
      x[i] = (int64_t)(op == ARITH_ADD ? ux + uy : op == ARITH_SUB ? ux - uy : ux * uy);
    }
    for (size_t i = 0; out->valid != NULL && i < n; i++)
      x[i] = col_isnull(out, from + i) ? 0 : x[i];
    col_put_ints(out, from, n, x);
  }
  return out;
}

column *arith_binary(arith_op op, const operand *a, const operand *b, size_t n, cherr *e)
{
  coltype ta = arith_type(a), tb = arith_type(b);
  if ((!is_number(ta) && !a->isnull) || (!is_number(tb) && !b->isnull)) {
    err_set(e, ERR_ARG, "arithmetic needs numbers, not %s", type_words[is_number(ta) ? tb : ta]);
    return NULL;
  }
  int ints = (ta == COL_INT || a->isnull) && (tb == COL_INT || b->isnull) &&
             op != ARITH_DIV && op != ARITH_POW;
  int64_t lo = 0, hi = 0, v;
  if (ints)
    result_range(op, a, b, n, &lo, &hi);
  column *out = ints ? col_new_int(n, lo, hi, e) : col_new(COL_FLOAT, n, NULL, e);
  if (out != NULL && ints && (op == ARITH_ADD || op == ARITH_SUB || op == ARITH_MUL) &&
      !a->isnull && !b->isnull)
    return int_columns(op, a, b, out, e);
  if (out == NULL || copy_nulls(out, a, b, e) != 0) {
    col_unref(out);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (HALT_DUE(i + 1) && halted(e)) {
      col_unref(out);
      return NULL;
    }
    if (col_isnull(out, i))
      continue;
    if (!ints)
      out->v.f[i] = float_result(op, num_at(a, i), num_at(b, i));
    else if (int_result(op, int_at(a, i), int_at(b, i), &v))
      col_put_int(out, i, v);
    else if (col_set_null(out, i, e) != 0) {
      col_unref(out);
      return NULL;
    }
  }
  return out;
}

column *arith_negate(const column *a, cherr *e)
{
  if (!is_number(a->type)) {
    err_set(e, ERR_ARG, "arithmetic needs numbers, not %s", type_words[a->type]);
    return NULL;
  }
  operand x = arith_col(a);
  column *out = col_new(a->type, a->len, NULL, e);
  if (out == NULL || copy_nulls(out, &x, NULL, e) != 0) {
    col_unref(out);
    return NULL;
  }
  for (size_t i = 0; i < a->len; i++) {
    if (a->type == COL_INT)
      out->v.i64[i] = (int64_t)(0 - (uint64_t)col_int(a, i)); /* wraps as Lua's integers do */
    else
      out->v.f[i] = -a->v.f[i];
  }
  col_narrow(out);
  return out;
}

static int compare_strings(const char *x, size_t lx, const char *y, size_t ly)
{
  int c = memcmp(x, y, lx < ly ? lx : ly);
  return c != 0 ? c : (lx > ly) - (lx < ly);
}

/* The truth of op given the order of the two values (<0, 0, >0). */
static int holds(cmp_op op, int order)
{
  switch (op) {
  case CMP_EQ: return order == 0;
  case CMP_NE: return order != 0;
  case CMP_LT: return order < 0;
  case CMP_LE: return order <= 0;
  case CMP_GT: return order > 0;
  case CMP_GE: return order >= 0;
  }
  return 0;
}

static int compare_at(cmp_op op, const operand *a, const operand *b, size_t i)
{
  coltype t = arith_type(a);
  if (t == COL_STR) {
    size_t la, lb;
    const char *sa = str_at(a, i, &la), *sb = str_at(b, i, &lb);
    return holds(op, compare_strings(sa, la, sb, lb));
  }
  if (t == COL_BOOL)
    return holds(op, bool_at(a, i) - bool_at(b, i));
  if (t == COL_INT && arith_type(b) == COL_INT) {
    int64_t x = int_at(a, i), y = int_at(b, i);
    return holds(op, (x > y) - (x < y));
  }
  double x = num_at(a, i), y = num_at(b, i);
  if (isnan(x) || isnan(y))
    return op == CMP_NE;
  return holds(op, (x > y) - (x < y));
}

static int comparable(coltype ta, coltype tb)
{
  return ta == tb || (is_number(ta) && is_number(tb));
}

column *arith_compare(cmp_op op, const operand *a, const operand *b, size_t n, cherr *e)
{
  coltype ta = arith_type(a), tb = arith_type(b);
  if (!a->isnull && !b->isnull && !comparable(ta, tb)) {
    err_set(e, ERR_ARG, "cannot compare %s with %s", type_words[ta], type_words[tb]);
    return NULL;
  }
  if (a->col != NULL && b->col == NULL && !b->isnull) /* a column against a value (year == 2024) */
    return sel_compare(op, a->col, b, e);
  column *out = col_new(COL_BOOL, n, NULL, e);
  if (out == NULL || copy_nulls(out, a, b, e) != 0) {
    col_unref(out);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (HALT_DUE(i + 1) && halted(e)) { /* strings compared one by one can be long */
      col_unref(out);
      return NULL;
    }
    out->v.b[i] = !col_isnull(out, i) && compare_at(op, a, b, i);
  }
  return out;
}

/* For bsearch, which takes no context. */
static int compare_doubles(const void *x, const void *y) { return sort_doubles(x, y, NULL); }
static int compare_ints(const void *x, const void *y) { return sort_int64s(x, y, NULL); }

/* The values of an `in` list, sorted for binary search: strings as flags over a dictionary. */
typedef struct valueset {
  int64_t *ints;
  size_t nints;
  double *floats; /* float and boolean values */
  size_t nfloats;
  unsigned char *flags;
} valueset;

static void free_set(valueset *vs)
{
  mem_free(vs->ints);
  mem_free(vs->floats);
  mem_free(vs->flags);
}

static int make_set(valueset *vs, const column *c, const operand *set, size_t nset, cherr *e)
{
  memset(vs, 0, sizeof *vs);
  vs->ints = mem_alloc((nset ? nset : 1) * sizeof *vs->ints);
  vs->floats = mem_alloc((nset ? nset : 1) * sizeof *vs->floats);
  if (c->type == COL_STR)
    vs->flags = mem_calloc(c->dict->count ? c->dict->count : 1, 1);
  if (vs->ints == NULL || vs->floats == NULL || (c->type == COL_STR && vs->flags == NULL))
    return err_nomem(e);
  for (size_t k = 0; k < nset; k++) {
    const operand *o = &set[k];
    uint32_t id;
    int found = 0;
    if (o->isnull)
      continue;
    if (o->type == COL_STR && (found = dict_find(c->dict, o->s, o->len, &id)) < 0)
      return err_nomem(e);
    if (found)
      vs->flags[id] = 1;
    else if (o->type == COL_INT)
      vs->ints[vs->nints++] = o->i;
    else if (o->type != COL_STR && !isnan(o->f)) /* NaN equals nothing, and would upset the search */
      vs->floats[vs->nfloats++] = o->type == COL_BOOL ? (double)o->b : o->f;
  }
  if (sort_stable(vs->ints, vs->nints, sizeof *vs->ints, sort_int64s, NULL, e) != 0)
    return -1;
  return sort_stable(vs->floats, vs->nfloats, sizeof *vs->floats, sort_doubles, NULL, e);
}

/* Whether value i of c is in the set; ints and floats are matched exactly, as numbers. */
static int in_set(const valueset *vs, const column *c, size_t i)
{
  if (c->type == COL_STR)
    return vs->flags[col_sid(c, i)];
  double f = c->type == COL_BOOL ? (double)c->v.b[i] : col_num(c, i);
  if (isnan(f))
    return 0; /* NaN is in no list (and bsearch would take it as equal to anything) */
  /* only a float within int64's range may be converted: NaN, infinities and the rest may not */
  int integral = c->type == COL_INT || (f >= -9.2233720368547758e18 && f < 9.2233720368547758e18 &&
                                        (double)(int64_t)f == f);
  int64_t v = c->type == COL_INT ? col_int(c, i) : integral ? (int64_t)f : 0;
  if (integral && bsearch(&v, vs->ints, vs->nints, sizeof v, compare_ints) != NULL)
    return 1;
  return (c->type != COL_INT || (double)v == f) &&
         bsearch(&f, vs->floats, vs->nfloats, sizeof f, compare_doubles) != NULL;
}

column *arith_isin(const column *c, const operand *set, size_t nset, cherr *e)
{
  for (size_t k = 0; k < nset; k++)
    if (!set[k].isnull && !comparable(c->type, set[k].type)) {
      err_set(e, ERR_ARG, "value %zu of the list is %s, which cannot be compared with %s", k + 1,
              type_words[set[k].type], type_words[c->type]);
      return NULL;
    }
  operand x = arith_col(c);
  valueset vs;
  column *out = col_new(COL_BOOL, c->len, NULL, e);
  int ok = make_set(&vs, c, set, nset, e) == 0 && out != NULL && copy_nulls(out, &x, NULL, e) == 0;
  for (size_t i = 0; ok && i < c->len; i++) {
    out->v.b[i] = !col_isnull(c, i) && in_set(&vs, c, i);
    ok = !(HALT_DUE(i + 1) && halted(e));
  }
  free_set(&vs);
  if (!ok) {
    col_unref(out);
    return NULL;
  }
  return out;
}

column *arith_isnull(const column *c, int want_null, cherr *e)
{
  column *out = col_new(COL_BOOL, c->len, NULL, e);
  for (size_t i = 0; out != NULL && i < c->len; i++)
    out->v.b[i] = col_isnull(c, i) == want_null;
  return out;
}

column *arith_logic(logic_op op, const operand *a, const operand *b, size_t n, cherr *e)
{
  if ((arith_type(a) != COL_BOOL && !a->isnull) || (arith_type(b) != COL_BOOL && !b->isnull)) {
    err_set(e, ERR_ARG, "logic needs boolean columns, not %s",
            type_words[arith_type(a) != COL_BOOL ? arith_type(a) : arith_type(b)]);
    return NULL;
  }
  column *out = col_new(COL_BOOL, n, NULL, e);
  for (size_t i = 0; out != NULL && i < n; i++) {
    if (HALT_DUE(i + 1) && halted(e)) {
      col_unref(out);
      return NULL;
    }
    int na = is_null(a, i), nb = is_null(b, i);
    int va = !na && bool_at(a, i), vb = !nb && bool_at(b, i);
    /* the value that decides alone: false for and, true for or */
    int decisive = op == LOGIC_OR;
    if ((!na && va == decisive) || (!nb && vb == decisive))
      out->v.b[i] = (unsigned char)decisive;
    else if (na || nb) {
      if (col_set_null(out, i, e) != 0) {
        col_unref(out);
        return NULL;
      }
    } else
      out->v.b[i] = (unsigned char)!decisive;
  }
  return out;
}

column *arith_not(const column *c, cherr *e)
{
  if (c->type != COL_BOOL) {
    err_set(e, ERR_ARG, "logic needs boolean columns, not %s", type_words[c->type]);
    return NULL;
  }
  operand x = arith_col(c);
  column *out = col_new(COL_BOOL, c->len, NULL, e);
  if (out == NULL || copy_nulls(out, &x, NULL, e) != 0) {
    col_unref(out);
    return NULL;
  }
  for (size_t i = 0; i < c->len; i++)
    out->v.b[i] = !col_isnull(c, i) && !c->v.b[i];
  return out;
}

size_t arith_true_rows(const column *c, size_t *rows)
{
  size_t n = 0;
  for (size_t i = 0; i < c->len; i++)
    if (c->v.b[i] && !col_isnull(c, i))
      rows[n++] = i;
  return n;
}
