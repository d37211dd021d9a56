/* lineedit.c: one-line editor: cursor moves, insert, delete, kill.  The
 * text grows as needed: nothing typed or pasted is ever cut. */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "keys.h"
#include "lineedit.h"
#include "runjutil.h"

static bool
is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

void
le_init(struct lineedit *le, const char *text)
{
	memset(le, 0, sizeof(*le));
	le_set(le, text);
}

void
le_set(struct lineedit *le, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n + 1 > le->cap) {
		le->cap = n + 64;
		le->text = xrealloc(le->text, le->cap);
	}
	if (n)
		memcpy(le->text, text, n);
	le->text[n] = '\0';
	le->len = le->pos = n;
}

void
le_free(struct lineedit *le)
{
	free(le->text);
	memset(le, 0, sizeof(*le));
}

static size_t
prev_char(const struct lineedit *le, size_t p)
{
	while (p > 0 && is_cont(le->text[--p]))
		;
	return p;
}

static size_t
next_char(const struct lineedit *le, size_t p)
{
	if (p >= le->len)
		return le->len;
	p++;
	while (p < le->len && is_cont(le->text[p]))
		p++;
	return p;
}

static void
cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->text + from, le->text + to, le->len - to + 1);
	le->len -= to - from;
	le->pos = from;
}

static void
insert_bytes(struct lineedit *le, const char *s, size_t n)
{
	if (le->len + n + 1 > le->cap) {
		le->cap = (le->len + n + 1) * 2;
		le->text = xrealloc(le->text, le->cap);
	}
	memmove(le->text + le->pos + n, le->text + le->pos,
	    le->len - le->pos + 1);
	memcpy(le->text + le->pos, s, n);
	le->len += n;
	le->pos += n;
}

void
le_insert(struct lineedit *le, const char *text)
{
	for (const char *p = text; *p; p++) {
		char c = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;

		insert_bytes(le, &c, 1);
	}
}

static void
insert_wc(struct lineedit *le, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n;

	memset(&ps, 0, sizeof(ps));
	n = wcrtomb(mb, (wchar_t)key, &ps);
	if (n != (size_t)-1)
		insert_bytes(le, mb, n);
}

bool
le_key(struct lineedit *le, int key)
{
	size_t p;

	switch (key) {
	case TK_FN(KEY_LEFT):
	case TK_CTRL('b'):
		le->pos = prev_char(le, le->pos);
		return true;
	case TK_FN(KEY_RIGHT):
	case TK_CTRL('f'):
		le->pos = next_char(le, le->pos);
		return true;
	case TK_FN(KEY_HOME):
	case TK_CTRL('a'):
		le->pos = 0;
		return true;
	case TK_FN(KEY_END):
	case TK_CTRL('e'):
		le->pos = le->len;
		return true;
	case TK_FN(KEY_BACKSPACE):
	case 127:
	case TK_CTRL('h'):
		if (le->pos)
			cut(le, prev_char(le, le->pos), le->pos);
		return true;
	case TK_FN(KEY_DC):
	case TK_CTRL('d'):
		cut(le, le->pos, next_char(le, le->pos));
		return true;
	case TK_CTRL('u'):
		cut(le, 0, le->pos);
		return true;
	case TK_CTRL('k'):
		le->text[le->pos] = '\0';
		le->len = le->pos;
		return true;
	case TK_CTRL('w'):
		p = le->pos;
		while (p > 0 && le->text[p - 1] == ' ')
			p--;
		while (p > 0 && le->text[p - 1] != ' ')
			p--;
		cut(le, p, le->pos);
		return true;
	default:
		if (!TK_IS_FN(key) && key >= 32 && key != 127) {
			insert_wc(le, key);
			return true;
		}
		return false;
	}
}

int
le_draw(const struct lineedit *le, int y, int x, int width, unsigned long attr)
{
	size_t cur = 0, off = 0, i, start, end;

	if (width < 2)
		return x;
	for (i = 0; i < le->pos; i++)
		if (!is_cont(le->text[i]))
			cur++;
	/* Scroll so the cursor stays in the field. */
	if (cur >= (size_t)width)
		off = cur - (size_t)width + 1;
	for (start = 0, i = 0; start < le->len && i < off; i++)
		start = next_char(le, start);
	for (end = start, i = 0; end < le->len && i < (size_t)width; i++)
		end = next_char(le, end);
	attrset((attr_t)attr);
	mvhline(y, x, ' ', width);
	mvaddnstr(y, x, le->text + start, (int)(end - start));
	attrset(A_NORMAL);
	return x + (int)(cur - off);
}
