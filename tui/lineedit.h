/* lineedit.h: editing one line of UTF-8 text, of any length. */
#ifndef TUI_LINEEDIT_H
#define TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct lineedit {
	char *text; /* owned, NUL-terminated */
	size_t len, cap;
	size_t pos; /* byte offset of the cursor */
};

/* Starts with a copy of text (NULL: empty), the cursor at its end. */
void le_init(struct lineedit *le, const char *text);
void le_set(struct lineedit *le, const char *text);
void le_free(struct lineedit *le);
/* Handles an editing key (as the key tables hold keys: TK_FN(KEY_LEFT),
 * a character, ^A...); true when the key was one. */
bool le_key(struct lineedit *le, int key);
/* Inserts text at the cursor (a paste: line breaks become blanks). */
void le_insert(struct lineedit *le, const char *text);
/* Draws the field at y, x, width columns wide, scrolled so the cursor
 * shows, and returns the cursor's column (for move()). */
int
le_draw(const struct lineedit *le, int y, int x, int width, unsigned long attr);

#endif
