/*
 * table.h - drawing a dataset as an aligned text table.
 *
 * Columns line up by display width, so Vietnamese names (precomposed or
 * with combining marks) and wide characters stay aligned; numbers are
 * right-aligned; a long dataset shows its first and last rows and a count;
 * a wide one shows the columns that fit and names the rest.
 *
 * Ownership: table_render returns a NUL-terminated string the caller
 * releases with mem_free.
 */
#ifndef CHISO_TABLE_H
#define CHISO_TABLE_H

#include <stddef.h>

#include "dataset.h"
#include "err.h"

typedef struct table_opts {
  size_t width;    /* columns of the terminal; 0 for no limit */
  size_t max_rows; /* more rows than this show only the first and last max_rows / 2 */
  size_t max_cell; /* widest a cell is drawn, in terminal columns (at least 5) */
} table_opts;

void table_opts_init(table_opts *o);

char *table_render(const dataset *d, const table_opts *o, size_t *len, cherr *e);

#endif
