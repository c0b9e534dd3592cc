/*
 * lchiso.h - what the Lua bridge files share: checking and pushing chiso's
 * userdata, turning core errors into Lua errors, options tables, and the
 * null sentinel. Grouped by the file that defines them; lchiso.c and
 * lopts.c call no other bridge file, lcolumn.c only those two, and lcore.c
 * (the entry point) everything.
 *
 * Ownership: a box made by lchiso_new_dataset or lchiso_new_column owns
 * what is put in it (the userdata releases it when collected); the check
 * functions return borrowed pointers, valid while the value is on the stack.
 */
#ifndef CHISO_LCHISO_H
#define CHISO_LCHISO_H

#include <lauxlib.h>
#include <lua.h>

#include "arith.h"
#include "column.h"
#include "dataset.h"
#include "err.h"
#include "sbuf.h"

#define LCHISO_DATASET "chiso.Dataset"
#define LCHISO_COLUMN "chiso.Column"
#define LCHISO_NULL "chiso.null"

/* Userdata boxes: created empty, then filled, so a failure in between leaks nothing. */
typedef struct lchiso_dsbox {
  dataset *ds;
} lchiso_dsbox;

typedef struct lchiso_colbox {
  column *col;
} lchiso_colbox;

/* lchiso.c: errors, garbage, interruption, types and the null sentinel ---- */

/*
 * Raises e's message as a Lua error, as it is; callers that want the
 * function or argument named build that message themselves (luaL_argerror).
 */
int lchiso_raise(lua_State *L, const cherr *e);

/*
 * Called before a new dataset or column box: runs a full collection when the
 * core's memory has grown by half (and by 8 MB or more) since the last one.
 * Lua's collector weighs a box by its few bytes, not by the columns behind
 * it, so without this, boxes of large garbage columns would wait for Lua's
 * own allocations to start a cycle.
 */
void lchiso_collect_if_due(lua_State *L);

/*
 * In a long loop: raises "interrupted" (or the time limit) when halt_check()
 * says so at row i. Row 0 always looks: every method that makes a dataset,
 * a column or a hold does so once, so a Lua loop of short C calls (which
 * the sandbox's instruction count hardly sees) stops in time too.
 */
void lchiso_check_halt(lua_State *L, size_t i);

/*
 * Registers the metatable tname with the metamethods meta, and pushes a new
 * table of methods. index, called with that table as its upvalue, becomes
 * __index; the metatable's field "methods" holds the table too.
 */
void lchiso_new_type(lua_State *L, const char *tname, const luaL_Reg *meta,
                     const luaL_Reg *methods, lua_CFunction index);

/*
 * Holds. Lua code can run inside any bridge function: option tables' and
 * arguments' metamethods, row functions, and the finalizers that any
 * allocation through Lua may start. Such code can close a dataset or
 * column box (`local bye <close> = ds`), which lets go of the box's
 * reference. So a function that uses a dataset or column after anything
 * that may run Lua code keeps it in a hold: a to-be-closed userdata pushed
 * on the stack, whose references go when the function returns or raises.
 * Pointers to Lua strings are kept likewise on the stack or in a table of
 * the function's own, never only in a table the caller can change.
 */
typedef struct lchiso_hold lchiso_hold;
/* Pushes an empty hold with room for n references (never remove it but by returning or lua_settop). */
lchiso_hold *lchiso_new_hold(lua_State *L, size_t n);
dataset *lchiso_hold_ds(lchiso_hold *h, dataset *d);
column *lchiso_hold_col(lchiso_hold *h, column *c);

/* Makes chiso.null, the value that stands for a missing cell where nil cannot. */
void lchiso_open_null(lua_State *L);
void lchiso_push_null(lua_State *L);
int lchiso_is_null(lua_State *L, int idx);

/* lopts.c: names and options tables --------------------------------------- */

