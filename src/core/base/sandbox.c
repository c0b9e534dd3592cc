/*
 * sandbox.c - the sandbox's folders, the paths it lets through, how it
 * opens a file to read, and the output limit.
 */
#define _XOPEN_SOURCE 700
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

#define MAX_READ_ROOTS 32

static int active;
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

/*
 * The absolute form of path with ".", ".." and repeated slashes taken away
 * by its text alone ("a/b/../c" is "a/c"), as a sandboxed run reads every
 * path: what a path names then never depends on what lies outside the
 * allowed folders, so no path can ask whether something there exists.
 */
static int clean_path(const char *path, char *out, size_t size)
{
  char whole[PATH_MAX];
  if (path[0] == '/')
    snprintf(whole, sizeof whole, "%s", path);
  else if (getcwd(whole, sizeof whole) == NULL ||
           strlen(whole) + 1 + strlen(path) >= sizeof whole)
    return -1;
  else
    strcat(strcat(whole, "/"), path);
  size_t len = 0;
  for (const char *p = whole; *p != '\0';) {
    while (*p == '/')
      p++;
    size_t n = strcspn(p, "/");
    if (n == 0 || (n == 1 && p[0] == '.')) {
      /* nothing, or "." */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (len > 0 && out[--len] != '/')
        ;
    } else {
      if (len + 1 + n >= size)
        return -1;
      out[len++] = '/';
      memcpy(out + len, p, n);
      len += n;
    }
    p += n;
  }
  if (len == 0)
    out[len++] = '/';
  out[len] = '\0';
  return 0;
}

/* dir followed by rest ("" or "/more"), without doubling the slash of "/". */
static int join(char *out, size_t size, const char *dir, const char *rest)
{
  size_t n = strcmp(dir, "/") == 0 && *rest != '\0' ? 0 : strlen(dir), m = strlen(rest);
  if (n + m >= size)
    return -1;
  memcpy(out, dir, n);
  memcpy(out + n, rest, m + 1);
  return 0;
}

/*
 * Where clean (a clean_path) really leads: the realpath of its longest
 * prefix that exists, with the rest of it, which does not exist, appended.
 * -1 when the first missing part is a link (one that leads nowhere), whose
 * target is not for a sandboxed report to learn.
 */
static int resolve_clean(const char *clean, char *out, size_t size)
{
  char prefix[PATH_MAX], real[PATH_MAX];
  snprintf(prefix, sizeof prefix, "%s", clean);
  size_t len = strlen(prefix);
  while (realpath(len ? prefix : "/", real) == NULL) {
    while (len > 0 && prefix[len - 1] != '/')
      len--;
    if (len > 0)
      len--;
    prefix[len] = '\0';
  }
  const char *rest = clean + len;
  if (*rest != '\0') {
    size_t n = strcspn(rest + 1, "/");
    char first[PATH_MAX];
    struct stat st;
    snprintf(first, sizeof first, "%.*s", (int)(len + 1 + n), clean);
    if (lstat(first, &st) == 0 && S_ISLNK(st.st_mode))
      return -1;
  }
  return join(out, size, real, rest);
}

/* A folder or file the sandbox allows, as given (cleaned) and as it really is. */
typedef struct place {
  char *clean;
  char *real;
} place;

static int place_set(place *p, const char *clean, const char *real, cherr *e)
{
  p->clean = mem_strndup(clean, strlen(clean));
  p->real = mem_strndup(real, strlen(real));
  if (p->clean == NULL || p->real == NULL) {
    mem_free(p->clean);
    mem_free(p->real);
    p->clean = p->real = NULL;
    return err_nomem(e);
  }
  return 0;
}

static place read_roots[MAX_READ_ROOTS];
static size_t nroots;
static place write_target;
static int write_is_dir;

int sandbox_allow_read(const char *dir, cherr *e)
{
  char clean[PATH_MAX], real[PATH_MAX];
  if (realpath(dir, real) == NULL || clean_path(dir, clean, sizeof clean) != 0)
    return err_set(e, ERR_ARG, "cannot allow reading '%s': %s", dir, strerror(errno));
  if (nroots == MAX_READ_ROOTS)
    return err_set(e, ERR_ARG, "too many folders to read from (at most %d)", MAX_READ_ROOTS);
  if (place_set(&read_roots[nroots], clean, real, e) != 0)
    return -1;
  nroots++;
  return 0;
}

