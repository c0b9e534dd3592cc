/*
 * policy.h - what a sandboxed run may touch, and the limits it runs under.
 *
 * Off by default: a trusted run may read and write anything. Once active,
 * reading is allowed only under the folders given (the bundled data,
 * $CHISO_DATA, --allow-read), writing only to the file or folder given
 * (--out), and every path is resolved (.., symbolic links) before it is
 * checked. The limits (output bytes; memory, time and depth are enforced
 * by mem.h, halt.h and the Lua hook) record which one was hit, so the run
 * can end with a message and an exit status of its own.
 *
 * Ownership: paths passed in are copied; nothing is returned to free.
 */
#ifndef CHISO_POLICY_H
#define CHISO_POLICY_H

#include <stddef.h>

#include "err.h"

typedef enum policy_limit {
  LIMIT_NONE, LIMIT_MEMORY, LIMIT_TIME, LIMIT_OUTPUT, LIMIT_DEPTH
} policy_limit;

void policy_activate(void);
int policy_active(void);

/* Adds a folder under which reading is allowed; it must exist. */
int policy_allow_read(const char *dir, cherr *e);
/* Sets the one file, or folder (when it is an existing directory), that may be written. */
int policy_allow_write(const char *path, cherr *e);

/* 0 when path may be read (or written); else -1 with a message naming the path. */
int policy_check_read(const char *path, cherr *e);
int policy_check_write(const char *path, cherr *e);

/* The resolved form of path: realpath of it, or of its folder for a file not yet there. */
int policy_resolve(const char *path, char *out, size_t size);

/* Output: n more bytes written for the report; -1 (and LIMIT_OUTPUT recorded) past the limit. */
void policy_set_output_limit(size_t bytes);
int policy_count_output(size_t n);

/* How a limit was set ("--timeout 60 s"), for the message that reports it. */
void policy_describe_limit(policy_limit which, const char *how);
/* "sandbox: time limit reached (--timeout 60 s)" */
const char *policy_limit_message(policy_limit which);

/* The limit that ended the run, if any; limits are recorded once and stay. */
void policy_record(policy_limit which);
policy_limit policy_hit(void);
const char *policy_limit_name(policy_limit which);

#endif
