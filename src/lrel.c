/*
 * lrel.c - where, select, drop, rename, mutate, sort, slice (being written).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

int luaopen_chiso_rel(lua_State *L)
{
  lua_newtable(L);
  return 1;
}
