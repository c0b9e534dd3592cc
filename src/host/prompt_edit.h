/*
 * prompt_edit.h - reading prompt lines on a terminal with libedit: editing,
 * history kept across sessions, Tab completion through a Lua function, and
 * Ctrl-C at the prompt cancelling the line instead of ending chiso.
 */
#ifndef CHISO_PROMPT_EDIT_H
#define CHISO_PROMPT_EDIT_H

#include <lua.h>

/*
 * Sets up libedit for L: loads the history file ($CHISO_HISTORY, else
 * ~/.chiso_history, at most PROMPT_EDIT_HISTORY lines) and completes words
 * with chiso.prompt.complete.
 */
void prompt_edit_open(lua_State *L);
void prompt_edit_close(void);

#define PROMPT_EDIT_HISTORY 1000

enum { LINE_EOF = 0, LINE_OK = 1, LINE_CANCELLED = 2 };

/* Reads a line with the prompt: LINE_OK with it pushed, LINE_EOF, or LINE_CANCELLED (Ctrl-C). */
int prompt_edit_read(lua_State *L, const char *prompt);

#endif
