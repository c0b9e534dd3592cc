/*
 * unit.h - a tiny harness for the C unit tests (the core's, and the host's
 * panic handler in test_panic.c).
 *
 * A test file defines `void test_<file>(void)` made of CASE blocks; each
 * CHECK that fails marks the case failed with file, line and the values.
 * Each case prints "ok <name>" or "not ok <name>: <message>".
 */
#ifndef CHISO_UNIT_H
#define CHISO_UNIT_H

#include <stdio.h>
#include <string.h>

extern int unit_failed_cases;
extern int unit_case_failed;
extern char unit_case_name[200];
extern char unit_message[600];

void unit_begin(const char *name);
void unit_end(void);
void unit_fail(const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* CASE("name") { ... } runs the block as one case. */
#define CASE(name) for (int unit_once_ = (unit_begin(name), 1); unit_once_; unit_once_ = 0, unit_end())

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond))                                                             \
      unit_fail(__FILE__, __LINE__, "%s", #cond);                            \
  } while (0)

#define CHECK_INT(actual, expected)                                          \
  do {                                                                       \
    long long a_ = (long long)(actual), e_ = (long long)(expected);         \
    if (a_ != e_)                                                            \
      unit_fail(__FILE__, __LINE__, "%s is %lld, expected %lld", #actual, a_, e_); \
  } while (0)

#define CHECK_DBL(actual, expected)                                          \
  do {                                                                       \
    double a_ = (actual), e_ = (expected);                                   \
    if (!(a_ == e_))                                                         \
      unit_fail(__FILE__, __LINE__, "%s is %.17g, expected %.17g", #actual, a_, e_); \
  } while (0)

#define CHECK_STR(actual, expected)                                          \
  do {                                                                       \
    const char *a_ = (actual), *e_ = (expected);                             \
    if (a_ == NULL || strcmp(a_, e_) != 0)                                   \
      unit_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #actual, \
                a_ ? a_ : "(null)", e_);                                     \
  } while (0)

/* Every test file's entry point, called in order by main.c. */
void test_num(void);
void test_text(void);
void test_dict(void);
void test_dataset(void);
void test_csv(void);
void test_csvwrite(void);
void test_outfile(void);
void test_table(void);
void test_primitives(void);
void test_mem(void);
void test_rank(void);
void test_join(void);
void test_stats(void);
void test_fuzz(void);
void test_packed(void);
void test_confine(void);
void test_runlimits(void);
void test_encoding(void);
void test_panic(void);

#endif
