/*
 * csvsniff.c - how a CSV file is written, judged from its bytes: the
 * delimiter, from its first lines; and, block by block, whether spaces at
 * the ends of fields matter there (where none does, libcsv's own handling
 * of spaces, which drops them, gives the same fields, and faster).
 */
#include "csvread.h"

#include <stdio.h>
#include <string.h>

/* Records (lines, but for quoted line breaks) looked at for the delimiter. */
#define SNIFF_RECORDS 100

/* How one candidate delimiter splits the first records. */
typedef struct split {
  char delim;
  size_t fields[SNIFF_RECORDS]; /* fields in each record */
  size_t records;               /* records read; blank lines are none */
  size_t misquoted;             /* records with a quote out of place for this delimiter */
  size_t mode, lines;           /* the commonest number of fields above 1, and its records */
} split;

/* Where the reader is in a field: as libcsv's states, and Python's csv for misplaced quotes. */
enum { AT_START, PLAIN, QUOTED, CLOSED };

static void end_record(split *sp, size_t n, size_t chars, int misquoted)
{
  if (n == 1 && chars == 0)
    return; /* a blank line, or the LF of a CRLF */
  sp->fields[sp->records++] = n;
  sp->misquoted += (size_t)misquoted;
}

/*
 * Splits the first records of s with sp->delim. A quote opens a quoted
 * field only at a field's start, and a closing quote must be followed by
 * the delimiter or a line end: any other quote is out of place (in the
 * right file, with the right delimiter, that is rare); with option trim a
 * quote after spaces opens a field too. A last record cut off by the
 * sample's end is left out, unless the sample is the whole file.
 */
static void split_sample(split *sp, const char *s, size_t len, int whole, int trim)
{
  int state = AT_START, misquoted = 0;
  size_t n = 1, chars = 0;
  for (size_t i = 0; i < len && sp->records < SNIFF_RECORDS; i++) {
    char c = s[i];
    if (state == AT_START && trim && (c == ' ' || c == '\t') && c != sp->delim) {
      chars++; /* option trim: libcsv passes over spaces before a field */
      continue;
    }
    if (state == QUOTED) {
      state = c == '"' ? CLOSED : QUOTED;
    } else if (c == '"' && state == CLOSED) {
      state = QUOTED; /* "" inside quotes */
    } else if (c == sp->delim) {
      n++;
      state = AT_START;
    } else if (c == '\n' || c == '\r') {
      end_record(sp, n, chars, misquoted);
      n = 1, chars = 0, misquoted = 0, state = AT_START;
      continue;
    } else if (c == '"' && state == AT_START) {
      state = QUOTED;
    } else {
      misquoted |= c == '"' || state == CLOSED;
      state = PLAIN;
    }
    chars++;
  }
  if (whole && state != QUOTED && sp->records < SNIFF_RECORDS)
    end_record(sp, n, chars, misquoted);
}

/* The commonest number of fields above 1 (the larger when two are as common) and how often. */
static void find_mode(split *sp)
{
  sp->mode = sp->lines = 0;
  for (size_t a = 0; a < sp->records; a++) {
    size_t f = sp->fields[a], count = 0;
    if (f < 2 || f == sp->mode)
      continue;
    for (size_t b = 0; b < sp->records; b++)
      count += sp->fields[b] == f;
    if (count > sp->lines || (count == sp->lines && f > sp->mode)) {
      sp->mode = f;
      sp->lines = count;
    }
  }
}

/* Records split into the same number of fields, less those with a misplaced quote. */
static long score(const split *sp)
{
  return (long)sp->lines - (long)sp->misquoted;
}

static const char *shown(char d)
{
  switch (d) {
  case ',': return "','";
  case ';': return "';'";
  case '\t': return "tab";
  default: return "'|'";
  }
}

static const char *option_value(char d)
{
  switch (d) {
  case ',': return "\",\"";
  case ';': return "\";\"";
  case '\t': return "\"tab\"";
  default: return "\"|\"";
  }
}

/* "the first line" or "the first 3 lines". */
static void first_lines(char *buf, size_t size, size_t n)
{
  if (n == 1)
    snprintf(buf, size, "the first line");
  else
    snprintf(buf, size, "the first %zu lines", n);
}

