/*
 * lbuild.c - chiso.dataset{...}: a dataset from Lua tables.
 *
 * Two forms: {name = values, ...} (columns in name order, since a Lua table
 * has none) and { {"name", values}, ... } (columns in the order given).
 * values is a Lua array, or a column taken from another dataset, which is
 * shared rather than copied. Each column's type follows its values: integers
 * give int, any float among numbers gives float, strings string, booleans
 * bool; chiso.null marks a missing value. Any other mix is an error that
 * names the column.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "halt.h"
#include "lchiso.h"
#include "mem.h"
#include "sort.h"
#include "text.h"

/* A column being built, kept in a userdata so an error mid-way frees it. */
typedef struct pending {
  size_t n;
  column **cols;
  const char **names;
} pending;

static int pending_gc(lua_State *L)
{
  pending *p = lua_touserdata(L, 1);
  for (size_t k = 0; k < p->n; k++)
    col_unref(p->cols[k]);
  mem_free(p->cols);
  mem_free(p->names);
  p->cols = NULL;
  p->names = NULL;
  p->n = 0;
  return 0;
}

static pending *new_pending(lua_State *L, size_t n)
{
  pending *p = lua_newuserdatauv(L, sizeof *p, 0);
  p->n = 0;
  p->cols = NULL;
  p->names = NULL;
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, pending_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  p->cols = mem_calloc(n ? n : 1, sizeof *p->cols);
  p->names = mem_calloc(n ? n : 1, sizeof *p->names);
  if (p->cols == NULL || p->names == NULL)
    luaL_error(L, "not enough memory");
  return p;
}

enum { SEEN_INT = 1, SEEN_FLOAT = 2, SEEN_STR = 4, SEEN_BOOL = 8 };

static const char *seen_name(int seen)
{
  switch (seen) {
  case SEEN_INT: return "integer";
  case SEEN_FLOAT: return "float";
  case SEEN_STR: return "string";
  default: return "boolean";
  }
}

/* What kind of value t[i] is (0 for null); raises on anything else. */
static int kind_of(lua_State *L, const char *name, lua_Integer i)
{
  switch (lua_type(L, -1)) {
  case LUA_TNUMBER: return lua_isinteger(L, -1) ? SEEN_INT : SEEN_FLOAT;
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (utf8_check(s, len) < len)
      return luaL_error(L, "bad argument #1 to 'dataset' (column '%s' row %I is not valid UTF-8)",
                        name, i);
    return SEEN_STR;
  }
  case LUA_TBOOLEAN: return SEEN_BOOL;
  case LUA_TNIL: return 0;
  default:
    if (lchiso_is_null(L, -1))
      return 0;
    return luaL_error(L, "bad argument #1 to 'dataset' (column '%s' row %I holds a %s; "
                         "values must be numbers, strings, booleans or chiso.null)",
                      name, i, luaL_typename(L, -1));
  }
}

/* The column type the array at idx needs; raises when its values mix kinds. */
/*
 * The work of the value on top, for halt_after: long strings are checked
 * and hashed byte by byte, so 60,000 of 2 KB take as long as millions of
 * numbers.
 */
static size_t work_of(lua_State *L)
{
  return 1 + (lua_type(L, -1) == LUA_TSTRING ? lua_rawlen(L, -1) / 32 : 0);
}

static coltype infer(lua_State *L, int idx, const char *name, size_t n, size_t *done)
{
  int seen = 0;
  lua_Integer first[16] = {0};
  for (size_t i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i);
    int why = halt_after(done, work_of(L));
    if (why != HALT_NONE) {
      cherr e;
      err_halt(&e, why);
      lchiso_raise(L, &e);
    }
    int kind = kind_of(L, name, (lua_Integer)i);
    lua_pop(L, 1);
    if (kind != 0 && first[kind] == 0)
      first[kind] = (lua_Integer)i;
    seen |= kind;
  }
  if (seen == (SEEN_INT | SEEN_FLOAT) || seen == SEEN_FLOAT)
    return COL_FLOAT;
  if (seen == SEEN_INT)
    return COL_INT;
  if (seen == SEEN_BOOL)
    return COL_BOOL;
  if (seen == SEEN_STR || seen == 0)
    return COL_STR;
  /* Name the two kinds that clash, each with the row where it first appears. */
  static const int kinds[] = {SEEN_INT, SEEN_FLOAT, SEEN_STR, SEEN_BOOL};
  int a = 0, b = 0;
  for (int k = 0; k < 4; k++)
    if ((seen & kinds[k]) && (a == 0 || first[kinds[k]] < first[a]))
      a = kinds[k];
  int numeric = SEEN_INT | SEEN_FLOAT;
  for (int k = 0; k < 4; k++) {
    int kind = kinds[k];
    int clashes = kind != a && !((kind & numeric) && (a & numeric));
    if ((seen & kind) && clashes && (b == 0 || first[kind] < first[b]))
      b = kind;
  }
  luaL_error(L, "bad argument #1 to 'dataset' (column '%s' mixes %s values (row %I) and %s values "
                "(row %I); a column holds one type)",
             name, seen_name(a), first[a], seen_name(b), first[b]);
  return COL_STR;
}

static int push_value(lua_State *L, colbuild *b, coltype t, cherr *e)
{
  if (lua_isnil(L, -1) || lchiso_is_null(L, -1))
    return colbuild_null(b, e);
  switch (t) {
  case COL_INT: return colbuild_int(b, (int64_t)lua_tointeger(L, -1), e);
  case COL_FLOAT: return colbuild_float(b, (double)lua_tonumber(L, -1), e);
  case COL_BOOL: return colbuild_bool(b, lua_toboolean(L, -1), e);
  case COL_STR: break;
  }
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  return colbuild_str(b, s, len, e);
}

