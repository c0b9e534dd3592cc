/*
 * host.c - setting up the Lua state and running chunks protected.
 *
 * Follows the standalone lua interpreter: a message handler adds a
 * traceback, SIGINT during a call sets a hook that stops Lua code at the
 * next instruction and a flag that C primitives poll (halt.h).
 */
#define _XOPEN_SOURCE 700
#include "host.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lfs.h>
#include <lualib.h>

#include "halt.h"
#include "lchiso.h"
#include "mem.h"
#include "outlimit.h"
#include "sandbox.h"

#ifndef CHISO_SHARE_DIR
#define CHISO_SHARE_DIR "/usr/local/share/chiso"
#endif

static lua_State *running; /* the state a SIGINT should stop */

static void stop_hook(lua_State *L, lua_Debug *ar)
{
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted");
}

/* Like lua.c's laction: stop Lua at its next instruction, C loops at their next check. */
static void on_sigint(int sig)
{
  signal(sig, SIG_DFL); /* a second Ctrl-C kills the process */
  halt_request(HALT_INTERRUPT);
  if (running != NULL && lua_gethook(running) == NULL) /* a sandbox's hook checks the flag itself */
    lua_sethook(running, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static int msghandler(lua_State *L)
{
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int host_docall(lua_State *L, int narg, int nres)
{
  int base = lua_gettop(L) - narg;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  running = L;
  halt_clear();
  void (*old)(int) = signal(SIGINT, on_sigint);
  int status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, old == SIG_ERR ? SIG_DFL : old);
  if (lua_gethook(L) == stop_hook)
    lua_sethook(L, NULL, 0, 0); /* a C primitive stopped first: the hook is still waiting */
  running = NULL;
  lua_remove(L, base);
  return status;
}

/*
 * The limit a failed run reached, if any: the memory limit or the deadline
 * are noted here too, as a C primitive can reach them before the sandbox's
 * hook sees it. Under a memory limit, memory running out is that limit too:
 * the system's own limit on the process (confine.h) is there to back it up.
 */
static sandbox_limit limit_reached(int status)
{
  if (mem_limit_reached() || (status == LUA_ERRMEM && mem_limit() != 0))
    sandbox_record(LIMIT_MEMORY);
  if (halt_check() == HALT_TIMEOUT)
    sandbox_record(LIMIT_TIME);
  return sandbox_hit();
}

/*
 * A limit shows up as whatever error it caused ("not enough memory"), so the
 * limit is named instead. Other messages count against the output limit like
 * all the run writes, and are cut there; the limit's own message is not.
 */
/*
 * A limit reached by a chunk that then ended anyway (its last print passed
 * --max-output, which is counted as the output leaves its buffer; it caught
 * the time limit a C loop raised, which the hook never saw): said, and an
 * error, so the run ends with that limit's status.
 */
static int late_limit(void)
{
  fflush(stdout);
  sandbox_limit hit = limit_reached(LUA_OK);
  if (hit == LIMIT_NONE)
    return LUA_OK;
  fprintf(outlimit_stderr(), "chiso: %s\n", sandbox_limit_message(hit));
  fflush(outlimit_stderr());
  return LUA_ERRRUN;
}

int host_report(lua_State *L, int status)
{
  if (status == LUA_OK)
    return late_limit();
  sandbox_limit hit = limit_reached(status);
  if (hit == LIMIT_NONE) {
    size_t len = 0;
    const char *msg = lua_tolstring(L, -1, &len);
    fputs("chiso: ", stderr);
    if (msg == NULL)
      fputs("(error object is not a string)", stderr);
    else
      outlimit_emit_shown(stderr, msg, len); /* it may quote a file, as a note does */
    fputs("\n", stderr);
    fflush(stderr);
    if ((hit = sandbox_hit()) != LIMIT_NONE)
      fputs("\n", outlimit_stderr()); /* the message was cut */
  }
  if (hit != LIMIT_NONE)
    fprintf(outlimit_stderr(), "chiso: %s\n", sandbox_limit_message(hit));
  fflush(outlimit_stderr());
  lua_pop(L, 1);
  return status;
}

chiso_exit host_exit_status(int status)
{
  if (status == LUA_OK)
    return CHISO_EXIT_OK;
  switch (limit_reached(status)) {
  case LIMIT_MEMORY: return CHISO_EXIT_MEMORY_LIMIT;
  case LIMIT_TIME: return CHISO_EXIT_TIME_LIMIT;
  case LIMIT_OUTPUT: return CHISO_EXIT_OUTPUT_LIMIT;
  case LIMIT_DEPTH: return CHISO_EXIT_DEPTH_LIMIT;
  case LIMIT_NONE: break;
  }
  if (halt_check() == HALT_INTERRUPT)
    return CHISO_EXIT_INTERRUPT;
  if (status == LUA_ERRMEM)
    return CHISO_EXIT_MEMORY;
  if (status == LUA_ERRFILE)
    return CHISO_EXIT_NOINPUT;
  return CHISO_EXIT_ERROR;
}

int host_dostring(lua_State *L, const char *code, const char *name)
{
  int status = luaL_loadbufferx(L, code, strlen(code), name, "t");
  if (status == LUA_OK)
    status = host_docall(L, 0, 0);
  return host_report(L, status);
}

/* Pushes the script arguments arg[1..n] and returns n. */
static int push_script_args(lua_State *L)
{
  if (lua_getglobal(L, "arg") != LUA_TTABLE)
    luaL_error(L, "'arg' is not a table");
  int n = (int)luaL_len(L, -1);
  luaL_checkstack(L, n + 3, "too many arguments to script");
  for (int i = 1; i <= n; i++)
    lua_rawgeti(L, -i, i);
  lua_remove(L, -n - 1);
  return n;
}

int host_dofile(lua_State *L, const char *path)
{
  int status = luaL_loadfilex(L, path, "t");
  if (status == LUA_OK) {
    int n = push_script_args(L);
    status = host_docall(L, n, 0);
  }
  return host_report(L, status);
}

static void set_text(lua_State *L, const char *key, const char *value)
{
  if (value != NULL) {
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
  }
}

void host_push_flags(lua_State *L, const host_flags *f)
{
  lua_createtable(L, 0, 8);
  if (f->sandbox)
    lua_pushboolean(L, 1), lua_setfield(L, -2, "sandbox");
  if (f->trust)
    lua_pushboolean(L, 1), lua_setfield(L, -2, "trust");
  set_text(L, "max-memory", f->max_memory);
  set_text(L, "timeout", f->timeout);
  set_text(L, "max-output", f->max_output);
  set_text(L, "max-depth", f->max_depth);
  lua_createtable(L, f->nread, 0);
  for (int k = 0; k < f->nread; k++) {
    lua_pushstring(L, f->allow_read[k]);
    lua_rawseti(L, -2, k + 1);
  }
  lua_setfield(L, -2, "allow-read");
}

/* Pushes the script's arguments (arg[1..n]) as one table with n. */
void host_push_args(lua_State *L)
{
  int n = push_script_args(L);
  lua_createtable(L, n, 1);
  lua_insert(L, -n - 1);
  for (int i = n; i >= 1; i--)
    lua_rawseti(L, -i - 1, i);
  lua_pushinteger(L, n);
  lua_setfield(L, -2, "n");
}

/* chiso.sandbox.run_file(path, args, flags), in Lua, for host_docall: path and flags are upvalues. */
static int run_script(lua_State *L)
{
  host_push_function(L, "chiso.sandbox", "run_file");
  lua_pushvalue(L, lua_upvalueindex(1));
  host_push_args(L);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_call(L, 3, 2);
  return 2;
}

int host_run_file(lua_State *L, const char *path, const host_flags *f)
{
  lua_pushstring(L, path);
  host_push_flags(L, f);
  lua_pushcclosure(L, run_script, 2);
  int status = host_docall(L, 0, 2);
  if (status == LUA_OK && !lua_toboolean(L, -2)) {
    /* the file could not be loaded: say why, as luaL_loadfile would */
    const char *msg = lua_tostring(L, -1);
    status = msg && strncmp(msg, "cannot ", 7) == 0 ? LUA_ERRFILE : LUA_ERRSYNTAX;
    lua_remove(L, -2);
    return host_report(L, status);
  }
  if (status == LUA_OK)
    lua_pop(L, 2);
  return host_report(L, status);
}

void host_push_function(lua_State *L, const char *module, const char *name)
{
  lua_getglobal(L, "require");
  lua_pushstring(L, module);
  lua_call(L, 1, 1);
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
}

int host_require(lua_State *L, const char *name)
{
  lua_getglobal(L, "require");
  lua_pushstring(L, name);
  int status = host_docall(L, 1, 1);
  if (status == LUA_OK)
    lua_setglobal(L, name);
  return host_report(L, status);
}

int host_command(lua_State *L, int argc, char **argv)
{
  host_set_arg(L, argv, argc, 1);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "chiso.cli");
  int status = host_docall(L, 1, 1);
  if (status == LUA_OK) {
    lua_getfield(L, -1, "command");
    lua_remove(L, -2);
    for (int i = 1; i < argc; i++)
      lua_pushstring(L, argv[i]);
    status = host_docall(L, argc - 1, 1);
  }
  if (host_report(L, status) != LUA_OK)
    return host_exit_status(status);
  int code = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return code;
}

void host_set_arg(lua_State *L, char **argv, int argc, int script)
{
  lua_createtable(L, argc - script - 1 > 0 ? argc - script - 1 : 0, script + 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

/* Paths */

static int is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int has_library(const char *dir)
{
  char path[PATH_MAX];
  return snprintf(path, sizeof path, "%s/lua/chiso/init.lua", dir) < (int)sizeof path &&
         is_file(path);
}

/*
 * The directory that holds lua/, scripts/ and data/: the executable's own
 * directory in a source tree, <prefix>/share/chiso beside an installed
 * binary, or the share directory chosen at build time.
 */
static void push_home(lua_State *L)
{
  char exe[PATH_MAX], share[PATH_MAX], real[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL)
      *slash = '\0';
    if (has_library(exe)) {
      lua_pushstring(L, exe);
      return;
    }
    if (snprintf(share, sizeof share, "%s/../share/chiso", exe) < (int)sizeof share &&
        realpath(share, real) != NULL && has_library(real)) {
      lua_pushstring(L, real);
      return;
    }
  }
  lua_pushstring(L, CHISO_SHARE_DIR);
}

/* package.path: each directory of $CHISO_PATH, then home/lua, then Lua's own default. */
static void set_package_path(lua_State *L, const char *home)
{
  luaL_Buffer b;
  lua_getglobal(L, "package");
  luaL_buffinit(L, &b);
  const char *dirs = getenv("CHISO_PATH");
  while (dirs != NULL && *dirs != '\0') {
    size_t len = strcspn(dirs, ":");
    if (len > 0) {
      luaL_addlstring(&b, dirs, len);
      luaL_addstring(&b, "/?.lua;");
      luaL_addlstring(&b, dirs, len);
      luaL_addstring(&b, "/?/init.lua;");
    }
    dirs += len + (dirs[len] == ':');
  }
  lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua;", home, home);
  luaL_addvalue(&b);
  lua_getfield(L, -2, "path");
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
}

static void preload(lua_State *L, const char *name, lua_CFunction open)
{
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, open);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

/* Everything that can fail while opening runs here, under lua_pcall. */
static int setup(lua_State *L)
{
  luaL_openlibs(L);
  preload(L, "lfs", luaopen_lfs);
  preload(L, "chiso.core", luaopen_chiso_core);
  push_home(L);
  const char *home = lua_tostring(L, -1);
  set_package_path(L, home);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "chiso");
  lua_call(L, 1, 1);
  lua_setglobal(L, "chiso");
  lua_pop(L, 1);
  return 0;
}

lua_State *host_open(void)
{
  mem_init();
  lua_State *L = lua_newstate(mem_lua_alloc, NULL);
  if (L == NULL) {
    fprintf(stderr, "chiso: not enough memory to start\n");
    return NULL;
  }
  lua_pushcfunction(L, setup);
  if (host_report(L, host_docall(L, 0, 0)) != LUA_OK) {
    lua_close(L);
    return NULL;
  }
  return L;
}

void host_close(lua_State *L)
{
  lua_close(L);
}
