/*
 * vn.h - Vietnamese letters: each one's base letter, vowel mark and tone,
 * and the dictionary order of Vietnamese text.
 *
 * The order is the one Vietnamese dictionaries use: the alphabet
 * a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f, j, w,
 * z, which loanwords use, in their Latin places), compared over the whole
 * string first; then the tones, in the order ngang, huyền, hỏi, ngã, sắc,
 * nặng; then lower case before upper case. Text in decomposed form (NFD,
 * combining marks) orders the same as precomposed text (NFC).
 */
#ifndef CHISO_VN_H
#define CHISO_VN_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sbuf.h"

enum { VN_MARK_NONE, VN_MARK_BREVE, VN_MARK_CIRCUMFLEX, VN_MARK_HORN, VN_MARK_STROKE };
enum { VN_TONE_NONE, VN_TONE_GRAVE, VN_TONE_HOOK, VN_TONE_TILDE, VN_TONE_ACUTE, VN_TONE_DOT };

typedef struct vn_letter {
  uint32_t cp;
  char base;            /* the ASCII letter, lower case */
  unsigned char mark;   /* VN_MARK_* */
  unsigned char tone;   /* VN_TONE_* */
  unsigned char upper;
} vn_letter;

/* The parts of a precomposed Vietnamese letter (ă, Ệ, đ...), or NULL for any other code point. */
const vn_letter *vn_lookup(uint32_t cp);

/*
 * Orders a and b (UTF-8) as a Vietnamese dictionary does: <0, 0 or >0.
 * Equal only when byte-equal. When halt_check() says to stop (strings of
 * hundreds of megabytes take seconds), it returns 0 at once: the caller
 * asks halt_check() itself, as sort_stable does.
 */
int vn_compare(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Appends s without tones or vowel marks, lower case: "Lạng Sơn" gives
 * "lang son", "Đắk Lắk" gives "dak lak". Other characters are kept.
 */
int vn_fold(const char *s, size_t len, sbuf *out, cherr *e);

/*
 * Appends s in precomposed form (NFC for Vietnamese letters) with tones
 * placed as the official names write them (Hòa, Khỏe, Thủy): decomposed
 * input and the newer placement (Hoà, Thuỷ) give the same bytes.
 */
int vn_normalize(const char *s, size_t len, sbuf *out, cherr *e);

#endif
