/*
 * libcsv_floor.c - the floor for any loader built on libcsv: libcsv parses
 * the file with callbacks that do nothing, with the options, block size and
 * reads of chiso's reader (src/core/csv/csvread.c), and the time is printed:
 * the wall clock's, and the processor time, which other work on a shared
 * machine hardly changes (bench/load.lua prints chiso's load the same way).
 *
 *   libcsv_floor FILE     prints "<seconds> <records> <processor seconds>"
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* src/core/csv/csvread.c's BLOCK, the size it reads a large file in. */
#define BLOCK ((size_t)1 << 18)

static void on_field(void *data, size_t len, void *ud)
{
  (void)data;
  (void)len;
  (void)ud;
}

/* Counts records, so the run shows it saw the whole file; an increment costs nothing beside parsing. */
static void on_record(int c, void *ud)
{
  (void)c;
  ++*(size_t *)ud;
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int parse_file(FILE *in, size_t *records)
{
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL) != 0)
    return -1;
  csv_set_delim(&p, ',');
  char *buf = malloc(BLOCK);
  int rc = buf == NULL ? -1 : 0;
  size_t n;
  while (rc == 0 && (n = fread(buf, 1, BLOCK, in)) > 0)
    if (csv_parse(&p, buf, n, on_field, on_record, records) != n)
      rc = -1;
  if (rc == 0 && (ferror(in) || csv_fini(&p, on_field, on_record, records) != 0))
    rc = -1;
  csv_free(&p);
  free(buf);
  return rc;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: libcsv_floor FILE\n");
    return 2;
  }
  double start = now();
  clock_t cpu = clock();
  FILE *in = fopen(argv[1], "rb");
  if (in == NULL) {
    fprintf(stderr, "libcsv_floor: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  size_t records = 0;
  int rc = parse_file(in, &records);
  fclose(in);
  if (rc != 0) {
    fprintf(stderr, "libcsv_floor: %s: parse failed\n", argv[1]);
    return 1;
  }
  printf("%.6f %zu %.6f\n", now() - start, records, (double)(clock() - cpu) / CLOCKS_PER_SEC);
  return 0;
}
