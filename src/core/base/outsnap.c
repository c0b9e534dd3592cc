/*
 * outsnap.c - the files under --out before a run, and the removal of what
 * a failed run made.
 */
#define _XOPEN_SOURCE 700
#include "outsnap.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "outfile.h"

/* Beyond these a folder is not looked into further: what lies deeper stays. */
#define MAX_DEPTH 32
#define MAX_ENTRIES 100000

typedef struct entry {
  char *path;
  struct stat st;
} entry;

struct outsnap {
  char *dir;   /* the folder looked at */
  char *name;  /* a --out file's name; NULL for a --out folder */
  entry *e;
  size_t n, cap;
  int failed;
};

static int add(outsnap *s, const char *path, const struct stat *st)
{
  if (s->n == MAX_ENTRIES)
    return 0;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    entry *e = mem_realloc(s->e, cap * sizeof *e);
    if (e == NULL)
      return s->failed = -1;
    s->e = e;
    s->cap = cap;
  }
  if ((s->e[s->n].path = mem_strndup(path, strlen(path))) == NULL)
    return s->failed = -1;
  s->e[s->n++].st = *st;
  return 0;
}

/* Whether name holds the name of one of the charts of a Markdown report named report. */
static int holds_chart(const char *name, const char *report)
{
  char chart[PATH_MAX];
  for (int n = 1; n <= OUTFILE_CHARTS; n++)
    if (outfile_chart_path(report, n, chart, sizeof chart) == 0 && strstr(name, chart) != NULL)
      return 1;
  return 0;
}

/*
 * Whether name is looked at: all of a --out folder; beside a --out file,
 * names holding its name or one of its charts' (outfile.h), which are the
 * files written for it and their temporary files.
 */
static int watched(const outsnap *s, const char *name, int depth)
{
  return s->name == NULL ? 1 : depth == 0 && (strstr(name, s->name) != NULL ||
                                              holds_chart(name, s->name));
}

/* Calls fn on each watched entry of dir (path, lstat, depth). */
static void walk(const outsnap *s, const char *dir, int depth,
                 void (*fn)(const outsnap *s, const char *path, const struct stat *st, int depth, void *ud),
                 void *ud)
{
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  struct dirent *de;
  char path[PATH_MAX];
  while ((de = readdir(d)) != NULL) {
    struct stat st;
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || !watched(s, de->d_name, depth))
      continue;
    if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path || lstat(path, &st) != 0)
      continue;
    fn(s, path, &st, depth, ud);
  }
  closedir(d);
}

static void note(const outsnap *s, const char *path, const struct stat *st, int depth, void *ud)
{
  (void)ud;
  outsnap *w = (outsnap *)s;
  if (w->failed || add(w, path, st) != 0)
    return;
  if (S_ISDIR(st->st_mode) && depth + 1 < MAX_DEPTH)
    walk(s, path, depth + 1, note, NULL);
}

static int by_path(const void *a, const void *b)
{
  return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static char *copy(const char *s, size_t n)
{
  return mem_strndup(s, n);
}

outsnap *outsnap_take(const char *target)
{
  outsnap *s = mem_calloc(1, sizeof *s);
  if (s == NULL)
    return NULL;
  struct stat st;
  const char *slash = strrchr(target, '/');
  if (stat(target, &st) == 0 && S_ISDIR(st.st_mode))
    s->dir = copy(target, strlen(target));
  else if (slash == NULL)
    s->dir = copy(".", 1), s->name = copy(target, strlen(target));
  else
    s->dir = copy(target, slash == target ? 1 : (size_t)(slash - target)),
    s->name = copy(slash + 1, strlen(slash + 1));
  if (s->dir == NULL || (s->name == NULL && !(stat(target, &st) == 0 && S_ISDIR(st.st_mode))))
    s->failed = -1;
  if (!s->failed)
    walk(s, s->dir, 0, note, NULL);
  if (s->failed) {
    outsnap_free(s);
    return NULL;
  }
  if (s->n > 1)
    qsort(s->e, s->n, sizeof *s->e, by_path);
  return s;
}

static const entry *find(const outsnap *s, const char *path)
{
  entry key = {(char *)path, {0}};
  return s->n == 0 ? NULL : bsearch(&key, s->e, s->n, sizeof *s->e, by_path);
}

/* Whether the run made or replaced it; a folder that was there is looked into instead. */
static int is_new(const entry *was, const struct stat *st)
{
  if (was == NULL || was->st.st_ino != st->st_ino || was->st.st_dev != st->st_dev ||
      (was->st.st_mode & S_IFMT) != (st->st_mode & S_IFMT))
    return 1;
  if (S_ISDIR(st->st_mode))
    return 0;
  return was->st.st_size != st->st_size || was->st.st_mtim.tv_sec != st->st_mtim.tv_sec ||
         was->st.st_mtim.tv_nsec != st->st_mtim.tv_nsec;
}

static void remove_tree(const outsnap *s, const char *path, const struct stat *st, int depth, void *ud)
{
  (void)s;
  size_t *removed = ud;
  if (S_ISDIR(st->st_mode)) {
    outsnap all = {0};
    if (depth + 1 < MAX_DEPTH * 2)
      walk(&all, path, depth + 1, remove_tree, ud);
    if (rmdir(path) == 0)
      (*removed)++;
  } else if (unlink(path) == 0) {
    (*removed)++;
  }
}

static void undo(const outsnap *s, const char *path, const struct stat *st, int depth, void *ud)
{
  if (is_new(find(s, path), st))
    remove_tree(s, path, st, depth, ud);
  else if (S_ISDIR(st->st_mode) && depth + 1 < MAX_DEPTH)
    walk(s, path, depth + 1, undo, ud);
}

size_t outsnap_undo(const outsnap *s)
{
  size_t removed = 0;
  if (s != NULL)
    walk(s, s->dir, 0, undo, &removed);
  return removed;
}

void outsnap_free(outsnap *s)
{
  if (s == NULL)
    return;
  for (size_t k = 0; k < s->n; k++)
    mem_free(s->e[k].path);
  mem_free(s->e);
  mem_free(s->dir);
  mem_free(s->name);
  mem_free(s);
}
