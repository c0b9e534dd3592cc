/*
 * test_num.c - number parsing and formatting: how num_parse classifies text
 * (int, float, not a number: leading zeros, overflow, separators), that it
 * rounds correctly on the cases that need its slow path, that
 * num_format_float gives the shortest text that reads back, and that
 * formatting then parsing 100,000 pseudo-random doubles gives the same bits.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "num.h"
#include "unit.h"

static const num_style dot = {'.', 0};
static const num_style comma_dot = {',', '.'};   /* 1.234,5 */
static const num_style dot_comma = {'.', ','};   /* 1,234.5 */
static const num_style comma_none = {',', 0};    /* 85,94 */

static const char *kind_name(int kind)
{
  return kind == NUM_INT ? "INT" : kind == NUM_FLOAT ? "FLOAT" : "NONE";
}

static uint64_t bits_of(double v)
{
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  return b;
}

/* The text is a literal, so sizeof gives its length even with odd bytes in it. */
#define EXPECT_NONE(text, style)                                                  \
  do {                                                                            \
    int64_t i_ = 0;                                                               \
    double f_ = 0;                                                                \
    int k_ = num_parse(text, sizeof text - 1, style, &i_, &f_);                   \
    if (k_ != NUM_NONE)                                                           \
      unit_fail(__FILE__, __LINE__, "\"%s\" parsed as %s, expected NONE", text,   \
                kind_name(k_));                                                   \
  } while (0)

#define EXPECT_INT(text, style, want)                                             \
  do {                                                                            \
    int64_t i_ = 0;                                                               \
    double f_ = 0;                                                                \
    int k_ = num_parse(text, sizeof text - 1, style, &i_, &f_);                   \
    if (k_ != NUM_INT)                                                            \
      unit_fail(__FILE__, __LINE__, "\"%s\" parsed as %s, expected INT", text,    \
                kind_name(k_));                                                   \
    else if (i_ != (int64_t)(want))                                               \
      unit_fail(__FILE__, __LINE__, "\"%s\" gave %" PRId64 ", expected %" PRId64, \
                text, i_, (int64_t)(want));                                       \
    else if (f_ != (double)(int64_t)(want))                                       \
      unit_fail(__FILE__, __LINE__, "\"%s\" set *f to %.17g, expected %.17g",     \
                text, f_, (double)(int64_t)(want));                               \
  } while (0)

/* Compares bits, so -0.0 differs from 0.0 and the value must be exactly right. */
#define EXPECT_FLOAT(text, style, want)                                           \
  do {                                                                            \
    int64_t i_ = 0;                                                               \
    double f_ = 0, w_ = (want);                                                   \
    int k_ = num_parse(text, sizeof text - 1, style, &i_, &f_);                   \
    if (k_ != NUM_FLOAT)                                                          \
      unit_fail(__FILE__, __LINE__, "\"%s\" parsed as %s, expected FLOAT", text,  \
                kind_name(k_));                                                   \
    else if (bits_of(f_) != bits_of(w_))                                          \
      unit_fail(__FILE__, __LINE__, "\"%s\" gave %.17g (%a), expected %.17g (%a)", \
                text, f_, f_, w_, w_);                                            \
  } while (0)

#define EXPECT_FORMAT(value, want)                                                \
  do {                                                                            \
    char buf_[NUM_BUFSIZE];                                                       \
    size_t n_ = num_format_float(value, buf_);                                    \
    CHECK_STR(buf_, want);                                                        \
    CHECK_INT(n_, strlen(want));                                                  \
  } while (0)

