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
  "  -i           enter the interactive prompt after running the script\n"
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
  "modules before chiso's own lua/ directory.\n"
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
  int interactive, version, help, has_e, has_l;
  int command;      /* index in argv of run, list or trust; 0 when none */
  int script;       /* index in argv of the script (run's NAME), 0 when none */
  host_flags flags; /* how a script runs: --sandbox, --trust, the limits... */
  const char *bad;  /* an option that is not understood */
  const char *why;  /* what is wrong with it */
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
    o->why = "needs an argument";
  } else {
    set_value(o, k, inline_value ? strchr(a, '=') + 1 : argv[++*i], a);
  }
  return 1;
}

/* The interpreter's own options (-e, -l, -i, -v, -h): 1, or 0 when a is not one. */
static int lua_option(int argc, char **argv, int *i, options *o)
{
  const char *a = argv[*i];
  if (strcmp(a, "-i") == 0)
    o->interactive = 1;
  else if (strcmp(a, "-v") == 0 || strcmp(a, "--version") == 0)
    o->version = 1;
  else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
    o->help = 1;
  else if (strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) {
    if (*i + 1 == argc) {
      o->bad = a;
      o->why = "needs an argument";
      return 1;
    }
    o->has_e |= a[1] == 'e';
    o->has_l |= a[1] == 'l';
    ++*i;
  } else {
    return 0;
  }
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
      o->why = after_run ? "is not an option of 'chiso run'" : "is not an option";
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

/* Runs the -e and -l options in order; the status of the first that fails. */
static int run_options(lua_State *L, int argc, char **argv, const options *o)
{
  int last = o->script ? o->script : argc;
  for (int i = 1; i < last; i++) {
    int status = LUA_OK, inline_value;
    if (valued_option(argv[i], &inline_value) >= 0 && !inline_value)
      i++; /* its value */
    else if (strcmp(argv[i], "-e") == 0)
      status = host_dostring(L, argv[++i], "=(command line)");
    else if (strcmp(argv[i], "-l") == 0)
      status = host_require(L, argv[++i]);
    if (status != LUA_OK)
      return status;
  }
  return LUA_OK;
}

/* A script, -e and -l options, then the prompt or standard input; *L may be closed on the way. */
static int run(lua_State **L, int argc, char **argv, const options *o)
{
  host_set_arg(*L, argv, argc, o->script);
  int stdin_script = o->script && strcmp(argv[o->script], "-") == 0;
  if (!o->script || stdin_script) {
    /* the limits hold for -e code and standard input too; a script file starts its own */
    int code = host_limit_here(*L, &o->flags);
    if (code != CHISO_EXIT_OK)
      return code;
  }
  int status = run_options(*L, argc, argv, o);
  if (status != LUA_OK)
    return host_exit_status(status);
  if (stdin_script)
    status = host_dofile(*L, NULL);
  else if (o->script) {
    int code = host_run_script(L, &o->flags, argv, argc, o->script, 0);
    if (code != CHISO_EXIT_OK)
      return code;
  }
  if (status != LUA_OK)
    return host_exit_status(status);
  if (*L == NULL && (o->interactive || !o->script) && (*L = host_open()) == NULL)
    return CHISO_EXIT_ERROR; /* a sandboxed report ran in a process of its own */
  if (o->interactive) {
    host_end_limits(*L);
    status = prompt_run(*L);
  }
  else if (!o->script && !o->has_e && !o->version) {
    if (isatty(STDIN_FILENO)) {
      printf("%s  (help: chiso --help; leave with Ctrl-D)\n", CHISO_VERSION_TEXT);
      status = prompt_run(*L);
    } else {
      status = host_dofile(*L, NULL);
    }
  }
  return host_exit_status(status);
}

/* `chiso run NAME ...`: the script found by its name (or path), with the options before it. */
static int run_command(lua_State **L, int argc, char **argv, const options *o)
{
  if (!o->script) {
    fputs("chiso run: which script? (chiso list shows them)\n", stderr);
    return CHISO_EXIT_USAGE;
  }
  return host_run_script(L, &o->flags, argv, argc, o->script, 1);
}

int main(int argc, char **argv)
{
  options o;
  collect(argc, argv, &o);
  if (o.bad != NULL) {
    fprintf(stderr, "chiso: '%s' %s\n%s", o.bad, o.why, usage_text);
    return CHISO_EXIT_USAGE;
  }
  if (o.help) {
    fputs(usage_text, stdout);
    return CHISO_EXIT_OK;
  }
  if (o.version)
    puts(CHISO_VERSION_TEXT);
  if (o.flags.max_output != NULL)
    outlimit_install(); /* before the state, whose io library takes stdout and stderr */
  lua_State *L = host_open();
  if (L == NULL)
    return CHISO_EXIT_ERROR;
  int code;
  if (o.command && strcmp(argv[o.command], "run") == 0)
    code = run_command(&L, argc, argv, &o);
  else if (o.command)
    code = host_command(L, argc - o.command + 1, argv + o.command - 1);
  else
    code = run(&L, argc, argv, &o);
  if (L != NULL)
    host_close(L);
  return code;
}
