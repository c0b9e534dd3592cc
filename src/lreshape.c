/*
 * lreshape.c - join, pivot_wider, pivot_longer, concat, distinct (being written).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

int luaopen_chiso_reshape(lua_State *L)
{
  lua_newtable(L);
  return 1;
}
