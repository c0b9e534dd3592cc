/*
 * main.c - the chiso command: parses the command line and dispatches.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "host.h"
#include "outlimit.h"
#include "prompt.h"
#include "version.h"

#define CHISO_VERSION_TEXT "chiso " CHISO_VERSION " (" LUA_RELEASE ")"

static const char usage_text[] =
  "usage: chiso [options] [script [args]]\n"
  "       chiso [options] run [options] NAME [args]   run an analysis script by name or path\n"
  "       chiso list                 list the analysis scripts\n"
  "       chiso trust DIR            let sandboxed reports always read DIR (chiso trust --help)\n"
  "Runs chiso scripts: Lua 5.4 with typed, columnar datasets (the global 'chiso').\n"
  "\n"
  "  -e code      run the Lua code\n"
  "  -l name      require library 'name' into global 'name'\n"
  "  -l g=name    require library 'name' into global 'g'\n"
  "  -i           enter the interactive prompt after running the script\n"
  "  -E           ignore LUA_INIT, LUA_PATH and LUA_CPATH\n"
  "  -W           turn warnings on\n"
  "  -            run the script read from standard input\n"
  "  --sandbox    run the script in the sandbox (the default outside trusted folders)\n"
  "  --trust      run the script with full access\n"
  "  --allow-read DIR     let a sandboxed script read under DIR (repeatable)\n"
  "  --max-memory SIZE    the script's memory (K, M or G; default 1G in the sandbox)\n"
  "  --timeout SECONDS    the script's time (default 60 in the sandbox)\n"
  "  --max-output SIZE    what the script writes (default 64M in the sandbox)\n"
  "  --max-depth N        the script's call depth (default 200 in the sandbox)\n"
  "  --require-isolation  refuse a sandboxed run where Landlock or seccomp is missing\n"
  "  --           stop handling options\n"
  "  -v, --version  show the version\n"
  "  -h, --help     show this help\n"
  "\n"
  "chiso's options come before the script's name (before or after 'run'); what\n"
  "follows the name is the script's. The limits hold in trusted runs too.\n"
  "With no script and no -e, chiso starts the interactive prompt when standard\n"
  "input is a terminal, and otherwise runs standard input as a script.\n"
  "\n"
  "Environment: CHISO_PATH, a list of directories separated by ':' searched for\n"
  "modules before chiso's own lua/ directory; LUA_INIT_5_4 or LUA_INIT, code (or\n"
  "@file) run first, as lua runs it (not for a sandboxed report, nor with -E);\n"
  "LUA_PATH and LUA_CPATH, as lua reads them.\n"
  "\n"
  "Exit status:\n"
  "  0    success\n"
  "  1    a script raised an error\n"
  "  2    the command line is wrong\n"
  "  3    a script file could not be read\n"
  "  4    memory ran out\n"
  "  5    a script reached its memory limit\n"
  "  6    ... its time limit\n"
  "  7    ... its output limit\n"
  "  8    ... its recursion depth limit\n"
  "  9    a sandboxed report made a forbidden system call\n"
  "  10   --require-isolation, and the report cannot be isolated here\n"
  "  130  stopped with Ctrl-C\n"
  "  128+N  a sandboxed report's process ended by signal N\n";

typedef struct options {
  int interactive, version, help, has_e, has_l, ignore_env;
  int command;      /* index in argv of run, list or trust; 0 when none */
  int script;       /* index in argv of the script (run's NAME), 0 when none */
  host_flags flags; /* how a script runs: --sandbox, --trust, the limits, -W... */
  const char *bad;  /* an option that is not understood */
  const char *why;  /* what is wrong with it, after the option's name; NULL: unrecognized */
} options;

/* The options on how a script runs that take a value (--max-memory 512M or --max-memory=512M). */
static const char *const valued[] = {"--allow-read", "--max-memory", "--timeout", "--max-output",
                                     "--max-depth", NULL};

/* Which valued option a is (its index), and whether its value is in a (after '='). */
static int valued_option(const char *a, int *inline_value)
{
  for (int k = 0; valued[k] != NULL; k++) {
    size_t n = strlen(valued[k]);
    *inline_value = strncmp(a, valued[k], n) == 0 && a[n] == '=';
    if (strcmp(a, valued[k]) == 0 || *inline_value)
      return k;
  }
  return -1;
}

static void set_value(options *o, int k, const char *value, const char *a)
{
  host_flags *f = &o->flags;
  const char **fields[] = {NULL, &f->max_memory, &f->timeout, &f->max_output, &f->max_depth};
  if (k > 0) {
    *fields[k] = value;
  } else if (f->nread == HOST_MAX_READ) {
    o->bad = a;
    o->why = "is given too often (at most 32 folders)";
  } else {
    f->allow_read[f->nread++] = value;
  }
}

