/*
 * xlsx.c - an Office Open XML workbook (.xlsx): the zip (libzip) and its XML
 * parts (expat): the package's relationships to the workbook, the workbook's
 * sheets and date system, the styles that make a number a date, the shared
 * strings; then the chosen sheet's cells (xlsxsheet.c) into a table
 * (sheettable.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "halt.h"
#include "mem.h"
#include "sandbox.h"
#include "xlsxpart.h"

/* Parsing parts ------------------------------------------------------------ */

void xlsx_fail(xlsx_ctx *c, const char *fmt, ...)
{
  if (c->failed)
    return;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  err_set(c->e, ERR_INPUT, "%s: %s: %s", c->file, c->part, msg);
  c->failed = 1;
  XML_StopParser(c->parser, XML_FALSE);
}

void xlsx_nomem(xlsx_ctx *c)
{
  if (c->failed)
    return;
  err_nomem(c->e);
  c->failed = 1;
  XML_StopParser(c->parser, XML_FALSE);
}

const char *xlsx_local(const char *name)
{
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

const char *xlsx_attr(const char **atts, const char *name)
{
  for (size_t k = 0; atts[k] != NULL; k += 2)
    if (strcmp(xlsx_local(atts[k]), name) == 0)
      return atts[k + 1];
  return NULL;
}

/* A workbook never declares a document type; one that does may be trying entity tricks. */
static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int internal)
{
  (void)name, (void)sysid, (void)pubid, (void)internal;
  xlsx_fail(ud, "a document type declaration, which workbooks never have");
}

static zip_int64_t locate(xlsx_book *b, const char *part)
{
  zip_int64_t k = zip_name_locate(b->zip, part, 0);
  return k >= 0 ? k : zip_name_locate(b->zip, part, ZIP_FL_NOCASE);
}

/* Feeds the part's bytes to the parser; 0, or -1 with e set (read failures and halts here). */
static int feed(xlsx_book *b, zip_file_t *f, XML_Parser p, xlsx_ctx *ctx, cherr *e)
{
  char buf[65536];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0)
      return err_set(e, ERR_INPUT, "%s: %s: cannot be read from the zip (%s); the file is damaged",
                     b->file, ctx->part, zip_error_strerror(zip_file_get_error(f)));
    if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
      if (ctx->failed)
        return -1;
      if (XML_GetErrorCode(p) == XML_ERROR_NO_MEMORY)
        return err_nomem(e);
      return err_set(e, ERR_INPUT, "%s: %s line %lu: %s", b->file, ctx->part,
                     (unsigned long)XML_GetCurrentLineNumber(p),
                     XML_ErrorString(XML_GetErrorCode(p)));
    }
    if (n == 0)
      return 0;
    int why = halt_check();
    if (why)
      return err_halt(e, why);
  }
}

int xlsx_parse(xlsx_book *b, const char *part, int optional, XML_StartElementHandler start,
               XML_EndElementHandler end, XML_CharacterDataHandler text, xlsx_ctx *ctx, cherr *e)
{
  zip_int64_t k = locate(b, part);
  if (k < 0 && optional)
    return 1;
  if (k < 0)
    return err_set(e, ERR_INPUT, "%s: the workbook has no part '%s'; the file is damaged or not "
                   "an Excel workbook", b->file, part);
  zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)k, 0);
  if (f == NULL)
    return err_set(e, ERR_INPUT, "%s: %s: cannot be opened in the zip (%s)", b->file, part,
                   zip_error_strerror(zip_get_error(b->zip)));
  static const XML_Memory_Handling_Suite counted = {mem_alloc, mem_realloc, mem_free};
  XML_Parser p = XML_ParserCreate_MM(NULL, &counted, NULL);
  if (p == NULL) {
    zip_fclose(f);
    return err_nomem(e);
  }
  *ctx = (xlsx_ctx){p, e, 0, b->file, part};
  XML_SetUserData(p, ctx);
  XML_SetElementHandler(p, start, end);
  XML_SetCharacterDataHandler(p, text);
  XML_SetStartDoctypeDeclHandler(p, no_doctype);
  int rc = feed(b, f, p, ctx, e);
  XML_ParserFree(p);
  zip_fclose(f);
  return rc;
}

/* Relationships -------------------------------------------------------------- */

