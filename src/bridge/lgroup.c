/*
 * lgroup.c - ds:group_by(keys...) and the grouped dataset's agg{...}
 * (metatable "chiso.GroupBy").
 *
 * A grouped dataset is the dataset and its key columns; agg computes the
 * groups and one column per aggregate, with one row per group in order of
 * the keys (as pandas and dplyr give them; nulls last), or in order of first
 * appearance with {sort = false}.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "agg.h"
#include "groupcor.h"
#include "halt.h"
#include "keys.h"
#include "lchiso.h"
#include "mem.h"
#include "order.h"

#define LCHISO_GROUPBY "chiso.GroupBy"

typedef struct groupbox {
  dataset *ds;
  int sort;
  size_t nkeys;
  size_t keys[]; /* column indices */
} groupbox;

static groupbox *check_groupby(lua_State *L, int arg)
{
  groupbox *g = luaL_checkudata(L, arg, LCHISO_GROUPBY);
  luaL_argcheck(L, g->ds != NULL, arg, "grouped dataset has been closed");
  return g;
}

/* ds:group_by("region", "year" [, {sort = false}]) or ds:group_by{"region", "year"} */
static int lds_group_by(lua_State *L)
{
  lchiso_check_dataset(L, 1);
  int last = lua_gettop(L), sort = 1;
  if (last >= 3 && lua_istable(L, last) && lua_rawlen(L, last) == 0) {
    static const char *const options[] = {"sort", NULL};
    lchiso_check_options(L, last, options);
    lua_getfield(L, last, "sort");
    sort = lua_isnil(L, -1) || lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_settop(L, --last);
  }
  dataset *d = lchiso_hold_dataset(L, 1);
  size_t n;
  size_t *keys;
  if (last == 2 && lua_istable(L, 2)) {
    keys = lchiso_columns(L, 2, d, 2, "the grouping columns", 0, &n);
  } else {
    luaL_argcheck(L, last >= 2, 2, "group_by needs at least one column");
    n = (size_t)(last - 1);
    keys = lua_newuserdatauv(L, n * sizeof *keys, 0);
    for (size_t k = 0; k < n; k++) {
      size_t len;
      const char *name = luaL_checklstring(L, (int)k + 2, &len);
      keys[k] = lchiso_find_column(L, d, name, len, (int)k + 2, NULL);
    }
  }
  groupbox *g = lua_newuserdatauv(L, sizeof *g + n * sizeof g->keys[0], 0);
  g->ds = NULL;
  g->sort = sort;
  g->nkeys = n;
  memcpy(g->keys, keys, n * sizeof *keys);
  luaL_setmetatable(L, LCHISO_GROUPBY);
  g->ds = ds_ref(d);
  return 1;
}

/* One requested aggregate. */
typedef struct request {
  const char *out;
  agg_fn fn;
  const column *col; /* NULL for count of rows */
  const column *col2; /* cor: the second column */
  stats_method method; /* cor */
  double q;
} request;

/* For cor: the second column, after the first, and the method option. */
static void read_cor(lua_State *L, const dataset *d, int idx, int first, request *r)
{
  r->col2 = NULL;
  r->method = STATS_PEARSON;
  if (r->fn != AGG_COR)
    return;
  size_t len = 0; /* luaL_argerror does not return, but clang cannot tell */
  const char *name = lua_rawgeti(L, idx, first + 2) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
  if (name == NULL)
    luaL_argerror(L, 2, lua_pushfstring(L, "'%s': cor needs two columns", r->out));
  r->col2 = d->cols[lchiso_find_column(L, d, name, len, 2, r->out)];
  if (!agg_accepts(AGG_COR, r->col2->type))
    luaL_argerror(L, 2, lua_pushfstring(L, "'%s': cor needs a numeric column, not %s", r->out,
                                        col_typename(r->col2->type)));
  if (lua_getfield(L, idx, "method") != LUA_TNIL) {
    const char *m = lua_tostring(L, -1);
    int k = lchiso_name_index(m, stats_method_names);
    if (k < 0)
      luaL_argerror(L, 2, lua_pushfstring(L, "'%s': unknown method '%s' (the methods are pearson, "
                    "spearman, kendall)", r->out, m ? m : luaL_typename(L, -1)));
    r->method = (stats_method)k;
  }
  lua_pop(L, 2);
}

