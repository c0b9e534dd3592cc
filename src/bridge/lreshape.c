/*
 * lreshape.c - the Lua face of joins and reshaping: ds:join, ds:pivot_wider,
 * ds:pivot_longer, ds:distinct and chiso.concat. Checks the arguments and
 * turns them into the specs of join.h and reshape.h; the work is the core's.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "join.h"
#include "lchiso.h"
#include "reshape.h"

/*
 * Raises a "bad argument #arg" error for the first column of cols[0..n)
 * that appears twice there. Counted, not compared pair by pair: a list can
 * name a hundred thousand columns.
 */
static void check_distinct(lua_State *L, const dataset *d, const size_t *cols, size_t n, int arg,
                           const char *what)
{
  unsigned char *count = lua_newuserdatauv(L, d->ncol ? d->ncol : 1, 0);
  memset(count, 0, d->ncol);
  for (size_t a = 0; a < n; a++)
    count[cols[a]] += count[cols[a]] < 2;
  for (size_t a = 0; a < n; a++)
    if (count[cols[a]] > 1)
      luaL_argerror(L, arg, lua_pushfstring(L, "%s names column '%s' twice", what,
                                            d->names[cols[a]]));
  lua_pop(L, 1);
}

/*
 * A string option usable as a column name, or dflt when absent; the string
 * stays on the stack (the options table may change before it is used).
 */
static const char *opt_name(lua_State *L, int arg, const char *key, const char *dflt)
{
  if (lua_getfield(L, arg, key) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushstring(L, dflt);
    return dflt;
  }
  size_t len = 0; /* luaL_argerror does not return, but clang cannot tell */
  const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
  if (s == NULL)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a column name, not %s", key,
                                          luaL_typename(L, -1)));
  if (len == 0 || strlen(s) != len)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a name that is not empty and "
                                          "holds no NUL byte", key));
  return s;
}

/* join */

static const char *const ljoin_options[] = {"on", "how", "suffix", NULL};

/* Option suffix: two strings, by default "" (left) and "_r" (right), left on the stack. */
static void ljoin_suffix(lua_State *L, int arg, const char *suffix[2])
{
  suffix[0] = "";
  suffix[1] = "_r";
  if (lua_getfield(L, arg, "suffix") == LUA_TNIL)
    return;
  int list = lua_gettop(L);
  int ok = lua_istable(L, list) && lua_rawlen(L, list) == 2;
  for (int k = 0; k < 2 && ok; k++) {
    size_t len;
    ok = lua_rawgeti(L, list, k + 1) == LUA_TSTRING; /* stays: the list may change */
    suffix[k] = ok ? lua_tolstring(L, -1, &len) : NULL;
    ok = ok && strlen(suffix[k]) == len;
  }
  if (!ok)
    luaL_argerror(L, arg, "option 'suffix' must be a list of two strings, such as {\"\", \"_r\"}");
}

/* Pushes a list of the names l and r share, in l's order. */
static void push_shared_names(lua_State *L, const dataset *l, const dataset *r)
{
  lua_newtable(L);
  lua_Integer n = 0;
  for (size_t k = 0; k < l->ncol; k++)
    if (ds_find(r, l->names[k], strlen(l->names[k])) >= 0) {
      lua_pushstring(L, l->names[k]);
      lua_rawseti(L, -2, ++n);
    }
  if (n == 0)
    luaL_argerror(L, 2, "the datasets have no column name in common; name the keys with option "
                        "'on'");
}

/* The keys of option on (default: the names both datasets have), found in both. */
static void ljoin_keys(lua_State *L, int arg, const dataset *l, const dataset *r, join_spec *s)
{
  if (lua_getfield(L, arg, "on") == LUA_TNIL) {
    lua_pop(L, 1);
    push_shared_names(L, l, r);
  }
  int on = lua_gettop(L);
  size_t n;
  s->lkeys = lchiso_columns(L, on, l, arg, "option 'on'", 0, &n);
  s->rkeys = lchiso_columns(L, on, r, arg, "option 'on' in the right dataset", 0, &s->nkeys);
  check_distinct(L, l, s->lkeys, n, arg, "option 'on'");
}