/*
 * Where a file written at clean really goes: its folder resolved, its own
 * name kept, since rename() replaces a link there rather than following it.
 */
static int resolve_target(const char *clean, char *out, size_t size)
{
  const char *slash = strrchr(clean, '/');
  char dir[PATH_MAX], real[PATH_MAX];
  if (slash[1] == '\0')
    return -1; /* "/" itself */
  snprintf(dir, sizeof dir, "%.*s", slash == clean ? 1 : (int)(slash - clean), clean);
  if (resolve_clean(dir, real, sizeof real) != 0)
    return -1;
  return join(out, size, real, slash);
}

int sandbox_allow_write(const char *path, cherr *e)
{
  char clean[PATH_MAX], real[PATH_MAX];
  struct stat st;
  int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  if (clean_path(path, clean, sizeof clean) != 0 ||
      (is_dir ? realpath(path, real) == NULL : resolve_target(clean, real, sizeof real) != 0))
    return err_set(e, ERR_ARG, "cannot write to '%s': its folder does not exist", path);
  mem_free(write_target.clean);
  mem_free(write_target.real);
  write_target.clean = write_target.real = NULL;
  write_is_dir = is_dir;
  return place_set(&write_target, clean, real, e);
}

static char *work_folder;

void sandbox_set_work_folder(const char *dir)
{
  mem_free(work_folder);
  work_folder = dir ? mem_strndup(dir, strlen(dir)) : NULL;
}

const char *sandbox_work_folder(void) { return work_folder; }

/* path as a shell would take it: quoted when it holds anything but plain characters. */
static void shell_word(const char *path, char *out, size_t size)
{
  if (path[0] != '\0' && strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_./-+,:@%") == strlen(path)) {
    snprintf(out, size, "%s", path);
    return;
  }
  size_t n = 0;
  out[n++] = '\'';
  for (const char *p = path; *p != '\0' && n + 5 < size; p++) {
    if (*p == '\'') {
      memcpy(out + n, "'\\''", 4);
      n += 4;
    } else {
      out[n++] = *p;
    }
  }
  out[n++] = '\'';
  out[n] = '\0';
}

/*
 * The refusal of a read. It says the same of every path outside the
 * allowed folders, whether or not something is there, and names the
 * option that would allow it, in the report's own words (the folder of
 * the path as the report gave it), so it tells the report nothing new.
 */
static int refuse_read(const char *path, int through_link, cherr *e)
{
  char dir[PATH_MAX], word[PATH_MAX + 64];
  const char *slash = strrchr(path, '/');
  if (slash == NULL)
    snprintf(dir, sizeof dir, ".");
  else
    snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
  shell_word(dir, word, sizeof word);
  if (through_link)
    return err_set(e, ERR_DENIED, "sandbox: reading '%s' is not allowed in a sandboxed report (a "
                               "symbolic link leads out of the folders it may read)", path);
  return err_set(e, ERR_DENIED, "sandbox: reading '%s' is not allowed in a sandboxed report (it "
                             "reads only the bundled data, CHISO_DATA and folders given with "
                             "--allow-read; run chiso with --allow-read %s to allow it)", path, word);
}

static int refuse_write(const char *path, cherr *e)
{
  char word[PATH_MAX + 64];
  shell_word(path, word, sizeof word);
  return err_set(e, ERR_DENIED, "sandbox: writing '%s' is not allowed in a sandboxed report (it "
                             "writes only to the file or folder given with --out; run it with "
                             "--out %s to allow it)", path, word);
}

static int copy_path(const char *path, char *out, size_t size, cherr *e)
{
  if (strlen(path) >= size)
    return err_set(e, ERR_IO, "%s: %s", path, strerror(ENAMETOOLONG));
  strcpy(out, path);
  return 0;
}

int sandbox_read_path(const char *path, char *out, size_t size, cherr *e)
{
  if (!active)
    return copy_path(path, out, size, e);
  char clean[PATH_MAX], real[PATH_MAX];
  int inside = 0;
  if (clean_path(path, clean, sizeof clean) == 0)
    for (size_t k = 0; k < nroots && !inside; k++)
      inside = under(clean, read_roots[k].clean) || under(clean, read_roots[k].real);
  if (!inside)
    return refuse_read(path, 0, e);
  inside = 0;
  if (resolve_clean(clean, real, sizeof real) == 0)
    for (size_t k = 0; k < nroots && !inside; k++)
      inside = under(real, read_roots[k].real);
  if (!inside)
    return refuse_read(path, 1, e);
  return copy_path(real, out, size, e);
}

