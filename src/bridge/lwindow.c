/*
 * lwindow.c - the Lua face of ranking and change over time: ds:rank,
 * ds:lag, ds:lead, ds:diff, ds:pct_change and ds:top. None replaces a
 * column unless given replace = true.
 *
 * Each method checks its arguments, asks the core (rank.c, window.c) for a
 * column or for rows, and returns a new dataset. The arrays the core is
 * handed are userdata made before it runs, so no Lua error can strand what
 * it returns.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "mem.h"
#include "rank.h"
#include "text.h"
#include "window.h"

/* The key columns of option 'by' and their names, in userdata left on the stack. */
typedef struct keyset {
  const column **cols;
  const char **names;
  size_t n;
} keyset;

/* Core failures: memory and interruption as they are, others prefixed with the method. */
static int raise_core(lua_State *L, const char *method, const cherr *e)
{
  if (e->code == ERR_NOMEM || e->code == ERR_HALT)
    return lchiso_raise(L, e);
  return luaL_error(L, "ds:%s: %s", method, e->msg);
}

/* Makes the options at arg a table (an empty one when absent) and checks its keys. */
static void check_opts(lua_State *L, int arg, const char *const names[])
{
  if (lua_isnil(L, arg)) {
    lua_newtable(L);
    lua_replace(L, arg);
  }
  luaL_checktype(L, arg, LUA_TTABLE);
  lchiso_check_options(L, arg, names);
}

static int check_bool(lua_State *L, int arg, const char *key, int dflt)
{
  int t = lua_getfield(L, arg, key);
  if (t != LUA_TNIL && t != LUA_TBOOLEAN)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a boolean, not %s", key,
                                          luaL_typename(L, -1)));
  int v = t == LUA_TNIL ? dflt : lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* Option 'name', else base, or base_suffix when suffix is given; the string stays on the stack. */
static const char *check_name(lua_State *L, int arg, const char *base, const char *suffix)
{
  int t = lua_getfield(L, arg, "name");
  if (t == LUA_TNIL) {
    lua_pop(L, 1);
    return suffix ? lua_pushfstring(L, "%s_%s", base, suffix) : lua_pushstring(L, base);
  }
  if (t != LUA_TSTRING)
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'name' must be a string, not %s",
                                          luaL_typename(L, -1)));
  size_t len;
  const char *name = lua_tolstring(L, -1, &len);
  if (len == 0 || memchr(name, '\0', len) != NULL || utf8_check(name, len) < len)
    luaL_argerror(L, arg, "option 'name' must be UTF-8 text, not empty, without NUL bytes");
  return name;
}

static keyset check_by(lua_State *L, const dataset *d, int arg)
{
  keyset ks = {NULL, NULL, 0};
  lua_getfield(L, arg, "by");
  size_t *idx = NULL;
  if (!lua_isnil(L, -1))
    idx = lchiso_columns(L, -1, d, arg, "option 'by'", 1, &ks.n);
  ks.cols = lua_newuserdatauv(L, (ks.n + 1) * sizeof *ks.cols, 0);
  ks.names = lua_newuserdatauv(L, (ks.n + 1) * sizeof *ks.names, 0);
  for (size_t k = 0; k < ks.n; k++) {
    ks.cols[k] = d->cols[idx[k]];
    ks.names[k] = d->names[idx[k]];
  }
  return ks;
}

/* The index of the time column: option 'time', else "year" when there is one. */
static size_t time_index(lua_State *L, const dataset *d, int arg)
{
  size_t k;
  int t = lua_getfield(L, arg, "time");
  if (t == LUA_TNIL) {
    long year = ds_find(d, "year", 4);
    if (year < 0)
      luaL_argerror(L, arg, "option 'time' is required: the dataset has no column 'year'");
    k = (size_t)year;
  } else if (t != LUA_TSTRING) {
    return (size_t)luaL_argerror(
      L, arg, lua_pushfstring(L, "option 'time' must be a column name, not %s", luaL_typename(L, -1)));
  } else {
    size_t len;
    const char *name = lua_tolstring(L, -1, &len);
    k = lchiso_find_column(L, d, name, len, arg, "option 'time'");
  }
  lua_pop(L, 1);
  return k;
}

static void check_time(lua_State *L, const dataset *d, int arg, const keyset *ks, window_spec *s)
{
  size_t k = time_index(L, d, arg);
  if (d->cols[k]->type != COL_INT)
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'time': column '%s' is %s; the time must be "
                                             "an int column", d->names[k],
                                          col_typename(d->cols[k]->type)));
  for (size_t j = 0; j < ks->n; j++)
    if (strcmp(ks->names[j], d->names[k]) == 0)
      luaL_argerror(L, arg, lua_pushfstring(L, "option 'time': column '%s' is also a key in "
                                               "option 'by'", d->names[k]));
  s->time = d->cols[k];
  s->time_name = d->names[k];
}

static int64_t check_step(lua_State *L, int arg)
{
  if (lua_getfield(L, arg, "step") == LUA_TNIL) {
    lua_pop(L, 1);
    return 1;
  }
  int exact = 0;
  lua_Integer step = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &exact) : 0;
  if (!exact || step < 1)
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'step' must be a positive integer, not %s",
                                          luaL_tolstring(L, -1, NULL)));
  lua_pop(L, 1);
  return (int64_t)step;
}