static void test_classify(void)
{
  CASE("num: integers, signs and zero")
  {
    EXPECT_INT("0", &dot, 0);
    EXPECT_INT("-0", &dot, 0);
    EXPECT_INT("+5", &dot, 5);
    EXPECT_INT("12", &dot, 12);
    EXPECT_INT("-12", &dot, -12);
  }

  CASE("num: a leading zero makes text, not a number")
  {
    EXPECT_NONE("01", &dot);
    EXPECT_NONE("-01", &dot);
    EXPECT_NONE("00", &dot);
    EXPECT_NONE("007", &dot);
  }

  CASE("num: fractions and exponents are floats")
  {
    EXPECT_FLOAT("0.5", &dot, 0.5);
    EXPECT_FLOAT(".5", &dot, 0.5);
    EXPECT_FLOAT("5.", &dot, 5.0);
    EXPECT_FLOAT("-0.0", &dot, -0.0);
    EXPECT_FLOAT("1e5", &dot, 100000.0);
    EXPECT_FLOAT("1E-3", &dot, 0.001);
    EXPECT_FLOAT("2.5e+2", &dot, 250.0);
    EXPECT_FLOAT("123.456", &dot, 123.456);
  }

}

static void test_not_numbers(void)
{
  CASE("num: text that is not a number")
  {
    EXPECT_NONE("1e", &dot);
    EXPECT_NONE("1e+", &dot);
    EXPECT_NONE("abc", &dot);
    EXPECT_NONE("", &dot);
    EXPECT_NONE("-", &dot);
    EXPECT_NONE(".", &dot);
    EXPECT_NONE("1.2.3", &dot);
    EXPECT_NONE("12a", &dot);
    EXPECT_NONE(" 12", &dot);
    EXPECT_NONE("0x10", &dot);
  }

  CASE("num: inf, infinity and nan in any case")
  {
    EXPECT_FLOAT("inf", &dot, HUGE_VAL);
    EXPECT_FLOAT("-Infinity", &dot, -HUGE_VAL);
    EXPECT_FLOAT("+INF", &dot, HUGE_VAL);
    int64_t i = 0;
    double f = 0;
    CHECK_INT(num_parse("NaN", 3, &dot, &i, &f), NUM_FLOAT);
    CHECK(isnan(f));
    EXPECT_NONE("infinit", &dot);
  }

  CASE("num: the int64 range, and one past it is text")
  {
    EXPECT_INT("9223372036854775807", &dot, INT64_MAX);
    EXPECT_INT("-9223372036854775808", &dot, INT64_MIN);
    EXPECT_NONE("9223372036854775808", &dot);
    EXPECT_NONE("-9223372036854775809", &dot);
    EXPECT_NONE("10000000000000000000", &dot); /* 1e19, twenty digits */
  }
}

static void test_styles(void)
{
  CASE("num: decimal comma with '.' thousands")
  {
    EXPECT_FLOAT("85,94", &comma_dot, 85.94);
    EXPECT_FLOAT("1.234,5", &comma_dot, 1234.5);
    EXPECT_INT("1.234", &comma_dot, 1234);
    EXPECT_INT("1.234.567", &comma_dot, 1234567);
    EXPECT_NONE("1.2345", &comma_dot); /* a group of four digits */
    EXPECT_NONE("1.23", &comma_dot);   /* a group of two */
    EXPECT_NONE("1234.567", &comma_dot); /* a first group of four */
    EXPECT_NONE(".123", &comma_dot);
    /* 17 digits take the slow path; the comma must still be read as the decimal mark. */
    EXPECT_FLOAT("0,30000000000000004", &comma_dot, 0.30000000000000004);
  }

  CASE("num: decimal comma without thousands")
  {
    EXPECT_FLOAT("85,94", &comma_none, 85.94);
    EXPECT_NONE("12.34", &comma_none);
    EXPECT_INT("1234", &comma_none, 1234);
  }

  CASE("num: thousands ',' with decimal '.'")
  {
    EXPECT_FLOAT("1,234,567.25", &dot_comma, 1234567.25);
    EXPECT_INT("-1,234", &dot_comma, -1234);
    EXPECT_NONE("1,23", &dot_comma);
    EXPECT_NONE("0,123", &dot_comma); /* leading zero */
  }

  CASE("num: a separator is text when no style asks for it")
  {
    EXPECT_NONE("1,234", &dot);
    EXPECT_NONE("85,94", &dot);
  }
}

