/*
 * encoding.h - text in the encodings Vietnamese files come in, made UTF-8;
 * which encoding bytes that are not UTF-8 are most likely in; and UTF-8
 * text that was garbled on its way (TCVN3 bytes read as Windows-1252 and
 * saved as UTF-8: "Hµ Néi" for "Hà Nội").
 *
 * UTF-16 is decoded here; Windows-1258 and TCVN3 through glibc's iconv
 * (CP1258, TCVN5712-1); VNI Windows through a table in encoding.c. Text
 * decoded from the three legacy encodings comes out in NFC with tones
 * placed as vn_normalize places them; UTF-16 comes out as it was written.
 *
 * Guesses judge text by its words: a word with letters outside ASCII is
 * Vietnamese when it is one syllable of the language (an initial
 * consonant, one of the vowel groups, a final consonant, at most one tone).
 *
 * Ownership: a decoder owns its iconv handle and buffer until
 * enc_decoder_free; text passed in is borrowed; output is appended to the
 * caller's sbuf.
 */
#ifndef CHISO_ENCODING_H
#define CHISO_ENCODING_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sbuf.h"

typedef enum text_encoding {
  ENC_UTF8,     /* the default; UTF-16 is still recognised by its byte-order mark */
  ENC_UTF16LE,
  ENC_UTF16BE,
  ENC_CP1258,   /* Windows-1258 */
  ENC_TCVN3,    /* TCVN 5712:1993 (ABC) */
  ENC_VNI,      /* VNI Windows */
  ENC_COUNT
} text_encoding;

/* The option's value ("cp1258") and the name people know ("Windows-1258"). */
const char *enc_option(text_encoding enc);
const char *enc_label(text_encoding enc);

/*
 * Loads the iconv converters the decoders use. A sandboxed report's process
 * calls it before it confines itself: afterwards iconv could no longer load
 * them (Landlock hides their folder, seccomp refuses the executable mapping).
 */
void enc_preload(void);

/* Decoding */

/* Where a decoder stopped on bytes it cannot decode. */
typedef struct enc_decoder {
  text_encoding enc;
  void *cd;            /* iconv's handle (Windows-1258, TCVN3) */
  sbuf stage;          /* legacy text decoded, waiting for a line end to be normalised */
  size_t unbroken;     /* the stage's first bytes, known to hold no line end */
  unsigned char odd;   /* UTF-16: the first byte of a unit cut by the end of the input */
  int has_odd;
  uint32_t high;       /* UTF-16: a high surrogate waiting for its low half */
  uint32_t last;       /* VNI: the vowel before, while a mark may still follow it (0: none) */
  int last_mark;       /* VNI: that vowel has its circumflex or breve */
  int last_tone;       /* VNI: that vowel has its tone */
  char why[160];       /* what could not be decoded, for the caller's message */
} enc_decoder;

/* Sets d up for enc (not ENC_UTF8); -1 with e when iconv lacks the converter or memory runs out. */
int enc_decoder_init(enc_decoder *d, text_encoding enc, cherr *e);
void enc_decoder_free(enc_decoder *d);

/*
 * Decodes the next n bytes of the input (last: nothing follows them),
 * appending UTF-8 to out. 0; or 1 on bytes it cannot decode, with d->why
 * saying what they are and out holding all that came before them; or -1
 * with e when memory runs out.
 */
int enc_decode(enc_decoder *d, const char *s, size_t n, int last, sbuf *out, cherr *e);

/* Guessing */

/*
 * ENC_UTF16LE or ENC_UTF16BE when the first line of s (no byte-order mark)
 * has the NUL bytes of UTF-16 text every other byte, and none between; else
 * ENC_UTF8.
 */
text_encoding enc_utf16_by_nuls(const char *s, size_t len);

/* The encodings that fit bytes best, as likely as each other, best first; n is 0 when none fits. */
typedef struct enc_guess {
  int n;
  text_encoding enc[3];
} enc_guess;

/* Which of Windows-1258, TCVN3 and VNI reads the non-ASCII words of s as Vietnamese. */
enc_guess enc_guess_bytes(const char *s, size_t len);

/* Garbled text */

/*
 * What enc_garbled finds in UTF-8 text that Windows-1252 (or Latin-1) can
 * turn back into bytes: ENC_GARBLED_ODD when it has words that are not
 * Vietnamese and hold letters outside ASCII; with it, bit (1 << enc) for
 * each encoding enc (ENC_UTF8, ENC_CP1258, ENC_TCVN3, ENC_VNI) such that
 * those bytes read in enc are Vietnamese throughout. 0 for ASCII text, for
 * text with a character Windows-1252 does not have (ordinary Vietnamese
 * has many), and for text whose words are all Vietnamese.
 */
#define ENC_GARBLED_ODD (1u << ENC_COUNT)
unsigned enc_garbled(const char *s, size_t len);

/* Appends s turned back into bytes through Windows-1252 and read in enc (in NFC); -1 with e. */
int enc_repair(const char *s, size_t len, text_encoding enc, sbuf *out, cherr *e);

/* A tally of values (a column, a header) for enc_tally_verdict. */
typedef struct enc_tally {
  size_t odd;                 /* values with words that are not Vietnamese */
  size_t fixed[ENC_COUNT];    /* of those, values that enc reads as Vietnamese */
  size_t words[ENC_COUNT];    /* Vietnamese words with letters outside ASCII in those values */
  const char *example[ENC_COUNT]; /* the first such value, borrowed */
  size_t example_len[ENC_COUNT];
} enc_tally;

void enc_tally_add(enc_tally *t, const char *s, size_t len);
/* The encoding the odd values most likely were in before they were garbled, or -1. */
int enc_tally_verdict(const enc_tally *t);

#endif
