/*
 * lsheet.c - chiso.read_xlsx, chiso.read_xls, chiso.sheets and chiso.read
 * (which picks the reader by the file's content), and the check read_csv
 * makes that it was not handed a workbook; writing workbooks: ds:to_xlsx
 * and chiso.write_xlsx, several datasets as the sheets of one workbook.
 *
 * The layout options are read_csv's where they mean the same (types, na,
 * quiet; header = false and names, skip, footer, header_rows, duplicate_names,
 * comment and trim as docs/csv.md describes them for CSV) plus sheet, range
 * and merged; they are
 * read here, into the core's sheet_options, since lcsv.c reads into the CSV
 * reader's own structure.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lchiso.h"
#include "mem.h"
#include "sheet.h"

#define LSHEET_REPORT "chiso.SheetReport"

static const char *const sheet_options_list[] = {
  "sheet", "range", "skip", "footer", "header", "header_rows", "names", "types", "na", "trim",
  "merged", "duplicate_names", "comment", "quiet", NULL,
};

static void opt_sheet(lua_State *L, int arg, sheet_options *o)
{
  int type = lua_getfield(L, arg, "sheet");
  if (type == LUA_TNUMBER && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
      lua_tointeger(L, -1) <= 65535) {
    o->sheet_number = (size_t)lua_tointeger(L, -1);
  } else if (type == LUA_TSTRING) {
    o->sheet_name = lua_tostring(L, -1); /* left on the stack */
    return;
  } else if (type != LUA_TNIL) {
    luaL_argerror(L, arg, "option 'sheet' must be a sheet's name or its number from 1");
  }
  lua_pop(L, 1);
}

static const char *const merged_names[] = {"keep", "fill", NULL};

/* The layout options, as read_csv reads them (any one character may start a comment row). */
static void layout_options(lua_State *L, int arg, sheet_options *o)
{
  lchiso_layout l;
  lchiso_opt_layout(L, arg, "", &l);
  o->header = l.header;
  o->trim = l.trim;
  o->skip = l.skip;
  o->footer = l.footer;
  o->header_rows = l.header_rows;
  o->names = l.names;
  o->nnames = l.nnames;
  o->duplicate_names_error = l.duplicate_names_error;
  o->comment = l.comment;
}

static void read_options(lua_State *L, int arg, sheet_options *o, int *quiet)
{
  sheet_options_init(o);
  *quiet = 0;
  if (lua_isnoneornil(L, arg))
    return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lchiso_check_options(L, arg, sheet_options_list);
  opt_sheet(L, arg, o);
  o->range = lchiso_opt_string(L, arg, "range");
  if (o->range != NULL && sheet_check_range(o->range) != 0)
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'range' must be a range such as \"A3:F70\" "
                                             "or \"B:D\", not '%s'", o->range));
  layout_options(L, arg, o);
  lua_getfield(L, arg, "quiet");
  *quiet = lua_toboolean(L, -1);
  lua_pop(L, 1);
  o->fill_merged = lchiso_opt_choice(L, arg, "merged", merged_names, 0) == 1;
  o->na = lchiso_opt_strings(L, arg, "na", LCHISO_MAX_NA, &o->nna);
  o->types = lchiso_opt_types(L, arg, &o->ntypes);
}

/* The report: in a userdata whose __gc frees it, since pushing its parts may raise. */
static int report_gc(lua_State *L)
{
  sheet_report_free(luaL_checkudata(L, 1, LSHEET_REPORT));
  return 0;
}

