/*
 * grid.h - one worksheet's cells as a reader found them, before they become
 * a dataset: the cells that hold something (sparse, in any order until
 * grid_sort), their text in one pool, the merged areas and the hidden rows.
 * Also cell references ("AB12", "A3:F70") and spreadsheet dates.
 *
 * Rows and columns are counted from 0 here; messages show Excel's A1 form.
 *
 * Ownership: the grid owns its cells, text, areas and rows until grid_free;
 * the names it is given (file, sheet) are borrowed and must outlive it.
 */
#ifndef CHISO_GRID_H
#define CHISO_GRID_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sbuf.h"

/* Excel's limits: 1,048,576 rows and 16,384 columns (A to XFD). */
#define GRID_MAX_ROWS 1048576u
#define GRID_MAX_COLS 16384u

typedef enum grid_kind {
  GRID_NUM = 1, /* a number (v.num) */
  GRID_STR,     /* text (v.off, len) */
  GRID_BOOL,    /* v.num is 0 or 1 */
  GRID_ERR,     /* an error value such as #N/A, as text */
  GRID_DATE     /* a date or time, already ISO text */
} grid_kind;

typedef struct grid_cell {
  uint32_t row, col;
  uint32_t kind;
  uint32_t len; /* bytes of text */
  union {
    double num;
    uint64_t off; /* offset of the text in the grid's pool */
  } v;
} grid_cell;

typedef struct grid_area {
  uint32_t r1, c1, r2, c2; /* inclusive */
} grid_area;

typedef struct grid {
  grid_cell *cells;
  size_t ncell, capcell;
  sbuf text;
  grid_area *merges;
  size_t nmerge, capmerge;
  uint32_t *hidden; /* hidden rows, ascending after grid_sort */
  size_t nhidden, caphidden;
  int knows_merges; /* the format reports merged cells (xlsx does; libfreexl does not) */
  int knows_hidden; /* the format reports hidden rows */
  size_t unvalued;  /* formula cells saved without a value, and the first of them */
  char unvalued_ref[16];
  const char *file, *sheet;
} grid;

void grid_init(grid *g, const char *file, const char *sheet);
void grid_free(grid *g);

int grid_add_num(grid *g, uint32_t row, uint32_t col, grid_kind kind, double v, cherr *e);
/* Text copied into the pool. */
int grid_add_text(grid *g, uint32_t row, uint32_t col, grid_kind kind, const char *s, size_t len,
                  cherr *e);
/* Text already in the pool (a shared string). */
int grid_add_pooled(grid *g, uint32_t row, uint32_t col, uint64_t off, uint32_t len, cherr *e);
int grid_add_merge(grid *g, const grid_area *a, cherr *e);
int grid_add_hidden(grid *g, uint32_t row, cherr *e);

/* Sorts the cells by row, then column; of two cells at one place the later read wins. */
void grid_sort(grid *g);
/* The cell at (row, col) of a sorted grid, or NULL. */
const grid_cell *grid_at(const grid *g, uint32_t row, uint32_t col);
/* The merged area that holds (row, col), or NULL. */
const grid_area *grid_merge_at(const grid *g, uint32_t row, uint32_t col);
int grid_is_hidden(const grid *g, uint32_t row);
static inline const char *grid_text(const grid *g, const grid_cell *c)
{
  return g->text.p + c->v.off;
}

/*
 * Reads a reference such as "AB12" (letters, then digits; "$" allowed before
 * each) at s: the number of bytes it took, or 0 when s does not start with
 * one within Excel's limits. Either part may be missing ("AB" a column, "12"
 * a row): *row or *col is then UINT32_MAX.
 */
size_t grid_parse_ref(const char *s, size_t len, uint32_t *row, uint32_t *col);
/*
 * "A3:F70", "B:D" (whole columns) or "A3" (one cell) as an area; 0 or -1
 * when it is none of those. Whole columns run over every row.
 */
int grid_parse_area(const char *s, grid_area *a);
/* Column letters ("AB") of col into buf (at least 4 bytes). */
void grid_col_name(uint32_t col, char *buf);
/* "AB12" into buf (at least 16 bytes). */
void grid_ref_name(uint32_t row, uint32_t col, char *buf);

/* How a number formatted as a date is shown: a day, a day and a time, a time of day. */
typedef enum grid_datekind { GRID_NOT_DATE = 0, GRID_DAY, GRID_DAYTIME, GRID_TIME } grid_datekind;
/*
 * A spreadsheet serial date as ISO text: "2024-03-05", "2024-03-05 14:30:00"
 * or "14:30:00" (".250" added when there are milliseconds). date1904 says
 * the workbook counts from 1904-01-01 (Excel for the Mac's old system)
 * rather than 1900-01-00. The length written, or 0 when serial is not a
 * date (negative, or past the year 9999).
 */
size_t grid_date_text(double serial, int date1904, grid_datekind kind, char buf[32]);
/* What a number format code ("dd/mm/yyyy", "[$-42A]h:mm") shows: a date, a time, both, or neither. */
grid_datekind grid_format_datekind(const char *code);

#endif
