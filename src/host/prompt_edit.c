/*
 * prompt_edit.c - the prompt's line editing on libedit's readline interface.
 *
 * libedit offers no way to cancel a line from a signal handler, so reading
 * goes through our own getc: SIGINT interrupts its read(), and it answers
 * with an empty line, which the prompt then treats as cancelled.
 */
#include "prompt_edit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>
#include <lauxlib.h>

#include "host.h"
#include "outfile.h"

static lua_State *completing;
static char history_path[1024];
static volatile sig_atomic_t cancelled;

/* Candidates from chiso.prompt.complete, handed out one by one to libedit. */
static char **candidates;
static size_t ncandidates;

static void on_sigint(int sig)
{
  (void)sig;
  cancelled = 1;
}

/* One byte from the terminal; -1 at end of input, -2 when Ctrl-C cancelled the line. */
static int read_byte(FILE *f)
{
  unsigned char c;
  for (;;) {
    ssize_t n = read(fileno(f), &c, 1);
    if (n == 1)
      return c;
    if (n < 0 && errno == EINTR && cancelled)
      return -2;
    if (n < 0 && errno == EINTR)
      continue;
    return -1;
  }
}

/*
 * libedit's getc: it wants whole characters (code points), so a UTF-8
 * sequence is read and decoded here; Ctrl-C ends the line empty.
 */
static int read_char(FILE *f)
{
  int c = read_byte(f);
  if (c == -2) {
    rl_replace_line("", 0);
    return '\n';
  }
  if (c < 0xC0)
    return c < 0 ? EOF : c;
  int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
  int cp = c & (0x3F >> more);
  for (int k = 0; k < more; k++) {
    int next = read_byte(f);
    if (next < 0 || (next & 0xC0) != 0x80)
      return 0xFFFD;
    cp = (cp << 6) | (next & 0x3F);
  }
  return cp;
}

static void free_candidates(void)
{
  for (size_t k = 0; k < ncandidates; k++)
    free(candidates[k]);
  free(candidates);
  candidates = NULL;
  ncandidates = 0;
}

/* Asks chiso.prompt.complete(line, from, to) for the words that can replace line:sub(from, to). */
static int ask_lua(lua_State *L)
{
  const char *line = lua_tostring(L, 1);
  host_push_function(L, "chiso.prompt", "complete");
  lua_pushstring(L, line);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_call(L, 3, 1);
  return 1;
}

static void collect(const char *line, int start, int end)
{
  lua_State *L = completing;
  int top = lua_gettop(L);
  lua_pushcfunction(L, ask_lua);
  lua_pushlstring(L, line, (size_t)end);
  lua_pushinteger(L, start + 1);
  lua_pushinteger(L, end);
  if (lua_pcall(L, 3, 1, 0) == LUA_OK && lua_istable(L, -1)) {
    size_t n = lua_rawlen(L, -1);
    candidates = calloc(n ? n : 1, sizeof *candidates);
    for (size_t k = 0; candidates != NULL && k < n; k++) {
      lua_rawgeti(L, -1, (lua_Integer)k + 1);
      const char *s = lua_tostring(L, -1);
      if (s != NULL && (candidates[ncandidates] = strdup(s)) != NULL)
        ncandidates++;
      lua_pop(L, 1);
    }
  }
  lua_settop(L, top);
}

static char *next_candidate(const char *text, int state)
{
  static size_t k;
  (void)text;
  if (state == 0)
    k = 0;
  return k < ncandidates ? strdup(candidates[k++]) : NULL;
}

static char **complete(const char *text, int start, int end)
{
  rl_attempted_completion_over = 1; /* no file names unless Lua gives them */
  free_candidates();
  collect(rl_line_buffer, start, end);
  if (ncandidates == 0)
    return NULL;
  return rl_completion_matches(text, next_candidate);
}

void prompt_edit_open(lua_State *L)
{
  completing = L;
  rl_readline_name = "chiso";
  rl_getc_function = read_char;
  rl_attempted_completion_function = complete;
  rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^~#[]";
  rl_completion_append_character = '\0';
  using_history();
  stifle_history(PROMPT_EDIT_HISTORY);
  const char *path = getenv("CHISO_HISTORY");
  const char *home = getenv("HOME");
  if (path != NULL && path[0] != '\0')
    snprintf(history_path, sizeof history_path, "%s", path);
  else if (home != NULL)
    snprintf(history_path, sizeof history_path, "%s/.chiso_history", home);
  if (history_path[0] != '\0')
    read_history(history_path);
}

void prompt_edit_close(void)
{
  free_candidates();
  completing = NULL;
}

/*
 * Saves the history as every file chiso writes is saved (outfile.h): libedit
 * opens the file it writes itself, so it is given the new temporary file
 * through /dev/fd, and a link placed at the history's path is never
 * followed. Without /dev/fd the history is simply not saved this time.
 */
static void save_history(void)
{
  outfile f;
  cherr e;
  char fd_path[32];
  if (outfile_open(&f, history_path, NULL, &e) != 0)
    return;
  snprintf(fd_path, sizeof fd_path, "/dev/fd/%d", f.fd);
  if (write_history(fd_path) == 0)
    outfile_commit(&f, &e);
  else
    outfile_abort(&f);
}

int prompt_edit_read(lua_State *L, const char *prompt)
{
  struct sigaction on, old;
  memset(&on, 0, sizeof on);
  on.sa_handler = on_sigint; /* no SA_RESTART: read() must return EINTR */
  sigemptyset(&on.sa_mask);
  sigaction(SIGINT, &on, &old);
  cancelled = 0;
  char *line = readline(prompt);
  sigaction(SIGINT, &old, NULL);
  if (cancelled) {
    free(line);
    return LINE_CANCELLED;
  }
  if (line == NULL)
    return LINE_EOF;
  if (line[0] != '\0') {
    add_history(line);
    if (history_path[0] != '\0')
      save_history();
  }
  lua_pushstring(L, line);
  free(line);
  return LINE_OK;
}
