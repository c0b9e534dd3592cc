/*
 * halt.h - the cheap check that lets Ctrl-C and time limits stop long work.
 *
 * A signal handler calls halt_request(); a loop over many rows calls
 * halt_check() every HALT_STRIDE iterations and, on a non-zero answer, frees
 * what it built and returns ERR_HALT. Nothing here knows about Lua.
 */
#ifndef CHISO_HALT_H
#define CHISO_HALT_H

#include <stddef.h>

enum { HALT_NONE = 0, HALT_INTERRUPT = 1, HALT_TIMEOUT = 2 };

/* How many loop iterations may pass between two checks (a power of two). */
#define HALT_STRIDE ((size_t)1 << 16)
/* True when iteration i is one at which a loop should call halt_check(). */
#define HALT_DUE(i) (((i) & (HALT_STRIDE - 1)) == 0)

void halt_request(int reason); /* async-signal-safe */
void halt_clear(void);
/* Seconds from now after which halt_check() reports HALT_TIMEOUT; 0 clears it. */
void halt_set_deadline(double seconds);
/* Moves the deadline, if any, later by seconds (time spent waiting for a person, say). */
void halt_extend(double seconds);
int halt_check(void);
const char *halt_describe(int reason);

/*
 * The end of the block of rows that starts at lo, in a loop over n rows
 * that looks between blocks and keeps its inner loop as it was:
 *   for (size_t lo = 0; lo < n && why == HALT_NONE; lo += HALT_STRIDE, why = halt_check())
 *     for (size_t i = lo; i < halt_block_end(lo, n); i++) ...
 */
static inline size_t halt_block_end(size_t lo, size_t n)
{
  return n - lo < HALT_STRIDE ? n : lo + HALT_STRIDE;
}

/*
 * For loops over runs of rows of any size (groups, blocks): counts n more
 * rows done and, each time the count reaches HALT_STRIDE, asks halt_check().
 * The reason to stop, or HALT_NONE.
 */
static inline int halt_after(size_t *done, size_t n)
{
  *done += n;
  if (*done < HALT_STRIDE)
    return HALT_NONE;
  *done = 0;
  return halt_check();
}

/*
 * The last resort of a run limited in its own process: seconds from now,
 * message goes to standard error and the process ends with status, whatever
 * it is doing (C code that never checks, a finalizer that never returns).
 * 0 seconds cancels it.
 */
void halt_set_alarm(double seconds, const char *message, int status);
/*
 * A file the alarm removes before it ends the process (a temporary file
 * that would otherwise stay beside its target), until halt_alarm_keeps
 * names it again; a few at a time.
 */
void halt_alarm_removes(const char *path);
void halt_alarm_keeps(const char *path);

#endif
