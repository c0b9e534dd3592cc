/*
 * repl.h - the interactive prompt.
 */
#ifndef CHISO_REPL_H
#define CHISO_REPL_H

#include <lua.h>

/* Reads, runs and prints lines until end of input; errors are reported, not returned. */
int repl_run(lua_State *L);

#endif
