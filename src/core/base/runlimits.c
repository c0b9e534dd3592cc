/*
 * runlimits.c - reading the limit options' text.
 */
#include "runlimits.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "512M" as bytes (K, M, G: powers of 1024); -1 when it is not a size. */
static int parse_size(const char *s, size_t *out)
{
  char *end;
  double v = strtod(s, &end);
  if (end == s || !(v > 0) || isspace((unsigned char)s[0]))
    return -1;
  double scale = 1;
  if (*end != '\0') {
    const char *units = "kKmMgG", *u = strchr(units, *end);
    if (u == NULL || end[1] != '\0')
      return -1;
    scale = (double)((size_t)1 << (10 * (1 + (u - units) / 2)));
  }
  if (v * scale >= (double)SIZE_MAX / 2)
    return -1;
  *out = (size_t)ceil(v * scale);
  return 0;
}

static int parse_seconds(const char *s, double *out)
{
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || !(v > 0) || v > 1e9 || isspace((unsigned char)s[0]))
    return -1;
  *out = v;
  return 0;
}

static int parse_depth(const char *s, int *out)
{
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end != '\0' || v <= 0 || v > 1000000 || isspace((unsigned char)s[0]))
    return -1;
  *out = (int)v;
  return 0;
}

int limits_set(run_limits *l, const char *option, const char *text, cherr *e)
{
  if (strcmp(option, "max-memory") == 0 || strcmp(option, "max-output") == 0) {
    size_t *field = option[4] == 'm' ? &l->memory : &l->output;
    if (parse_size(text, field) != 0)
      return err_set(e, ERR_ARG, "--%s must be a size in bytes with an optional K, M or G, not '%s'",
                     option, text);
  } else if (strcmp(option, "timeout") == 0) {
    if (parse_seconds(text, &l->seconds) != 0)
      return err_set(e, ERR_ARG, "--timeout must be a number of seconds, not '%s'", text);
  } else if (strcmp(option, "max-depth") == 0) {
    if (parse_depth(text, &l->depth) != 0)
      return err_set(e, ERR_ARG, "--max-depth must be a whole number of calls, not '%s'", text);
  } else {
    return err_set(e, ERR_ARG, "unknown limit '--%s'", option);
  }
  return 0;
}

void limits_defaults(run_limits *l)
{
  if (l->memory == 0)
    l->memory = LIMITS_MEMORY;
  if (l->seconds == 0)
    l->seconds = LIMITS_SECONDS;
  if (l->output == 0)
    l->output = LIMITS_OUTPUT;
  if (l->depth == 0)
    l->depth = LIMITS_DEPTH;
}

int limits_any(const run_limits *l)
{
  return l->memory != 0 || l->seconds != 0 || l->output != 0 || l->depth != 0;
}

void limits_how(const run_limits *l, sandbox_limit which, char *out, size_t size)
{
  switch (which) {
  case LIMIT_MEMORY: snprintf(out, size, "--max-memory %zu bytes", l->memory); break;
  case LIMIT_TIME: snprintf(out, size, "--timeout %g s", l->seconds); break;
  case LIMIT_OUTPUT: snprintf(out, size, "--max-output %zu bytes", l->output); break;
  case LIMIT_DEPTH: snprintf(out, size, "--max-depth %d calls", l->depth); break;
  case LIMIT_NONE: snprintf(out, size, "none"); break;
  }
}

void limits_describe(const run_limits *l)
{
  static const sandbox_limit all[] = {LIMIT_MEMORY, LIMIT_TIME, LIMIT_OUTPUT, LIMIT_DEPTH};
  char how[64];
  for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
    limits_how(l, all[k], how, sizeof how);
    sandbox_describe_limit(all[k], how);
  }
}