static void test_rounding(void)
{
  CASE("num: correctly rounded on cases that need the slow path")
  {
    EXPECT_FLOAT("0.1", &dot, 0.1);
    /* DBL_MIN and DBL_MAX as <float.h> prints them (IEEE-754 binary64). */
    EXPECT_FLOAT("2.2250738585072014e-308", &dot, DBL_MIN);
    EXPECT_FLOAT("1.7976931348623157e308", &dot, DBL_MAX);
    /* The smallest subnormal, 2^-1074. */
    EXPECT_FLOAT("4.9406564584124654e-324", &dot, 0x1p-1074);
    /* The decimal that hung PHP and Java: its nearest double is the largest subnormal. */
    EXPECT_FLOAT("2.2250738585072011e-308", &dot, 0x0.fffffffffffffp-1022);
    /* 1e23 is not a double; its nearest is below it, and not 1e22 * 10 rounded. */
    EXPECT_FLOAT("1e23", &dot, 1e23);
    /* 25 significant digits; the 1 in the 25th place is far below half an ulp of 1.0. */
    EXPECT_FLOAT("1.000000000000000000000001", &dot, 1.0);
  }

  CASE("num: 2^53 + 1 is exact as an int and rounds half to even as a float")
  {
    /* 9007199254740993 = 2^53 + 1: int64 holds it; as a double it is halfway between
       2^53 and 2^53 + 2, and ties go to the even significand, 2^53. */
    EXPECT_INT("9007199254740993", &dot, INT64_C(9007199254740993));
    EXPECT_FLOAT("9007199254740993.0", &dot, 9007199254740992.0);
    /* 2^53 + 3 is halfway between 2^53 + 2 (odd significand) and 2^53 + 4 (even). */
    EXPECT_FLOAT("9007199254740995.0", &dot, 9007199254740996.0);
  }

  CASE("num: thirty digits are text as an int but a float with a decimal point")
  {
    EXPECT_NONE("123456789012345678901234567890", &dot);
    /* Expected value from: python3 -c "print(float('123456789012345678901234567890.0'))" */
    EXPECT_FLOAT("123456789012345678901234567890.0", &dot, 1.2345678901234568e+29);
  }
}

static void test_format(void)
{
  CASE("num: num_format_float writes the shortest text, always a float")
  {
    EXPECT_FORMAT(85.94, "85.94");
    /* 0.1 + 0.2 is the double just above 0.3; 17 digits are needed to say so. */
    EXPECT_FORMAT(0.1 + 0.2, "0.30000000000000004");
    EXPECT_FORMAT(1.0, "1.0");
    EXPECT_FORMAT(100.0, "100.0");
    EXPECT_FORMAT(0.0, "0.0");
    EXPECT_FORMAT(-0.0, "-0.0");
    EXPECT_FORMAT(-1.5, "-1.5");
    EXPECT_FORMAT(1e20, "1e+20");
    EXPECT_FORMAT(1e-5, "1e-05");
    EXPECT_FORMAT(DBL_MAX, "1.7976931348623157e+308");
    /* 2^53 needs all 16 digits; 15 would read back as 9.00719925474099e15. */
    EXPECT_FORMAT(9007199254740992.0, "9007199254740992.0");
  }

  CASE("num: num_format_float gives subnormals their shortest form")
  {
    /*
     * 2^-1074 = 4.9406564584124654e-324 is the smallest subnormal; its neighbours
     * are 0 and 2^-1073 = 9.88e-324, so every decimal in (2.47e-324, 7.41e-324)
     * reads back as it. "5e-324" is in that interval and has one digit, so it is the
     * shortest (it is what Python's repr, Ryu and Grisu print). The brief suggested
     * "4.94065645841247e-324", which reads back too but is not the shortest that
     * num.h promises.
     */
    EXPECT_FORMAT(0x1p-1074, "5e-324");
    /* 2^-1023, a subnormal with 17 significant digits (python3: repr(2.0**-1023)). */
    EXPECT_FORMAT(0x1p-1023, "1.1125369292536007e-308");
  }

  CASE("num: num_format_float of inf, -inf and nan")
  {
    EXPECT_FORMAT(HUGE_VAL, "inf");
    EXPECT_FORMAT(-HUGE_VAL, "-inf");
    EXPECT_FORMAT(NAN, "nan");
  }

  CASE("num: num_format_int of the int64 range")
  {
    char buf[NUM_BUFSIZE];
    CHECK_INT(num_format_int(INT64_MIN, buf), 20);
    CHECK_STR(buf, "-9223372036854775808");
    CHECK_INT(num_format_int(INT64_MAX, buf), 19);
    CHECK_STR(buf, "9223372036854775807");
    CHECK_INT(num_format_int(0, buf), 1);
    CHECK_STR(buf, "0");
    CHECK_INT(num_format_int(-42, buf), 3);
    CHECK_STR(buf, "-42");
  }
}

