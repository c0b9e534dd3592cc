/*
 * lchiso.c - the "chiso.core" Lua library: gathers the bridges into one
 * table, and holds what they share (raising core errors, the null
 * sentinel, registering a userdata type).
 */
#include <lauxlib.h>
#include <lua.h>
#include <time.h>

#include "halt.h"
#include "lchiso.h"
#include "mem.h"

#define CHISO_VERSION "0.1.0"

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

static void create_null(lua_State *L)
{
  lua_newuserdatauv(L, 0, 0);
  luaL_newmetatable(L, LCHISO_NULL);
  lua_pushcfunction(L, null_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, NULL_VALUE);
}

/* chiso.memory(["reset"]): bytes in use and the peak; "reset" starts a new peak from now. */
static int l_memory(lua_State *L)
{
  static const char *const what[] = {"reset", NULL};
  if (!lua_isnoneornil(L, 1)) {
    luaL_checkoption(L, 1, NULL, what);
    mem_reset_peak();
  }
  lua_pushinteger(L, (lua_Integer)mem_used());
  lua_pushinteger(L, (lua_Integer)mem_peak());
  return 2;
}

/* chiso.clock(): seconds on the monotonic clock, for timing; unlike os.clock it counts waiting too. */
static int l_clock(lua_State *L)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  lua_pushnumber(L, (lua_Number)now.tv_sec + (lua_Number)now.tv_nsec * 1e-9);
  return 1;
}

static const luaL_Reg functions[] = {
  {"read_csv", lchiso_read_csv},
  {"parse_csv", lchiso_parse_csv},
  {"memory", l_memory},
  {"clock", l_clock},
  {"dataset", lchiso_dataset_from_tables},
  {NULL, NULL},
};

/* The bridges that add to the library (see lchiso.h for what their tables hold). */
static const struct {
  const char *name;
  lua_CFunction open;
} parts[] = {
  {"rel", luaopen_chiso_rel},
  {"arith", luaopen_chiso_arith},
  {"group", luaopen_chiso_group},
  {"reshape", luaopen_chiso_reshape},
  {"window", luaopen_chiso_window},
  {"stats", luaopen_chiso_stats},
  {"vn", luaopen_chiso_vn},
  {"sandbox", luaopen_chiso_sandbox},
};

/* Moves the entries of field `field` of the table at t into the table at into. */
static void move_entries(lua_State *L, int t, const char *field, int into)
{
  if (lua_getfield(L, t, field) == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) { /* the table, a key, its value */
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, into); /* leaves the key for lua_next */
    }
  }
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_setfield(L, t, field);
}

/* Opens each part, puts its methods in place, and the rest (if any) at chiso[name]. */
static void open_parts(lua_State *L, int lib, int ds_methods, int col_methods)
{
  luaL_getmetatable(L, LCHISO_COLUMN);
  int col_meta = lua_gettop(L);
  for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
    lua_pushcfunction(L, parts[k].open);
    lua_call(L, 0, 1);
    int t = lua_gettop(L);
    move_entries(L, t, "dataset_methods", ds_methods);
    move_entries(L, t, "column_methods", col_methods);
    move_entries(L, t, "column_meta", col_meta);
    lua_pushnil(L);
    if (lua_next(L, t) != 0) {
      lua_pop(L, 2);
      lua_setfield(L, lib, parts[k].name);
    } else {
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

int luaopen_chiso_core(lua_State *L)
{
  create_null(L);
  luaL_newlib(L, functions);
  int lib = lua_gettop(L);
  luaopen_chiso_dataset(L);
  lua_pushvalue(L, -1);
  lua_setfield(L, lib, "Dataset");
  luaopen_chiso_column(L);
  lua_pushvalue(L, -1);
  lua_setfield(L, lib, "Column");
  open_parts(L, lib, lib + 1, lib + 2);
  lua_settop(L, lib);
  lchiso_push_null(L);
  lua_setfield(L, -2, "null");
  lua_pushliteral(L, CHISO_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}
