/*
 * csvread.h - the CSV reader's insides, shared by its files. Not a public
 * interface. Each file calls only the files listed after it, so the calls
 * between them never go round in a loop:
 *
 *   csvread.c    csvio_read_file and csvio_read_buffer: one or two passes
 *   csvpar.c     a large file read in two halves at once, by two readers
 *   csvrecord.c  one pass: blocks to libcsv, lines skipped before it (skip,
 *                comment), fields straight to their columns
 *   csvlayout.c  where the table lies: title lines, the header and the
 *                columns' names, footnotes held back, records into rows
 *   csvvalue.c   a field into its column, each column's type inferred
 *   csvstate.c   the reader set up and freed, errors, column type changes,
 *                the columns finished into a dataset
 *   csvsniff.c   the delimiter (csvio.h), called by csvrecord.c and csvpar.c
 *   csvenc.c     a source that is not UTF-8 decoded first (encoding.h), the
 *                error for bytes that are not UTF-8, notes on garbled text
 *
 * (csvio_note, in csvread.c, only appends to a report: any of them calls it.)
 */
#ifndef CHISO_CSVREAD_H
#define CHISO_CSVREAD_H

#include <csv.h>
#include <stdatomic.h>
#include <stdio.h>

#include "csvio.h"

/* Bytes handed to libcsv at a time; also how often progress and Ctrl-C are checked. */
#define CSVR_BLOCK ((size_t)1 << 18)
/*
 * Footnotes are looked for in the source's last this many bytes (all of it
 * when its size is unknown): only there is a record's first field held back
 * until the record shows it is a row, so a large file pays for it at its end.
 */
#define CSVR_FOOTNOTE_TAIL ((size_t)1 << 20)

/* How a field arrived: an unquoted empty field is null, a quoted one ("") is empty text. */
enum { FIELD_TEXT, FIELD_EMPTY, FIELD_QUOTED_EMPTY };

typedef struct field {
  size_t off, len;
  int kind;
} field;

/* A record gathered whole: n fields whose text lies in bytes, begun on line. */
typedef struct rec {
  const field *f;
  const char *bytes;
  size_t n;
  size_t line;
} rec;

/* A record held back by csvlayout.c: its fields in heldq.fields, their text in heldq.bytes. */
typedef struct heldrec {
  size_t line;
  size_t field0, nfields; /* heldq.fields[field0 .. field0 + nfields) */
  size_t byte0;           /* where its text starts in heldq.bytes */
  int blank_before;       /* an empty line lies between it and the record before it */
} heldrec;

/*
 * Records held back until what follows shows what they are: lines that may
 * be titles, header rows, records that may be footnotes, the last `footer`
 * records. A queue: recs[head .. n) in file order.
 */
typedef struct heldq {
  heldrec *recs;
  size_t head, n, cap;
  field *fields;
  size_t nfields, capfields;
  char *bytes;
  size_t nbytes, capbytes;
} heldq;

/* Types a column's values so far all fit; none left means string. */
enum { FITS_INT = 1, FITS_FLOAT = 2, FITS_BOOL = 4, FITS_ANY = 7 };

typedef struct colstate {
  colbuild b;
  int fits;      /* FITS_* the column's values so far all satisfy */
  int given;     /* type fixed by the caller or by the first pass */
  int exact;     /* the values stored so far can be turned back into their exact text */
  size_t values; /* non-null values so far */
  int unnamed;   /* no name from the header or option names: dropped if it holds no value */
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
  int quick;          /* direct, values kept, a plain block: csvr_quick_value may take fields */
  int first_kind;     /* direct: how the record's first field arrived */
  int first_spaces;   /* direct: the record's first field holds spaces and tabs only */
  int extra_text;     /* direct: a field past the last column is not empty */
  /* The table's place in the file (csvlayout.c; lines skipped in csvrecord.c). */
  size_t skip_left;   /* lines still to skip (option skip) */
  int filter;         /* lines are looked at before libcsv sees them: skip or comment */
  int in_skip;        /* the rest of a skipped line is being passed over */
  int skip_cr;        /* the skipped line ended with a CR, which an LF may complete */
  int titles;         /* records before the header may be title lines */
  int footnotes;      /* the last records may be footnotes */
  size_t footer;      /* option footer: the last this many records are held back and dropped */
  heldq held;
  size_t header_line; /* the line the header (its first row) began on */
  int blank_seen;     /* an empty line since the last row or held record */
  int at_cut;         /* csvpar's first half: its source ends at the cut, not the file's end */
  int notes_later;    /* csvpar's second half: footnotes noted once its first line is known */
  /* Direct records while footnotes are looked for: the first field waits in `first`
   * until a later field has a value, so a footnote never reaches the columns. */
  int may_defer;      /* a direct read that looks for footnotes */
  int in_tail;        /* the block being read lies in the source's last CSVR_FOOTNOTE_TAIL bytes */
  int defer;          /* records start deferred (may_defer, in the tail, not csvpar's first half) */
  int deferring;      /* this record's fields after the first are all empty so far */
  const char *first;  /* the first field: in spare (libcsv's buffer of that record) or own_first */
  size_t first_len;
  int first_ascii;    /* rd->ascii when the first field arrived */
  size_t first_plain; /* rd->plain_below when the first field arrived */
  char *spare;        /* the entry buffer libcsv is not writing into (hold_first) */
  size_t spare_size;
  char *own_first;    /* a copy of the first field, when it is not in libcsv's buffer */
  size_t first_cap;
  enc_guess not_utf8_hint; /* csvenc_plan's hint: what the first bytes look like, if not UTF-8 */
} reader;

