/*
 * lfailtest.c - chiso.fail_after(n), for the allocation-failure tests. It is
 * linked only into chiso-failtest and chiso-failtest-asan (make failtest),
 * never into chiso, so no script can reach it in a real run.
 *
 * The hook: those binaries are linked with -Wl,--wrap=luaopen_chiso_core,
 * so the host's call to luaopen_chiso_core lands in the wrapper below, which
 * calls the real one and adds fail_after to the table it returns (and so to
 * `chiso`, which lua/chiso/init.lua copies from it). lchiso.c and host.c
 * stay as they are.
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "mem.h"

int __real_luaopen_chiso_core(lua_State *L);
int __wrap_luaopen_chiso_core(lua_State *L);

/* mem_count() when fail_after was last called. */
static unsigned long armed_at;

/*
 * fail_after(n [, every]): the nth allocation from now (Lua's or the
 * core's) fails, once; with every true, it and every later one fail, until
 * fail_after(0) turns failures off. Either way, returns how many
 * allocations were made since the last call that set a failure, so a
 * caller knows whether the nth was reached.
 *
 * A single failure of Lua's own allocation is met by an emergency
 * collection and a second try, which succeeds; only the every form makes
 * Lua raise its memory error, in the midst of a bridge function.
 */
static int l_fail_after(lua_State *L)
{
  lua_Integer n = luaL_optinteger(L, 1, 0);
  luaL_argcheck(L, n >= 0, 1, "must not be negative");
  int every = lua_toboolean(L, 2);
  unsigned long made = mem_count() - armed_at;
  if (every)
    mem_fail_from((unsigned long)n);
  else
    mem_fail_after((unsigned long)n);
  armed_at = mem_count();
  lua_pushinteger(L, (lua_Integer)made);
  return 1;
}

/* core_memory(): bytes the C core holds, without Lua's own (whose caches vary). */
static int l_core_memory(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)mem_core_used());
  return 1;
}

int __wrap_luaopen_chiso_core(lua_State *L)
{
  int n = __real_luaopen_chiso_core(L);
  lua_pushcfunction(L, l_fail_after);
  lua_setfield(L, -2, "fail_after");
  lua_pushcfunction(L, l_core_memory);
  lua_setfield(L, -2, "core_memory");
  return n;
}
