/*
 * enctab.h - the byte tables of Windows-1252, Windows-1258, TCVN3 and VNI
 * Windows, shared by encoding.c (VNI's decoder) and encguess.c (guesses
 * and garbled text). Not a public interface: encoding.h is.
 */
#ifndef CHISO_ENCTAB_H
#define CHISO_ENCTAB_H

#include <stdint.h>

#include "sbuf.h"

/* Code points of bytes 0x80-0xFF (bytes below are ASCII); 0 for a byte the encoding lacks. */
extern const uint16_t enc_cp1252_high[128];
extern const uint16_t enc_cp1258_high[128];
extern const uint16_t enc_tcvn3_high[128];

/* A byte of VNI Windows from 0xC0: a letter of its own, or marks for the vowel before it. */
typedef struct enc_vni_byte {
  uint16_t letter;     /* the letter, or 0 for marks */
  unsigned char mark;  /* VN_MARK_CIRCUMFLEX, VN_MARK_BREVE or VN_MARK_NONE */
  unsigned char tone;  /* VN_TONE_* */
} enc_vni_byte;

/* Bytes 0xC0-0xFF; a byte with neither letter nor marks is not in VNI. Bytes 0x80-0xBF are Windows-1252's. */
extern const enc_vni_byte enc_vni_high[64];

/* The combining code points of a vowel mark and of a tone (0 for none). */
uint32_t enc_mark_cp(unsigned mark);
uint32_t enc_tone_cp(unsigned tone);

/* The byte Windows-1252 has for cp (Latin-1's for U+0080-U+009F), or -1. */
int enc_cp1252_byte(uint32_t cp);

/* Appends cp in UTF-8. */
void enc_put_utf8(sbuf *b, uint32_t cp);

#endif
