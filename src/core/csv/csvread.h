/*
 * csvread.h - the CSV reader's insides, shared by its files. Not a public
 * interface. Each file calls only the files listed after it, so the calls
 * between them never go round in a loop:
 *
 *   csvread.c    csvio_read_file and csvio_read_buffer: one or two passes
 *   csvpar.c     a large file read in two halves at once, by two readers
 *   csvrecord.c  one pass: blocks to libcsv, lines, the header, records
 *   csvvalue.c   a field into its column, each column's type inferred
 *   csvstate.c   the reader set up and freed, errors, column type changes,
 *                the columns finished into a dataset
 *   csvsniff.c   the delimiter (csvio.h), called by csvrecord.c and csvpar.c
 */
#ifndef CHISO_CSVREAD_H
#define CHISO_CSVREAD_H

#include <csv.h>
#include <stdatomic.h>
#include <stdio.h>

#include "csvio.h"

/* Bytes handed to libcsv at a time; also how often progress and Ctrl-C are checked. */
#define CSVR_BLOCK ((size_t)1 << 18)

/* How a field arrived: an unquoted empty field is null, a quoted one ("") is empty text. */
enum { FIELD_TEXT, FIELD_EMPTY, FIELD_QUOTED_EMPTY };

typedef struct field {
  size_t off, len;
  int kind;
} field;

/* Types a column's values so far all fit; none left means string. */
enum { FITS_INT = 1, FITS_FLOAT = 2, FITS_BOOL = 4, FITS_ANY = 7 };

typedef struct colstate {
  colbuild b;
  int fits;      /* FITS_* the column's values so far all satisfy */
  int given;     /* type fixed by the caller or by the first pass */
  int exact;     /* the values stored so far can be turned back into their exact text */
  size_t values; /* non-null values so far */
  /* A value's percent sign dropped (num_parse_loose): the first such value, for the note. */
  int percent;
  char percent_text[24]; /* as written, spaces around it left out */
  int64_t percent_i;
  double percent_f;
} colstate;

typedef struct source {
  FILE *file;
  const char *data;
  size_t len, pos;
  size_t total;  /* bytes in all, 0 when unknown */
  size_t end;    /* stop before this offset; 0 for the end of the source */
} source;

typedef struct reader {
  const char *name;
  const csv_options *o;
  csv_report *r;
  cherr *e;
  int failed;
  struct csv_parser parser;
  size_t line;        /* line of the next byte, from 1 */
  size_t record_line; /* line on which the current record began */
  int cr_pending;     /* the last terminator was a CR that an LF may complete */
  field *fields;      /* the record being read */
  size_t nfields, capfields;
  char *bytes;
  size_t nbytes, capbytes;
  int have_header;
  char **names;
  size_t ncol;
  colstate *cols;
  const coltype *fixed; /* second pass: every column's type */
  size_t blank_rows;  /* empty lines not yet taken as nulls (one-column files) */
  int reread;         /* some column needs a second pass */
  int infer_only;     /* so this pass only infers types and keeps no values */
  int reserved;       /* columns have been sized from the first block */
  unsigned char na_first[256]; /* 1 for the first byte of a null token */
  size_t na_min, na_max;       /* the shortest and longest null token */
  /* Parallel reading (csvpar.c): a flag that stops this reader, and whether it saw a quote. */
  atomic_int *cancel;
  int watch_quotes;
  int background;     /* read in another thread: no progress reports */
  size_t progress_total; /* the first half: progress reported as of the whole file's size */
  int saw_quote;      /* a quote has been read: fields may hold line breaks */
  int ascii;          /* this block and the one before are all ASCII */
  int ascii_before;   /* the block before is all ASCII */
  /* Fields shorter than this lie in this block and the one before, which are ASCII with no
   * field beginning or ending with a space (csvr_spaces_matter): block_size, or else 0. */
  size_t plain_below;
  int spaces_before;  /* the block before has fields that begin or end with a space */
  size_t block_size;
  int direct;         /* fields go straight to their columns (end_direct_record) */
  int first_kind;     /* direct: how the record's first field arrived */
  int first_spaces;   /* direct: the record's first field holds spaces and tabs only */
  int extra_text;     /* direct: a field past the last column is not empty */
} reader;

/* csvpar.c */

/*
 * Reads a large file with two threads when it can: f is path opened (the
 * caller's, left open; the second half opens path again and reads only if
 * that is the same file). Returns the dataset, or NULL with e set, or NULL
 * with *declined set when the file is not one it can split (small, quoted
 * fields, one column, CR line ends...) or when a half ran into something
 * only the serial reader reports exactly.
 */
dataset *csvpar_read(const char *path, FILE *f, const csv_options *o, csv_report *r,
                     int *declined, cherr *e);

/* csvrecord.c */

/* Parses the source to its end (first: the file's first bytes, with BOM and delimiter). */
int csvr_parse(reader *rd, source *src, int first);
/* Ends the parse: libcsv's last record, an unterminated quote. */
int csvr_finish(reader *rd);

/* csvvalue.c */

/* Field k of the current record (kind: how libcsv handed it over) into its column. */
int csvr_put_value(reader *rd, size_t k, const char *s, size_t len, int kind);
/*
 * Notes what the values made the reader do: percent signs dropped in a
 * column that stays numeric. -1 when a note could not be kept (no memory).
 */
int csvr_note_values(reader *rd);

/* csvstate.c */

/* Sets up rd for one pass over a source (csv_init included); -1 when out of memory. */
int csvr_init(reader *rd, const char *name, const csv_options *o, csv_report *r,
              const coltype *fixed, cherr *e);
void csvr_free(reader *rd);

/* Records an error about the current record (ERR_INPUT, with its line) or the file; returns -1. */
int csvr_fail(reader *rd, err_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int csvr_fail_nomem(reader *rd);

/* The header has been taken (rd->names, rd->cols set up): rows come next. */
void csvr_header_taken(reader *rd);

/* The type a column's values are stored as while they all satisfy fits (FITS_*). */
coltype csvr_stored_type(int fits);
/* Rebuilds the column as type t from its values' text (exact columns only) or nulls. */
int csvr_restart_as(reader *rd, colstate *cs, coltype t);
/* Turns a builder's int column into floats in place. */
void csvr_ints_to_floats(column *c);
/* Gives all-null columns the string type; may set rd->reread. */
int csvr_settle_types(reader *rd);

/*
 * The dataset of the columns built: each builder finished (its values
 * packed), by this thread, or with every other column on a second thread
 * when two_threads is set (csvpar: millions of values to pack).
 */
dataset *csvr_dataset(reader *rd, int two_threads);

/* csvsniff.c (csvio_sniff_delimiter is in csvio.h) */

/*
 * Whether spaces at the ends of fields in the block s[0..n) are where
 * libcsv's own handling of spaces would drop them; if not, it may keep
 * that handling for the block (faster than asking csvr_no_space per byte).
 */
int csvr_spaces_matter(const char *s, size_t n, char delim);
/* For csv_set_space_func: no byte is a space, so libcsv keeps spaces as data. */
int csvr_no_space(unsigned char c);

#endif
