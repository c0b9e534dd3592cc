/*
 * lsandbox.c - chiso.sandbox: the C half of sandboxed runs. It sets the
 * folders a report may read and write, starts the limits (memory through
 * mem.h, time through halt.h, recursion depth and the time budget through an
 * instruction-count hook; in trusted runs too, when they are given), counts
 * the report's output, and checks the paths that library code opens on a
 * report's behalf. Its resume and wrap count the depth of calls across
 * coroutines. The environment a report sees is built in lua/chiso/sandbox.lua.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "halt.h"
#include "lchiso.h"
#include "mem.h"
#include "outlimit.h"
#include "runlimits.h"
#include "sandbox.h"
#include "supervise.h"

/* Instructions between two looks at the clock. */
#define HOOK_COUNT 1000
/* Calls between two looks at the depth of the stack. */
#define DEPTH_EVERY 16

static int max_depth;
static unsigned calls;
/* The calls on the stacks of the coroutines that resumed the running one, which count too. */
static int chain_depth;

static sandbox_limit current_limit(void)
{
  if (sandbox_hit() == LIMIT_NONE && mem_limit_reached())
    sandbox_record(LIMIT_MEMORY);
  return sandbox_hit();
}

static int raise_limit(lua_State *L, sandbox_limit which)
{
  sandbox_record(which);
  return luaL_error(L, "%s", sandbox_limit_message(which));
}

/*
 * Runs every HOOK_COUNT instructions and at every call. Once a limit has
 * been reached it raises again at each chance, so a pcall in the report can
 * catch the error but cannot go on running.
 */
static void hook(lua_State *L, lua_Debug *ar)
{
  sandbox_limit hit = current_limit();
  if (hit != LIMIT_NONE)
    raise_limit(L, hit);
  if (ar->event == LUA_HOOKCOUNT) {
    int why = halt_check();
    if (why == HALT_TIMEOUT)
      raise_limit(L, LIMIT_TIME);
    if (why == HALT_INTERRUPT)
      luaL_error(L, "interrupted");
  } else if (ar->event == LUA_HOOKCALL && max_depth > 0 && ++calls % DEPTH_EVERY == 0) {
    lua_Debug deeper;
    if (max_depth <= chain_depth || lua_getstack(L, max_depth - chain_depth, &deeper))
      raise_limit(L, LIMIT_DEPTH);
  }
}