/* An option on how a script runs at argv[*i] (its value taken too): 1, or 0 when it is not one. */
static int run_option(int argc, char **argv, int *i, options *o)
{
  const char *a = argv[*i];
  int *alone = strcmp(a, "--sandbox") == 0 ? &o->flags.sandbox : strcmp(a, "--trust") == 0 ? &o->flags.trust
             : strcmp(a, "--require-isolation") == 0 ? &o->flags.require_isolation : NULL;
  if (alone != NULL)
    return *alone = 1;
  int inline_value, k = valued_option(a, &inline_value);
  if (k < 0)
    return 0;
  if (!inline_value && *i + 1 == argc) {
    o->bad = a;
    o->why = "needs argument";
  } else {
    set_value(o, k, inline_value ? strchr(a, '=') + 1 : argv[++*i], a);
  }
  return 1;
}

/*
 * The interpreter's own options, as lua.c's collectargs reads them: -e and
 * -l take the rest of the word (-eprint(1), -lmod) or the next word, which
 * must not start with '-'; -i, -v, -E and -W stand alone. chiso adds -h,
 * --help and --version. 1, or 0 when a is not one of them.
 */
static int lua_option(int argc, char **argv, int *i, options *o)
{
  const char *a = argv[*i];
  if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0)
    return o->version = 1;
  if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
    return o->help = 1;
  if (a[1] == '\0' || a[1] == '-')
    return 0;
  if (strchr("iEW", a[1]) != NULL && a[2] == '\0') {
    o->interactive |= a[1] == 'i';
    o->ignore_env |= a[1] == 'E';
    o->flags.warnings |= a[1] == 'W';
    return 1;
  }
  if (a[1] != 'e' && a[1] != 'l')
    return 0;
  if (a[2] == '\0' && (*i + 1 == argc || argv[*i + 1][0] == '-')) {
    o->bad = a;
    o->why = "needs argument";
    return 1;
  }
  if (a[2] == '\0')
    ++*i;
  o->has_e |= a[1] == 'e';
  o->has_l |= a[1] == 'l';
  return 1;
}

/* Scans options from argv[i] (only those on how a script runs, after `run`); returns where they end. */
static int scan(int argc, char **argv, int i, options *o, int after_run)
{
  for (; i < argc && o->bad == NULL; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || strcmp(a, "-") == 0)
      break;
    if (strcmp(a, "--") == 0)
      return i + 1;
    if (!run_option(argc, argv, &i, o) && (after_run || !lua_option(argc, argv, &i, o))) {
      o->bad = a;
      o->why = after_run ? "is not an option of 'chiso run'" : NULL;
    }
  }
  return i;
}

/* `run NAME ...`, `list` and `trust` are subcommands (a script called run is run as ./run). */
static int is_command(const char *a)
{
  return strcmp(a, "run") == 0 || strcmp(a, "list") == 0 || strcmp(a, "trust") == 0;
}

/*
 * Scans the command line like lua.c's collectargs, without running anything
 * yet. chiso's options come before the script, or before and after `run`;
 * what follows the script's name is the script's.
 */
static void collect(int argc, char **argv, options *o)
{
  memset(o, 0, sizeof *o);
  int i = scan(argc, argv, 1, o, 0);
  if (o->bad == NULL && i < argc && is_command(argv[i]) && strcmp(argv[i - 1], "--") != 0) {
    o->command = i;
    if (o->has_e || o->has_l || o->interactive) {
      o->bad = argv[i];
      o->why = "cannot follow -e, -l or -i";
    } else if (strcmp(argv[i], "run") == 0) {
      i = scan(argc, argv, i + 1, o, 1);
      o->script = i < argc ? i : 0;
    }
  } else {
    o->script = i < argc ? i : 0;
  }
  if (o->bad == NULL && o->flags.sandbox && o->flags.trust) {
    o->bad = "--trust";
    o->why = "contradicts --sandbox";
  }
}

/* Runs the -e, -l and -W options in order, as lua.c's runargs; the status of the first that fails. */
static int run_options(lua_State *L, int argc, char **argv, const options *o)
{
  int last = o->script ? o->script : argc;
  for (int i = 1; i < last; i++) {
    int status = LUA_OK, inline_value;
    const char *a = argv[i];
    if (valued_option(a, &inline_value) >= 0 && !inline_value) {
      i++; /* its value */
    } else if (strcmp(a, "-W") == 0) {
      lua_warning(L, "@on", 0);
    } else if (a[0] == '-' && (a[1] == 'e' || a[1] == 'l')) {
      const char *code = a[2] != '\0' ? a + 2 : argv[++i];
      status = a[1] == 'e' ? host_dostring(L, code, "=(command line)") : host_require(L, code);
    }
    if (status != LUA_OK)
      return status;
  }
  return LUA_OK;
}

/* What a run needs across host_protected, and what it leaves to do once the state is closed. */
typedef struct run_state {
  int argc;
  char **argv;
  const options *o;
  host_script *script; /* the script file planned, or NULL */
} run_state;

/* The script file, planned: run here when trusted, left for main when sandboxed; an exit status. */
static int plan_script(lua_State *L, run_state *r, int by_name)
{
  const options *o = r->o;
  int code = host_plan_script(L, &r->script, &o->flags, r->argv, r->argc, o->script, by_name);
  if (code != CHISO_EXIT_OK || host_script_sandboxed(r->script))
    return code;
  return host_run_trusted(L, r->script);
}

