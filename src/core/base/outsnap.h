/*
 * outsnap.h - what a failed sandboxed run leaves under --out, taken away,
 * so that a run that fails leaves no output. Before the run the parent
 * notes what is there; after a failed run it removes what the run made or
 * replaced: under a --out folder, every file or folder that is new or
 * changed; for a --out file, the file and any new file beside it whose
 * name holds the file's name (the temporary files it is written through)
 * or the name of one of its charts (outfile_chart_path).
 * Links are removed, never followed.
 *
 * Ownership: a snapshot from outsnap_take is the caller's, released by
 * outsnap_free (which takes NULL).
 */
#ifndef CHISO_OUTSNAP_H
#define CHISO_OUTSNAP_H

#include <stddef.h>

typedef struct outsnap outsnap;

/* What lies at target now; NULL when memory runs out (nothing is then removed). */
outsnap *outsnap_take(const char *target);
/* Removes what is new or changed since the snapshot; returns how many files and folders went. */
size_t outsnap_undo(const outsnap *s);
void outsnap_free(outsnap *s);

#endif
