/*
 * prompt.c - the interactive prompt, after the standalone lua interpreter.
 *
 * A line is first tried as `return <line>` so expressions print their
 * values; otherwise it is run as a statement, and a statement whose syntax
 * error ends at <eof> is incomplete and continues on the next line.
 */
#include "prompt.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "host.h"
#include "prompt_edit.h"

#define PROMPT "chiso> "
#define PROMPT_MORE "   ...> "

/* A line from a pipe or file: no prompt, no editing. LINE_OK or LINE_EOF. */
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
    return LINE_EOF;
  }
  return LINE_OK;
}

/* Pushes the next line without its newline: LINE_OK, LINE_EOF or LINE_CANCELLED. */
static int push_line(lua_State *L, int first)
{
  if (!isatty(STDIN_FILENO))
    return push_plain_line(L);
  return prompt_edit_read(L, first ? PROMPT : PROMPT_MORE);
}

/* What load_line gives besides a Lua status. */
enum { NO_MORE_INPUT = -1, LINE_DROPPED = -2 };

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
    int got = push_line(L, 0);
    if (got == LINE_CANCELLED) {
      lua_pushnil(L);
      return LINE_DROPPED;
    }
    if (got == LINE_EOF) {
      lua_pushliteral(L, "stdin: unfinished statement at the end of input");
      return LUA_ERRSYNTAX;
    }
    lua_pushliteral(L, "\n");
    lua_insert(L, -2);
    lua_concat(L, 3);
  }
}

/* Leaves the compiled chunk on the stack; NO_MORE_INPUT or LINE_DROPPED (Ctrl-C) instead. */
static int load_line(lua_State *L)
{
  lua_settop(L, 0);
  int got = push_line(L, 1);
  if (got != LINE_OK)
    return got == LINE_EOF ? NO_MORE_INPUT : LINE_DROPPED;
  int status = try_return(L);
  if (status != LUA_OK)
    status = multiline(L);
  lua_remove(L, 1); /* the line */
  return status;
}

/* Calls chiso.prompt[name] with the arguments on the stack, keeping nres results. */
static int call_repl(lua_State *L, const char *name, int nres)
{
  int n = lua_gettop(L);
  host_push_function(L, "chiso.prompt", name);
  lua_insert(L, 1);
  lua_call(L, n, nres);
  return lua_gettop(L);
}

/* chiso.prompt.show(...): datasets as tables, Lua tables as literals. */
static int show(lua_State *L)
{
  call_repl(L, "show", 0);
  return 0;
}

static void print_results(lua_State *L)
{
  int n = lua_gettop(L);
  if (n == 0)
    return;
  luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
  lua_pushcfunction(L, show);
  lua_insert(L, 1);
  host_report(L, host_docall(L, n, 0));
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

/* help(x) at the prompt: chiso.prompt.help */
static int help(lua_State *L)
{
  return call_repl(L, "help", LUA_MULTRET);
}

/* chiso.prompt.setup(_G): chiso.report and chiso.chart without require. */
static int setup(lua_State *L)
{
  lua_pushglobaltable(L);
  return call_repl(L, "setup", 0);
}

int prompt_run(lua_State *L)
{
  int status;
  int terminal = isatty(STDIN_FILENO);
  if (terminal) {
    use_utf8_input();
    prompt_edit_open(L);
  }
  lua_pushcfunction(L, help);
  lua_setglobal(L, "help");
  lua_pushcfunction(L, setup);
  host_report(L, host_docall(L, 0, 0));
  while ((status = load_line(L)) != NO_MORE_INPUT) {
    if (status == LINE_DROPPED)
      continue;
    if (status == LUA_OK)
      status = host_docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
      print_results(L);
    else
      host_report(L, status);
  }
  lua_settop(L, 0);
  if (terminal) {
    prompt_edit_close();
    fputc('\n', stdout); /* leave the terminal on a fresh line after Ctrl-D */
  }
  fflush(stdout);
  return LUA_OK;
}