static const num_style comma_space = {',', ' '};  /* 1 234,5 (with U+00A0, U+202F too) */

/* num_parse_loose: the kind, the value (bits compared, as EXPECT_FLOAT) and whether a percent sign went. */
#define EXPECT_LOOSE(text, style, kind, want, pct)                                 \
  do {                                                                            \
    int64_t i_ = 0;                                                               \
    double f_ = 0, w_ = (want);                                                   \
    int p_ = -1;                                                                  \
    int k_ = num_parse_loose(text, sizeof text - 1, style, &i_, &f_, &p_);         \
    if (k_ != (kind))                                                             \
      unit_fail(__FILE__, __LINE__, "\"%s\" parsed as %s, expected %s", text,       \
                kind_name(k_), kind_name(kind));                                  \
    else if (k_ != NUM_NONE && bits_of(f_) != bits_of(w_))                        \
      unit_fail(__FILE__, __LINE__, "\"%s\" gave %.17g, expected %.17g", text, f_, w_); \
    else if (k_ == NUM_INT && i_ != (int64_t)w_)                                  \
      unit_fail(__FILE__, __LINE__, "\"%s\" gave %" PRId64, text, i_);             \
    else if (k_ != NUM_NONE && p_ != (pct))                                       \
      unit_fail(__FILE__, __LINE__, "\"%s\": percent %d, expected %d", text, p_, pct); \
  } while (0)