static sheet_report *new_report(lua_State *L)
{
  sheet_report *r = lua_newuserdatauv(L, sizeof *r, 0);
  sheet_report_init(r);
  if (luaL_newmetatable(L, LSHEET_REPORT)) {
    lua_pushcfunction(L, report_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return r;
}

/* Pushes the report table, and prints each note on stderr unless quiet. */
static void push_report(lua_State *L, const sheet_report *r, const char *path, const char *format,
                        int quiet)
{
  lua_createtable(L, 0, 8);
  lua_pushstring(L, format);
  lua_setfield(L, -2, "format");
  lua_pushstring(L, r->sheet ? r->sheet : "");
  lua_setfield(L, -2, "sheet");
  lua_pushstring(L, r->range);
  lua_setfield(L, -2, "range");
  lua_pushinteger(L, (lua_Integer)r->rows);
  lua_setfield(L, -2, "rows");
  lua_pushinteger(L, (lua_Integer)r->columns);
  lua_setfield(L, -2, "columns");
  lua_pushinteger(L, r->date1904 ? 1904 : 1900);
  lua_setfield(L, -2, "date_system");
  lua_newtable(L);
  const char *where = lua_pushfstring(L, "%s: sheet '%s'", path, r->sheet ? r->sheet : "");
  lchiso_add_notes(L, -2, r->notes.p, r->notes.len, where, quiet);
  lua_pop(L, 1);
  lua_setfield(L, -2, "notes");
}

/* Returns nil and a message (2) when path's content is not `want`; 0 when it is. */
static int wrong_kind(lua_State *L, const char *path, sheet_kind want)
{
  sheet_kind kind;
  cherr e;
  if (sheet_sniff(path, &kind, &e) != 0) {
    if (e.code == ERR_NOMEM || e.code == ERR_DENIED || e.code == ERR_HALT)
      return lchiso_raise(L, &e);
    luaL_pushfail(L);
    lua_pushstring(L, e.msg);
    return 2;
  }
  if (kind == want || (kind == SHEET_ZIP && want == SHEET_XLSX))
    return 0; /* a damaged .xlsx may not show its parts: the reader says what is wrong */
  luaL_pushfail(L);
  if (kind == SHEET_XLSX || kind == SHEET_XLS)
    lua_pushfstring(L, "%s: this is %s, not %s: read it with chiso.%s (chiso.read picks the "
                       "reader by content)", path, sheet_kind_name(kind), sheet_kind_name(want),
                    kind == SHEET_XLSX ? "read_xlsx" : "read_xls");
  else if (kind == SHEET_OTHER)
    lua_pushfstring(L, "%s: this is not %s (it does not start as one does); chiso.read_csv reads "
                       "text tables", path, sheet_kind_name(want));
  else
    lua_pushfstring(L, "%s: this is %s, not %s; chiso reads .xlsx, .xls and CSV: save it as one "
                       "of those", path, sheet_kind_name(kind), sheet_kind_name(want));
  return 2;
}

static int read_sheet(lua_State *L, sheet_kind kind)
{
  const char *path = luaL_checkstring(L, 1);
  sheet_options o;
  int quiet;
  read_options(L, 2, &o, &quiet);
  int refused = wrong_kind(L, path, kind);
  if (refused)
    return refused;
  sheet_report *r = new_report(L);
  lchiso_dsbox *box = lchiso_new_dataset(L);
  cherr e;
  box->ds = kind == SHEET_XLSX ? sheet_read_xlsx(path, &o, r, &e) : sheet_read_xls(path, &o, r, &e);
  if (box->ds == NULL && (e.code == ERR_NOMEM || e.code == ERR_HALT || e.code == ERR_DENIED))
    return lchiso_raise(L, &e);
  if (box->ds == NULL) {
    luaL_pushfail(L);
    lua_pushstring(L, e.msg);
    return 2;
  }
  push_report(L, r, path, kind == SHEET_XLSX ? "xlsx" : "xls", quiet);
  return 2;
}

/* chiso.read_xlsx(path [, opts]) and chiso.read_xls(path [, opts]): a dataset and a report, or nil and a message. */
static int l_read_xlsx(lua_State *L) { return read_sheet(L, SHEET_XLSX); }
static int l_read_xls(lua_State *L) { return read_sheet(L, SHEET_XLS); }

/* The kind of the file at path, or a raised refusal; a file that cannot be opened is SHEET_OTHER. */
static sheet_kind kind_of(lua_State *L, const char *path)
{
  sheet_kind kind;
  cherr e;
  if (sheet_sniff(path, &kind, &e) != 0) {
    if (e.code == ERR_NOMEM || e.code == ERR_DENIED || e.code == ERR_HALT)
      lchiso_raise(L, &e);
    return SHEET_OTHER; /* the reader says why it cannot be opened */
  }
  return kind;
}

/* chiso.read(path [, opts]): read_xlsx, read_xls or read_csv, as the content says. */
static int l_read(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  switch (kind_of(L, path)) {
  case SHEET_XLSX:
  case SHEET_ZIP: return l_read_xlsx(L);
  case SHEET_XLS: return l_read_xls(L);
  case SHEET_OTHER: return lchiso_read_csv(L);
  default: return wrong_kind(L, path, SHEET_XLSX);
  }
}

static int list_gc(lua_State *L)
{
  sheet_list_free(lua_touserdata(L, 1));
  return 0;
}

/* chiso.sheets(path): the workbook's sheets in order, each {name =, hidden =}; or nil and a message. */
static int l_sheets(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  sheet_kind kind = kind_of(L, path);
  if (kind != SHEET_XLSX && kind != SHEET_XLS)
    return wrong_kind(L, path, SHEET_XLSX);
  sheet_list *l = lua_newuserdatauv(L, sizeof *l, 0);
  memset(l, 0, sizeof *l);
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, list_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  cherr e;
  if ((kind == SHEET_XLSX ? sheet_list_xlsx(path, l, &e) : sheet_list_xls(path, l, &e)) != 0) {
    if (e.code == ERR_NOMEM || e.code == ERR_HALT || e.code == ERR_DENIED)
      return lchiso_raise(L, &e);
    luaL_pushfail(L);
    lua_pushstring(L, e.msg);
    return 2;
  }
  lua_createtable(L, (int)l->n, 0);
  const char *p = l->names.p;
  for (size_t k = 0; k < l->n; k++) {
    const char *end = strchr(p, '\n');
    lua_createtable(L, 0, 2);
    lua_pushlstring(L, p, (size_t)(end - p));
    lua_setfield(L, -2, "name");
    lua_pushboolean(L, l->hidden[k]);
    lua_setfield(L, -2, "hidden");
    lua_rawseti(L, -2, (lua_Integer)k + 1);
    p = end + 1;
  }
  return 1;
}

int lchiso_not_a_workbook(lua_State *L, const char *path)
{
  sheet_kind kind = kind_of(L, path);
  if (kind == SHEET_OTHER)
    return 0;
  luaL_pushfail(L);
  if (kind == SHEET_XLSX || kind == SHEET_XLS)
    lua_pushfstring(L, "%s: this is %s, not a CSV file: read it with chiso.%s (chiso.read picks "
                       "the reader by content)", path, sheet_kind_name(kind),
                    kind == SHEET_XLSX ? "read_xlsx" : "read_xls");
  else
    lua_pushfstring(L, "%s: this is %s, not a CSV file; chiso reads .xlsx, .xls and CSV: save it "
                       "as one of those", path, sheet_kind_name(kind));
  return 2;
}

/* Writing workbooks ------------------------------------------------------------ */

static const char *const write_options_list[] = {"sheet", "headers", "decimals", NULL};
static const char *const entry_options_list[] = {"data", "sheet", "headers", "decimals", NULL};

/* Where a sheet's options are: the table's stack index, the argument it is, and sheet k (0: none). */
typedef struct opt_place {
  int at, arg;
  lua_Integer sheet;
} opt_place;

/* Raises the argument error what (pushed by the caller), naming the sheet in a list. */
static int opt_error(lua_State *L, const opt_place *p, const char *what)
{
  if (p->sheet > 0)
    what = lua_pushfstring(L, "sheet %I: %s", p->sheet, what);
  return luaL_argerror(L, p->arg, what);
}

/*
 * A map from column names of d in option key, visited with lua_next (raw:
 * no Lua code runs); fn checks and stores each value.
 */
static void opt_by_column(lua_State *L, const opt_place *p, const char *key, const dataset *d,
                          void (*fn)(lua_State *L, const opt_place *p, const char *key, size_t k,
                                     void *out),
                          void *out)
{
  if (lua_getfield(L, p->at, key) == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1))
    opt_error(L, p, lua_pushfstring(L, "option '%s' must be a table of column names", key));
  int map = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, map) != 0) {
    size_t len = 0;
    const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &len) : NULL;
    if (name == NULL)
      opt_error(L, p, lua_pushfstring(L, "option '%s' must be keyed by column names", key));
    long k = ds_find(d, name, len);
    if (k < 0)
      opt_error(L, p, lua_pushfstring(L, "option '%s' names no column of the dataset: '%s'", key,
                                      name));
    fn(L, p, key, (size_t)k, out);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* A header: its string is kept in the holder just under the map. */
