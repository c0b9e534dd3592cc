/*
 * reshape.c - pivots (long to wide and back), concat and distinct, and the
 * gathering of values that they and joins share.
 *
 * Each operation first works out where every output value comes from (a
 * source column and a row, or none); reshape_gather then builds the column
 * in one pass, so type widening and dictionaries are handled in one place.
 */
#include "reshape.h"

#include <stdio.h>
#include <string.h>

#include "halt.h"
#include "keys.h"
#include "mem.h"
#include "num.h"
#include "order.h"

/* -1 with ERR_HALT in e when loop iteration i is due a check and work must stop. */
static int halted(size_t i, cherr *e)
{
  if (!HALT_DUE(i + 1))
    return 0;
  int why = halt_check();
  return why == HALT_NONE ? 0 : err_halt(e, why);
}

/* Gathering values */

static int fits(coltype t, const column *src)
{
  return src == NULL || src->type == t || (t == COL_FLOAT && src->type == COL_INT);
}

/* The dictionary every string source uses, or NULL when they use several (or there are none). */
static dict *shared_dict(const column *const *srcs, size_t nsrcs)
{
  dict *d = NULL;
  for (size_t j = 0; j < nsrcs; j++) {
    if (srcs[j] == NULL)
      continue;
    if (d != NULL && srcs[j]->dict != d)
      return NULL;
    d = srcs[j]->dict;
  }
  return d;
}

/* Copies value i of src to row k of c; fresh when c has a dictionary of its own to intern into. */
static int put(column *c, size_t k, const column *src, size_t i, int fresh, cherr *e)
{
  switch (c->type) {
  case COL_INT: c->v.i64[k] = col_int(src, i); return 0;
  case COL_FLOAT: c->v.f[k] = col_num(src, i); return 0;
  case COL_BOOL: c->v.b[k] = src->v.b[i]; return 0;
  case COL_STR: break;
  }
  if (!fresh) {
    c->v.s32[k] = col_sid(src, i);
    return 0;
  }
  size_t len;
  const char *s = col_str(src, i, &len);
  return dict_intern(c->dict, s, len, &c->v.s32[k]) == 0 ? 0 : err_nomem(e);
}

column *reshape_gather(coltype t, const column *const *srcs, size_t nsrcs, const uint32_t *which,
                       const size_t *rows, size_t n, cherr *e)
{
  for (size_t j = 0; j < nsrcs; j++)
    if (!fits(t, srcs[j])) {
      err_set(e, ERR_ARG, "cannot gather a %s column into a %s column",
              col_typename(srcs[j]->type), col_typename(t));
      return NULL;
    }
  dict *d = t == COL_STR ? shared_dict(srcs, nsrcs) : NULL;
  int fresh = t == COL_STR && d == NULL;
  column *c = col_new(t, n, d, e);
  if (c == NULL)
    return NULL;
  for (size_t k = 0; k < n; k++) {
    const column *src = srcs[which ? which[k] : 0];
    size_t i = rows[k];
    int absent = src == NULL || i == RESHAPE_NONE || col_isnull(src, i);
    if (halted(k, e) != 0 || (absent ? col_set_null(c, k, e) : put(c, k, src, i, fresh, e)) != 0) {
      col_unref(c);
      return NULL;
    }
  }
  if (fresh)
    dict_freeze(c->dict);
  col_narrow(c);
  return c;
}

/* Columns under construction */

int reshape_cols_init(reshape_cols *o, size_t n, cherr *e)
{
  o->n = n;
  o->names = mem_calloc(n ? n : 1, sizeof *o->names);
  o->cols = mem_calloc(n ? n : 1, sizeof *o->cols);
  if (o->names == NULL || o->cols == NULL) {
    reshape_cols_free(o);
    return err_nomem(e);
  }
  return 0;
}

int reshape_cols_set(reshape_cols *o, size_t k, const char *name, size_t len, const char *suffix,
                     column *c, cherr *e)
{
  if (c == NULL)
    return -1;
  o->cols[k] = c;
  size_t slen = suffix ? strlen(suffix) : 0;
  o->names[k] = mem_alloc(len + slen + 1);
  if (o->names[k] == NULL)
    return err_nomem(e);
  memcpy(o->names[k], name, len);
  memcpy(o->names[k] + len, suffix ? suffix : "", slen + 1);
  return 0;
}

dataset *reshape_cols_finish(reshape_cols *o, size_t nrow, cherr *e)
{
  dataset *d = ds_make((const char *const *)o->names, o->cols, o->n, nrow, e);
  reshape_cols_free(o);
  return d;
}

