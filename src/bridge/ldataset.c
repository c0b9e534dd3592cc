/*
 * ldataset.c - the Lua face of a dataset (metatable "chiso.Dataset").
 *
 * A dataset userdata holds one reference to an immutable core dataset.
 * Methods live in a table that Lua code may extend (chiso.Dataset); indexing
 * a dataset with a name that is not a method returns that column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "csvio.h"
#include "lchiso.h"
#include "mem.h"
#include "sandbox.h"
#include "table.h"

lchiso_dsbox *lchiso_new_dataset(lua_State *L)
{
  lchiso_check_halt(L, 0);
  lchiso_collect_if_due(L);
  lchiso_dsbox *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->ds = NULL;
  luaL_setmetatable(L, LCHISO_DATASET);
  return box;
}

static int text_gc(lua_State *L)
{
  sbuf_free(lua_touserdata(L, 1));
  return 0;
}

sbuf *lchiso_new_text(lua_State *L)
{
  sbuf *b = lua_newuserdatauv(L, sizeof *b, 0);
  sbuf_init(b);
  if (luaL_newmetatable(L, "chiso.Text")) {
    lua_pushcfunction(L, text_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return b;
}

dataset *lchiso_check_dataset(lua_State *L, int arg)
{
  lchiso_dsbox *box = luaL_checkudata(L, arg, LCHISO_DATASET);
  luaL_argcheck(L, box->ds != NULL, arg, "dataset has been closed");
  return box->ds;
}

dataset *lchiso_hold_dataset(lua_State *L, int arg)
{
  arg = lua_absindex(L, arg);
  lchiso_hold *h = lchiso_new_hold(L, 1); /* first: making it may run a finalizer */
  return lchiso_hold_ds(h, lchiso_check_dataset(L, arg));
}

/* Edit distance between two short names, for "did you mean" hints. */
static size_t distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63)
    return (size_t)-1;
  size_t row[64];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* Pushes "did you mean 'x'? " plus the list of columns (at most 30 named). */
static void push_column_list(lua_State *L, const dataset *d, const char *wanted)
{
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t best = (size_t)-1, best_k = 0;
  for (size_t k = 0; k < d->ncol; k++) {
    size_t dist = distance(wanted, d->names[k]);
    if (dist < best) {
      best = dist;
      best_k = k;
    }
  }
  if (best <= 2 || (best != (size_t)-1 && best * 3 <= strlen(wanted)))
    lua_pushfstring(L, "did you mean '%s'? ", d->names[best_k]), luaL_addvalue(&b);
  luaL_addstring(&b, d->ncol ? "the columns are: " : "the dataset has no columns");
  for (size_t k = 0; k < d->ncol && k < 30; k++) {
    luaL_addstring(&b, k ? ", " : "");
    luaL_addstring(&b, d->names[k]);
  }
  if (d->ncol > 30)
    lua_pushfstring(L, " and %d more", (int)(d->ncol - 30)), luaL_addvalue(&b);
  luaL_pushresult(&b);
}

size_t lchiso_find_column(lua_State *L, const dataset *d, const char *name, size_t len, int arg,
                          const char *what)
{
  long k = ds_find(d, name, len);
  if (k >= 0)
    return (size_t)k;
  push_column_list(L, d, name);
  const char *msg = lua_pushfstring(L, "%s%sno column '%s'; %s", what ? what : "", what ? ": " : "",
                                    name, lua_tostring(L, -1));
  return (size_t)luaL_argerror(L, arg, msg);
}

size_t lchiso_check_colname(lua_State *L, const dataset *d, int arg)
{
  size_t len;
  const char *name = luaL_checklstring(L, arg, &len);
  return lchiso_find_column(L, d, name, len, arg, NULL);
}

