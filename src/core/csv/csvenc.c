/*
 * csvenc.c - the CSV reader's encodings: a file (or text) that is not UTF-8
 * decoded whole before it is read, UTF-16 found by its byte-order mark;
 * the error for bytes that are not UTF-8, naming the encoding they most
 * likely are in; and notes on names and text that look garbled (TCVN3
 * read as Windows-1252 and saved as UTF-8). The decoding and the guesses
 * are encoding.h's; this file applies them to a CSV source.
 */
#include "csvread.h"

#include <errno.h>
#include <string.h>

#include "halt.h"
#include "mem.h"
#include "text.h"

/* Bytes looked at to choose how to read a source, and read at a time when decoding. */
#define HEAD_BYTES ((size_t)1 << 16)

/* A source being decoded: the file (read from its start) or the text in memory. */
typedef struct input {
  const char *name;
  FILE *file;
  const char *data;
  size_t len;
} input;

/* Where the end of text s lies: the line its record began on, and its field (both from 1). */
static void locate(const char *s, size_t len, char delim, size_t *line, size_t *col)
{
  size_t at = 1;
  int quoted = 0, start = 1;
  *line = *col = 1;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    int newline = c == '\n' || (c == '\r' && (i + 1 == len || s[i + 1] != '\n'));
    if (quoted && c == '"' && i + 1 < len && s[i + 1] == '"')
      i++;
    else if (quoted && c == '"')
      quoted = 0;
    else if (!quoted && c == '"' && start)
      quoted = 1;
    else if (!quoted && c == delim)
      ++*col;
    else if (!quoted && newline)
      *line = at + 1, *col = 1;
    at += newline;
    start = c == delim || newline;
  }
}

/* The error for bytes the decoder could not decode, after the text decoded so far. */
static int decode_error(const input *in, const csv_options *o, const sbuf *text, const char *why,
                        enc_guess g, cherr *e)
{
  size_t n = text->len < HEAD_BYTES ? text->len : HEAD_BYTES;
  char delim = o->delimiter, why_not[400];
  /* only to count columns: a tie between two delimiters takes the first candidate */
  if (delim == 0 && (n == 0 || csvio_sniff_delimiter(text->p, n, 0, o, &delim,
                                                     why_not, sizeof why_not) != 0 || delim == 0))
    delim = ',';
  size_t line, col;
  locate(text->p ? text->p : "", text->len, delim, &line, &col);
  if (g.n == 1 && g.enc[0] != o->encoding)
    return err_set(e, ERR_INPUT, "%s: line %zu, column %zu: %s; the file looks like %s: read it "
                   "with encoding = \"%s\"", in->name, line, col, why, enc_label(g.enc[0]),
                   enc_option(g.enc[0]));
  return err_set(e, ERR_INPUT, "%s: line %zu, column %zu: %s", in->name, line, col, why);
}

/* The next block of the input into buf (a file) or pointed to (text); *last when it ends there. */
static const char *next_block(const input *in, char *buf, size_t *pos, size_t *n, int *last, cherr *e)
{
  if (in->file == NULL) {
    *n = in->len - *pos < HEAD_BYTES ? in->len - *pos : HEAD_BYTES;
    const char *p = in->data + *pos;
    *pos += *n;
    *last = *pos == in->len;
    return p;
  }
  *n = fread(buf, 1, HEAD_BYTES, in->file);
  *pos += *n;
  if (ferror(in->file)) {
    err_set(e, ERR_IO, "%s: %s", in->name, strerror(errno));
    return NULL;
  }
  *last = *n < HEAD_BYTES;
  return buf;
}

