/*
 * text.h - UTF-8 checking and terminal display width.
 *
 * Strings in chiso are UTF-8 byte strings with a length; nothing here
 * allocates. Widths follow what terminals do: combining marks take no
 * column, East Asian wide characters take two, everything else one.
 */
#ifndef CHISO_TEXT_H
#define CHISO_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that does not start a valid UTF-8 sequence, or len. */
size_t utf8_check(const char *s, size_t len);

/* Decodes the code point at s; returns the bytes it takes (1 for a bad byte, read as U+FFFD). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Moves *s and *len past the spaces and tabs at either end (what option trim cuts). */
void text_trim(const char **s, size_t *len);

/* Writes cp (at most U+10FFFF) as UTF-8 into buf; returns the bytes written, 1 to 4. */
size_t utf8_encode(uint32_t cp, char buf[4]);

/* Columns a code point takes on a terminal: 0, 1 or 2. */
int utf8_cpwidth(uint32_t cp);

/* Columns the whole string takes. */
size_t utf8_width(const char *s, size_t len);

/*
 * Length in bytes of the longest prefix of s that fits in `columns`
 * terminal columns without splitting a character; *width gets its width.
 */
size_t utf8_fit(const char *s, size_t len, size_t columns, size_t *width);

#endif
