/*
 * sandbox.c - the sandbox's folders and output limit.
 */
#define _XOPEN_SOURCE 700
#include "sandbox.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"

#define MAX_READ_ROOTS 32

static int active;
static char *read_roots[MAX_READ_ROOTS];
static size_t nroots;
static char *write_target;
static int write_is_dir;
static size_t output_limit, output_used;
static sandbox_limit hit;

void sandbox_activate(void) { active = 1; }
int sandbox_active(void) { return active; }

int sandbox_resolve(const char *path, char *out, size_t size)
{
  char buf[PATH_MAX];
  if (realpath(path, buf) != NULL) {
    if (strlen(buf) >= size)
      return -1;
    strcpy(out, buf);
    return 0;
  }
  /* a file not written yet: resolve its folder, keep its name */
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  char dir[PATH_MAX];
  if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return -1;
  if (slash == NULL) {
    strcpy(dir, ".");
  } else if (slash == path) {
    strcpy(dir, "/");
  } else {
    size_t dlen = (size_t)(slash - path);
    if (dlen >= sizeof dir)
      return -1;
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
  }
  if (realpath(dir, buf) == NULL || strlen(buf) + 1 + strlen(name) >= size)
    return -1;
  snprintf(out, size, "%s/%s", strcmp(buf, "/") == 0 ? "" : buf, name);
  return 0;
}

/* Whether path equals root or lies below it. */
static int under(const char *path, const char *root)
{
  size_t n = strlen(root);
  if (strcmp(root, "/") == 0)
    return 1;
  return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int sandbox_allow_read(const char *dir, cherr *e)
{
  char real[PATH_MAX];
  if (realpath(dir, real) == NULL)
    return err_set(e, ERR_ARG, "cannot allow reading '%s': %s", dir, strerror(errno));
  if (nroots == MAX_READ_ROOTS)
    return err_set(e, ERR_ARG, "too many folders to read from (at most %d)", MAX_READ_ROOTS);
  if ((read_roots[nroots] = mem_strndup(real, strlen(real))) == NULL)
    return err_nomem(e);
  nroots++;
  return 0;
}

int sandbox_allow_write(const char *path, cherr *e)
{
  char real[PATH_MAX];
  if (sandbox_resolve(path, real, sizeof real) != 0)
    return err_set(e, ERR_ARG, "cannot write to '%s': its folder does not exist", path);
  struct stat st;
  mem_free(write_target);
  if ((write_target = mem_strndup(real, strlen(real))) == NULL)
    return err_nomem(e);
  write_is_dir = stat(real, &st) == 0 && S_ISDIR(st.st_mode);
  return 0;
}

int sandbox_check_read(const char *path, cherr *e)
{
  if (!active)
    return 0;
  char real[PATH_MAX];
  if (realpath(path, real) != NULL)
    for (size_t k = 0; k < nroots; k++)
      if (under(real, read_roots[k]))
        return 0;
  return err_set(e, ERR_ARG, "sandbox: reading '%s' is not allowed in a sandboxed report (only the "
                             "bundled data, CHISO_DATA and folders given with --allow-read)", path);
}

int sandbox_check_write(const char *path, cherr *e)
{
  if (!active)
    return 0;
  char real[PATH_MAX];
  int ok = write_target != NULL && sandbox_resolve(path, real, sizeof real) == 0 &&
           (write_is_dir ? under(real, write_target) && strcmp(real, write_target) != 0
                         : strcmp(real, write_target) == 0);
  if (ok)
    return 0;
  return err_set(e, ERR_ARG, "sandbox: writing '%s' is not allowed in a sandboxed report (only "
                             "the file or folder given with --out)", path);
}

void sandbox_set_output_limit(size_t bytes) { output_limit = bytes; }

int sandbox_count_output(size_t n)
{
  output_used += n;
  if (active && output_limit != 0 && output_used > output_limit) {
    sandbox_record(LIMIT_OUTPUT);
    return -1;
  }
  return 0;
}

static char limit_how[5][64];
static char limit_message[5][128];

void sandbox_describe_limit(sandbox_limit which, const char *how)
{
  snprintf(limit_how[which], sizeof limit_how[which], "%s", how);
}

const char *sandbox_limit_message(sandbox_limit which)
{
  snprintf(limit_message[which], sizeof limit_message[which], "sandbox: %s limit reached (%s)",
           sandbox_limit_name(which), limit_how[which]);
  return limit_message[which];
}

void sandbox_record(sandbox_limit which)
{
  if (hit == LIMIT_NONE)
    hit = which;
}

sandbox_limit sandbox_hit(void) { return hit; }

const char *sandbox_limit_name(sandbox_limit which)
{
  static const char *const names[] = {"none", "memory", "time", "output", "recursion depth"};
  return names[which];
}
