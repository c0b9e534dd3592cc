/*
 * csvsniff.c - guessing how a CSV file is written from its first lines.
 */
#include "csvio.h"

/* Fields per line in the first lines of a block, for one candidate delimiter. */
static size_t consistent_lines(const char *s, size_t len, char delim, size_t *nfields)
{
  size_t lines = 0, count = 1, first = 0;
  int quoted = 0;
  for (size_t i = 0; i < len && lines < 20; i++) {
    char c = s[i];
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && c == delim)
      count++;
    else if (!quoted && c == '\n') {
      if (lines == 0)
        first = count;
      else if (count != first)
        break;
      lines++;
      count = 1;
    }
  }
  if (lines == 0)
    first = count;
  *nfields = first;
  return first > 1 ? lines + 1 : 0;
}

/* The delimiter that splits the first lines into the same number of fields, comma when none does. */
char csvio_sniff_delimiter(const char *s, size_t len)
{
  static const char candidates[] = {',', ';', '\t'};
  char best = ',';
  size_t best_lines = 0, best_fields = 0;
  for (size_t k = 0; k < sizeof candidates; k++) {
    size_t nfields, lines = consistent_lines(s, len, candidates[k], &nfields);
    if (lines > best_lines || (lines == best_lines && lines > 0 && nfields > best_fields)) {
      best = candidates[k];
      best_lines = lines;
      best_fields = nfields;
    }
  }
  return best;
}
