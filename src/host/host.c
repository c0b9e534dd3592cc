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

/*
 * The warning function, as lua.c's (lauxlib's): off at first, "@on" and
 * "@off" turn it on and off, other control messages ("@...") are ignored; a
 * warning goes to standard error as "Lua warning: <message>", its pieces
 * (warn("a", "b")) joined on one line. stderr is counted against
 * --max-output and shown safely on a terminal when those are in force
 * (outlimit.h), as every message of the run is.
 */
static void warn_off(void *ud, const char *message, int tocont);
static void warn_on(void *ud, const char *message, int tocont);
static void warn_cont(void *ud, const char *message, int tocont);

/* 1 when message is a control message (then obeyed, or ignored when unknown). */
static int warn_control(lua_State *L, const char *message, int tocont)
{
  if (tocont || *message != '@')
    return 0;
  if (strcmp(message + 1, "off") == 0)
    lua_setwarnf(L, warn_off, L);
  else if (strcmp(message + 1, "on") == 0)
    lua_setwarnf(L, warn_on, L);
  return 1;
}

static void warn_off(void *ud, const char *message, int tocont)
{
  warn_control(ud, message, tocont);
}

static void warn_cont(void *ud, const char *message, int tocont)
{
  fputs(message, stderr);
  if (tocont) {
    lua_setwarnf(ud, warn_cont, ud);
  } else {
    fputs("\n", stderr);
    lua_setwarnf(ud, warn_on, ud);
  }
  fflush(stderr);
}

static void warn_on(void *ud, const char *message, int tocont)
{
  if (warn_control(ud, message, tocont))
    return;
  fputs("Lua warning: ", stderr);
  warn_cont(ud, message, tocont);
}

/*
 * The last resort, for an error raised outside every protected call (none
 * should be: main runs under host_protected): the message and status 1,
 * where Lua itself would abort the process.
 */
static int panic(lua_State *L)
{
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "chiso: unprotected error in call to Lua API (%s)\n",
          msg ? msg : "error object is not a string");
  fflush(NULL);
  exit(CHISO_EXIT_ERROR);
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

/*
 * The body of a run, protected as lua.c runs its pmain: every call into Lua
 * made outside a chunk (pushing arg, reading _PROMPT, ...) is caught here,
 * and a chunk run from body is called from this one C frame, so that its
 * traceback and debug.getinfo see what lua shows ("[C]: in ?" below the
 * main chunk).
 */
typedef struct protected_run {
  int (*body)(lua_State *L, void *ud);
  void *ud;
  int code;
} protected_run;

static int protected_main(lua_State *L)
{
  protected_run *run = lua_touserdata(L, 1);
  lua_settop(L, 0);
  run->code = run->body(L, run->ud);
  return 0;
}

int host_protected(lua_State *L, int (*body)(lua_State *L, void *ud), void *ud)
{
  protected_run run = {body, ud, CHISO_EXIT_ERROR};
  lua_pushcfunction(L, protected_main);
  lua_pushlightuserdata(L, &run);
  int status = lua_pcall(L, 1, 0, 0);
  if (status != LUA_OK) {
    host_report(L, status);
    return host_exit_status(status);
  }
  return run.code;
}

int host_dostring(lua_State *L, const char *code, const char *name)
{
  int status = luaL_loadbufferx(L, code, strlen(code), name, "t");
  if (status == LUA_OK)
    status = host_docall(L, 0, 0);
  return host_report(L, status);
}

/* Pushes the script arguments arg[1..n] and returns n; raises when arg is not a table. */
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

int host_dofile(lua_State *L, const char *path, int with_args)
{
  int status = luaL_loadfilex(L, path, "t");
  if (status == LUA_OK) {
    int n = with_args ? push_script_args(L) : 0;
    status = host_docall(L, n, 0);
  }
  return host_report(L, status);
}

