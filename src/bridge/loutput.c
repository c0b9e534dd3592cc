/*
 * loutput.c - files and notes for chiso's own Lua code, added to
 * chiso.core.sandbox (so never visible to a sandboxed report):
 * write_file(path, text, kind) writes through an outfile (outfile.h), the
 * one way chiso writes a file; read_path and write_path give the path the
 * sandbox lets a library function use; formula(text) is the CSV writer's
 * test for spreadsheet formulas; note(text) writes a note on standard error,
 * counted against the output limit.
 */
#include <stdarg.h>
#include <stdio.h>

#include <lauxlib.h>
#include <lua.h>

#include "csvio.h"
#include "lchiso.h"
#include "outfile.h"
#include "sandbox.h"

int lchiso_note(lua_State *L, const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  size_t len = n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
  if (sandbox_count_output(len + sizeof "chiso: note: \n" - 1) != 0) {
    sandbox_record(LIMIT_OUTPUT);
    return luaL_error(L, "%s", sandbox_limit_message(LIMIT_OUTPUT));
  }
  fprintf(stderr, "chiso: note: %.*s\n", (int)len, text);
  return 0;
}

static const char *const kinds[] = {"csv", "html", "md", "json", "text", NULL};

/* write_file(path, text [, kind]): true, or nil and a message; a refusal or a limit raises. */
static int l_write_file(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  const char *kind = lua_isnoneornil(L, 3) ? NULL : kinds[luaL_checkoption(L, 3, NULL, kinds)];
  cherr e;
  if (outfile_write_all(path, kind, text, len, &e) == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  if (e.code != ERR_IO)
    return lchiso_raise(L, &e);
  luaL_pushfail(L);
  lua_pushstring(L, e.msg);
  return 2;
}

/* The path to use for path (its resolved form when sandboxed), or the refusal raised. */
static int on_path(lua_State *L, int (*fn)(const char *, char *, size_t, cherr *))
{
  char where[4096];
  cherr e;
  if (fn(luaL_checkstring(L, 1), where, sizeof where, &e) != 0)
    return lchiso_raise(L, &e);
  lua_pushstring(L, where);
  return 1;
}

static int l_read_path(lua_State *L) { return on_path(L, sandbox_read_path); }
static int l_write_path(lua_State *L) { return on_path(L, sandbox_write_path); }

/* formula(text): whether a spreadsheet would run text as a formula. */
static int l_formula(lua_State *L)
{
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_pushboolean(L, csvio_formula(s, len));
  return 1;
}

/* note(text): "chiso: note: text" on standard error. */
static int l_note(lua_State *L)
{
  return lchiso_note(L, "%s", luaL_checkstring(L, 1));
}

const luaL_Reg lchiso_output_functions[] = {
  {"write_file", l_write_file}, {"read_path", l_read_path}, {"write_path", l_write_path},
  {"formula", l_formula},       {"note", l_note},           {NULL, NULL},
};
