/*
 * lwindow.c - rank, lag, lead, diff, pct_change, top (being written).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

int luaopen_chiso_window(lua_State *L)
{
  lua_newtable(L);
  return 1;
}
