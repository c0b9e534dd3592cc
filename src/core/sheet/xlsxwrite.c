/*
 * xlsxwrite.c - datasets as the sheets of an .xlsx workbook, through
 * libxlsxwriter (sheet.h says what a written sheet holds).
 *
 * libxlsxwriter writes only to a file name, and makes work files of its
 * own. So the workbook is built in a work file made new (O_EXCL |
 * O_NOFOLLOW) in the folder the target goes to, reached by libxlsxwriter
 * through /proc/self/fd, so that no link put in its place can divert it, and
 * taken out of the folder at once; libxlsxwriter's own work files go to the
 * same folder, where a sandboxed report may make files, and are removed as
 * soon as they are made. Nothing of them is left, whatever happens.
 * xlsxfinish.c then checks the work file and copies it to the outfile,
 * which makes the target whole or not at all.
 *
 * Sheets are written in libxlsxwriter's constant-memory mode, a row at a
 * time, so a large dataset is not held twice. Each sheet's rows wait in a
 * work file of their own until the workbook closes; together they may not
 * pass what the output limit leaves, so a report cannot fill the disk with
 * sheets whose workbook would be small.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "halt.h"
#include "mem.h"
#include "num.h"
#include "sandbox.h"
#include "sbuf.h"
#include "sheet.h"
#include "text.h"
#include "vn.h"
#include "xlsxout.h"

/* Excel's limits: characters in a cell and in a sheet's name. */
#define CELL_CHARS 32767
#define NAME_CHARS 31
/* A column is as wide as its longest text plus this, in characters, up to the cap. */
#define WIDTH_PAD 2
#define WIDTH_CAP 60
/* Excel's General format shows a number in at most about this many characters. */
#define NUMBER_CHARS 12
/* The integers a double holds exactly. */
#define EXACT_INT ((int64_t)1 << 53)

