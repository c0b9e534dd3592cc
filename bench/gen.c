/*
 * gen.c - writes the benchmark's panel CSV: entity,region,year,score,score2
 * for N entities over Y years, the same bytes for the same arguments on any
 * machine (its own PRNG, integer arithmetic only, no locale).
 *
 *   gen N Y SEED OUT [GRAIN]      e.g. gen 20000 100 7 bench/data/panel-2m.csv
 *
 * Scores are hundredths from 0.00 to 100.00, so with thousands of entities a
 * year many of them tie; score2 follows score with noise; about 1% of the
 * (entity, year) rows are left out, so a series has gaps that a lag must see.
 * GRAIN (hundredths, default 1) rounds both scores to its multiples, so a
 * small panel for the tests has ties too (GRAIN 100 gives whole points).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_YEAR 2024
#define MISSING_PER_10000 100

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

static int write_panel(FILE *out, long n, long years, uint64_t seed, long grain)
{
  uint64_t state = seed;
  int width = 5; /* digits in an entity's id: E00000 to E99999, more for more entities */
  for (long m = 100000; m < n; m *= 10)
    width++;
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

/* A positive count from text, or -1. */
static long count_arg(const char *s)
{
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  return errno == 0 && *s != '\0' && *end == '\0' && v > 0 ? v : -1;
}

int main(int argc, char **argv)
{
  if (argc != 5 && argc != 6) {
    fprintf(stderr, "usage: gen N Y SEED OUT [GRAIN]\n");
    return 2;
  }
  long n = count_arg(argv[1]), years = count_arg(argv[2]);
  long grain = argc == 6 ? count_arg(argv[5]) : 1;
  char *end;
  errno = 0;
  uint64_t seed = strtoull(argv[3], &end, 10);
  if (n < 0 || years < 0 || years > 1000 || grain < 0 || grain > 10000 || errno != 0 ||
      *end != '\0') {
    fprintf(stderr, "gen: N, Y and GRAIN must be positive (Y at most 1000, GRAIN 10000), "
                    "SEED an integer\n");
    return 2;
  }
  FILE *out = fopen(argv[4], "wb");
  if (out == NULL) {
    fprintf(stderr, "gen: %s: %s\n", argv[4], strerror(errno));
    return 1;
  }
  static char buf[1 << 20];
  setvbuf(out, buf, _IOFBF, sizeof buf);
  int rc = write_panel(out, n, years, seed, grain);
  if (fclose(out) != 0 || rc != 0) {
    fprintf(stderr, "gen: %s: write failed\n", argv[4]);
    return 1;
  }
  return 0;
}
