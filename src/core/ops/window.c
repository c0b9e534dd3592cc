/*
 * window.c - lag, lead, diff and pct_change by key and time.
 *
 * Every placed row (key and time not null) gets a slot found by (group id,
 * time): in its series' run of slots when the series span few times, else
 * in a hash table. A row's partner is then one lookup away, at time - step
 * or time + step. Filling the slots is where two rows at one key and time
 * are found.
 */
#include "window.h"

#include <stdint.h>
#include <string.h>

#include "halt.h"
#include "keys.h"
#include "mem.h"
#include "sbuf.h"

const char *const window_op_names[] = {"lag", "lead", "diff", "pct_change", NULL};

/* No partner row (rows are fewer than UINT32_MAX: groups_make sees to it). */
#define NO_ROW UINT32_MAX

/*
 * Where the rows of each series sit by time. When the series' time spans
 * together are short (panel data: every key over a few years), each series
 * gets a run of slots, one per time from its first to its last (dense);
 * otherwise the slots are an open-addressing hash table on (group, time).
 */
typedef struct timemap {
  groups g;
  const window_spec *spec;
  uint32_t *slots; /* row + 1, or 0 when empty */
  size_t mask;     /* hashed */
  int64_t *tmin;   /* dense: group k's first time, and its run starts at base[k] */
  size_t *base;
  int all_placed;  /* no row lacks a time or a key */
} timemap;

int window_accepts(window_op op, coltype t)
{
  return op == WINDOW_LAG || op == WINDOW_LEAD || t == COL_INT || t == COL_FLOAT;
}


static size_t first_slot(const timemap *m, uint32_t gid, int64_t t)
{
  return (size_t)key_mix(key_scramble(gid), key_scramble((uint64_t)t)) & m->mask;
}

/* Whether every row has a place in a series: no null time or key anywhere. */
static int all_placed(const window_spec *s)
{
  for (size_t k = 0; k < s->nkeys; k++)
    if (s->keys[k]->valid != NULL)
      return 0;
  return s->time->valid == NULL;
}

/* Whether row i has a place in a series: a time and a whole key. */
static inline int placed(const timemap *m, size_t i)
{
  const window_spec *s = m->spec;
  if (m->all_placed)
    return 1;
  if (col_isnull(s->time, i))
    return 0;
  for (size_t k = 0; k < s->nkeys; k++)
    if (col_isnull(s->keys[k], i))
      return 0;
  return 1;
}

/* The dense slot of group gid at time t, or SIZE_MAX when t is outside the group's span. */
static size_t dense_slot(const timemap *m, uint32_t gid, int64_t t)
{
  if (t < m->tmin[gid])
    return SIZE_MAX;
  uint64_t off = (uint64_t)t - (uint64_t)m->tmin[gid];
  return off < m->base[gid + 1] - m->base[gid] ? m->base[gid] + (size_t)off : SIZE_MAX;
}

/* The slot holding the row of group gid at time t, or the empty slot where it would go. */
static size_t find_slot(const timemap *m, uint32_t gid, int64_t t)
{
  if (m->tmin != NULL)
    return dense_slot(m, gid, t);
  size_t s = first_slot(m, gid, t);
  while (m->slots[s] != 0) {
    size_t j = m->slots[s] - 1;
    if (group_of(&m->g, j) == gid && col_int(m->spec->time, j) == t)
      break;
    s = (s + 1) & m->mask;
  }
  return s;
}

static void add_value(sbuf *b, const char *name, const column *c, size_t i)
{
  char buf[NUM_BUFSIZE];
  size_t len;
  const char *text = col_text(c, i, buf, &len);
  sbuf_printf(b, c->type == COL_STR ? "%s '%.*s'" : "%s %.*s", name, (int)len, text);
}

/* "two rows for province 'Hà Nội' and year 2023 (rows 4 and 9)" */
static int duplicate_error(const window_spec *s, size_t a, size_t b, cherr *e)
{
  sbuf msg;
  sbuf_init(&msg);
  sbuf_adds(&msg, "two rows for ");
  for (size_t k = 0; k < s->nkeys; k++) {
    add_value(&msg, s->key_names[k], s->keys[k], a);
    sbuf_adds(&msg, k + 1 < s->nkeys ? ", " : " and ");
  }
  add_value(&msg, s->time_name, s->time, a);
  sbuf_printf(&msg, " (rows %zu and %zu)", a + 1, b + 1);
  char *text = sbuf_take(&msg, NULL);
  if (text == NULL)
    return err_nomem(e);
  err_set(e, ERR_INPUT, "%s", text);
  mem_free(text);
  return -1;
}

