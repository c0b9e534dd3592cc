/*
 * csvvalue.c - a CSV field into its column: null tokens, numbers, booleans
 * and text, each column's type inferred as the values come (int, then
 * float, then string; true/false as bool) or checked against a given type.
 * A column that turns to text keeps the exact text of what it read when it
 * can; when it cannot (a float such as "1.50" read as 1.5), the reader is
 * told to read the file again with every type fixed. Rebuilding a column
 * as another type is csvstate.c's, which the parallel reader shares.
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

static int is_na(const reader *rd, const char *s, size_t len)
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

static int put_given(reader *rd, colstate *cs, size_t k, const char *s, size_t len)
{
  value v = {0, 0, 0, s, len};
  int ok = 1;
  switch (cs->b.col->type) {
  case COL_STR: break;
  case COL_INT: ok = num_parse(s, len, &rd->o->num, &v.i, &v.f) == NUM_INT; break;
  case COL_FLOAT: ok = num_parse(s, len, &rd->o->num, &v.i, &v.f) != NUM_NONE; break;
  case COL_BOOL: ok = parse_bool(s, len, &v.b); break;
  }
  if (ok)
    return store(rd, cs, &v);
  char shown[64];
  return csvr_fail(rd, ERR_INPUT, "column '%s' is %s but holds '%s'", rd->names[k],
              col_typename(cs->b.col->type), shorten(s, len, shown, sizeof shown));
}

static int put_inferred(reader *rd, colstate *cs, const char *s, size_t len)
{
  value v = {0, 0, 0, s, len};
  int fits = 0;
  if (cs->fits == 0) { /* already text, and text it stays */
    cs->values++;
    return store(rd, cs, &v);
  }
  int kind = num_parse(s, len, &rd->o->num, &v.i, &v.f);
  if (kind == NUM_INT)
    fits = FITS_INT | FITS_FLOAT;
  else if (kind == NUM_FLOAT)
    fits = FITS_FLOAT;
  else if (parse_bool(s, len, &v.b))
    fits = FITS_BOOL;
  if ((cs->fits & fits) != cs->fits && widen(rd, cs, cs->fits & fits) != 0)
    return -1;
  cs->values++;
  /* Could the text of this value be rebuilt from what is stored, if the column became text? */
  switch (cs->b.col->type) {
  case COL_INT:
    if (s[0] == '+' || (v.i == 0 && s[0] == '-') ||
        (rd->o->num.thousands && memchr(s, rd->o->num.thousands, len)))
      cs->exact = 0;
    break;
  case COL_FLOAT: cs->exact = 0; break;
  case COL_BOOL:
    if (memcmp(s, v.b ? "true" : "false", len) != 0)
      cs->exact = 0;
    break;
  case COL_STR: break;
  }
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
  if (is_null && rd->infer_only)
    return 0;
  if (is_null)
    return colbuild_null(&cs->b, rd->e) ? csvr_fail_nomem(rd) : 0;
  if (cs->given)
    return put_given(rd, cs, k, s, len);
  return put_inferred(rd, cs, s, len);
}

