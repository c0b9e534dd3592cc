/*
 * test_runlimits.c - the limits' options read from their text (runlimits.h),
 * standard output cut at the output limit (outlimit.h), and what a failed
 * sandboxed run leaves under --out taken away (outsnap.h).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outlimit.h"
#include "outsnap.h"
#include "runlimits.h"
#include "sandbox.h"
#include "unit.h"

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  if (f != NULL) {
    fputs(text, f);
    fclose(f);
  }
}

static int exists(const char *path)
{
  struct stat st;
  return lstat(path, &st) == 0;
}

static void limit_options(void)
{
  CASE("limit options: sizes with K, M or G, seconds, calls") {
    run_limits l = {0, 0, 0, 0};
    cherr e;
    CHECK_INT(limits_set(&l, "max-memory", "512M", &e), 0);
    CHECK_INT(l.memory, 512u << 20);
    CHECK_INT(limits_set(&l, "max-output", "1.5K", &e), 0);
    CHECK_INT(l.output, 1536);
    CHECK_INT(limits_set(&l, "max-output", "100", &e), 0);
    CHECK_INT(l.output, 100);
    CHECK_INT(limits_set(&l, "timeout", "2.5", &e), 0);
    CHECK_DBL(l.seconds, 2.5);
    CHECK_INT(limits_set(&l, "max-depth", "50", &e), 0);
    CHECK_INT(l.depth, 50);
    CHECK(limits_any(&l));
  }
  CASE("bad limit options are refused with the option's name") {
    run_limits l = {0, 0, 0, 0};
    cherr e;
    const char *const bad[][2] = {{"max-memory", "lots"}, {"max-memory", "0"}, {"max-memory", "10X"},
                                  {"max-memory", "-5M"}, {"timeout", "soon"}, {"timeout", "0"},
                                  {"timeout", "3s"}, {"max-depth", "1.5"}, {"max-depth", "0"},
                                  {"max-output", ""}};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
      if (limits_set(&l, bad[k][0], bad[k][1], &e) == 0)
        unit_fail(__FILE__, __LINE__, "--%s %s accepted", bad[k][0], bad[k][1]);
    limits_set(&l, "max-memory", "lots", &e);
    CHECK_STR(e.msg, "--max-memory must be a size in bytes with an optional K, M or G, not 'lots'");
    CHECK(!limits_any(&l));
  }
  CASE("a sandboxed run's defaults fill in only the limits not given") {
    run_limits l = {0, 0, 0, 0};
    cherr e;
    limits_set(&l, "timeout", "3", &e);
    limits_defaults(&l);
    CHECK_DBL(l.seconds, 3);
    CHECK_INT(l.memory, LIMITS_MEMORY);
    CHECK_INT(l.output, LIMITS_OUTPUT);
    CHECK_INT(l.depth, LIMITS_DEPTH);
    char how[64];
    limits_how(&l, LIMIT_TIME, how, sizeof how);
    CHECK_STR(how, "--timeout 3 s");
  }
}

/* In a child: stdout counted, 10 bytes allowed, 100 written; returns what reached the file. */
static int cut_stdout(const char *path)
{
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    if (outlimit_install() != 0)
      _exit(2);
    sandbox_set_output_limit((size_t)1 << 40); /* earlier cases counted some output already */
    sandbox_set_output_limit(((size_t)1 << 40) - sandbox_output_room() + 10);
    for (int k = 0; k < 10; k++)
      printf("%s", "0123456789");
    fflush(stdout);
    _exit(sandbox_hit() == LIMIT_OUTPUT && outlimit_emit(stdout, "x", 1) != 0 ? 0 : 3);
  }
  int status;
  waitpid(pid, &status, 0);
  struct stat st;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 && stat(path, &st) == 0 ? (int)st.st_size : -1;
}

static void counted_output(void)
{
  CASE("standard output stops at the output limit, and the limit is recorded") {
    char path[256];
    snprintf(path, sizeof path, "/tmp/chiso-outlimit-%d", (int)getpid());
    CHECK_INT(cut_stdout(path), 10);
    unlink(path);
  }
}

static void out_snapshot(void)
{
  char dir[256], path[400];
  snprintf(dir, sizeof dir, "/tmp/chiso-outsnap-%d", (int)getpid());
  mkdir(dir, 0700);
  CASE("a failed run's new and replaced files under a --out folder are removed, old ones kept") {
    snprintf(path, sizeof path, "%s/old.csv", dir);
    write_file(path, "old\n");
    snprintf(path, sizeof path, "%s/kept", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/kept/inside.csv", dir);
    write_file(path, "inside\n");
    snprintf(path, sizeof path, "%s/replaced.csv", dir);
    write_file(path, "before\n");
    outsnap *s = outsnap_take(dir);
    CHECK(s != NULL);
    snprintf(path, sizeof path, "%s/new.csv", dir);
    write_file(path, "new\n");
    char from[400];
    snprintf(from, sizeof from, "%s/replaced.csv.tmp", dir);
    write_file(from, "after\n");
    snprintf(path, sizeof path, "%s/replaced.csv", dir);
    rename(from, path);
    snprintf(path, sizeof path, "%s/made", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/made/deep.csv", dir);
    write_file(path, "deep\n");
    snprintf(path, sizeof path, "%s/kept/added.csv", dir);
    write_file(path, "added\n");
    CHECK_INT(outsnap_undo(s), 5);
    outsnap_free(s);
    const char *const gone[] = {"new.csv", "replaced.csv", "made", "kept/added.csv"};
    const char *const kept[] = {"old.csv", "kept/inside.csv"};
    for (size_t k = 0; k < 4; k++) {
      snprintf(path, sizeof path, "%s/%s", dir, gone[k]);
      if (exists(path))
        unit_fail(__FILE__, __LINE__, "%s is still there", gone[k]);
    }
    for (size_t k = 0; k < 2; k++) {
      snprintf(path, sizeof path, "%s/%s", dir, kept[k]);
      if (!exists(path))
        unit_fail(__FILE__, __LINE__, "%s was removed", kept[k]);
    }
  }
  CASE("for a --out file, the file and its temporary files go; its neighbours stay") {
    char target[400], temp[400], other[400];
    snprintf(target, sizeof target, "%s/report.html", dir);
    snprintf(temp, sizeof temp, "%s/.report.html.x1y2", dir);
    snprintf(other, sizeof other, "%s/neighbour.html", dir);
    outsnap *s = outsnap_take(target);
    write_file(target, "<p>\n");
    write_file(temp, "<p\n");
    write_file(other, "mine\n");
    CHECK_INT(outsnap_undo(s), 2);
    outsnap_free(s);
    CHECK(!exists(target));
    CHECK(!exists(temp));
    CHECK(exists(other));
    unlink(other);
  }
  const char *const left[] = {"old.csv", "kept/inside.csv", "kept", NULL};
  for (int k = 0; left[k] != NULL; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, left[k]);
    remove(path);
  }
  rmdir(dir);
}

void test_runlimits(void)
{
  limit_options();
  counted_output();
  out_snapshot();
}
