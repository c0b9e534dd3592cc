/*
 * main.c - runs every C unit test file.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "unit.h"

int unit_failed_cases;
int unit_case_failed;
char unit_case_name[200];
char unit_message[600];

void unit_begin(const char *name)
{
  snprintf(unit_case_name, sizeof unit_case_name, "%s", name);
  unit_case_failed = 0;
  unit_message[0] = '\0';
}

void unit_end(void)
{
  if (unit_case_failed) {
    unit_failed_cases++;
    printf("not ok %s: %s\n", unit_case_name, unit_message);
  } else {
    printf("ok %s\n", unit_case_name);
  }
  fflush(stdout);
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
  if (unit_case_failed)
    return; /* the first failure says the most */
  unit_case_failed = 1;
  int n = snprintf(unit_message, sizeof unit_message, "%s:%d: ", file, line);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(unit_message + n, sizeof unit_message - (size_t)n, fmt, ap);
  va_end(ap);
}

int main(void)
{
  /* first, while the allocator's count and the limits are as chiso starts with them */
  test_panic();
  test_mem();
  test_num();
  test_text();
  test_dict();
  test_dataset();
  test_csv();
  test_csvwrite();
  test_encoding();
  test_outfile();
  test_table();
  test_primitives();
  test_rank();
  test_join();
  test_stats();
  test_packed();
  test_fuzz();
  test_runlimits();
  test_confine();
  return unit_failed_cases == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
