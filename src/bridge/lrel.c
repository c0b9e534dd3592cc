/*
 * lrel.c - choosing rows and columns: ds:where, select, drop, rename,
 * mutate, sort and slice.
 *
 * Every method returns a new dataset; columns it does not change are
 * shared with the input, not copied.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "arith.h"
#include "halt.h"
#include "lchiso.h"
#include "mem.h"
#include "order.h"
#include "select.h"

/* Pushes d's rows rows[0..n) as a new dataset. */
static void push_rows(lua_State *L, const dataset *d, const size_t *rows, size_t n)
{
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  lchiso_set_dataset(L, box, ds_take(d, rows, n, &e), &e);
}

/* where */

static const char *const op_names[] = {
  "==", "~=", "<", "<=", ">", ">=", "!=", "in", "is_null", "not_null", NULL,
};
enum { OP_IN = 7, OP_ISNULL = 8, OP_NOTNULL = 9 };

/* The value at idx as a comparison operand; raises for anything else. */
static operand value_operand(lua_State *L, int idx, int arg)
{
  operand o;
  if (!lchiso_operand(L, idx, &o) || (o.isnull && o.col == NULL))
    luaL_argerror(L, arg, lua_pushfstring(L, "a number, string or boolean to compare with expected, got %s",
                                          luaL_typename(L, idx)));
  return o;
}

/* The values of an `in` list at idx, in a userdata left on the stack. */
static operand *list_operands(lua_State *L, int idx, int arg, size_t *n)
{
  if (!lua_istable(L, idx))
    luaL_argerror(L, arg, "'in' needs a list of values");
  *n = lua_rawlen(L, idx);
  operand *set = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *set, 0);
  for (size_t k = 0; k < *n; k++) {
    lua_rawgeti(L, idx, (lua_Integer)k + 1);
    set[k] = value_operand(L, -1, arg);
    lua_pop(L, 1); /* strings stay alive in the list */
  }
  return set;
}

/* The operator at idx, an index into op_names; blames argument arg when it is not one. */
static int check_op(lua_State *L, int idx, int arg)
{
  const char *op = lua_tostring(L, idx);
  int k = lchiso_name_index(op, op_names);
  if (k >= 0)
    return k;
  return luaL_argerror(L, arg, lua_pushfstring(L, "unknown operator '%s' (the operators are "
                       "==, ~=, <, <=, >, >=, in, is_null, not_null)", op ? op : luaL_typename(L, idx)));
}

/*
 * Fills sc from one condition: column name at col, operator at op, value at
 * val; errors blame argument arg (the condition's own argument, or the table
 * of conditions). An `in` list's values go in a userdata kept in the table
 * at keep; a column compared with goes in the hold h.
 */
static void condition(lua_State *L, const dataset *d, int col, int op, int val, int arg, int keep,
                      lchiso_hold *h, sel_cond *sc)
{
  size_t len;
  const char *name = lua_tolstring(L, col, &len);
  if (name == NULL)
    luaL_argerror(L, arg, "a condition starts with a column name");
  sc->col = d->cols[lchiso_find_column(L, d, name, len, arg, NULL)];
  sc->name = name; /* a string held by the arguments */
  int which = check_op(L, op, arg);
  if (which == OP_ISNULL || which == OP_NOTNULL) {
    sc->kind = which == OP_ISNULL ? SEL_ISNULL : SEL_NOTNULL;
  } else if (which == OP_IN) {
    sc->kind = SEL_IN;
    sc->set = list_operands(L, val, arg, &sc->nset);
    lua_rawseti(L, keep, (lua_Integer)lua_rawlen(L, keep) + 1);
  } else {
    static const cmp_op ops[] = {CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_NE};
    sc->kind = SEL_CMP;
    sc->op = ops[which];
    sc->value = value_operand(L, val, arg);
    if (sc->value.col != NULL && sc->value.col->len != sc->col->len)
      luaL_argerror(L, arg, "the column compared with has a different length");
    if (sc->value.col != NULL)
      lchiso_hold_col(h, (column *)sc->value.col);
  }
}

