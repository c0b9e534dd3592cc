/*
 * run.c - running a script file. The parent's Lua state decides whether it
 * is trusted (chiso.sandbox.plan). A trusted script runs in this process
 * under the limits it was given, halt.h's alarm backing the time limit up.
 * A sandboxed report runs in a child process made before the report's Lua
 * state exists: the child confines itself (confine.h), then opens a fresh
 * state; the parent, its own state closed, watches the child (supervise.h),
 * names the limit or fault that ended it, and removes what a failed run
 * wrote under --out (outsnap.h).
 */
#include "host.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>

#include "ask.h"
#include "confine.h"
#include "encoding.h"
#include "halt.h"
#include "mem.h"
#include "outlimit.h"
#include "outsnap.h"
#include "par.h"
#include "runlimits.h"
#include "sandbox.h"
#include "sheet.h"
#include "supervise.h"

/* Most files and folders a plan can let a sandboxed report's process read. */
#define MAX_READS 64

typedef struct plan {
  char *path;     /* the script */
  int sandboxed;
  char *out;      /* its --out target, or NULL */
  char *read[MAX_READS + 1]; /* NULL-ended */
  char *write;    /* the folder its process may write in, or NULL */
  int make_dirs;  /* whether it may make folders there (a --out folder) */
  char *trust;    /* the trust list's file, where "always" is kept (ask.h), or NULL */
} plan;

/* A script on its way from the parent's state, which plans it, to where it runs. */
struct host_script {
  plan p;
  const host_flags *flags;
  run_limits lim;
  int layers;
  char **argv;
  int argc, script;
  char *work; /* a sandboxed report's work folder (sandbox_work_folder), or NULL */
};
typedef struct host_script job;

static char *copy(const char *s)
{
  return s ? mem_strndup(s, strlen(s)) : NULL;
}

static void plan_free(plan *p)
{
  mem_free(p->path);
  mem_free(p->out);
  mem_free(p->write);
  mem_free(p->trust);
  for (int k = 0; p->read[k] != NULL; k++)
    mem_free(p->read[k]);
}

/* The folder a --out target is written in: the folder itself, or the file's folder. */
static void set_write(plan *p)
{
  struct stat st;
  if (p->out == NULL)
    return;
  if (stat(p->out, &st) == 0 && S_ISDIR(st.st_mode)) {
    p->write = copy(p->out);
    p->make_dirs = 1;
    return;
  }
  const char *slash = strrchr(p->out, '/');
  p->write = slash == NULL ? copy(".") : mem_strndup(p->out, slash == p->out ? 1 : (size_t)(slash - p->out));
}

/* Fills the plan from the table on top: {path =, sandboxed =, out =, read = {...}}. */
static void take_plan(lua_State *L, plan *p)
{
  lua_getfield(L, -1, "path");
  lua_getfield(L, -2, "out");
  p->path = copy(luaL_checkstring(L, -2));
  p->out = copy(lua_tostring(L, -1));
  lua_pop(L, 2);
  lua_getfield(L, -1, "trust");
  p->trust = copy(lua_tostring(L, -1));
  lua_pop(L, 1);
  lua_getfield(L, -1, "sandboxed");
  p->sandboxed = lua_toboolean(L, -1);
  lua_getfield(L, -2, "read");
  for (int n = 0; n < MAX_READS; n++) {
    int is_text = lua_rawgeti(L, -1, n + 1) == LUA_TSTRING;
    if (is_text)
      p->read[n] = copy(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (!is_text)
      break;
  }
  lua_pop(L, 3);
  set_write(p);
  if (p->path == NULL || (p->out != NULL && p->write == NULL))
    luaL_error(L, "not enough memory");
}

/* chiso.sandbox.plan(script, args, flags, by_name) into the plan (upvalues: plan, script, flags, by_name). */
static int make_plan(lua_State *L)
{
  plan *p = lua_touserdata(L, lua_upvalueindex(1));
  host_push_function(L, "chiso.sandbox", "plan");
  lua_pushvalue(L, lua_upvalueindex(2));
  host_push_args(L);
  lua_pushvalue(L, lua_upvalueindex(3));
  lua_pushvalue(L, lua_upvalueindex(4));
  lua_call(L, 4, 2);
  if (lua_isnil(L, -2))
    return 1; /* no such script: the message */
  lua_pop(L, 1);
  take_plan(L, p);
  return 0;
}

/* The plan for the script, or an exit status other than 0 once the reason is said. */
static int decide(lua_State *L, const host_flags *f, const char *script, int by_name, plan *p)
{
  lua_pushlightuserdata(L, p);
  lua_pushstring(L, script);
  host_push_flags(L, f);
  lua_pushboolean(L, by_name);
  lua_pushcclosure(L, make_plan, 4);
  int status = host_docall(L, 0, 1);
  if (status != LUA_OK) {
    host_report(L, status);
    return host_exit_status(status);
  }
  if (lua_isstring(L, -1)) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
    return CHISO_EXIT_USAGE;
  }
  lua_pop(L, 1);
  return CHISO_EXIT_OK;
}