size_t *lchiso_columns(lua_State *L, int idx, const dataset *d, int arg, const char *what,
                       int allow_empty, size_t *n)
{
  idx = lua_absindex(L, idx);
  int single = lua_type(L, idx) == LUA_TSTRING;
  if (!single && !lua_istable(L, idx))
    luaL_argerror(L, arg, lua_pushfstring(L, "%s must be a column name or a list of names, not %s",
                                          what, luaL_typename(L, idx)));
  size_t count = single ? 1 : lua_rawlen(L, idx);
  if (count == 0 && !allow_empty)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s names no columns", what));
  size_t *cols = lua_newuserdatauv(L, (count ? count : 1) * sizeof *cols, 0);
  for (size_t k = 0; k < count; k++) {
    if (!single && lua_rawgeti(L, idx, (lua_Integer)k + 1) != LUA_TSTRING)
      luaL_argerror(L, arg, lua_pushfstring(L, "%s: entry %I is not a column name", what,
                                            (lua_Integer)k + 1));
    size_t len;
    const char *name = lua_tolstring(L, single ? idx : -1, &len);
    cols[k] = lchiso_find_column(L, d, name, len, arg, what);
    if (!single)
      lua_pop(L, 1);
  }
  *n = count;
  return cols;
}

void lchiso_set_dataset(lua_State *L, lchiso_dsbox *box, dataset *ds, const cherr *e)
{
  if (ds == NULL)
    lchiso_raise(L, e);
  box->ds = ds;
}

size_t lchiso_term_width(void)
{
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  const char *env = getenv("COLUMNS");
  if (env != NULL && atoi(env) > 0)
    return (size_t)atoi(env);
  return 0;
}

/* Methods */

static int lds_len(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)lchiso_check_dataset(L, 1)->nrow);
  return 1;
}

static int lds_nrow(lua_State *L) { return lds_len(L); }

static int lds_ncol(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)lchiso_check_dataset(L, 1)->ncol);
  return 1;
}