/* ds:join(other [, {on = names, how = kind, suffix = {left, right}}]) */
static int l_join(lua_State *L)
{
  lchiso_check_dataset(L, 1);
  lchiso_check_dataset(L, 2);
  if (lua_isnoneornil(L, 3)) {
    lua_settop(L, 2);
    lua_newtable(L);
  }
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  dataset *l = lchiso_hold_dataset(L, 1), *r = lchiso_hold_dataset(L, 2);
  lchiso_check_options(L, 3, ljoin_options);
  join_spec s;
  s.how = (join_how)lchiso_opt_choice(L, 3, "how", join_how_names, JOIN_INNER);
  ljoin_suffix(L, 3, s.suffix);
  ljoin_keys(L, 3, l, r, &s);
  cherr e;
  if (join_check(l, r, &s, &e) != 0)
    luaL_argerror(L, 2, e.msg);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  dataset *out = join_run(l, r, &s, &e);
  if (out == NULL && e.code == ERR_ARG)
    luaL_argerror(L, 3, e.msg);
  lchiso_set_dataset(L, box, out, &e);
  return 1;
}

/* pivot_wider */

static const char *const wider_options[] = {"id", "names", "values", NULL};

/* The column named by option key (dflt when absent). */
static size_t opt_column(lua_State *L, const dataset *d, const char *key, const char *dflt)
{
  const char *name = opt_name(L, 2, key, dflt);
  lua_pushfstring(L, "option '%s'", key);
  size_t k = lchiso_find_column(L, d, name, strlen(name), 2, lua_tostring(L, -1));
  lua_pop(L, 1);
  return k;
}

/* Option id: the columns named, or every column but the names and values columns. */
static void wider_ids(lua_State *L, const dataset *d, wider_spec *s)
{
  if (lua_getfield(L, 2, "id") != LUA_TNIL) {
    s->ids = lchiso_columns(L, -1, d, 2, "option 'id'", 1, &s->nids);
    check_distinct(L, d, s->ids, s->nids, 2, "option 'id'");
    for (size_t k = 0; k < s->nids; k++)
      if (s->ids[k] == s->names || s->ids[k] == s->values)
        luaL_argerror(L, 2, lua_pushfstring(L, "option 'id' includes '%s', the %s column",
                                            d->names[s->ids[k]],
                                            s->ids[k] == s->names ? "names" : "values"));
    return;
  }
  size_t *ids = lua_newuserdatauv(L, (d->ncol ? d->ncol : 1) * sizeof *ids, 0);
  s->nids = 0;
  for (size_t k = 0; k < d->ncol; k++)
    if (k != s->names && k != s->values)
      ids[s->nids++] = k;
  s->ids = ids;
}

/* ds:pivot_wider{id = names, names = column, values = column} */
static int l_pivot_wider(lua_State *L)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lchiso_check_options(L, 2, wider_options);
  wider_spec s;
  s.names = opt_column(L, d, "names", "name");
  s.values = opt_column(L, d, "values", "value");
  if (s.names == s.values)
    luaL_argerror(L, 2, lua_pushfstring(L, "options 'names' and 'values' both name column '%s'",
                                        d->names[s.names]));
  wider_ids(L, d, &s);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  dataset *out = reshape_wider(d, &s, &e);
  if (out == NULL && e.code == ERR_ARG)
    luaL_argerror(L, 2, e.msg);
  lchiso_set_dataset(L, box, out, &e);
  return 1;
}

/* pivot_longer */

static const char *const longer_options[] = {"cols", "names_to", "values_to", "drop_nulls", NULL};

/* ds:pivot_longer{cols = names, names_to = name, values_to = name, drop_nulls = bool} */
static int l_pivot_longer(lua_State *L)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lchiso_check_options(L, 2, longer_options);
  longer_spec s;
  s.names_to = opt_name(L, 2, "names_to", "name");
  s.values_to = opt_name(L, 2, "values_to", "value");
  int t = lua_getfield(L, 2, "drop_nulls");
  luaL_argcheck(L, t == LUA_TNIL || t == LUA_TBOOLEAN, 2, "option 'drop_nulls' must be a boolean");
  s.drop_nulls = lua_toboolean(L, -1);
  if (lua_getfield(L, 2, "cols") == LUA_TNIL)
    luaL_argerror(L, 2, "option 'cols' (the columns to stack) is required");
  s.cols = lchiso_columns(L, -1, d, 2, "option 'cols'", 0, &s.ncols);
  check_distinct(L, d, s.cols, s.ncols, 2, "option 'cols'");
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  dataset *out = reshape_longer(d, &s, &e);
  if (out == NULL && e.code == ERR_ARG)
    luaL_argerror(L, 2, e.msg);
  lchiso_set_dataset(L, box, out, &e);
  return 1;
}

/* distinct */