/* The blocks after the first: 0 at the end, 1 on bytes the decoder lacks, -1 with e. */
static int decode_rest(const input *in, enc_decoder *d, size_t pos, sbuf *out, cherr *e)
{
  char *buf = in->file != NULL ? mem_alloc(HEAD_BYTES) : NULL;
  int rc = in->file != NULL && buf == NULL ? err_nomem(e) : 0, last = 0;
  while (rc == 0 && !last) {
    size_t n;
    const char *block = next_block(in, buf, &pos, &n, &last, e);
    int why = block == NULL ? HALT_NONE : halt_check();
    if (block == NULL || (why != HALT_NONE && err_halt(e, why)))
      rc = -1;
    else
      rc = enc_decode(d, block, n, last, out, e);
  }
  mem_free(buf);
  return rc;
}

/*
 * Decodes the input into *text (UTF-8, NUL-terminated, the caller's): its
 * first n bytes at head (less skip, a byte-order mark), then the rest.
 */
static int decode(const input *in, const char *head, size_t n, text_encoding enc, size_t skip,
                  const csv_options *o, enc_guess g, char **text, size_t *len, cherr *e)
{
  enc_decoder d;
  if (enc_decoder_init(&d, enc, e) != 0) {
    char why[sizeof e->msg];
    snprintf(why, sizeof why, "%s", e->msg);
    return err_set(e, e->code, "%s: %s", in->name, why);
  }
  sbuf out;
  sbuf_init(&out);
  int last = in->file != NULL ? n < HEAD_BYTES : n == in->len;
  int rc = enc_decode(&d, head + skip, n - skip, last, &out, e);
  if (rc == 0 && !last)
    rc = decode_rest(in, &d, n, &out, e);
  if (rc > 0)
    rc = decode_error(in, o, &out, d.why, g, e);
  if (rc == 0 && (*text = sbuf_take(&out, len)) == NULL)
    rc = err_nomem(e);
  sbuf_free(&out);
  enc_decoder_free(&d);
  return rc;
}

static int has_prefix(const char *s, size_t n, const char *prefix, size_t k)
{
  return n >= k && memcmp(s, prefix, k) == 0;
}

/* UTF-16 as the byte-order mark says, over what the option says; ENC_UTF8 with no mark. */
static text_encoding utf16_by_bom(const char *head, size_t n)
{
  return has_prefix(head, n, "\xFF\xFE", 2) ? ENC_UTF16LE
       : has_prefix(head, n, "\xFE\xFF", 2) ? ENC_UTF16BE : ENC_UTF8;
}

/* An option encoding: how to decode, from the first bytes. 1 to decode, -1 with e. */
static int given(const input *in, const char *head, size_t n, csvenc_plan *p, text_encoding *enc,
                 size_t *skip, enc_guess *g, cherr *e)
{
  text_encoding bom = utf16_by_bom(head, n);
  if (has_prefix(head, n, "\xEF\xBB\xBF", 3))
    return err_set(e, ERR_INPUT, "%s: the file begins with the byte-order mark of UTF-8, so it is "
                   "UTF-8, not %s: read it without option encoding", in->name, enc_label(*enc));
  if ((*enc == ENC_UTF16LE || *enc == ENC_UTF16BE) && bom != ENC_UTF8) {
    if (bom != *enc)
      snprintf(p->note, sizeof p->note, "the file's byte-order mark says %s; read as that, not as %s",
               enc_label(bom), enc_label(*enc));
    *enc = bom;
    *skip = 2;
  }
  if (*enc == ENC_CP1258 || *enc == ENC_TCVN3 || *enc == ENC_VNI) {
    *g = enc_guess_bytes(head, n);
    if (g->n == 1 && g->enc[0] != *enc)
      snprintf(p->note, sizeof p->note, "the text looks like %s rather than %s (option encoding "
               "= \"%s\")", enc_label(g->enc[0]), enc_label(*enc), enc_option(g->enc[0]));
  }
  return 1;
}

