/*
 * lstats.c - chiso.stats (cor, lm, quantile, describe) and ds:cor: reads
 * columns and Lua arrays into doubles, checks arguments and options, and
 * turns the results of stats.c into Lua tables and datasets.
 *
 * A variable is a column (int, float or bool) or a Lua array of numbers up
 * to its length (#), with chiso.null (or a nil hole) for a missing value.
 * Buffers live in userdata, so an error raised midway leaks nothing.
 */
#include <math.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "stats.h"

/* Variables */

/*
 * The number of values of the variable at arg, called name in messages;
 * raises if it is not one. A column is put in h and returned in *c.
 */
static size_t variable_length(lua_State *L, int arg, const char *name, lchiso_hold *h, column **cp)
{
  *cp = NULL;
  if (luaL_testudata(L, arg, LCHISO_COLUMN) != NULL) {
    column *c = *cp = lchiso_hold_col(h, lchiso_check_column(L, arg));
    if (!stats_accepts(c->type)) {
      lua_getiuservalue(L, arg, 1);
      luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must hold numbers, but column '%s' is %s",
                                            name, lua_tostring(L, -1), col_typename(c->type)));
    }
    return c->len;
  }
  if (!lua_istable(L, arg))
    luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be a column or an array of numbers, not %s",
                                          name, luaL_typename(L, arg)));
  return (size_t)lua_rawlen(L, arg);
}

/*
 * Reads the n values of the variable at arg (the column c, or a Lua array
 * when c is NULL) into x, NaN where one is missing. Nothing here runs Lua
 * code, so the array is read as it is.
 */
static void read_variable(lua_State *L, int arg, const column *c, const char *name, double *x,
                          size_t n)
{
  for (size_t i = 0; i < n; i++) {
    lchiso_check_halt(L, i + 1);
    if (c != NULL) {
      x[i] = stats_value(c, i);
      continue;
    }
    int t = lua_rawgeti(L, arg, (lua_Integer)i + 1);
    if (t == LUA_TNUMBER)
      x[i] = (double)lua_tonumber(L, -1);
    else if (t == LUA_TNIL || lchiso_is_null(L, -1))
      x[i] = NAN;
    else
      luaL_argerror(L, arg, lua_pushfstring(L, "'%s' entry %I is a %s, not a number or chiso.null",
                                            name, (lua_Integer)i + 1, luaL_typename(L, -1)));
    lua_pop(L, 1);
  }
}

/* A buffer of n doubles owned by a userdata left on the stack. */
static double *new_buffer(lua_State *L, size_t n)
{
  if (n > ((size_t)-1) / sizeof(double) - 1)
    luaL_error(L, "not enough memory");
  return lua_newuserdatauv(L, (n ? n : 1) * sizeof(double), 0);
}

/*
 * The variables at arg_a (called a) and arg_b (called b), read into one
 * buffer: the first at buf, the second at buf + *n; both must have the
 * same number of values.
 */
static double *read_pair(lua_State *L, int arg_a, const char *a, int arg_b, const char *b,
                         size_t *n)
{
  lchiso_hold *h = lchiso_new_hold(L, 2);
  column *ca, *cb;
  size_t na = variable_length(L, arg_a, a, h, &ca), nb = variable_length(L, arg_b, b, h, &cb);
  if (na != nb)
    luaL_argerror(L, arg_b, lua_pushfstring(L, "'%s' has %I values but '%s' has %I", b,
                                            (lua_Integer)nb, a, (lua_Integer)na));
  double *buf = new_buffer(L, 2 * na);
  read_variable(L, arg_a, ca, a, buf, na);
  read_variable(L, arg_b, cb, b, buf + na, na);
  *n = na;
  return buf;
}

