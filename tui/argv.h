/* argv.h: process args as one line of text, shell-style quoting. */
#ifndef TUI_ARGV_H
#define TUI_ARGV_H

#include "runj.h"

/* Splits a line into words: blanks separate, '...' and "..." quote and a
 * backslash escapes the next character.  An empty line or an open quote is
 * an error.  The result is NULL-terminated; free with strv_free. */
int tui_argv_split(const char *line, char ***out, struct rj_error **err);
/* The reverse: quotes what needs it.  Caller frees. */
char *tui_argv_join(char *const *argv);

#endif
