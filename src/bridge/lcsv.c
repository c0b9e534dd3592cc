/*
 * lcsv.c - chiso.read_csv and chiso.parse_csv: options, progress on the
 * terminal, notes about ragged rows, and the report table.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "csvio.h"
#include "lchiso.h"

/* Files at least this large show a progress bar when stderr is a terminal. */
#define PROGRESS_MIN_BYTES ((size_t)8 << 20)

/*
 * The option key of the table at arg as one character from allowed ("tab"
 * gives a tab), or 0 when absent or, if allow_empty, given as "".
 */
static char opt_char(lua_State *L, int arg, const char *key, const char *allowed, int allow_empty,
                     const char *what)
{
  char c = 0;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    if (strcmp(s, "tab") == 0 && strchr(allowed, '\t'))
      c = '\t';
    else if (strlen(s) == 1 && strchr(allowed, s[0]))
      c = s[0];
    else if (!(allow_empty && s[0] == '\0'))
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be %s", key, what));
  }
  lua_pop(L, 1);
  return c;
}

static const char *const ragged_names[] = {"error", "pad", "skip", NULL};

static const char *const read_options[] = {
  "delimiter", "decimal", "thousands", "na", "ragged", "types", "header", "names", "skip",
  "footer", "comment", "header_rows", "duplicate_names", "trim", "lenient", "encoding",
  "progress", "quiet", NULL,
};

static const char *const encoding_names[] = {"utf-8", "utf-16le", "utf-16be", "cp1258", "tcvn3",
                                             "vni", NULL};

/* header, names, skip, footer, comment, header_rows, duplicate_names, trim; lenient. */
static void layout_options_from(lua_State *L, int arg, csv_options *o)
{
  lchiso_layout l;
  lchiso_opt_layout(L, arg, "\"\r\n", &l);
  o->header = l.header;
  o->trim = l.trim;
  o->skip = l.skip;
  o->footer = l.footer;
  o->header_rows = l.header_rows;
  o->names = l.names;
  o->nnames = l.nnames;
  o->duplicate_names = l.duplicate_names_error ? DUPNAMES_ERROR : DUPNAMES_RENAME;
  o->comment = l.comment;
  lua_getfield(L, arg, "lenient");
  o->lenient = lua_toboolean(L, -1);
  lua_pop(L, 1);
}

typedef struct progress {
  const char *name;
  int mode;     /* 1 on, 0 off, -1 decide from the terminal and the size */
  int shown;
  struct timespec last;
} progress;

static void read_options_from(lua_State *L, int arg, csv_options *o, progress *p, int *quiet)
{
  csvio_options_init(o);
  p->mode = -1;
  *quiet = 0;
  if (lua_isnoneornil(L, arg))
    return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lchiso_check_options(L, arg, read_options);
  o->delimiter = opt_char(L, arg, "delimiter", ",;\t|", 0, "\",\", \";\", \"|\" or \"tab\"");
  o->num.decimal = opt_char(L, arg, "decimal", ".,", 0, "\".\" or \",\"");
  if (o->num.decimal == 0)
    o->num.decimal = '.';
  o->num.thousands = opt_char(L, arg, "thousands", ".,' ", 1, "\".\", \",\", \" \", \"'\" or \"\"");
  if (o->num.thousands == o->num.decimal)
    luaL_argerror(L, arg, "options 'decimal' and 'thousands' must differ");
  o->ragged = (csv_ragged)lchiso_opt_choice(L, arg, "ragged", ragged_names, RAGGED_ERROR);
  o->na = lchiso_opt_strings(L, arg, "na", LCHISO_MAX_NA, &o->nna);
  o->types = lchiso_opt_types(L, arg, &o->ntypes);
  layout_options_from(L, arg, o);
  o->encoding = (csv_encoding)lchiso_opt_choice(L, arg, "encoding", encoding_names, ENC_UTF8);
  if (lua_getfield(L, arg, "progress") != LUA_TNIL)
    p->mode = lua_toboolean(L, -1);
  lua_getfield(L, arg, "quiet");
  *quiet = lua_toboolean(L, -1);
  lua_pop(L, 2);
}

/* Progress on stderr */