void reshape_cols_free(reshape_cols *o)
{
  for (size_t k = 0; k < o->n && o->names != NULL && o->cols != NULL; k++) {
    mem_free(o->names[k]);
    col_unref(o->cols[k]);
  }
  mem_free(o->names);
  mem_free(o->cols);
  o->names = NULL;
  o->cols = NULL;
  o->n = 0;
}

/* Pivot wider */

typedef struct wide {
  groups ids, keys;   /* groups of the id columns, and of the names column */
  size_t *sorted;     /* first row of each name, in column order */
  size_t *pos;        /* column position of each name group */
  size_t *cells;      /* cells[p * nids + g]: the row giving name p for id group g */
} wide;

static void wide_free(wide *w)
{
  groups_free(&w->ids);
  groups_free(&w->keys);
  mem_free(w->sorted);
  mem_free(w->pos);
  mem_free(w->cells);
}

/* Appends the value of row i of c to buf as a message shows it: 'text', a number, or null. */
static void add_value(char *buf, size_t size, const column *c, size_t i)
{
  size_t used = strlen(buf), len;
  char num[NUM_BUFSIZE];
  if (col_isnull(c, i)) {
    snprintf(buf + used, size - used, "null");
    return;
  }
  const char *s = col_text(c, i, num, &len);
  const char *q = c->type == COL_STR ? "'" : "";
  snprintf(buf + used, size - used, "%s%.*s%s", q, (int)(len < 200 ? len : 200), s, q);
}

static int duplicate_cell(const dataset *d, const wider_spec *s, size_t r1, size_t r2, cherr *e)
{
  char what[400] = "";
  for (size_t k = 0; k <= s->nids; k++) {
    size_t col = k < s->nids ? s->ids[k] : s->names;
    size_t used = strlen(what);
    snprintf(what + used, sizeof what - used, "%s%s ", k ? ", " : "", d->names[col]);
    add_value(what, sizeof what, d->cols[col], r1);
  }
  return err_set(e, ERR_ARG, "rows %zu and %zu both give a value for %s", r1 + 1, r2 + 1, what);
}

/*
 * The names column's values, sorted, become columns: each must be able to
 * name one, and none an id column (found by d's index of names, not by a
 * comparison with each id: both lists can be long).
 */
static int check_names(const dataset *d, const wider_spec *s, const wide *w, cherr *e)
{
  const column *c = d->cols[s->names];
  for (size_t i = 0; i < d->nrow && c->nnull > 0; i++)
    if (col_isnull(c, i))
      return err_set(e, ERR_ARG, "column '%s' holds a null (row %zu), which cannot name a column",
                     d->names[s->names], i + 1);
  unsigned char *is_id = mem_calloc(d->ncol ? d->ncol : 1, 1);
  if (is_id == NULL)
    return err_nomem(e);
  for (size_t k = 0; k < s->nids; k++)
    is_id[s->ids[k]] = 1;
  int rc = 0;
  for (size_t p = 0, done = 0; rc == 0 && p < w->keys.ngroups; p++) {
    char num[NUM_BUFSIZE];
    size_t len, row = w->sorted[p];
    const char *text = col_text(c, row, num, &len);
    int bad = len == 0 || memchr(text, '\0', len) != NULL;
    long id = bad ? -1 : ds_find(d, text, len);
    int why = halt_after(&done, 1);
    if (bad)
      rc = err_set(e, ERR_ARG, "column '%s' holds %s (row %zu), which cannot name a column",
                   d->names[s->names], len ? "a NUL byte" : "an empty string", row + 1);
    else if (id >= 0 && is_id[id])
      rc = err_set(e, ERR_ARG, "value '%s' of column '%s' (row %zu) would name a column "
                   "like the id column", d->names[id], d->names[s->names], row + 1);
    else if (why != HALT_NONE)
      rc = err_halt(e, why);
  }
  mem_free(is_id);
  return rc;
}