/* Checks the non-list keys of the table at arg (only keep_all); returns keep_all's value. */
static int distinct_options(lua_State *L, int arg, int keep_all)
{
  size_t len = lua_rawlen(L, arg);
  lua_pushnil(L);
  while (lua_next(L, arg) != 0) {
    int listed = lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1 &&
                 (size_t)lua_tointeger(L, -2) <= len;
    if (!listed) {
      if (lua_type(L, -2) != LUA_TSTRING || strcmp(lua_tostring(L, -2), "keep_all") != 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'; the options are keep_all",
                                              luaL_tolstring(L, -2, NULL)));
      luaL_argcheck(L, lua_isboolean(L, -1), arg, "option 'keep_all' must be a boolean");
      keep_all = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
  }
  return keep_all;
}

/* The columns named by arguments 2..top (names or lists of names) in one array. */
static size_t *distinct_columns(lua_State *L, const dataset *d, int top, size_t *n)
{
  size_t count = 0;
  for (int a = 2; a <= top; a++) {
    if (lua_type(L, a) != LUA_TSTRING && !lua_istable(L, a))
      luaL_typeerror(L, a, "column name or table");
    count += lua_istable(L, a) ? lua_rawlen(L, a) : 1;
  }
  size_t *cols = lua_newuserdatauv(L, (count ? count : 1) * sizeof *cols, 0);
  *n = 0;
  for (int a = 2; a <= top; a++) {
    size_t m, len;
    if (!lua_istable(L, a)) {
      const char *name = lua_tolstring(L, a, &len);
      cols[(*n)++] = lchiso_find_column(L, d, name, len, a, NULL);
      continue;
    }
    size_t *part = lchiso_columns(L, a, d, a, "column list", 1, &m);
    memcpy(cols + *n, part, m * sizeof *cols);
    *n += m;
    lua_pop(L, 1);
  }
  return cols;
}

/* ds:distinct([names...] [, {keep_all = bool}]) */
static int l_distinct(lua_State *L)
{
  int top = lua_gettop(L), keep_all = 0;
  dataset *d = lchiso_hold_dataset(L, 1);
  for (int a = 2; a <= top; a++)
    if (lua_istable(L, a))
      keep_all = distinct_options(L, a, keep_all);
  size_t n;
  size_t *cols = distinct_columns(L, d, top, &n);
  check_distinct(L, d, cols, n, 2, "the argument list");
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  lchiso_set_dataset(L, box, reshape_distinct(d, cols, n, keep_all, &e), &e);
  return 1;
}

/* concat */

/* The datasets to stack, put in a hold: the arguments, or the entries of a single list. */
static const dataset **concat_parts(lua_State *L, int list, size_t n)
{
  if (n > ((size_t)-1) / sizeof(dataset *))
    luaL_error(L, "not enough memory");
  const dataset **parts = lua_newuserdatauv(L, n * sizeof *parts, 0);
  lchiso_hold *h = lchiso_new_hold(L, n);
  for (size_t p = 0; p < n; p++) {
    if (!list) {
      parts[p] = lchiso_hold_ds(h, lchiso_check_dataset(L, (int)p + 1));
      continue;
    }
    lua_rawgeti(L, 1, (lua_Integer)p + 1);
    lchiso_dsbox *box = luaL_testudata(L, -1, LCHISO_DATASET);
    if (box == NULL || box->ds == NULL)
      luaL_argerror(L, 1, lua_pushfstring(L, "entry %I of the list is %s", (lua_Integer)p + 1,
                                          box ? "a dataset that has been closed" : "not a dataset"));
    parts[p] = lchiso_hold_ds(h, box->ds); /* Lua code may change the list, or close the box */
    lua_pop(L, 1);
  }
  return parts;
}

/* chiso.concat(a, b, ...) or chiso.concat{a, b, ...} */
static int l_concat(lua_State *L)
{
  int list = lua_gettop(L) == 1 && lua_type(L, 1) == LUA_TTABLE;
  size_t n = list ? lua_rawlen(L, 1) : (size_t)lua_gettop(L);
  luaL_argcheck(L, n > 0, 1, "at least one dataset is needed");
  const dataset **parts = concat_parts(L, list, n);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  size_t culprit = 0;
  dataset *out = reshape_concat(parts, n, &culprit, &e);
  if (out == NULL && e.code == ERR_ARG)
    luaL_argerror(L, list ? 1 : (int)culprit + 1, e.msg);
  lchiso_set_dataset(L, box, out, &e);
  return 1;
}

static const luaL_Reg dataset_methods[] = {
  {"join", l_join},
  {"pivot_wider", l_pivot_wider},
  {"pivot_longer", l_pivot_longer},
  {"distinct", l_distinct},
  {NULL, NULL},
};

int luaopen_chiso_reshape(lua_State *L)
{
  lua_newtable(L);
  luaL_newlib(L, dataset_methods);
  lua_setfield(L, -2, "dataset_methods");
  lua_pushcfunction(L, l_concat);
  lua_setfield(L, -2, "concat");
  return 1;
}