/* The prompt after -i, or with no script and no -e on a terminal. */
static int prompt(lua_State *L, void *ud)
{
  (void)ud;
  host_end_limits(L);
  return host_exit_status(prompt_run(L));
}

/* Whether LUA_INIT runs: not with -E, nor for a report going to the sandbox, which never runs it. */
static int wants_init(const run_state *r)
{
  const options *o = r->o;
  return !o->ignore_env && !o->flags.sandbox && !(r->script && host_script_sandboxed(r->script));
}

/*
 * The lua-like command line, under host_protected as lua.c's pmain: the
 * script is planned first (so a report bound for the sandbox is known
 * before LUA_INIT), then LUA_INIT, -e, -l and -W in order, the script, and
 * the prompt or standard input.
 */
static int run_main(lua_State *L, void *ud)
{
  run_state *r = ud;
  const options *o = r->o;
  int file_script = o->script && !(strcmp(r->argv[o->script], "-") == 0 &&
                                    strcmp(r->argv[o->script - 1], "--") != 0);
  host_set_arg(L, r->argv, r->argc, o->script);
  if (file_script) {
    int code = host_plan_script(L, &r->script, &o->flags, r->argv, r->argc, o->script, 0);
    if (code != CHISO_EXIT_OK)
      return code;
  } else {
    /* the limits hold for -e code and standard input too; a script file starts its own */
    int code = host_limit_here(L, &o->flags);
    if (code != CHISO_EXIT_OK)
      return code;
  }
  int status = wants_init(r) ? host_run_init(L) : LUA_OK;
  if (status == LUA_OK)
    status = run_options(L, r->argc, r->argv, o);
  if (status == LUA_OK && o->script && !file_script)
    status = host_dofile(L, NULL, 1);
  if (status != LUA_OK)
    return host_exit_status(status);
  if (file_script && host_script_sandboxed(r->script))
    return CHISO_EXIT_OK; /* main runs it, once this state is closed */
  if (file_script) {
    int code = host_run_trusted(L, r->script);
    if (code != CHISO_EXIT_OK)
      return code;
  }
  if (o->interactive)
    return prompt(L, NULL);
  if (!o->script && !o->has_e && !o->version) {
    if (!isatty(STDIN_FILENO))
      return host_exit_status(host_dofile(L, NULL, 0));
    printf("%s  (help: chiso --help; leave with Ctrl-D)\n", CHISO_VERSION_TEXT);
    return prompt(L, NULL);
  }
  return CHISO_EXIT_OK;
}

/* `chiso run NAME ...`: the script found by its name (or path), with the options before it. */
static int run_command(lua_State *L, void *ud)
{
  run_state *r = ud;
  if (!r->o->script) {
    fputs("chiso run: which script? (chiso list shows them)\n", stderr);
    return CHISO_EXIT_USAGE;
  }
  if (r->o->flags.warnings)
    lua_warning(L, "@on", 0); /* -W before run */
  return plan_script(L, r, 1);
}

/* `chiso list` and `chiso trust ...`. */
static int other_command(lua_State *L, void *ud)
{
  run_state *r = ud;
  int at = r->o->command;
  return host_command(L, r->argc - at + 1, r->argv + at - 1);
}

/* A sandboxed report, once the parent's state is closed; then the prompt after -i in a fresh one. */
static int run_report(run_state *r)
{
  int code = host_run_sandboxed(r->script);
  if (code != CHISO_EXIT_OK || !r->o->interactive)
    return code;
  lua_State *L = host_open_with(r->o->ignore_env);
  if (L == NULL)
    return CHISO_EXIT_ERROR;
  code = host_protected(L, prompt, NULL);
  host_close(L);
  return code;
}

static int usage(const options *o)
{
  if (o->why == NULL)
    fprintf(stderr, "chiso: unrecognized option '%s'\n%s", o->bad, usage_text);
  else
    fprintf(stderr, "chiso: '%s' %s\n%s", o->bad, o->why, usage_text);
  return CHISO_EXIT_USAGE;
}

int main(int argc, char **argv)
{
  options o;
  collect(argc, argv, &o);
  if (o.bad != NULL)
    return usage(&o);
  if (o.help) {
    fputs(usage_text, stdout);
    return CHISO_EXIT_OK;
  }
  if (o.version || o.interactive)
    puts(CHISO_VERSION_TEXT); /* -i shows the version too, as lua's */
  if (o.flags.max_output != NULL)
    outlimit_install(); /* before the state, whose io library takes stdout and stderr */
  lua_State *L = host_open_with(o.ignore_env);
  if (L == NULL)
    return CHISO_EXIT_ERROR;
  run_state r = {argc, argv, &o, NULL};
  int (*body)(lua_State *, void *) = !o.command ? run_main
                                   : strcmp(argv[o.command], "run") == 0 ? run_command : other_command;
  int code = host_protected(L, body, &r);
  host_close(L);
  if (code == CHISO_EXIT_OK && r.script != NULL && host_script_sandboxed(r.script))
    code = run_report(&r);
  host_script_free(r.script);
  return code;
}