int host_run_init(lua_State *L)
{
  const char *name = "=LUA_INIT_5_4";
  const char *init = getenv(name + 1);
  if (init == NULL) {
    name = "=LUA_INIT";
    init = getenv(name + 1);
  }
  if (init == NULL)
    return LUA_OK;
  if (init[0] == '@')
    return host_dofile(L, init + 1, 0);
  return host_dostring(L, init, name);
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

/*
 * chiso.sandbox.load_file(path, args, flags), for host_docall (path and
 * flags are upvalues): the script's chunk, its limits started, or nil and
 * why it could not be loaded.
 */
static int load_script(lua_State *L)
{
  host_push_function(L, "chiso.sandbox", "load_file");
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
  lua_pushcclosure(L, load_script, 2);
  int status = host_docall(L, 0, 2);
  if (status == LUA_OK && lua_isnil(L, -2)) {
    /* the file could not be loaded: say why, as luaL_loadfile would */
    const char *msg = lua_tostring(L, -1);
    status = msg && strncmp(msg, "cannot ", 7) == 0 ? LUA_ERRFILE : LUA_ERRSYNTAX;
    lua_remove(L, -2);
    return host_report(L, status);
  }
  if (status == LUA_OK) {
    lua_pop(L, 1);
    /* called from the C code that called this, as lua.c calls a script: no library frame between */
    status = host_docall(L, push_script_args(L), 0);
  }
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

int host_require(lua_State *L, const char *spec)
{
  const char *equals = strchr(spec, '=');
  const char *module = equals ? equals + 1 : spec;
  lua_getglobal(L, "require");
  lua_pushstring(L, module);
  int status = host_docall(L, 1, 1);
  if (status == LUA_OK) {
    if (equals != NULL)
      lua_pushlstring(L, spec, (size_t)(equals - spec));
    else
      lua_pushstring(L, spec);
    lua_insert(L, -2);
    lua_setglobal(L, lua_tostring(L, -2));
    lua_pop(L, 1);
  }
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
    luaL_checkstack(L, argc, "too many arguments");
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

/* chiso's module folders as a template for package.searchpath: each of $CHISO_PATH, then home/lua. */
static void push_library_path(lua_State *L, const char *home)
{
  luaL_Buffer b;
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
  luaL_addstring(&b, home);
  luaL_addstring(&b, "/lua/?.lua;");
  luaL_addstring(&b, home);
  luaL_addstring(&b, "/lua/?/init.lua");
  luaL_pushresult(&b);
}

/*
 * The searcher of chiso's module folders (upvalue 1, from push_library_path;
 * upvalue 2 is package.searchpath), which require tries after
 * package.preload and before Lua's own package.path: package.path stays as
 * Lua sets it (LUA_PATH_5_4, LUA_PATH or its default), as lua leaves it,
 * and so does the message of a module found nowhere.
 */
static int search_library(lua_State *L)
{
  const char *name = luaL_checkstring(L, 1);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushstring(L, name);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_call(L, 2, 2);
  if (lua_isnil(L, -2))
    return 0; /* nothing to add to require's message, which is then lua's */
  const char *file = lua_tostring(L, -2);
  if (luaL_loadfilex(L, file, NULL) != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                      lua_tostring(L, -1));
  lua_pushstring(L, file);
  return 2;
}

static void add_searcher(lua_State *L, const char *home)
{
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchers");
  lua_getglobal(L, "table");
  lua_getfield(L, -1, "insert");
  lua_pushvalue(L, -3);
  lua_pushinteger(L, 2);
  push_library_path(L, home);
  lua_getfield(L, -7, "searchpath");
  lua_pushcclosure(L, search_library, 2);
  lua_call(L, 3, 0);
  lua_pop(L, 3);
}

static void preload(lua_State *L, const char *name, lua_CFunction open)
{
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, open);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

/* Everything that can fail while opening runs here, under lua_pcall; upvalue 1 is -E. */
static int setup(lua_State *L)
{
  if (lua_toboolean(L, lua_upvalueindex(1))) {
    lua_pushboolean(L, 1); /* as lua -E: the package library ignores LUA_PATH and LUA_CPATH */
    lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  }
  luaL_openlibs(L);
  lua_gc(L, LUA_GCGEN, 0, 0); /* as lua.c; measured in docs/cli.md, "The garbage collector" */
  preload(L, "lfs", luaopen_lfs);
  preload(L, "chiso.core", luaopen_chiso_core);
  push_home(L);
  add_searcher(L, lua_tostring(L, -1));
  lua_getglobal(L, "require");
  lua_pushliteral(L, "chiso");
  lua_call(L, 1, 1);
  lua_setglobal(L, "chiso");
  lua_pop(L, 1);
  return 0;
}

lua_State *host_open_with(int ignore_env)
{
  mem_init();
  lua_State *L = lua_newstate(mem_lua_alloc, NULL);
  if (L == NULL) {
    fprintf(stderr, "chiso: not enough memory to start\n");
    return NULL;
  }
  lua_atpanic(L, panic);
  lua_setwarnf(L, warn_off, L);
  lua_pushboolean(L, ignore_env);
  lua_pushcclosure(L, setup, 1);
  if (host_report(L, host_docall(L, 0, 0)) != LUA_OK) {
    lua_close(L);
    return NULL;
  }
  return L;
}

lua_State *host_open(void)
{
  return host_open_with(0);
}

void host_close(lua_State *L)
{
  lua_close(L);
}
