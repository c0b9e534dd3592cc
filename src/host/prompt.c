/*
 * prompt.c - the interactive prompt, after the standalone lua interpreter.
 *
 * A line is first tried as `return <line>` so expressions print their
 * values; otherwise it is run as a statement, and a statement whose syntax
 * error ends at <eof> is incomplete and continues on the next line. The
 * prompts are _PROMPT and _PROMPT2 when set (through tostring), as lua's;
 * "=expr" on a first line is "return expr", as in lua 5.4 still. The prompt
 * runs inside host_protected, so an error in a _PROMPT's __tostring ends it
 * as it ends lua's.
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

/*
 * A line from a pipe or file: no editing, but the prompt and the line as
 * Debian's lua5.4 shows them (its readline writes both), so that the output
 * reads as a transcript. LINE_OK or LINE_EOF.
 */
static int push_plain_line(lua_State *L, const char *prompt)
{
  fputs(prompt, stdout);
  fflush(stdout);
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
  printf("%s\n", lua_tostring(L, -1));
  return LINE_OK;
}

/* Pushes the prompt: tostring(_PROMPT) (_PROMPT2 for a continuation line), or chiso's own. */
static const char *push_prompt(lua_State *L, int first)
{
  if (lua_getglobal(L, first ? "_PROMPT" : "_PROMPT2") == LUA_TNIL) {
    lua_pop(L, 1);
    return lua_pushstring(L, first ? PROMPT : PROMPT_MORE);
  }
  const char *prompt = luaL_tolstring(L, -1, NULL);
  lua_remove(L, -2);
  return prompt;
}

/* Pushes the next line without its newline: LINE_OK, LINE_EOF or LINE_CANCELLED. */
static int push_line(lua_State *L, int first)
{
  const char *prompt = push_prompt(L, first);
  int got = isatty(STDIN_FILENO) ? prompt_edit_read(L, prompt) : push_plain_line(L, prompt);
  if (got != LINE_OK) {
    lua_pop(L, 1);
    return got;
  }
  lua_remove(L, -2); /* the prompt */
  const char *line = lua_tostring(L, -1);
  if (first && line[0] == '=') { /* lua 5.2's "=expr", which lua 5.4 takes still */
    lua_pushfstring(L, "return %s", line + 1);
    lua_remove(L, -2);
  }
  return LINE_OK;
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

/* chiso.prompt.shown(...): the values as text, datasets as tables, Lua tables as literals. */
static int shown(lua_State *L)
{
  return call_repl(L, "shown", LUA_MULTRET);
}

/* Prints the values on the stack as lua.c's l_print does, with the global print, once shown as text. */
static void print_results(lua_State *L)
{
  int n = lua_gettop(L);
  if (n == 0)
    return;
  luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
  lua_pushcfunction(L, shown);
  lua_insert(L, 1);
  if (host_report(L, host_docall(L, n, LUA_MULTRET)) != LUA_OK)
    return;
  lua_getglobal(L, "print");
  lua_insert(L, 1);
  if (lua_pcall(L, lua_gettop(L) - 1, 0, 0) != LUA_OK) {
    fprintf(stderr, "chiso: error calling 'print' (%s)\n", lua_tostring(L, -1));
    fflush(stderr);
    lua_pop(L, 1);
  }
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
  if (terminal)
    prompt_edit_close();
  fputc('\n', stdout); /* as lua: the last prompt's line ended */
  fflush(stdout);
  return LUA_OK;
}
