/*
 * halt.c - interrupt flag and deadline behind halt_check().
 */
#include "halt.h"

#include <signal.h>
#include <time.h>

static volatile sig_atomic_t requested;
static struct timespec deadline;
static int have_deadline;

void halt_request(int reason) { requested = reason; }

void halt_clear(void) { requested = HALT_NONE; }

void halt_set_deadline(double seconds)
{
  have_deadline = seconds > 0;
  if (!have_deadline)
    return;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  time_t whole = (time_t)seconds;
  deadline.tv_sec += whole;
  deadline.tv_nsec += (long)((seconds - (double)whole) * 1e9);
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
}

int halt_check(void)
{
  if (requested != HALT_NONE)
    return requested;
  if (have_deadline) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > deadline.tv_sec ||
        (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec))
      return HALT_TIMEOUT;
  }
  return HALT_NONE;
}

const char *halt_describe(int reason)
{
  return reason == HALT_TIMEOUT ? "sandbox: time limit reached" : "interrupted";
}
