/*
 * runlimits.h - the limits a run is given on the command line (--max-memory,
 * --timeout, --max-output, --max-depth): reading their text, and the
 * defaults of a sandboxed run. A trusted run has only the limits it is
 * given; a sandboxed run has every one, the defaults filling in.
 */
#ifndef CHISO_RUNLIMITS_H
#define CHISO_RUNLIMITS_H

#include <stddef.h>

#include "err.h"
#include "sandbox.h"

#define LIMITS_MEMORY ((size_t)1 << 30)   /* 1G */
#define LIMITS_SECONDS 60.0
#define LIMITS_OUTPUT ((size_t)64 << 20)  /* 64M */
#define LIMITS_DEPTH 200

/* A zero field is a limit not given. */
typedef struct run_limits {
  size_t memory;  /* bytes of Lua's and the core's allocations */
  double seconds; /* wall-clock time */
  size_t output;  /* bytes written to stdout, stderr and files under --out */
  int depth;      /* nested calls, across coroutines */
} run_limits;

/*
 * Sets the limit named by option ("max-memory", "timeout", "max-output",
 * "max-depth") from its text ("512M", "2.5", "200"); -1 with a message
 * naming the option when the text is not one, or the option is unknown.
 */
int limits_set(run_limits *l, const char *option, const char *text, cherr *e);
/* Gives every limit not set its default. */
void limits_defaults(run_limits *l);
int limits_any(const run_limits *l);

/* How a limit was set, for its message: "--timeout 60 s". */
void limits_how(const run_limits *l, sandbox_limit which, char *out, size_t size);
/* Gives each limit's description to the sandbox (sandbox_describe_limit). */
void limits_describe(const run_limits *l);

#endif
