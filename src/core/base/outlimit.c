/*
 * outlimit.c - counting standard output and error (fopencookie streams).
 */
#define _GNU_SOURCE /* fopencookie */
#include "outlimit.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "sandbox.h"

static int installed;
static FILE *real_stderr;

/* Writes all of p to fd, through interruptions and short writes. */
static int write_all(int fd, const char *p, size_t n)
{
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

#ifdef __GLIBC__
/* The part of buf the limit leaves room for goes out; the rest is dropped once counted. */
static ssize_t counted_write(void *cookie, const char *buf, size_t size)
{
  size_t room = sandbox_output_room();
  size_t n = size < room ? size : room;
  sandbox_count_output(size);
  if (write_all((int)(intptr_t)cookie, buf, n) != 0)
    return -1;
  return (ssize_t)size;
}

static FILE *counted_stream(int fd, int mode)
{
  cookie_io_functions_t io = {NULL, counted_write, NULL, NULL};
  FILE *f = fopencookie((void *)(intptr_t)fd, "w", io);
  if (f != NULL)
    setvbuf(f, NULL, mode, BUFSIZ);
  return f;
}

int outlimit_install(void)
{
  if (installed)
    return 0;
  fflush(stdout);
  fflush(stderr);
  FILE *out = counted_stream(STDOUT_FILENO, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
  FILE *err = counted_stream(STDERR_FILENO, _IONBF);
  if (out == NULL || err == NULL) {
    if (out != NULL)
      fclose(out);
    return -1;
  }
  real_stderr = stderr;
  stdout = out;
  stderr = err;
  installed = 1;
  return 0;
}
#else
int outlimit_install(void) { return -1; }
#endif

int outlimit_installed(void) { return installed; }

int outlimit_emit(FILE *f, const char *text, size_t len)
{
  if (!installed && sandbox_count_output(len) != 0)
    return -1;
  fwrite(text, 1, len, f);
  return sandbox_hit() == LIMIT_OUTPUT ? -1 : 0;
}

FILE *outlimit_stderr(void)
{
  return real_stderr != NULL ? real_stderr : stderr;
}