/* The part a relationship's target names, relative to the folder of the part that holds it. */
static void resolve(const char *from, const char *target, char *out, size_t size)
{
  char path[512];
  if (target[0] == '/') {
    snprintf(path, sizeof path, "%s", target + 1);
  } else {
    const char *slash = strrchr(from, '/');
    int dir = slash ? (int)(slash - from + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s", dir, from, target);
  }
  /* "a/b/../c" to "a/c" */
  size_t n = 0;
  for (const char *p = path; *p && n + 1 < size;) {
    if (strncmp(p, "../", 3) == 0) {
      while (n > 0 && out[n - 1] == '/')
        n--;
      while (n > 0 && out[n - 1] != '/')
        n--;
      p += 3;
    } else if (strncmp(p, "./", 2) == 0) {
      p += 2;
    } else {
      while (*p && *p != '/' && n + 1 < size)
        out[n++] = *p++;
      if (*p == '/' && n + 1 < size)
        out[n++] = *p++;
    }
  }
  out[n] = '\0';
}

/* The relationships of a part: an Id, Type and Target each, one after another in a buffer. */
typedef struct rels_ctx {
  xlsx_ctx c;
  sbuf list; /* id \0 type \0 target \0 ... */
} rels_ctx;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  rels_ctx *r = ud;
  if (strcmp(xlsx_local(name), "Relationship") != 0)
    return;
  const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type");
  const char *target = xlsx_attr(atts, "Target");
  if (id == NULL || type == NULL || target == NULL)
    return;
  sbuf_add(&r->list, id, strlen(id) + 1);
  sbuf_add(&r->list, type, strlen(type) + 1);
  sbuf_add(&r->list, target, strlen(target) + 1);
  if (r->list.failed)
    xlsx_nomem(&r->c);
}

static void XMLCALL no_end(void *ud, const XML_Char *name) { (void)ud, (void)name; }
static void XMLCALL no_text(void *ud, const XML_Char *s, int len) { (void)ud, (void)s, (void)len; }

/* The relationships file of part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static int read_rels(xlsx_book *b, const char *part, rels_ctx *r, cherr *e)
{
  char path[512];
  const char *slash = strrchr(part, '/');
  int dir = slash ? (int)(slash - part + 1) : 0;
  snprintf(path, sizeof path, "%.*s_rels/%s.rels", dir, part, part + dir);
  sbuf_init(&r->list);
  int rc = xlsx_parse(b, path, 1, rels_start, no_end, no_text, &r->c, e);
  return rc < 0 ? -1 : 0;
}

/* The target of the first relationship whose Id is id, or whose Type ends in type. */
static const char *rel_find(const rels_ctx *r, const char *id, const char *type)
{
  for (size_t k = 0; k < r->list.len;) {
    const char *rid = r->list.p + k, *rtype = rid + strlen(rid) + 1;
    const char *target = rtype + strlen(rtype) + 1;
    size_t tl = type ? strlen(type) : 0, rl = strlen(rtype);
    if ((id && strcmp(rid, id) == 0) || (type && rl >= tl && strcmp(rtype + rl - tl, type) == 0))
      return target;
    k = (size_t)(target - r->list.p) + strlen(target) + 1;
  }
  return NULL;
}

/* The workbook ---------------------------------------------------------------- */

typedef struct book_ctx {
  xlsx_ctx c;
  xlsx_book *b;
  sheet_list *list;
  sbuf ids; /* each sheet's relationship id, '\0' after each */
} book_ctx;

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  book_ctx *w = ud;
  const char *local = xlsx_local(name);
  if (strcmp(local, "workbookPr") == 0) {
    const char *v = xlsx_attr(atts, "date1904");
    w->b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
  } else if (strcmp(local, "sheet") == 0) {
    const char *sname = xlsx_attr(atts, "name"), *state = xlsx_attr(atts, "state");
    const char *id = xlsx_attr(atts, "id");
    if (sname == NULL || id == NULL) {
      xlsx_fail(&w->c, "a sheet without a name or a relationship id");
      return;
    }
    if (strchr(sname, '\n') != NULL) {
      xlsx_fail(&w->c, "a sheet name with a line break");
      return;
    }
    sbuf_add(&w->ids, id, strlen(id) + 1);
    if (w->ids.failed || sheet_list_add(w->list, sname, strlen(sname),
                                        state && strcmp(state, "visible") != 0, w->c.e) != 0)
      xlsx_nomem(&w->c);
  }
}