/* Groups the rows, sorts the names, and places each row in its cell. */
static int wide_layout(const dataset *d, const wider_spec *s, wide *w, cherr *e)
{
  const column **ids = mem_alloc((s->nids ? s->nids : 1) * sizeof *ids);
  if (ids == NULL)
    return err_nomem(e);
  for (size_t k = 0; k < s->nids; k++)
    ids[k] = d->cols[s->ids[k]];
  const column *key = d->cols[s->names];
  int rc = groups_make(&w->ids, ids, s->nids, d->nrow, e);
  mem_free(ids);
  if (rc != 0 || groups_make(&w->keys, &key, 1, d->nrow, e) != 0)
    return -1;
  size_t nid = w->ids.ngroups, nkey = w->keys.ngroups;
  if (nkey != 0 && nid > SIZE_MAX / sizeof(size_t) / nkey)
    return err_nomem(e);
  w->sorted = mem_alloc((nkey ? nkey : 1) * sizeof *w->sorted);
  w->pos = mem_alloc((nkey ? nkey : 1) * sizeof *w->pos);
  w->cells = mem_alloc((nid && nkey ? nid * nkey : 1) * sizeof *w->cells);
  if (w->sorted == NULL || w->pos == NULL || w->cells == NULL)
    return err_nomem(e);
  sortkey sk = {key, 0, COLLATE_BYTES};
  if (order_rows(&sk, 1, w->keys.first, nkey, w->sorted, e) != 0)
    return -1;
  for (size_t p = 0; p < nkey; p++)
    w->pos[group_of(&w->keys, w->sorted[p])] = p;
  return 0;
}

static int wide_place(const dataset *d, const wider_spec *s, wide *w, cherr *e)
{
  size_t nid = w->ids.ngroups;
  memset(w->cells, 0xFF, nid * w->keys.ngroups * sizeof *w->cells); /* RESHAPE_NONE */
  for (size_t i = 0; i < d->nrow; i++) {
    size_t *cell = &w->cells[w->pos[group_of(&w->keys, i)] * nid + group_of(&w->ids, i)];
    if (halted(i, e) != 0)
      return -1;
    if (*cell != RESHAPE_NONE)
      return duplicate_cell(d, s, *cell, i, e);
    *cell = i;
  }
  return 0;
}

static dataset *wide_build(const dataset *d, const wider_spec *s, const wide *w, cherr *e)
{
  size_t nid = w->ids.ngroups, nkey = w->keys.ngroups;
  reshape_cols o;
  if (reshape_cols_init(&o, s->nids + nkey, e) != 0)
    return NULL;
  for (size_t k = 0; k < s->nids; k++) {
    const char *name = d->names[s->ids[k]];
    column *c = col_take(d->cols[s->ids[k]], w->ids.first, nid, e);
    if (reshape_cols_set(&o, k, name, strlen(name), NULL, c, e) != 0)
      goto fail;
  }
  const column *key = d->cols[s->names], *val = d->cols[s->values];
  for (size_t p = 0, done = 0; p < nkey; p++) {
    char num[NUM_BUFSIZE];
    size_t len;
    const char *name = col_text(key, w->sorted[p], num, &len);
    column *c = reshape_gather(val->type, &val, 1, NULL, w->cells + p * nid, nid, e);
    if (reshape_cols_set(&o, s->nids + p, name, len, NULL, c, e) != 0)
      goto fail;
    int why = halt_after(&done, nid + 1); /* many short columns: the gathers never look */
    if (why != HALT_NONE) {
      err_halt(e, why);
      goto fail;
    }
  }
  return reshape_cols_finish(&o, nid, e);
fail:
  reshape_cols_free(&o);
  return NULL;
}

dataset *reshape_wider(const dataset *d, const wider_spec *s, cherr *e)
{
  wide w;
  memset(&w, 0, sizeof w);
  dataset *out = NULL;
  if (wide_layout(d, s, &w, e) == 0 && check_names(d, s, &w, e) == 0 && wide_place(d, s, &w, e) == 0)
    out = wide_build(d, s, &w, e);
  wide_free(&w);
  return out;
}

/* Pivot longer */

/* The type the columns stack into: int and float give float; others must all agree. */
static int stack_type(const dataset *d, const longer_spec *s, coltype *t, cherr *e)
{
  const column *first = d->cols[s->cols[0]];
  *t = first->type;
  for (size_t k = 1; k < s->ncols; k++) {
    const column *c = d->cols[s->cols[k]];
    if (c->type == *t)
      continue;
    if (col_is_numeric(c) && (*t == COL_INT || *t == COL_FLOAT)) {
      *t = COL_FLOAT;
      continue;
    }
    return err_set(e, ERR_ARG, "columns '%s' (%s) and '%s' (%s) cannot be stacked into one "
                   "column: they must be all numbers, all strings or all booleans",
                   d->names[s->cols[0]], col_typename(first->type), d->names[s->cols[k]],
                   col_typename(c->type));
  }
  return 0;
}

