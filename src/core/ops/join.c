/*
 * join.c - hash joins of two datasets.
 *
 * The keys of one side (the right, or the left for a right join) go into a
 * hash table whose entries are chains of rows with equal keys, in row
 * order; the other side's rows probe it in their order. Walking the probe
 * rows and each one's chain gives the row order join.h promises; a first
 * walk counts the output rows, a second fills in where each comes from.
 */
#include "join.h"

#include <stdint.h>
#include <string.h>

#include "halt.h"
#include "keys.h"
#include "mem.h"
#include "reshape.h"

#define NONE RESHAPE_NONE

const char *const join_how_names[] = {"inner", "left", "right", "full", "semi", "anti", NULL};

/* -1 with ERR_HALT in e when loop iteration i is due a check and work must stop. */
static int halted(size_t i, cherr *e)
{
  if (!HALT_DUE(i + 1))
    return 0;
  int why = halt_check();
  return why == HALT_NONE ? 0 : err_halt(e, why);
}

static int key_types_fit(coltype a, coltype b)
{
  int numeric_a = a == COL_INT || a == COL_FLOAT, numeric_b = b == COL_INT || b == COL_FLOAT;
  return a == b || (numeric_a && numeric_b);
}

int join_check(const dataset *l, const dataset *r, const join_spec *s, cherr *e)
{
  if (s->nkeys == 0)
    return err_set(e, ERR_ARG, "a join needs at least one key");
  for (size_t k = 0; k < s->nkeys; k++) {
    coltype a = l->cols[s->lkeys[k]]->type, b = r->cols[s->rkeys[k]]->type;
    if (!key_types_fit(a, b))
      return err_set(e, ERR_ARG, "key '%s' is %s in the left dataset but %s in the right one",
                     l->names[s->lkeys[k]], col_typename(a), col_typename(b));
  }
  return 0;
}

/* Hashing keys */

typedef struct keyset {
  const column **cols;
  const uint8_t *as_num; /* hash key k as a number */
  size_t n;
} keyset;

/* 0 when row i has a null key (it matches nothing), else 1 and its hash in *h. */
static int row_hash(const keyset *ks, size_t i, uint64_t *h)
{
  *h = 0;
  for (size_t k = 0; k < ks->n; k++) {
    const column *c = ks->cols[k];
    if (col_isnull(c, i))
      return 0;
    *h = key_mix(*h, ks->as_num[k] ? key_hash_number(col_num(c, i)) : key_hash(c, i));
  }
  return 1;
}

static int same_key(const keyset *a, size_t i, const keyset *b, size_t j)
{
  for (size_t k = 0; k < a->n; k++)
    if (!key_equal(a->cols[k], i, b->cols[k], j))
      return 0;
  return 1;
}

/* The table of the build side: each slot holds the first row of a chain of equal keys. */

typedef struct table {
  const keyset *keys;
  size_t *slots; /* first row of a chain, NONE when empty */
  size_t mask;
  size_t *next;  /* next row of the same chain, NONE at the end */
  size_t *tail;  /* for the first row of a chain: its last row so far */
} table;

static size_t *find_slot(const table *t, const keyset *ks, size_t i, uint64_t h)
{
  size_t s = (size_t)h & t->mask;
  while (t->slots[s] != NONE && !same_key(t->keys, t->slots[s], ks, i))
    s = (s + 1) & t->mask;
  return &t->slots[s];
}

static int table_build(table *t, size_t nrow, cherr *e)
{
  size_t nslots = 16;
  while (nslots < nrow * 2 && nslots < SIZE_MAX / 4)
    nslots *= 2;
  t->mask = nslots - 1;
  t->slots = nrow <= SIZE_MAX / 32 ? mem_alloc(nslots * sizeof *t->slots) : NULL;
  t->next = mem_alloc((nrow ? nrow : 1) * sizeof *t->next);
  t->tail = mem_alloc((nrow ? nrow : 1) * sizeof *t->tail);
  if (t->slots == NULL || t->next == NULL || t->tail == NULL)
    return err_nomem(e);
  memset(t->slots, 0xFF, nslots * sizeof *t->slots); /* NONE */
  for (size_t i = 0; i < nrow; i++) {
    uint64_t h;
    t->next[i] = NONE;
    if (halted(i, e) != 0)
      return -1;
    if (!row_hash(t->keys, i, &h))
      continue;
    size_t *slot = find_slot(t, t->keys, i, h);
    if (*slot == NONE) {
      *slot = i;
    } else {
      t->next[t->tail[*slot]] = i;
    }
    t->tail[*slot] = i;
  }
  return 0;
}

static void table_free(table *t)
{
  mem_free(t->slots);
  mem_free(t->next);
  mem_free(t->tail);
}

/* Where each output row comes from */

typedef struct pairs {
  size_t *l, *r; /* NULL while counting */
  size_t n;
} pairs;

static void add_pair(pairs *p, size_t l, size_t r)
{
  if (p->l != NULL) {
    p->l[p->n] = l;
    p->r[p->n] = r;
  }
  p->n++;
}