/* The index of s in names (NULL-ended), or -1 when it is not there or s is NULL. */
int lchiso_name_index(const char *s, const char *const names[]);
/* Raises a "bad argument" error for any key of the options table at arg not in names (NULL-ended). */
void lchiso_check_options(lua_State *L, int arg, const char *const names[]);
/* Pushes an array of the string keys of the table at idx, sorted; a key of another type raises what. */
void lchiso_sorted_keys(lua_State *L, int idx, const char *what);
/* The index in names of the option's value (a string), dflt when absent; raises on anything else. */
int lchiso_opt_choice(lua_State *L, int arg, const char *key, const char *const names[], int dflt);
/* Option 'types' ({name = "int"} or {"string", "int"}), checked, as hints held on the stack; NULL when absent. */
const col_typehint *lchiso_opt_types(lua_State *L, int arg, size_t *n);
/*
 * The most null tokens option 'na' may list: a reader compares a field with
 * each token of its length, so the work between two looks at the deadline
 * grows with their number.
 */
#define LCHISO_MAX_NA 256
/* The most names option 'names' may list. */
#define LCHISO_MAX_NAMES 65536
/*
 * A list of at most max strings (option key), copied into a table held on
 * the stack until the call returns; NULL when absent.
 */
const char *const *lchiso_opt_strings(lua_State *L, int arg, const char *key, size_t max,
                                      size_t *n);
/* The options that place a table in a file, as read_csv and the workbook readers share them. */
typedef struct lchiso_layout {
  int header;                /* option header (true unless false) */
  int trim;
  long skip, footer;         /* -1 when absent: found by the reader */
  size_t header_rows;
  const char *const *names;  /* held on the stack until the call returns */
  size_t nnames;
  int duplicate_names_error; /* duplicate_names = "error" */
  char comment;              /* 0 when absent */
} lchiso_layout;
/* Reads header, trim, skip, footer, header_rows, names, duplicate_names and comment; a comment character in refused is an error. */
void lchiso_opt_layout(lua_State *L, int arg, const char *refused, lchiso_layout *l);
/* A whole number from least to 1048576 (option key), dflt when absent. */
long lchiso_opt_count(lua_State *L, int arg, const char *key, long dflt, long least);
/* A string (option key), left on the stack, which holds it; NULL when absent. */
const char *lchiso_opt_string(lua_State *L, int arg, const char *key);
/* Option 'replace' of the options table at arg (0: none), a boolean, false when absent. */
int lchiso_opt_replace(lua_State *L, int arg);
/*
 * Raises a "bad argument" error at arg when d has a column called name and
 * replace is false: no method replaces a column unless asked to.
 */
void lchiso_check_new_name(lua_State *L, int arg, const dataset *d, const char *name, int replace);

/* lcolumn.c: the column type ---------------------------------------------- */

/* Pushes an empty column box; name is for a "not enough memory" message. */
lchiso_colbox *lchiso_new_column(lua_State *L, const char *name);
column *lchiso_check_column(lua_State *L, int arg);
/* The column at arg, or NULL when it is not one; a closed column is an error. */
column *lchiso_test_column(lua_State *L, int arg);
/* The column at arg, checked, in a hold of its own pushed on the stack. */
column *lchiso_hold_column(lua_State *L, int arg);
/* Pushes value i of c: nil for null, or chiso.null when null_sentinel is set. */
void lchiso_push_value(lua_State *L, const column *c, size_t i, int null_sentinel);
int luaopen_chiso_column(lua_State *L);

/* ldataset.c: the dataset type -------------------------------------------- */

/* Pushes an empty dataset box. */
lchiso_dsbox *lchiso_new_dataset(lua_State *L);
dataset *lchiso_check_dataset(lua_State *L, int arg);
/*
 * The dataset at arg, checked, in a hold of its own pushed on the stack:
 * the way a method takes its dataset when it runs any Lua code.
 */
dataset *lchiso_hold_dataset(lua_State *L, int arg);
/*
 * Fills a box made beforehand with lchiso_new_dataset (so no failure can
 * strand the dataset), or raises e when ds is NULL:
 *   lchiso_dsbox *box = lchiso_new_dataset(L);
 *   lchiso_set_dataset(L, box, ds_take(d, rows, n, &e), &e);
 */
void lchiso_set_dataset(lua_State *L, lchiso_dsbox *box, dataset *ds, const cherr *e);
/*
 * A new empty text buffer owned by a userdata pushed on the stack: its
 * __gc frees the bytes, so text built in C is not lost when Lua raises
 * (out of memory, say) before it is pushed as a string.
 */
