/*
 * lopts.c - checking option tables and argument lists for every bridge:
 * unknown option names, choices among names, lists of column names.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "sort.h"

/* Adds names to b, each between quote marks, separated by ", " and the last by last. */
static void add_list(luaL_Buffer *b, const char *const names[], const char *quote, const char *last)
{
  for (int k = 0; names[k] != NULL; k++) {
    if (k > 0)
      luaL_addstring(b, names[k + 1] == NULL ? last : ", ");
    luaL_addstring(b, quote);
    luaL_addstring(b, names[k]);
    luaL_addstring(b, quote);
  }
}

int lchiso_name_index(const char *s, const char *const names[])
{
  for (int k = 0; s != NULL && names[k] != NULL; k++)
    if (strcmp(s, names[k]) == 0)
      return k;
  return -1;
}

/* Raises an error for any key of the table at arg that is not in names. */
void lchiso_check_options(lua_State *L, int arg, const char *const names[])
{
  lua_pushnil(L);
  while (lua_next(L, arg) != 0) {
    lua_pop(L, 1);
    int known = lua_type(L, -1) == LUA_TSTRING && lchiso_name_index(lua_tostring(L, -1), names) >= 0;
    if (!known) {
      const char *got = luaL_tolstring(L, -1, NULL);
      luaL_Buffer b;
      luaL_buffinit(L, &b);
      luaL_addstring(&b, "unknown option '");
      luaL_addstring(&b, got);
      luaL_addstring(&b, "'; the options are ");
      add_list(&b, names, "", ", ");
      luaL_pushresult(&b);
      luaL_argerror(L, arg, lua_tostring(L, -1));
    }
  }
}

/* A key being sorted: its bytes, and where it sits in the unsorted list. */
typedef struct sortname {
  const char *s;
  size_t len;
  lua_Integer at;
} sortname;

/* Byte order, as table.sort orders strings in the C locale. */
static int by_bytes(const void *pa, const void *pb, const void *ctx)
{
  (void)ctx;
  const sortname *a = pa, *b = pb;
  int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
  return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

/* Sorted in C, not by the global table.sort, which Lua code could have replaced. */
void lchiso_sorted_keys(lua_State *L, int idx, const char *what)
{
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  int names = lua_gettop(L);
  lua_Integer n = 0;
  for (lua_pushnil(L); lua_next(L, idx) != 0; lua_pop(L, 1)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, idx, what);
    lua_pushvalue(L, -2);
    lua_rawseti(L, names, ++n);
  }
  sortname *order = lua_newuserdatauv(L, (n ? (size_t)n : 1) * sizeof *order, 0);
  for (lua_Integer k = 0; k < n; k++) {
    lua_rawgeti(L, names, k + 1);
    order[k].s = lua_tolstring(L, -1, &order[k].len); /* held by names */
    order[k].at = k + 1;
    lua_pop(L, 1);
  }
  cherr e;
  if (sort_stable(order, (size_t)n, sizeof *order, by_bytes, NULL, &e) != 0)
    lchiso_raise(L, &e);
  lua_createtable(L, n > 0x7fffffff ? 0 : (int)n, 0);
  for (lua_Integer k = 0; k < n; k++) {
    lua_rawgeti(L, names, order[k].at);
    lua_rawseti(L, -2, k + 1);
  }
  lua_copy(L, -1, names);
  lua_settop(L, names);
}

int lchiso_opt_choice(lua_State *L, int arg, const char *key, const char *const names[], int dflt)
{
  int choice = dflt;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    choice = lua_type(L, -1) == LUA_TSTRING ? lchiso_name_index(lua_tostring(L, -1), names) : -1;
    if (choice < 0) {
      const char *got = luaL_tolstring(L, -1, NULL);
      luaL_Buffer b;
      luaL_buffinit(L, &b);
      luaL_addstring(&b, "option '");
      luaL_addstring(&b, key);
      luaL_addstring(&b, "' must be ");
      add_list(&b, names, "\"", " or ");
      luaL_addstring(&b, ", not '");
      luaL_addstring(&b, got);
      luaL_addstring(&b, "'");
      luaL_pushresult(&b);
      luaL_argerror(L, arg, lua_tostring(L, -1));
    }
  }
  lua_pop(L, 1);
  return choice;
}

/*
 * Option 'types' of the table at arg ({name = "int"} or {"string", "int"}),
 * checked, as hints held on the stack until the call returns (their names
 * by a list of the method's own: Lua code run before the read may change
 * the caller's table); NULL and *n = 0 when absent.
 */
