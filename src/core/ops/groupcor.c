/*
 * groupcor.c - the correlation of two columns within each group
 * (groupcor.h), on two threads: the groups are taken a batch at a time,
 * each batch's values gathered by one pass down the rows (each thread
 * taking half of them), and then each thread works out the correlations
 * of half of the batch's groups with stats_r.
 */
#include "groupcor.h"

#include <math.h>
#include <stdint.h>

#include "halt.h"
#include "mem.h"
#include "par.h"

/*
 * The correlations of each group, a batch of groups at a time: the two
 * threads first gather the batch's values (each from half of the rows),
 * then work out half of its groups' correlations each (both par_fns).
 */
typedef struct cor_job {
  const column *x, *y;
  const groups *g;
  const size_t *start; /* group k's values go to start[k] .. start[k + 1] - 1 ... */
  const size_t *early; /* ... group k's rows in the first half of the rows first: early[k] of them */
  const stats_method *m;
  size_t nm;
  double *r;           /* r[q * ngroups + k]: method q's r in group k, NaN where undefined */
  size_t b0, b1;       /* the batch: groups b0 .. b1 - 1 */
  double *bx, *by;     /* the batch's values, group after group: group b0's from the start */
  size_t *at[2];       /* a cursor per group of the batch for each half's gathering */
} cor_job;

/*
 * The batches' buffers take 2 bytes a row of the whole column (16 bytes a
 * row of the batch, an eighth of the rows), at least COR_BATCH_MIN rows,
 * or one group when a group is larger. Each batch costs each thread a pass
 * down half of the group ids.
 */
#define COR_BATCH_SHARE 8
#define COR_BATCH_MIN ((size_t)1 << 16)

/* Copies x[i], y[i] of rows from..to-1 in the batch's groups (ids of type idtype) to their places. */
#define GATHER_FLOATS(idtype)                                             \
  do {                                                                    \
    const idtype *id = g->ids;                                            \
    const double *x = j->x->v.f, *y = j->y->v.f;                          \
    for (size_t i = from; i < to; i++)                                    \
      if ((size_t)id[i] - b0 < nb) {                                      \
        size_t p = at[id[i] - b0]++;                                      \
        j->bx[p] = x[i];                                                  \
        j->by[p] = y[i];                                                  \
      }                                                                   \
  } while (0)

/*
 * Copies the values of the batch's groups in half of the rows to their
 * places in bx and by (par_fn), in one pass down those rows: reading the
 * columns in order is far faster than following each group's rows, which
 * lie all over the columns.
 */
static int gather_half(void *job, int half, cherr *e)
{
  (void)e;
  const cor_job *j = job;
  const groups *g = j->g;
  size_t b0 = j->b0, nb = j->b1 - j->b0, *at = j->at[half];
  size_t from = half == 0 ? 0 : g->nrow / 2, to = half == 0 ? g->nrow / 2 : g->nrow;
  for (size_t k = 0; k < nb; k++)
    at[k] = j->start[b0 + k] - j->start[b0] + (half == 0 ? 0 : j->early[b0 + k]);
  if (j->x->type == COL_FLOAT && j->y->type == COL_FLOAT && j->x->valid == NULL &&
      j->y->valid == NULL) { /* the common case, in a loop of its own for each width of ids */
    switch (g->idw) {
    case 1: GATHER_FLOATS(uint8_t); return 0;
    case 2: GATHER_FLOATS(uint16_t); return 0;
    default: GATHER_FLOATS(uint32_t); return 0;
    }
  }
  for (size_t i = from; i < to; i++) {
    size_t k = group_of(g, i);
    if (k - b0 < nb) {
      size_t p = at[k - b0]++;
      j->bx[p] = stats_value(j->x, i);
      j->by[p] = stats_value(j->y, i);
    }
  }
  return 0;
}