sbuf *lchiso_new_text(lua_State *L);
/* Index of column name in d, or a raised error that lists the columns. */
size_t lchiso_check_colname(lua_State *L, const dataset *d, int arg);
/*
 * The column of d called name (len bytes), or a "bad argument #arg" error
 * that says so, lists the columns and suggests the closest; what, when not
 * NULL, says where the name came from ("option 'by'").
 */
size_t lchiso_find_column(lua_State *L, const dataset *d, const char *name, size_t len, int arg,
                          const char *what);
/*
 * The columns named by the value at idx (a name, or an array of names) as
 * indices into d, in an array held by a userdata left on top of the stack;
 * *n gets their number. Errors as lchiso_find_column; an empty list is
 * allowed only if allow_empty.
 */
size_t *lchiso_columns(lua_State *L, int idx, const dataset *d, int arg, const char *what,
                       int allow_empty, size_t *n);
/* Terminal width for drawing tables: the terminal's, else $COLUMNS, else 0 (no limit). */
size_t lchiso_term_width(void);
int luaopen_chiso_dataset(lua_State *L);

/* lbuild.c, larith.c, lcsv.c: values made from Lua's ----------------------- */

/*
 * Pushes a new column made from the value at idx, by chiso.dataset's rules:
 * a column is shared, a Lua array is typed by its values (lbuild.c).
 */
lchiso_colbox *lchiso_column_from_value(lua_State *L, int idx, const char *name);
/* chiso.dataset{...}: a dataset from Lua tables (lbuild.c). */
int lchiso_dataset_from_tables(lua_State *L);
/* The value at idx (a column, number, string, boolean or chiso.null) as an operand; 0 for anything else (larith.c). */
int lchiso_operand(lua_State *L, int idx, operand *o);
/* chiso.read_csv and chiso.parse_csv (lcsv.c). */
int lchiso_read_csv(lua_State *L);
int lchiso_parse_csv(lua_State *L);
/* chiso.read_xlsx, read_xls, read, sheets and write_xlsx; the dataset's to_xlsx (lsheet.c). */
extern const luaL_Reg lchiso_sheet_functions[];
extern const luaL_Reg lchiso_sheet_methods[];
/* Pushes nil and a message naming what the file is and its reader (2) when path holds a workbook; else 0. */
int lchiso_not_a_workbook(lua_State *L, const char *path);

/* loutput.c: files and notes (chiso.core.sandbox's write_file, read_path, write_path, formula, note). */
extern const luaL_Reg lchiso_output_functions[];
/* "chiso: note: ..." on standard error, counted against the output limit (raised past it). */
int lchiso_note(lua_State *L, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
/* Appends the notes in s (one a line) to the list at index list, each also told on stderr as "where: note" unless quiet. */
void lchiso_add_notes(lua_State *L, int list, const char *s, size_t len, const char *where,
                      int quiet);

/* The parts of the library ------------------------------------------------ */

/*
 * Each luaopen_chiso_<part> returns a table: its field dataset_methods holds
 * methods for every dataset, column_methods methods for every column,
 * column_meta metamethods for columns (__add...); lcore.c moves those into
 * place, and anything else left in the table becomes chiso.<part>
 * (chiso.stats).
 */
int luaopen_chiso_rel(lua_State *L);     /* lrel.c: where, select, drop, rename, mutate, sort, slice */
int luaopen_chiso_arith(lua_State *L);   /* larith.c: column arithmetic, comparisons, aggregates */
int luaopen_chiso_group(lua_State *L);   /* lgroup.c: group_by and agg */
int luaopen_chiso_reshape(lua_State *L); /* lreshape.c: join, pivot_wider, pivot_longer, concat, distinct */
int luaopen_chiso_window(lua_State *L);  /* lwindow.c: rank, lag, lead, diff, pct_change, top */
int luaopen_chiso_stats(lua_State *L);   /* lstats.c: chiso.stats, ds:cor */
int luaopen_chiso_vn(lua_State *L);      /* lvn.c: chiso.vn.fold, normalize, compare */
int luaopen_chiso_sandbox(lua_State *L); /* lsandbox.c: chiso.core.sandbox, the C half of sandboxed runs */

/* lcore.c: chiso.core itself, every part gathered. */
int luaopen_chiso_core(lua_State *L);

#endif