/* The message for two candidates equally good: what each does, and the options that settle it. */
static void describe_tie(const split *a, const split *b, char decimal, char *why, size_t size)
{
  char what[200], first[40];
  size_t records = a->records > b->records ? a->records : b->records;
  first_lines(first, sizeof first, records);
  if (a->mode == b->mode && a->lines == b->lines && a->lines == records && !a->misquoted)
    snprintf(what, sizeof what, "%s and %s both split %s into %zu fields", shown(a->delim),
             shown(b->delim), first, a->mode);
  else if (a->mode == b->mode && a->lines == b->lines && !a->misquoted && !b->misquoted)
    snprintf(what, sizeof what, "%s and %s both split %zu of %s into %zu fields",
             shown(a->delim), shown(b->delim), a->lines, first, a->mode);
  else
    snprintf(what, sizeof what, "%s and %s split %s equally well (into %zu fields on %zu of "
             "them, and into %zu on %zu)", shown(a->delim), shown(b->delim), first, a->mode,
             a->lines, b->mode, b->lines);
  /* The comma last: a file where it ties is most often a semicolon file with decimal commas. */
  const split *one = a->delim == ',' ? b : a, *other = a->delim == ',' ? a : b;
  snprintf(why, size, "cannot tell the delimiter: %s; give option delimiter (delimiter = %s or %s)%s",
           what, option_value(one->delim), option_value(other->delim),
           other->delim == ',' && decimal != ',' ? ", or decimal = \",\" if the commas are decimal marks"
                                                 : "");
}

int csvio_sniff_delimiter(const char *s, size_t len, int whole, const csv_options *o, char *delim,
                          char *why, size_t whysize)
{
  static const char candidates[] = {',', ';', '\t', '|'};
  split sp[sizeof candidates];
  const split *best = NULL, *tied = NULL;
  for (size_t k = 0; k < sizeof candidates; k++) {
    split *c = &sp[k];
    c->delim = candidates[k];
    c->records = c->misquoted = 0;
    if (c->delim == ',' && o->num.decimal == ',')
      continue; /* the comma is the decimal mark */
    split_sample(c, s, len, whole, o->trim);
    find_mode(c);
    if (c->lines == 0 || c->lines * 2 < c->records)
      continue; /* a few lines of one column with the character in its text */
    if (best == NULL || score(c) > score(best)) {
      best = c;
      tied = NULL;
    } else if (score(c) == score(best) && tied == NULL) {
      tied = c;
    }
  }
  *delim = best != NULL ? best->delim : ',';
  if (tied == NULL)
    return 0;
  describe_tie(best, tied, o->num.decimal, why, whysize);
  return -1;
}

/* Spaces */

int csvr_no_space(unsigned char c)
{
  (void)c;
  return 0;
}

/* Whether c is a space to libcsv: a space, or a tab that is not the delimiter. */
static int libcsv_space(char c, char delim)
{
  return c == ' ' || (c == '\t' && delim != '\t');
}

/* Whether a field ends at c, as far as spaces go: the delimiter, a line end, or a quote. */
static int field_edge(char c, char delim)
{
  return c == delim || c == '\n' || c == '\r' || c == '"';
}

/*
 * libcsv drops spaces at the start of a field, at the end of an unquoted
 * one and after a closing quote: where a space touches the delimiter, a
 * line end or a quote (a quote after spaces that are kept is data, but it
 * opens a quoted field once they are dropped), or the block's ends (the
 * field may go on in the next block). Anywhere else it keeps them.
 */
int csvr_spaces_matter(const char *s, size_t n, char delim)
{
  if (n == 0)
    return 0;
  if (libcsv_space(s[0], delim) || libcsv_space(s[n - 1], delim))
    return 1;
  for (int tab = 0; tab < 2; tab++) {
    char c = tab ? '\t' : ' ';
    if (!libcsv_space(c, delim))
      continue;
    for (const char *p = s; (p = memchr(p, c, (size_t)(s + n - p))) != NULL; p++)
      if (field_edge(p[-1], delim) || field_edge(p[1], delim))
        return 1; /* p is neither the first nor the last byte */
  }
  return 0;
}