/* 1 and v set when name is an integer written plainly ("2019", "-3"; not "07", "+1" or "1e3"). */
static int plain_int(const char *name, int64_t *v)
{
  num_style style = {'.', 0};
  double f;
  char back[NUM_BUFSIZE];
  size_t len = strlen(name);
  if (num_parse(name, len, &style, v, &f) != NUM_INT)
    return 0;
  return num_format_int(*v, back) == len && memcmp(back, name, len) == 0;
}

/* Interns the names of the stacked columns into a dictionary, their ids into ids. */
static int intern_names(dict *into, const dataset *d, const longer_spec *s, uint32_t *ids)
{
  for (size_t k = 0; k < s->ncols; k++) {
    const char *name = d->names[s->cols[k]];
    if (dict_intern(into, name, strlen(name), &ids[k]) != 0)
      return -1;
  }
  return 0;
}

/* The names column: value r is the name of column which[r], as an int when every name is one. */
static column *names_column(const dataset *d, const longer_spec *s, const uint32_t *which,
                            size_t n, cherr *e)
{
  int64_t *ints = mem_alloc(s->ncols * sizeof *ints);
  uint32_t *ids = mem_alloc(s->ncols * sizeof *ids);
  column *c = NULL;
  if (ints == NULL || ids == NULL) {
    err_nomem(e);
    goto done;
  }
  int all_int = 1;
  for (size_t k = 0; k < s->ncols; k++)
    all_int = all_int && plain_int(d->names[s->cols[k]], &ints[k]);
  c = col_new(all_int ? COL_INT : COL_STR, n, NULL, e);
  if (c != NULL && !all_int && intern_names(c->dict, d, s, ids) != 0) {
    col_unref(c);
    c = NULL;
    err_nomem(e);
  }
  for (size_t r = 0; c != NULL && r < n; r++) {
    if (all_int)
      c->v.i64[r] = ints[which[r]];
    else
      c->v.s32[r] = ids[which[r]];
  }
  if (c != NULL && !all_int)
    dict_freeze(c->dict);
  if (c != NULL)
    col_narrow(c);
done:
  mem_free(ints);
  mem_free(ids);
  return c;
}

static int longer_names_ok(const dataset *d, const longer_spec *s, const unsigned char *stacked,
                           cherr *e)
{
  if (strcmp(s->names_to, s->values_to) == 0)
    return err_set(e, ERR_ARG, "'names_to' and 'values_to' are both '%s'", s->names_to);
  for (size_t k = 0; k < d->ncol; k++) {
    if (stacked[k])
      continue;
    if (strcmp(d->names[k], s->names_to) == 0 || strcmp(d->names[k], s->values_to) == 0)
      return err_set(e, ERR_ARG, "'%s' is the name of a column that is kept (not in 'cols')",
                     d->names[k]);
  }
  return 0;
}

/* Counts the output rows into *n and, when which is not NULL, says where each value comes from. */
static int longer_rows(const dataset *d, const longer_spec *s, uint32_t *which, size_t *rows,
                       size_t *n, cherr *e)
{
  size_t count = 0;
  for (size_t i = 0; i < d->nrow; i++) {
    if (halted(i, e) != 0)
      return -1;
    for (size_t k = 0; k < s->ncols; k++) {
      if (s->drop_nulls && col_isnull(d->cols[s->cols[k]], i))
        continue;
      if (which != NULL) {
        which[count] = (uint32_t)k;
        rows[count] = i;
      }
      count++;
    }
  }
  *n = count;
  return 0;
}

static dataset *longer_build(const dataset *d, const longer_spec *s, const unsigned char *stacked,
                             coltype t, const uint32_t *which, const size_t *rows, size_t n,
                             cherr *e)
{
  reshape_cols o;
  const column **srcs = mem_alloc(s->ncols * sizeof *srcs);
  if (srcs == NULL || reshape_cols_init(&o, d->ncol - s->ncols + 2, e) != 0) {
    mem_free(srcs);
    err_nomem(e);
    return NULL;
  }
  size_t j = 0;
  for (size_t k = 0; k < d->ncol; k++) {
    if (stacked[k])
      continue;
    column *c = col_take(d->cols[k], rows, n, e);
    if (reshape_cols_set(&o, j++, d->names[k], strlen(d->names[k]), NULL, c, e) != 0)
      goto fail;
  }
  for (size_t k = 0; k < s->ncols; k++)
    srcs[k] = d->cols[s->cols[k]];
  if (reshape_cols_set(&o, j++, s->names_to, strlen(s->names_to), NULL,
                       names_column(d, s, which, n, e), e) != 0 ||
      reshape_cols_set(&o, j, s->values_to, strlen(s->values_to), NULL,
                       reshape_gather(t, srcs, s->ncols, which, rows, n, e), e) != 0)
    goto fail;
  mem_free(srcs);
  return reshape_cols_finish(&o, n, e);
fail:
  mem_free(srcs);
  reshape_cols_free(&o);
  return NULL;
}