/* The limits given in the table at t (its "max-memory", "timeout", ... fields). */
static void read_limits(lua_State *L, int t, run_limits *lim)
{
  static const char *const options[] = {"max-memory", "timeout", "max-output", "max-depth", NULL};
  for (int k = 0; options[k] != NULL; k++) {
    if (lua_getfield(L, t, options[k]) != LUA_TNIL) {
      cherr e;
      const char *text = luaL_tolstring(L, -1, NULL);
      if (limits_set(lim, options[k], text, &e) != 0)
        luaL_error(L, "%s", e.msg);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
}

/*
 * chiso.sandbox.start(flags [, trusted]): the limits, from now on. A
 * sandboxed report gets every limit (the defaults filling in) and the
 * sandbox's rules on files; a trusted script only the limits it was given.
 */
static int l_start(lua_State *L)
{
  if (sandbox_active())
    return luaL_error(L, "sandbox: the limits cannot change once the report has started");
  luaL_checktype(L, 1, LUA_TTABLE);
  int trusted = lua_toboolean(L, 2);
  run_limits lim = {0, 0, 0, 0};
  read_limits(L, 1, &lim);
  if (!trusted)
    limits_defaults(&lim);
  limits_describe(&lim);
  if (!trusted)
    sandbox_activate();
  sandbox_set_output_limit(lim.output);
  if (lim.memory != 0)
    mem_set_limit(mem_used() + lim.memory);
  halt_set_deadline(lim.seconds);
  max_depth = lim.depth;
  if (limits_any(&lim))
    lua_sethook(L, hook, LUA_MASKCOUNT | LUA_MASKCALL, HOOK_COUNT);
  supervise_started();
  return 0;
}

/* Calls a sandbox function on the path argument: nothing, or its refusal raised. */
static int on_path(lua_State *L, int (*fn)(const char *path, cherr *e))
{
  cherr e;
  if (fn(luaL_checkstring(L, 1), &e) != 0)
    return lchiso_raise(L, &e);
  return 0;
}

/* The folders are set before the report starts, never by code running inside it. */
static int on_setup_path(lua_State *L, int (*fn)(const char *path, cherr *e))
{
  if (sandbox_active())
    return luaL_error(L, "sandbox: the allowed folders cannot change once the report has started");
  return on_path(L, fn);
}

/* allow_read(dir), allow_write(dir), check_read(path), check_write(path). */
static int l_allow_read(lua_State *L) { return on_setup_path(L, sandbox_allow_read); }
static int l_allow_write(lua_State *L) { return on_setup_path(L, sandbox_allow_write); }
static int l_check_read(lua_State *L) { return on_path(L, sandbox_check_read); }
static int l_check_write(lua_State *L) { return on_path(L, sandbox_check_write); }

/* Writes text to f, counted against the output limit (outlimit.h). */
static int emit_to(lua_State *L, FILE *f)
{
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  if (outlimit_emit(f, s, len) != 0)
    return raise_limit(L, LIMIT_OUTPUT);
  return 0;
}

/* emit(text), emit_error(text): the report's output to standard output or error, counted. */
static int l_emit(lua_State *L) { return emit_to(L, stdout); }
static int l_emit_error(lua_State *L) { return emit_to(L, stderr); }

/*
 * exit(status): how library code ends a sandboxed report early (cli.stop).
 * The report's own finalizers do not run, so none can hold the exit up; the
 * status is 0, 1 or 2, so a report cannot pass for one stopped by a limit.
 */
static int l_exit(lua_State *L)
{
  lua_Integer status = luaL_optinteger(L, 1, 0);
  fflush(NULL);
  _exit(status >= 0 && status <= 2 ? (int)status : 1);
}

/* limit(): the name of the limit that was reached, or nil. */
static int l_limit(lua_State *L)
{
  sandbox_limit hit = current_limit();
  if (hit == LIMIT_NONE)
    return 0;
  lua_pushstring(L, sandbox_limit_name(hit));
  return 1;
}

static int l_active(lua_State *L)
{
  lua_pushboolean(L, sandbox_active());
  return 1;
}

static int l_realpath(lua_State *L)
{
  char out[4096];
  if (sandbox_resolve(luaL_checkstring(L, 1), out, sizeof out) != 0)
    return 0;
  lua_pushstring(L, out);
  return 1;
}

/* Coroutines: the depth of calls across them -------------------------------- */

/* The number of levels on L's stack (as lauxlib's traceback finds it). */
static int stack_depth(lua_State *L)
{
  lua_Debug ar;
  int li = 1, le = 1;
  while (lua_getstack(L, le, &ar)) {
    li = le;
    le *= 2;
  }
  while (li < le) {
    int m = (li + le) / 2;
    if (lua_getstack(L, m, &ar))
      li = m + 1;
    else
      le = m;
  }
  return le;
}

/* Lua's own auxresume, with the resumer's calls counted while co runs: -1 and a message on error. */
static int resume(lua_State *L, lua_State *co, int narg)
{
  int nres;
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  int mine = max_depth > 0 ? stack_depth(L) : 0;
  lua_xmove(L, co, narg);
  chain_depth += mine;
  int status = lua_resume(co, L, narg, &nres);
  chain_depth -= mine;
  if (status != LUA_OK && status != LUA_YIELD) {
    lua_xmove(co, L, 1);
    return -1;
  }
  if (!lua_checkstack(L, nres + 1)) {
    lua_pop(co, nres);
    lua_pushliteral(L, "too many results to resume");
    return -1;
  }
  lua_xmove(co, L, nres);
  return nres;
}

/* resume(co, ...): coroutine.resume, counting depth across coroutines. */
static int l_resume(lua_State *L)
{
  lua_State *co = lua_tothread(L, 1);
  luaL_argexpected(L, co != NULL, 1, "coroutine");
  int r = resume(L, co, lua_gettop(L) - 1);
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(r + 1));
  return r + 1;
}

/* The function wrap returns: as Lua's auxwrap. */
static int wrapped(lua_State *L)
{
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  int r = resume(L, co, lua_gettop(L));
  if (r >= 0)
    return r;
  int status = lua_status(co);
  if (status != LUA_OK && status != LUA_YIELD) {
#if LUA_VERSION_RELEASE_NUM >= 50406
    status = lua_closethread(co, L);
#else
    status = lua_resetthread(co);
#endif
    lua_xmove(co, L, 1);
  }
  if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

/* wrap(f): coroutine.wrap, counting depth across coroutines. */
static int l_wrap(lua_State *L)
{
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State *co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushcclosure(L, wrapped, 1);
  return 1;
}

static const luaL_Reg functions[] = {
  {"start", l_start},             {"allow_read", l_allow_read}, {"allow_write", l_allow_write},
  {"check_read", l_check_read},   {"check_write", l_check_write}, {"emit", l_emit},
  {"emit_error", l_emit_error},   {"exit", l_exit},               {"resume", l_resume},
  {"wrap", l_wrap},
  {"limit", l_limit},             {"active", l_active},           {"realpath", l_realpath},
  {NULL, NULL},
};

int luaopen_chiso_sandbox(lua_State *L)
{
  luaL_newlib(L, functions);
  luaL_setfuncs(L, lchiso_output_functions, 0);
  return 1;
}
