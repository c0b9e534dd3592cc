/*
 * isolate.h - runs one check in a child process, so a core bug that
 * overruns a buffer (and so trips the sanitizer, or crashes) fails that
 * case with a message instead of ending the whole run.
 */
#ifndef CHISO_UNIT_ISOLATE_H
#define CHISO_UNIT_ISOLATE_H

#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Runs fn(arg) in a child and returns its result (0 to 255), or -1 with why
 * filled in when the child was killed or left through the sanitizer. The
 * child leaves by _exit, so the leak check at exit does not count the
 * parent's live blocks; fn's result must not be 1, which the sanitizer uses.
 */
static inline int unit_in_child(int (*fn)(void *), void *arg, char *why, size_t size)
{
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(why, size, "fork failed");
    return -1;
  }
  if (pid == 0)
    _exit(fn(arg));
  int status;
  if (waitpid(pid, &status, 0) != pid) {
    snprintf(why, size, "waitpid failed");
    return -1;
  }
  if (WIFSIGNALED(status)) {
    snprintf(why, size, "killed by signal %d", WTERMSIG(status));
    return -1;
  }
  if (WEXITSTATUS(status) == 1) {
    snprintf(why, size, "stopped by the sanitizer (its report is above)");
    return -1;
  }
  return WEXITSTATUS(status);
}

#endif
