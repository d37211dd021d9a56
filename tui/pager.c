/* pager.c: full-screen scrollable text with search and follow mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui.h"
#include "runjutil.h"

struct pager {
	char *text;
	char **lines;
	size_t n;
	size_t top;
	char search[256];
	bool follow;
};

static void
split(struct pager *p, char *text)
{
	size_t cap = 64;

	free(p->text);
	free(p->lines);
	p->text = text;
	p->lines = xcalloc(cap, sizeof(*p->lines));
	p->n = 0;
	for (char *s = text; s && *s;) {
		char *nl = strchr(s, '\n');

		if (p->n == cap) {
			cap *= 2;
			p->lines = xrealloc(p->lines, cap * sizeof(*p->lines));
		}
		p->lines[p->n++] = s;
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
}

static size_t
rows(void)
{
	return LINES > 2 ? (size_t)(LINES - 2) : 1;
}

static size_t
max_top(const struct pager *p)
{
	return p->n > rows() ? p->n - rows() : 0;
}

static void
draw_line(struct tui_ui *ui, int y, const char *line, const char *search)
{
	char buf[4096];
	size_t len;
	const char *m;

	/* Tabs and control characters would move the cursor: show them as
	 * blanks so the screen is never garbled by a log. */
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *c = buf; *c; c++)
		if ((unsigned char)*c < 32 || *c == 127)
			*c = ' ';
	ui_put(y, 0, buf, COLS, ui->attr[TE_NORMAL]);
	if (!*search)
		return;
	len = strlen(search);
	for (m = strcasestr(buf, search); m; m = strcasestr(m + len, search)) {
		int col = (int)(m - buf);

		if (col >= COLS)
			break;
		ui_put(y, col, m, (int)len, ui->attr[TE_MATCH]);
	}
}

static void
draw(struct tui_ui *ui, struct pager *p, const char *title)
{
	char buf[512];

	erase();
	if (ui_too_small()) {
		ui_draw_main(ui);
		return;
	}
	ui_fill(0, 0, COLS, ui->attr[TE_TITLE]);
	ui_put(0, 1, title, COLS - 2, ui->attr[TE_TITLE]);
	for (size_t r = 0; r < rows() && p->top + r < p->n; r++)
		draw_line(ui, 1 + (int)r, p->lines[p->top + r], p->search);
	snprintf(buf, sizeof(buf),
	    "q back  / search  n/N next/prev  g/G "
	    "top/end%s  line %zu/%zu%s",
	    p->follow ? "  F stop following" : "  F follow",
	    p->n ? p->top + 1 : 0, p->n, p->follow ? "  [following]" : "");
	ui_fill(LINES - 1, 0, COLS, ui->attr[TE_HINT]);
	ui_put(LINES - 1, 1, buf, COLS - 2, ui->attr[TE_HINT]);
	wnoutrefresh(stdscr);
	doupdate();
}

static void
find(struct pager *p, bool forward)
{
	size_t i = p->top;

	if (!p->search[0] || p->n == 0)
		return;
	for (size_t k = 0; k < p->n; k++) {
		i = forward ? (i + 1) % p->n : (i + p->n - 1) % p->n;
		if (strcasestr(p->lines[i], p->search)) {
			p->top = i < max_top(p) ? i : max_top(p);
			return;
		}
	}
}

void
ui_pager(struct tui_ui *ui, const char *title, char *text, ui_reload_fn reload,
    void *arg)
{
	struct pager p = { 0 };
	int r;
	wint_t k;

	split(&p, text);
	p.follow = reload != NULL;
	if (p.follow)
		p.top = max_top(&p);
	curs_set(0);
	for (;;) {
		draw(ui, &p, title);
		r = ui_read_key(&k, reload ? 500 : -1);
		if (ui_quit_signal)
			break;
		if (r == ERR) {
			char *t = reload ? reload(arg) : NULL;

			if (t) {
				split(&p, t);
				if (p.follow)
					p.top = max_top(&p);
			}
			continue;
		}
		if (r == OK && (k == 'q' || k == 27))
			break;
		if (r == OK && k == '/') {
			char s[256];

			snprintf(s, sizeof(s), "%s", p.search);
			/* The prompt draws the list under it: show the
			 * text instead by drawing the pager first. */
			curs_set(1);
			move(LINES - 1, 0);
			ui_fill(LINES - 1, 0, COLS, ui->attr[TE_NORMAL]);
			ui_put(LINES - 1, 0, "/", 1, ui->attr[TE_HINT_KEY]);
			echo();
			s[0] = '\0';
			mvgetnstr(LINES - 1, 1, s, (int)sizeof(s) - 1);
			noecho();
			curs_set(0);
			snprintf(p.search, sizeof(p.search), "%s", s);
			p.follow = false;
			find(&p, true);
			continue;
		}
		if (r == OK && k == 'n')
			find(&p, true);
		else if (r == OK && k == 'N')
			find(&p, false);
		else if (r == OK && (k == 'F' || k == 'f') && reload) {
			p.follow = !p.follow;
			if (p.follow)
				p.top = max_top(&p);
		} else if ((r == OK && k == 'j') ||
		    (r == KEY_CODE_YES && k == KEY_DOWN)) {
			if (p.top < max_top(&p))
				p.top++;
		} else if ((r == OK && k == 'k') ||
		    (r == KEY_CODE_YES && k == KEY_UP)) {
			if (p.top)
				p.top--;
			p.follow = false;
		} else if ((r == OK && k == ' ') ||
		    (r == KEY_CODE_YES && k == KEY_NPAGE)) {
			p.top += rows();
			if (p.top > max_top(&p))
				p.top = max_top(&p);
		} else if ((r == OK && k == 'b') ||
		    (r == KEY_CODE_YES && k == KEY_PPAGE)) {
			p.top = p.top > rows() ? p.top - rows() : 0;
			p.follow = false;
		} else if ((r == OK && k == 'g') ||
		    (r == KEY_CODE_YES && k == KEY_HOME)) {
			p.top = 0;
			p.follow = false;
		} else if ((r == OK && k == 'G') ||
		    (r == KEY_CODE_YES && k == KEY_END)) {
			p.top = max_top(&p);
		} else if (r == KEY_CODE_YES && k == KEY_RESIZE) {
			if (p.top > max_top(&p))
				p.top = max_top(&p);
		}
	}
	free(p.text);
	free(p.lines);
	ui->m->generation++;
}
