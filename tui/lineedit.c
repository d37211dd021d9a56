/* lineedit.c: one-line editor: cursor moves, insert, delete, kill. */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"

#define CTRL(c) ((c)&0x1f)

static bool
is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

void
le_init(struct lineedit *le, char *buf, size_t size)
{
	le->buf = buf;
	le->size = size;
	le->pos = strlen(buf);
}

static size_t
prev_char(const struct lineedit *le, size_t p)
{
	while (p > 0 && is_cont(le->buf[--p]))
		;
	return p;
}

static size_t
next_char(const struct lineedit *le, size_t p)
{
	if (!le->buf[p])
		return p;
	p++;
	while (le->buf[p] && is_cont(le->buf[p]))
		p++;
	return p;
}

static void
cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, strlen(le->buf + to) + 1);
	le->pos = from;
}

static void
insert(struct lineedit *le, wint_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n, len = strlen(le->buf);

	memset(&ps, 0, sizeof(ps));
	n = wcrtomb(mb, (wchar_t)wc, &ps);
	if (n == (size_t)-1 || len + n + 1 > le->size)
		return;
	memmove(le->buf + le->pos + n, le->buf + le->pos, len - le->pos + 1);
	memcpy(le->buf + le->pos, mb, n);
	le->pos += n;
}

bool
le_key(struct lineedit *le, wint_t key, bool fkey)
{
	size_t p;

	if (fkey) {
		switch (key) {
		case KEY_LEFT:
			le->pos = prev_char(le, le->pos);
			return true;
		case KEY_RIGHT:
			le->pos = next_char(le, le->pos);
			return true;
		case KEY_HOME:
			le->pos = 0;
			return true;
		case KEY_END:
			le->pos = strlen(le->buf);
			return true;
		case KEY_BACKSPACE:
			if (le->pos)
				cut(le, prev_char(le, le->pos), le->pos);
			return true;
		case KEY_DC:
			cut(le, le->pos, next_char(le, le->pos));
			return true;
		default:
			return false;
		}
	}
	switch (key) {
	case CTRL('a'):
		le->pos = 0;
		return true;
	case CTRL('e'):
		le->pos = strlen(le->buf);
		return true;
	case CTRL('b'):
		le->pos = prev_char(le, le->pos);
		return true;
	case CTRL('f'):
		le->pos = next_char(le, le->pos);
		return true;
	case 127:
	case CTRL('h'):
		if (le->pos)
			cut(le, prev_char(le, le->pos), le->pos);
		return true;
	case CTRL('d'):
		cut(le, le->pos, next_char(le, le->pos));
		return true;
	case CTRL('u'):
		cut(le, 0, le->pos);
		return true;
	case CTRL('k'):
		le->buf[le->pos] = '\0';
		return true;
	case CTRL('w'):
		p = le->pos;
		while (p > 0 && le->buf[p - 1] == ' ')
			p--;
		while (p > 0 && le->buf[p - 1] != ' ')
			p--;
		cut(le, p, le->pos);
		return true;
	default:
		if (key >= 32 && key != 127) {
			insert(le, key);
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
		if (!is_cont(le->buf[i]))
			cur++;
	/* Scroll so the cursor stays in the field. */
	if (cur >= (size_t)width)
		off = cur - (size_t)width + 1;
	for (start = 0, i = 0; le->buf[start] && i < off; i++)
		start = next_char(le, start);
	for (end = start, i = 0; le->buf[end] && i < (size_t)width; i++)
		end = next_char(le, end);
	attrset((attr_t)attr);
	mvhline(y, x, ' ', width);
	mvaddnstr(y, x, le->buf + start, (int)(end - start));
	attrset(A_NORMAL);
	return x + (int)(cur - off);
}
