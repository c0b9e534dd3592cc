/*
 * host.h - the Lua state chiso runs scripts in, and how chunks are run.
 *
 * host_open builds a state whose memory goes through mem.h, with the
 * standard libraries, LuaFileSystem preloaded as "lfs", the library as the
 * global `chiso`, a searcher for chiso's lua/ directory (and $CHISO_PATH)
 * before Lua's own package.path, and lua.c's warning function. Every chunk
 * runs protected with a traceback; Ctrl-C stops it. A run's whole body runs
 * under host_protected, as lua.c's under its pmain, so no Lua error raised
 * between chunks can reach the panic handler, which is there as a last
 * resort (it prints the message and exits with status 1).
 */
#ifndef CHISO_HOST_H
#define CHISO_HOST_H

#include <lua.h>

/* Exit statuses of the chiso command; --help lists them. */
typedef enum chiso_exit {
  CHISO_EXIT_OK = 0,
  CHISO_EXIT_ERROR = 1,       /* a script raised an error */
  CHISO_EXIT_USAGE = 2,       /* the command line is wrong */
  CHISO_EXIT_NOINPUT = 3,     /* a script file could not be read */
  CHISO_EXIT_MEMORY = 4,      /* memory ran out */
  CHISO_EXIT_MEMORY_LIMIT = 5, /* a sandboxed report reached its memory limit */
  CHISO_EXIT_TIME_LIMIT = 6,   /* ... its time limit */
  CHISO_EXIT_OUTPUT_LIMIT = 7, /* ... its output limit */
  CHISO_EXIT_DEPTH_LIMIT = 8,  /* ... its recursion depth limit */
  CHISO_EXIT_FORBIDDEN = 9,    /* a sandboxed report made a forbidden system call */
  CHISO_EXIT_ISOLATION = 10,   /* the sandbox's process layer could not be set up as asked */
  CHISO_EXIT_INTERRUPT = 130  /* stopped with Ctrl-C (128 + SIGINT) */
  /* a sandboxed report that crashed: 128 + the signal, as a shell says it */
} chiso_exit;

/* Most folders --allow-read can name. */
#define HOST_MAX_READ 32

/* chiso's own options for running a script, as given (NULL or 0 when not). */
typedef struct host_flags {
  int sandbox, trust, require_isolation;
  int warnings; /* -W: the report's state starts with warnings on */
  const char *max_memory, *timeout, *max_output, *max_depth;
  const char *allow_read[HOST_MAX_READ];
  int nread;
} host_flags;

/* A new state, or NULL after printing why on stderr; host_open_with(1) ignores LUA_PATH and LUA_CPATH (-E). */
lua_State *host_open(void);
lua_State *host_open_with(int ignore_env);
void host_close(lua_State *L);

/*
 * Sets the global `arg` as the standalone lua interpreter does: arg[0] is
 * the script, arg[1..] its arguments, negative indices the options before it.
 * script is the index in argv of the script (0 when there is none).
 */
void host_set_arg(lua_State *L, char **argv, int argc, int script);

/* Calls the function below narg arguments, with a traceback and Ctrl-C handling; a Lua status. */
int host_docall(lua_State *L, int narg, int nres);

/* Prints the error on top of the stack as "chiso: message" when status is an error. */
int host_report(lua_State *L, int status);

/*
 * Runs body(L, ud) in a protected call, with nothing on the stack, and
 * returns what it returns: an exit status. An error raised by body itself
 * (outside any chunk it runs) is reported as "chiso: message", as lua.c
 * reports one raised in its pmain, and gives its exit status.
 */
int host_protected(lua_State *L, int (*body)(lua_State *L, void *ud), void *ud);

int host_dostring(lua_State *L, const char *code, const char *name);
/*
 * Runs the file at path (NULL: standard input), with the script arguments
 * from `arg` when with_args (raising "'arg' is not a table" when it is not).
 */
int host_dofile(lua_State *L, const char *path, int with_args);
/* Runs LUA_INIT_5_4, else LUA_INIT: "@file" runs the file, anything else is code; a Lua status. */
int host_run_init(lua_State *L);

/*
 * Runs the script file at path with the script arguments from `arg` under f
 * (sandboxed when f->sandbox): chiso.sandbox.load_file loads it and starts
 * its limits, then the chunk is called from the caller's C frame, as lua.c
 * calls a script; a Lua status.
 */
int host_run_file(lua_State *L, const char *path, const host_flags *f);
/* Pushes the script arguments from `arg` (arg[1..n]) as one table with its n. */
void host_push_args(lua_State *L);

/*
 * A script file on its way from the state that plans it to where it runs.
 * The parent's state decides (chiso.sandbox.plan): a trusted script runs in
 * that state, under the limits it was given; a sandboxed one runs in a child
 * process, confined before its own fresh state is made (run.c), once the
 * parent's state is closed. Owned by whoever host_plan_script gave it to,
 * until host_script_free.
 */
typedef struct host_script host_script;

/*
 * Plans the script argv[script] with the arguments after it, or with by_name
 * the script that name finds (chiso run NAME), into *out (set before any
 * Lua call, so the caller frees it whatever happens); for a body run by
 * host_protected. An exit status, other than 0 once the reason is said.
 */
int host_plan_script(lua_State *L, host_script **out, const host_flags *f, char **argv, int argc,
                     int script, int by_name);
int host_script_sandboxed(const host_script *s);
/* Runs a trusted script in L, from a body run by host_protected; an exit status. */
int host_run_trusted(lua_State *L, host_script *s);
/* Runs a sandboxed report in a process of its own, the parent's state closed; an exit status. */
int host_run_sandboxed(host_script *s);
void host_script_free(host_script *s);

/*
 * Starts the limits f gives in this process, for -e code and a script read
 * from standard input (a script file gets them from host_run_trusted); an
 * exit status, other than 0 once a bad limit is reported.
 */
int host_limit_here(lua_State *L, const host_flags *f);
/*
 * A trusted script's limits stay on until the process ends, so that its
 * finalizers are held to them too; the prompt that may follow it (chiso -i)
 * takes them away first.
 */
void host_end_limits(lua_State *L);

/*
 * Pushes require(module)[name], a function of chiso's Lua library; for C
 * code running under a protected call, since require may raise.
 */
void host_push_function(lua_State *L, const char *module, const char *name);

/* -l spec: runs global[name] = require(name), or with spec "g=mod" global g = require(mod). */
int host_require(lua_State *L, const char *spec);

/*
 * Runs a subcommand (`chiso run NAME ...`, `chiso list`) through the Lua
 * module chiso.cli, with argv[1] the subcommand; returns the exit status.
 */
int host_command(lua_State *L, int argc, char **argv);

/* The exit status that a Lua status calls for (LUA_ERRFILE: a script that could not be read). */
chiso_exit host_exit_status(int status);

/* Pushes f as chiso.sandbox takes its flags: {sandbox =, trust =, ["allow-read"] = {...}, timeout =, ...}. */
void host_push_flags(lua_State *L, const host_flags *f);

#endif
