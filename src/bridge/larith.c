/*
 * larith.c - arithmetic, comparisons and aggregates on columns, from Lua.
 *
 * Operators work element-wise on columns and Lua values (`d.score - 80`,
 * `d.a * d.b`, `-d.x`); `&`, `|` and `~` combine boolean columns. Lua turns
 * the results of ==, < and <= into single booleans, so comparisons are
 * methods: `d.score:gt(80)`. Aggregates (`d.score:mean()`) return one Lua
 * value, nil when there is none.
 */
#include <lauxlib.h>
#include <lua.h>

#include "agg.h"
#include "arith.h"
#include "keys.h"
#include "lchiso.h"

int lchiso_operand(lua_State *L, int idx, operand *o)
{
  column *c = lchiso_test_column(L, idx);
  if (c != NULL) {
    *o = arith_col(c);
  } else if (lua_type(L, idx) == LUA_TNUMBER) {
    *o = lua_isinteger(L, idx) ? arith_int(lua_tointeger(L, idx)) : arith_float(lua_tonumber(L, idx));
  } else if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    *o = arith_str(s, len);
  }
  else if (lua_type(L, idx) == LUA_TBOOLEAN) {
    *o = arith_bool(lua_toboolean(L, idx));
  } else if (lchiso_is_null(L, idx)) {
    *o = arith_null();
  } else {
    return 0;
  }
  return 1;
}

/* The value at idx as an operand, its column put in h; or an error that names the operation. */
static operand check_operand(lua_State *L, int idx, const char *what, lchiso_hold *h)
{
  operand o;
  if (!lchiso_operand(L, idx, &o))
    luaL_error(L, "%s: a column or a value expected, got %s", what, luaL_typename(L, idx));
  if (o.col != NULL)
    lchiso_hold_col(h, (column *)o.col);
  return o;
}

/* Rows the result has: the column operands' length, which must agree. */
static size_t result_length(lua_State *L, const operand *a, const operand *b, const char *what)
{
  if (a->col && b->col && a->col->len != b->col->len)
    luaL_error(L, "%s: columns of different lengths (%I and %I)", what, (lua_Integer)a->col->len,
               (lua_Integer)b->col->len);
  return a->col ? a->col->len : b->col ? b->col->len : 1;
}

/* What an operator does: an arithmetic or a logic operation, or a unary one. */
typedef struct opdef {
  const char *symbol;
  int logic;
  int op; /* arith_op or logic_op */
  column *(*unary)(const column *, cherr *);
} opdef;

static int apply(lua_State *L, const opdef *d)
{
  cherr e;
  column *result;
  lua_settop(L, 2); /* the hold goes above the operands */
  if (d->unary != NULL) {
    column *c = lchiso_hold_column(L, 1);
    lchiso_colbox *box = lchiso_new_column(L, d->symbol);
    result = box->col = d->unary(c, &e);
  } else {
    lchiso_hold *h = lchiso_new_hold(L, 2);
    operand a = check_operand(L, 1, d->symbol, h), b = check_operand(L, 2, d->symbol, h);
    size_t n = result_length(L, &a, &b, d->symbol);
    lchiso_colbox *box = lchiso_new_column(L, d->symbol);
    result = box->col = d->logic ? arith_logic((logic_op)d->op, &a, &b, n, &e)
                                 : arith_binary((arith_op)d->op, &a, &b, n, &e);
  }
  if (result == NULL)
    return luaL_error(L, "'%s': %s", d->symbol, e.msg);
  return 1;
}

#define OPERATOR(fname, sym, logic, op, unary)                   \
  static int fname(lua_State *L)                                 \
  {                                                              \
    static const opdef d = {sym, logic, op, unary};              \
    return apply(L, &d);                                         \
  }

