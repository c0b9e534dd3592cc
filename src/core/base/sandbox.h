/*
 * sandbox.h - what a sandboxed run may touch, and the limits it runs under.
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
#ifndef CHISO_SANDBOX_H
#define CHISO_SANDBOX_H

#include <stddef.h>

#include "err.h"

typedef enum sandbox_limit {
  LIMIT_NONE, LIMIT_MEMORY, LIMIT_TIME, LIMIT_OUTPUT, LIMIT_DEPTH
} sandbox_limit;

void sandbox_activate(void);
int sandbox_active(void);

/* Adds a folder under which reading is allowed; it must exist. */
int sandbox_allow_read(const char *dir, cherr *e);
/* Sets the one file, or folder (when it is an existing directory), that may be written. */
int sandbox_allow_write(const char *path, cherr *e);

/*
 * 0 when path may be read (or written), with the path to open in out: in a
 * sandboxed run, where path really leads (its text cleaned of "." and ".."
 * first, so that a refusal never depends on what lies outside the allowed
 * folders; links then followed, except a written file's own name, which is
 * replaced, not followed); path itself in a trusted run. Else -1 with a
 * refusal (ERR_DENIED) that names path and the option that would allow it.
 */
int sandbox_read_path(const char *path, char *out, size_t size, cherr *e);
int sandbox_write_path(const char *path, char *out, size_t size, cherr *e);
/*
 * A folder of the run's own, made for a sandboxed report by the parent
 * process, where chiso's C code makes work files that it removes at once
 * (libxlsxwriter writes a workbook only through files of its own). The
 * report's process may read and write there (Landlock allowing); no path a
 * report gives is ever allowed there. NULL: none.
 */
void sandbox_set_work_folder(const char *dir);
const char *sandbox_work_folder(void);
int sandbox_check_read(const char *path, cherr *e);
int sandbox_check_write(const char *path, cherr *e);

/*
 * A descriptor (close-on-exec) open for reading path, or -1: ERR_DENIED when
 * the sandbox refuses it, ERR_IO when it cannot be opened. In a sandboxed
 * run a FIFO, device or socket is refused without being opened, and what
 * was opened is checked again through the descriptor.
 */
int sandbox_open_read(const char *path, cherr *e);

/*
 * Who is asked when the sandbox refuses a path (ask.h); NULL (the default):
 * nobody. Each is given the path and the refusal in e, and on a "no" leaves
 * e as it was. read: a descriptor open for reading path, or -1. write: a
 * descriptor of a new file that commit(ticket) will make path, or -1;
 * discard(ticket) removes that file instead.
 */
typedef struct sandbox_askers {
  int (*read)(const char *path, cherr *e);
  int (*write)(const char *path, int *ticket, cherr *e);
  int (*commit)(int ticket, cherr *e);
  void (*discard)(int ticket);
} sandbox_askers;
void sandbox_set_askers(const sandbox_askers *a);
const sandbox_askers *sandbox_get_askers(void);

/* The resolved form of path: realpath of it, or of its folder for a file not yet there. */
int sandbox_resolve(const char *path, char *out, size_t size);

/* Output: n more bytes written for the report; -1 (and LIMIT_OUTPUT recorded) past the limit. */
void sandbox_set_output_limit(size_t bytes);
int sandbox_count_output(size_t n);
/* The bytes that may still be written before the output limit ((size_t)-1: no limit). */
size_t sandbox_output_room(void);

/* How a limit was set ("--timeout 60 s"), for the message that reports it. */
void sandbox_describe_limit(sandbox_limit which, const char *how);
/* "sandbox: time limit reached (--timeout 60 s)"; without "sandbox: " in a trusted run. */
const char *sandbox_limit_message(sandbox_limit which);

/* The limit that ended the run, if any; limits are recorded once and stay. */
void sandbox_record(sandbox_limit which);
sandbox_limit sandbox_hit(void);
const char *sandbox_limit_name(sandbox_limit which);

#endif
