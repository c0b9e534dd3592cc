/*
 * confine.h - what the process of a sandboxed report gives up before the
 * report's Lua state exists: resource limits, Landlock's file rules and a
 * seccomp filter, applied in that order. None of it can be undone by the
 * process itself.
 *
 * The limits: RLIMIT_CPU from the time limit (its threads' seconds, rounded
 * up, plus one), RLIMIT_DATA from the memory limit plus confine_headroom(),
 * RLIMIT_FSIZE from the output limit (plus CONFINE_FSIZE_SLACK), a low
 * RLIMIT_NOFILE, no core files.
 * Landlock (Linux 5.13 and later) lets the process read only the files and
 * folders of the plan and write only in its one folder, and (where the
 * kernel knows them) bars TCP, abstract sockets and signals to other
 * processes. The seccomp filter allows the system calls chiso needs and
 * stops the process at any other (SIGSYS, the call noted on report_fd
 * first), so no program can be started, no socket opened, no process made
 * or traced.
 *
 * Ownership: the plan's strings are the caller's; nothing is kept.
 */
#ifndef CHISO_CONFINE_H
#define CHISO_CONFINE_H

#include <stddef.h>

#include "err.h"

typedef struct confine_plan {
  double seconds;          /* the time limit (0: none) */
  int threads;             /* how many threads the run may keep busy at once */
  size_t memory;           /* mem.h's limit (0: none) */
  size_t output;           /* the output limit (0: none) */
  const char *const *read; /* files and folders that may be read, NULL-ended */
  const char *write;       /* the folder that may be written in, or NULL */
  int make_dirs;           /* whether folders may be made in it */
  int report_fd;           /* where a forbidden call is noted, or -1 */
  const char *work;        /* the run's work folder (sandbox_work_folder), or NULL: its files
                              may be made, read, written and removed, but no folders */
} confine_plan;

enum { CONFINE_LANDLOCK = 1, CONFINE_SECCOMP = 2, CONFINE_ALL = 3 };

/*
 * The layers this system can apply (CONFINE_ALL when all is well). When
 * one is missing, *why says which and why, for the one note chiso gives.
 */
int confine_available(const char **why);

/*
 * Says a note where the person running chiso will see it: on standard
 * error, or under valgrind in valgrind's own output, which is where that
 * person looks (and the program's own output stays the program's).
 */
void confine_say(const char *note);

/* Applies the limits, then the layers asked for; -1 when one of them fails. */
int confine_apply(const confine_plan *p, int layers, cherr *e);

/*
 * How far the data segment may pass the memory limit: malloc's own
 * bookkeeping and rounding, thread stacks, the C library's data. A report
 * reaches mem.h's limit first; this stops what mem.h does not count.
 */
size_t confine_headroom(size_t memory);

/* The name of system call nr on this machine ("execve"), or its number. */
void confine_syscall_name(long nr, char *out, size_t size);

/*
 * RLIMIT_FSIZE's room over the output limit: chiso's own last words (the
 * message of the limit, which is not counted) go to standard error, which
 * may be a file, and may be the file standard output goes to.
 */
#define CONFINE_FSIZE_SLACK ((size_t)1 << 20)

/* A forbidden call as noted on report_fd: 'X' then the number, 9 bytes. */
#define CONFINE_NOTE_SIZE 9

#endif