dataset *reshape_longer(const dataset *d, const longer_spec *s, cherr *e)
{
  if (s->ncols == 0) {
    err_set(e, ERR_ARG, "no columns to stack");
    return NULL;
  }
  unsigned char *stacked = mem_calloc(d->ncol ? d->ncol : 1, 1);
  if (stacked == NULL) {
    err_nomem(e);
    return NULL;
  }
  for (size_t k = 0; k < s->ncols; k++)
    stacked[s->cols[k]] = 1;
  coltype t;
  size_t n = 0;
  uint32_t *which = NULL;
  size_t *rows = NULL;
  dataset *out = NULL;
  if (stack_type(d, s, &t, e) == 0 && longer_names_ok(d, s, stacked, e) == 0 &&
      longer_rows(d, s, NULL, NULL, &n, e) == 0) {
    which = n <= SIZE_MAX / 16 ? mem_alloc((n ? n : 1) * sizeof *which) : NULL;
    rows = n <= SIZE_MAX / 16 ? mem_alloc((n ? n : 1) * sizeof *rows) : NULL;
    if (which == NULL || rows == NULL)
      err_nomem(e);
    else if (longer_rows(d, s, which, rows, &n, e) == 0)
      out = longer_build(d, s, stacked, t, which, rows, n, e);
  }
  mem_free(stacked);
  mem_free(which);
  mem_free(rows);
  return out;
}

/* Concat */

static int holds_values(const column *c) { return c != NULL && c->nnull < c->len; }

/*
 * The type of the stacked column: that of the parts holding values (int and
 * float give float), or of the first part when none does.
 */
static int concat_type(const column *const *srcs, size_t n, const char *name, coltype *t,
                       size_t *culprit, cherr *e)
{
  size_t from = SIZE_MAX;
  for (size_t p = 0; p < n; p++) {
    if (!holds_values(srcs[p]))
      continue;
    if (from == SIZE_MAX) {
      from = p;
      *t = srcs[p]->type;
    } else if (col_is_numeric(srcs[p]) && (*t == COL_INT || *t == COL_FLOAT)) {
      *t = srcs[p]->type == *t ? *t : COL_FLOAT;
    } else if (srcs[p]->type != *t) {
      *culprit = p;
      return err_set(e, ERR_ARG, "column '%s' is %s in dataset %zu but %s in dataset %zu", name,
                     col_typename(srcs[from]->type), from + 1, col_typename(srcs[p]->type), p + 1);
    }
  }
  for (size_t p = 0; p < n && from == SIZE_MAX; p++)
    if (srcs[p] != NULL) {
      from = p;
      *t = srcs[p]->type;
    }
  return 0;
}

/* Whether column k of part p is the first of its name in parts[0..p]. */
static int first_of_name(const dataset *const *parts, size_t p, size_t k)
{
  const char *name = parts[p]->names[k];
  for (size_t q = 0; q < p; q++)
    if (ds_find(parts[q], name, strlen(name)) >= 0)
      return 0;
  return 1;
}

typedef struct stack {
  const dataset *const *parts;
  size_t nparts, nrow;
  uint32_t *which;     /* part of each output row */
  size_t *rows;        /* its row in that part */
  const column **srcs; /* one column's source in each part */
} stack;

/* Stacks the column called name of every part, adding it to o as column k. */
static int concat_column(stack *st, const char *name, reshape_cols *o, size_t k, size_t *culprit,
                         cherr *e)
{
  for (size_t p = 0; p < st->nparts; p++) {
    long j = ds_find(st->parts[p], name, strlen(name));
    st->srcs[p] = j < 0 ? NULL : st->parts[p]->cols[j];
  }
  coltype t = COL_STR;
  if (concat_type(st->srcs, st->nparts, name, &t, culprit, e) != 0)
    return -1;
  for (size_t p = 0; p < st->nparts; p++)
    if (!fits(t, st->srcs[p]))
      st->srcs[p] = NULL; /* holds no values, so only nulls to give */
  column *c = reshape_gather(t, st->srcs, st->nparts, st->which, st->rows, st->nrow, e);
  return reshape_cols_set(o, k, name, strlen(name), NULL, c, e);
}