/* Whether p names the target file, or (for a folder) something below it. */
static int is_target(const char *p, const char *target)
{
  return write_is_dir ? under(p, target) && strcmp(p, target) != 0 : strcmp(p, target) == 0;
}

int sandbox_write_path(const char *path, char *out, size_t size, cherr *e)
{
  if (!active)
    return copy_path(path, out, size, e);
  char clean[PATH_MAX], real[PATH_MAX];
  if (write_target.real == NULL || clean_path(path, clean, sizeof clean) != 0 ||
      !(is_target(clean, write_target.clean) || is_target(clean, write_target.real)) ||
      resolve_target(clean, real, sizeof real) != 0 || !is_target(real, write_target.real))
    return refuse_write(path, e);
  return copy_path(real, out, size, e);
}

int sandbox_check_read(const char *path, cherr *e)
{
  char where[PATH_MAX];
  return sandbox_read_path(path, where, sizeof where, e);
}

int sandbox_check_write(const char *path, cherr *e)
{
  char where[PATH_MAX];
  return sandbox_write_path(path, where, sizeof where, e);
}

/* What a file that is not a regular one (nor a folder) is, in a refusal. */
static const char *kind_of(mode_t mode)
{
  return S_ISFIFO(mode) ? "a named pipe (FIFO)" : S_ISSOCK(mode) ? "a socket"
       : S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : "not a regular file";
}

static int refuse_kind(const char *path, mode_t mode, cherr *e)
{
  return err_set(e, ERR_DENIED, "sandbox: reading '%s' is not allowed in a sandboxed report (it is "
                             "%s; a sandboxed report reads only regular files)", path, kind_of(mode));
}

static const sandbox_askers *askers;

void sandbox_set_askers(const sandbox_askers *a) { askers = a; }
const sandbox_askers *sandbox_get_askers(void) { return askers; }

int sandbox_open_read(const char *path, cherr *e)
{
  char where[PATH_MAX];
  if (sandbox_read_path(path, where, sizeof where, e) != 0)
    return e->code == ERR_DENIED && askers != NULL ? askers->read(path, e) : -1;
  if (!active) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
    return fd;
  }
  /* Looked at first, so that a FIFO or a device is never opened at all. */
  struct stat st;
  if (stat(where, &st) != 0)
    return err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
    return refuse_kind(path, st.st_mode, e);
  /*
   * Then opened without blocking and without following a link that took
   * its place in between, and looked at again through the descriptor:
   * that answer cannot be swapped.
   */
  int fd = open(where, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return errno == ELOOP ? refuse_read(path, 1, e) : err_set(e, ERR_IO, "%s: %s", path,
                                                              strerror(errno));
  int flags = fcntl(fd, F_GETFL);
  if (fstat(fd, &st) != 0 || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    int saved = errno;
    close(fd);
    return err_set(e, ERR_IO, "%s: %s", path, strerror(saved));
  }
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    close(fd);
    return refuse_kind(path, st.st_mode, e);
  }
  return fd;
}

void sandbox_set_output_limit(size_t bytes) { output_limit = bytes; }

/* The limit holds in trusted runs too once it is set (--max-output given). */
int sandbox_count_output(size_t n)
{
  output_used += n;
  if (output_limit != 0 && output_used > output_limit) {
    sandbox_record(LIMIT_OUTPUT);
    return -1;
  }
  return 0;
}

size_t sandbox_output_room(void)
{
  if (output_limit == 0)
    return (size_t)-1;
  return output_used < output_limit ? output_limit - output_used : 0;
}

static char limit_how[5][64];
static char limit_message[5][128];

void sandbox_describe_limit(sandbox_limit which, const char *how)
{
  snprintf(limit_how[which], sizeof limit_how[which], "%s", how);
}

const char *sandbox_limit_message(sandbox_limit which)
{
  snprintf(limit_message[which], sizeof limit_message[which], "%s%s limit reached (%s)",
           active ? "sandbox: " : "", sandbox_limit_name(which), limit_how[which]);
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
