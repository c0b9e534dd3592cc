/*
 * lchiso.c - what the bridge files share: raising core errors, collecting
 * garbage when the core's memory grows, stopping on Ctrl-C or a time limit,
 * registering a userdata type, holds, and the null sentinel. It calls no other
 * bridge file, so each of them can use it.
 */
#include <assert.h>

#include <lauxlib.h>
#include <lua.h>

#include "halt.h"
#include "lchiso.h"
#include "mem.h"

int lchiso_raise(lua_State *L, const cherr *e)
{
  lua_pushstring(L, e->msg);
  return lua_error(L);
}

/* The core's memory after the last collection, or its lowest since. */
static size_t core_mark;
#define COLLECT_MIN ((size_t)8 << 20)

void lchiso_collect_if_due(lua_State *L)
{
  size_t now = mem_core_used();
  if (now < core_mark) {
    core_mark = now;
  } else if (now - core_mark >= COLLECT_MIN && now - core_mark > core_mark / 2) {
    lua_gc(L, LUA_GCCOLLECT);
    core_mark = mem_core_used();
  }
}

void lchiso_check_halt(lua_State *L, size_t i)
{
  int why = HALT_DUE(i) ? halt_check() : HALT_NONE;
  if (why != HALT_NONE) {
    cherr e;
    err_halt(&e, why);
    lchiso_raise(L, &e);
  }
}

void lchiso_new_type(lua_State *L, const char *tname, const luaL_Reg *meta,
                     const luaL_Reg *methods, lua_CFunction index)
{
  luaL_newmetatable(L, tname);
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_pushvalue(L, -1);
  lua_pushcclosure(L, index, 1);
  lua_setfield(L, -3, "__index");
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "methods");
  lua_remove(L, -2);
}

/* Holds */

#define LCHISO_HOLD "chiso.Hold"
/*
 * Holds of up to POOL_REFS references are kept for reuse once closed (at
 * most POOL_MAX of them): a method call then makes no garbage, and no
 * finalizer runs for it later.
 */
#define POOL_REFS 4
#define POOL_MAX 32

struct lchiso_hold {
  size_t n, cap;
  struct held {
    void *p;
    int is_column;
  } ref[];
};

/* Registry key of the list of holds ready for reuse. */
static const char pool_key = 0;

static void release_all(lchiso_hold *h)
{
  while (h->n > 0) {
    struct held *r = &h->ref[--h->n];
    if (r->is_column)
      col_unref(r->p);
    else
      ds_unref(r->p);
  }
}

/* __gc: lets go of each reference once, so a second call does nothing. */
static int hold_gc(lua_State *L)
{
  release_all(lua_touserdata(L, 1));
  return 0;
}

/* __close: as __gc, then back to the pool when there is room. */
static int hold_close(lua_State *L)
{
  lchiso_hold *h = lua_touserdata(L, 1);
  release_all(h);
  if (h->cap == POOL_REFS && lua_rawgetp(L, LUA_REGISTRYINDEX, &pool_key) == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    if (n < POOL_MAX) {
      lua_pushvalue(L, 1);
      lua_rawseti(L, -2, n + 1);
    }
  }
  return 0;
}

/* A hold from the pool, pushed; or nothing pushed and NULL when the pool is empty. */
static lchiso_hold *from_pool(lua_State *L)
{
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &pool_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_createtable(L, POOL_MAX, 0); /* full size: putting a hold back never allocates */
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &pool_key);
  }
  lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
  if (n == 0) {
    lua_pop(L, 1);
    return NULL;
  }
  lua_rawgeti(L, -1, n);
  lua_pushnil(L);
  lua_rawseti(L, -3, n);
  lua_remove(L, -2);
  return lua_touserdata(L, -1);
}

static lchiso_hold *new_box(lua_State *L, size_t n)
{
  if (n > ((size_t)-1 - sizeof(lchiso_hold)) / sizeof(struct held))
    luaL_error(L, "not enough memory");
  lchiso_hold *h = lua_newuserdatauv(L, sizeof *h + n * sizeof h->ref[0], 0);
  h->n = 0;
  h->cap = n;
  if (luaL_newmetatable(L, LCHISO_HOLD)) {
    lua_pushcfunction(L, hold_close);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, hold_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
  return h;
}

lchiso_hold *lchiso_new_hold(lua_State *L, size_t n)
{
  lchiso_check_halt(L, 0);
  lchiso_hold *h = n <= POOL_REFS ? from_pool(L) : NULL;
  if (h == NULL)
    h = new_box(L, n <= POOL_REFS ? POOL_REFS : n);
  h->n = 0;
  lua_toclose(L, -1);
  return h;
}

/* Adds a reference to p (a hold made for cap references takes no more). */
static void *hold(lchiso_hold *h, void *p, int is_column)
{
  assert(h->n < h->cap);
  if (p == NULL)
    return p;
  h->ref[h->n].p = is_column ? (void *)col_ref(p) : (void *)ds_ref(p);
  h->ref[h->n++].is_column = is_column;
  return p;
}

dataset *lchiso_hold_ds(lchiso_hold *h, dataset *d) { return hold(h, d, 0); }
column *lchiso_hold_col(lchiso_hold *h, column *c) { return hold(h, c, 1); }

/* The null sentinel */

/* Registry key of the sentinel itself; LCHISO_NULL names its metatable. */
#define NULL_VALUE "chiso.null.value"

void lchiso_push_null(lua_State *L)
{
  lua_getfield(L, LUA_REGISTRYINDEX, NULL_VALUE);
}

int lchiso_is_null(lua_State *L, int idx)
{
  return luaL_testudata(L, idx, LCHISO_NULL) != NULL;
}

static int null_tostring(lua_State *L)
{
  lua_pushliteral(L, "null");
  return 1;
}

void lchiso_open_null(lua_State *L)
{
  lua_newuserdatauv(L, 0, 0);
  luaL_newmetatable(L, LCHISO_NULL);
  lua_pushcfunction(L, null_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, NULL_VALUE);
}
