/*
 * outfile.h - every file chiso writes, written whole beside its target and
 * then renamed over it in one step.
 *
 * outfile_open makes a new file in the target's folder under a name no one
 * can guess, with O_CREAT | O_EXCL | O_NOFOLLOW (so a link placed there
 * beforehand, or slipped in meanwhile, is never followed) and the mode any
 * new file gets under the umask. outfile_commit flushes it to the disk and
 * renames it over the target, which replaces a link there instead of
 * writing through it; on any failure the temporary file is removed. In a
 * sandboxed run the target is checked first (sandbox_write_path, and the
 * kind of file its name announces) and every byte written counts against
 * --max-output.
 *
 * Ownership: an outfile owns its names and its descriptor from a successful
 * outfile_open until outfile_commit or outfile_abort, which release them
 * (abort is safe to call again, and after a commit).
 */
#ifndef CHISO_OUTFILE_H
#define CHISO_OUTFILE_H

#include <stddef.h>

#include "err.h"

typedef struct outfile {
  int fd;          /* -1 when closed */
  int ticket;      /* a file the parent made when the person allowed it (ask.h), else -1 */
  char *temp;      /* the temporary file, removed unless committed */
  char *target;    /* where it goes: the path checked by the sandbox */
  char *name;      /* the path as the caller gave it, for messages */
} outfile;

/*
 * Starts writing path. kind ("csv", "html", "md", "json", "text", "xlsx", "svg") is what
 * will be written, or NULL for any; a sandboxed report may write a kind only
 * to a name that announces it (.csv, .html...), so that no program opens the
 * file as a kind whose dangers its content was not made safe against.
 * -1 with ERR_DENIED for a refusal, ERR_IO when the file cannot be made.
 */
int outfile_open(outfile *f, const char *path, const char *kind, cherr *e);
int outfile_write(outfile *f, const void *p, size_t n, cherr *e);
/* Makes the file the target, or fails and removes it; the outfile is released either way. */
int outfile_commit(outfile *f, cherr *e);
void outfile_abort(outfile *f);

/*
 * For a library that writes only to a file name (libxlsxwriter): the folder
 * where its work files for f may be made: in a sandboxed run, the run's own
 * work folder (sandbox_work_folder), which its process may read as well as
 * write; otherwise the target's folder. -1 with ERR_IO when there is none.
 */
int outfile_work_folder(const outfile *f, char *out, size_t size, cherr *e);
/*
 * A new file in folder dir under a name no one can guess (".chiso.RANDOM.tmp",
 * written to name), made with O_EXCL | O_NOFOLLOW and mode 0600, open for
 * reading and writing: its descriptor, or -1 with ERR_IO. The caller
 * removes it.
 */
int outfile_scratch(const char *dir, char *name, size_t size, cherr *e);

/*
 * The charts of a Markdown report written to a file go beside it, under
 * names chiso derives from the report's own (never a name a report gives):
 * for DIR/NAME.EXT, DIR/NAME-1.svg, DIR/NAME-2.svg, ... up to
 * OUTFILE_CHARTS. outfile_chart_path writes chart n's path for the report
 * at path (-1 when n is out of range or the name too long).
 * outfile_open_chart starts writing chart n of the report at path: allowed
 * wherever the report itself may be written without asking (a sandboxed
 * report: beside its --out file, or in its --out folder; a question at the
 * terminal allows one file, not its charts), as kind "svg"; and something
 * already at the chart's name is replaced only when it is a regular file
 * and the report it belongs to is there too (writing a report again
 * replaces its charts), never a link, a folder or a stray file. -1 with
 * ERR_DENIED for a refusal, ERR_IO when the chart cannot be written there.
 */
#define OUTFILE_CHARTS 32
int outfile_chart_path(const char *path, int n, char *out, size_t size);
int outfile_open_chart(outfile *f, const char *path, int n, cherr *e);

/* The whole of text written to path through an outfile. */
int outfile_write_all(const char *path, const char *kind, const void *text, size_t len, cherr *e);

#endif