/* Characters in UTF-8 text: the bytes that begin one. */
static size_t chars_in(const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* Sheet names ----------------------------------------------------------------- */

int sheet_check_name(const char *name, cherr *e)
{
  size_t len = strlen(name), n = chars_in(name, len);
  const char *bad = strpbrk(name, ":\\/?*[]");
  if (utf8_check(name, len) != len)
    return err_set(e, ERR_ARG, "a sheet's name must be UTF-8 text");
  for (size_t k = 0; k < len; k++) {
    unsigned char c = (unsigned char)name[k];
    /* XML cannot carry most controls, U+FFFE nor U+FFFF; a line break no reader takes back */
    if (c < 0x20 || c == 0x7f)
      return err_set(e, ERR_ARG, "a sheet's name cannot hold a control character (U+%04X, "
                     "character %zu)", c, chars_in(name, k) + 1);
    if (c == 0xEF && k + 2 < len && (unsigned char)name[k + 1] == 0xBF &&
        ((unsigned char)name[k + 2] & 0xFE) == 0xBE)
      return err_set(e, ERR_ARG, "a sheet's name cannot hold U+%04X (character %zu), which XML "
                     "cannot carry", 0xFFFE + ((unsigned char)name[k + 2] & 1), chars_in(name, k) + 1);
  }
  if (n == 0)
    return err_set(e, ERR_ARG, "a sheet's name cannot be empty");
  if (n > NAME_CHARS)
    return err_set(e, ERR_ARG, "sheet name '%s' has %zu characters; Excel allows at most %d",
                   name, n, NAME_CHARS);
  if (bad != NULL)
    return err_set(e, ERR_ARG, "sheet name '%s' holds '%c', which Excel does not allow in a "
                   "sheet's name (nor any of : \\ / ? * [ ])", name, *bad);
  if (name[0] == '\'' || name[len - 1] == '\'')
    return err_set(e, ERR_ARG, "sheet name '%s' begins or ends with ', which Excel does not "
                   "allow", name);
  if (strcasecmp(name, "History") == 0)
    return err_set(e, ERR_ARG, "'%s' is a sheet name Excel keeps for itself", name);
  return 0;
}

/* A code point as Excel compares sheet names: without case (ASCII and Vietnamese letters). */
static uint32_t fold(uint32_t cp)
{
  const vn_letter *l = vn_lookup(cp);
  if (l != NULL)
    return 0x110000u + ((uint32_t)(unsigned char)l->base << 8 | (uint32_t)l->mark << 4 | l->tone);
  return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

/* Whether Excel takes two names for the same sheet. */
static int same_name(const char *a, const char *b)
{
  size_t alen = strlen(a), blen = strlen(b);
  while (alen > 0 && blen > 0) {
    uint32_t x, y;
    size_t m = utf8_decode(a, alen, &x), n = utf8_decode(b, blen, &y);
    if (fold(x) != fold(y))
      return 0;
    a += m, alen -= m;
    b += n, blen -= n;
  }
  return alen == 0 && blen == 0;
}

/* The names (given or "SheetN") in names[], checked, and each different from the others. */
static int check_sheets(const sheet_out *s, size_t n, char (*names)[128], cherr *e)
{
  if (n == 0)
    return err_set(e, ERR_ARG, "a workbook needs at least one sheet");
  for (size_t k = 0; k < n; k++) {
    const dataset *d = s[k].data;
    if (s[k].name != NULL && strlen(s[k].name) >= sizeof names[k])
      return err_set(e, ERR_ARG, "sheet name '%.40s...' is too long for Excel", s[k].name);
    if (s[k].name != NULL)
      snprintf(names[k], sizeof names[k], "%s", s[k].name);
    else
      snprintf(names[k], sizeof names[k], "Sheet%zu", k + 1);
    if (sheet_check_name(names[k], e) != 0)
      return -1;
    for (size_t j = 0; j < k; j++)
      if (same_name(names[j], names[k]))
        return err_set(e, ERR_ARG, "two sheets are named '%s'%s%s%s; Excel needs a name of its "
                       "own for each (case does not count)", names[j],
                       strcmp(names[j], names[k]) ? " and '" : "",
                       strcmp(names[j], names[k]) ? names[k] : "",
                       strcmp(names[j], names[k]) ? "'" : "");
    if (d->ncol > LXW_COL_MAX || d->nrow > LXW_ROW_MAX - 1)
      return err_set(e, ERR_ARG, "sheet '%s': %zu rows and %zu columns do not fit in a sheet, "
                     "which holds %d rows under its header and %d columns", names[k], d->nrow,
                     d->ncol, LXW_ROW_MAX - 1, LXW_COL_MAX);
    for (size_t c = 0; s[k].decimals != NULL && c < d->ncol; c++)
      if (s[k].decimals[c] < -1 || s[k].decimals[c] > SHEET_MAX_DECIMALS)
        return err_set(e, ERR_ARG, "sheet '%s', column '%s': %d decimals; a column shows 0 to %d",
                       names[k], d->names[c], s[k].decimals[c], SHEET_MAX_DECIMALS);
  }
  return 0;
}

/* The workbook being written ------------------------------------------------------ */

typedef struct book {
  lxw_workbook *wb;
  lxw_format *bold;
  lxw_format *fixed[SHEET_MAX_DECIMALS + 1]; /* numbers shown with k decimals, made when needed */
  sbuf text;                                 /* a text as the cell gets it */
  const char *sheet;                         /* the sheet being written, for messages */
  size_t held;                               /* bytes in the work files of the sheets before */
} book;

/* A failure libxlsxwriter reported. */
static int lxw_fail(lxw_error err, cherr *e)
{
  if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
    return err_nomem(e);
  return err_set(e, ERR_IO, "cannot write the workbook: %s", lxw_strerror(err));
}

static lxw_format *fixed_format(book *b, int decimals, cherr *e)
{
  if (decimals < 0)
    return NULL;
  if (b->fixed[decimals] == NULL) {
    char code[SHEET_MAX_DECIMALS + 3] = "0.";
    memset(code + 2, '0', (size_t)decimals);
    code[decimals > 0 ? 2 + decimals : 1] = '\0';
    if ((b->fixed[decimals] = workbook_add_format(b->wb)) == NULL)
      return err_nomem(e), NULL;
    format_set_num_format(b->fixed[decimals], code);
  }
  return b->fixed[decimals];
}

/* "B7" for row and column (0-based) of the sheet. */
static void cell_name(size_t row, size_t col, char out[16])
{
  char letters[8];
  size_t n = 0;
  for (size_t c = col + 1; c > 0; c = (c - 1) / 26)
    letters[n++] = (char)('A' + (c - 1) % 26);
  size_t k = 0;
  while (n > 0)
    out[k++] = letters[--n];
  snprintf(out + k, 16 - k, "%zu", row + 1);
}

/* A text a cell cannot hold: sheet, cell, column and row named. */
static int bad_text(book *b, const dataset *d, size_t row, size_t col, const char *why, cherr *e)
{
  char cell[16];
  cell_name(row, col, cell);
  if (row == 0)
    return err_set(e, ERR_INPUT, "sheet '%s', cell %s (the header of column %zu): %s", b->sheet,
                   cell, col + 1, why);
  return err_set(e, ERR_INPUT, "sheet '%s', cell %s (column '%s', row %zu): %s", b->sheet, cell,
                 d->names[col], row, why);
}

/* Whether s (len bytes left) starts with "_xHHHH_", which a reader takes for an escaped character. */
static int looks_escaped(const char *s, size_t len)
{
  if (len < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
    return 0;
  for (int k = 2; k < 6; k++)
    if (!isxdigit((unsigned char)s[k]))
      return 0;
  return 1;
}

/*
 * The text as a cell must hold it, NUL-ended: a "_xHHHH_" already there
 * escaped as "_x005F_xHHHH_" (ECMA-376's escape of its own underscore), and
 * U+FFFE and U+FFFF, which XML cannot carry, as "_xFFFE_" and "_xFFFF_".
 * libxlsxwriter escapes the control characters and XML's own. NULL with e
 * for a text no cell can hold.
 */
static const char *cell_text(book *b, const dataset *d, size_t row, size_t col, const char *s,
                             size_t len, size_t *nchars, cherr *e)
{
  if (utf8_check(s, len) != len)
    return bad_text(b, d, row, col, "the text is not valid UTF-8", e), NULL;
  if (memchr(s, '\0', len) != NULL)
    return bad_text(b, d, row, col, "the text holds a NUL byte, which a workbook cannot", e), NULL;
  *nchars = chars_in(s, len);
  size_t stored = *nchars; /* with the escapes, which libxlsxwriter counts too */
  int plain = memchr(s, '_', len) == NULL && memchr(s, '\xEF', len) == NULL;
  if (!plain) {
    b->text.len = 0;
    for (size_t i = 0; i < len; i++) {
      if (looks_escaped(s + i, len - i)) {
        sbuf_adds(&b->text, "_x005F");
        stored += 6;
      } else if (len - i >= 3 && memcmp(s + i, "\xEF\xBF", 2) == 0 &&
                 ((unsigned char)s[i + 2] & 0xFE) == 0xBE) {
        sbuf_adds(&b->text, (unsigned char)s[i + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_");
        stored += 6, i += 2;
        continue;
      }
      sbuf_addc(&b->text, s[i]);
    }
    sbuf_addc(&b->text, '\0');
    if (b->text.failed)
      return err_nomem(e), NULL;
    s = b->text.p;
  }
  if (stored > CELL_CHARS) {
    char why[96];
    snprintf(why, sizeof why, "a text of %zu characters; a cell holds at most %d", stored,
             CELL_CHARS);
    return bad_text(b, d, row, col, why, e), NULL;
  }
  return s;
}

/* Characters a number takes on screen: its text's len, or with a fixed number of decimals. */
static size_t number_chars(double v, size_t len, int decimals)
{
  if (decimals >= 0) {
    char buf[400];
    int n = snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return n > 0 ? (size_t)n : len;
  }
  return len < NUMBER_CHARS ? len : NUMBER_CHARS;
}

/* Whether libxlsxwriter's "%.16G" gives v back. */
static int sixteen_digits_exact(double v)
{
  char buf[NUM_BUFSIZE];
  snprintf(buf, sizeof buf, "%.16G", v);
  return strtod(buf, NULL) == v;
}

/* One value of the dataset into the cell at (row, col); its width in *chars. */
static int put_cell(book *b, lxw_worksheet *ws, const dataset *d, const sheet_out *s, size_t i,
                    size_t k, xlsx_written *w, size_t *chars, cherr *e)
{
  const column *c = d->cols[k];
  lxw_row_t row = (lxw_row_t)(i + 1);
  lxw_col_t col = (lxw_col_t)k;
  int decimals = s->decimals ? s->decimals[k] : -1;
  char num[NUM_BUFSIZE];
  size_t len = 0;
  lxw_error err = LXW_NO_ERROR;
  if (col_isnull(c, i))
    return 0;
  if (c->type == COL_BOOL) {
    err = worksheet_write_boolean(ws, row, col, c->v.b[i] != 0, NULL);
    *chars = 5;
  } else if (c->type == COL_STR ||
             (c->type == COL_INT && (col_int(c, i) > EXACT_INT || col_int(c, i) < -EXACT_INT)) ||
             (c->type == COL_FLOAT && !isfinite(c->v.f[i]))) {
    /* text, or a number a spreadsheet cannot hold exactly, written as its text */
    const char *raw = col_text(c, i, num, &len);
    const char *text = cell_text(b, d, i + 1, k, raw, len, chars, e);
    if (text == NULL)
      return -1;
    if (*text == '\0')
      return 0; /* an empty text makes no cell */
    err = worksheet_write_string(ws, row, col, text, NULL);
  } else {
    double v = col_num(c, i);
    col_text(c, i, num, &len);
    lxw_format *f = fixed_format(b, decimals, e);
    if (decimals >= 0 && f == NULL)
      return -1;
    if (c->type == COL_FLOAT && !sixteen_digits_exact(v))
      w->inexact = 1;
    err = worksheet_write_number(ws, row, col, v, f);
    *chars = number_chars(v, len, decimals);
  }
  if (err != LXW_NO_ERROR)
    return lxw_fail(err, e);
  w->cells++;
  return 0;
}

/* The bytes in ws's work file (its rows so far, in constant-memory mode). */
static size_t rows_held(lxw_worksheet *ws)
{
  off_t at = ws->optimize_tmpfile != NULL ? ftello(ws->optimize_tmpfile) : 0;
  return at > 0 ? (size_t)at : 0;
}

/* The rows held in work files, this sheet's with the others', within the output limit. */
static int check_held(const book *b, lxw_worksheet *ws, cherr *e)
{
  if (b->held + rows_held(ws) <= sandbox_output_room())
    return 0;
  sandbox_record(LIMIT_OUTPUT);
  return err_set(e, ERR_HALT, "%s", sandbox_limit_message(LIMIT_OUTPUT));
}

/* The header row: each column's header (or name) in bold. */
static int put_header(book *b, lxw_worksheet *ws, const sheet_out *s, size_t *width,
                      xlsx_written *w, cherr *e)
{
  const dataset *d = s->data;
  size_t done = 0;
  for (size_t k = 0; k < d->ncol; k++) {
    const char *name = s->headers && s->headers[k] ? s->headers[k] : d->names[k];
    const char *text = cell_text(b, d, 0, k, name, strlen(name), &width[k], e);
    if (text == NULL)
      return -1;
    /* an empty header still makes a (bold, blank) cell */
    lxw_error err = *text ? worksheet_write_string(ws, 0, (lxw_col_t)k, text, b->bold)
                          : worksheet_write_blank(ws, 0, (lxw_col_t)k, b->bold);
    if (err != LXW_NO_ERROR)
      return lxw_fail(err, e);
    w->cells++;
    /* 16384 headers of 32767 characters are a long row too */
    int why = halt_after(&done, 1 + width[k] / 64);
    if (why != HALT_NONE)
      return err_halt(e, why);
    if (done == 0 && check_held(b, ws, e) != 0)
      return -1;
  }
  worksheet_freeze_panes(ws, 1, 0);
  return 0;
}

static int put_sheet(book *b, lxw_worksheet *ws, const sheet_out *s, xlsx_written *w, cherr *e)
{
  const dataset *d = s->data;
  size_t *width = mem_calloc(d->ncol ? d->ncol : 1, sizeof *width);
  if (width == NULL)
    return err_nomem(e);
  int rc = put_header(b, ws, s, width, w, e);
  size_t done = 0;
  for (size_t i = 0; i < d->nrow && rc == 0; i++) {
    size_t work = 1;
    for (size_t k = 0; k < d->ncol && rc == 0; k++) {
      size_t chars = 0;
      rc = put_cell(b, ws, d, s, i, k, w, &chars, e);
      if (chars > width[k])
        width[k] = chars;
      work += 1 + chars / 64; /* a long text takes longer */
    }
    int why = halt_after(&done, work);
    if (rc == 0 && why != HALT_NONE)
      rc = err_halt(e, why);
    else if (rc == 0 && done == 0)
      rc = check_held(b, ws, e); /* as often as the deadline */
  }
  if (rc == 0)
    rc = check_held(b, ws, e);
  b->held += rows_held(ws);
  for (size_t k = 0; k < d->ncol && rc == 0; k++) {
    size_t chars = width[k] + WIDTH_PAD < WIDTH_CAP ? width[k] + WIDTH_PAD : WIDTH_CAP;
    lxw_error err = worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, (double)chars, NULL);
    if (err != LXW_NO_ERROR)
      rc = lxw_fail(err, e);
  }
  mem_free(width);
  return rc;
}

/* Every sheet into the workbook; the workbook is closed (and so written) either way. */
static int build(const sheet_out *s, size_t n, char (*names)[128], const char *file,
                 char *tmpdir, xlsx_written *w, cherr *e)
{
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir, .use_zip64 = 0};
  book b = {.wb = workbook_new_opt(file, &opt)};
  if (b.wb == NULL)
    return err_nomem(e);
  sbuf_init(&b.text);
  int rc = (b.bold = workbook_add_format(b.wb)) == NULL ? err_nomem(e) : 0;
  if (rc == 0)
    format_set_bold(b.bold);
  for (size_t k = 0; k < n && rc == 0; k++) {
    w[k] = (xlsx_written){s[k].data, 0, 0};
    b.sheet = names[k];
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, names[k]);
    if (ws == NULL)
      rc = err_set(e, ERR_IO, "cannot make a work file in '%s' for the workbook: %s", tmpdir,
                   strerror(errno ? errno : ENOMEM));
    else
      rc = put_sheet(&b, ws, &s[k], &w[k], e);
  }
  sbuf_free(&b.text);
  /* closing is also how libxlsxwriter lets go of its work files, whatever happened before */
  lxw_error err = workbook_close(b.wb);
  if (rc == 0 && err != LXW_NO_ERROR)
    rc = err == LXW_ERROR_CREATING_TMPFILE
           ? err_set(e, ERR_IO, "cannot make a work file in '%s' for the workbook: %s", tmpdir,
                     strerror(errno ? errno : EIO))
           : lxw_fail(err, e);
  return rc;
}

/* The work file ------------------------------------------------------------------ */

typedef struct work {
  int fd;
  char dir[PATH_MAX];
  char name[PATH_MAX]; /* its name in dir, "" once removed */
  char proc[64];       /* the name libxlsxwriter opens it by */
} work;

/* Makes the work file and takes it out of its folder; reached from then on through /proc/self/fd. */
static int work_open(work *w, outfile *f, cherr *e)
{
  w->fd = -1;
  w->name[0] = '\0';
  if (outfile_work_folder(f, w->dir, sizeof w->dir, e) != 0)
    return -1;
  if ((w->fd = outfile_scratch(w->dir, w->name, sizeof w->name, e)) < 0)
    return -1;
  snprintf(w->proc, sizeof w->proc, "/proc/self/fd/%d", w->fd);
  struct stat a, b;
  int same = stat(w->proc, &a) == 0 && fstat(w->fd, &b) == 0 && a.st_dev == b.st_dev &&
             a.st_ino == b.st_ino;
  unlink(w->name);
  w->name[0] = '\0';
  if (!same)
    return err_set(e, ERR_IO, "cannot write a workbook: libxlsxwriter writes to a file name, and "
                   "chiso gives it one that no link can divert (/proc/self/fd), which this "
                   "system does not have");
  return 0;
}

static void work_close(work *w)
{
  if (w->fd >= 0)
    close(w->fd);
  if (w->name[0] != '\0')
    unlink(w->name);
  w->fd = -1;
  w->name[0] = '\0';
}

int sheet_write_xlsx(const char *path, const sheet_out *sheets, size_t n, cherr *e)
{
  char (*names)[128] = mem_calloc(n ? n : 1, sizeof *names);
  xlsx_written *written = mem_calloc(n ? n : 1, sizeof *written);
  work w = {.fd = -1};
  outfile f = {.fd = -1, .ticket = -1};
  int rc = names && written ? 0 : err_nomem(e);
  if (rc == 0)
    rc = check_sheets(sheets, n, names, e);
  if (rc == 0)
    rc = outfile_open(&f, path, "xlsx", e);
  if (rc == 0)
    rc = work_open(&w, &f, e);
  if (rc == 0)
    rc = build(sheets, n, names, w.proc, w.dir, written, e);
  if (rc == 0)
    rc = xlsx_finish(w.fd, written, n, &f, e);
  work_close(&w);
  if (rc == 0)
    rc = outfile_commit(&f, e);
  else
    outfile_abort(&f);
  mem_free(names);
  mem_free(written);
  return rc;
}
