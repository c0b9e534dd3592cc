/*
 * outfile.c - writing a file whole beside its target and renaming it over
 * the target (outfile.h).
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "halt.h"
#include "mem.h"
#include "sandbox.h"

/* Random characters in a temporary file's name: 36^12, about 2^62 names. */
#define RANDOM_CHARS 12
/* Tries at a free name before giving up (each fails only if the name is taken). */
#define TRIES 64
/* The most of the target's own name kept in the temporary one, so it stays under NAME_MAX. */
#define NAME_KEEP 200

/* The names a sandboxed report may give each kind of file it writes. */
static const struct {
  const char *kind;
  const char *exts[4];
  const char *said;
} kinds[] = {
  {"csv", {".csv", ".tsv", ".txt", NULL}, ".csv, .tsv or .txt"},
  {"html", {".html", ".htm", NULL}, ".html or .htm"},
  {"md", {".md", ".markdown", ".txt", NULL}, ".md, .markdown or .txt"},
  {"json", {".json", NULL}, ".json"},
  {"text", {".txt", NULL}, ".txt"},
  {"xlsx", {".xlsx", NULL}, ".xlsx"},
  {"svg", {".svg", NULL}, ".svg"},
};

static int ends_with(const char *s, const char *tail)
{
  size_t n = strlen(s), m = strlen(tail);
  return n > m && strcasecmp(s + n - m, tail) == 0 && s[n - m - 1] != '/';
}

/*
 * A browser shown text named .html runs it as HTML, a spreadsheet runs a
 * report named .csv as formulas: a kind is made safe for the programs that
 * open files of its own name, so a sandboxed report writes it only there.
 */
static int check_kind(const char *path, const char *kind, cherr *e)
{
  if (kind == NULL || !sandbox_active())
    return 0;
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    if (strcmp(kinds[k].kind, kind) != 0)
      continue;
    for (size_t x = 0; kinds[k].exts[x] != NULL; x++)
      if (ends_with(path, kinds[k].exts[x]))
        return 0;
    return err_set(e, ERR_DENIED, "sandbox: a sandboxed report writes %s only to a file whose name "
                               "ends in %s, not to '%s'", kind, kinds[k].said, path);
  }
  return err_set(e, ERR_ARG, "unknown kind of file '%s'", kind);
}

/* Unpredictable letters: from the kernel, or failing that from the clock and the process. */
static void random_chars(char *out, size_t n)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  static unsigned long long counter;
  unsigned char bytes[RANDOM_CHARS];
  if (n > sizeof bytes)
    n = sizeof bytes;
  if (getrandom(bytes, n, GRND_NONBLOCK) != (ssize_t)n) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    unsigned long long x = (unsigned long long)t.tv_nsec ^ ((unsigned long long)t.tv_sec << 30) ^
                           ((unsigned long long)getpid() << 17) ^ ++counter;
    for (size_t i = 0; i < n; i++) {
      x += 0x9E3779B97F4A7C15ull; /* splitmix64 */
      unsigned long long z = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      bytes[i] = (unsigned char)(z ^ (z >> 31));
    }
  }
  for (size_t i = 0; i < n; i++)
    out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
}

/*
 * Makes a new file ".NAME.RANDOM.tmp" beside path (NAME: path's own name)
 * and opens it with flags; its name goes in out. -1 with errno set.
 */