/* Reads {fn, col [, q = ...]} (array form: {out, fn, col}) at idx into r. */
static void read_request(lua_State *L, const dataset *d, int idx, int first, request *r)
{
  lua_rawgeti(L, idx, first);
  const char *fn = lua_tostring(L, -1);
  int k = lchiso_name_index(fn, agg_names);
  if (k < 0)
    luaL_argerror(L, 2, lua_pushfstring(L, "'%s': unknown aggregate '%s' (the aggregates are count, "
                  "sum, mean, min, max, sd, var, median, quantile, first, last, n_distinct, cor)",
                  r->out, fn ? fn : luaL_typename(L, -1)));
  r->fn = (agg_fn)k;
  r->col = NULL;
  if (lua_rawgeti(L, idx, first + 1) != LUA_TNIL) {
    size_t len;
    const char *name = luaL_checklstring(L, -1, &len);
    r->col = d->cols[lchiso_find_column(L, d, name, len, 2, r->out)];
  } else if (r->fn != AGG_COUNT) {
    luaL_argerror(L, 2, lua_pushfstring(L, "'%s': %s needs a column", r->out, fn));
  }
  if (r->col != NULL && !agg_accepts(r->fn, r->col->type))
    luaL_argerror(L, 2, lua_pushfstring(L, "'%s': %s needs a numeric column, not %s", r->out, fn,
                                        col_typename(r->col->type)));
  read_cor(L, d, idx, first, r);
  r->q = 0.5;
  if (lua_getfield(L, idx, "q") != LUA_TNIL || r->fn == AGG_QUANTILE) {
    r->q = lua_tonumber(L, -1);
    if (!lua_isnumber(L, -1) || r->q < 0 || r->q > 1)
      luaL_argerror(L, 2, lua_pushfstring(L, "'%s': quantile needs q between 0 and 1", r->out));
  }
  lua_pop(L, 3);
}

/*
 * The requests of a spec, in output order, in a userdata left on the stack
 * above a table of their output names (ours, so the names stay alive
 * whatever Lua code run meanwhile does to the spec).
 */
static request *read_spec(lua_State *L, const dataset *d, size_t *n)
{
  luaL_checktype(L, 2, LUA_TTABLE);
  int array = lua_rawlen(L, 2) > 0;
  static const char usage[] =
    "agg takes {name = {aggregate, column}, ...} or { {name, aggregate, column}, ... }";
  if (array)
    lua_newtable(L);
  else
    lchiso_sorted_keys(L, 2, usage); /* the output names, in name order */
  int names = lua_gettop(L);
  for (lua_Integer k = 1; !array && k <= (lua_Integer)lua_rawlen(L, names); k++) {
    lua_rawgeti(L, names, k);
    luaL_argcheck(L, lua_rawget(L, 2) == LUA_TTABLE, 2, usage);
    lua_pop(L, 1);
  }
  *n = array ? lua_rawlen(L, 2) : lua_rawlen(L, names);
  request *req = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *req, 0);
  for (size_t k = 0; k < *n; k++) {
    if (array) {
      luaL_argcheck(L, lua_rawgeti(L, 2, (lua_Integer)k + 1) == LUA_TTABLE, 2,
                    "each aggregate is {name, aggregate, column}");
      lua_rawgeti(L, -1, 1);
      luaL_checkstring(L, -1);
      lua_rawseti(L, names, (lua_Integer)k + 1);
    } else {
      lua_rawgeti(L, names, (lua_Integer)k + 1);
      /* Lua code run for an earlier request may have changed the spec */
      luaL_argcheck(L, lua_rawget(L, 2) == LUA_TTABLE, 2, usage);
    }
    lua_rawgeti(L, names, (lua_Integer)k + 1);
    req[k].out = lua_tostring(L, -1); /* held by the table of names */
    lua_pop(L, 1);
    read_request(L, d, lua_gettop(L), array ? 2 : 1, &req[k]);
    lua_pop(L, 1);
  }
  return req;
}

