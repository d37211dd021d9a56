/* lineedit.h: editing one line of UTF-8 text in a fixed buffer. */
#ifndef TUI_LINEEDIT_H
#define TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct lineedit {
	char *buf;
	size_t size;
	size_t pos; /* byte offset of the cursor */
};

void le_init(struct lineedit *le, char *buf, size_t size);
/* Handles an editing key (fkey: a curses KEY_* code rather than a
 * character); true when the key was one. */
bool le_key(struct lineedit *le, wint_t key, bool fkey);
/* Draws the field at y, x, width columns wide, and returns the cursor's
 * column (for move()). */
int
le_draw(const struct lineedit *le, int y, int x, int width, unsigned long attr);

#endif
