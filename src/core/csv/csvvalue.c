/*
 * csvvalue.c - a CSV field into its column: null tokens, numbers, booleans
 * and text, each column's type inferred as the values come (int, then
 * float, then string; true/false as bool) or checked against a given type.
 * Text is kept as written (option trim aside); numbers, booleans and null
 * tokens are also read with spaces around them, and numbers as spreadsheets
 * in Vietnam write them (num_parse_loose: a percent sign, an apostrophe,
 * no-break spaces, U+2212). A column that turns to text keeps the exact
 * text of what it read when it can; when it cannot (a float such as "1.50"
 * read as 1.5, " 12" read as 12), the reader is told to read the file again
 * with every type fixed. Rebuilding a column as another type is
 * csvstate.c's, which the parallel reader shares.
 */
#include "csvread.h"

#include <string.h>
#include <strings.h>

#include "text.h"

/*
 * A column turned to text after values whose exact text is lost: the file
 * will be read again with every type fixed, so from here on the first pass
 * only infers types, and the values kept so far are let go.
 */
static int start_inferring_only(reader *rd)
{
  rd->reread = 1;
  rd->infer_only = 1;
  rd->quick = 0;
  for (size_t k = 0; k < rd->ncol; k++) {
    colbuild *b = &rd->cols[k].b;
    coltype t = b->col->type;
    colbuild_discard(b);
    if (colbuild_init(b, t, 0, rd->e) != 0)
      return csvr_fail_nomem(rd);
  }
  return 0;
}

/* The column's values narrowed from cs->fits to fits: converts what it holds. */
static int widen(reader *rd, colstate *cs, int fits)
{
  coltype from = csvr_stored_type(cs->fits), to = csvr_stored_type(fits);
  cs->fits = fits;
  if (from == to)
    return 0;
  if (!rd->infer_only && from == COL_INT && to == COL_FLOAT) {
    csvr_ints_to_floats(cs->b.col);
    cs->exact = 0;
    return 0;
  }
  /* Nulls kept for "" fields would have to be empty strings now: start again. */
  if (!rd->infer_only && to == COL_STR && !cs->exact && start_inferring_only(rd) != 0)
    return -1;
  return csvr_restart_as(rd, cs, to);
}

static int parse_bool(const char *s, size_t len, int *v)
{
  if (len == 4 && strncasecmp(s, "true", 4) == 0)
    *v = 1;
  else if (len == 5 && strncasecmp(s, "false", 5) == 0)
    *v = 0;
  else
    return 0;
  return 1;
}

/* Whether s starts or ends with a space, a tab, or a byte that may begin or end U+00A0 or U+202F. */
__attribute__((always_inline)) static inline int spaced(const char *s, size_t len)
{
  unsigned char a = (unsigned char)s[0], z = (unsigned char)s[len - 1];
  if (a - 0x21u < 0x5Fu && z - 0x21u < 0x5Fu)
    return 0; /* printable ASCII at both ends: most fields, at once */
  return a == ' ' || a == '\t' || a == 0xC2 || a == 0xE2 ||
         z == ' ' || z == '\t' || z == 0xA0 || z == 0xAF;
}

/* Inlined at both its calls: most fields are turned away by its first test. */
__attribute__((always_inline)) static inline int is_na(const reader *rd, const char *s, size_t len)
{
  if (len < rd->na_min || len > rd->na_max || (len > 0 && !rd->na_first[(unsigned char)s[0]]))
    return 0;
  const char *const *na = rd->o->na ? rd->o->na : csvio_default_na;
  size_t nna = rd->o->na ? rd->o->nna : csvio_default_nna;
  for (size_t k = 0; k < nna; k++)
    if (strlen(na[k]) == len && memcmp(na[k], s, len) == 0)
      return 1;
  return 0;
}

int csvr_is_null_token(const reader *rd, const char *s, size_t len)
{
  return is_na(rd, s, len);
}

/*
 * A field (of at least a byte) with spaces at an end, U+00A0 and U+202F
 * too: trimmed of spaces and tabs with option trim; *t and *n get it
 * without any of those spaces. Returns whether it is null: a null token
 * inside the spaces, or nothing but spaces, except in a text column, where
 * that is text as written ("" with option trim).
 */
__attribute__((cold)) static int spaced_null(const reader *rd, colstate *cs, const char **s,
                                             size_t *len, const char **t, size_t *n)
{
  if (rd->o->trim)
    text_trim(s, len);
  *t = *s;
  *n = *len;
  num_trim(t, n);
  if (*n > 0)
    return is_na(rd, *t, *n);
  if (cs->b.col->type == COL_STR)
    return 0;
  if (!cs->given)
    cs->exact = 0; /* as for "": the spaces would be text if the column turned to text */
  return 1;
}