/* The conditions of ds:where{ {col, op, value}, ... } (argument 2) into conds. */
static void table_conditions(lua_State *L, const dataset *d, int keep, lchiso_hold *h, sel_cond *conds,
                             size_t n)
{
  for (size_t k = 1; k <= n; k++) {
    if (lua_rawgeti(L, 2, (lua_Integer)k) != LUA_TTABLE)
      luaL_argerror(L, 2, lua_pushfstring(L, "condition %I must be {column, operator, value}",
                                          (lua_Integer)k));
    int t = lua_gettop(L);
    lua_rawgeti(L, t, 1);
    lua_rawgeti(L, t, 2);
    lua_rawgeti(L, t, 3);
    condition(L, d, t + 1, t + 2, t + 3, 2, keep, h, &conds[k - 1]);
    lua_settop(L, t - 1); /* the strings stay alive in the table of conditions */
  }
}

/* ds:where(function(row) ... end): rows for which the function returns a true value. */
static int where_function(lua_State *L, const dataset *d)
{
  unsigned char *keep = lua_newuserdatauv(L, d->nrow ? d->nrow : 1, 0);
  lua_getfield(L, 1, "row");
  size_t kept = 0;
  for (size_t i = 0; i < d->nrow; i++) {
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, (lua_Integer)i + 1);
    lua_call(L, 2, 1); /* ds:row(i) */
    lua_call(L, 1, 1);
    keep[i] = (unsigned char)lua_toboolean(L, -1);
    kept += keep[i];
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  /* sized for the rows kept: a userdata is garbage Lua's collector weighs by its size */
  size_t *rows = lua_newuserdatauv(L, (kept ? kept : 1) * sizeof *rows, 0);
  size_t n = 0;
  for (size_t lo = 0; lo < d->nrow; lo += HALT_STRIDE) {
    lchiso_check_halt(L, 0);
    for (size_t i = lo; i < halt_block_end(lo, d->nrow); i++)
      if (keep[i])
        rows[n++] = i;
  }
  push_rows(L, d, rows, n);
  return 1;
}

/*
 * ds:where(col, op, value), ds:where{ {col, op, value}, ... },
 * ds:where(boolean_column), ds:where(function(row) ... end). The conditions
 * are read first (any error raised then), and the rows chosen by the core
 * (select.h) after the box of the result is made, so nothing can raise
 * while the core holds the rows.
 */
static int lds_where(lua_State *L)
{
  lua_settop(L, 4); /* the hold goes above the arguments */
  dataset *d = lchiso_hold_dataset(L, 1);
  if (lua_isfunction(L, 2))
    return where_function(L, d);
  column *c = lchiso_test_column(L, 2);
  size_t n = c == NULL && lua_istable(L, 2) ? lua_rawlen(L, 2) : 1;
  lchiso_hold *h = lchiso_new_hold(L, n);
  lua_newtable(L); /* the `in` lists' values */
  int keep = lua_gettop(L);
  sel_cond *conds = lua_newuserdatauv(L, (n ? n : 1) * sizeof *conds, 0);
  memset(conds, 0, (n ? n : 1) * sizeof *conds);
  if (c != NULL) {
    luaL_argcheck(L, c->type == COL_BOOL, 2, "a boolean column is needed to choose rows");
    luaL_argcheck(L, c->len == d->nrow, 2, "the boolean column's length differs from the dataset's");
    conds[0] = (sel_cond){.col = lchiso_hold_col(h, c), .name = "", .kind = SEL_CMP, .op = CMP_EQ,
                          .value = arith_bool(1)};
  } else if (lua_istable(L, 2)) {
    table_conditions(L, d, keep, h, conds, n);
  } else {
    condition(L, d, 2, 3, 4, 2, keep, h, &conds[0]);
  }
  lchiso_dsbox *box = lchiso_new_dataset(L);
  size_t *rows, count;
  dataset *out = NULL;
  cherr e;
  if (sel_where(conds, n, d->nrow, &rows, &count, &e) == 0) {
    out = ds_take(d, rows, count, &e);
    mem_free(rows);
  }
  if (out == NULL && e.code == ERR_ARG)
    return luaL_argerror(L, 2, e.msg);
  lchiso_set_dataset(L, box, out, &e);
  return 1;
}