static void test_loose(void)
{
  CASE("num: num_parse_loose sets aside spaces, U+00A0 and U+202F around a number")
  {
    EXPECT_LOOSE(" 12 ", &dot, NUM_INT, 12, 0);
    EXPECT_LOOSE("\t-7\t", &dot, NUM_INT, -7, 0);
    EXPECT_LOOSE("\xc2\xa0" "91,25\xc2\xa0", &comma_none, NUM_FLOAT, 91.25, 0);
    EXPECT_LOOSE("\xe2\x80\xaf" "80.1\xe2\x80\xaf", &dot, NUM_FLOAT, 80.1, 0);
    EXPECT_LOOSE("   ", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("1 2", &dot, NUM_NONE, 0, 0); /* a space inside, with no thousands separator */
  }

  CASE("num: num_parse_loose drops a percent sign after a number, keeping its scale")
  {
    EXPECT_LOOSE("85,94%", &comma_none, NUM_FLOAT, 85.94, 1);
    EXPECT_LOOSE("85.94%", &dot, NUM_FLOAT, 85.94, 1);
    EXPECT_LOOSE("100%", &dot, NUM_INT, 100, 1);
    EXPECT_LOOSE("7,5 %", &comma_none, NUM_FLOAT, 7.5, 1);
    EXPECT_LOOSE("7,5\xc2\xa0%", &comma_none, NUM_FLOAT, 7.5, 1);
    EXPECT_LOOSE("%", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("inf%", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("5%%", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("%5", &dot, NUM_NONE, 0, 0);
  }

  CASE("num: num_parse_loose drops a leading apostrophe before a number, and reads U+2212 as minus")
  {
    EXPECT_LOOSE("'85.94", &dot, NUM_FLOAT, 85.94, 0);
    EXPECT_LOOSE("'12", &dot, NUM_INT, 12, 0);
    EXPECT_LOOSE("'01", &dot, NUM_NONE, 0, 0); /* a code kept as text in Excel stays text */
    EXPECT_LOOSE("''12", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("12'", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("'abc", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("\xe2\x88\x92" "5", &dot, NUM_INT, -5, 0);
    EXPECT_LOOSE("\xe2\x88\x92" "1,25", &comma_none, NUM_FLOAT, -1.25, 0);
    EXPECT_LOOSE("'\xe2\x88\x92" "0,5%", &comma_none, NUM_FLOAT, -0.5, 1);
    EXPECT_LOOSE("\xe2\x88\x92-5", &dot, NUM_NONE, 0, 0);
    EXPECT_LOOSE("\xe2\x88\x92", &dot, NUM_NONE, 0, 0);
  }

  CASE("num: num_parse_loose takes U+00A0 and U+202F between digit groups when thousands is ' '")
  {
    EXPECT_LOOSE("8\xc2\xa0" "435\xc2\xa0" "700", &comma_space, NUM_INT, 8435700, 0);
    EXPECT_LOOSE("1\xe2\x80\xaf" "160\xe2\x80\xaf" "200", &comma_space, NUM_INT, 1160200, 0);
    EXPECT_LOOSE("3\xc2\xa0" "359,8", &comma_space, NUM_FLOAT, 3359.8, 0);
    EXPECT_LOOSE("1\xc2\xa0" "23", &comma_space, NUM_NONE, 0, 0); /* groups are of three */
    EXPECT_LOOSE("1\t234", &comma_space, NUM_NONE, 0, 0);          /* a tab is no separator */
    EXPECT_LOOSE("1\xc2\xa0" "234", &comma_none, NUM_NONE, 0, 0); /* none asked for */
    EXPECT_LOOSE("1.234,56", &comma_dot, NUM_FLOAT, 1234.56, 0);
  }

  CASE("num: num_trim cuts spaces, tabs, U+00A0 and U+202F, and no other character")
  {
    const char *s = " \t\xc2\xa0\xe2\x80\xaf" "a\xc3\xa0 \xc2\xa0";
    size_t len = strlen(s);
    num_trim(&s, &len);
    CHECK_INT(len, 3);
    CHECK(memcmp(s, "a\xc3\xa0", 3) == 0); /* à ends in 0xA0 and stays */
  }
}

/* xorshift64 (Marsaglia 2003): a fixed seed gives the same doubles on every run. */
static uint64_t xorshift64(uint64_t *state)
{
  uint64_t x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *state = x;
}

static void test_round_trip(void)
{
  CASE("num: 100000 random doubles read back bit for bit after formatting")
  {
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    int tried = 0;
    while (tried < 100000) {
      uint64_t bits = xorshift64(&state);
      double v;
      memcpy(&v, &bits, sizeof v);
      if (isnan(v))
        continue;
      tried++;
      char buf[NUM_BUFSIZE];
      size_t n = num_format_float(v, buf);
      int64_t i = 0;
      double back = 0;
      int kind = num_parse(buf, n, &dot, &i, &back);
      if (kind != NUM_FLOAT || bits_of(back) != bits) {
        unit_fail(__FILE__, __LINE__, "%a formatted as \"%s\" read back as %s %a", v, buf,
                  kind_name(kind), back);
        break;
      }
    }
  }
}

void test_num(void)
{
  test_classify();
  test_not_numbers();
  test_styles();
  test_rounding();
  test_format();
  test_loose();
  test_round_trip();
}