/* csvenc.c */

/* How to read a source, as its first bytes and the option encoding say. */
typedef struct csvenc_plan {
  char *text;      /* the source decoded to UTF-8 (the caller's, mem_free), when it was not UTF-8 */
  size_t len;
  enc_guess hint;  /* read as UTF-8, but its first block is not: the encodings it looks like (n -1: none) */
  char note[200];  /* a note for the report ("" for none), added by csvenc_notes */
} csvenc_plan;

/*
 * Looks at the first bytes of a file (f, at its start; rewound after, unless
 * it is decoded; a file that cannot be rewound is read as it comes unless an
 * encoding is given) or of text in memory: 0 to read it as it is, 1 with
 * p->text holding it decoded, -1 with e (UTF-16 without a byte-order mark,
 * bytes the encoding lacks, I/O, memory). p is set up in every case.
 */
int csvenc_start_file(const char *path, FILE *f, int seekable, const csv_options *o,
                      csvenc_plan *p, cherr *e);
int csvenc_start_buffer(const char *name, const char *data, size_t len, const csv_options *o,
                        csvenc_plan *p, cherr *e);

/* The error for bytes that are not UTF-8 in field col (from 1) of the current record, s..len. */
int csvr_fail_not_utf8(reader *rd, size_t col, const char *s, size_t len);

/*
 * The plan's note, and notes on a header and text columns that look garbled
 * ("Hµ Néi": TCVN3 read as Windows-1252), after a successful read; -1 with
 * e when memory runs out or the read is stopped.
 */
int csvenc_notes(const dataset *d, const csv_options *o, const csvenc_plan *p, csv_report *r,
                 cherr *e);

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
/* Ends the parse: libcsv's last record, an unterminated quote, what the layout held back. */
int csvr_finish(reader *rd);

/* csvlayout.c */

/* A record gathered whole (or a deferred direct record), before the header or after it. */
void csvr_record(reader *rd, const rec *c);
/* Whether s holds spaces and tabs alone (or nothing). */
int csvr_only_spaces(const char *s, size_t len);
/* Puts the held records into the columns as rows: what follows them shows they are data. */
void csvr_flush_held(reader *rd);
/* The end of the source: titles or header rows still held, footnotes decided or flushed. */
int csvr_layout_end(reader *rd);
/* Notes each footnote csvr_layout_end dropped, its line moved by offset, into r. */
void csvr_note_footnotes(reader *rd, csv_report *r, size_t offset);
/* Keeps a line number for the report's list (count, lines: padded_lines and the like). */
void csvr_note_line(size_t *count, size_t *lines, size_t line);
/* The error for a record of n fields that cannot be made to fit the header's want; -1. */
int csvr_wrong_length(reader *rd, size_t n, size_t want);

/* csvvalue.c */

/* Field k of the current record (kind: how libcsv handed it over) into its column. */
int csvr_put_value(reader *rd, size_t k, const char *s, size_t len, int kind);
/* Whether s is one of the null tokens (option na, else NA, N/A, null), as written. */
int csvr_is_null_token(const reader *rd, const char *s, size_t len);
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

/* Grows *p (of *cap items of width bytes) to hold need items: 0, or -1 when out of memory. */
int csvr_grow(void **p, size_t *cap, size_t need, size_t width);

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
 * when two_threads is set (csvpar: millions of values to pack). Columns
 * without a name are dropped with a note when they hold no value, and are
 * an error when they do.
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

/* csvvalue.c's fast path */

/*
 * The common field, with no call: text shorter than plain_below (so ASCII
 * with no space at its ends) going to a column whose type is inferred, where
 * it is what the column already holds: a plain number (num_quick) in an int
 * or float column, or text in a text column (while no quote has been read:
 * a quoted field may hold line breaks to count). 1 when it is stored as
 * csvr_put_value would store it, 0 when csvr_put_value must decide (a null
 * token may start with its first byte, another type, a value to note).
 */
__attribute__((always_inline)) static inline int csvr_quick_value(reader *rd, size_t k,
                                                                  const char *s, size_t len)
{
  colstate *cs = &rd->cols[k];
  if (len == 0 || len >= rd->plain_below || rd->na_first[(unsigned char)s[0]] || cs->given)
    return 0;
  int64_t i;
  double f;
  int rc;
  if (cs->fits == 0) {
    if (rd->saw_quote)
      return 0;
    rc = colbuild_str(&cs->b, s, len, rd->e);
  } else if (cs->fits == FITS_FLOAT || cs->fits == (FITS_INT | FITS_FLOAT)) {
    int kind = rd->o->num.thousands != 0 ? NUM_NONE : num_quick(s, len, rd->o->num.decimal, &i, &f);
    if (kind == NUM_NONE)
      return 0;
    if (cs->fits == FITS_FLOAT) {
      rc = colbuild_float(&cs->b, f, rd->e);
      cs->exact = 0;
    } else if (kind == NUM_INT && !(i == 0 && s[0] == '-')) {
      rc = colbuild_int(&cs->b, i, rd->e); /* "-0" would not come back as written in text */
    } else {
      return 0;
    }
  } else {
    return 0;
  }
  cs->values++;
  if (rc != 0)
    csvr_fail_nomem(rd);
  return 1;
}

#endif