/*
 * Fills box with d plus col under name: in place of d's column of that name
 * when there is one, else last. Takes over the reference to col; col NULL
 * raises e.
 */
static void set_with_column(lua_State *L, lchiso_dsbox *box, const dataset *d, const char *name,
                            column *col, const char *method, cherr *e)
{
  if (col == NULL)
    raise_core(L, method, e);
  dataset *out = ds_with_column(d, name, col, e);
  col_unref(col);
  lchiso_set_dataset(L, box, out, e);
}

/* ds:rank(col [, {by, desc, ties, pct, na, name, replace}]) */
static int l_rank(lua_State *L)
{
  static const char *const opts[] = {"by", "desc", "ties", "pct", "na", "name", "replace", NULL};
  lua_settop(L, 3); /* the hold goes above the arguments */
  dataset *d = lchiso_hold_dataset(L, 1);
  size_t k = lchiso_check_colname(L, d, 2);
  check_opts(L, 3, opts);
  rank_opts o;
  o.ties = (rank_ties)lchiso_opt_choice(L, 3, "ties", rank_ties_names, RANK_MIN);
  o.na = (rank_na)lchiso_opt_choice(L, 3, "na", rank_na_names, RANK_NA_KEEP);
  o.desc = check_bool(L, 3, "desc", 0);
  o.pct = check_bool(L, 3, "pct", 0);
  const char *name = check_name(L, 3, "rank", NULL);
  lchiso_check_new_name(L, 3, d, name, lchiso_opt_replace(L, 3));
  keyset ks = check_by(L, d, 3);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  column *r = rank_column(d->cols[k], ks.cols, ks.n, &o, &e);
  set_with_column(L, box, d, name, r, "rank", &e);
  return 1;
}

/* ds:lag, ds:lead, ds:diff, ds:pct_change (col [, {by, time, step, name, replace}]) */
static int shift(lua_State *L, window_op op)
{
  static const char *const opts[] = {"by", "time", "step", "name", "replace", NULL};
  lua_settop(L, 3);
  dataset *d = lchiso_hold_dataset(L, 1);
  size_t k = lchiso_check_colname(L, d, 2);
  if (!window_accepts(op, d->cols[k]->type))
    luaL_argerror(L, 2, lua_pushfstring(L, "column '%s' is %s; %s needs an int or float column",
                                        d->names[k], col_typename(d->cols[k]->type),
                                        window_op_names[op]));
  check_opts(L, 3, opts);
  window_spec s;
  keyset ks = check_by(L, d, 3);
  s.keys = ks.cols;
  s.key_names = ks.names;
  s.nkeys = ks.n;
  check_time(L, d, 3, &ks, &s);
  s.step = check_step(L, 3);
  const char *name = check_name(L, 3, d->names[k], window_op_names[op]);
  lchiso_check_new_name(L, 3, d, name, lchiso_opt_replace(L, 3));
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  column *c = window_column(d->cols[k], &s, op, &e);
  set_with_column(L, box, d, name, c, window_op_names[op], &e);
  return 1;
}

static int l_lag(lua_State *L) { return shift(L, WINDOW_LAG); }
static int l_lead(lua_State *L) { return shift(L, WINDOW_LEAD); }
static int l_diff(lua_State *L) { return shift(L, WINDOW_DIFF); }
static int l_pct_change(lua_State *L) { return shift(L, WINDOW_PCT_CHANGE); }

/* ds:top(n, col [, {by, desc, ties}]) */
static int l_top(lua_State *L)
{
  static const char *const opts[] = {"by", "desc", "ties", NULL};
  static const char *const ties[] = {"all", "first", NULL};
  lua_settop(L, 4);
  dataset *d = lchiso_hold_dataset(L, 1);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_argcheck(L, n >= 0, 2, "the number of rows must not be negative");
  size_t k = lchiso_check_colname(L, d, 3);
  check_opts(L, 4, opts);
  int desc = check_bool(L, 4, "desc", 1);
  int keep_ties = lchiso_opt_choice(L, 4, "ties", ties, 0) == 0;
  keyset ks = check_by(L, d, 4);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  size_t count;
  size_t *rows = rank_top(d->cols[k], ks.cols, ks.n, (size_t)n, desc, keep_ties, &count, &e);
  if (rows == NULL)
    raise_core(L, "top", &e);
  dataset *out = ds_take(d, rows, count, &e);
  mem_free(rows);
  lchiso_set_dataset(L, box, out, &e);
  return 1;
}

static const luaL_Reg dataset_methods[] = {
  {"rank", l_rank}, {"lag", l_lag},   {"lead", l_lead}, {"diff", l_diff},
  {"pct_change", l_pct_change},       {"top", l_top},   {NULL, NULL},
};

int luaopen_chiso_window(lua_State *L)
{
  lua_newtable(L);
  luaL_newlib(L, dataset_methods);
  lua_setfield(L, -2, "dataset_methods");
  return 1;
}
