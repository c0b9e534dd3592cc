/*
 * gen.c - writes the benchmark's panel CSV: entity,region,year,score,score2
 * for N entities over Y years, the same bytes for the same arguments on any
 * machine (its own PRNG, integer arithmetic only, no locale); or the table of
 * those entities that the plain workload joins: entity,province,population.
 *
 *   gen N Y SEED OUT [GRAIN]      e.g. gen 20000 100 7 build/bench/data/panel-2m.csv
 *   gen entities N SEED OUT       e.g. gen entities 20000 7 build/bench/data/entities-2m.csv
 *
 * Scores are hundredths from 0.00 to 100.00, so with thousands of entities a
 * year many of them tie; score2 follows score with noise; about 1% of the
 * (entity, year) rows are left out, so a series has gaps that a lag must see.
 * GRAIN (hundredths, default 1) rounds both scores to its multiples, so a
 * small panel for the tests has ties too (GRAIN 100 gives whole points).
 * The entity table gives each entity one of 34 provinces (P01 to P34) and a
 * population, and leaves out about 1% of the entities, so a join must drop
 * their rows (or keep them with nulls).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_YEAR 2024
#define MISSING_PER_10000 100
#define NPROVINCES 34

static const char *const regions[] = {
  "Delta", "Coast", "Hills", "Plain", "Lakes", "Ridge", "Vale", "Marsh", "Cape",
};
#define NREGIONS (sizeof regions / sizeof regions[0])

/* splitmix64 (Steele, Lea and Flood 2014): one 64-bit state, good enough spread for test data. */
static uint64_t next(uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* A uniform integer in [0, n); the modulo bias is far below anything the benchmark sees. */
static long below(uint64_t *state, long n)
{
  return (long)(next(state) % (uint64_t)n);
}

/* Roughly normal noise with standard deviation about sd hundredths: a sum of four uniforms. */
static long noise(uint64_t *state, long sd)
{
  long sum = 0;
  for (int k = 0; k < 4; k++)
    sum += below(state, 2 * sd * 173 / 100 + 1) - sd * 173 / 100;
  return sum / 2;
}

static long clamp(long v, long lo, long hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

/* Writes hundredths (never negative here) as a decimal with exactly two digits after the point. */
static void put_hundredths(FILE *out, long v)
{
  fprintf(out, "%ld.%02ld", v / 100, v % 100);
}

static long round_to(long v, long grain)
{
  return (v + grain / 2) / grain * grain;
}

/* Digits in an entity's id: E00000 to E99999, more for more entities. */
static int id_width(long n)
{
  int width = 5;
  for (long m = 100000; m < n; m *= 10)
    width++;
  return width;
}

static int write_panel(FILE *out, long n, long years, uint64_t seed, long grain)
{
  uint64_t state = seed;
  int width = id_width(n);
  fputs("entity,region,year,score,score2\n", out);
  for (long e = 0; e < n; e++) {
    const char *region = regions[below(&state, NREGIONS)];
    long level = 2000 + below(&state, 6001); /* the entity's usual score, 20.00 to 80.00 */
    for (long y = LAST_YEAR - years + 1; y <= LAST_YEAR; y++) {
      long score = round_to(clamp(level + noise(&state, 1200), 0, 10000), grain);
      long score2 = round_to(clamp(score * 4 / 5 + 1000 + noise(&state, 800), 0, 10000), grain);
      level = clamp(level + noise(&state, 150), 0, 10000); /* entities drift, so ranks move */
      if (below(&state, 10000) < MISSING_PER_10000)
        continue;
      fprintf(out, "E%0*ld,%s,%ld,", width, e, region, y);
      put_hundredths(out, score);
      fputc(',', out);
      put_hundredths(out, score2);
      fputc('\n', out);
    }
  }
  return ferror(out) ? -1 : 0;
}

/* Its own stream of the seed (the panel's draws stay as they were), so the table is
 * independent of the years and grain the panel was made with. */
static int write_entities(FILE *out, long n, uint64_t seed)
{
  uint64_t state = seed ^ 0x5EED0E4717E5u;
  int width = id_width(n);
  fputs("entity,province,population\n", out);
  for (long e = 0; e < n; e++) {
    long province = 1 + below(&state, NPROVINCES);
    long population = 1000 + below(&state, 499001);
    if (below(&state, 10000) < MISSING_PER_10000)
      continue;
    fprintf(out, "E%0*ld,P%02ld,%ld\n", width, e, province, population);
  }
  return ferror(out) ? -1 : 0;
}

/* A positive count from text, or -1. */
static long count_arg(const char *s)
{
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  return errno == 0 && *s != '\0' && *end == '\0' && v > 0 ? v : -1;
}

/* A seed from text; 0 when it is not an integer (*ok set to 0). */
static uint64_t seed_arg(const char *s, int *ok)
{
  char *end;
  errno = 0;
  uint64_t seed = strtoull(s, &end, 10);
  *ok = errno == 0 && *s != '\0' && *end == '\0';
  return seed;
}

/* Writes path through write (a panel or an entity table); 0, or 1 after a message. */
static int write_file(const char *path, int (*write)(FILE *, const long *, uint64_t),
                      const long *args, uint64_t seed)
{
  FILE *out = fopen(path, "wb");
  if (out == NULL) {
    fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
    return 1;
  }
  static char buf[1 << 20];
  setvbuf(out, buf, _IOFBF, sizeof buf);
  int rc = write(out, args, seed);
  if (fclose(out) != 0 || rc != 0) {
    fprintf(stderr, "gen: %s: write failed\n", path);
    return 1;
  }
  return 0;
}

/* args: entities, years, grain. */
static int panel_to(FILE *out, const long *args, uint64_t seed)
{
  return write_panel(out, args[0], args[1], seed, args[2]);
}

/* args: entities. */
static int entities_to(FILE *out, const long *args, uint64_t seed)
{
  return write_entities(out, args[0], seed);
}

static int usage(void)
{
  fprintf(stderr, "usage: gen N Y SEED OUT [GRAIN] | gen entities N SEED OUT\n"
                  "  N, Y and GRAIN positive (Y at most 1000, GRAIN 10000), SEED an integer\n");
  return 2;
}

int main(int argc, char **argv)
{
  int ok;
  if (argc == 5 && strcmp(argv[1], "entities") == 0) {
    long n = count_arg(argv[2]);
    uint64_t seed = seed_arg(argv[3], &ok);
    return n < 0 || !ok ? usage() : write_file(argv[4], entities_to, &n, seed);
  }
  if (argc != 5 && argc != 6)
    return usage();
  long args[3] = {count_arg(argv[1]), count_arg(argv[2]), argc == 6 ? count_arg(argv[5]) : 1};
  uint64_t seed = seed_arg(argv[3], &ok);
  if (args[0] < 0 || args[1] < 0 || args[1] > 1000 || args[2] < 0 || args[2] > 10000 || !ok)
    return usage();
  return write_file(argv[4], panel_to, args, seed);
}