/* Sets field key of the table on top to v, leaving it nil when v is NaN. */
static void set_number(lua_State *L, const char *key, double v)
{
  if (isnan(v))
    return;
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

/* chiso.stats.cor */

static const char *const cor_options[] = {"method", NULL};

static void push_cor(lua_State *L, const stats_cor *c, stats_method m)
{
  lua_createtable(L, 0, 7);
  set_number(L, "r", c->r);
  set_number(L, "p", c->p);
  lua_pushinteger(L, (lua_Integer)c->n);
  lua_setfield(L, -2, "n");
  set_number(L, "ci_low", c->ci_low);
  set_number(L, "ci_high", c->ci_high);
  lua_pushstring(L, stats_method_names[m]);
  lua_setfield(L, -2, "method");
  lua_pushboolean(L, c->ties);
  lua_setfield(L, -2, "ties");
}

/* chiso.stats.cor(x, y [, {method = ...}]): r, p, n, ci_low, ci_high, method, ties. */
static int l_cor(lua_State *L)
{
  lua_settop(L, 3); /* holds go above the arguments */
  stats_method m = STATS_PEARSON;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    lchiso_check_options(L, 3, cor_options);
    m = (stats_method)lchiso_opt_choice(L, 3, "method", stats_method_names, STATS_PEARSON);
  }
  size_t n;
  double *buf = read_pair(L, 1, "x", 2, "y", &n);
  size_t used = stats_complete(buf, buf + n, n);
  stats_cor c;
  cherr e;
  if (stats_correlate(buf, buf + n, used, m, &c, &e) != 0)
    return lchiso_raise(L, &e);
  push_cor(L, &c, m);
  return 1;
}

/* chiso.stats.lm(y, x): slope, intercept, se_slope, se_intercept, sigma, r2, p, n. */
static int l_lm(lua_State *L)
{
  lua_settop(L, 2);
  size_t n;
  double *buf = read_pair(L, 1, "y", 2, "x", &n);
  size_t used = stats_complete(buf + n, buf, n);
  stats_lm fit;
  stats_linear(buf + n, buf, used, &fit);
  lua_createtable(L, 0, 8);
  set_number(L, "slope", fit.slope);
  set_number(L, "intercept", fit.intercept);
  set_number(L, "se_slope", fit.se_slope);
  set_number(L, "se_intercept", fit.se_intercept);
  set_number(L, "sigma", fit.sigma);
  set_number(L, "r2", fit.r2);
  set_number(L, "p", fit.p);
  lua_pushinteger(L, (lua_Integer)fit.n);
  lua_setfield(L, -2, "n");
  return 1;
}

/* chiso.stats.quantile */

static double check_probability(lua_State *L, int idx, int arg, lua_Integer entry)
{
  int isnum;
  double q = (double)lua_tonumberx(L, idx, &isnum);
  if (!isnum || lua_type(L, idx) != LUA_TNUMBER || !(q >= 0 && q <= 1)) {
    const char *got = luaL_tolstring(L, idx, NULL);
    if (entry > 0)
      luaL_argerror(L, arg, lua_pushfstring(L, "'q' entry %I must be a number from 0 to 1, not %s",
                                            entry, got));
    luaL_argerror(L, arg, lua_pushfstring(L, "'q' must be a number from 0 to 1 or an array of "
                                             "them, not %s", got));
  }
  return q;
}

/* The probabilities at arg (a number, or an array of numbers) into a buffer left on the stack. */
static double *read_probabilities(lua_State *L, int arg, size_t *nq)
{
  int single = lua_type(L, arg) != LUA_TTABLE;
  *nq = single ? 1 : (size_t)lua_rawlen(L, arg);
  double *q = new_buffer(L, *nq);
  if (single)
    q[0] = check_probability(L, arg, arg, 0);
  for (size_t k = 0; !single && k < *nq; k++) {
    lchiso_check_halt(L, k + 1);
    lua_rawgeti(L, arg, (lua_Integer)k + 1);
    q[k] = check_probability(L, -1, arg, (lua_Integer)k + 1);
    lua_pop(L, 1);
  }
  return q;
}

