/*
 * csvio.h - reading CSV files into datasets (on libcsv) and writing them back.
 *
 * The reader infers each column's type from the whole file (int, then float,
 * then string; true/false as bool), reads spreadsheet exports as they come
 * (byte-order mark, CRLF, quoted newlines, decimal commas when asked), and
 * either returns a complete dataset or fails with a message naming the file,
 * the line and the problem: it never returns part of a file.
 *
 * Ownership: the returned dataset is a new reference owned by the caller;
 * options and their strings are borrowed for the duration of the call.
 */
#ifndef CHISO_CSVIO_H
#define CHISO_CSVIO_H

#include <stddef.h>

#include "column.h"
#include "dataset.h"
#include "encoding.h"
#include "err.h"
#include "num.h"
#include "sbuf.h"

typedef enum csv_ragged { RAGGED_ERROR, RAGGED_PAD, RAGGED_SKIP } csv_ragged;
typedef enum csv_dupnames { DUPNAMES_RENAME, DUPNAMES_ERROR } csv_dupnames;
typedef text_encoding csv_encoding; /* encoding.h: ENC_UTF8 (the default), ENC_CP1258... */

typedef col_typehint csv_typehint;

typedef struct csv_options {
  char delimiter;            /* ',', ';', '\t' or '|'; 0 to detect from the first lines */
  num_style num;             /* decimal mark and thousands separator */
  const char *const *na;     /* tokens read as null besides the empty field; NULL for the defaults */
  size_t nna;
  csv_ragged ragged;
  const csv_typehint *types; /* columns whose type is given, not inferred */
  size_t ntypes;
  /* The table's place in the file (annex tables: title lines, footnotes). */
  int header;                /* 1: the first line (after titles) is the header; 0: columns V1, V2... */
  const char *const *names;  /* names for the columns, replacing the header's; NULL to keep them */
  size_t nnames;
  long skip;                 /* lines to skip at the top; -1 to find title lines and skip them */
  long footer;               /* records to drop at the end; -1 to find footnote lines and drop them */
  char comment;              /* lines starting with this character are skipped; 0 for none */
  size_t header_rows;        /* rows joined into the names (1) */
  csv_dupnames duplicate_names;
  int trim;                  /* spaces and tabs around text values (and names) are trimmed */
  int lenient;               /* text after a closing quote is kept (as Python's csv does), not an error */
  csv_encoding encoding;
  /* Called after each block read: bytes read, total bytes (0 if unknown), rows so far. */
  void (*progress)(void *ud, size_t done, size_t total, size_t rows);
  void *progress_ud;
} csv_options;

/* Up to this many line numbers of padded or skipped rows are kept for messages. */
#define CSV_REPORT_LINES 5

typedef struct csv_report {
  char delimiter;  /* the delimiter used (detected or given) */
  int delimiter_given; /* 1 when the options gave it */
  size_t rows;
  size_t padded;   /* short rows filled with nulls (ragged = pad) */
  size_t trimmed;  /* long rows whose extra fields were empty (ragged = pad) */
  size_t skipped;  /* rows of the wrong length left out (ragged = skip) */
  size_t padded_lines[CSV_REPORT_LINES];
  size_t trimmed_lines[CSV_REPORT_LINES];
  size_t skipped_lines[CSV_REPORT_LINES];
  int passes;      /* 2 when a column turned to text late and the file was read again */
  int threads;     /* 2 when the file was read in two halves at once (csvpar.c), else 1 */
  sbuf notes;      /* what the reader decided, one note a line, each ending in '\n' */
} csv_report;

/*
 * A report is set up by the read that fills it and holds its notes until
 * csvio_report_free, which the caller calls after every read, failed or not.
 */
void csvio_report_free(csv_report *r);
/* Adds a note ("line 1 ('PHỤ LỤC 1') taken for a title...") to r. */
void csvio_note(csv_report *r, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

/* The default null tokens: NA, N/A, null (besides the empty field). */
extern const char *const csvio_default_na[];
extern const size_t csvio_default_nna;

void csvio_options_init(csv_options *o);

/*
 * Reads the file at path. ERR_IO when it cannot be opened or read, ERR_INPUT
 * when its content is malformed, ERR_NOMEM or ERR_HALT when stopped.
 */
dataset *csvio_read_file(const char *path, const csv_options *o, csv_report *r, cherr *e);

/* Reads CSV text held in memory; name is used in messages. */
dataset *csvio_read_buffer(const char *name, const char *data, size_t len, const csv_options *o,
                         csv_report *r, cherr *e);

/*
 * The delimiter of the CSV text s[0..len), a file's first bytes (whole: all
 * of them), read with the options o: of ',', ';', tab and '|' (not ',' with
 * a decimal comma), the one
 * that splits the most of the first lines into the same number of fields
 * (more than one; at least half the lines), quotes read as a reader would
 * with it, and lines where a quote is out of place for it counting against it. 0 with *delim set (','
 * when none splits a line), or -1 when two are equally good, with why
 * saying which and what splits them (csvio_read_* then fail with it).
 */
int csvio_sniff_delimiter(const char *s, size_t len, int whole, const csv_options *o, char *delim,
                          char *why, size_t whysize);

/* Receives written text; returns 0, or -1 to stop the writer (which then fails with ERR_IO). */
typedef int (*csv_sink)(void *ud, const char *p, size_t n);

/* How csvio_write writes. */
typedef struct csv_write_options {
  char delimiter;     /* ',', ';', '|' or '\t' */
  int neutralise;     /* write text fields that csvio_formula takes for a formula after a ' */
  size_t neutralised; /* out: how many fields were (header names included) */
  char decimal;       /* floats' decimal mark: '.' (or 0) or ',' */
  int bom;            /* begin with a UTF-8 byte-order mark */
  int crlf;           /* end lines with "\r\n" rather than "\n" */
} csv_write_options;

/*
 * Options for a dialect: "plain" (',', '.', "\n", no mark) or "excel-vn",
 * what Excel in a Vietnamese locale opens as meant (';', ',' in floats,
 * "\r\n", a byte-order mark). -1 for any other name.
 */
int csvio_dialect(const char *name, csv_write_options *w);

/*
 * Writes d as CSV: a header, "\n" line ends, strings quoted only when
 * needed, nulls as empty fields, floats in their shortest exact form (with
 * the decimal mark and the line ends and byte-order mark w asks for).
 */
int csvio_write(const dataset *d, csv_write_options *w, csv_sink sink, void *ud, cherr *e);

/*
 * Writes d to path through an outfile (outfile.h): whole or not at all,
 * never through a link. In a sandboxed run path must be allowed and name a
 * .csv, .tsv or .txt file (ERR_DENIED otherwise) and its bytes count against
 * the output limit (ERR_HALT past it).
 */
int csvio_write_file(const dataset *d, csv_write_options *w, const char *path, cherr *e);

/*
 * Whether a spreadsheet would run the text field s as a formula (OWASP's
 * rule for CSV injection): it begins with =, +, -, @, a tab or a carriage
 * return, and is not a number.
 */
int csvio_formula(const char *s, size_t len);

#endif