static int fill_map(timemap *m, size_t nrow, cherr *e)
{
  int why;
  for (size_t i = 0; i < nrow; i++) {
    if (HALT_DUE(i + 1) && (why = halt_check()) != HALT_NONE)
      return err_halt(e, why);
    if (!placed(m, i))
      continue;
    size_t s = find_slot(m, group_of(&m->g, i), col_int(m->spec->time, i)); /* always in the span when dense */
    if (m->slots[s] != 0)
      return duplicate_error(m->spec, m->slots[s] - 1, i, e);
    m->slots[s] = (uint32_t)(i + 1);
  }
  return 0;
}

static void timemap_free(timemap *m)
{
  groups_free(&m->g);
  mem_free(m->slots);
  mem_free(m->tmin);
  mem_free(m->base);
}

/*
 * Sets up dense slots when the spans of all series add up to at most twice
 * the rows: 0 with m->tmin set, 0 with it NULL when the spans are too long,
 * -1 when out of memory.
 */
static int dense_spans(timemap *m, size_t nrow, cherr *e)
{
  size_t ng = m->g.ngroups;
  int64_t *tmax = mem_alloc((ng ? ng : 1) * sizeof *tmax);
  m->tmin = mem_alloc((ng ? ng : 1) * sizeof *m->tmin);
  m->base = mem_alloc((ng + 1) * sizeof *m->base);
  if (tmax == NULL || m->tmin == NULL || m->base == NULL) {
    mem_free(tmax);
    return err_nomem(e);
  }
  for (size_t k = 0; k < ng; k++) {
    m->tmin[k] = INT64_MAX;
    tmax[k] = INT64_MIN;
  }
  int why = HALT_NONE;
  for (size_t lo = 0; lo < nrow && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, nrow);
    for (size_t i = lo; i < hi; i++) {
      if (!placed(m, i))
        continue;
      uint32_t k = group_of(&m->g, i);
      int64_t t = col_int(m->spec->time, i);
      m->tmin[k] = t < m->tmin[k] ? t : m->tmin[k];
      tmax[k] = t > tmax[k] ? t : tmax[k];
    }
  }
  if (why != HALT_NONE) {
    mem_free(tmax);
    return err_halt(e, why);
  }
  size_t total = 0, budget = 2 * nrow + 16;
  for (size_t k = 0; k < ng && total <= budget; k++) {
    m->base[k] = total;
    if (m->tmin[k] <= tmax[k]) {
      uint64_t span = (uint64_t)tmax[k] - (uint64_t)m->tmin[k];
      total = span >= budget ? budget + 1 : total + (size_t)span + 1;
    }
  }
  m->base[ng] = total;
  mem_free(tmax);
  if (total > budget) {
    mem_free(m->tmin);
    mem_free(m->base);
    m->tmin = NULL;
    m->base = NULL;
    return 0;
  }
  m->slots = mem_calloc(total ? total : 1, sizeof *m->slots);
  return m->slots == NULL ? err_nomem(e) : 0;
}

static int timemap_make(timemap *m, const window_spec *s, size_t nrow, cherr *e)
{
  memset(m, 0, sizeof *m);
  m->spec = s;
  m->all_placed = all_placed(s);
  if (groups_make(&m->g, s->keys, s->nkeys, nrow, e) != 0)
    return -1;
  if (dense_spans(m, nrow, e) != 0) {
    timemap_free(m);
    return -1;
  }
  if (m->slots == NULL) {
    size_t nslots = 16;
    while (nslots < nrow * 2)
      nslots *= 2;
    m->slots = mem_calloc(nslots, sizeof *m->slots);
    m->mask = nslots - 1;
  }
  int rc = m->slots == NULL ? err_nomem(e) : fill_map(m, nrow, e);
  if (rc != 0)
    timemap_free(m);
  return rc;
}

/* Row i's partner: the row of its series at its time + offset, or NO_ROW. */
static uint32_t partner(const timemap *m, size_t i, int64_t offset)
{
  if (!placed(m, i))
    return NO_ROW;
  int64_t t = col_int(m->spec->time, i);
  if (offset > 0 ? t > INT64_MAX - offset : t < INT64_MIN - offset)
    return NO_ROW;
  size_t s = find_slot(m, group_of(&m->g, i), t + offset);
  return s != SIZE_MAX && m->slots[s] != 0 ? m->slots[s] - 1 : NO_ROW;
}

/* Each row's partner at time + offset; a block the caller frees. */
static uint32_t *match_rows(const window_spec *s, size_t nrow, int64_t offset, cherr *e)
{
  timemap m;
  if (timemap_make(&m, s, nrow, e) != 0)
    return NULL;
  uint32_t *match = mem_alloc((nrow ? nrow : 1) * sizeof *match);
  if (match == NULL)
    err_nomem(e);
  int why;
  for (size_t i = 0; match != NULL && i < nrow; i++) {
    if (HALT_DUE(i + 1) && (why = halt_check()) != HALT_NONE) {
      mem_free(match);
      match = NULL;
      err_halt(e, why);
    } else {
      match[i] = partner(&m, i, offset);
    }
  }
  timemap_free(&m);
  return match;
}

