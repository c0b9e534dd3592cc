/*
 * supervise.c - fork, the parent's clock, and the pipe from the child.
 */
#define _GNU_SOURCE /* ppoll, pipe2 */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ask.h"
#include "confine.h"

static int child_fd = -1;

int supervise_fd(void) { return child_fd; }

static void tell(const void *p, size_t n)
{
  if (child_fd >= 0) {
    ssize_t ignored = write(child_fd, p, n);
    (void)ignored;
  }
}

void supervise_started(void) { tell("S", 1); }
void supervise_closed(void) { tell("C", 1); }

void supervise_reported(int status)
{
  unsigned char m[2] = {'R', (unsigned char)status};
  tell(m, sizeof m);
}

/* The parent's side ------------------------------------------------------------- */

static const int watched[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP};
#define NWATCHED (sizeof watched / sizeof *watched)

static volatile sig_atomic_t got_child, tty_interrupts, sent_interrupts, got_term;

static void on_signal(int sig, siginfo_t *si, void *context)
{
  (void)context;
  if (sig == SIGCHLD)
    got_child = 1;
  else if (sig == SIGINT && si->si_code == SI_KERNEL)
    tty_interrupts++; /* typed at the terminal: the child has it too */
  else if (sig == SIGINT)
    sent_interrupts++;
  else
    got_term = sig;
}

typedef struct watch {
  sigset_t old_mask;
  struct sigaction old[NWATCHED];
} watch;

static void watch_start(watch *w)
{
  sigset_t set;
  sigemptyset(&set);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  for (size_t k = 0; k < NWATCHED; k++) {
    sigaddset(&set, watched[k]);
    sigaction(watched[k], &sa, &w->old[k]);
  }
  sigprocmask(SIG_BLOCK, &set, &w->old_mask);
  got_child = tty_interrupts = sent_interrupts = got_term = 0;
}

static void watch_end(const watch *w)
{
  for (size_t k = 0; k < NWATCHED; k++)
    sigaction(watched[k], &w->old[k], NULL);
  sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* What the parent knows while it waits. */
typedef struct waiting {
  pid_t pid;
  int fd;               /* the pipe, -1 once closed */
  int ask;              /* where the child asks for a file (ask.h), -1 for none */
  double seconds;       /* the time limit, 0 for none */
  double deadline;      /* 0 for none */
  unsigned char buf[64];
  size_t len;
  int killed;
} waiting;

/* Takes the child's messages from the front of the buffer. */
static void take_messages(waiting *w, supervised *out)
{
  size_t used = 0;
  while (used < w->len) {
    unsigned char *m = w->buf + used;
    size_t left = w->len - used, size = m[0] == 'R' ? 2 : m[0] == 'X' ? CONFINE_NOTE_SIZE : 1;
    if (left < size)
      break;
    if (m[0] == 'S' && w->seconds > 0)
      w->deadline = now() + w->seconds + SUPERVISE_GRACE;
    else if (m[0] == 'R')
      out->reported = m[1];
    else if (m[0] == 'C')
      w->deadline = 0; /* only the C runtime's exit is left (a leak checker's, say) */
    else if (m[0] == 'X') {
      int64_t nr;
      memcpy(&nr, m + 1, sizeof nr);
      out->syscall = (long)nr;
    }
    used += size;
  }
  memmove(w->buf, w->buf + used, w->len - used);
  w->len -= used;
}

static void read_pipe(waiting *w, supervised *out)
{
  for (;;) {
    ssize_t n = read(w->fd, w->buf + w->len, sizeof w->buf - w->len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      close(w->fd);
      w->fd = -1;
    }
    if (n <= 0)
      return;
    w->len += (size_t)n;
    take_messages(w, out);
  }
}

static void kill_child(waiting *w)
{
  if (!w->killed)
    kill(w->pid, SIGKILL);
  w->killed = 1;
}

/* Acts on the signals that came: Ctrl-C passed on (twice: the end), SIGTERM or SIGHUP: the end. */
static void on_signals(waiting *w, supervised *out)
{
  int sent = sent_interrupts, typed = tty_interrupts;
  sent_interrupts = tty_interrupts = 0;
  if (sent > 0)
    kill(w->pid, SIGINT);
  out->interrupts += sent + typed;
  if (out->interrupts >= 2 || got_term) {
    out->terminated = got_term;
    kill_child(w);
  }
}

/* Waits for one event: the pipe, a signal, or the deadline (which kills the child). */
static void wait_once(waiting *w, supervised *out, const sigset_t *mask)
{
  struct timespec limit, *timeout = NULL;
  if (w->deadline > 0 && !w->killed) {
    double left = w->deadline - now();
    if (left <= 0) {
      out->timed_out = 1;
      kill_child(w);
      return;
    }
    limit.tv_sec = (time_t)left;
    limit.tv_nsec = (long)((left - (double)limit.tv_sec) * 1e9);
    timeout = &limit;
  }
  struct pollfd p[2] = {{w->fd, POLLIN, 0}, {w->ask, POLLIN, 0}};
  int n = ppoll(p, 2, timeout, mask);
  if (n > 0 && p[0].revents != 0)
    read_pipe(w, out);
  if (n > 0 && p[1].revents != 0) {
    double spent = ask_serve(); /* the person's time is not the report's */
    if (w->deadline > 0)
      w->deadline += spent;
    w->ask = ask_fd();
  }
}

static int parent(waiting *w, supervised *out, const watch *ws)
{
  int status;
  struct rusage ru;
  for (;;) {
    if (got_child) {
      got_child = 0;
      if (wait4(w->pid, &status, WNOHANG, &ru) == w->pid)
        break;
    }
    on_signals(w, out);
    wait_once(w, out, &ws->old_mask);
  }
  if (w->fd >= 0)
    read_pipe(w, out);
  if (w->fd >= 0)
    close(w->fd);
  out->exited = WIFEXITED(status);
  out->code = out->exited ? WEXITSTATUS(status) : WTERMSIG(status);
  out->max_rss_kb = ru.ru_maxrss;
  if (out->exited)
    out->timed_out = 0; /* it ended on its own before the kill landed */
  return 0;
}

static void child(int fd, pid_t parent_pid, const watch *ws, int (*fn)(void *), void *ud)
{
  child_fd = fd;
  ask_in_child();
  watch_end(ws);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent_pid)
    _exit(127); /* the parent died before the line above */
  exit(fn(ud));
}

int supervise_run(double seconds, int (*fn)(void *ud), void *ud, supervised *out, cherr *e)
{
  memset(out, 0, sizeof *out);
  out->reported = -1;
  out->syscall = -1;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0)
    return err_set(e, ERR_IO, "cannot start the sandboxed report: %s", strerror(errno));
  watch ws;
  watch_start(&ws);
  fflush(NULL);
  pid_t parent_pid = getpid(), pid = fork();
  if (pid < 0) {
    int saved = errno;
    watch_end(&ws);
    close(p[0]);
    close(p[1]);
    return err_set(e, ERR_IO, "cannot start the sandboxed report: %s", strerror(saved));
  }
  if (pid == 0) {
    close(p[0]);
    child(p[1], parent_pid, &ws, fn, ud);
  }
  close(p[1]);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  waiting w = {pid, p[0], ask_in_parent(), seconds, seconds > 0 ? now() + seconds + SUPERVISE_GRACE : 0,
               {0}, 0, 0};
  parent(&w, out, &ws);
  watch_end(&ws);
  return 0;
}
