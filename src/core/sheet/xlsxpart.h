/*
 * xlsxpart.h - the parts of an .xlsx file as xlsx.c and xlsxsheet.c share
 * them: the open zip, one XML part parsed by expat with handlers of the
 * caller's, and the workbook's facts a worksheet needs (the date system,
 * which styles are dates, the shared strings).
 *
 * Ownership: an xlsx_book owns its zip, styles and string offsets until
 * xlsx_close; parse contexts are the caller's.
 */
#ifndef CHISO_XLSXPART_H
#define CHISO_XLSXPART_H

#include <expat.h>
#include <zip.h>

#include "grid.h"
#include "sheetint.h"

typedef struct xlsx_book {
  zip_t *zip;
  const char *file;
  char workbook[256]; /* the workbook part, "xl/workbook.xml" */
  int date1904;
  grid_datekind *xf; /* by cell style (the c element's s) */
  size_t nxf;
  uint64_t *sst_off; /* shared strings: offsets in the grid's text, and lengths */
  uint32_t *sst_len;
  size_t nsst;
} xlsx_book;

/* What every parse context starts with, so a handler can stop the parse with an error. */
typedef struct xlsx_ctx {
  XML_Parser parser;
  cherr *e;
  int failed;
  const char *file, *part;
} xlsx_ctx;

/* Stops the parse: ERR_NOMEM when e holds it already, else ERR_INPUT with the message. */
void xlsx_fail(xlsx_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
void xlsx_nomem(xlsx_ctx *c);

/* An element's or attribute's name without its namespace prefix ("x:c" -> "c"). */
const char *xlsx_local(const char *name);
/* The value of attribute name (matched without prefix), or NULL. */
const char *xlsx_attr(const char **atts, const char *name);

/*
 * Parses part (a path inside the zip) with the handlers, ctx (which starts
 * with an xlsx_ctx) as their user data. A missing part is 1 when optional,
 * an error otherwise.
 */
int xlsx_parse(xlsx_book *b, const char *part, int optional, XML_StartElementHandler start,
               XML_EndElementHandler end, XML_CharacterDataHandler text, xlsx_ctx *ctx, cherr *e);

/* The cells of worksheet part into g (xlsxsheet.c). */
int xlsx_read_cells(xlsx_book *b, const char *part, grid *g, cherr *e);

#endif