static void put_header_text(lua_State *L, const opt_place *p, const char *key, size_t k, void *out)
{
  if (lua_type(L, -1) != LUA_TSTRING)
    opt_error(L, p, lua_pushfstring(L, "option '%s' must give each column a string", key));
  ((const char **)out)[k] = lua_tostring(L, -1);
  lua_pushvalue(L, -1);
  lua_rawseti(L, -5, (lua_Integer)k + 1); /* under it: the key, the map, the holder */
}

static void put_decimals(lua_State *L, const opt_place *p, const char *key, size_t k, void *out)
{
  if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
      lua_tointeger(L, -1) > SHEET_MAX_DECIMALS)
    opt_error(L, p, lua_pushfstring(L, "option '%s' must give each column a whole number from 0 "
                                       "to %d", key, SHEET_MAX_DECIMALS));
  ((int *)out)[k] = (int)lua_tointeger(L, -1);
}

/*
 * The options of one sheet (the table at p->at, or none) for dataset d,
 * which the caller holds. What they point to stays on the stack.
 */
static void sheet_options_of(lua_State *L, const opt_place *p, const char *const *known,
                             const dataset *d, sheet_out *s)
{
  *s = (sheet_out){NULL, d, NULL, NULL};
  if (lua_isnoneornil(L, p->at))
    return;
  if (!lua_istable(L, p->at))
    opt_error(L, p, lua_pushfstring(L, "options must be a table, not %s",
                                    luaL_typename(L, p->at)));
  lchiso_check_options(L, p->at, known);
  luaL_checkstack(L, 8, "too many sheets");
  if (lua_getfield(L, p->at, "sheet") != LUA_TNIL) {
    cherr e;
    if (lua_type(L, -1) != LUA_TSTRING)
      opt_error(L, p, "option 'sheet' must be a string");
    if (sheet_check_name(lua_tostring(L, -1), &e) != 0)
      opt_error(L, p, lua_pushfstring(L, "option 'sheet': %s", e.msg));
    s->name = lua_tostring(L, -1); /* left on the stack */
  }
  size_t n = d->ncol ? d->ncol : 1;
  lua_createtable(L, (int)d->ncol, 0); /* holds the headers' strings */
  const char **headers = lua_newuserdatauv(L, n * sizeof *headers, 0);
  int *decimals = lua_newuserdatauv(L, n * sizeof *decimals, 0);
  for (size_t k = 0; k < n; k++) {
    headers[k] = NULL;
    decimals[k] = -1;
  }
  lua_pushvalue(L, -3); /* the holder, just under each map, as put_header_text expects */
  opt_by_column(L, p, "headers", d, put_header_text, (void *)headers);
  opt_by_column(L, p, "decimals", d, put_decimals, decimals);
  lua_pop(L, 1);
  s->headers = headers;
  s->decimals = decimals;
}