/* The limits given, read as the sandbox reads them; -1 once a bad one is reported. */
static int read_limits(const host_flags *f, run_limits *lim)
{
  const char *const given[] = {f->max_memory, f->timeout, f->max_output, f->max_depth};
  const char *const names[] = {"max-memory", "timeout", "max-output", "max-depth"};
  memset(lim, 0, sizeof *lim);
  for (int k = 0; k < 4; k++) {
    cherr e;
    if (given[k] != NULL && limits_set(lim, names[k], given[k], &e) != 0) {
      fprintf(stderr, "chiso: %s\n", e.msg);
      return -1;
    }
  }
  return 0;
}

/* Sets arg as the script sees it: arg[0] the script's path (a name looked up in chiso run NAME). */
static void set_arg(lua_State *L, const job *j)
{
  host_set_arg(L, j->argv, j->argc, j->script);
  lua_getglobal(L, "arg");
  lua_pushstring(L, j->p.path);
  lua_rawseti(L, -2, 0);
  lua_pop(L, 1);
}

/* Trusted ------------------------------------------------------------------------ */

void host_end_limits(lua_State *L)
{
  halt_set_alarm(0, NULL, 0);
  halt_set_deadline(0);
  mem_set_limit(0);
  sandbox_set_output_limit(0);
  lua_sethook(L, NULL, 0, 0);
}

/* The last resort of a time limit in this process: its message and status, whatever runs. */
static void set_alarm(const run_limits *lim)
{
  if (lim->seconds > 0) {
    char how[64], message[128];
    limits_how(lim, LIMIT_TIME, how, sizeof how);
    snprintf(message, sizeof message, "chiso: time limit reached (%s)", how);
    halt_set_alarm(lim->seconds + SUPERVISE_GRACE, message, CHISO_EXIT_TIME_LIMIT);
  }
}

/* chiso.sandbox.start_trusted(flags), for host_docall (flags an upvalue). */
static int start_trusted(lua_State *L)
{
  host_push_function(L, "chiso.sandbox", "start_trusted");
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_call(L, 1, 0);
  return 0;
}

int host_limit_here(lua_State *L, const host_flags *f)
{
  run_limits lim;
  if (read_limits(f, &lim) != 0)
    return CHISO_EXIT_ERROR;
  if (!limits_any(&lim))
    return CHISO_EXIT_OK;
  host_push_flags(L, f);
  lua_pushcclosure(L, start_trusted, 1);
  int status = host_report(L, host_docall(L, 0, 0));
  if (status != LUA_OK)
    return host_exit_status(status);
  set_alarm(&lim);
  return CHISO_EXIT_OK;
}

int host_run_trusted(lua_State *L, host_script *j)
{
  host_flags f = *j->flags;
  f.trust = 1;
  f.sandbox = 0;
  set_alarm(&j->lim);
  set_arg(L, j);
  return host_exit_status(host_run_file(L, j->p.path, &f));
}

/* Sandboxed ------------------------------------------------------------------------ */

/* The report in the child's state, for host_protected. */
static int run_report(lua_State *L, void *ud)
{
  const job *j = ud;
  host_flags f = *j->flags;
  f.sandbox = 1;
  f.trust = 0;
  set_arg(L, j);
  return host_exit_status(host_run_file(L, j->p.path, &f));
}

/* The child: confined first, then a fresh state runs the report. */
static int child_main(void *ud)
{
  const job *j = ud;
  confine_plan cp = {j->lim.seconds, par_threads(), j->lim.memory, j->lim.output,
                     (const char *const *)j->p.read, j->p.write, j->p.make_dirs, supervise_fd(),
                     j->work};
  cherr e;
  sandbox_set_work_folder(j->work);
  sheet_preload(); /* iconv's code pages for .xls files, which a confined process cannot load */
  enc_preload();   /* and those read_csv decodes Windows-1258 and TCVN3 with */
  if (confine_apply(&cp, j->layers, &e) != 0) {
    fprintf(stderr, "chiso: %s\n", e.msg);
    return CHISO_EXIT_ISOLATION;
  }
  outlimit_install();
  lua_State *L = host_open();
  if (L == NULL)
    return CHISO_EXIT_ERROR;
  if (j->flags->warnings)
    lua_warning(L, "@on", 0); /* -W, which turned the parent's warnings on */
  int code = host_protected(L, run_report, ud);
  fflush(NULL); /* before finalizers that may never return */
  supervise_reported(code);
  host_close(L);
  supervise_closed();
  return code;
}

static int say_limit(const run_limits *lim, sandbox_limit which, int code)
{
  char how[64];
  limits_how(lim, which, how, sizeof how);
  fprintf(outlimit_stderr(), "chiso: sandbox: %s limit reached (%s)\n", sandbox_limit_name(which), how);
  return code;
}

