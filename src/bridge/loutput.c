/*
 * loutput.c - files and notes for chiso's own Lua code, added to
 * chiso.core.sandbox (so never visible to a sandboxed report):
 * write_file(path, text, kind) writes through an outfile (outfile.h), the
 * one way chiso writes a file; open_read(path) opens one to read as the
 * sandbox allows (sandbox_open_read); read_path and write_path give the
 * path the sandbox lets a library function use; formula(text) is the CSV writer's
 * test for spreadsheet formulas; note(text) writes a note on standard error,
 * counted against the output limit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "csvio.h"
#include "lchiso.h"
#include "outfile.h"
#include "outlimit.h"
#include "sandbox.h"

int lchiso_note(lua_State *L, const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  size_t len = n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
  char line[sizeof text + 16];
  int m = snprintf(line, sizeof line, "chiso: note: %.*s\n", (int)len, text);
  if (outlimit_emit_shown(stderr, line, (size_t)m) != 0) { /* a note may quote a file */
    sandbox_record(LIMIT_OUTPUT);
    return luaL_error(L, "%s", sandbox_limit_message(LIMIT_OUTPUT));
  }
  return 0;
}

void lchiso_add_notes(lua_State *L, int list, const char *s, size_t len, const char *where,
                      int quiet)
{
  list = lua_absindex(L, list);
  lua_Integer n = (lua_Integer)lua_rawlen(L, list);
  for (const char *p = s; p != NULL && p < s + len;) {
    const char *end = memchr(p, '\n', (size_t)(s + len - p));
    if (end == NULL)
      end = s + len;
    lua_pushlstring(L, p, (size_t)(end - p));
    if (!quiet)
      lchiso_note(L, "%s: %s", where, lua_tostring(L, -1));
    lua_rawseti(L, list, ++n);
    p = end + 1;
  }
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

static int close_stream(lua_State *L)
{
  luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
  return luaL_fileresult(L, fclose(p->f) == 0, NULL);
}

/*
 * open_read(path): a Lua file open for reading path through
 * sandbox_open_read (no FIFO or device opened in a sandboxed run), or nil
 * and a message; the sandbox's refusal raises. Made as liolib makes its
 * own: closed until the file is there, so an error in between leaks nothing.
 */
static int l_open_read(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  luaL_Stream *p = lua_newuserdatauv(L, sizeof *p, 0);
  p->closef = NULL;
  luaL_setmetatable(L, LUA_FILEHANDLE);
  cherr e;
  int fd = sandbox_open_read(path, &e);
  if (fd < 0 && e.code != ERR_IO)
    return lchiso_raise(L, &e);
  if (fd >= 0 && (p->f = fdopen(fd, "rb")) == NULL)
    close(fd);
  if (fd < 0 || p->f == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, fd < 0 ? e.msg : "cannot open the file");
    return 2;
  }
  p->closef = close_stream;
  return 1;
}

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
  {"formula", l_formula},       {"note", l_note},           {"open_read", l_open_read},
  {NULL, NULL},
};