/* select, drop, rename */

/*
 * The names given as arguments from `from` to top, or as one list there, in
 * a userdata left on the stack.
 */
static size_t *named_columns(lua_State *L, const dataset *d, int from, int top, size_t *n)
{
  if (lua_istable(L, from))
    return lchiso_columns(L, from, d, from, "the list of columns", 1, n);
  *n = (size_t)(top >= from ? top - from + 1 : 0);
  size_t *cols = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *cols, 0);
  for (size_t k = 0; k < *n; k++) {
    size_t len;
    const char *name = luaL_checklstring(L, from + (int)k, &len);
    cols[k] = lchiso_find_column(L, d, name, len, from + (int)k, NULL);
  }
  return cols;
}

static void push_columns(lua_State *L, const dataset *d, const size_t *cols, size_t n,
                         const char *const *renamed)
{
  const char **names = lua_newuserdatauv(L, (n ? n : 1) * sizeof *names, 0);
  column **chosen = lua_newuserdatauv(L, (n ? n : 1) * sizeof *chosen, 0);
  for (size_t k = 0; k < n; k++) {
    names[k] = renamed && renamed[cols[k]] ? renamed[cols[k]] : d->names[cols[k]];
    chosen[k] = d->cols[cols[k]];
  }
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  dataset *out = ds_make(names, chosen, n, d->nrow, &e);
  if (out == NULL && e.code == ERR_ARG)
    luaL_error(L, "%s", e.msg);
  lchiso_set_dataset(L, box, out, &e);
}

/* ds:select("a", "b") or ds:select{"a", "b"}: those columns, in that order. */
static int lds_select(lua_State *L)
{
  int top = lua_gettop(L);
  dataset *d = lchiso_hold_dataset(L, 1);
  size_t n;
  size_t *cols = named_columns(L, d, 2, top, &n);
  push_columns(L, d, cols, n, NULL);
  return 1;
}

/* ds:drop("a", "b") or ds:drop{"a", "b"}: every column but those. */
static int lds_drop(lua_State *L)
{
  int top = lua_gettop(L);
  dataset *d = lchiso_hold_dataset(L, 1);
  size_t n;
  size_t *gone = named_columns(L, d, 2, top, &n);
  unsigned char *dropped = lua_newuserdatauv(L, d->ncol ? d->ncol : 1, 0);
  memset(dropped, 0, d->ncol);
  for (size_t k = 0; k < n; k++)
    dropped[gone[k]] = 1;
  size_t *kept = lua_newuserdatauv(L, (d->ncol ? d->ncol : 1) * sizeof *kept, 0);
  size_t m = 0;
  for (size_t k = 0; k < d->ncol; k++)
    if (!dropped[k])
      kept[m++] = k;
  push_columns(L, d, kept, m, NULL);
  return 1;
}

/* ds:rename{old = "new", ...} */
static int lds_rename(lua_State *L)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_createtable(L, d->ncol > 0x7fffffff ? 0 : (int)d->ncol, 0); /* new names by column, ours */
  int chosen = lua_gettop(L);
  for (lua_pushnil(L); lua_next(L, 2) != 0; lua_pop(L, 1)) {
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 2, "renaming needs old = \"new\" pairs of names");
    size_t len;
    const char *old = lua_tolstring(L, -2, &len);
    lua_pushvalue(L, -1);
    lua_rawseti(L, chosen, (lua_Integer)lchiso_find_column(L, d, old, len, 2, NULL) + 1);
  }
  const char **renamed = lua_newuserdatauv(L, (d->ncol ? d->ncol : 1) * sizeof *renamed, 0);
  for (size_t k = 0; k < d->ncol; k++) {
    lua_rawgeti(L, chosen, (lua_Integer)k + 1);
    renamed[k] = lua_tostring(L, -1); /* held by the table of new names */
    lua_pop(L, 1);
  }
  size_t *all = lua_newuserdatauv(L, (d->ncol ? d->ncol : 1) * sizeof *all, 0);
  for (size_t k = 0; k < d->ncol; k++)
    all[k] = k;
  push_columns(L, d, all, d->ncol, renamed);
  return 1;
}

