/*
 * lchiso.h - what the Lua bridge files share: checking and pushing chiso's
 * userdata, turning core errors into Lua errors, and the null sentinel.
 *
 * Ownership: lchiso_push_dataset and lchiso_push_column take over the
 * caller's reference (the userdata releases it when collected); the check
 * functions return borrowed pointers, valid while the value is on the stack.
 */
#ifndef CHISO_LCHISO_H
#define CHISO_LCHISO_H

#include <lauxlib.h>
#include <lua.h>

#include "column.h"
#include "dataset.h"
#include "err.h"

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

lchiso_dsbox *lchiso_new_dataset(lua_State *L);
lchiso_colbox *lchiso_new_column(lua_State *L, const char *name);
dataset *lchiso_check_dataset(lua_State *L, int arg);
column *lchiso_check_column(lua_State *L, int arg);
/* The column at arg, or NULL when it is not one. */
column *lchiso_test_column(lua_State *L, int arg);

/* Pushes value i of c: nil for null, or chiso.null when null_sentinel is set. */
void lchiso_push_value(lua_State *L, const column *c, size_t i, int null_sentinel);

void lchiso_push_null(lua_State *L);
int lchiso_is_null(lua_State *L, int idx);

/*
 * Raises e as a Lua error. Memory and interruption errors are raised as
 * they are; others are prefixed with the function name: "bad argument"
 * style messages are built by the caller with luaL_argerror instead.
 */
int lchiso_raise(lua_State *L, const cherr *e);

/* In a long loop: raises "interrupted" (or the time limit) when halt_check() says so at row i. */
void lchiso_check_halt(lua_State *L, size_t i);

/* Index of column name in d, or a raised error that lists the columns. */
size_t lchiso_check_colname(lua_State *L, const dataset *d, int arg);

/* Terminal width for drawing tables: the terminal's, else $COLUMNS, else 0 (no limit). */
size_t lchiso_term_width(void);

/*
 * Registers the metatable tname with the metamethods meta, and pushes a new
 * table of methods. index, called with that table as its upvalue, becomes
 * __index; the metatable's field "methods" holds the table too.
 */
void lchiso_new_type(lua_State *L, const char *tname, const luaL_Reg *meta,
                     const luaL_Reg *methods, lua_CFunction index);

/* chiso.dataset{...}: a dataset from Lua tables (lbuild.c). */
int lchiso_dataset_from_tables(lua_State *L);

int luaopen_chiso_dataset(lua_State *L);
int luaopen_chiso_column(lua_State *L);
int luaopen_chiso_core(lua_State *L);

#endif
