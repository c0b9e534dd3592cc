/*
 * repl.c - the interactive prompt, after the standalone lua interpreter.
 *
 * A line is first tried as `return <line>` so expressions print their
 * values; otherwise it is run as a statement, and a statement whose syntax
 * error ends at <eof> is incomplete and continues on the next line.
 */
#include "repl.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>
#include <lauxlib.h>

#include "host.h"

#define PROMPT "chiso> "
#define PROMPT_MORE "   ...> "

/* A line from a pipe or file: no prompt, no editing. */
static int push_plain_line(lua_State *L)
{
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  int c, any = 0;
  while ((c = getchar()) != EOF && c != '\n') {
    luaL_addchar(&b, (char)c);
    any = 1;
  }
  luaL_pushresult(&b);
  if (c == EOF && !any) {
    lua_pop(L, 1);
    return 0;
  }
  return 1;
}

/* Pushes the next line without its newline; 0 at end of input. */
static int push_line(lua_State *L, int first)
{
  if (!isatty(STDIN_FILENO))
    return push_plain_line(L);
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

/*
 * libedit reads multibyte characters only in a UTF-8 locale: without one it
 * drops every byte of "Lạng Sơn" that is not ASCII. Only the character
 * type is set, so numbers keep the C locale's decimal point.
 */
static void use_utf8_input(void)
{
  const char *set = setlocale(LC_CTYPE, "");
  if (set == NULL || MB_CUR_MAX == 1)
    setlocale(LC_CTYPE, "C.UTF-8");
}

int repl_run(lua_State *L)
{
  int status;
  if (isatty(STDIN_FILENO))
    use_utf8_input();
  while ((status = load_line(L)) != -1) {
    if (status == LUA_OK)
      status = host_docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
      print_results(L);
    else
      host_report(L, status);
  }
  lua_settop(L, 0);
  if (isatty(STDIN_FILENO))
    fputc('\n', stdout); /* leave the terminal on a fresh line after Ctrl-D */
  fflush(stdout);
  return LUA_OK;
}
