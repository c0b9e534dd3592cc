/*
 * lgroup.c - group_by and agg (being written).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

int luaopen_chiso_group(lua_State *L)
{
  lua_newtable(L);
  return 1;
}