static int make_beside(const char *path, char *out, size_t size, int flags, mode_t mode)
{
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = path + dir;
  size_t keep = strlen(base) < NAME_KEEP ? strlen(base) : NAME_KEEP;
  if (size < dir + 1 + keep + 1 + RANDOM_CHARS + sizeof ".tmp") {
    errno = ENAMETOOLONG;
    return -1;
  }
  for (int tries = 0; tries < TRIES; tries++) {
    char letters[RANDOM_CHARS];
    random_chars(letters, RANDOM_CHARS);
    snprintf(out, size, "%.*s.%.*s.%.*s.tmp", (int)dir, path, (int)keep, base, RANDOM_CHARS,
             letters);
    int fd = open(out, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  return -1;
}

/* Makes the temporary file beside f->target. */
static int make_temp(outfile *f, cherr *e)
{
  size_t size = strlen(f->target) + 1 + RANDOM_CHARS + sizeof ".tmp" + 1;
  if ((f->temp = mem_alloc(size)) == NULL)
    return err_nomem(e);
  f->fd = make_beside(f->target, f->temp, size, O_WRONLY, 0666);
  if (f->fd >= 0) {
    halt_alarm_removes(f->temp); /* a run the alarm ends leaves no temporary file either */
    return 0;
  }
  int saved = errno;
  mem_free(f->temp);
  f->temp = NULL;
  return err_set(e, ERR_IO, "%s: %s", f->name, strerror(saved));
}

static char *copy(const char *s)
{
  return mem_strndup(s, strlen(s));
}

/*
 * A refused path the person at the terminal may still allow (ask.h): the
 * file is then one the parent made beside path, which commit hands back to
 * the parent to rename, as this process may not.
 */
static int open_asked(outfile *f, const char *path, const char *kind, cherr *e)
{
  const sandbox_askers *a = sandbox_get_askers();
  cherr kind_e;
  if (a == NULL || check_kind(path, kind, &kind_e) != 0)
    return -1; /* nobody to ask, or nothing to ask about: the refusal stands */
  if ((f->name = copy(path)) == NULL)
    return err_nomem(e);
  if ((f->fd = a->write(path, &f->ticket, e)) < 0) {
    outfile_abort(f);
    return -1;
  }
  return 0;
}

int outfile_open(outfile *f, const char *path, const char *kind, cherr *e)
{
  *f = (outfile){-1, -1, NULL, NULL, NULL};
  char target[PATH_MAX];
  if (sandbox_write_path(path, target, sizeof target, e) != 0)
    return e->code == ERR_DENIED ? open_asked(f, path, kind, e) : -1;
  if (check_kind(path, kind, e) != 0)
    return -1;
  if ((f->target = copy(target)) == NULL || (f->name = copy(path)) == NULL) {
    outfile_abort(f);
    return err_nomem(e);
  }
  if (make_temp(f, e) != 0) {
    outfile_abort(f);
    return -1;
  }
  return 0;
}

int outfile_chart_path(const char *path, int n, char *out, size_t size)
{
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t stem = dot != NULL && dot > base ? (size_t)(dot - base) : strlen(base);
  int m = snprintf(out, size, "%.*s%.*s-%d.svg", (int)(base - path), path, (int)stem, base, n);
  if (n < 1 || n > OUTFILE_CHARTS || *base == '\0' || m < 0 || (size_t)m >= size ||
      strlen(out + (base - path)) > NAME_MAX)
    return -1;
  return 0;
}

/*
 * Why what lies at chart (a chart of the report at main) may not be
 * replaced, or NULL when it may: nothing there, or a regular file with its
 * report beside it.
 */
static const char *in_the_way(const char *chart, const char *main)
{
  struct stat st, report;
  if (lstat(chart, &st) != 0)
    return NULL;
  if (S_ISLNK(st.st_mode))
    return "a symbolic link";
  if (!S_ISREG(st.st_mode))
    return S_ISDIR(st.st_mode) ? "a folder" : "not a regular file";
  if (lstat(main, &report) != 0 || !S_ISREG(report.st_mode))
    return "a file, with no report of that name beside it";
  return NULL;
}

int outfile_open_chart(outfile *f, const char *path, int n, cherr *e)
{
  *f = (outfile){-1, -1, NULL, NULL, NULL};
  char target[PATH_MAX], chart[PATH_MAX], name[PATH_MAX];
  if (sandbox_write_path(path, target, sizeof target, e) != 0)
    return e->code != ERR_DENIED ? -1 :
      err_set(e, ERR_DENIED, "sandbox: a sandboxed report writes the charts of a Markdown report "
                             "only beside the file given with --out, or in the --out folder; run "
                             "it with --out %s to allow them", path);
  if (outfile_chart_path(target, n, chart, sizeof chart) != 0 ||
      outfile_chart_path(path, n, name, sizeof name) != 0)
    return err_set(e, ERR_IO, "%s: cannot name chart %d beside it (at most %d charts, and a "
                              "name of at most %d bytes)", path, n, OUTFILE_CHARTS, NAME_MAX);
  const char *why = in_the_way(chart, target);
  if (why != NULL)
    return err_set(e, ERR_IO, "%s: chart %d of %s goes there, but it is %s; chiso replaces only "
                              "the charts of a report it replaces: move it away or give the "
                              "report another name", name, n, path, why);
  if ((f->target = copy(chart)) == NULL || (f->name = copy(name)) == NULL) {
    outfile_abort(f);
    return err_nomem(e);
  }
  if (make_temp(f, e) != 0) {
    outfile_abort(f);
    return -1;
  }
  return 0;
}

/* Fails the outfile: removes the temporary file and sets e from errno. */
static int fail_io(outfile *f, int saved, cherr *e)
{
  err_set(e, ERR_IO, "%s: %s", f->name, strerror(saved));
  outfile_abort(f);
  return -1;
}

int outfile_write(outfile *f, const void *p, size_t n, cherr *e)
{
  if (f->fd < 0)
    return err_set(e, ERR_IO, "%s: the file is closed", f->name ? f->name : "?");
  if (sandbox_count_output(n) != 0) {
    outfile_abort(f);
    return err_set(e, ERR_HALT, "%s", sandbox_limit_message(LIMIT_OUTPUT));
  }
  const char *s = p;
  while (n > 0) {
    ssize_t done = write(f->fd, s, n);
    if (done < 0 && errno == EINTR)
      continue;
    if (done <= 0)
      return fail_io(f, done < 0 ? errno : EIO, e);
    s += done;
    n -= (size_t)done;
  }
  return 0;
}

/* Flushes the folder's entry of the rename too; a folder that cannot be opened is left be. */
static void sync_folder(const char *target)
{
  const char *slash = strrchr(target, '/');
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%.*s", slash == NULL ? 1 : slash == target ? 1 : (int)(slash - target),
           slash == NULL ? "." : target);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

int outfile_commit(outfile *f, cherr *e)
{
  if (f->fd < 0)
    return err_set(e, ERR_IO, "%s: the file is closed", f->name ? f->name : "?");
  if (fsync(f->fd) != 0 && errno != EINVAL)
    return fail_io(f, errno, e);
  int rc = close(f->fd);
  f->fd = -1;
  if (rc != 0 && errno != EINTR)
    return fail_io(f, errno, e);
  if (f->ticket >= 0) {
    rc = sandbox_get_askers()->commit(f->ticket, e);
    f->ticket = -1;
    outfile_abort(f);
    return rc;
  }
  if (rename(f->temp, f->target) != 0)
    return fail_io(f, errno, e);
  halt_alarm_keeps(f->temp);
  mem_free(f->temp);
  f->temp = NULL;
  sync_folder(f->target);
  outfile_abort(f);
  return 0;
}

void outfile_abort(outfile *f)
{
  if (f->fd >= 0)
    close(f->fd);
  if (f->ticket >= 0)
    sandbox_get_askers()->discard(f->ticket);
  if (f->temp != NULL) {
    unlink(f->temp);
    halt_alarm_keeps(f->temp);
  }
  mem_free(f->temp);
  mem_free(f->target);
  mem_free(f->name);
  *f = (outfile){-1, -1, NULL, NULL, NULL};
}

int outfile_work_folder(const outfile *f, char *out, size_t size, cherr *e)
{
  const char *work = sandbox_active() ? sandbox_work_folder() : NULL;
  const char *slash = f->target ? strrchr(f->target, '/') : NULL;
  int n;
  if (work != NULL)
    n = snprintf(out, size, "%s", work);
  else if (f->target != NULL && slash == NULL)
    n = snprintf(out, size, ".");
  else if (f->target != NULL)
    n = snprintf(out, size, "%.*s", slash == f->target ? 1 : (int)(slash - f->target), f->target);
  else
    return err_set(e, ERR_IO, "%s: chiso has no folder to make its work files in",
                   f->name ? f->name : "?");
  if (n < 0 || (size_t)n >= size)
    return err_set(e, ERR_IO, "%s: %s", f->name ? f->name : "?", strerror(ENAMETOOLONG));
  return 0;
}

int outfile_scratch(const char *dir, char *name, size_t size, cherr *e)
{
  char base[PATH_MAX];
  if (snprintf(base, sizeof base, "%s/chiso", dir) >= (int)sizeof base)
    return err_set(e, ERR_IO, "%s: %s", dir, strerror(ENAMETOOLONG));
  int fd = make_beside(base, name, size, O_RDWR, 0600);
  if (fd < 0)
    return err_set(e, ERR_IO, "cannot make a work file in '%s': %s", dir, strerror(errno));
  return fd;
}

int outfile_write_all(const char *path, const char *kind, const void *text, size_t len, cherr *e)
{
  outfile f;
  if (outfile_open(&f, path, kind, e) != 0)
    return -1;
  if (outfile_write(&f, text, len, e) != 0)
    return -1;
  return outfile_commit(&f, e);
}
