/*
 * halt.c - interrupt flag and deadline behind halt_check(), and the alarm
 * that ends a run its checks could not stop.
 */
#define _XOPEN_SOURCE 700
#include "halt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t requested;
static struct timespec deadline;
static int have_deadline;

void halt_request(int reason) { requested = reason; }

void halt_clear(void) { requested = HALT_NONE; }

/* t moved later by seconds. */
static void add_seconds(struct timespec *t, double seconds)
{
  time_t whole = (time_t)seconds;
  t->tv_sec += whole;
  t->tv_nsec += (long)((seconds - (double)whole) * 1e9);
  if (t->tv_nsec >= 1000000000L) {
    t->tv_sec += 1;
    t->tv_nsec -= 1000000000L;
  }
}

void halt_set_deadline(double seconds)
{
  have_deadline = seconds > 0;
  if (!have_deadline)
    return;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  add_seconds(&deadline, seconds);
}

void halt_extend(double seconds)
{
  if (have_deadline && seconds > 0)
    add_seconds(&deadline, seconds);
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

static char alarm_message[256];
static size_t alarm_len;
static int alarm_status;

/* Files the alarm removes: a slot is marked used only once its path is whole. */
#define ALARM_FILES 4
static char alarm_files[ALARM_FILES][4096];
static volatile sig_atomic_t alarm_file_used[ALARM_FILES];

void halt_alarm_removes(const char *path)
{
  size_t len = strlen(path);
  for (int k = 0; k < ALARM_FILES; k++)
    if (!alarm_file_used[k] && len < sizeof alarm_files[k]) {
      memcpy(alarm_files[k], path, len + 1);
      alarm_file_used[k] = 1;
      return;
    }
}

void halt_alarm_keeps(const char *path)
{
  for (int k = 0; k < ALARM_FILES; k++)
    if (alarm_file_used[k] && strcmp(alarm_files[k], path) == 0) {
      alarm_file_used[k] = 0;
      return;
    }
}

static void on_alarm(int sig)
{
  (void)sig;
  for (int k = 0; k < ALARM_FILES; k++)
    if (alarm_file_used[k])
      unlink(alarm_files[k]);
  ssize_t ignored = write(STDERR_FILENO, alarm_message, alarm_len);
  (void)ignored;
  _exit(alarm_status);
}

void halt_set_alarm(double seconds, const char *message, int status)
{
  struct itimerval t;
  memset(&t, 0, sizeof t);
  if (seconds > 0) {
    snprintf(alarm_message, sizeof alarm_message, "%s\n", message);
    alarm_len = strlen(alarm_message);
    alarm_status = status;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    t.it_value.tv_sec = (time_t)seconds;
    t.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
  }
  setitimer(ITIMER_REAL, &t, NULL);
}
