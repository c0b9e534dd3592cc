/*
 * lstats.c - chiso.stats and ds:cor (being written).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

int luaopen_chiso_stats(lua_State *L)
{
  lua_newtable(L);
  return 1;
}
