/*
 * sheet.h - reading a worksheet of an Excel workbook into a dataset: .xlsx
 * (Office Open XML, through libzip and expat) and .xls (BIFF, through
 * libfreexl); what kind of file a path holds; and the layout options that
 * turn a sheet's cells into a table (the sheet, a range, title rows, a
 * header of one or more rows, types, nulls, footnotes, comment rows). And
 * writing datasets as the sheets of an .xlsx workbook (through libxlsxwriter).
 *
 * Files are opened through the sandbox (sandbox_open_read), so a sandboxed
 * report reads only where it may, and written through an outfile (outfile.h).
 *
 * Ownership: options and the strings they point to are borrowed for the
 * call; a returned dataset is a new reference (ds_unref); a report's notes
 * belong to the report until sheet_report_free.
 */
#ifndef CHISO_SHEET_H
#define CHISO_SHEET_H

#include <stddef.h>

#include "column.h"
#include "dataset.h"
#include "err.h"
#include "sbuf.h"

/* What the first bytes of a file say it is. */
typedef enum sheet_kind { SHEET_OTHER, SHEET_XLSX, SHEET_ODS, SHEET_ZIP, SHEET_XLS } sheet_kind;

/*
 * The kind of the file at path, from its content (not its name): a zip
 * holding xl/workbook.xml is SHEET_XLSX, one with an OpenDocument
 * spreadsheet's mimetype SHEET_ODS, another zip SHEET_ZIP, an OLE2 compound
 * file SHEET_XLS. -1 with e set when the file cannot be opened.
 */
int sheet_sniff(const char *path, sheet_kind *kind, cherr *e);
/* "an Excel workbook (.xlsx)" and so on, for messages. */
const char *sheet_kind_name(sheet_kind kind);

typedef col_typehint sheet_typehint;

typedef struct sheet_options {
  const char *sheet_name; /* NULL: by number, or the first visible sheet */
  size_t sheet_number;    /* 1-based; 0 for the first visible sheet */
  const char *range;      /* "A3:F70", "B:D"; NULL for the whole sheet */
  long skip;              /* rows to skip at the top; -1: title rows found and skipped */
  long footer;            /* rows to drop at the bottom; -1: footnote rows found and dropped */
  int header;             /* 0: no header, columns named V1, V2... */
  size_t header_rows;     /* rows joined into the names (1 by default) */
  const char *const *names;
  size_t nnames;
  const sheet_typehint *types;
  size_t ntypes;
  const char *const *na; /* text read as null; NULL for the default NA, N/A, null */
  size_t nna;
  int trim;        /* trim spaces around text */
  int fill_merged; /* repeat a merged data cell's value over its area */
  int duplicate_names_error; /* a repeated name is an error, not renamed name_2 */
  char comment;    /* rows whose first cell begins with this character are skipped; 0 for none */
} sheet_options;

void sheet_options_init(sheet_options *o);
/* 0 when text is a range the option 'range' accepts ("A3:F70", "B:D", "C5"), else -1. */
int sheet_check_range(const char *text);

typedef struct sheet_report {
  char *sheet;      /* the sheet read */
  char range[32];   /* the cells the table came from, "A3:F70" */
  size_t rows, columns;
  int date1904;
  sbuf notes;       /* one note a line, each ending in '\n' */
} sheet_report;

void sheet_report_init(sheet_report *r);
void sheet_report_free(sheet_report *r);

/* The dataset read from a sheet, or NULL with e: ERR_IO, ERR_INPUT, ERR_ARG, ERR_NOMEM, ERR_HALT, ERR_DENIED. */
dataset *sheet_read_xlsx(const char *path, const sheet_options *o, sheet_report *r, cherr *e);
dataset *sheet_read_xls(const char *path, const sheet_options *o, sheet_report *r, cherr *e);

/*
 * Loads the code page converters libfreexl may ask iconv for. A sandboxed
 * report's process calls it before it confines itself, after which iconv
 * could no longer load them (Landlock hides their folder, seccomp refuses
 * the executable mapping); without them its .xls files could not be read.
 */
void sheet_preload(void);

/* A workbook's sheets, in order: names (each ending in '\n') and which are hidden. */
typedef struct sheet_list {
  sbuf names;
  unsigned char *hidden;
  size_t n, room; /* room: hidden's size */
} sheet_list;

int sheet_list_xlsx(const char *path, sheet_list *l, cherr *e);
int sheet_list_xls(const char *path, sheet_list *l, cherr *e);
void sheet_list_free(sheet_list *l);

/* Writing ------------------------------------------------------------------ */

/* The most digits after the point a written column may show. */
#define SHEET_MAX_DECIMALS 15

/* One sheet of a workbook to write. */
typedef struct sheet_out {
  const char *name;           /* NULL: "Sheet1", "Sheet2"... by its place */
  const dataset *data;
  const char *const *headers; /* data->ncol texts for the header row (a NULL one: the column's
                                 name), or NULL for the names */
  const int *decimals;        /* data->ncol digits shown after the point (-1: the number as it
                                 is), or NULL for none */
} sheet_out;

/*
 * Writes the sheets in order as an Excel workbook (.xlsx) at path, through
 * libxlsxwriter and an outfile: whole or not at all, never through a link;
 * in a sandboxed run only where sandbox_write_path allows, to a name ending
 * in .xlsx, its bytes counted against the output limit (ERR_HALT past it).
 * Each sheet has a bold header row, frozen, then a row per row of the
 * dataset: numbers as numbers (floats exactly; integers beyond 2^53, which
 * a spreadsheet's doubles cannot hold, and nan and infinities as text),
 * booleans as booleans, strings as text, nulls as empty cells; columns as
 * wide as their longest text, to a cap. ERR_ARG for a bad sheet name or
 * option or a table larger than a sheet, ERR_INPUT for text a workbook
 * cannot hold (not UTF-8, a NUL byte, over 32,767 characters), naming the
 * sheet, row and column; else ERR_IO, ERR_DENIED, ERR_HALT, ERR_NOMEM.
 */
int sheet_write_xlsx(const char *path, const sheet_out *sheets, size_t n, cherr *e);

/*
 * 0 when name may name a sheet of a workbook (1 to 31 characters of UTF-8,
 * none of : \ / ? * [ ], no ' first or last, not "History"); else -1 with
 * ERR_ARG saying why.
 */
int sheet_check_name(const char *name, cherr *e);

#endif
