/*
 * lcore.c - the "chiso.core" Lua library: the entry point that opens the
 * dataset and column types and every other bridge, and gathers them into one
 * table (lchiso.h says what each part's table holds).
 */
#include <stdint.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "mem.h"
#include "version.h"

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

/* A seed for the hash tables no report can guess: the clock's nanoseconds and where the stack lies. */
static void seed_hashes(void)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t s = (uint64_t)now.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)now.tv_sec;
  s ^= (uint64_t)(uintptr_t)&now * 0xc2b2ae3d27d4eb4fULL;
  dict_seed(s | 1);
}

int luaopen_chiso_core(lua_State *L)
{
  seed_hashes();
  lchiso_open_null(L);
  luaL_newlib(L, functions);
  luaL_setfuncs(L, lchiso_sheet_functions, 0);
  int lib = lua_gettop(L);
  luaopen_chiso_dataset(L);
  luaL_setfuncs(L, lchiso_sheet_methods, 0);
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