/* The workbook part, from the package's relationships (xl/workbook.xml when they say nothing). */
static int find_workbook(xlsx_book *b, cherr *e)
{
  rels_ctx r;
  if (read_rels(b, "", &r, e) != 0) {
    sbuf_free(&r.list);
    return -1;
  }
  const char *target = rel_find(&r, NULL, "/officeDocument");
  resolve("", target ? target : "xl/workbook.xml", b->workbook, sizeof b->workbook);
  sbuf_free(&r.list);
  return 0;
}

/* The list of sheets, and each one's part in parts ('\0' after each). */
static int read_workbook(xlsx_book *b, sheet_list *l, sbuf *parts, cherr *e)
{
  book_ctx w = {.b = b, .list = l};
  sbuf_init(&w.ids);
  rels_ctx r;
  int rc = find_workbook(b, e);
  if (rc == 0)
    rc = xlsx_parse(b, b->workbook, 0, book_start, no_end, no_text, &w.c, e);
  sbuf_init(&r.list);
  if (rc == 0)
    rc = read_rels(b, b->workbook, &r, e);
  for (size_t k = 0; rc == 0 && k < w.ids.len; k += strlen(w.ids.p + k) + 1) {
    const char *target = rel_find(&r, w.ids.p + k, NULL);
    char part[512];
    resolve(b->workbook, target ? target : "", part, sizeof part);
    sbuf_add(parts, part, strlen(part) + 1);
  }
  if (rc == 0 && parts->failed)
    rc = err_nomem(e);
  sbuf_free(&r.list);
  sbuf_free(&w.ids);
  return rc;
}

/* Styles: which cell formats show a number as a date --------------------------- */

typedef struct style_ctx {
  xlsx_ctx c;
  xlsx_book *b;
  int in_xfs;
  sbuf codes; /* numFmtId as 4 bytes, then the format code and '\0' */
  sbuf xfs;   /* each cell format's numFmtId, as an unsigned, in order */
} style_ctx;

/* Excel's built-in formats that show dates and times (ECMA-376 part 1, 18.8.30). */
static grid_datekind builtin_datekind(unsigned id)
{
  if ((id >= 14 && id <= 17))
    return GRID_DAY;
  if (id == 22)
    return GRID_DAYTIME;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
    return GRID_TIME;
  return GRID_NOT_DATE;
}

/* A number format of the workbook's own: its id, and where its code is in codes. */
typedef struct numfmt {
  unsigned id;
  size_t at;
} numfmt;

static int numfmt_order(const void *a, const void *b)
{
  const numfmt *x = a, *y = b;
  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return (x->at > y->at) - (x->at < y->at); /* the first written of an id wins */
}

/* The first of the n formats f (sorted) with id, or NULL. */
static const numfmt *find_numfmt(const numfmt *f, size_t n, unsigned id)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && f[lo].id == id ? &f[lo] : NULL;
}

/*
 * Each cell format's kind of date, once the styles are read: its number
 * format looked up among the workbook's own, sorted, rather than along all
 * of them for each (a hostile workbook lists 100000 of each, which took
 * 1e10 steps between two looks at the deadline).
 */
static int resolve_xfs(style_ctx *s, cherr *e)
{
  size_t n = 0, nxf = s->xfs.len / sizeof(unsigned);
  for (size_t k = 0; k < s->codes.len; n++)
    k += sizeof(unsigned) + strlen(s->codes.p + k + sizeof(unsigned)) + 1;
  numfmt *f = mem_alloc((n ? n : 1) * sizeof *f);
  grid_datekind *xf = mem_alloc((nxf ? nxf : 1) * sizeof *xf);
  if (f == NULL || xf == NULL) {
    mem_free(f);
    mem_free(xf);
    return err_nomem(e);
  }
  for (size_t k = 0, j = 0; j < n; j++) {
    memcpy(&f[j].id, s->codes.p + k, sizeof f[j].id);
    f[j].at = k + sizeof f[j].id;
    k = f[j].at + strlen(s->codes.p + f[j].at) + 1;
  }
  qsort(f, n, sizeof *f, numfmt_order);
  for (size_t j = 0; j < nxf; j++) {
    unsigned id;
    memcpy(&id, s->xfs.p + j * sizeof id, sizeof id);
    const numfmt *own = find_numfmt(f, n, id);
    xf[j] = own != NULL ? grid_format_datekind(s->codes.p + own->at) : builtin_datekind(id);
  }
  mem_free(f);
  mem_free(s->b->xf);
  s->b->xf = xf;
  s->b->nxf = nxf;
  return 0;
}