/* The string at idx as a column name: UTF-8 without NUL bytes, or an error. */
static const char *check_name(lua_State *L, int idx)
{
  size_t len;
  const char *name = lua_tolstring(L, idx, &len);
  if (memchr(name, '\0', len) != NULL || utf8_check(name, len) < len)
    luaL_error(L, "bad argument #1 to 'dataset' (column name '%s' is not UTF-8 text without NUL bytes)",
               name);
  return name;
}

/*
 * A column from the value at idx: a shared column, or a new one from a Lua
 * array. done counts the work since the last look at the deadline, across
 * columns (a dataset can have a million short ones).
 */
static column *make_column(lua_State *L, int idx, const char *name, size_t *done)
{
  int why = halt_after(done, 16);
  if (why != HALT_NONE) {
    cherr e;
    err_halt(&e, why);
    lchiso_raise(L, &e);
  }
  column *shared = lchiso_test_column(L, idx);
  if (shared != NULL)
    return col_ref(shared);
  if (!lua_istable(L, idx))
    luaL_error(L, "bad argument #1 to 'dataset' (column '%s' must be an array or a column, not %s)",
               name, luaL_typename(L, idx));
  size_t n = lua_rawlen(L, idx);
  coltype t = infer(L, idx, name, n, done);
  colbuild b;
  cherr e;
  if (colbuild_init(&b, t, n, &e) != 0)
    lchiso_raise(L, &e);
  for (size_t i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i);
    why = halt_after(done, work_of(L));
    int rc = why != HALT_NONE ? err_halt(&e, why) : push_value(L, &b, t, &e);
    lua_pop(L, 1);
    if (rc != 0) {
      colbuild_discard(&b);
      lchiso_raise(L, &e);
    }
  }
  column *c = colbuild_finish(&b, &e);
  if (c == NULL)
    lchiso_raise(L, &e);
  return c;
}

lchiso_colbox *lchiso_column_from_value(lua_State *L, int idx, const char *name)
{
  idx = lua_absindex(L, idx);
  lchiso_colbox *box = lchiso_new_column(L, name);
  size_t done = 0;
  box->col = make_column(L, idx, name, &done);
  return box;
}

static int is_ordered_form(lua_State *L)
{
  if (lua_rawgeti(L, 1, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  int named = lua_rawgeti(L, -1, 1) == LUA_TSTRING;
  lua_pop(L, 2);
  return named;
}

static int by_name(const void *a, const void *b, const void *ctx)
{
  (void)ctx;
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Raises unless the argument still has the n entries it had (a finalizer run meanwhile can change it). */
static void check_count(lua_State *L, size_t count, size_t n)
{
  if (count != n)
    luaL_error(L, "bad argument #1 to 'dataset' (the table changed while it was read)");
}

/*
 * Fills p from {name = values}; the column names come out sorted. names is
 * a table of ours that holds them (finalizers run meanwhile may change the
 * argument).
 */
static void from_named(lua_State *L, pending *p, size_t n, int names)
{
  size_t k = 0;
  for (lua_pushnil(L); lua_next(L, 1) != 0; lua_pop(L, 1)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "bad argument #1 to 'dataset' (keys must be column names, found %s key)",
                 luaL_typename(L, -2));
    if (k == n)
      check_count(L, n + 1, n);
    p->names[k++] = check_name(L, -2);
    lua_pushvalue(L, -2);
    lua_rawseti(L, names, (lua_Integer)k);
  }
  check_count(L, k, n);
  size_t done = 0;
  cherr e;
  if (sort_stable(p->names, n, sizeof *p->names, by_name, NULL, &e) != 0)
    lchiso_raise(L, &e);
  for (k = 0; k < n; k++) {
    lua_pushstring(L, p->names[k]);
    lua_rawget(L, 1);
    p->cols[k] = make_column(L, lua_gettop(L), p->names[k], &done);
    p->n = k + 1;
    lua_pop(L, 1);
  }
}

/* Fills p from { {"name", values}, ... }; the names are held in the table names, ours. */
static void from_ordered(lua_State *L, pending *p, size_t n, int names)
{
  size_t done = 0;
  for (size_t k = 0; k < n; k++) {
    if (lua_rawgeti(L, 1, (lua_Integer)k + 1) != LUA_TTABLE ||
        lua_rawgeti(L, -1, 1) != LUA_TSTRING)
      luaL_error(L, "bad argument #1 to 'dataset' (entry %I must be {name, values})",
                 (lua_Integer)k + 1);
    p->names[k] = check_name(L, -1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, names, (lua_Integer)k + 1);
    lua_rawgeti(L, -2, 2);
    p->cols[k] = make_column(L, lua_gettop(L), p->names[k], &done);
    p->n = k + 1;
    lua_pop(L, 3);
  }
}

static size_t count_keys(lua_State *L)
{
  size_t n = 0;
  for (lua_pushnil(L); lua_next(L, 1) != 0; lua_pop(L, 1))
    n++;
  return n;
}

int lchiso_dataset_from_tables(lua_State *L)
{
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  int ordered = is_ordered_form(L);
  size_t n = ordered ? lua_rawlen(L, 1) : count_keys(L);
  pending *p = new_pending(L, n);
  lua_newtable(L);
  if (ordered)
    from_ordered(L, p, n, lua_gettop(L));
  else
    from_named(L, p, n, lua_gettop(L));
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  box->ds = ds_make(p->names, p->cols, p->n, 0, &e);
  if (box->ds == NULL)
    return luaL_error(L, "bad argument #1 to 'dataset' (%s)", e.msg);
  return 1;
}
