/*
 * outlimit.h - standard output and standard error counted against the
 * output limit (sandbox.h), so that everything a run prints is bounded:
 * print and io.write, error messages, notes, whatever C code writes there.
 *
 * outlimit_install replaces stdout and stderr (glibc lets a program assign
 * them) by streams that count each byte and write only what the limit
 * leaves room for; past it the rest is dropped and LIMIT_OUTPUT recorded,
 * and the run stops at its next check. Lua's io library takes its standard
 * files when a state is opened, so this comes first. Elsewhere (no glibc)
 * outlimit_emit counts what chiso itself writes.
 *
 * Ownership: the streams live until the process ends.
 */
#ifndef CHISO_OUTLIMIT_H
#define CHISO_OUTLIMIT_H

#include <stddef.h>
#include <stdio.h>

/* 0 once stdout and stderr count (or already did); -1 where they cannot. */
int outlimit_install(void);
int outlimit_installed(void);

/* text written to f (stdout or stderr) within the limit; -1 once the limit is reached. */
int outlimit_emit(FILE *f, const char *text, size_t len);

/*
 * The same for a text quoting what files hold (a note, the message of an
 * error that ends the run), in any run and on any stream: its control
 * characters are shown as a sandboxed report's are on a terminal (^[, ?),
 * so a file someone sent cannot drive the terminal through chiso's words.
 */
int outlimit_emit_shown(FILE *f, const char *text, size_t len);

/* The real standard error, uncounted: for chiso's own last word on a run. */
FILE *outlimit_stderr(void);

#endif
