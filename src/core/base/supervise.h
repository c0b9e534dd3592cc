/*
 * supervise.h - a sandboxed report's process, from the parent's side. The
 * child is made with fork and waited for under the wall-clock time limit:
 * a short grace after it, the parent kills it (SIGKILL). Ctrl-C typed at
 * the terminal reaches both; one sent to the parent alone is passed on, and
 * a second one kills the child. SIGTERM or SIGHUP to the parent kills it too.
 *
 * The child tells the parent, through a pipe, when the report starts (its
 * time counts from there, not from the fork), the exit status it reported,
 * when its Lua state is closed (no report code can run after that, so the
 * time limit no longer applies), and the forbidden system call that stopped
 * it (confine.h). If the parent dies, the child is killed too.
 *
 * Ownership: nothing is allocated.
 */
#ifndef CHISO_SUPERVISE_H
#define CHISO_SUPERVISE_H

#include "err.h"

/* How long the parent waits after the time limit before it kills the child. */
#define SUPERVISE_GRACE 0.5

typedef struct supervised {
  int exited;      /* 1: it exited with code; 0: a signal ended it */
  int code;        /* the exit status, or the signal */
  int timed_out;   /* the parent killed it at the time limit */
  int reported;    /* the exit status the child reported, -1 when none */
  long syscall;    /* the forbidden system call that stopped it, -1 when none */
  int interrupts;  /* Ctrl-C seen by the parent */
  int terminated;  /* SIGTERM or SIGHUP to the parent, which killed the child; 0 when none */
  long max_rss_kb; /* its peak resident memory */
} supervised;

/*
 * Runs child(ud) in a new process, which exits with what it returns, and
 * waits for it as above; seconds is the time limit (0: none). -1 when no
 * process could be made.
 */
int supervise_run(double seconds, int (*child)(void *ud), void *ud, supervised *out, cherr *e);

/* In the child: the pipe to the parent (-1 elsewhere), and what it tells. */
int supervise_fd(void);
void supervise_started(void);
void supervise_reported(int status);
void supervise_closed(void);

#endif
