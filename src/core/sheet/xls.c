/*
 * xls.c - an Excel 97-2003 workbook (.xls, BIFF in an OLE2 compound file)
 * through libfreexl: the sheets' names, and one sheet's cells into a grid
 * for sheettable.c. libfreexl gives text as UTF-8 and dates as ISO text; it
 * does not report merged cells, hidden rows or hidden sheets, so those go
 * unnoticed in .xls files.
 *
 * libfreexl opens files by name. The file is opened first through the
 * sandbox (which refuses what a report may not read, FIFOs and devices
 * included), and libfreexl is handed /proc/self/fd/N: that descriptor's
 * file, whatever happens to the name meanwhile.
 */
#include <errno.h>
#include <freexl.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "halt.h"
#include "mem.h"
#include "sandbox.h"
#include "sheetint.h"

/*
 * Kept open for the process's life, so the modules stay; held here, so no leak checker minds.
 * volatile: the array is never read, and the compiler would otherwise drop the stores.
 */
static iconv_t volatile preloaded[40];

void sheet_preload(void)
{
  /* the code pages libfreexl 1.0.6 converts from (freexl.c, create_utf8_converter) */
  static const char *const pages[] = {
    "ASCII", "CP437", "CP720", "CP737", "CP775", "CP850", "CP852", "CP855", "CP857", "CP858",
    "CP860", "CP861", "CP862", "CP863", "CP864", "CP865", "CP866", "CP869", "CP874", "CP932",
    "CP936", "CP949", "CP950", "UTF-16LE", "CP1250", "CP1251", "CP1252", "CP1253", "CP1254",
    "CP1255", "CP1256", "CP1257", "CP1258", "CP1361", "MacRoman",
  };
  for (size_t k = 0; k < sizeof pages / sizeof pages[0] && k < sizeof preloaded / sizeof *preloaded; k++)
    preloaded[k] = iconv_open("UTF-8", pages[k]);
}

static const char *freexl_reason(int rc)
{
  switch (rc) {
  case FREEXL_INSUFFICIENT_MEMORY: return "not enough memory";
  case FREEXL_INVALID_CFBF_HEADER: return "not an OLE2 compound file (the container of .xls files)";
  case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
    return "it holds no Excel workbook (a password-protected .xlsx or another Office document "
           "has this container too)";
  case FREEXL_BIFF_INVALID_BOF:
  case FREEXL_BIFF_INVALID_SST:
  case FREEXL_BIFF_ILLEGAL_SST_INDEX:
    return "its workbook records are damaged";
  case FREEXL_CRAFTED_FILE: return "it is damaged in a way that may be deliberate";
  case FREEXL_UNSUPPORTED_CHARSET: return "its text is in a code page that cannot be converted";
  case FREEXL_INVALID_CHARACTER: return "its text holds a character its code page does not have";
  default: return "it is damaged or truncated";
  }
}

/* The workbook open through the sandbox; *h NULL and -1 with e on failure. */
static int xls_open(const char *path, const void **h, cherr *e)
{
  *h = NULL;
  int fd = sandbox_open_read(path, e);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return err_set(e, ERR_IO, "%s: %s", path, strerror(EISDIR));
  }
  char self[64];
  snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
  int rc = freexl_open(self, h);
  close(fd);
  if (rc == FREEXL_INSUFFICIENT_MEMORY)
    return err_nomem(e);
  if (rc == FREEXL_OK && *h == NULL)
    /* libfreexl 1.0.6 gives up this way on a record it does not expect, such as one that
       follows a chart embedded in a sheet (a BOF..EOF inside the sheet's own) */
    return err_set(e, ERR_INPUT, "%s: libfreexl cannot read this .xls workbook (it stops at a "
                   "record it does not expect, as it does after a chart embedded in a sheet); open "
                   "it in Excel or LibreOffice and save it as .xlsx", path);
  if (rc != FREEXL_OK) {
    if (*h != NULL)
      freexl_close(*h);
    *h = NULL;
    return err_set(e, ERR_INPUT, "%s: not a readable .xls workbook: %s", path, freexl_reason(rc));
  }
  return 0;
}

static int list_sheets(const void *h, const char *path, sheet_list *l, cherr *e)
{
  unsigned int count = 0;
  if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK)
    return err_set(e, ERR_INPUT, "%s: the workbook's list of sheets cannot be read", path);
  for (unsigned int k = 0; k < count && k < 65535; k++) {
    const char *name = NULL;
    if (freexl_get_worksheet_name(h, (unsigned short)k, &name) != FREEXL_OK || name == NULL)
      return err_set(e, ERR_INPUT, "%s: the name of sheet %u cannot be read", path, k + 1);
    if (strchr(name, '\n') != NULL)
      return err_set(e, ERR_INPUT, "%s: sheet %u's name holds a line break", path, k + 1);
    if (sheet_list_add(l, name, strlen(name), 0, e) != 0)
      return -1;
  }
  return 0;
}