OPERATOR(l_add, "+", 0, ARITH_ADD, NULL)
OPERATOR(l_sub, "-", 0, ARITH_SUB, NULL)
OPERATOR(l_mul, "*", 0, ARITH_MUL, NULL)
OPERATOR(l_div, "/", 0, ARITH_DIV, NULL)
OPERATOR(l_idiv, "//", 0, ARITH_IDIV, NULL)
OPERATOR(l_mod, "%", 0, ARITH_MOD, NULL)
OPERATOR(l_pow, "^", 0, ARITH_POW, NULL)
OPERATOR(l_unm, "-", 0, 0, arith_negate)
OPERATOR(l_and, "&", 1, LOGIC_AND, NULL)
OPERATOR(l_or, "|", 1, LOGIC_OR, NULL)
OPERATOR(l_not, "~", 1, 0, arith_not)

/* Comparisons */

static int compare(lua_State *L, cmp_op op, const char *name)
{
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  lchiso_hold *h = lchiso_new_hold(L, 2);
  column *c = lchiso_hold_col(h, lchiso_check_column(L, 1));
  operand a = arith_col(c), b = check_operand(L, 2, name, h);
  if (b.col && b.col->len != c->len)
    luaL_argerror(L, 2, "columns of different lengths");
  lchiso_colbox *box = lchiso_new_column(L, name);
  cherr e;
  box->col = arith_compare(op, &a, &b, c->len, &e);
  if (box->col == NULL)
    return luaL_argerror(L, 2, e.msg);
  return 1;
}

static int l_eq(lua_State *L) { return compare(L, CMP_EQ, "eq"); }
static int l_ne(lua_State *L) { return compare(L, CMP_NE, "ne"); }
static int l_lt(lua_State *L) { return compare(L, CMP_LT, "lt"); }
static int l_le(lua_State *L) { return compare(L, CMP_LE, "le"); }
static int l_gt(lua_State *L) { return compare(L, CMP_GT, "gt"); }
static int l_ge(lua_State *L) { return compare(L, CMP_GE, "ge"); }

