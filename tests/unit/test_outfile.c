/*
 * test_outfile.c - every file chiso writes: made beside its target under a
 * new name, never through a link, renamed over the target, removed on
 * failure, with the mode the umask gives a new file.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "outfile.h"
#include "unit.h"

/* Names in dir other than . and .., sorted, joined by spaces. */
static void names_in(const char *dir, char *buf, size_t size)
{
  struct dirent **list;
  buf[0] = '\0';
  int n = scandir(dir, &list, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    size_t len = strlen(buf);
    if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
      snprintf(buf + len, size - len, "%s%s", len ? " " : "", name);
    free(list[i]);
  }
  if (n >= 0)
    free(list);
}

static void slurp(const char *path, char *buf, size_t size)
{
  buf[0] = '\0';
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return;
  size_t n = fread(buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose(f);
}

static void remove_all(const char *dir, const char *const names[])
{
  char path[256];
  for (size_t k = 0; names[k] != NULL; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[k]);
    unlink(path);
  }
  rmdir(dir);
}

void test_outfile(void)
{
  CASE("outfile: a report's charts are named from its own name, its extension dropped")
  {
    char out[64];
    /* NAME.EXT -> NAME-N.svg in the same folder, N from 1 to OUTFILE_CHARTS (32) */
    CHECK_INT(outfile_chart_path("out/bao-cao.md", 1, out, sizeof out), 0);
    CHECK_STR(out, "out/bao-cao-1.svg");
    CHECK_INT(outfile_chart_path("/a.b/r.tar.md", 32, out, sizeof out), 0);
    CHECK_STR(out, "/a.b/r.tar-32.svg"); /* only the last extension goes; a dot in the folder stays */
    CHECK_INT(outfile_chart_path("r", 2, out, sizeof out), 0);
    CHECK_STR(out, "r-2.svg");
    CHECK_INT(outfile_chart_path("d/.md", 3, out, sizeof out), 0);
    CHECK_STR(out, "d/.md-3.svg"); /* a name that is all extension is kept whole */
    CHECK_INT(outfile_chart_path("r.md", 0, out, sizeof out), -1);
    CHECK_INT(outfile_chart_path("r.md", 33, out, sizeof out), -1);
    CHECK_INT(outfile_chart_path("d/", 1, out, sizeof out), -1);
    CHECK_INT(outfile_chart_path("a-rather-long-name.md", 1, out, 16), -1);
  }
  CASE("outfile: a link at the target is replaced by the file, and what it pointed to is untouched")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX", target[128], victim[128], text[64], names[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(target, sizeof target, "%s/report.html", dir);
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    FILE *f = fopen(victim, "w");
    fputs("keep\n", f);
    fclose(f);
    CHECK_INT(symlink(victim, target), 0);
    cherr e = {ERR_OK, ""};
    CHECK_INT(outfile_write_all(target, NULL, "new\n", 4, &e), 0);
    slurp(victim, text, sizeof text);
    CHECK_STR(text, "keep\n");
    struct stat st;
    CHECK(lstat(target, &st) == 0 && S_ISREG(st.st_mode));
    slurp(target, text, sizeof text);
    CHECK_STR(text, "new\n");
    names_in(dir, names, sizeof names);
    CHECK_STR(names, "report.html victim.txt");
    remove_all(dir, (const char *const[]){"report.html", "victim.txt", NULL});
  }

  CASE("outfile: links named like a temporary file (report.csv.part) are never written through")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX", path[128], victim[128], text[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    FILE *f = fopen(victim, "w");
    fputs("keep\n", f);
    fclose(f);
    const char *const links[] = {"report.csv.part", "report.csv.tmp", ".report.csv.tmp", NULL};
    for (size_t k = 0; links[k] != NULL; k++) {
      snprintf(path, sizeof path, "%s/%s", dir, links[k]);
      CHECK_INT(symlink(victim, path), 0);
    }
    snprintf(path, sizeof path, "%s/report.csv", dir);
    cherr e = {ERR_OK, ""};
    CHECK_INT(outfile_write_all(path, "csv", "a\n1\n", 4, &e), 0);
    slurp(victim, text, sizeof text);
    CHECK_STR(text, "keep\n");
    slurp(path, text, sizeof text);
    CHECK_STR(text, "a\n1\n");
    remove_all(dir, (const char *const[]){"report.csv", "report.csv.part", "report.csv.tmp",
                                          ".report.csv.tmp", "victim.txt", NULL});
  }

  CASE("outfile: the temporary file is new, beside the target, and gone after abort")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX", path[128], names[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    size_t before = mem_used();
    outfile a, b;
    cherr e = {ERR_OK, ""};
    CHECK_INT(outfile_open(&a, path, NULL, &e), 0);
    CHECK_INT(outfile_open(&b, path, NULL, &e), 0);
    CHECK(strcmp(a.temp, b.temp) != 0); /* two writers never share a name */
    CHECK(strncmp(a.temp, dir, strlen(dir)) == 0 && strchr(a.temp + strlen(dir) + 1, '/') == NULL);
    CHECK_INT(outfile_write(&a, "half", 4, &e), 0);
    outfile_abort(&a);
    outfile_abort(&a); /* twice is safe */
    outfile_abort(&b);
    names_in(dir, names, sizeof names);
    CHECK_STR(names, "");
    CHECK_INT(mem_used(), before);
    rmdir(dir);
  }

  CASE("outfile: a folder that does not exist fails with ERR_IO naming the path, leaving nothing")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX", path[128], names[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/missing/out.txt", dir);
    size_t before = mem_used();
    cherr e = {ERR_OK, ""};
    CHECK_INT(outfile_write_all(path, NULL, "x", 1, &e), -1);
    CHECK_INT(e.code, ERR_IO);
    CHECK(strstr(e.msg, "missing/out.txt") != NULL);
    names_in(dir, names, sizeof names);
    CHECK_STR(names, "");
    CHECK_INT(mem_used(), before);
    rmdir(dir);
  }

  CASE("outfile: a failed rename (the target is a folder) removes the temporary file")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX", path[128], names[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/taken", dir);
    CHECK_INT(mkdir(path, 0755), 0);
    cherr e = {ERR_OK, ""};
    CHECK_INT(outfile_write_all(path, NULL, "x", 1, &e), -1);
    CHECK_INT(e.code, ERR_IO);
    names_in(dir, names, sizeof names);
    CHECK_STR(names, "taken");
    rmdir(path);
    rmdir(dir);
  }

  CASE("outfile: the file gets 0666 less the umask, as any new file does")
  {
    char dir[] = "/tmp/chiso-unit-XXXXXX", path[128];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/m.txt", dir);
    cherr e = {ERR_OK, ""};
    mode_t old = umask(022);
    struct stat st;
    CHECK_INT(outfile_write_all(path, NULL, "x", 1, &e), 0);
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0644);
    umask(077);
    CHECK_INT(outfile_write_all(path, NULL, "x", 1, &e), 0);
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    umask(old);
    unlink(path);
    rmdir(dir);
  }
}