/* Writes the workbook: true, or nil and a message; misuse, refusals and limits raise. */
static int write_book(lua_State *L, const char *path, const sheet_out *s, size_t n, int arg)
{
  cherr e;
  if (sheet_write_xlsx(path, s, n, &e) == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  if (e.code == ERR_ARG)
    return luaL_argerror(L, arg, e.msg);
  if (e.code != ERR_IO && e.code != ERR_INPUT)
    return lchiso_raise(L, &e);
  luaL_pushfail(L);
  lua_pushstring(L, e.msg);
  return 2;
}

/* ds:to_xlsx(path [, opts]): the dataset as a workbook of one sheet. */
static int lds_to_xlsx(lua_State *L)
{
  lua_settop(L, 3);
  dataset *d = lchiso_hold_dataset(L, 1);
  const char *path = luaL_checkstring(L, 2);
  sheet_out s;
  opt_place p = {3, 3, 0};
  sheet_options_of(L, &p, write_options_list, d, &s);
  return write_book(L, path, &s, 1, lua_isnil(L, 3) ? 1 : 3);
}

/* chiso.write_xlsx(path, { {data = ds, sheet =, headers =, decimals =}, ... }): a sheet for each. */
static int l_write_xlsx(lua_State *L)
{
  lua_settop(L, 2);
  const char *path = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t n = lua_rawlen(L, 2);
  luaL_argcheck(L, n > 0, 2, "a list of sheets is needed, each {data = dataset, ...}");
  luaL_argcheck(L, n <= 4096, 2, "too many sheets (at most 4096)");
  sheet_out *s = lua_newuserdatauv(L, n * sizeof *s, 0);
  lchiso_hold *h = lchiso_new_hold(L, n);
  for (size_t k = 0; k < n; k++) {
    opt_place p = {0, 2, (lua_Integer)k + 1};
    luaL_checkstack(L, 4, "too many sheets");
    if (lua_rawgeti(L, 2, p.sheet) != LUA_TTABLE)
      opt_error(L, &p, lua_pushfstring(L, "a sheet must be a table {data = dataset, ...}, not %s",
                                       luaL_typename(L, -1)));
    p.at = lua_gettop(L);
    lua_getfield(L, p.at, "data");
    lchiso_dsbox *box = luaL_testudata(L, -1, LCHISO_DATASET);
    if (box == NULL || box->ds == NULL)
      opt_error(L, &p, box ? "field 'data' is a dataset that has been closed"
                           : "field 'data' is not a dataset");
    dataset *d = lchiso_hold_ds(h, box->ds); /* Lua code may change the entry, or close the box */
    lua_pop(L, 1);
    sheet_options_of(L, &p, entry_options_list, d, &s[k]);
  }
  return write_book(L, path, s, n, 2);
}

const luaL_Reg lchiso_sheet_functions[] = {
  {"read_xlsx", l_read_xlsx}, {"read_xls", l_read_xls}, {"read", l_read},
  {"sheets", l_sheets},       {"write_xlsx", l_write_xlsx}, {NULL, NULL},
};

const luaL_Reg lchiso_sheet_methods[] = {
  {"to_xlsx", lds_to_xlsx},
  {NULL, NULL},
};