typedef struct joiner {
  join_how how;
  keyset lk, rk;
  table t;
  size_t nprobe, nbuild;
  uint8_t *as_num;  /* keys where an int column meets a float one */
  size_t *hit;      /* for each probe row: the first build row it matches, or NONE */
  uint8_t *matched; /* full joins: the build rows matched so far */
  pairs p;
} joiner;

/*
 * One walk over the probe rows; with p->l NULL it only counts. A key that
 * many rows share on both sides makes pairs by the billion: the checks
 * count pairs, not rows.
 */
static int walk(joiner *j, cherr *e)
{
  int swap = j->how == JOIN_RIGHT;
  int keep = j->how != JOIN_INNER;
  size_t done = 0;
  if (j->matched != NULL)
    memset(j->matched, 0, j->nbuild ? j->nbuild : 1);
  for (size_t i = 0; i < j->nprobe; i++) {
    size_t b = j->hit[i];
    int why = halt_after(&done, 1);
    if (b == NONE && keep)
      add_pair(&j->p, swap ? NONE : i, swap ? i : NONE);
    for (; b != NONE && why == HALT_NONE; b = j->t.next[b]) {
      add_pair(&j->p, swap ? b : i, swap ? i : b);
      if (j->matched != NULL)
        j->matched[b] = 1;
      why = halt_after(&done, 1);
    }
    if (why != HALT_NONE)
      return err_halt(e, why);
  }
  for (size_t b = 0; j->matched != NULL && b < j->nbuild; b++)
    if (!j->matched[b])
      add_pair(&j->p, NONE, b);
  return 0;
}

static int find_pairs(joiner *j, cherr *e)
{
  if (j->how == JOIN_FULL && (j->matched = mem_alloc(j->nbuild ? j->nbuild : 1)) == NULL)
    return err_nomem(e);
  if (walk(j, e) != 0)
    return -1;
  size_t n = j->p.n;
  j->p.l = n <= SIZE_MAX / 16 ? mem_alloc((n ? n : 1) * sizeof *j->p.l) : NULL;
  j->p.r = n <= SIZE_MAX / 16 ? mem_alloc((n ? n : 1) * sizeof *j->p.r) : NULL;
  if (j->p.l == NULL || j->p.r == NULL)
    return err_nomem(e);
  j->p.n = 0;
  return walk(j, e);
}

static int probe_all(joiner *j, const keyset *ks, cherr *e)
{
  j->hit = mem_alloc((j->nprobe ? j->nprobe : 1) * sizeof *j->hit);
  if (j->hit == NULL)
    return err_nomem(e);
  for (size_t i = 0; i < j->nprobe; i++) {
    uint64_t h;
    if (halted(i, e) != 0)
      return -1;
    j->hit[i] = row_hash(ks, i, &h) ? *find_slot(&j->t, ks, i, h) : NONE;
  }
  return 0;
}

/* Building the result */

/* The key column m: values from the side that has the row (the left where both do). */
static column *key_column(const dataset *l, const dataset *r, const join_spec *s, size_t m,
                          const pairs *p, cherr *e)
{
  const column *srcs[2] = {l->cols[s->lkeys[m]], r->cols[s->rkeys[m]]};
  coltype t = srcs[0]->type == srcs[1]->type ? srcs[0]->type : COL_FLOAT;
  if (s->how == JOIN_RIGHT)
    return reshape_gather(t, srcs + 1, 1, NULL, p->r, p->n, e);
  if (s->how != JOIN_FULL)
    return reshape_gather(t, srcs, 1, NULL, p->l, p->n, e);
  uint32_t *which = mem_alloc((p->n ? p->n : 1) * sizeof *which);
  size_t *rows = mem_alloc((p->n ? p->n : 1) * sizeof *rows);
  column *c = NULL;
  if (which == NULL || rows == NULL) {
    err_nomem(e);
  } else {
    int why = HALT_NONE;
    for (size_t k = 0; k < p->n && why == HALT_NONE; k++) {
      which[k] = p->l[k] == NONE;
      rows[k] = p->l[k] != NONE ? p->l[k] : p->r[k];
      why = HALT_DUE(k + 1) ? halt_check() : HALT_NONE;
    }
    c = why != HALT_NONE ? (err_halt(e, why), NULL) : reshape_gather(t, srcs, 2, which, rows, p->n, e);
  }
  mem_free(which);
  mem_free(rows);
  return c;
}

/* Which key column k of d is (left when left), or -1. */
static long key_of(const join_spec *s, size_t k, int left)
{
  for (size_t m = 0; m < s->nkeys; m++)
    if ((left ? s->lkeys[m] : s->rkeys[m]) == k)
      return (long)m;
  return -1;
}

