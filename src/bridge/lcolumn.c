/*
 * lcolumn.c - the Lua face of a column (metatable "chiso.Column").
 *
 * A column userdata holds one reference to an immutable core column and,
 * as its user value, the name it was taken under.
 */
#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"

lchiso_colbox *lchiso_new_column(lua_State *L, const char *name)
{
  lchiso_check_halt(L, 0);
  lchiso_collect_if_due(L);
  lchiso_colbox *box = lua_newuserdatauv(L, sizeof *box, 1);
  box->col = NULL;
  luaL_setmetatable(L, LCHISO_COLUMN);
  lua_pushstring(L, name);
  lua_setiuservalue(L, -2, 1);
  return box;
}

column *lchiso_test_column(lua_State *L, int arg)
{
  return luaL_testudata(L, arg, LCHISO_COLUMN) != NULL ? lchiso_check_column(L, arg) : NULL;
}

column *lchiso_check_column(lua_State *L, int arg)
{
  lchiso_colbox *box = luaL_checkudata(L, arg, LCHISO_COLUMN);
  luaL_argcheck(L, box->col != NULL, arg, "column has been closed");
  return box->col;
}

column *lchiso_hold_column(lua_State *L, int arg)
{
  arg = lua_absindex(L, arg);
  lchiso_hold *h = lchiso_new_hold(L, 1); /* first: making it may run a finalizer */
  return lchiso_hold_col(h, lchiso_check_column(L, arg));
}

void lchiso_push_value(lua_State *L, const column *c, size_t i, int null_sentinel)
{
  if (col_isnull(c, i)) {
    if (null_sentinel)
      lchiso_push_null(L);
    else
      lua_pushnil(L);
    return;
  }
  size_t len;
  switch (c->type) {
  case COL_INT: lua_pushinteger(L, (lua_Integer)col_int(c, i)); break;
  case COL_FLOAT: lua_pushnumber(L, (lua_Number)c->v.f[i]); break;
  case COL_BOOL: lua_pushboolean(L, c->v.b[i]); break;
  case COL_STR: {
    const char *s = col_str(c, i, &len);
    lua_pushlstring(L, s, len);
    break;
  }
  }
}

static int lcol_len(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)lchiso_check_column(L, 1)->len);
  return 1;
}

static int lcol_type(lua_State *L)
{
  lua_pushstring(L, col_typename(lchiso_check_column(L, 1)->type));
  return 1;
}

static int lcol_name(lua_State *L)
{
  lchiso_check_column(L, 1);
  lua_getiuservalue(L, 1, 1);
  return 1;
}

static int lcol_nulls(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)lchiso_check_column(L, 1)->nnull);
  return 1;
}

/* col:totable(): a Lua array of the values, with chiso.null where a value is missing. */
static int lcol_totable(lua_State *L)
{
  lua_settop(L, 1); /* the hold goes above the argument */
  column *c = lchiso_hold_column(L, 1);
  luaL_checkstack(L, 4, NULL);
  lua_createtable(L, c->len > (size_t)0x7FFFFFFF ? 0 : (int)c->len, 0);
  for (size_t i = 0; i < c->len; i++) {
    lchiso_check_halt(L, i + 1);
    lchiso_push_value(L, c, i, 1);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* col[i] is value i (nil when null; an index out of range is an error); col.name is a method. */
static int lcol_index(lua_State *L)
{
  column *c = lchiso_check_column(L, 1);
  if (lua_type(L, 2) == LUA_TSTRING) {
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    return 1;
  }
  lua_Integer i = luaL_checkinteger(L, 2);
  if (i < 1 || (size_t)i > c->len)
    return luaL_error(L, "column index %I is out of range; the column has %I values", i,
                      (lua_Integer)c->len);
  lchiso_push_value(L, c, (size_t)i - 1, 0);
  return 1;
}

static int lcol_newindex(lua_State *L)
{
  return luaL_error(L, "columns are read-only; build a new dataset instead");
}

static int lcol_tostring(lua_State *L)
{
  lua_settop(L, 1); /* the hold goes above the argument */
  column *c = lchiso_hold_column(L, 1);
  lua_getiuservalue(L, 1, 1);
  const char *name = lua_tostring(L, -1);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  lua_pushfstring(L, "column '%s' (%s, %I values", name, col_typename(c->type),
                  (lua_Integer)c->len);
  luaL_addvalue(&b);
  if (c->nnull > 0)
    lua_pushfstring(L, ", %I null", (lua_Integer)c->nnull), luaL_addvalue(&b);
  luaL_addstring(&b, "):");
  for (size_t i = 0; i < c->len && i < 8; i++) {
    char num[NUM_BUFSIZE];
    size_t len;
    int quoted = c->type == COL_STR && !col_isnull(c, i);
    const char *text = col_isnull(c, i) ? "null" : col_text(c, i, num, &len);
    luaL_addstring(&b, quoted ? " \"" : " ");
    luaL_addlstring(&b, text, col_isnull(c, i) ? 4 : len);
    if (quoted)
      luaL_addchar(&b, '"');
  }
  if (c->len > 8)
    luaL_addstring(&b, " ...");
  luaL_pushresult(&b);
  return 1;
}

static int lcol_gc(lua_State *L)
{
  lchiso_colbox *box = luaL_checkudata(L, 1, LCHISO_COLUMN);
  col_unref(box->col);
  box->col = NULL;
  return 0;
}

static const luaL_Reg methods[] = {
  {"type", lcol_type}, {"name", lcol_name}, {"nulls", lcol_nulls}, {"totable", lcol_totable},
  {NULL, NULL},
};

static const luaL_Reg metamethods[] = {
  {"__len", lcol_len},     {"__newindex", lcol_newindex}, {"__tostring", lcol_tostring},
  {"__gc", lcol_gc},       {"__close", lcol_gc},          {NULL, NULL},
};

/* Returns the method table, so Lua code can add methods to every column. */
int luaopen_chiso_column(lua_State *L)
{
  lchiso_new_type(L, LCHISO_COLUMN, metamethods, methods, lcol_index);
  return 1;
}
