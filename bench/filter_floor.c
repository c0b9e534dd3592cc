/*
 * filter_floor.c - the plain C loops that chiso's comparisons and `where`
 * are measured against (bench/filters, docs/benchmark.md).
 *
 * Reads a panel (entity,region,year,score,score2) into the layout chiso
 * gives it (entity and region as dictionary ids of 2 and 1 bytes, the year
 * in 2 bytes, the scores as doubles), then times, for each year of the
 * panel in turn:
 *
 *   eq     out[i] = year[i] == y over every row, into an array made once
 *          beforehand (already in memory, so no page is mapped while timed)
 *   where  the rows whose year is y, then those rows' five values gathered
 *          into arrays made once beforehand
 *
 * and prints the median milliseconds of each: "eq_ms 0.25", "where_ms 0.9".
 * Nothing else is timed: no allocation, no result object, no interpreter.
 *
 *   build/bench/filter_floor bench/data/panel-2m.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct panel {
  size_t n, cap;
  uint16_t *entity;
  uint8_t *region;
  int16_t *year;
  double *score, *score2;
} panel;

/* A dictionary of short strings by open addressing: ids in order of first appearance. */
typedef struct names {
  char (*text)[32];
  uint32_t *slot; /* 0 empty, else id + 1 */
  uint32_t count, mask;
} names;

static void die(const char *what)
{
  fprintf(stderr, "filter_floor: %s\n", what);
  exit(1);
}

static void *grow(void *p, size_t n, size_t size)
{
  p = realloc(p, n * size);
  if (p == NULL)
    die("out of memory");
  return p;
}

static uint32_t intern(names *d, const char *s, size_t len)
{
  uint32_t h = 2166136261u;
  for (size_t k = 0; k < len; k++)
    h = (h ^ (unsigned char)s[k]) * 16777619u;
  if (len >= 32)
    die("a name longer than 31 bytes");
  for (uint32_t i = h & d->mask;; i = (i + 1) & d->mask) {
    uint32_t id = d->slot[i];
    if (id == 0) {
      if (d->count * 2 >= d->mask)
        die("too many distinct names");
      memcpy(d->text[d->count], s, len);
      d->text[d->count][len] = '\0';
      d->slot[i] = ++d->count;
      return d->count - 1;
    }
    if (strncmp(d->text[id - 1], s, len) == 0 && d->text[id - 1][len] == '\0')
      return id - 1;
  }
}

static void names_init(names *d, uint32_t slots)
{
  d->text = grow(NULL, slots, sizeof *d->text);
  d->slot = calloc(slots, sizeof *d->slot);
  if (d->slot == NULL)
    die("out of memory");
  d->count = 0;
  d->mask = slots - 1;
}

/* One line "E00001,Plain,1925,67.85,59.10" into row p->n. */
static void add_row(panel *p, names *entities, names *regions, char *line)
{
  char *comma1 = strchr(line, ','), *comma2 = comma1 ? strchr(comma1 + 1, ',') : NULL;
  if (comma2 == NULL)
    die("a line without five fields");
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 1 << 16;
    p->entity = grow(p->entity, p->cap, sizeof *p->entity);
    p->region = grow(p->region, p->cap, sizeof *p->region);
    p->year = grow(p->year, p->cap, sizeof *p->year);
    p->score = grow(p->score, p->cap, sizeof *p->score);
    p->score2 = grow(p->score2, p->cap, sizeof *p->score2);
  }
  uint32_t e = intern(entities, line, (size_t)(comma1 - line));
  uint32_t r = intern(regions, comma1 + 1, (size_t)(comma2 - comma1 - 1));
  char *end;
  long year = strtol(comma2 + 1, &end, 10);
  double s1 = strtod(end + 1, &end);
  double s2 = strtod(end + 1, &end);
  if (e > UINT16_MAX || r > UINT8_MAX || year < INT16_MIN || year > INT16_MAX)
    die("values beyond the layout of the 2 M-row panel");
  p->entity[p->n] = (uint16_t)e;
  p->region[p->n] = (uint8_t)r;
  p->year[p->n] = (int16_t)year;
  p->score[p->n] = s1;
  p->score2[p->n] = s2;
  p->n++;
}

static void load(panel *p, const char *path)
{
  FILE *f = fopen(path, "r");
  if (f == NULL)
    die("cannot open the panel");
  names entities, regions;
  names_init(&entities, 1 << 18);
  names_init(&regions, 1 << 8);
  char line[256];
  if (fgets(line, sizeof line, f) == NULL)
    die("an empty file");
  while (fgets(line, sizeof line, f) != NULL)
    add_row(p, &entities, &regions, line);
  fclose(f);
  free(entities.text);
  free(entities.slot);
  free(regions.text);
  free(regions.slot);
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
  qsort(v, n, sizeof *v, by_value);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The plain loops: what a C programmer writes, compiled with -O3 (bench/bench.mk). */
static void eq(const int16_t *restrict year, size_t n, int16_t y, uint8_t *restrict out)
{
  for (size_t i = 0; i < n; i++)
    out[i] = year[i] == y;
}

static size_t where(const panel *p, int16_t y, uint32_t *restrict rows, panel *restrict out)
{
  size_t k = 0;
  for (size_t i = 0; i < p->n; i++)
    if (p->year[i] == y)
      rows[k++] = (uint32_t)i;
  for (size_t j = 0; j < k; j++) {
    out->entity[j] = p->entity[rows[j]];
    out->region[j] = p->region[rows[j]];
    out->year[j] = p->year[rows[j]];
    out->score[j] = p->score[rows[j]];
    out->score2[j] = p->score2[rows[j]];
  }
  return k;
}

int main(int argc, char **argv)
{
  if (argc != 2)
    die("usage: filter_floor PANEL.csv");
  panel p = {0};
  load(&p, argv[1]);
  int16_t lo = INT16_MAX, hi = INT16_MIN;
  for (size_t i = 0; i < p.n; i++) {
    lo = p.year[i] < lo ? p.year[i] : lo;
    hi = p.year[i] > hi ? p.year[i] : hi;
  }
  size_t years = (size_t)(hi - lo) + 1;
  uint8_t *out = malloc(p.n ? p.n : 1);
  uint32_t *rows = malloc((p.n ? p.n : 1) * sizeof *rows);
  panel chosen = {p.n, p.n, malloc(p.n * 2 + 1), malloc(p.n + 1), malloc(p.n * 2 + 1),
                  malloc(p.n * 8 + 1), malloc(p.n * 8 + 1)};
  double *t_eq = malloc(years * sizeof *t_eq), *t_where = malloc(years * sizeof *t_where);
  if (!out || !rows || !chosen.entity || !chosen.region || !chosen.year || !chosen.score ||
      !chosen.score2 || !t_eq || !t_where)
    die("out of memory");
  /* every output array touched first, so that no timed loop maps a page */
  memset(out, 0, p.n);
  memset(rows, 0, p.n * sizeof *rows);
  where(&p, lo, rows, &chosen);
  size_t check = 0;
  for (size_t k = 0; k < years; k++) {
    int16_t y = (int16_t)(lo + (int16_t)k);
    double t0 = now();
    eq(p.year, p.n, y, out);
    t_eq[k] = now() - t0;
    check += out[k];
    t0 = now();
    check += where(&p, y, rows, &chosen);
    t_where[k] = now() - t0;
  }
  printf("rows %zu\nyears %zu\nchecksum %zu\n", p.n, years, check);
  printf("eq_ms %.4f\nwhere_ms %.4f\n", median(t_eq, years) * 1e3, median(t_where, years) * 1e3);
  return 0;
}
