/*
 * larith.c - column arithmetic, comparisons and aggregates (being written).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

int luaopen_chiso_arith(lua_State *L)
{
  lua_newtable(L);
  return 1;
}
