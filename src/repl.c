/*
 * repl.c - the interactive prompt, after the standalone lua interpreter.
 *
 * A line is first tried as `return <line>` so expressions print their
 * values; otherwise it is run as a statement, and a statement whose syntax
 * error ends at <eof> is incomplete and continues on the next line.
 */
#include "repl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>
#include <lauxlib.h>

#include "host.h"

#define PROMPT "chiso> "
#define PROMPT_MORE "   ...> "

/* Pushes the next line without its newline; 0 at end of input. */
static int push_line(lua_State *L, int first)
{
  char *line = readline(first ? PROMPT : PROMPT_MORE);
  if (line == NULL)
    return 0;
  if (line[0] != '\0')
    add_history(line);
  lua_pushstring(L, line);
  free(line);
  return 1;
}

static int try_return(lua_State *L)
{
  const char *line = lua_tostring(L, -1);
  const char *code = lua_pushfstring(L, "return %s;", line);
  int status = luaL_loadbufferx(L, code, strlen(code), "=stdin", "t");
  if (status == LUA_OK)
    lua_remove(L, -2); /* the "return" text */
  else
    lua_pop(L, 2);     /* the text and the error */
  return status;
}

static int incomplete(lua_State *L, int status)
{
  if (status != LUA_ERRSYNTAX)
    return 0;
  size_t len;
  const char *msg = lua_tolstring(L, -1, &len);
  static const char eof[] = "<eof>";
  if (len >= sizeof eof - 1 && strcmp(msg + len - (sizeof eof - 1), eof) == 0) {
    lua_pop(L, 1);
    return 1;
  }
  return 0;
}

/* Compiles the statement on the stack, reading more lines while it is incomplete. */
static int multiline(lua_State *L)
{
  for (;;) {
    size_t len;
    const char *code = lua_tolstring(L, 1, &len);
    int status = luaL_loadbufferx(L, code, len, "=stdin", "t");
    if (!incomplete(L, status))
      return status;
    if (!push_line(L, 0)) {
      lua_pushliteral(L, "stdin: unfinished statement at the end of input");
      return LUA_ERRSYNTAX;
    }
    lua_pushliteral(L, "\n");
    lua_insert(L, -2);
    lua_concat(L, 3);
  }
}

/* Leaves the compiled chunk on the stack; -1 at end of input. */
static int load_line(lua_State *L)
{
  lua_settop(L, 0);
  if (!push_line(L, 1))
    return -1;
  int status = try_return(L);
  if (status != LUA_OK)
    status = multiline(L);
  lua_remove(L, 1); /* the line */
  return status;
}

static void print_results(lua_State *L)
{
  int n = lua_gettop(L);
  if (n == 0)
    return;
  luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
  lua_getglobal(L, "print");
  lua_insert(L, 1);
  if (lua_pcall(L, n, 0, 0) != LUA_OK)
    fprintf(stderr, "chiso: error calling 'print' (%s)\n", lua_tostring(L, -1));
}

int repl_run(lua_State *L)
{
  int status = LUA_OK;
  int loaded;
  while ((loaded = load_line(L)) != -1) {
    status = loaded;
    if (status == LUA_OK)
      status = host_docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
      print_results(L);
    else
      host_report(L, status);
  }
  lua_settop(L, 0);
  fputc('\n', stdout);
  fflush(stdout);
  return status;
}