/* The correlations of half of the batch's groups (par_fn). */
static int cor_half(void *job, int half, cherr *e)
{
  cor_job *j = job;
  const size_t *start = j->start;
  size_t ng = j->g->ngroups, lo, hi;
  par_split(start + j->b0, j->b1 - j->b0, half, &lo, &hi);
  int rc = 0;
  size_t done = 0;
  for (size_t k = j->b0 + lo; rc == 0 && k < j->b0 + hi; k++) {
    double *x = j->bx + (start[k] - start[j->b0]), *y = j->by + (start[k] - start[j->b0]);
    size_t n = stats_complete(x, y, start[k + 1] - start[k]);
    for (size_t q = 0; rc == 0 && q < j->nm; q++)
      rc = stats_r(x, y, n, j->m[q], &j->r[q * ng + k], e);
    int why = rc == 0 ? halt_after(&done, (start[k + 1] - start[k] + 1) * j->nm) : HALT_NONE;
    rc = why != HALT_NONE ? err_halt(e, why) : rc;
  }
  return rc;
}

/* Every group's correlations, batch after batch. */
static int correlate_batches(cor_job *j, cherr *e)
{
  const size_t *start = j->start;
  size_t ng = j->g->ngroups, most = j->g->nrow / COR_BATCH_SHARE;
  most = most > COR_BATCH_MIN ? most : COR_BATCH_MIN;
  for (size_t k = 0; k < ng; k++)
    most = start[k + 1] - start[k] > most ? start[k + 1] - start[k] : most;
  j->bx = mem_alloc(most * sizeof *j->bx);
  j->by = mem_alloc(most * sizeof *j->by);
  j->at[0] = mem_alloc((ng ? ng : 1) * sizeof *j->at[0]);
  j->at[1] = mem_alloc((ng ? ng : 1) * sizeof *j->at[1]);
  int rc = j->bx && j->by && j->at[0] && j->at[1] ? 0 : err_nomem(e);
  for (j->b0 = 0; rc == 0 && j->b0 < ng; j->b0 = j->b1) {
    for (j->b1 = j->b0 + 1; j->b1 < ng && start[j->b1 + 1] - start[j->b0] <= most; j->b1++)
      ;
    int why = halt_check(); /* each batch gathers from every row */
    rc = why != HALT_NONE ? err_halt(e, why) : par_halves(gather_half, j, e);
    if (rc == 0)
      rc = par_halves(cor_half, j, e);
  }
  mem_free(j->bx);
  mem_free(j->by);
  mem_free(j->at[0]);
  mem_free(j->at[1]);
  return rc;
}

/* Method q's r of each group of job as a column; NULL with e set when out of memory. */
static column *cor_column(const cor_job *job, size_t q, cherr *e)
{
  size_t ng = job->g->ngroups;
  column *out = col_new(COL_FLOAT, ng, NULL, e);
  for (size_t k = 0; out != NULL && k < ng; k++) {
    if (!isnan(job->r[q * ng + k]))
      out->v.f[k] = job->r[q * ng + k];
    else if (col_set_null(out, k, e) != 0) {
      col_unref(out);
      out = NULL;
    }
  }
  return out;
}

int groupcor_columns(const column *x, const column *y, groups *g, const stats_method *m,
                     size_t nm, column **out, cherr *e)
{
  size_t ng = g->ngroups;
  size_t *start = mem_calloc(ng + 1, sizeof *start), *early = mem_calloc(ng + 1, sizeof *early);
  cor_job job = {.x = x, .y = y, .g = g, .start = start, .early = early, .m = m, .nm = nm,
                 .r = mem_alloc((ng ? ng : 1) * nm * sizeof(double))};
  int rc = start == NULL || early == NULL || job.r == NULL ? err_nomem(e) : 0;
  for (size_t i = 0; rc == 0 && i < g->nrow; i++) {
    start[group_of(g, i) + 1]++;
    early[group_of(g, i)] += i < g->nrow / 2;
  }
  for (size_t k = 0; rc == 0 && k < ng; k++)
    start[k + 1] += start[k];
  if (rc == 0)
    rc = correlate_batches(&job, e);
  size_t made = 0;
  for (; rc == 0 && made < nm; made++)
    if ((out[made] = cor_column(&job, made, e)) == NULL)
      rc = -1;
  for (size_t q = 0; rc != 0 && q < made; q++) {
    col_unref(out[q]);
    out[q] = NULL;
  }
  mem_free(job.r);
  mem_free(start);
  mem_free(early);
  return rc;
}
