/*
 * ask.h - asking the person at the terminal when a sandboxed report is
 * refused a file it wants to read or write, as Deno does:
 *
 *   report.lua wants to read ./par2024.csv: allow? [y]es once, [a]lways for this folder, [N]o
 *
 * The report's process is confined (Landlock) and could not open the file
 * even if it were told it may, so the question goes to the parent over a
 * socket pair made before the fork. When the answer is yes the parent opens
 * the file itself and hands the report's process the open descriptor
 * (SCM_RIGHTS): for a read, the file; for a write, a new file beside the
 * target, which the parent renames over the target once the report has
 * written it whole (and removes if it never does). "Always" also writes
 * the folder to the trust list (chiso trust, ~/.config/chiso/trust), and
 * the parent answers yes for that folder without asking again; the list's
 * "write DIR" lines are answered yes without asking in every run. The time
 * the person takes is not counted against --timeout, on either side.
 *
 * chiso asks only when both standard input and standard error are a
 * terminal; otherwise a refusal stays a refusal (with the option that would
 * allow it), except for the trust list's write folders.
 *
 * Ownership: nothing is returned to free; ask_close() closes what
 * ask_prepare() made.
 */
#ifndef CHISO_ASK_H
#define CHISO_ASK_H

#include "err.h"

/*
 * In the parent, before the fork: makes the socket pair; report is the
 * name shown in the question, trust_file where "always" is kept (NULL: not
 * kept). 1 when chiso will ask (standard input and standard error are a
 * terminal), 0 when it will not, -1 with e set on failure.
 */
int ask_prepare(const char *report, const char *trust_file, cherr *e);

/* In the child, after the fork: keeps its end and lets the sandbox ask (sandbox_set_asker). */
void ask_in_child(void);
/* In the parent, after the fork: keeps its end; the descriptor to watch, or -1. */
int ask_in_parent(void);

/* The descriptor the parent watches, -1 once the child has closed its end. */
int ask_fd(void);

/* In the parent: answers the child's question waiting on the descriptor; the seconds it took. */
double ask_serve(void);

void ask_close(void);

#endif