/*
 * The order of the groups of d: by their keys' values, or as they first
 * appear. keys holds room for gb->nkeys; the order is the caller's to
 * mem_free.
 */
static size_t *group_order(const groupbox *gb, const dataset *d, const groups *g, sortkey *keys,
                           cherr *e)
{
  size_t *order = mem_alloc((g->ngroups ? g->ngroups : 1) * sizeof *order);
  if (order == NULL) {
    err_nomem(e);
    return NULL;
  }
  for (size_t k = 0; k < gb->nkeys; k++)
    keys[k] = (sortkey){d->cols[gb->keys[k]], 0, COLLATE_BYTES};
  if (!gb->sort)
    for (size_t k = 0; k < g->ngroups; k++)
      order[k] = k;
  /* sort the first rows, then map each back to its group */
  else if (order_rows(keys, gb->nkeys, g->first, g->ngroups, order, e) != 0) {
    mem_free(order);
    return NULL;
  } else
    for (size_t k = 0; k < g->ngroups; k++)
      order[k] = group_of(g, order[k]);
  return order;
}

/*
 * The correlations asked for, by group id, into cor[r] for each request r
 * that is one: those of one pair of columns by different methods are made
 * together, sharing one gathering of the values. 0, or -1 with e set.
 */
static int correlations(groups *g, const request *req, size_t nreq, column **cor, cherr *e)
{
  stats_method m[STATS_NMETHODS];
  size_t which[STATS_NMETHODS], done = 0;
  for (size_t r = 0; r < nreq; r++) {
    int why = halt_after(&done, nreq - r); /* the scan below: thousands of requests make millions */
    if (why != HALT_NONE)
      return err_halt(e, why);
    if (req[r].fn != AGG_COR || cor[r] != NULL)
      continue;
    size_t nm = 0;
    for (size_t r2 = r; r2 < nreq && nm < STATS_NMETHODS; r2++)
      if (req[r2].fn == AGG_COR && cor[r2] == NULL && req[r2].col == req[r].col &&
          req[r2].col2 == req[r].col2) {
        m[nm] = req[r2].method;
        which[nm++] = r2;
      }
    column *made[STATS_NMETHODS];
    if (groupcor_columns(req[r].col, req[r].col2, g, m, nm, made, e) != 0)
      return -1;
    for (size_t q = 0; q < nm; q++)
      cor[which[q]] = made[q];
  }
  return 0;
}

/* The output columns of d grouped by gb: the keys, then each aggregate, all in group order. */
static dataset *aggregate(const groupbox *gb, const dataset *d, groups *g, const size_t *order,
                          const request *req, size_t nreq, const char **names, column **cols,
                          cherr *e)
{
  size_t *first = mem_alloc((g->ngroups ? g->ngroups : 1) * sizeof *first);
  column **cor = mem_calloc(nreq ? nreq : 1, sizeof *cor);
  size_t made = 0, ncols = gb->nkeys + nreq;
  int ok = first != NULL && cor != NULL ? 1 : (err_nomem(e), 0);
  ok = ok && correlations(g, req, nreq, cor, e) == 0;
  for (size_t k = 0; ok && k < g->ngroups; k++)
    first[k] = g->first[order[k]];
  /* made counts only the columns made, which are the ones to let go of below */
  for (; ok && made < gb->nkeys; made += ok) {
    names[made] = d->names[gb->keys[made]];
    ok = (cols[made] = col_take(d->cols[gb->keys[made]], first, g->ngroups, e)) != NULL;
  }
  for (size_t r = 0; ok && r < nreq; r++, made += ok) {
    column *by_id = req[r].fn == AGG_COR ? col_ref(cor[r])
                                         : agg_column(req[r].col, g, req[r].fn, req[r].q, e);
    names[made] = req[r].out;
    cols[made] = by_id != NULL ? col_take(by_id, order, g->ngroups, e) : NULL;
    ok = cols[made] != NULL;
    col_unref(by_id);
  }
  dataset *out = ok ? ds_make(names, cols, ncols, g->ngroups, e) : NULL;
  for (size_t k = 0; k < made; k++)
    col_unref(cols[k]);
  for (size_t r = 0; cor != NULL && r < nreq; r++)
    col_unref(cor[r]);
  mem_free(cor);
  mem_free(first);
  return out;
}