static int lds_names(lua_State *L)
{
  dataset *d = lchiso_hold_dataset(L, 1);
  lua_createtable(L, (int)d->ncol, 0);
  for (size_t k = 0; k < d->ncol; k++) {
    lchiso_check_halt(L, k + 1);
    lua_pushstring(L, d->names[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

static int lds_types(lua_State *L)
{
  dataset *d = lchiso_hold_dataset(L, 1);
  lua_createtable(L, (int)d->ncol, (int)d->ncol);
  for (size_t k = 0; k < d->ncol; k++) {
    lchiso_check_halt(L, k + 1);
    lua_pushstring(L, col_typename(d->cols[k]->type));
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, (lua_Integer)k + 1);
    lua_setfield(L, -2, d->names[k]);
  }
  return 1;
}

static void push_column(lua_State *L, dataset *d, size_t k)
{
  lchiso_colbox *box = lchiso_new_column(L, d->names[k]);
  box->col = col_ref(d->cols[k]);
}

static int lds_col(lua_State *L)
{
  lua_settop(L, 2); /* the hold goes above the arguments */
  dataset *d = lchiso_hold_dataset(L, 1);
  if (lua_type(L, 2) == LUA_TNUMBER) {
    lua_Integer k = luaL_checkinteger(L, 2);
    luaL_argcheck(L, k >= 1 && (size_t)k <= d->ncol, 2,
                  lua_pushfstring(L, "column %I is out of range; the dataset has %I columns", k,
                                  (lua_Integer)d->ncol));
    push_column(L, d, (size_t)k - 1);
    return 1;
  }
  push_column(L, d, lchiso_check_colname(L, d, 2));
  return 1;
}

static size_t check_row(lua_State *L, const dataset *d, int arg)
{
  lua_Integer i = luaL_checkinteger(L, arg);
  if (i < 1 || (size_t)i > d->nrow)
    luaL_argerror(L, arg,
                  lua_pushfstring(L, "row %I is out of range; the dataset has %I rows", i,
                                  (lua_Integer)d->nrow));
  return (size_t)i - 1;
}

/* A row as a table of column name to value; nulls are absent (nil). */
static void push_row(lua_State *L, const dataset *d, size_t i)
{
  lua_createtable(L, 0, (int)d->ncol);
  for (size_t k = 0; k < d->ncol; k++) {
    if (col_isnull(d->cols[k], i))
      continue;
    lchiso_push_value(L, d->cols[k], i, 0);
    lua_setfield(L, -2, d->names[k]);
  }
}

static int lds_row(lua_State *L)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  push_row(L, d, check_row(L, d, 2));
  return 1;
}

static int rows_next(lua_State *L)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  if (i < 0 || (size_t)i >= d->nrow)
    return 0;
  lua_pushinteger(L, i + 1);
  push_row(L, d, (size_t)i);
  return 2;
}

static int lds_rows(lua_State *L)
{
  lchiso_check_dataset(L, 1);
  lua_pushcfunction(L, rows_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static int push_slice(lua_State *L, int from_end)
{
  lua_settop(L, 2);
  dataset *d = lchiso_hold_dataset(L, 1);
  lua_Integer n = luaL_optinteger(L, 2, 10);
  luaL_argcheck(L, n >= 0, 2, "row count must not be negative");
  size_t count = (size_t)n < d->nrow ? (size_t)n : d->nrow;
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  box->ds = ds_slice(d, from_end ? d->nrow - count : 0, count, &e);
  if (box->ds == NULL)
    return lchiso_raise(L, &e);
  return 1;
}

static int lds_head(lua_State *L) { return push_slice(L, 0); }
static int lds_tail(lua_State *L) { return push_slice(L, 1); }

static char check_delimiter(lua_State *L, int arg, const char *s)
{
  if (strcmp(s, "tab") == 0 || strcmp(s, "\t") == 0)
    return '\t';
  if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0 || strcmp(s, "|") == 0)
    return s[0];
  return (char)luaL_argerror(
    L, arg, lua_pushfstring(L, "delimiter must be \",\", \";\", \"|\" or \"tab\", not '%s'", s));
}

/* Never raises: csvio_write holds memory of its own while it calls this. */
static int text_sink(void *ud, const char *p, size_t n)
{
  sbuf *b = ud;
  sbuf_add(b, p, n);
  return b->failed ? -1 : 0;
}

static const char *const csv_dialects[] = {"plain", "excel-vn", NULL};

/* to_csv's options at opts (a table, or none): the dialect, then a delimiter that may change it. */
static void csv_options_of(lua_State *L, int opts, csv_write_options *w)
{
  static const char *const known[] = {"delimiter", "dialect", NULL};
  csvio_dialect("plain", w);
  if (lua_isnoneornil(L, opts))
    return;
  luaL_checktype(L, opts, LUA_TTABLE);
  lchiso_check_options(L, opts, known);
  csvio_dialect(csv_dialects[lchiso_opt_choice(L, opts, "dialect", csv_dialects, 0)], w);
  lua_getfield(L, opts, "delimiter");
  if (!lua_isnil(L, -1))
    w->delimiter = check_delimiter(L, opts, luaL_checkstring(L, -1));
  lua_pop(L, 1);
  if (w->decimal == ',' && w->delimiter == ',')
    luaL_argerror(L, opts, "delimiter \",\" cannot go with dialect 'excel-vn', whose floats "
                           "have a decimal comma");
}

/* ds:to_csv([path] [, opts]): writes the file (true, or nil and a message) or returns the text. */
static int lds_to_csv(lua_State *L)
{
  lua_settop(L, 3);
  dataset *d = lchiso_hold_dataset(L, 1);
  int has_path = lua_type(L, 2) == LUA_TSTRING;
  if (!has_path && !lua_isnoneornil(L, 2) && !lua_istable(L, 2))
    luaL_typeerror(L, 2, "string (a path) or table (options)");
  csv_write_options w = {0};
  csv_options_of(L, has_path ? 3 : 2, &w);
  cherr e;
  if (has_path) {
    /* A sandboxed report's files are opened by others: formulas in them are made text. */
    w.neutralise = sandbox_active();
    if (csvio_write_file(d, &w, lua_tostring(L, 2), &e) != 0) {
      if (e.code != ERR_IO)
        return lchiso_raise(L, &e);
      luaL_pushfail(L);
      lua_pushstring(L, e.msg);
      return 2;
    }
    if (w.neutralised > 0)
      lchiso_note(L, "%s: %zu cell%s beginning with =, +, -, @, a tab or a carriage return "
                     "written after a ' so that spreadsheets do not run %s as formulas",
                  lua_tostring(L, 2), w.neutralised, w.neutralised == 1 ? "" : "s",
                  w.neutralised == 1 ? "it" : "them");
    lua_pushboolean(L, 1);
    return 1;
  }
  sbuf *b = lchiso_new_text(L);
  if (csvio_write(d, &w, text_sink, b, &e) != 0) {
    if (b->failed) /* the sink ran out of memory, which csvio_write took for a failed write */
      err_nomem(&e);
    return lchiso_raise(L, &e);
  }
  lua_pushlstring(L, b->p ? b->p : "", b->len);
  sbuf_free(b);
  return 1;
}

static int lds_tostring(lua_State *L)
{
  lua_settop(L, 1);
  dataset *d = lchiso_hold_dataset(L, 1);
  table_opts o;
  table_opts_init(&o);
  o.width = lchiso_term_width();
  cherr e;
  sbuf *b = lchiso_new_text(L);
  b->p = table_render(d, &o, &b->len, &e);
  if (b->p == NULL)
    return lchiso_raise(L, &e);
  b->cap = b->len + 1;
  /* drop the final newline: print() adds its own */
  lua_pushlstring(L, b->p, b->len > 0 && b->p[b->len - 1] == '\n' ? b->len - 1 : b->len);
  sbuf_free(b);
  return 1;
}

static int lds_gc(lua_State *L)
{
  lchiso_dsbox *box = luaL_checkudata(L, 1, LCHISO_DATASET);
  ds_unref(box->ds);
  box->ds = NULL;
  return 0;
}

/* ds.name: a method when there is one, else the column of that name. */
static int lds_index(lua_State *L)
{
  lchiso_check_dataset(L, 1);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
    return 1;
  dataset *d = lchiso_hold_dataset(L, 1); /* only now: a method's lookup stays cheap */
  if (lua_type(L, 2) != LUA_TSTRING)
    return luaL_error(L, "a dataset is indexed by column or method name, not by %s "
                         "(use ds:row(i) for a row)", luaL_typename(L, 2));
  size_t len;
  const char *name = lua_tolstring(L, 2, &len);
  long k = ds_find(d, name, len);
  if (k < 0) {
    push_column_list(L, d, name);
    return luaL_error(L, "dataset has no column or method '%s'; %s", name, lua_tostring(L, -1));
  }
  push_column(L, d, (size_t)k);
  return 1;
}

static const luaL_Reg methods[] = {
  {"names", lds_names},   {"types", lds_types}, {"ncol", lds_ncol},     {"nrow", lds_nrow},
  {"col", lds_col},       {"row", lds_row},     {"rows", lds_rows},     {"head", lds_head},
  {"tail", lds_tail},     {"to_csv", lds_to_csv}, {NULL, NULL},
};

static const luaL_Reg metamethods[] = {
  {"__len", lds_len}, {"__tostring", lds_tostring}, {"__gc", lds_gc}, {"__close", lds_gc},
  {NULL, NULL},
};

/* Returns the method table, so Lua code can add methods to every dataset. */
int luaopen_chiso_dataset(lua_State *L)
{
  lchiso_new_type(L, LCHISO_DATASET, metamethods, methods, lds_index);
  return 1;
}
