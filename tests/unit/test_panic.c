/*
 * test_panic.c - the host's last resort: an error raised outside every
 * protected call, in a state opened as chiso opens it (host_open_with),
 * reaches the panic handler, which prints the message and exits with
 * status 1 where Lua itself would abort (SIGABRT). chiso runs everything
 * protected, so no command line can reach the handler; each case raises
 * the error in a child process and reads what it said on stderr. The
 * expected line is docs/cli.md's ("Errors and exit statuses"): lauxlib's
 * own panic message, with chiso's prefix for Lua's "PANIC: ". These cases
 * run first (main.c), before other cases leave a limit noted in the process.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "host.h"
#include "unit.h"

/* The child's state, in a global so that a leak check at its exit sees it as reachable. */
static lua_State *child_state;

/* In the child: opens the state and runs unprotected(L) outside any protected call. */
static void raise_in_child(void (*unprotected)(lua_State *L), int err_fd)
{
  dup2(err_fd, 2);
  close(err_fd);
  /* chiso's Lua library, as found from the project's root, where the unit tests run */
  char cwd[4096], lib[4200];
  if (getcwd(cwd, sizeof cwd) == NULL)
    _exit(77);
  snprintf(lib, sizeof lib, "%s/lua", cwd);
  setenv("CHISO_PATH", lib, 1);
  child_state = host_open_with(1);
  if (child_state == NULL)
    _exit(78);
  unprotected(child_state);
  _exit(79); /* it came back, which lua_error never does */
}

/*
 * Runs unprotected in a child and checks that it exited with status 1 having
 * printed exactly expected_stderr.
 */
static void check_panic(void (*unprotected)(lua_State *L), const char *expected_stderr)
{
  int fds[2];
  if (pipe(fds) != 0) {
    unit_fail(__FILE__, __LINE__, "pipe failed");
    return;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    raise_in_child(unprotected, fds[1]);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    unit_fail(__FILE__, __LINE__, "fork failed");
    return;
  }
  char got[2048];
  size_t len = 0;
  ssize_t n;
  while (len < sizeof got - 1 && (n = read(fds[0], got + len, sizeof got - 1 - len)) > 0)
    len += (size_t)n;
  got[len] = '\0';
  close(fds[0]);
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);
  if (WIFSIGNALED(status))
    unit_fail(__FILE__, __LINE__, "the child was killed by signal %d; stderr: \"%s\"",
              WTERMSIG(status), got);
  else if (WEXITSTATUS(status) != CHISO_EXIT_ERROR) /* 77-80: the child's own failures */
    unit_fail(__FILE__, __LINE__, "the child exited with status %d, expected %d; stderr: \"%s\"",
              WEXITSTATUS(status), CHISO_EXIT_ERROR, got);
  CHECK_STR(got, expected_stderr);
}

static void raise_string(lua_State *L)
{
  lua_pushliteral(L, "boom from C");
  lua_error(L);
}

/* A Lua function called with lua_call, not lua_pcall, that raises a table. */
static void call_raising_table(lua_State *L)
{
  if (luaL_loadstring(L, "error({})") != LUA_OK)
    _exit(80);
  lua_call(L, 0, 0);
}

void test_panic(void)
{
  CASE("panic: an unprotected lua_error prints its message and exits 1, not abort")
  {
    check_panic(raise_string, "chiso: unprotected error in call to Lua API (boom from C)\n");
  }
  CASE("panic: an unprotected lua_call that raises a table says the error is not a string")
  {
    check_panic(call_raising_table,
                "chiso: unprotected error in call to Lua API (error object is not a string)\n");
  }
}