/* A look at the deadline after the first_of_name of part p: thousands of parts make millions. */
static int concat_halted(size_t *done, size_t p, cherr *e)
{
  int why = halt_after(done, p + 1);
  return why == HALT_NONE ? 0 : err_halt(e, why);
}

static dataset *concat_build(stack *st, size_t *culprit, cherr *e)
{
  size_t ncols = 0, nu = 0, done = 0;
  for (size_t p = 0; p < st->nparts; p++)
    for (size_t k = 0; k < st->parts[p]->ncol; k++) {
      ncols += first_of_name(st->parts, p, k);
      if (concat_halted(&done, p, e) != 0)
        return NULL;
    }
  reshape_cols o;
  if (reshape_cols_init(&o, ncols, e) != 0)
    return NULL;
  for (size_t p = 0; p < st->nparts; p++)
    for (size_t k = 0; k < st->parts[p]->ncol; k++)
      if (concat_halted(&done, p, e) != 0 ||
          (first_of_name(st->parts, p, k) &&
           concat_column(st, st->parts[p]->names[k], &o, nu++, culprit, e) != 0)) {
        reshape_cols_free(&o);
        return NULL;
      }
  return reshape_cols_finish(&o, st->nrow, e);
}

dataset *reshape_concat(const dataset *const *parts, size_t n, size_t *culprit, cherr *e)
{
  stack st = {parts, n, 0, NULL, NULL, NULL};
  for (size_t p = 0; p < n; p++) {
    if (parts[p]->nrow > SIZE_MAX / 16 - st.nrow || p >= UINT32_MAX) {
      err_nomem(e);
      return NULL;
    }
    st.nrow += parts[p]->nrow;
  }
  st.which = mem_alloc((st.nrow ? st.nrow : 1) * sizeof *st.which);
  st.rows = mem_alloc((st.nrow ? st.nrow : 1) * sizeof *st.rows);
  st.srcs = mem_alloc((n ? n : 1) * sizeof *st.srcs);
  dataset *out = NULL;
  if (st.which == NULL || st.rows == NULL || st.srcs == NULL) {
    err_nomem(e);
  } else {
    for (size_t p = 0, k = 0; p < n; p++)
      for (size_t i = 0; i < parts[p]->nrow; i++, k++) {
        st.which[k] = (uint32_t)p;
        st.rows[k] = i;
      }
    int why = halt_check(); /* one quick pass above, then the gathers look as they go */
    out = why != HALT_NONE ? (err_halt(e, why), NULL) : concat_build(&st, culprit, e);
  }
  mem_free(st.which);
  mem_free(st.rows);
  mem_free(st.srcs);
  return out;
}

/* Distinct */

/* The dataset of d's columns cols[0..n), sharing them. */
static dataset *select_columns(const dataset *d, const size_t *cols, size_t n, cherr *e)
{
  const char **names = mem_alloc((n ? n : 1) * sizeof *names);
  column **picked = mem_alloc((n ? n : 1) * sizeof *picked);
  dataset *out = NULL;
  if (names == NULL || picked == NULL) {
    err_nomem(e);
  } else {
    for (size_t k = 0; k < n; k++) {
      names[k] = d->names[cols[k]];
      picked[k] = d->cols[cols[k]];
    }
    out = ds_make(names, picked, n, d->nrow, e);
  }
  mem_free(names);
  mem_free(picked);
  return out;
}

dataset *reshape_distinct(const dataset *d, const size_t *cols, size_t ncols, int keep_all,
                          cherr *e)
{
  dataset *sub = NULL;
  if (ncols > 0 && !keep_all && (sub = select_columns(d, cols, ncols, e)) == NULL)
    return NULL;
  size_t nkeys = ncols ? ncols : d->ncol;
  const column **keys = mem_alloc((nkeys ? nkeys : 1) * sizeof *keys);
  dataset *out = NULL;
  groups g;
  if (keys == NULL) {
    err_nomem(e);
  } else {
    for (size_t k = 0; k < nkeys; k++)
      keys[k] = d->cols[ncols ? cols[k] : k];
    if (groups_make(&g, keys, nkeys, d->nrow, e) == 0) {
      out = ds_take(sub ? sub : d, g.first, g.ngroups, e);
      groups_free(&g);
    }
  }
  mem_free(keys);
  ds_unref(sub);
  return out;
}