int sheet_list_xls(const char *path, sheet_list *l, cherr *e)
{
  const void *h;
  memset(l, 0, sizeof *l);
  if (xls_open(path, &h, e) != 0)
    return -1;
  int rc = list_sheets(h, path, l, e);
  freexl_close(h);
  return rc;
}

static int add_cell(grid *g, uint32_t r, uint32_t c, const FreeXL_CellValue *v, cherr *e)
{
  switch (v->type) {
  case FREEXL_CELL_INT:
    return grid_add_num(g, r, c, GRID_NUM, (double)v->value.int_value, e);
  case FREEXL_CELL_DOUBLE:
    return grid_add_num(g, r, c, GRID_NUM, v->value.double_value, e);
  case FREEXL_CELL_TEXT:
  case FREEXL_CELL_SST_TEXT:
    return v->value.text_value == NULL ? 0 : grid_add_text(g, r, c, GRID_STR, v->value.text_value,
                                                           strlen(v->value.text_value), e);
  case FREEXL_CELL_DATE:
  case FREEXL_CELL_DATETIME:
  case FREEXL_CELL_TIME:
    return v->value.text_value == NULL ? 0 : grid_add_text(g, r, c, GRID_DATE, v->value.text_value,
                                                           strlen(v->value.text_value), e);
  default:
    return 0; /* FREEXL_CELL_NULL: an empty cell */
  }
}

static int read_cells(const void *h, grid *g, cherr *e)
{
  unsigned int rows = 0;
  unsigned short cols = 0;
  if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
    return err_set(e, ERR_INPUT, "%s: sheet '%s': its size cannot be read", g->file, g->sheet);
  for (unsigned int r = 0; r < rows && r < GRID_MAX_ROWS; r++) {
    for (unsigned short c = 0; c < cols; c++) {
      FreeXL_CellValue v;
      int rc = freexl_get_cell_value(h, r, c, &v);
      if (rc != FREEXL_OK) {
        char ref[16];
        grid_ref_name(r, c, ref);
        return err_set(e, ERR_INPUT, "%s: sheet '%s' cell %s cannot be read: %s", g->file,
                       g->sheet, ref, freexl_reason(rc));
      }
      if (add_cell(g, r, c, &v, e) != 0)
        return -1;
    }
    if ((r & 1023) == 0 && halt_check())
      return err_halt(e, halt_check());
  }
  return 0;
}

static dataset *read_sheet(const void *h, const char *path, const sheet_options *o,
                           sheet_report *r, cherr *e)
{
  sheet_list l;
  memset(&l, 0, sizeof l);
  long k = list_sheets(h, path, &l, e) == 0 ? sheet_choose(&l, o, path, r, e) : -1;
  size_t len;
  const char *name = k >= 0 ? sheet_list_name(&l, (size_t)k, &len) : NULL;
  if (name != NULL && (r->sheet = mem_strndup(name, len)) == NULL)
    err_nomem(e);
  sheet_list_free(&l);
  if (r->sheet == NULL)
    return NULL;
  unsigned int mode = FREEXL_BIFF_DATEMODE_1900;
  freexl_get_info(h, FREEXL_BIFF_DATEMODE, &mode);
  r->date1904 = mode == FREEXL_BIFF_DATEMODE_1904;
  if (freexl_select_active_worksheet(h, (unsigned short)k) != FREEXL_OK)
    return err_set(e, ERR_INPUT, "%s: sheet '%s' cannot be read", path, r->sheet), NULL;
  grid g;
  grid_init(&g, path, r->sheet);
  dataset *ds = read_cells(h, &g, e) == 0 ? sheet_table(&g, o, r, e) : NULL;
  grid_free(&g);
  return ds;
}

dataset *sheet_read_xls(const char *path, const sheet_options *o, sheet_report *r, cherr *e)
{
  const void *h;
  if (o->fill_merged)
    return err_set(e, ERR_ARG, "%s: option merged = \"fill\" needs to know the merged cells, "
                   "which libfreexl does not report for .xls files", path), NULL;
  if (xls_open(path, &h, e) != 0)
    return NULL;
  dataset *ds = read_sheet(h, path, o, r, e);
  freexl_close(h);
  return ds;
}
