/*
 * test_text.c - UTF-8 checking and display width: utf8_check accepts valid
 * text (Vietnamese precomposed and decomposed, 4-byte characters) and gives
 * the offset of the first bad byte in each kind of invalid sequence;
 * utf8_decode; utf8_width counts combining marks as 0 columns, CJK as 2 and
 * control characters as 0; utf8_fit never splits a character.
 */
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "unit.h"

/* Literals with odd bytes: sizeof counts them all, embedded NULs included. */
#define CHECK_AT(lit, offset) CHECK_INT(utf8_check(lit, sizeof lit - 1), offset)
#define WIDTH(lit) utf8_width(lit, sizeof lit - 1)

/* "Lạng Sơn" precomposed: ạ is U+1EA1 (E1 BA A1), ơ is U+01A1 (C6 A1); 11 bytes, 8 characters. */
#define LANG_SON "L\xE1\xBA\xA1ng S\xC6\xA1n"
/* "Lạng" decomposed (NFD): a followed by U+0323 COMBINING DOT BELOW (CC A3). */
#define LANG_NFD "La\xCC\xA3ng"
/* "漢字": U+6F22 (E6 BC A2) and U+5B57 (E5 AD 97). */
#define KANJI "\xE6\xBC\xA2\xE5\xAD\x97"

static void test_check(void)
{
  CASE("text: valid UTF-8 gives its length")
  {
    CHECK_AT("", 0);
    CHECK_AT("plain ASCII, longer than eight bytes", 36);
    CHECK_AT(LANG_SON, 11);
    CHECK_AT(LANG_NFD, 6);
    CHECK_AT(KANJI, 6);
    CHECK_AT("\xF0\x9F\x98\x80", 4);     /* U+1F600, four bytes */
    CHECK_AT("\xF4\x8F\xBF\xBF", 4);     /* U+10FFFF, the last code point */
    CHECK_AT("\xED\x9F\xBF", 3);         /* U+D7FF, just below the surrogates */
    CHECK_AT("\xEE\x80\x80", 3);         /* U+E000, just above them */
    CHECK_AT("a\0b", 3);                 /* NUL is a valid character */
  }

  CASE("text: a lone continuation byte is invalid where it stands")
  {
    CHECK_AT("\x80", 0);
    CHECK_AT("ab\x80", 2);
    CHECK_AT("abcdefghij\xBF", 10); /* after the eight-byte ASCII skip */
  }

  CASE("text: a truncated sequence is invalid at its lead byte")
  {
    CHECK_AT("a\xE1\xBA", 1);     /* three-byte lead, one continuation, then the end */
    CHECK_AT("a\xE1\xBAz", 1);    /* ... then an ASCII byte */
    CHECK_AT("\xF0\x9F\x98", 0);
    CHECK_AT("\xC6", 0);
  }

  CASE("text: overlong forms are invalid")
  {
    CHECK_AT("\xC0\xAF", 0);          /* '/' in two bytes */
    CHECK_AT("\xC1\xBF", 0);
    CHECK_AT("\xE0\x80\xAF", 0);      /* '/' in three bytes */
    CHECK_AT("\xF0\x8F\xBF\xBF", 0);  /* U+FFFF in four bytes */
  }

  CASE("text: surrogates, code points past U+10FFFF and 0xFF are invalid")
  {
    CHECK_AT("\xED\xA0\x80", 0);      /* U+D800 */
    CHECK_AT("ok\xED\xBF\xBF", 2);    /* U+DFFF */
    CHECK_AT("\xF4\x90\x80\x80", 0);  /* U+110000 */
    CHECK_AT("\xF5\x80\x80\x80", 0);
    CHECK_AT("\xFF", 0);
    CHECK_AT(LANG_SON "\xFF", 11);
  }
}

static void test_decode(void)
{
  CASE("text: utf8_decode gives the code point and its length, U+FFFD for a bad byte")
  {
    uint32_t cp;
    CHECK_INT(utf8_decode("A", 1, &cp), 1);
    CHECK_INT(cp, 0x41);
    CHECK_INT(utf8_decode("\xC6\xA1", 2, &cp), 2);
    CHECK_INT(cp, 0x01A1);
    CHECK_INT(utf8_decode("\xE1\xBA\xA1", 3, &cp), 3);
    CHECK_INT(cp, 0x1EA1);
    CHECK_INT(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(utf8_decode("\xFF" "a", 2, &cp), 1);
    CHECK_INT(cp, 0xFFFD);
    CHECK_INT(utf8_decode("\xE1\xBA", 2, &cp), 1); /* truncated */
    CHECK_INT(cp, 0xFFFD);
  }
}

static void test_width(void)
{
  CASE("text: width of Vietnamese, precomposed and decomposed")
  {
    /* L ạ n g space S ơ n: eight characters, one column each. */
    CHECK_INT(WIDTH(LANG_SON), 8);
    /* L a (combining dot: 0) n g */
    CHECK_INT(WIDTH(LANG_NFD), 4);
  }

  CASE("text: CJK characters take two columns, control characters none")
  {
    CHECK_INT(WIDTH(KANJI), 4);
    CHECK_INT(WIDTH("\x01\x1F\x7F"), 0);
    CHECK_INT(WIDTH("a\tb"), 2);
    CHECK_INT(WIDTH(""), 0);
    CHECK_INT(WIDTH("\xE2\x80\x8B"), 0); /* U+200B ZERO WIDTH SPACE */
  }

  CASE("text: each invalid byte is drawn as one replacement character")
  {
    CHECK_INT(WIDTH("\xFF\xFE"), 2);
  }
}

static void test_fit(void)
{
  CASE("text: utf8_fit stops before the character that would pass the limit")
  {
    size_t w = 99;
    /* "Lạn" is 1 + 3 + 1 bytes and 3 columns. */
    CHECK_INT(utf8_fit(LANG_SON, sizeof LANG_SON - 1, 3, &w), 5);
    CHECK_INT(w, 3);
    CHECK_INT(utf8_fit(LANG_SON, sizeof LANG_SON - 1, 8, &w), 11);
    CHECK_INT(w, 8);
    CHECK_INT(utf8_fit(LANG_SON, sizeof LANG_SON - 1, 100, &w), 11);
    CHECK_INT(w, 8);
    CHECK_INT(utf8_fit("abc", 3, 0, &w), 0);
    CHECK_INT(w, 0);
  }

  CASE("text: utf8_fit keeps a combining mark with its base")
  {
    size_t w = 99;
    /* Two columns: "La" and the dot below that belongs to the a (1 + 1 + 2 bytes). */
    CHECK_INT(utf8_fit(LANG_NFD, sizeof LANG_NFD - 1, 2, &w), 4);
    CHECK_INT(w, 2);
  }

  CASE("text: utf8_fit does not split a wide character")
  {
    size_t w = 99;
    CHECK_INT(utf8_fit(KANJI, 6, 3, &w), 3); /* one character of two columns */
    CHECK_INT(w, 2);
    CHECK_INT(utf8_fit(KANJI, 6, 1, &w), 0);
    CHECK_INT(w, 0);
    CHECK_INT(utf8_fit(KANJI, 6, 4, NULL), 6); /* width may be NULL */
  }
}

void test_text(void)
{
  test_check();
  test_decode();
  test_width();
  test_fit();
}