/* How to read the input, from its first n bytes: 0 as it is, 1 decoded with enc, -1 with e. */
static int choose(const input *in, const char *head, size_t n, const csv_options *o, csvenc_plan *p,
                  text_encoding *enc, size_t *skip, enc_guess *g, cherr *e)
{
  *enc = o->encoding;
  *skip = 0;
  if (*enc != ENC_UTF8)
    return given(in, head, n, p, enc, skip, g, e);
  if ((*enc = utf16_by_bom(head, n)) != ENC_UTF8) {
    *skip = 2;
    return 1;
  }
  text_encoding u16 = has_prefix(head, n, "\xEF\xBB\xBF", 3) ? ENC_UTF8 : enc_utf16_by_nuls(head, n);
  if (u16 != ENC_UTF8)
    return err_set(e, ERR_INPUT, "%s: line 1: NUL bytes between the characters; the file looks "
                   "like %s without a byte-order mark: read it with encoding = \"%s\"", in->name,
                   enc_label(u16), enc_option(u16));
  size_t valid = utf8_check(head, n);
  if (valid < n && (n < HEAD_BYTES || n - valid > 3)) { /* not a character cut by the block's end */
    p->hint = enc_guess_bytes(head, n);
    p->hint.n = p->hint.n > 0 ? p->hint.n : -1;
  }
  return 0;
}

/* csvenc_start_file and csvenc_start_buffer: the input's first bytes are at head. */
static int start(const input *in, const char *head, size_t n, const csv_options *o, csvenc_plan *p,
                 cherr *e)
{
  text_encoding enc;
  size_t skip;
  enc_guess g = {0, {ENC_UTF8, ENC_UTF8, ENC_UTF8}};
  int how = choose(in, head, n, o, p, &enc, &skip, &g, e);
  if (how <= 0)
    return how;
  return decode(in, head, n, enc, skip, o, g, &p->text, &p->len, e) == 0 ? 1 : -1;
}

int csvenc_start_file(const char *path, FILE *f, int seekable, const csv_options *o,
                      csvenc_plan *p, cherr *e)
{
  memset(p, 0, sizeof *p);
  if (!seekable && o->encoding == ENC_UTF8)
    return 0; /* a pipe: its first bytes cannot be read twice, so it is read as it comes */
  input in = {path, f, NULL, 0};
  char *head = mem_alloc(HEAD_BYTES);
  if (head == NULL)
    return err_nomem(e);
  size_t n = fread(head, 1, HEAD_BYTES, f);
  int how = ferror(f) ? err_set(e, ERR_IO, "%s: %s", path, strerror(errno))
          : start(&in, head, n, o, p, e);
  mem_free(head);
  if (how == 0)
    rewind(f);
  return how;
}

int csvenc_start_buffer(const char *name, const char *data, size_t len, const csv_options *o,
                        csvenc_plan *p, cherr *e)
{
  memset(p, 0, sizeof *p);
  input in = {name, NULL, data, len};
  return start(&in, data, len < HEAD_BYTES ? len : HEAD_BYTES, o, p, e);
}

/* Bytes that are not UTF-8 */

int csvr_fail_not_utf8(reader *rd, size_t col, const char *s, size_t len)
{
  size_t bad = utf8_check(s, len);
  /* the first bytes say more than one field; past them, the field is all there is to go by */
  enc_guess g = rd->not_utf8_hint.n != 0 ? rd->not_utf8_hint : enc_guess_bytes(s, len);
  char what[200];
  if (g.n == 1)
    snprintf(what, sizeof what, "; the file looks like %s: read it with encoding = \"%s\"",
             enc_label(g.enc[0]), enc_option(g.enc[0]));
  else if (g.n > 1)
    snprintf(what, sizeof what, "; the file looks like %s or %s: read it with encoding = \"%s\" or "
             "\"%s\"", enc_label(g.enc[0]), enc_label(g.enc[1]), enc_option(g.enc[0]),
             enc_option(g.enc[1]));
  else
    snprintf(what, sizeof what, " (byte %zu of the field is 0x%02X); save the file as UTF-8, or give "
             "its encoding: encoding = \"cp1258\", \"tcvn3\", \"vni\", \"utf-16le\" or \"utf-16be\"",
             bad + 1, bad < len ? (unsigned)(unsigned char)s[bad] : 0u);
  err_set(rd->e, ERR_INPUT, "%s: line %zu, column %zu: bytes that are not UTF-8%s", rd->name,
          rd->record_line, col, what);
  rd->failed = 1;
  return -1;
}

