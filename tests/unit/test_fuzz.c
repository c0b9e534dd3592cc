/*
 * test_fuzz.c - replays the inputs that once broke the CSV fuzz target
 * (tests/fuzz/regressions/csv/), so the ordinary tests keep them fixed
 * without libFuzzer; plus the fixes they led to, checked by hand.
 *
 * The target's own file is included, not linked, so each input runs through
 * exactly the checks the fuzzer made: read with the options its first bytes
 * choose, write, read back, write again.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_csv.c"
#include "isolate.h"
#include "unit.h"

#define REGRESSIONS "tests/fuzz/regressions/csv"

typedef struct replay {
  const char *path;
  char why[700];
} replay;

/* In a child: 0 when the input keeps every promise, 2 when it breaks one (why on stdout). */
static int replay_one(void *arg)
{
  replay *r = arg;
  FILE *f = fopen(r->path, "rb");
  if (f == NULL)
    return 3;
  static uint8_t data[1 << 16];
  size_t n = fread(data, 1, sizeof data, f);
  fclose(f);
  size_t before = mem_used();
  const char *broken = fuzz_csv_check(data, n, r->why, sizeof r->why);
  if (broken == NULL && mem_used() != before)
    broken = "memory still counted as in use";
  if (broken != NULL) {
    printf("# %s: %s\n", r->path, broken);
    return 2;
  }
  return 0;
}

#define MAX_REGRESSIONS 64

/* The names of the saved regressions, read before any child is made (none inherits the open folder). */
static size_t list_regressions(char names[][256])
{
  size_t n = 0;
  DIR *dp = opendir(REGRESSIONS);
  struct dirent *ent;
  while (dp != NULL && n < MAX_REGRESSIONS && (ent = readdir(dp)) != NULL)
    if (ent->d_name[0] != '.')
      snprintf(names[n++], 256, "%s", ent->d_name);
  if (dp != NULL)
    closedir(dp);
  return n;
}

static void test_replays(void)
{
  static char names[MAX_REGRESSIONS][256];
  size_t n = list_regressions(names);
  CASE("fuzz: the saved CSV regressions are there")
  {
    CHECK(n > 0);
  }
  for (size_t k = 0; k < n; k++) {
    char name[200], path[600];
    snprintf(name, sizeof name, "fuzz: CSV regression %.100s reads, writes and reads back", names[k]);
    snprintf(path, sizeof path, "%s/%.255s", REGRESSIONS, names[k]);
    CASE(name)
    {
      replay r = {path, ""};
      char why[200];
      int rc = unit_in_child(replay_one, &r, why, sizeof why);
      if (rc < 0)
        unit_fail(__FILE__, __LINE__, "%s", why);
      else if (rc != 0)
        unit_fail(__FILE__, __LINE__, "exit %d (the broken promise is above)", rc);
    }
  }
}

static int text_is(const fuzz_text *t, const char *s)
{
  return t->len == strlen(s) && memcmp(t->p, s, t->len) == 0;
}

static void test_fixes(void)
{
  CASE("fuzz: a first column named U+FEFF is quoted, so it is not read back as a BOM")
  {
    /* bom_as_first_name.bin: a blank line, then a header holding only U+FEFF. */
    static const char text[] = "\r\n\xEF\xBB\xBF\n";
    csv_options o;
    csvio_options_init(&o);
    cherr e;
    dataset *d = csvio_read_buffer("t", text, sizeof text - 1, &o, NULL, &e);
    CHECK(d != NULL);
    fuzz_text out = {0};
    if (d != NULL) {
      CHECK_STR(d->names[0], "\xEF\xBB\xBF");
      CHECK_INT(csvio_write(d, &(csv_write_options){.delimiter = ','}, fuzz_sink, &out, &e), 0);
      CHECK(text_is(&out, "\"\xEF\xBB\xBF\"\n"));
      ds_unref(d);
    }
    free(out.p);
  }
}

void test_fuzz(void)
{
  test_fixes();
  test_replays();
}