/* The exit status for how the child ended, said on stderr when the child could not say it. */
static int ending(const supervised *s, const run_limits *lim)
{
  FILE *err = outlimit_stderr();
  int sig = s->code;
  if (s->terminated)
    return 128 + s->terminated;
  if (s->exited)
    return s->code;
  if (s->reported > 0)
    return s->reported; /* said, then stopped while closing */
  if (s->timed_out || sig == SIGXCPU)
    return say_limit(lim, LIMIT_TIME, CHISO_EXIT_TIME_LIMIT);
  if (sig == SIGXFSZ)
    return say_limit(lim, LIMIT_OUTPUT, CHISO_EXIT_OUTPUT_LIMIT);
  if (sig == SIGSYS) {
    char name[64] = "unknown";
    if (s->syscall >= 0)
      confine_syscall_name(s->syscall, name, sizeof name);
    fprintf(err, "chiso: sandbox: the report made a forbidden system call ('%s')\n", name);
    return CHISO_EXIT_FORBIDDEN;
  }
  if (sig == SIGINT || (sig == SIGKILL && s->interrupts > 0)) {
    fprintf(err, "chiso: interrupted\n");
    return CHISO_EXIT_INTERRUPT;
  }
  if (sig != SIGPIPE)
    fprintf(err, "chiso: the sandboxed report crashed (%s)\n", strsignal(sig));
  return 128 + sig;
}

/* The layers this system has; says once which one it lacks, or refuses under --require-isolation. */
static int layers_to_use(const host_flags *f, int *layers)
{
  const char *why;
  *layers = confine_available(&why);
  if (*layers == CONFINE_ALL)
    return 0;
  if (f->require_isolation) {
    fprintf(stderr, "chiso: --require-isolation: %s, so the report does not run\n", why);
    return -1;
  }
  char note[256];
  snprintf(note, sizeof note, "chiso: note: %s; the sandboxed report runs with the other layers "
                              "(--require-isolation refuses instead)", why);
  confine_say(note);
  return 0;
}

/*
 * The report's work folder, new in $TMPDIR (else /tmp), where chiso's C
 * code makes the work files it removes at once; NULL when it cannot be made
 * (writing a workbook then says so).
 */
static char *make_work(void)
{
  const char *tmp = getenv("TMPDIR");
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/chiso-work-XXXXXX", tmp && *tmp ? tmp : "/tmp") >=
        (int)sizeof path ||
      mkdtemp(path) == NULL)
    return NULL;
  return copy(path);
}

/* Removes the work folder, with any file a report stopped mid-write left there. */
static void remove_work(char *dir)
{
  DIR *d = dir ? opendir(dir) : NULL;
  if (d != NULL) {
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL)
      if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
        unlinkat(dirfd(d), entry->d_name, 0);
    closedir(d);
  }
  if (dir != NULL)
    rmdir(dir);
  mem_free(dir);
}

int host_run_sandboxed(host_script *j)
{
  if (layers_to_use(j->flags, &j->layers) != 0)
    return CHISO_EXIT_ISOLATION;
  limits_defaults(&j->lim);
  outsnap *snap = j->p.out ? outsnap_take(j->p.out) : NULL;
  supervised s;
  cherr e;
  int code;
  const char *name = strrchr(j->p.path, '/');
  if (ask_prepare(name ? name + 1 : j->p.path, j->p.trust, &e) < 0)
    fprintf(stderr, "chiso: note: %s\n", e.msg); /* then refusals are not asked about */
  j->work = make_work();
  if (supervise_run(j->lim.seconds, child_main, j, &s, &e) != 0) {
    fprintf(stderr, "chiso: %s\n", e.msg);
    code = CHISO_EXIT_ERROR;
  } else {
    code = ending(&s, &j->lim);
  }
  ask_close();
  remove_work(j->work);
  j->work = NULL;
  if (code != CHISO_EXIT_OK)
    outsnap_undo(snap);
  outsnap_free(snap);
  return code;
}

int host_plan_script(lua_State *L, host_script **out, const host_flags *f, char **argv, int argc,
                     int script, int by_name)
{
  job *j = mem_calloc(1, sizeof *j);
  if ((*out = j) == NULL)
    return luaL_error(L, "not enough memory");
  j->flags = f;
  j->argv = argv;
  j->argc = argc;
  j->script = script;
  if (read_limits(f, &j->lim) != 0)
    return CHISO_EXIT_ERROR;
  host_set_arg(L, argv, argc, script);
  return decide(L, f, argv[script], by_name, &j->p);
}

int host_script_sandboxed(const host_script *j)
{
  return j->p.sandboxed;
}

void host_script_free(host_script *j)
{
  if (j != NULL) {
    plan_free(&j->p);
    mem_free(j);
  }
}