static void XMLCALL style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  style_ctx *s = ud;
  const char *local = xlsx_local(name), *id = xlsx_attr(atts, "numFmtId");
  if (strcmp(local, "cellXfs") == 0) {
    s->in_xfs = 1;
  } else if (strcmp(local, "numFmt") == 0 && id != NULL) {
    const char *code = xlsx_attr(atts, "formatCode");
    unsigned fid = (unsigned)strtoul(id, NULL, 10);
    sbuf_add(&s->codes, (const char *)&fid, sizeof fid);
    sbuf_add(&s->codes, code ? code : "", strlen(code ? code : "") + 1);
    if (s->codes.failed)
      xlsx_nomem(&s->c);
  } else if (strcmp(local, "xf") == 0 && s->in_xfs) {
    unsigned fid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
    sbuf_add(&s->xfs, (const char *)&fid, sizeof fid);
    if (s->xfs.failed)
      xlsx_nomem(&s->c);
  }
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
  style_ctx *s = ud;
  if (strcmp(xlsx_local(name), "cellXfs") == 0)
    s->in_xfs = 0;
}

/* Shared strings: into the grid's text, each <si>'s runs joined, phonetic runs left out ---- */

typedef struct sst_ctx {
  xlsx_ctx c;
  xlsx_book *b;
  grid *g;
  int in_t, in_rph;
  uint64_t start;
} sst_ctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  sst_ctx *s = ud;
  const char *local = xlsx_local(name);
  (void)atts;
  if (strcmp(local, "si") == 0) {
    s->start = s->g->text.len;
  } else if (strcmp(local, "t") == 0) {
    s->in_t = 1;
  } else if (strcmp(local, "rPh") == 0) {
    s->in_rph = 1;
  }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
  sst_ctx *s = ud;
  const char *local = xlsx_local(name);
  xlsx_book *b = s->b;
  if (strcmp(local, "t") == 0) {
    s->in_t = 0;
  } else if (strcmp(local, "rPh") == 0) {
    s->in_rph = 0;
  } else if (strcmp(local, "si") == 0) {
    if ((b->nsst & (b->nsst - 1)) == 0) { /* grow at powers of two */
      size_t cap = b->nsst ? b->nsst * 2 : 1;
      uint64_t *off = mem_realloc(b->sst_off, cap * sizeof *off);
      if (off != NULL)
        b->sst_off = off;
      uint32_t *len = off ? mem_realloc(b->sst_len, cap * sizeof *len) : NULL;
      if (len == NULL) {
        xlsx_nomem(&s->c);
        return;
      }
      b->sst_len = len;
    }
    uint64_t n = s->g->text.len - s->start;
    if (n > UINT32_MAX) {
      xlsx_fail(&s->c, "a shared string of more than 4 GB");
      return;
    }
    b->sst_off[b->nsst] = s->start;
    b->sst_len[b->nsst++] = (uint32_t)n;
  }
}

static void XMLCALL sst_text(void *ud, const XML_Char *text, int len)
{
  sst_ctx *s = ud;
  if (s->in_t && !s->in_rph) {
    sbuf_add(&s->g->text, text, (size_t)len);
    if (s->g->text.failed)
      xlsx_nomem(&s->c);
  }
}

static int read_styles_and_strings(xlsx_book *b, grid *g, cherr *e)
{
  rels_ctx r;
  sbuf_init(&r.list);
  int rc = read_rels(b, b->workbook, &r, e);
  const char *styles = rc == 0 ? rel_find(&r, NULL, "/styles") : NULL;
  const char *strings = rc == 0 ? rel_find(&r, NULL, "/sharedStrings") : NULL;
  char part[512];
  if (styles != NULL) {
    style_ctx s = {.b = b};
    sbuf_init(&s.codes);
    sbuf_init(&s.xfs);
    resolve(b->workbook, styles, part, sizeof part);
    rc = xlsx_parse(b, part, 1, style_start, style_end, no_text, &s.c, e) < 0 ? -1 : 0;
    if (rc == 0)
      rc = resolve_xfs(&s, e);
    sbuf_free(&s.codes);
    sbuf_free(&s.xfs);
  }
  if (rc == 0 && strings != NULL) {
    sst_ctx s = {.b = b, .g = g};
    resolve(b->workbook, strings, part, sizeof part);
    rc = xlsx_parse(b, part, 1, sst_start, sst_end, sst_text, &s.c, e) < 0 ? -1 : 0;
  }
  sbuf_free(&r.list);
  return rc;
}

