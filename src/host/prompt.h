/*
 * prompt.h - the interactive prompt.
 */
#ifndef CHISO_PROMPT_H
#define CHISO_PROMPT_H

#include <lua.h>

/* Reads, runs and prints lines until end of input; errors are reported, not returned. */
int prompt_run(lua_State *L);

#endif
