/*
 * sweep.h - runs an operation once for every allocation it makes, failing
 * that allocation, and checks each failure is clean: the error is ERR_NOMEM
 * and no memory stays allocated.
 */
#ifndef CHISO_UNIT_SWEEP_H
#define CHISO_UNIT_SWEEP_H

#include "err.h"
#include "mem.h"
#include "unit.h"

/* Runs the operation once: what it made, or NULL when it failed and filled e. */
typedef void *(*unit_run)(void *ctx, cherr *e);
/* Checks and frees what a run made, once failures are off again; n is the failed allocation. */
typedef void (*unit_check)(void *ctx, unsigned long n, void *made);

/*
 * For n = 1, 2, ...: fails the nth allocation and runs the operation, until
 * a run makes fewer than n allocations (every failure point has then been
 * tried) or max runs. Returns how many runs failed.
 */
static inline unsigned long unit_sweep(unit_run run, unit_check check, void *ctx,
                                       unsigned long max)
{
  unsigned long failures = 0, n = 1;
  for (; n <= max; n++) {
    cherr e = {ERR_OK, ""};
    size_t start = mem_used();
    unsigned long calls = mem_count();
    mem_fail_after(n);
    void *made = run(ctx, &e);
    unsigned long allocations = mem_count() - calls;
    mem_fail_after(0);
    if (made == NULL) {
      failures++;
      if (e.code != ERR_NOMEM)
        unit_fail(__FILE__, __LINE__, "failing allocation %lu: code %d (%s)", n, e.code, e.msg);
      if (mem_used() != start)
        unit_fail(__FILE__, __LINE__, "failing allocation %lu: %zu bytes leaked", n,
                  mem_used() - start);
      continue;
    }
    check(ctx, n, made);
    if (allocations < n)
      break;
  }
  if (n > max)
    unit_fail(__FILE__, __LINE__, "still allocating after %lu runs", max);
  return failures;
}

#endif