/* Opening and closing --------------------------------------------------------- */

static int book_open(xlsx_book *b, const char *path, cherr *e)
{
  memset(b, 0, sizeof *b);
  b->file = path;
  int fd = sandbox_open_read(path, e);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return err_set(e, ERR_IO, "%s: %s", path, strerror(EISDIR));
  }
  int zerr = 0;
  b->zip = zip_fdopen(fd, 0, &zerr);
  if (b->zip == NULL) {
    close(fd);
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    err_set(e, ERR_INPUT, "%s: not a readable .xlsx workbook: %s", path, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return -1;
  }
  return 0;
}

static void book_close(xlsx_book *b)
{
  if (b->zip != NULL)
    zip_discard(b->zip);
  mem_free(b->xf);
  mem_free(b->sst_off);
  mem_free(b->sst_len);
  memset(b, 0, sizeof *b);
}

sheet_kind xlsx_zip_kind(int fd)
{
  int zerr;
  zip_t *z = zip_fdopen(fd, 0, &zerr);
  if (z == NULL) {
    close(fd);
    return SHEET_ZIP;
  }
  sheet_kind kind = SHEET_ZIP;
  if (zip_name_locate(z, "xl/workbook.xml", ZIP_FL_NOCASE) >= 0 ||
      zip_name_locate(z, "[Content_Types].xml", 0) >= 0)
    kind = SHEET_XLSX;
  zip_int64_t k = zip_name_locate(z, "mimetype", 0);
  zip_file_t *f = k >= 0 ? zip_fopen_index(z, (zip_uint64_t)k, 0) : NULL;
  if (f != NULL) {
    static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";
    char buf[sizeof ods] = {0};
    if (zip_fread(f, buf, sizeof ods - 1) == (zip_int64_t)sizeof ods - 1 && strcmp(buf, ods) == 0)
      kind = SHEET_ODS;
    zip_fclose(f);
  }
  zip_discard(z);
  return kind;
}

int sheet_list_xlsx(const char *path, sheet_list *l, cherr *e)
{
  xlsx_book b;
  memset(l, 0, sizeof *l);
  sbuf parts;
  sbuf_init(&parts);
  int rc = book_open(&b, path, e);
  if (rc == 0)
    rc = read_workbook(&b, l, &parts, e);
  book_close(&b);
  sbuf_free(&parts);
  return rc;
}

/* The part of sheet k ('\0' after each part in parts). */
static const char *nth_part(const sbuf *parts, size_t k)
{
  const char *p = parts->p;
  for (size_t i = 0; i < k; i++)
    p += strlen(p) + 1;
  return p;
}

static dataset *read_chosen(xlsx_book *b, const sheet_list *l, const sbuf *parts,
                            const sheet_options *o, sheet_report *r, cherr *e)
{
  long k = sheet_choose(l, o, b->file, r, e);
  if (k < 0)
    return NULL;
  size_t len;
  const char *name = sheet_list_name(l, (size_t)k, &len);
  if ((r->sheet = mem_strndup(name, len)) == NULL)
    return err_nomem(e), NULL;
  r->date1904 = b->date1904;
  grid g;
  grid_init(&g, b->file, r->sheet);
  g.knows_merges = g.knows_hidden = 1;
  dataset *ds = NULL;
  const char *part = nth_part(parts, (size_t)k);
  if (part[0] == '\0')
    err_set(e, ERR_INPUT, "%s: sheet '%s' has no part in the workbook's relationships", b->file,
            r->sheet);
  else if (read_styles_and_strings(b, &g, e) == 0 && xlsx_read_cells(b, part, &g, e) == 0)
    ds = sheet_table(&g, o, r, e);
  grid_free(&g);
  return ds;
}

dataset *sheet_read_xlsx(const char *path, const sheet_options *o, sheet_report *r, cherr *e)
{
  xlsx_book b;
  sheet_list l;
  memset(&l, 0, sizeof l);
  sbuf parts;
  sbuf_init(&parts);
  dataset *ds = NULL;
  if (book_open(&b, path, e) == 0 && read_workbook(&b, &l, &parts, e) == 0)
    ds = read_chosen(&b, &l, &parts, o, r, e);
  book_close(&b);
  sheet_list_free(&l);
  sbuf_free(&parts);
  return ds;
}
