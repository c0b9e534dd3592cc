/*
 * outlimit.c - counting standard output and error (fopencookie streams).
 */
#define _GNU_SOURCE /* fopencookie */
#include "outlimit.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
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

/*
 * What a sandboxed report writes to a terminal is shown, not obeyed: escape
 * and other control characters (but tab, line feed, carriage return and
 * chiso's own "erase the line") become caret notation (ESC is "^["), and
 * the C1 controls (U+0080 to U+009F, which some terminals obey too) "?", so
 * no report can set the clipboard, retitle the window, move the cursor over
 * what was printed or answer for the terminal. A C1 control's first byte
 * (C2) ending one piece waits in *held for the next piece, which may be the
 * next write: the stream's buffer cuts a long line where it fills. Writes
 * out at most 2n bytes.
 */
static size_t scrub(const char *in, size_t n, char *out, int *held)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)in[i];
    if (*held) {
      *held = 0;
      if (c >= 0x80 && c <= 0x9f) {
        out[o++] = '?';
        continue;
      }
      out[o++] = (char)0xc2;
    }
    if (c == 0x1b && i + 2 < n && in[i + 1] == '[' && in[i + 2] == 'K') {
      memcpy(out + o, in + i, 3);
      o += 3;
      i += 2;
    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      out[o++] = '^';
      out[o++] = c == 0x7f ? '?' : (char)(c + 0x40);
    } else if (c == 0xc2 && i + 1 == n) {
      *held = 1;
    } else if (c == 0xc2 && (unsigned char)in[i + 1] >= 0x80 && (unsigned char)in[i + 1] <= 0x9f) {
      out[o++] = '?';
      i++;
    } else {
      out[o++] = (char)c;
    }
  }
  return o;
}

#ifdef __GLIBC__
/* Whether standard output and standard error (by descriptor) are a terminal, seen at install. */
static int on_terminal[3];

/* n bytes to fd, scrubbed when it is a terminal in a sandboxed run. */
static int write_shown(int fd, const char *p, size_t n)
{
  static int held[3]; /* a C2 kept back, by descriptor */
  if (!(fd <= 2 && on_terminal[fd] && sandbox_active()))
    return write_all(fd, p, n);
  char out[2 * 1024 + 1];
  while (n > 0) {
    size_t chunk = n < (sizeof out - 1) / 2 ? n : (sizeof out - 1) / 2;
    if (write_all(fd, out, scrub(p, chunk, out, &held[fd])) != 0)
      return -1;
    p += chunk;
    n -= chunk;
  }
  return 0;
}

/* The part of buf the limit leaves room for goes out; the rest is dropped once counted. */
static ssize_t counted_write(void *cookie, const char *buf, size_t size)
{
  size_t room = sandbox_output_room();
  size_t n = size < room ? size : room;
  sandbox_count_output(size);
  if (write_shown((int)(intptr_t)cookie, buf, n) != 0)
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
  on_terminal[STDOUT_FILENO] = isatty(STDOUT_FILENO);
  on_terminal[STDERR_FILENO] = isatty(STDERR_FILENO);
  FILE *out = counted_stream(STDOUT_FILENO, on_terminal[STDOUT_FILENO] ? _IOLBF : _IOFBF);
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

int outlimit_emit_shown(FILE *f, const char *text, size_t len)
{
  char out[2 * 512 + 1];
  int held = 0, rc = 0;
  while (len > 0 && rc == 0) {
    size_t chunk = len < 512 ? len : 512;
    rc = outlimit_emit(f, out, scrub(text, chunk, out, &held));
    text += chunk;
    len -= chunk;
  }
  return rc == 0 && held ? outlimit_emit(f, "?", 1) : rc; /* a C2 that ends the text */
}

FILE *outlimit_stderr(void)
{
  return real_stderr != NULL ? real_stderr : stderr;
}
