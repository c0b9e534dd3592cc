/*
 * sheetbook.c - what the workbook readers share: options and reports,
 * notes, the list of a workbook's sheets and the choice of one, and what
 * kind of file a path holds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "sandbox.h"
#include "sheetint.h"

void sheet_options_init(sheet_options *o)
{
  memset(o, 0, sizeof *o);
  o->skip = -1;
  o->footer = -1;
  o->header = 1;
  o->header_rows = 1;
}

int sheet_check_range(const char *text)
{
  grid_area a;
  return grid_parse_area(text, &a);
}

void sheet_report_init(sheet_report *r)
{
  memset(r, 0, sizeof *r);
  sbuf_init(&r->notes);
}

void sheet_report_free(sheet_report *r)
{
  mem_free(r->sheet);
  sbuf_free(&r->notes);
  r->sheet = NULL;
}

void sheet_note(sheet_report *r, const char *fmt, ...)
{
  char line[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  for (char *p = line; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' '; /* from a name or a cell: one note is one line */
  sbuf_adds(&r->notes, line);
  sbuf_addc(&r->notes, '\n');
}

/* Sheet lists ------------------------------------------------------------- */

int sheet_list_add(sheet_list *l, const char *name, size_t len, int hidden, cherr *e)
{
  if (l->n == l->room) { /* doubled: a workbook may list 100000 sheets */
    size_t room = l->room ? 2 * l->room : 16;
    unsigned char *h = mem_realloc(l->hidden, room);
    if (h == NULL)
      return err_nomem(e);
    l->hidden = h;
    l->room = room;
  }
  l->hidden[l->n++] = (unsigned char)(hidden != 0);
  sbuf_add(&l->names, name, len);
  sbuf_addc(&l->names, '\n');
  return l->names.failed ? err_nomem(e) : 0;
}

const char *sheet_list_name(const sheet_list *l, size_t k, size_t *len)
{
  const char *p = l->names.p;
  for (size_t i = 0; i < k; i++)
    p = strchr(p, '\n') + 1;
  *len = (size_t)(strchr(p, '\n') - p);
  return p;
}

void sheet_list_free(sheet_list *l)
{
  sbuf_free(&l->names);
  mem_free(l->hidden);
  memset(l, 0, sizeof *l);
}

/* ASCII letters compared without case, as Excel compares sheet names; other bytes exactly. */
static int same_name(const char *a, size_t alen, const char *b)
{
  if (strlen(b) != alen)
    return 0;
  for (size_t k = 0; k < alen; k++) {
    unsigned char x = (unsigned char)a[k], y = (unsigned char)b[k];
    if (x != y && !(x < 128 && y < 128 && (x | 0x20) == (y | 0x20) && (x | 0x20) >= 'a' &&
                    (x | 0x20) <= 'z'))
      return 0;
  }
  return 1;
}

/* "'Tong hop', 'Summary' (hidden)" into buf, for messages. */
static void list_names(const sheet_list *l, char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < l->n && used + 1 < size; k++) {
    size_t len;
    const char *name = sheet_list_name(l, k, &len);
    int n = snprintf(buf + used, size - used, "%s%zu '%.*s'%s", k ? ", " : "", k + 1, (int)len,
                     name, l->hidden[k] ? " (hidden)" : "");
    used += n > 0 ? (size_t)n : 0;
  }
}

static long first_visible(const sheet_list *l, const char *file, sheet_report *r, cherr *e)
{
  for (size_t k = 0; k < l->n; k++) {
    if (!l->hidden[k]) {
      size_t len;
      const char *name = sheet_list_name(l, 0, &len);
      if (k > 0)
        sheet_note(r, "sheet 1 '%.*s' is hidden; read sheet %zu, the first visible one", (int)len,
                   name, k + 1);
      return (long)k;
    }
  }
  return err_set(e, ERR_INPUT, "%s: the workbook has no visible sheet (option 'sheet' reads a "
                 "hidden one)", file);
}

long sheet_choose(const sheet_list *l, const sheet_options *o, const char *file, sheet_report *r,
                  cherr *e)
{
  char names[400];
  long k = -1;
  if (l->n == 0)
    return err_set(e, ERR_INPUT, "%s: the workbook has no sheets", file);
  if (o->sheet_name != NULL) {
    const char *name = l->names.p; /* walked along, not looked up from the top for each */
    for (size_t i = 0; i < l->n && k < 0; i++) {
      const char *end = strchr(name, '\n');
      if (same_name(name, (size_t)(end - name), o->sheet_name))
        k = (long)i;
      name = end + 1;
    }
    if (k < 0) {
      list_names(l, names, sizeof names);
      return err_set(e, ERR_ARG, "%s: no sheet is called '%s' (the sheets are %s)", file,
                     o->sheet_name, names);
    }
  } else if (o->sheet_number > 0) {
    if (o->sheet_number > l->n) {
      list_names(l, names, sizeof names);
      return err_set(e, ERR_ARG, "%s: there is no sheet %zu; the workbook has %zu (%s)", file,
                     o->sheet_number, l->n, names);
    }
    k = (long)o->sheet_number - 1;
  } else {
    return first_visible(l, file, r, e);
  }
  if (l->hidden[k]) {
    size_t len;
    const char *name = sheet_list_name(l, (size_t)k, &len);
    sheet_note(r, "sheet %ld '%.*s' is hidden in the workbook", k + 1, (int)len, name);
  }
  return k;
}

/* What a file is ----------------------------------------------------------- */

int sheet_sniff(const char *path, sheet_kind *kind, cherr *e)
{
  int fd = sandbox_open_read(path, e);
  if (fd < 0)
    return -1;
  unsigned char head[8] = {0};
  ssize_t n = read(fd, head, sizeof head);
  static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  *kind = SHEET_OTHER;
  if (n == 8 && memcmp(head, ole2, 8) == 0) {
    *kind = SHEET_XLS;
  } else if (n >= 4 && memcmp(head, "PK\003\004", 4) == 0 && lseek(fd, 0, SEEK_SET) == 0) {
    *kind = xlsx_zip_kind(fd); /* closes fd */
    return 0;
  }
  close(fd);
  return 0;
}

const char *sheet_kind_name(sheet_kind kind)
{
  switch (kind) {
  case SHEET_XLSX: return "an Excel workbook (.xlsx)";
  case SHEET_ODS: return "an OpenDocument spreadsheet (.ods)";
  case SHEET_ZIP: return "a zip archive";
  case SHEET_XLS: return "an Excel 97-2003 workbook (.xls, an OLE2 compound file)";
  default: return "a text file";
  }
}
