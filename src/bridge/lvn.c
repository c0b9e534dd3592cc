/*
 * lvn.c - chiso.vn's text functions: fold, normalize and compare
 * Vietnamese text (the province resolver on top is lua/chiso/vn.lua).
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "mem.h"
#include "sbuf.h"
#include "vn.h"

/* Calls fn on the string argument and pushes what it wrote. */
static int transform(lua_State *L, int (*fn)(const char *, size_t, sbuf *, cherr *))
{
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  sbuf *b = lchiso_new_text(L);
  cherr e;
  if (fn(s, len, b, &e) != 0)
    return lchiso_raise(L, &e);
  lua_pushlstring(L, b->p ? b->p : "", b->len);
  sbuf_free(b);
  return 1;
}

/* chiso.vn.fold(s): "Lạng Sơn" -> "lang son" */
static int l_fold(lua_State *L) { return transform(L, vn_fold); }

/* chiso.vn.normalize(s): precomposed, tones where official names put them */
static int l_normalize(lua_State *L) { return transform(L, vn_normalize); }

/* chiso.vn.compare(a, b): -1, 0 or 1 in Vietnamese dictionary order */
static int l_compare(lua_State *L)
{
  size_t la, lb;
  const char *a = luaL_checklstring(L, 1, &la), *b = luaL_checklstring(L, 2, &lb);
  int c = vn_compare(a, la, b, lb);
  lchiso_check_halt(L, 0); /* vn_compare gives up on long strings when told to stop */
  lua_pushinteger(L, (c > 0) - (c < 0));
  return 1;
}

static const luaL_Reg functions[] = {
  {"fold", l_fold}, {"normalize", l_normalize}, {"compare", l_compare}, {NULL, NULL},
};

int luaopen_chiso_vn(lua_State *L)
{
  luaL_newlib(L, functions);
  return 1;
}
