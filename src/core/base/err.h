/*
 * err.h - how the C core reports failure.
 *
 * Core functions that can fail take a cherr * as their last argument, fill it
 * and return NULL or -1. The core never prints and never exits: the Lua bridge
 * turns a cherr into a Lua error or a nil, message pair.
 */
#ifndef CHISO_ERR_H
#define CHISO_ERR_H

typedef enum err_code {
  ERR_OK = 0,
  ERR_NOMEM, /* an allocation failed or passed the memory limit */
  ERR_HALT,  /* interrupted (Ctrl-C) or out of time; see halt.h */
  ERR_IO,    /* a file could not be opened, read or written */
  ERR_INPUT, /* the data itself is malformed (a bad CSV line) */
  ERR_ARG,   /* the caller asked for something impossible */
  ERR_DENIED /* the sandbox refused a path (sandbox.h) */
} err_code;

typedef struct cherr {
  err_code code;
  char msg[512];
} cherr;

/* Fills e (which may be NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(cherr *e, err_code code, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
int err_nomem(cherr *e);
/* Sets ERR_HALT with the reason halt_check() gave; returns -1. */
int err_halt(cherr *e, int reason);

#endif