static double since(const struct timespec *t)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void show_progress(void *ud, size_t done, size_t total, size_t rows)
{
  progress *p = ud;
  if (p->mode < 0)
    p->mode = isatty(STDERR_FILENO) && total >= PROGRESS_MIN_BYTES;
  if (!p->mode || (p->shown && since(&p->last) < 0.1 && done < total))
    return;
  clock_gettime(CLOCK_MONOTONIC, &p->last);
  p->shown = 1;
  char bar[21];
  size_t filled = total ? (size_t)((double)done / (double)total * 20.0) : 0;
  for (size_t k = 0; k < 20; k++)
    bar[k] = k < filled ? '#' : '.';
  bar[20] = '\0';
  fprintf(stderr, "\r\033[Kreading %s [%s] %3d%%  %.1f / %.1f MB  %zu rows", p->name, bar,
          total ? (int)((double)done * 100.0 / (double)total) : 0, (double)done / 1e6,
          (double)total / 1e6, rows);
  fflush(stderr);
}

static void end_progress(progress *p)
{
  if (p->shown) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
}

#define LCSV_REPORT "chiso.CsvReport"

static int report_gc(lua_State *L)
{
  csvio_report_free(luaL_checkudata(L, 1, LCSV_REPORT));
  return 0;
}

/* The report in a userdata whose __gc frees its notes, since pushing them may raise. */
static csv_report *new_report(lua_State *L)
{
  csv_report *r = lua_newuserdatauv(L, sizeof *r, 0);
  memset(r, 0, sizeof *r);
  if (luaL_newmetatable(L, LCSV_REPORT)) {
    lua_pushcfunction(L, report_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return r;
}

/* The report table: its notes, "delimiter ';' (detected)" first, then the reader's own. */
static void push_report(lua_State *L, const csv_report *r, const char *name, int quiet)
{
  char d[2] = {r->delimiter, '\0'};
  const char *delimiter = d[0] == '\t' ? "tab" : d;
  lua_createtable(L, 0, 8);
  lua_newtable(L);
  /* in the report only: stderr is for what the reader changed or left out */
  lua_pushfstring(L, "delimiter '%s' (%s)", delimiter, r->delimiter_given ? "given" : "detected");
  lua_rawseti(L, -2, 1);
  lchiso_add_notes(L, -1, r->notes.p, r->notes.len, name, quiet);
  lua_setfield(L, -2, "notes");
  lua_pushstring(L, delimiter);
  lua_setfield(L, -2, "delimiter");
  lua_pushinteger(L, (lua_Integer)r->rows);
  lua_setfield(L, -2, "rows");
  lua_pushinteger(L, (lua_Integer)r->padded);
  lua_setfield(L, -2, "padded");
  lua_pushinteger(L, (lua_Integer)r->trimmed);
  lua_setfield(L, -2, "trimmed");
  lua_pushinteger(L, (lua_Integer)r->skipped);
  lua_setfield(L, -2, "skipped");
  lua_pushinteger(L, r->passes);
  lua_setfield(L, -2, "passes");
  lua_pushinteger(L, r->threads);
  lua_setfield(L, -2, "threads");
}

/*
 * read_csv(path [, opts]) and parse_csv(text [, opts]): a dataset and a
 * report table, or nil and a message when the file cannot be read or is
 * malformed. Running out of memory, being interrupted and the sandbox's
 * refusal (csvio_read_file asks it) raise.
 */
static int read_common(lua_State *L, int from_text)
{
  size_t len;
  const char *src = luaL_checklstring(L, 1, &len);
  csv_options o;
  progress p = {0};
  int quiet;
  read_options_from(L, 2, &o, &p, &quiet);
  int workbook = from_text ? 0 : lchiso_not_a_workbook(L, src);
  if (workbook)
    return workbook;
  p.name = from_text ? "<text>" : src;
  if (!from_text) {
    o.progress = show_progress;
    o.progress_ud = &p;
  }
  csv_report *r = new_report(L);
  cherr e;
  lchiso_dsbox *box = lchiso_new_dataset(L);
  box->ds = from_text ? csvio_read_buffer("<text>", src, len, &o, r, &e)
                      : csvio_read_file(src, &o, r, &e);
  end_progress(&p);
  if (box->ds == NULL && (e.code == ERR_NOMEM || e.code == ERR_HALT || e.code == ERR_DENIED))
    return lchiso_raise(L, &e);
  if (box->ds == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, e.msg);
    return 2;
  }
  push_report(L, r, p.name, quiet);
  return 2;
}

int lchiso_read_csv(lua_State *L) { return read_common(L, 0); }
int lchiso_parse_csv(lua_State *L) { return read_common(L, 1); }