const col_typehint *lchiso_opt_types(lua_State *L, int arg, size_t *n)
{
  *n = 0;
  if (lua_getfield(L, arg, "types") == LUA_TNIL) {
    lua_pop(L, 1);
    return NULL;
  }
  if (!lua_istable(L, -1))
    luaL_argerror(L, arg, "option 'types' must be a table of column = type");
  int t = lua_gettop(L);
  lua_newtable(L);
  size_t len = 0;
  for (lua_pushnil(L); lua_next(L, t) != 0; lua_pop(L, 1)) {
    coltype type = (coltype)0; /* set by col_parsetype; luaL_argerror does not return */
    if (lua_type(L, -1) != LUA_TSTRING || col_parsetype(lua_tostring(L, -1), &type) != 0)
      luaL_argerror(L, arg, lua_pushfstring(L, "option 'types': '%s' is not a type "
                                               "(the types are int, float, string, bool)",
                                            luaL_tolstring(L, -1, NULL)));
    if (lua_type(L, -2) != LUA_TSTRING && (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1))
      luaL_argerror(L, arg, "option 'types' must be keyed by column name or position");
    lua_pushvalue(L, -2);
    lua_rawseti(L, t + 1, (lua_Integer)++len);
    lua_pushinteger(L, (lua_Integer)type);
    lua_rawseti(L, t + 1, (lua_Integer)++len);
  }
  len /= 2;
  col_typehint *hints = lua_newuserdatauv(L, (len ? len : 1) * sizeof *hints, 0);
  for (size_t k = 0; k < len; k++) {
    int named = lua_rawgeti(L, t + 1, (lua_Integer)(2 * k + 1)) == LUA_TSTRING;
    hints[k].name = named ? lua_tostring(L, -1) : NULL; /* held by our list */
    hints[k].index = named ? 0 : (size_t)lua_tointeger(L, -1);
    lua_rawgeti(L, t + 1, (lua_Integer)(2 * k + 2));
    hints[k].type = (coltype)lua_tointeger(L, -1);
    lua_pop(L, 2);
  }
  *n = len;
  return hints;
}

/* A list of strings from option key, copied into a table of our own left on the stack. */
const char *const *lchiso_opt_strings(lua_State *L, int arg, const char *key, size_t max,
                                      size_t *n)
{
  *n = 0;
  if (lua_getfield(L, arg, key) == LUA_TNIL) {
    lua_pop(L, 1);
    return NULL;
  }
  if (!lua_istable(L, -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a list of strings", key));
  int list = lua_gettop(L);
  size_t len = lua_rawlen(L, list);
  if (len > max)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' has too many entries (at most %d)", key,
                                          (int)max));
  lua_createtable(L, (int)len, 0);
  const char **out = lua_newuserdatauv(L, (len ? len : 1) * sizeof *out, 0);
  for (size_t k = 0; k < len; k++) {
    if (lua_rawgeti(L, list, (lua_Integer)k + 1) != LUA_TSTRING)
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a list of strings", key));
    out[k] = lua_tostring(L, -1);
    lua_rawseti(L, list + 1, (lua_Integer)k + 1); /* the copy holds the string */
  }
  *n = len;
  return out; /* the list, its copy and the array stay on the stack until the call returns */
}

long lchiso_opt_count(lua_State *L, int arg, const char *key, long dflt, long least)
{
  long v = dflt;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < least || lua_tointeger(L, -1) > 1048576)
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a whole number from %d",
                                            key, (int)least));
    v = (long)lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

const char *lchiso_opt_string(lua_State *L, int arg, const char *key)
{
  if (lua_getfield(L, arg, key) == LUA_TNIL) {
    lua_pop(L, 1);
    return NULL;
  }
  if (lua_type(L, -1) != LUA_TSTRING)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a string", key));
  return lua_tostring(L, -1); /* left on the stack, which holds it */
}

int lchiso_opt_replace(lua_State *L, int arg)
{
  if (arg == 0)
    return 0;
  int t = lua_getfield(L, arg, "replace");
  if (t != LUA_TNIL && t != LUA_TBOOLEAN)
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'replace' must be a boolean, not %s",
                                          luaL_typename(L, -1)));
  int replace = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return replace;
}

void lchiso_check_new_name(lua_State *L, int arg, const dataset *d, const char *name, int replace)
{
  if (!replace && ds_find(d, name, strlen(name)) >= 0)
    luaL_argerror(L, arg, lua_pushfstring(L, "column '%s' exists; give replace = true to replace it",
                                          name));
}

void lchiso_opt_layout(lua_State *L, int arg, const char *refused, lchiso_layout *l)
{
  static const char *const dupnames_names[] = {"rename", "error", NULL};
  lua_getfield(L, arg, "header");
  l->header = lua_isnil(L, -1) || lua_toboolean(L, -1);
  lua_getfield(L, arg, "trim");
  l->trim = lua_toboolean(L, -1);
  lua_pop(L, 2);
  l->skip = lchiso_opt_count(L, arg, "skip", -1, 0);
  l->footer = lchiso_opt_count(L, arg, "footer", -1, 0);
  l->header_rows = (size_t)lchiso_opt_count(L, arg, "header_rows", 1, 1);
  l->names = lchiso_opt_strings(L, arg, "names", LCHISO_MAX_NAMES, &l->nnames);
  l->duplicate_names_error = lchiso_opt_choice(L, arg, "duplicate_names", dupnames_names, 0) == 1;
  const char *comment = lchiso_opt_string(L, arg, "comment");
  if (comment != NULL && (strlen(comment) != 1 || strchr(refused, comment[0]) != NULL))
    luaL_argerror(L, arg, "option 'comment' must be one character such as \"#\"");
  l->comment = comment ? comment[0] : 0; /* the string stays on the stack */
}
