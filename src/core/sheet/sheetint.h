/*
 * sheetint.h - what the sheet readers share inside src/core/sheet: turning a
 * grid into a table, notes, choosing the sheet, and the zip side of sniffing.
 *
 * Ownership: as in sheet.h; the grid passed to sheet_table stays the caller's.
 */
#ifndef CHISO_SHEETINT_H
#define CHISO_SHEETINT_H

#include "grid.h"
#include "sheet.h"

/* At most this many places (cells, rows) are listed in one note or message. */
#define SHEET_LIST_MAX 8

/*
 * The dataset a grid holds under the options (the grid is sorted here, and
 * merged areas filled into it when the options ask), with notes in r.
 */
dataset *sheet_table(grid *g, const sheet_options *o, sheet_report *r, cherr *e);

/* Adds a line to the report's notes. */
void sheet_note(sheet_report *r, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

/*
 * The index (0-based) of the sheet the options name in the list, or -1 with
 * an error that lists the sheets. A hidden sheet is skipped by default and
 * noted when named.
 */
long sheet_choose(const sheet_list *l, const sheet_options *o, const char *file, sheet_report *r,
                  cherr *e);
/* Name k of the list (a pointer into it) and its length. */
const char *sheet_list_name(const sheet_list *l, size_t k, size_t *len);
int sheet_list_add(sheet_list *l, const char *name, size_t len, int hidden, cherr *e);

/* The kind of zip the descriptor holds (xlsx.c); the descriptor is closed. */
sheet_kind xlsx_zip_kind(int fd);

#endif