/* col:isin{...}: whether each value is one of the list's. */
static int l_isin(lua_State *L)
{
  lchiso_check_column(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  size_t n = lua_rawlen(L, 2);
  /* everything Lua allocates comes first, so no Lua code runs between reading the list and using it */
  operand *set = lua_newuserdatauv(L, (n ? n : 1) * sizeof *set, 0);
  lchiso_colbox *box = lchiso_new_column(L, "isin");
  column *c = lchiso_check_column(L, 1);
  for (size_t k = 0; k < n; k++) {
    operand o;
    lua_rawgeti(L, 2, (lua_Integer)k + 1);
    if (!lchiso_operand(L, -1, &o))
      luaL_error(L, "isin: a column or a value expected, got %s", luaL_typename(L, -1));
    if (o.col != NULL)
      luaL_argerror(L, 2, "the list must hold values, not columns");
    set[k] = o;
    lua_pop(L, 1); /* strings stay alive in the list */
  }
  cherr e;
  box->col = arith_isin(c, set, n, &e);
  if (box->col == NULL)
    return luaL_argerror(L, 2, e.msg);
  return 1;
}

static int nulls(lua_State *L, int want_null)
{
  lua_settop(L, 1);
  column *c = lchiso_hold_column(L, 1);
  lchiso_colbox *box = lchiso_new_column(L, want_null ? "is_null" : "not_null");
  cherr e;
  box->col = arith_isnull(c, want_null, &e);
  if (box->col == NULL)
    return lchiso_raise(L, &e);
  return 1;
}

static int l_is_null(lua_State *L) { return nulls(L, 1); }
static int l_not_null(lua_State *L) { return nulls(L, 0); }

/* Aggregates: one value over the whole column */

/* The least or greatest value of an int column with values, in one pass: no groups needed. */
static int int_extreme(lua_State *L, const column *c, int greatest)
{
  int64_t lo, hi;
  col_int_minmax(c, &lo, &hi); /* the caller made sure there is a value */
  lua_pushinteger(L, (lua_Integer)(greatest ? hi : lo));
  return 1;
}

static int aggregate(lua_State *L, agg_fn fn)
{
  lua_settop(L, 2);
  column *c = lchiso_hold_column(L, 1);
  double q = 0.5;
  if (fn == AGG_QUANTILE) {
    q = (double)luaL_checknumber(L, 2);
    luaL_argcheck(L, q >= 0 && q <= 1, 2, "quantile must be between 0 and 1");
  }
  if (!agg_accepts(fn, c->type))
    return luaL_error(L, "'%s' needs a numeric column, not %s", agg_names[fn], col_typename(c->type));
  if ((fn == AGG_MIN || fn == AGG_MAX) && c->type == COL_INT && c->nnull < c->len)
    return int_extreme(L, c, fn == AGG_MAX);
  /* the box first: between groups_make and groups_free nothing may raise */
  lchiso_colbox *box = lchiso_new_column(L, agg_names[fn]);
  groups g;
  cherr e;
  if (groups_make(&g, NULL, 0, c->len, &e) != 0)
    return lchiso_raise(L, &e);
  g.ngroups = 1; /* an empty column is one empty group: a sum of 0, a mean of nothing */
  box->col = agg_column(c, &g, fn, q, &e);
  groups_free(&g);
  if (box->col == NULL)
    return lchiso_raise(L, &e);
  lchiso_push_value(L, box->col, 0, 0);
  return 1;
}

static int l_count(lua_State *L) { return aggregate(L, AGG_COUNT); }
static int l_sum(lua_State *L) { return aggregate(L, AGG_SUM); }
static int l_mean(lua_State *L) { return aggregate(L, AGG_MEAN); }
static int l_min(lua_State *L) { return aggregate(L, AGG_MIN); }
static int l_max(lua_State *L) { return aggregate(L, AGG_MAX); }
static int l_sd(lua_State *L) { return aggregate(L, AGG_SD); }
static int l_var(lua_State *L) { return aggregate(L, AGG_VAR); }
static int l_median(lua_State *L) { return aggregate(L, AGG_MEDIAN); }
static int l_quantile(lua_State *L) { return aggregate(L, AGG_QUANTILE); }
static int l_first(lua_State *L) { return aggregate(L, AGG_FIRST); }
static int l_last(lua_State *L) { return aggregate(L, AGG_LAST); }
static int l_n_distinct(lua_State *L) { return aggregate(L, AGG_NDISTINCT); }

static const luaL_Reg column_methods[] = {
  {"eq", l_eq}, {"ne", l_ne}, {"lt", l_lt}, {"le", l_le}, {"gt", l_gt}, {"ge", l_ge},
  {"isin", l_isin}, {"is_null", l_is_null}, {"not_null", l_not_null},
  {"count", l_count}, {"sum", l_sum}, {"mean", l_mean}, {"min", l_min}, {"max", l_max},
  {"sd", l_sd}, {"var", l_var}, {"median", l_median}, {"quantile", l_quantile},
  {"first", l_first}, {"last", l_last}, {"n_distinct", l_n_distinct},
  {NULL, NULL},
};

static const luaL_Reg column_meta[] = {
  {"__add", l_add}, {"__sub", l_sub}, {"__mul", l_mul}, {"__div", l_div}, {"__idiv", l_idiv},
  {"__mod", l_mod}, {"__pow", l_pow}, {"__unm", l_unm}, {"__band", l_and}, {"__bor", l_or},
  {"__bnot", l_not}, {NULL, NULL},
};

int luaopen_chiso_arith(lua_State *L)
{
  lua_newtable(L);
  luaL_newlib(L, column_methods);
  lua_setfield(L, -2, "column_methods");
  luaL_newlib(L, column_meta);
  lua_setfield(L, -2, "column_meta");
  return 1;
}
