/*
 * par.c - two halves of a job on two threads.
 */
#include "par.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct second_half {
  par_fn fn;
  void *job;
  cherr e;
  int rc;
} second_half;

static void *run_second(void *arg)
{
  second_half *h = arg;
  h->rc = h->fn(h->job, 1, &h->e);
  return NULL;
}

int par_threads(void)
{
  const char *want = getenv("CHISO_THREADS");
  if (want != NULL && strcmp(want, "1") == 0)
    return 1;
  return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

void par_split(const size_t *start, size_t ngroups, int half, size_t *lo, size_t *hi)
{
  size_t mid = 0;
  while (mid < ngroups && start[mid] - start[0] < (start[ngroups] - start[0]) / 2)
    mid++;
  *lo = half == 0 ? 0 : mid;
  *hi = half == 0 ? mid : ngroups;
}

int par_halves(par_fn fn, void *job, cherr *e)
{
  second_half h = {fn, job, {ERR_OK, ""}, 0};
  pthread_t thread;
  int threaded = par_threads() > 1 && pthread_create(&thread, NULL, run_second, &h) == 0;
  int rc = fn(job, 0, e);
  if (threaded)
    pthread_join(thread, NULL);
  else if (rc == 0)
    h.rc = fn(job, 1, &h.e);
  if (rc == 0 && h.rc != 0) {
    *e = h.e;
    rc = h.rc;
  }
  return rc;
}