/* Garbled text */

/* Names or values sampled; dictionary entries looked through for them. */
#define SAMPLE_VALUES 64
#define SAMPLE_LOOKS 1024

/* A value shown in a note: cut at a character's start when long. */
static void quote_value(sbuf *b, const char *s, size_t len)
{
  size_t cut = len <= 40 ? len : utf8_fit(s, len, 40, &(size_t){0});
  sbuf_add(b, s, cut);
  if (cut < len)
    sbuf_adds(b, "...");
}

/*
 * The note for a tally that has a verdict: what (column 'x' / header), how
 * the text looks. -1 with e when memory runs out (or a halt): a note lost
 * would make the read's result depend on memory.
 */
static int note_tally(csv_report *r, const enc_tally *t, const char *what, const char *looks, cherr *e)
{
  int enc = enc_tally_verdict(t);
  if (enc < 0)
    return 0;
  const char *s = t->example[enc];
  size_t len = t->example_len[enc];
  sbuf fixed, shown;
  sbuf_init(&fixed);
  sbuf_init(&shown);
  int rc = enc_repair(s, len, (text_encoding)enc, &fixed, e);
  if (rc == 0) {
    quote_value(&shown, s, len);
    sbuf_adds(&shown, "' is probably '");
    quote_value(&shown, fixed.p ? fixed.p : "", fixed.len);
    rc = shown.failed ? err_nomem(e) : 0;
  }
  if (rc == 0)
    csvio_note(r, "%s: %s like %s saved as UTF-8 through Windows-1252 ('%s')", what, looks,
               enc_label((text_encoding)enc), shown.p);
  sbuf_free(&fixed);
  sbuf_free(&shown);
  return rc;
}

/* Whether s has a byte outside ASCII. */
static int has_high(const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80)
      return 1;
  return 0;
}

static int column_note(const column *c, const char *name, csv_report *r, cherr *e)
{
  enc_tally t;
  memset(&t, 0, sizeof t);
  size_t sampled = 0;
  for (uint32_t id = 0; id < c->dict->count && id < SAMPLE_LOOKS && sampled < SAMPLE_VALUES; id++) {
    size_t len;
    const char *s = dict_str(c->dict, id, &len);
    if (has_high(s, len)) {
      enc_tally_add(&t, s, len);
      sampled++;
    }
  }
  char what[200];
  snprintf(what, sizeof what, "column '%s'", name);
  return note_tally(r, &t, what, "text looks", e);
}

int csvenc_notes(const dataset *d, const csv_options *o, const csvenc_plan *p, csv_report *r,
                 cherr *e)
{
  if (p->note[0] != '\0')
    csvio_note(r, "%s", p->note);
  if (o->encoding != ENC_UTF8 && o->encoding != ENC_UTF16LE && o->encoding != ENC_UTF16BE)
    return 0; /* text decoded from a legacy encoding was never Windows-1252 */
  enc_tally header;
  memset(&header, 0, sizeof header);
  for (size_t k = 0; k < d->ncol && k < SAMPLE_VALUES; k++)
    enc_tally_add(&header, d->names[k], strlen(d->names[k]));
  int rc = note_tally(r, &header, "header", "names look", e);
  for (size_t k = 0; k < d->ncol && rc == 0; k++)
    if (d->cols[k]->type == COL_STR && d->cols[k]->dict != NULL)
      rc = column_note(d->cols[k], d->names[k], r, e);
  return rc;
}