/* mutate */

/*
 * Pushes the column for the value at idx: a column (put in h), a function
 * called with each row of the dataset at ds_idx, or one value for every row.
 */
static column *new_values(lua_State *L, const dataset *d, int ds_idx, int idx, const char *name,
                          lchiso_hold *h)
{
  idx = lua_absindex(L, idx);
  column *c = lchiso_hold_col(h, lchiso_test_column(L, idx));
  if (c != NULL) {
    if (c->len != d->nrow)
      luaL_error(L, "bad argument to 'mutate' (column '%s' has %I values; the dataset has %I rows)",
                 name, (lua_Integer)c->len, (lua_Integer)d->nrow);
    lua_pushvalue(L, idx);
    return c;
  }
  lua_createtable(L, d->nrow > 0x7fffffff ? 0 : (int)d->nrow, 0);
  int values = lua_gettop(L);
  int is_fn = lua_isfunction(L, idx);
  lua_getfield(L, ds_idx, "row");
  for (size_t i = 0; i < d->nrow; i++) {
    lua_pushvalue(L, idx);
    if (is_fn) {
      lua_pushvalue(L, values + 1);
      lua_pushvalue(L, ds_idx);
      lua_pushinteger(L, (lua_Integer)i + 1);
      lua_call(L, 2, 1); /* ds:row(i) */
      lua_call(L, 1, 1);
    }
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      lchiso_push_null(L);
    }
    lua_rawseti(L, values, (lua_Integer)i + 1);
  }
  lua_settop(L, values);
  lchiso_colbox *box = lchiso_column_from_value(L, values, name);
  lua_remove(L, values);
  return box->col;
}

/* Pushes the dataset at ds_idx with column name set to the values at idx. */
static void mutate_one(lua_State *L, int ds_idx, const char *name, int idx)
{
  idx = lua_absindex(L, idx);
  lchiso_hold *h = lchiso_new_hold(L, 2);
  dataset *d = lchiso_hold_ds(h, lchiso_check_dataset(L, ds_idx));
  column *c = new_values(L, d, ds_idx, idx, name, h);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  lchiso_set_dataset(L, box, ds_with_column(d, name, c, &e), &e);
  lua_remove(L, -2); /* the column: the dataset holds it now */
}

/* The options table of mutate at arg, checked; 0 when there is none. */
static int mutate_opts(lua_State *L, int arg)
{
  static const char *const opts[] = {"replace", NULL};
  if (lua_isnoneornil(L, arg))
    return 0;
  luaL_checktype(L, arg, LUA_TTABLE);
  lchiso_check_options(L, arg, opts);
  return arg;
}

/*
 * ds:mutate(name, value [, {replace}]) or ds:mutate({name = value, ...}
 * [, {replace}]): new names are added in name order, and a function in the
 * table sees the columns made before it. A name that is already a column is
 * an error unless replace is true.
 */
static int lds_mutate(lua_State *L)
{
  lchiso_check_dataset(L, 1);
  if (!lua_istable(L, 2) || lchiso_test_column(L, 2) != NULL) {
    const char *name = luaL_checkstring(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 4);
    int replace = lchiso_opt_replace(L, mutate_opts(L, 4));
    lchiso_check_new_name(L, 2, lchiso_check_dataset(L, 1), name, replace);
    lua_settop(L, 3);
    mutate_one(L, 1, name, 3);
    return 1;
  }
  lua_settop(L, 3);
  int replace = lchiso_opt_replace(L, mutate_opts(L, 3));
  lua_settop(L, 2);
  lchiso_sorted_keys(L, 2, "mutate's table must map names to values");
  const dataset *d = lchiso_check_dataset(L, 1); /* the keys' metamethods may have run Lua */
  for (lua_Integer k = 1; k <= (lua_Integer)lua_rawlen(L, 3); k++) {
    lua_rawgeti(L, 3, k);
    lchiso_check_new_name(L, 2, d, lua_tostring(L, -1), replace);
    lua_pop(L, 1);
  }
  lua_pushvalue(L, 1);
  int current = lua_gettop(L);
  for (lua_Integer k = 1; k <= (lua_Integer)lua_rawlen(L, 3); k++) {
    lua_rawgeti(L, 3, k);
    const char *name = lua_tostring(L, -1);
    lua_pushvalue(L, -1);
    lua_gettable(L, 2);
    mutate_one(L, current, name, -1);
    lua_replace(L, current);
    lua_settop(L, current);
  }
  return 1;
}