/* gb:agg{name = {aggregate, column [, q = p]}, ...} */
static int gb_agg(lua_State *L)
{
  lua_settop(L, 2); /* the hold goes above the arguments */
  check_groupby(L, 1);
  lchiso_hold *h = lchiso_new_hold(L, 1);
  /* the box stays on the stack, so gb stays; gb->ds goes when it is closed */
  groupbox *gb = check_groupby(L, 1);
  dataset *d = lchiso_hold_ds(h, gb->ds);
  size_t nreq;
  request *req = read_spec(L, d, &nreq);
  size_t ncols = gb->nkeys + nreq;
  const char **names = lua_newuserdatauv(L, ncols * sizeof *names, 0);
  column **cols = lua_newuserdatauv(L, ncols * sizeof *cols, 0);
  const column **keycols = lua_newuserdatauv(L, (gb->nkeys ? gb->nkeys : 1) * sizeof *keycols, 0);
  sortkey *keys = lua_newuserdatauv(L, (gb->nkeys ? gb->nkeys : 1) * sizeof *keys, 0);
  for (size_t k = 0; k < gb->nkeys; k++)
    keycols[k] = d->cols[gb->keys[k]];
  /* everything Lua allocates comes first: between groups_make and groups_free nothing may raise */
  lchiso_dsbox *box = lchiso_new_dataset(L);
  groups g;
  cherr e;
  if (groups_make(&g, keycols, gb->nkeys, d->nrow, &e) != 0)
    return lchiso_raise(L, &e);
  size_t *order = group_order(gb, d, &g, keys, &e);
  box->ds = order ? aggregate(gb, d, &g, order, req, nreq, names, cols, &e) : NULL;
  mem_free(order);
  groups_free(&g);
  if (box->ds == NULL && e.code == ERR_ARG)
    return luaL_error(L, "bad argument #1 to 'agg' (%s)", e.msg);
  if (box->ds == NULL)
    return lchiso_raise(L, &e);
  return 1;
}

static int gb_tostring(lua_State *L)
{
  lua_settop(L, 1);
  check_groupby(L, 1);
  lchiso_hold *h = lchiso_new_hold(L, 1);
  groupbox *gb = check_groupby(L, 1);
  const dataset *d = lchiso_hold_ds(h, gb->ds);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "dataset grouped by ");
  for (size_t k = 0; k < gb->nkeys; k++) {
    luaL_addstring(&b, k ? ", " : "");
    luaL_addstring(&b, d->names[gb->keys[k]]);
  }
  lua_pushfstring(L, " (%I rows); use :agg{...}", (lua_Integer)d->nrow);
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  return 1;
}

static int gb_gc(lua_State *L)
{
  groupbox *gb = luaL_checkudata(L, 1, LCHISO_GROUPBY);
  ds_unref(gb->ds);
  gb->ds = NULL;
  return 0;
}

static int gb_index(lua_State *L)
{
  check_groupby(L, 1);
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  if (lua_isnil(L, -1))
    return luaL_error(L, "a grouped dataset has no method '%s' (use :agg{...})",
                      luaL_tolstring(L, 2, NULL));
  return 1;
}

static const luaL_Reg groupby_methods[] = {{"agg", gb_agg}, {NULL, NULL}};
static const luaL_Reg groupby_meta[] = {
  {"__tostring", gb_tostring}, {"__gc", gb_gc}, {"__close", gb_gc}, {NULL, NULL},
};
static const luaL_Reg dataset_methods[] = {{"group_by", lds_group_by}, {NULL, NULL}};

int luaopen_chiso_group(lua_State *L)
{
  lchiso_new_type(L, LCHISO_GROUPBY, groupby_meta, groupby_methods, gb_index);
  lua_pop(L, 1);
  lua_newtable(L);
  luaL_newlib(L, dataset_methods);
  lua_setfield(L, -2, "dataset_methods");
  return 1;
}