/* chiso.stats.quantile(x, q): a number (nil without values), or an array for an array of q. */
static int l_quantile(lua_State *L)
{
  int has_q = lua_gettop(L) >= 2;
  lua_settop(L, 2); /* the hold goes above the arguments */
  column *c;
  size_t n = variable_length(L, 1, "x", lchiso_new_hold(L, 1), &c), nq;
  if (!has_q)
    luaL_argerror(L, 2, "value expected");
  double *q = read_probabilities(L, 2, &nq);
  double *x = new_buffer(L, n + nq), *out = x + n;
  read_variable(L, 1, c, "x", x, n);
  size_t used = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(x[i]))
      x[used++] = x[i];
  cherr e;
  if (used > 0 && stats_quantiles(x, used, q, nq, out, &e) != 0)
    return lchiso_raise(L, &e);
  int single = lua_type(L, 2) != LUA_TTABLE;
  if (single && used == 0)
    lua_pushnil(L);
  else if (single)
    lua_pushnumber(L, out[0]);
  if (single)
    return 1;
  lua_createtable(L, nq > 0x7FFFFFFF ? 0 : (int)nq, 0);
  for (size_t k = 0; k < nq; k++) {
    lchiso_check_halt(L, k + 1);
    if (used > 0)
      lua_pushnumber(L, out[k]);
    else
      lchiso_push_null(L);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

/* chiso.stats.describe(ds): a dataset of one row per int or float column. */
static int l_describe(lua_State *L)
{
  lua_settop(L, 1);
  dataset *d = lchiso_hold_dataset(L, 1);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  lchiso_set_dataset(L, box, stats_describe(d, &e), &e);
  return 1;
}

/* ds:cor */

/* The method of ds:cor's list at arg, whose other keys are the column names 1..#list. */
static stats_method matrix_method(lua_State *L, int arg)
{
  lua_Integer len = (lua_Integer)lua_rawlen(L, arg);
  lua_pushnil(L);
  while (lua_next(L, arg) != 0) {
    lua_pop(L, 1);
    int listed = lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= len;
    int method = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "method") == 0;
    if (!listed && !method)
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'; the options are method "
                                               "and a list of column names",
                                            luaL_tolstring(L, -1, NULL)));
  }
  return (stats_method)lchiso_opt_choice(L, arg, "method", stats_method_names, STATS_PEARSON);
}

/* The int and float columns of d, in an array held by a userdata left on the stack. */
static size_t *numeric_columns(lua_State *L, const dataset *d, size_t *k)
{
  size_t *cols = lua_newuserdatauv(L, (d->ncol ? d->ncol : 1) * sizeof *cols, 0);
  *k = 0;
  for (size_t j = 0; j < d->ncol; j++)
    if (col_is_numeric(d->cols[j]))
      cols[(*k)++] = j;
  return cols;
}

/* Each listed column must hold numbers, appear once, and not be called "column". */
static void check_matrix_columns(lua_State *L, const dataset *d, const size_t *cols, size_t k,
                                 int arg)
{
  unsigned char *seen = lua_newuserdatauv(L, d->ncol ? d->ncol : 1, 0); /* not pair by pair: k can be large */
  memset(seen, 0, d->ncol);
  for (size_t i = 0; i < k; i++) {
    const char *name = d->names[cols[i]];
    if (!stats_accepts(d->cols[cols[i]]->type))
      luaL_argerror(L, arg, lua_pushfstring(L, "column '%s' is %s, not a number column", name,
                                            col_typename(d->cols[cols[i]]->type)));
    if (strcmp(name, "column") == 0)
      luaL_argerror(L, arg, "a variable called 'column' would clash with the column of names; "
                            "rename it first");
    if (seen[cols[i]])
      luaL_argerror(L, arg, lua_pushfstring(L, "column '%s' is listed twice", name));
    seen[cols[i]] = 1;
  }
  lua_pop(L, 1);
}

/* ds:cor([{names..., method = ...}]): the correlation matrix as a dataset. */
static int l_ds_cor(lua_State *L)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  stats_method m = STATS_PEARSON;
  size_t k, *cols;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    m = matrix_method(L, 2);
  }
  if (!lua_isnoneornil(L, 2) && lua_rawlen(L, 2) > 0)
    cols = lchiso_columns(L, 2, d, 2, "columns", 0, &k);
  else
    cols = numeric_columns(L, d, &k);
  check_matrix_columns(L, d, cols, k, 2);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  lchiso_set_dataset(L, box, stats_cor_matrix(d, cols, k, m, &e), &e);
  return 1;
}

static const luaL_Reg functions[] = {
  {"cor", l_cor},
  {"lm", l_lm},
  {"quantile", l_quantile},
  {"describe", l_describe},
  {NULL, NULL},
};

static const luaL_Reg dataset_methods[] = {
  {"cor", l_ds_cor},
  {NULL, NULL},
};

int luaopen_chiso_stats(lua_State *L)
{
  luaL_newlib(L, functions);
  luaL_newlib(L, dataset_methods);
  lua_setfield(L, -2, "dataset_methods");
  return 1;
}
