/*
 * lsandbox.c - chiso.sandbox: the C half of sandboxed runs. It sets the
 * folders a report may read and write, starts the limits (memory through
 * mem.h, time through halt.h, recursion depth and the time budget through an
 * instruction-count hook), counts the report's output, and checks the paths
 * that library code opens on a report's behalf. The environment a report
 * sees is built in lua/chiso/sandbox.lua.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "halt.h"
#include "lchiso.h"
#include "mem.h"
#include "sandbox.h"

/* Instructions between two looks at the clock. */
#define HOOK_COUNT 1000
/* Calls between two looks at the depth of the stack. */
#define DEPTH_EVERY 16

static int max_depth;
static unsigned calls;

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
    if (lua_getstack(L, max_depth, &deeper))
      raise_limit(L, LIMIT_DEPTH);
  }
}

/* Bytes from a number or a string like "512M" (K, M, G; powers of 1024). */
static size_t check_size(lua_State *L, int t, const char *key, size_t dflt)
{
  if (lua_getfield(L, t, key) == LUA_TNIL) {
    lua_pop(L, 1);
    return dflt;
  }
  const char *s = lua_tostring(L, -1);
  char unit = 0;
  double v = 0;
  int n = 0;
  if (s == NULL || sscanf(s, "%lf%c%n", &v, &unit, &n) < 1 || v <= 0 ||
      (unit != 0 && !strchr("kKmMgG", unit)) || (n != 0 && s[n] != '\0'))
    return (size_t)luaL_error(L, "--%s must be a size in bytes with an optional K, M or G, not '%s'",
                              key, s ? s : luaL_typename(L, -1));
  double scale = unit == 'k' || unit == 'K' ? 1024.0 : unit == 'm' || unit == 'M' ? 1048576.0
               : unit == 'g' || unit == 'G' ? 1073741824.0 : 1.0;
  lua_pop(L, 1);
  return (size_t)(v * scale);
}

static double check_seconds(lua_State *L, int t)
{
  if (lua_getfield(L, t, "timeout") == LUA_TNIL) {
    lua_pop(L, 1);
    return 60;
  }
  int ok;
  double v = (double)lua_tonumberx(L, -1, &ok);
  if (!ok || v <= 0)
    luaL_error(L, "--timeout must be a number of seconds, not '%s'", luaL_tolstring(L, -1, NULL));
  lua_pop(L, 1);
  return v;
}

/* chiso.sandbox.start{memory =, timeout =, output =, depth =}: the limits, from now on. */
static int l_start(lua_State *L)
{
  if (sandbox_active())
    return luaL_error(L, "sandbox: the limits cannot change once the report has started");
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t memory = check_size(L, 1, "max-memory", (size_t)1 << 30);
  size_t output = check_size(L, 1, "max-output", (size_t)64 << 20);
  double seconds = check_seconds(L, 1);
  lua_getfield(L, 1, "max-depth");
  max_depth = (int)luaL_optinteger(L, -1, 200);
  lua_pop(L, 1);
  char how[64];
  snprintf(how, sizeof how, "--max-memory %zu bytes", memory);
  sandbox_describe_limit(LIMIT_MEMORY, how);
  snprintf(how, sizeof how, "--timeout %g s", seconds);
  sandbox_describe_limit(LIMIT_TIME, how);
  snprintf(how, sizeof how, "--max-output %zu bytes", output);
  sandbox_describe_limit(LIMIT_OUTPUT, how);
  snprintf(how, sizeof how, "--max-depth %d calls", max_depth);
  sandbox_describe_limit(LIMIT_DEPTH, how);
  sandbox_activate();
  sandbox_set_output_limit(output);
  mem_set_limit(mem_used() + memory);
  halt_set_deadline(seconds);
  lua_sethook(L, hook, LUA_MASKCOUNT | LUA_MASKCALL, HOOK_COUNT);
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

/* Writes text to f once it is counted against the output limit. */
static int emit_to(lua_State *L, FILE *f)
{
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  if (sandbox_count_output(len) != 0)
    return raise_limit(L, LIMIT_OUTPUT);
  fwrite(s, 1, len, f);
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

static const luaL_Reg functions[] = {
  {"start", l_start},             {"allow_read", l_allow_read}, {"allow_write", l_allow_write},
  {"check_read", l_check_read},   {"check_write", l_check_write}, {"emit", l_emit},
  {"emit_error", l_emit_error},   {"exit", l_exit},
  {"limit", l_limit},             {"active", l_active},           {"realpath", l_realpath},
  {NULL, NULL},
};

int luaopen_chiso_sandbox(lua_State *L)
{
  luaL_newlib(L, functions);
  luaL_setfuncs(L, lchiso_output_functions, 0);
  return 1;
}
