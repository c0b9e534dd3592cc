/*
 * err.c - filling a cherr.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

#include "halt.h"
#include "mem.h"

int err_set(cherr *e, err_code code, const char *fmt, ...)
{
  if (e == NULL)
    return -1;
  va_list ap;
  va_start(ap, fmt);
  e->code = code;
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return -1;
}

int err_nomem(cherr *e)
{
  if (mem_limit() != 0 && mem_used() < mem_limit())
    return err_set(e, ERR_NOMEM, "not enough memory (limit %zu bytes)", mem_limit());
  if (mem_limit() != 0)
    return err_set(e, ERR_NOMEM, "memory limit of %zu bytes reached", mem_limit());
  return err_set(e, ERR_NOMEM, "not enough memory");
}

int err_halt(cherr *e, int reason)
{
  return err_set(e, ERR_HALT, "%s", halt_describe(reason));
}
