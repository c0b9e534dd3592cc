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

static const char *const kinds[] = {"csv", "html", "md", "json", "text", "svg", NULL};

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

/* Aborts the n outfiles from first on. */
static void abort_all(outfile *files, int first, int n)
{
  for (int k = first; k < n; k++)
    outfile_abort(&files[k]);
}

/*
 * Writes a report and its charts (the report at path, chart k at
 * outfile_chart_path(path, k)): all are opened and written before any is
 * put in place, so a refusal, a full disk or a limit leaves nothing; the
 * charts are put in place first, the report last. 0, or -1 with e set.
 */
static int write_with_charts(const char *path, const char *kind, const char *text, size_t len,
                             const char *const *charts, const size_t *sizes, int n, cherr *e)
{
  outfile files[OUTFILE_CHARTS + 1];
  /* The charts first: a sandboxed report's are refused before anyone is asked about the report. */
  for (int k = 1; k <= n; k++)
    if (outfile_open_chart(&files[k], path, k, e) != 0) {
      abort_all(files, 1, k);
      return -1;
    }
  if (outfile_open(&files[0], path, kind, e) != 0) {
    abort_all(files, 1, n + 1);
    return -1;
  }
  for (int k = 0; k <= n; k++)
    if (outfile_write(&files[k], k == 0 ? text : charts[k - 1], k == 0 ? len : sizes[k - 1], e) != 0) {
      abort_all(files, 0, n + 1);
      return -1;
    }
  for (int k = 1; k <= n; k++)
    if (outfile_commit(&files[k], e) != 0) {
      abort_all(files, 0, n + 1); /* those put in place are released already */
      return -1;
    }
  return outfile_commit(&files[0], e);
}

/*
 * write_report(path, text, kind, charts): the report and its charts (a list
 * of SVG texts, at most OUTFILE_CHARTS) beside it; as write_file.
 */
static int l_write_report(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  const char *kind = kinds[luaL_checkoption(L, 3, NULL, kinds)];
  luaL_checktype(L, 4, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 4);
  luaL_argcheck(L, n <= OUTFILE_CHARTS, 4, lua_pushfstring(L, "%I charts; a report writes at most "
                "%d beside it", n, OUTFILE_CHARTS));
  const char *charts[OUTFILE_CHARTS];
  size_t sizes[OUTFILE_CHARTS];
  for (lua_Integer k = 1; k <= n; k++) {
    lua_geti(L, 4, k); /* the table keeps the string */
    luaL_argcheck(L, lua_type(L, -1) == LUA_TSTRING, 4, "chart texts expected");
    charts[k - 1] = lua_tolstring(L, -1, &sizes[k - 1]);
    lua_pop(L, 1);
  }
  cherr e;
  if (write_with_charts(path, kind, text, len, charts, sizes, (int)n, &e) == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  if (e.code != ERR_IO)
    return lchiso_raise(L, &e);
  luaL_pushfail(L);
  lua_pushstring(L, e.msg);
  return 2;
}

/* chart_name(path, n): the file name (without its folder) of chart n of the report at path. */
static int l_chart_name(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  lua_Integer n = luaL_checkinteger(L, 2);
  char out[4096];
  if (n < 1 || n > OUTFILE_CHARTS || outfile_chart_path(path, (int)n, out, sizeof out) != 0)
    return luaL_error(L, "%s: cannot name chart %d beside it (at most %d charts, and a name of "
                      "at most %d bytes)", path, (int)n, OUTFILE_CHARTS, 255);
  const char *slash = strrchr(out, '/');
  lua_pushstring(L, slash ? slash + 1 : out);
  return 1;
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
  {"write_report", l_write_report}, {"chart_name", l_chart_name}, {NULL, NULL},
};