static int add_left(reshape_cols *o, const dataset *l, const dataset *r, const join_spec *s,
                    const pairs *p, cherr *e)
{
  for (size_t k = 0; k < l->ncol; k++) {
    const char *name = l->names[k];
    long m = key_of(s, k, 1);
    const column *c = l->cols[k];
    column *made = m >= 0 ? key_column(l, r, s, (size_t)m, p, e)
                          : reshape_gather(c->type, &c, 1, NULL, p->l, p->n, e);
    const char *suffix = m < 0 && ds_find(r, name, strlen(name)) >= 0 ? s->suffix[0] : NULL;
    if (reshape_cols_set(o, k, name, strlen(name), suffix, made, e) != 0)
      return -1;
  }
  return 0;
}

static int add_right(reshape_cols *o, const dataset *l, const dataset *r, const join_spec *s,
                     const pairs *p, cherr *e)
{
  for (size_t k = 0, j = l->ncol; k < r->ncol; k++) {
    if (key_of(s, k, 0) >= 0)
      continue;
    const char *name = r->names[k];
    const column *c = r->cols[k];
    const char *suffix = ds_find(l, name, strlen(name)) >= 0 ? s->suffix[1] : NULL;
    column *made = reshape_gather(c->type, &c, 1, NULL, p->r, p->n, e);
    if (reshape_cols_set(o, j++, name, strlen(name), suffix, made, e) != 0)
      return -1;
  }
  return 0;
}

static dataset *build_result(const dataset *l, const dataset *r, const join_spec *s,
                             const pairs *p, cherr *e)
{
  reshape_cols o;
  if (reshape_cols_init(&o, l->ncol + r->ncol - s->nkeys, e) != 0)
    return NULL;
  if (add_left(&o, l, r, s, p, e) != 0 || add_right(&o, l, r, s, p, e) != 0) {
    reshape_cols_free(&o);
    return NULL;
  }
  dataset *out = reshape_cols_finish(&o, p->n, e);
  if (out == NULL && e->code == ERR_ARG) { /* the suffixes made a name twice */
    char msg[sizeof e->msg];
    memcpy(msg, e->msg, sizeof msg);
    err_set(e, ERR_ARG, "%.300s in the result; choose other suffixes (option 'suffix')", msg);
  }
  return out;
}

/* The left rows with (semi) or without (anti) a match. */
static dataset *filter_left(const dataset *l, const joiner *j, cherr *e)
{
  size_t *rows = mem_alloc((l->nrow ? l->nrow : 1) * sizeof *rows), n = 0;
  if (rows == NULL) {
    err_nomem(e);
    return NULL;
  }
  for (size_t i = 0; i < l->nrow; i++)
    if ((j->hit[i] != NONE) == (j->how == JOIN_SEMI))
      rows[n++] = i;
  dataset *out = ds_take(l, rows, n, e);
  mem_free(rows);
  return out;
}

static int joiner_init(joiner *j, const dataset *l, const dataset *r, const join_spec *s, cherr *e)
{
  memset(j, 0, sizeof *j);
  j->how = s->how;
  j->lk.n = j->rk.n = s->nkeys;
  j->lk.cols = mem_alloc(s->nkeys * sizeof *j->lk.cols);
  j->rk.cols = mem_alloc(s->nkeys * sizeof *j->rk.cols);
  j->as_num = mem_alloc(s->nkeys);
  j->lk.as_num = j->rk.as_num = j->as_num;
  if (j->lk.cols == NULL || j->rk.cols == NULL || j->as_num == NULL)
    return err_nomem(e);
  for (size_t k = 0; k < s->nkeys; k++) {
    j->lk.cols[k] = l->cols[s->lkeys[k]];
    j->rk.cols[k] = r->cols[s->rkeys[k]];
    j->as_num[k] = j->lk.cols[k]->type != j->rk.cols[k]->type;
  }
  int right = s->how == JOIN_RIGHT;
  j->t.keys = right ? &j->lk : &j->rk;
  j->nbuild = right ? l->nrow : r->nrow;
  j->nprobe = right ? r->nrow : l->nrow;
  return 0;
}

static void joiner_free(joiner *j)
{
  mem_free(j->lk.cols);
  mem_free(j->rk.cols);
  mem_free(j->as_num);
  table_free(&j->t);
  mem_free(j->hit);
  mem_free(j->matched);
  mem_free(j->p.l);
  mem_free(j->p.r);
}

dataset *join_run(const dataset *l, const dataset *r, const join_spec *s, cherr *e)
{
  if (join_check(l, r, s, e) != 0)
    return NULL;
  joiner j;
  dataset *out = NULL;
  if (joiner_init(&j, l, r, s, e) == 0 && table_build(&j.t, j.nbuild, e) == 0 &&
      probe_all(&j, s->how == JOIN_RIGHT ? &j.rk : &j.lk, e) == 0) {
    if (s->how == JOIN_SEMI || s->how == JOIN_ANTI)
      out = filter_left(l, &j, e);
    else if (find_pairs(&j, e) == 0)
      out = build_result(l, r, s, &j.p, e);
  }
  joiner_free(&j);
  return out;
}
