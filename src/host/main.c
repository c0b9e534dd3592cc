/*
 * main.c - the chiso command: parses the command line and dispatches.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "host.h"
#include "prompt.h"
#include "version.h"

#define CHISO_VERSION_TEXT "chiso " CHISO_VERSION " (" LUA_RELEASE ")"

static const char usage_text[] =
  "usage: chiso [options] [script [args]]\n"
  "       chiso run NAME [options]   run an analysis script by name (chiso run NAME --help)\n"
  "       chiso list                 list the analysis scripts\n"
  "Runs chiso scripts: Lua 5.4 with typed, columnar datasets (the global 'chiso').\n"
  "\n"
  "  -e code      run the Lua code\n"
  "  -l name      require library 'name' into global 'name'\n"
  "  -i           enter the interactive prompt after running the script\n"
  "  -            run the script read from standard input\n"
  "  --sandbox    run the script in the sandbox (the default outside trusted folders)\n"
  "  --trust      run the script with full access\n"
  "  --allow-read DIR     let a sandboxed script read under DIR (repeatable)\n"
  "  --max-memory SIZE    a sandboxed script's memory (K, M or G; default 1G)\n"
  "  --timeout SECONDS    a sandboxed script's time (default 60)\n"
  "  --max-output SIZE    a sandboxed script's output (default 64M)\n"
  "  --max-depth N        a sandboxed script's call depth (default 200)\n"
  "  --           stop handling options\n"
  "  -v, --version  show the version\n"
  "  -h, --help     show this help\n"
  "\n"
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
  "  5    a sandboxed script reached its memory limit\n"
  "  6    ... its time limit\n"
  "  7    ... its output limit\n"
  "  8    ... its recursion depth limit\n"
  "  130  stopped with Ctrl-C\n";

typedef struct options {
  int interactive, version, help, has_e;
  int script;       /* index in argv of the script, 0 when none */
  const char *bad;  /* an option that is not understood */
  const char *why;  /* what is wrong with it */
} options;

/* The sandbox's options with a value (--max-memory 512M or --max-memory=512M). */
static int takes_value(const char *a)
{
  static const char *const names[] = {"--allow-read", "--max-memory", "--timeout", "--max-output",
                                      "--max-depth", NULL};
  for (int k = 0; names[k] != NULL; k++) {
    size_t n = strlen(names[k]);
    if (strcmp(a, names[k]) == 0)
      return 1;
    if (strncmp(a, names[k], n) == 0 && a[n] == '=')
      return 2;
  }
  return 0;
}

/* Scans the options like lua.c's collectargs, without running anything yet. */
static void collect(int argc, char **argv, options *o)
{
  memset(o, 0, sizeof *o);
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || strcmp(a, "-") == 0)
      break;
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "-i") == 0)
      o->interactive = 1;
    else if (strcmp(a, "-v") == 0 || strcmp(a, "--version") == 0)
      o->version = 1;
    else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
      o->help = 1;
    else if (strcmp(a, "--sandbox") == 0 || strcmp(a, "--trust") == 0)
      ; /* read again by chiso.sandbox, from arg */
    else if (takes_value(a) == 2)
      ; /* --name=value */
    else if (takes_value(a) == 1 && i + 1 < argc)
      i++;
    else if (strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) {
      if (i + 1 == argc) {
        o->bad = a;
        o->why = "needs an argument";
        return;
      }
      o->has_e |= a[1] == 'e';
      i++;
    } else {
      o->bad = a;
      o->why = "is not an option";
      return;
    }
  }
  o->script = i < argc ? i : 0;
}

/* Runs the -e and -l options in order; the status of the first that fails. */
static int run_options(lua_State *L, int argc, char **argv, const options *o)
{
  int last = o->script ? o->script : argc;
  for (int i = 1; i < last; i++) {
    int status = LUA_OK;
    if (strcmp(argv[i], "-e") == 0)
      status = host_dostring(L, argv[++i], "=(command line)");
    else if (strcmp(argv[i], "-l") == 0)
      status = host_require(L, argv[++i]);
    if (status != LUA_OK)
      return status;
  }
  return LUA_OK;
}

static int run(lua_State *L, int argc, char **argv, const options *o)
{
  host_set_arg(L, argv, argc, o->script);
  int status = run_options(L, argc, argv, o);
  if (status == LUA_OK && o->script) {
    const char *path = strcmp(argv[o->script], "-") == 0 ? NULL : argv[o->script];
    status = path ? host_run_script(L, path) : host_dofile(L, NULL);
  }
  if (status != LUA_OK)
    return host_exit_status(status);
  if (o->interactive)
    status = prompt_run(L);
  else if (!o->script && !o->has_e && !o->version) {
    if (isatty(STDIN_FILENO)) {
      printf("%s  (help: chiso --help; leave with Ctrl-D)\n", CHISO_VERSION_TEXT);
      status = prompt_run(L);
    } else {
      status = host_dofile(L, NULL);
    }
  }
  return host_exit_status(status);
}

/* `chiso run NAME ...`, `chiso list` and `chiso trust` are subcommands (a script called run is run as ./run). */
static int is_command(int argc, char **argv)
{
  return argc >= 2 && (strcmp(argv[1], "run") == 0 || strcmp(argv[1], "list") == 0 ||
                       strcmp(argv[1], "trust") == 0);
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
  lua_State *L = host_open();
  if (L == NULL)
    return CHISO_EXIT_ERROR;
  int code = is_command(argc, argv) ? host_command(L, argc, argv) : run(L, argc, argv, &o);
  host_close(L);
  return code;
}