/* sort */

static const char *const collations[] = {"bytes", "vi", NULL};

/* One sort key from the argument at arg: "name" or {"name", desc = true, collate = "vi"}. */
static sortkey sort_key(lua_State *L, const dataset *d, int arg, collation dflt)
{
  sortkey key = {NULL, 0, dflt};
  size_t len;
  if (lua_istable(L, arg)) {
    if (lua_rawgeti(L, arg, 1) != LUA_TSTRING)
      luaL_argerror(L, arg, "a sort key is a column name or {name, desc = true}");
    const char *name = lua_tolstring(L, -1, &len);
    key.col = d->cols[lchiso_find_column(L, d, name, len, arg, NULL)];
    lua_getfield(L, arg, "desc");
    key.desc = lua_toboolean(L, -1);
    key.coll = (collation)lchiso_opt_choice(L, arg, "collate", collations, (int)dflt);
    lua_pop(L, 2);
  } else {
    const char *name = luaL_checklstring(L, arg, &len);
    key.col = d->cols[lchiso_find_column(L, d, name, len, arg, NULL)];
  }
  return key;
}

/* ds:sort(key, ...[, {collate = "vi"}]) */
static int lds_sort(lua_State *L)
{
  int last = lua_gettop(L);
  dataset *d = lchiso_hold_dataset(L, 1);
  collation dflt = COLLATE_BYTES;
  if (last >= 2 && lua_istable(L, last) && lua_rawlen(L, last) == 0) {
    static const char *const options[] = {"collate", NULL};
    lchiso_check_options(L, last, options);
    dflt = (collation)lchiso_opt_choice(L, last, "collate", collations, COLLATE_BYTES);
    last--;
  }
  luaL_argcheck(L, last >= 2, 2, "sort needs at least one column");
  size_t nkeys = (size_t)(last - 1);
  sortkey *keys = lua_newuserdatauv(L, nkeys * sizeof *keys, 0);
  for (size_t k = 0; k < nkeys; k++)
    keys[k] = sort_key(L, d, (int)k + 2, dflt);
  size_t *rows = lua_newuserdatauv(L, (d->nrow ? d->nrow : 1) * sizeof *rows, 0);
  cherr e;
  if (order_rows(keys, nkeys, NULL, d->nrow, rows, &e) != 0)
    return lchiso_raise(L, &e);
  push_rows(L, d, rows, d->nrow);
  return 1;
}

/* slice */

/* ds:slice(i [, j]): rows i to j, counted as string.sub counts (negative from the end). */
static int lds_slice_rows(lua_State *L)
{
  lua_settop(L, 3);
  dataset *d = lchiso_hold_dataset(L, 1);
  lua_Integer n = (lua_Integer)d->nrow;
  lua_Integer i = luaL_optinteger(L, 2, 1), j = luaL_optinteger(L, 3, -1);
  if (i < 0)
    i = n + i + 1;
  if (j < 0)
    j = n + j + 1;
  if (i < 1)
    i = 1;
  if (j > n)
    j = n;
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  size_t from = (size_t)(i - 1), count = i > j ? 0 : (size_t)(j - i + 1);
  lchiso_set_dataset(L, box, ds_slice(d, from, count, &e), &e);
  return 1;
}

static const luaL_Reg dataset_methods[] = {
  {"where", lds_where},   {"select", lds_select}, {"drop", lds_drop},         {"rename", lds_rename},
  {"mutate", lds_mutate}, {"sort", lds_sort},     {"slice", lds_slice_rows}, {NULL, NULL},
};

int luaopen_chiso_rel(lua_State *L)
{
  lua_newtable(L);
  luaL_newlib(L, dataset_methods);
  lua_setfield(L, -2, "dataset_methods");
  return 1;
}