/* Lag or lead: the partner's value, in a column of c's type. */
/* Copies value match[i] of from to value i of to, w bytes each (a constant: each copy is one move). */
#define COPY_MATCHED(to, from, match, n, w)                              \
  do {                                                                  \
    for (size_t i_ = 0; i_ < (n); i_++)                                 \
      if ((match)[i_] != NO_ROW)                                        \
        memcpy((to) + i_ * (w), (from) + (size_t)(match)[i_] * (w), (w)); \
  } while (0)

static column *shifted(const column *c, const uint32_t *match, cherr *e)
{
  column *out = col_new_like(c, c->len, e);
  if (out == NULL)
    return NULL;
  char *to = out->v.p;
  const char *from = c->v.p;
  switch (c->width) {
  case 1: COPY_MATCHED(to, from, match, c->len, 1); break;
  case 2: COPY_MATCHED(to, from, match, c->len, 2); break;
  case 4: COPY_MATCHED(to, from, match, c->len, 4); break;
  default: COPY_MATCHED(to, from, match, c->len, 8); break;
  }
  int why = HALT_NONE;
  for (size_t lo = 0; lo < c->len && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check()) {
    size_t hi = halt_block_end(lo, c->len);
    for (size_t i = lo; i < hi; i++)
      if ((match[i] == NO_ROW || col_isnull(c, match[i])) && col_set_null(out, i, e) != 0) {
        col_unref(out);
        return NULL;
      }
  }
  if (why != HALT_NONE) {
    col_unref(out);
    err_halt(e, why);
    return NULL;
  }
  return out;
}

static int int_difference(const column *c, size_t i, size_t j, int64_t *d, cherr *e)
{
  int64_t a = col_int(c, i), b = col_int(c, j);
  if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
    return err_set(e, ERR_ARG, "the difference at row %zu (%lld - %lld) does not fit in an int",
                   i + 1, (long long)a, (long long)b);
  *d = a - b;
  return 0;
}

/* One value of diff or pct_change into row i of out; -1 with e filled when it cannot be. */
static int change(const column *c, size_t i, size_t j, window_op op, column *out, cherr *e)
{
  if (j == NO_ROW || col_isnull(c, i) || col_isnull(c, j))
    return col_set_null(out, i, e);
  if (op == WINDOW_PCT_CHANGE)
    out->v.f[i] = col_num(c, i) / col_num(c, j) - 1;
  else if (out->type == COL_INT)
    return int_difference(c, i, j, &out->v.i64[i], e);
  else
    out->v.f[i] = c->v.f[i] - c->v.f[j];
  return 0;
}

static column *changes(const column *c, const uint32_t *match, window_op op, cherr *e)
{
  coltype t = op == WINDOW_DIFF && c->type == COL_INT ? COL_INT : COL_FLOAT;
  column *out = col_new(t, c->len, NULL, e);
  int why = HALT_NONE;
  for (size_t lo = 0; out != NULL && lo < c->len; lo += HALT_STRIDE) {
    size_t hi = halt_block_end(lo, c->len);
    for (size_t i = lo; out != NULL && i < hi; i++)
      if (change(c, i, match[i], op, out, e) != 0) {
        col_unref(out);
        out = NULL;
      }
    if (out != NULL && (why = halt_check()) != HALT_NONE) {
      col_unref(out);
      out = NULL;
      err_halt(e, why);
    }
  }
  if (out != NULL)
    col_narrow(out);
  return out;
}

static int check_spec(const column *c, const window_spec *s, window_op op, cherr *e)
{
  if (s->time->type != COL_INT)
    return err_set(e, ERR_ARG, "the time column '%s' must be int, not %s", s->time_name,
                   col_typename(s->time->type));
  if (s->step < 1)
    return err_set(e, ERR_ARG, "the step must be a positive integer, not %lld", (long long)s->step);
  if (!window_accepts(op, c->type))
    return err_set(e, ERR_ARG, "%s needs an int or float column, not %s", window_op_names[op],
                   col_typename(c->type));
  return 0;
}

column *window_column(const column *c, const window_spec *s, window_op op, cherr *e)
{
  if (check_spec(c, s, op, e) != 0)
    return NULL;
  uint32_t *match = match_rows(s, c->len, op == WINDOW_LEAD ? s->step : -s->step, e);
  if (match == NULL)
    return NULL;
  column *out = op == WINDOW_LAG || op == WINDOW_LEAD ? shifted(c, match, e) : changes(c, match, op, e);
  mem_free(match);
  return out;
}