/* Text of a value for an error message: at most 40 bytes, cut at a character boundary. */
static const char *shorten(const char *s, size_t len, char *buf, size_t size)
{
  size_t n = utf8_fit(s, len, 40, NULL);
  snprintf(buf, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
  return buf;
}

/* A field read as the type of its column. */
typedef struct value {
  int64_t i;
  double f;
  int b;
  const char *s;
  size_t len;
} value;

/* Appends v to the column, unless a second pass is coming and values are not being kept. */
static int store(reader *rd, colstate *cs, const value *v)
{
  if (rd->infer_only)
    return 0;
  int rc;
  switch (cs->b.col->type) {
  case COL_INT: rc = colbuild_int(&cs->b, v->i, rd->e); break;
  case COL_FLOAT: rc = colbuild_float(&cs->b, v->f, rd->e); break;
  case COL_BOOL: rc = colbuild_bool(&cs->b, v->b, rd->e); break;
  default: rc = colbuild_str(&cs->b, v->s, v->len, rd->e); break;
  }
  return rc ? csvr_fail_nomem(rd) : 0;
}

static int store_null(reader *rd, colstate *cs)
{
  if (rd->infer_only)
    return 0;
  return colbuild_null(&cs->b, rd->e) ? csvr_fail_nomem(rd) : 0;
}

/*
 * A text value: kept as written, unless spaces at its ends show it is null
 * or option trim cuts them. In blocks of ASCII where no field begins or ends
 * with a space (csvrecord.c's plain_below) a field shorter than a block,
 * which lies in this block and the one before, has none to look for.
 */
__attribute__((always_inline)) static inline int store_text(reader *rd, colstate *cs, value *v)
{
  const char *t;
  size_t n;
  if (v->len >= rd->plain_below && v->len > 0 && spaced(v->s, v->len) &&
      spaced_null(rd, cs, &v->s, &v->len, &t, &n))
    return store_null(rd, cs);
  return store(rd, cs, v);
}

/* FITS_* of what num_parse found. */
static int fits_of(int kind)
{
  if (kind == NUM_INT)
    return FITS_INT | FITS_FLOAT;
  return kind == NUM_FLOAT ? FITS_FLOAT : 0;
}

/*
 * Beside FITS_*, what classify_rest found: the field is null (a null token
 * or nothing but spaces in a number column); it was read only once what
 * spreadsheets add was set aside (its text is not the value's); a percent
 * sign was dropped.
 */
enum { FITS_NULL = 8, READ_LOOSE = 16, READ_PERCENT = 32 };

/*
 * What a field that num_parse does not read as it is can be read as: a
 * boolean, a null (spaces around a null token, or nothing but spaces), or
 * a number or boolean once what spreadsheets add is set aside. FITS_* (0
 * for text only: v->s and v->len the text, trimmed with option trim) with
 * READ_LOOSE and READ_PERCENT, or FITS_NULL.
 */
__attribute__((cold)) static int classify_rest(const reader *rd, colstate *cs, value *v)
{
  const char *t = v->s;
  size_t n = v->len;
  int kind = NUM_NONE;
  if (spaced(t, n)) { /* the spaces set aside, a number or a boolean as it is */
    if (spaced_null(rd, cs, &v->s, &v->len, &t, &n))
      return FITS_NULL;
    kind = num_parse(t, n, &rd->o->num, &v->i, &v->f);
    if (kind == NUM_NONE && parse_bool(t, n, &v->b))
      return FITS_BOOL | READ_LOOSE;
  } else if (parse_bool(t, n, &v->b)) {
    return FITS_BOOL;
  }
  int percent = 0;
  if (kind == NUM_NONE)
    kind = num_parse_loose(t, n, &rd->o->num, &v->i, &v->f, &percent);
  return fits_of(kind) | READ_LOOSE | (percent ? READ_PERCENT : 0);
}

/* Keeps the first value whose percent sign was dropped, for the note. */
static void remember_percent(colstate *cs, const char *s, size_t len, const value *v)
{
  if (cs->percent)
    return;
  cs->percent = 1;
  num_trim(&s, &len);
  size_t n = len < sizeof cs->percent_text ? len : sizeof cs->percent_text - 1;
  while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--; /* cut at a character's start */
  memcpy(cs->percent_text, s, n);
  cs->percent_text[n] = '\0';
  cs->percent_i = v->i;
  cs->percent_f = v->f;
}

static int put_given(reader *rd, colstate *cs, size_t k, const char *s, size_t len)
{
  value v = {0, 0, 0, s, len};
  coltype t = cs->b.col->type;
  if (t == COL_STR)
    return store_text(rd, cs, &v);
  int read = fits_of(num_parse(s, len, &rd->o->num, &v.i, &v.f));
  if (read == 0)
    read = classify_rest(rd, cs, &v);
  if (read & FITS_NULL)
    return store_null(rd, cs);
  int ok = read & (t == COL_INT ? FITS_INT : t == COL_FLOAT ? FITS_FLOAT : FITS_BOOL);
  if (ok && (read & READ_PERCENT))
    remember_percent(cs, s, len, &v);
  if (ok)
    return store(rd, cs, &v);
  char shown[64];
  return csvr_fail(rd, ERR_INPUT, "column '%s' is %s but holds '%s'", rd->names[k],
              col_typename(t), shorten(s, len, shown, sizeof shown));
}

/* Whether the text of a value stored as type t can be rebuilt from the value (csvr_restart_as). */
static int rebuilt_exactly(const reader *rd, coltype t, const char *s, size_t len, const value *v)
{
  switch (t) {
  case COL_INT:
    return s[0] != '+' && !(v->i == 0 && s[0] == '-') &&
           !(rd->o->num.thousands && memchr(s, rd->o->num.thousands, len));
  case COL_FLOAT: return 0;
  case COL_BOOL: return memcmp(s, v->b ? "true" : "false", len) == 0;
  case COL_STR: return 1;
  }
  return 1;
}

/* What classify_rest found (read) about a value, for the column's exactness and its note. */
__attribute__((cold)) static void read_rest(const reader *rd, colstate *cs, int read,
                                            const char *s, size_t len, const value *v)
{
  coltype t = cs->b.col->type;
  if (t == COL_STR)
    return; /* its text is stored */
  if ((read & READ_LOOSE) || !rebuilt_exactly(rd, t, s, len, v))
    cs->exact = 0;
  if (read & READ_PERCENT)
    remember_percent(cs, s, len, v);
}

static int put_inferred(reader *rd, colstate *cs, const char *s, size_t len)
{
  value v = {0, 0, 0, s, len};
  if (cs->fits == 0) { /* already text, and text it stays */
    cs->values++;
    return store_text(rd, cs, &v);
  }
  int fits = fits_of(num_parse(s, len, &rd->o->num, &v.i, &v.f)), read = 0;
  if (fits == 0) { /* the common case above, the rest there */
    read = classify_rest(rd, cs, &v);
    if (read & FITS_NULL)
      return store_null(rd, cs);
    fits = read & FITS_ANY;
  }
  if ((cs->fits & fits) != cs->fits && widen(rd, cs, cs->fits & fits) != 0)
    return -1;
  cs->values++;
  /* Could the text of this value be rebuilt from what is stored, if the column became text? */
  switch (read != 0 ? COL_STR : cs->b.col->type) { /* num_parse read it: an int or a float */
  case COL_INT:
    if (s[0] == '+' || (v.i == 0 && s[0] == '-') ||
        (rd->o->num.thousands && memchr(s, rd->o->num.thousands, len)))
      cs->exact = 0;
    break;
  case COL_FLOAT: cs->exact = 0; break;
  default: break;
  }
  if (read != 0)
    read_rest(rd, cs, read, s, len, &v);
  return store(rd, cs, &v);
}

int csvr_put_value(reader *rd, size_t k, const char *s, size_t len, int kind)
{
  colstate *cs = &rd->cols[k];
  /* A field shorter than a block lies in this block and the one before; ASCII there is valid. */
  if (kind == FIELD_TEXT && (!rd->ascii || len >= rd->block_size)) {
    if (utf8_check(s, len) < len)
      return csvr_fail_not_utf8(rd, k + 1, s, len); /* csvenc.c names the likely encoding */
  }
  int is_null = kind == FIELD_EMPTY || is_na(rd, s, len);
  if (kind == FIELD_QUOTED_EMPTY && cs->b.col->type != COL_STR) {
    is_null = 1;       /* "" in a number column is a missing value */
    if (!cs->given)
      cs->exact = 0;   /* but it would be "" if the column turned to text */
  }
  if (is_null)
    return store_null(rd, cs);
  if (cs->given)
    return put_given(rd, cs, k, s, len);
  return put_inferred(rd, cs, s, len);
}

int csvr_note_values(reader *rd)
{
  for (size_t k = 0; k < rd->ncol; k++) {
    const colstate *cs = &rd->cols[k];
    coltype t = cs->b.col->type;
    if (!cs->percent || (t != COL_INT && t != COL_FLOAT))
      continue;
    char num[NUM_BUFSIZE];
    if (t == COL_INT)
      num_format_int(cs->percent_i, num);
    else
      num_format_float(cs->percent_f, num);
    csvio_note(rd->r, "column '%s': percent signs dropped (%s read as %s)", rd->names[k],
               cs->percent_text, num);
  }
  return rd->r->notes.failed ? csvr_fail_nomem(rd) : 0; /* a note lost: the report would not say all */
}
