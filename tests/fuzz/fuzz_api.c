/*
 * fuzz_api.c - libFuzzer target for the Lua-facing dataset API.
 *
 * One Lua state, made once by host_open() as chiso makes it, runs the
 * driver tests/fuzz/api_driver.lua on every input: the bytes choose a small
 * dataset and a sequence of calls on it, each under pcall. The driver gets
 * fail_after(n), which fails the nth allocation of its next call, so error
 * paths are fuzzed too. After each input a full collection must bring the
 * core's memory count (mem_core_used: Lua's own caches vary) back to where
 * it was after the first one: memory the core keeps after every Lua
 * reference is gone is a leak, even when the sanitizer still sees a pointer
 * to it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

#include "host.h"
#include "mem.h"

#ifndef FUZZ_API_DRIVER
#define FUZZ_API_DRIVER "tests/fuzz/api_driver.lua"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lua_State *L;
static int driver = LUA_NOREF;
static size_t settled; /* the core's memory in use after a collection, once warmed up */

/* fail_after(n): the nth allocation from now fails; 0 turns it off. */
static int l_fail_after(lua_State *Ls)
{
  mem_fail_after((unsigned long)luaL_checkinteger(Ls, 1));
  return 0;
}

static void die(const char *what)
{
  fprintf(stderr, "fuzz_api: %s\n", what);
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  L = host_open();
  if (L == NULL)
    die("cannot open the Lua state");
  if (luaL_loadfilex(L, FUZZ_API_DRIVER, "t") != LUA_OK || host_docall(L, 0, 1) != LUA_OK)
    die(lua_tostring(L, -1));
  driver = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

static size_t collect(void)
{
  lua_gc(L, LUA_GCCOLLECT);
  lua_gc(L, LUA_GCCOLLECT);
  return mem_core_used();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  lua_rawgeti(L, LUA_REGISTRYINDEX, driver);
  lua_pushlstring(L, (const char *)data, size);
  lua_pushcfunction(L, l_fail_after);
  int status = host_docall(L, 2, 0);
  mem_fail_after(0);
  /* Each call is protected; only the driver's own code can fail out here, and only for memory. */
  if (status != LUA_OK && status != LUA_ERRMEM)
    die(lua_tostring(L, -1));
  if (status != LUA_OK)
    lua_pop(L, 1);
  size_t now = collect();
  if (settled == 0)
    settled = now;
  else if (now > settled) {
    fprintf(stderr, "fuzz_api: %zu bytes more in use than after the first input\n",
            now - settled);
    abort();
  }
  return 0;
}
