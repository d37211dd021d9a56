/* pager.c: full-screen text: search, wrap or sideways scroll, follow mode
 * for logs.  Keys come from the pager's key table; the search prompt is
 * part of the pager's own screen, so new lines arriving while it is typed
 * change nothing of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lineedit.h"
#include "ui.h"
#include "runjutil.h"

/* A row on screen: a piece of a line (all of it unless wrapped). */
struct row {
	size_t line;
	size_t off, len; /* bytes */
};

struct pager {
	const struct ui_pager_opts *o;
	char *raw;  /* as given or reloaded */
	char *text; /* as shown (rendered), split in place */
	char **lines;
	size_t n;
	struct row *rows;
	size_t nrows;
	int rows_cols; /* the width rows were made for */
	size_t top;    /* first row shown */
	int left;      /* columns scrolled sideways (not wrapped) */
	bool wrap, follow, times;
	char *search;	/* the last search, or NULL */
	bool prompting; /* the search is being typed */
	struct lineedit se;
	char note[160];
};

static size_t
page_rows(void)
{
	return LINES > 2 ? (size_t)(LINES - 2) : 1;
}

static void
split(struct pager *p)
{
	size_t cap = 64;

	free(p->lines);
	p->lines = xcalloc(cap, sizeof(*p->lines));
	p->n = 0;
	for (char *s = p->text; s && *s;) {
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
	/* Tabs and control characters would move the cursor: blanks. */
	for (size_t i = 0; i < p->n; i++)
		for (char *c = p->lines[i]; *c; c++)
			if ((unsigned char)*c < 32 || *c == 127)
				*c = ' ';
	p->rows_cols = -1;
}

static void
render(struct pager *p)
{
	free(p->text);
	p->text = p->o->render ? p->o->render(p->raw, p->times)
			       : xstrdup(p->raw ? p->raw : "");
	split(p);
}

/* Rows for the screen's width: one per line, or wrapped pieces. */
static void
make_rows(struct pager *p)
{
	size_t cap = p->n + 16;

	if (p->rows_cols == COLS)
		return;
	free(p->rows);
	p->rows = xcalloc(cap, sizeof(*p->rows));
	p->nrows = 0;
	for (size_t i = 0; i < p->n; i++) {
		const char *s = p->lines[i];
		size_t len = strlen(s), off = 0;

		do {
			size_t take = len - off;

			if (p->wrap && COLS > 0) {
				/* COLS characters of the line, back to a blank
				 * when there is one. */
				size_t b = off, cols = 0;

				while (b < len && cols < (size_t)COLS) {
					b++;
					while (b < len &&
					    ((unsigned char)s[b] & 0xc0) ==
						0x80)
						b++;
					cols++;
				}
				if (b < len) {
					size_t k = b;

					while (k > off && s[k - 1] != ' ')
						k--;
					if (k > off)
						b = k;
				}
				take = b - off;
			}
			if (p->nrows == cap)
				p->rows = xrealloc(p->rows,
				    (cap *= 2) * sizeof(*p->rows));
			p->rows[p->nrows++] = (struct row){ i, off, take };
			off += take;
		} while (off < len);
	}
	p->rows_cols = COLS;
}

static size_t
max_top(struct pager *p)
{
	make_rows(p);
	return p->nrows > page_rows() ? p->nrows - page_rows() : 0;
}

static void
set_raw(struct pager *p, char *raw)
{
	free(p->raw);
	p->raw = raw;
	render(p);
}

static unsigned
caps(const struct pager *p)
{
	return PG_ALWAYS | (p->o->caps & (PG_FOLLOW | PG_TIMES));
}

static void
draw_row(struct tui_ui *ui, struct pager *p, int y, const struct row *r)
{
	const char *line = p->lines[r->line];
	const char *s = line + r->off;
	size_t len = r->len;
	int skip = p->wrap ? 0 : p->left;
	_cleanup_free_ char *piece = NULL;

	/* Sideways: skip that many characters. */
	while (skip > 0 && len > 0) {
		s++;
		len--;
		while (len > 0 && ((unsigned char)*s & 0xc0) == 0x80) {
			s++;
			len--;
		}
		skip--;
	}
	piece = strndup(s, len);
	ui_put(y, 0, piece, COLS, ui->attr[TE_NORMAL]);
	if (!p->search || !*p->search)
		return;
	/* Matches, in this row's piece. */
	size_t sl = strlen(p->search);
	for (const char *mt = strcasestr(piece, p->search); mt;
	     mt = strcasestr(mt + sl, p->search)) {
		_cleanup_free_ char *before = strndup(piece,
		    (size_t)(mt - piece));
		int col = ui_width(before);

		if (col >= COLS)
			break;
		ui_put(y, col, mt, ui_width(p->search), ui->attr[TE_MATCH]);
	}
}

static void
draw(struct tui_ui *ui, struct pager *p)
{
	char hint[256], where[96];
	_cleanup_free_ char *bar = NULL;

	erase();
	if (ui_too_small()) {
		ui_draw_main(ui);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	make_rows(p);
	if (p->top > max_top(p))
		p->top = max_top(p);
	ui_fill(0, 0, COLS, ui->attr[TE_TITLE]);
	ui_put(0, 1, p->o->title, COLS - 2, ui->attr[TE_TITLE]);
	for (size_t r = 0; r < page_rows() && p->top + r < p->nrows; r++)
		draw_row(ui, p, 1 + (int)r, &p->rows[p->top + r]);
	ui_fill(LINES - 1, 0, COLS, ui->attr[TE_HINT]);
	if (p->prompting) {
		ui_put(LINES - 1, 0, "/", 1, ui->attr[TE_HINT_KEY]);
		int c = le_draw(&p->se, LINES - 1, 1, COLS - 2,
		    ui->attr[TE_INPUT]);
		move(LINES - 1, c);
		curs_set(1);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	curs_set(0);
	tui_hint_text(&tui_keys_pager, caps(p), hint, sizeof(hint));
	snprintf(where, sizeof(where), "line %zu/%zu%s%s%s   ",
	    p->nrows ? p->rows[p->top].line + 1 : 0, p->n,
	    p->follow ? " [following]" : "", p->wrap ? " [wrapped]" : "",
	    p->times ? " [times]" : "");
	bar = xasprintf("%s%s%s%s", p->note[0] ? p->note : "",
	    p->note[0] ? "   " : "", where, hint);
	ui_put(LINES - 1, 1, bar, COLS - 2,
	    p->note[0] ? ui->attr[TE_ERROR] : ui->attr[TE_HINT]);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The next (or previous) row with a match, from the top row. */
static void
find(struct pager *p, bool forward)
{
	size_t i, line;

	p->note[0] = '\0';
	if (!p->search || !*p->search)
		return;
	make_rows(p);
	line = p->nrows ? p->rows[p->top].line : 0;
	for (size_t k = 1; k <= p->n; k++) {
		i = forward ? (line + k) % p->n : (line + p->n - k) % p->n;
		if (!strcasestr(p->lines[i], p->search))
			continue;
		for (size_t r = 0; r < p->nrows; r++) {
			if (p->rows[r].line == i) {
				p->top = r < max_top(p) ? r : max_top(p);
				break;
			}
		}
		p->follow = false;
		return;
	}
	snprintf(p->note, sizeof(p->note), "no match for \"%.100s\"",
	    p->search);
}

/* A key while the search is typed. */
static void
prompt_key(struct pager *p, int key)
{
	const struct tui_key *k = tui_key_find(&tui_keys_form, key, DLG_ALWAYS);

	if (k && k->action == TA_DLG_CANCEL) {
		p->prompting = false;
		return;
	}
	if (k && k->action == TA_DLG_OK) {
		p->prompting = false;
		free(p->search);
		p->search = xstrdup(p->se.text);
		find(p, true);
		return;
	}
	le_key(&p->se, key);
}

static bool
pager_key(struct pager *p, const struct tui_key *k)
{
	switch (k->action) {
	case TA_PG_BACK:
		return false;
	case TA_PG_SEARCH:
		p->prompting = true;
		le_set(&p->se, "");
		break;
	case TA_PG_NEXT:
		find(p, true);
		break;
	case TA_PG_PREV:
		find(p, false);
		break;
	case TA_PG_FOLLOW:
		p->follow = !p->follow;
		if (p->follow)
			p->top = max_top(p);
		break;
	case TA_PG_WRAP:
		p->wrap = !p->wrap;
		p->left = 0;
		p->rows_cols = -1;
		if (p->follow)
			p->top = max_top(p);
		break;
	case TA_PG_TIMES:
		p->times = !p->times;
		render(p);
		if (p->follow)
			p->top = max_top(p);
		break;
	case TA_PG_LEFT:
		p->left = p->left > 8 ? p->left - 8 : 0;
		break;
	case TA_PG_RIGHT:
		if (!p->wrap)
			p->left += 8;
		break;
	case TA_PG_UP:
		if (p->top)
			p->top--;
		p->follow = false;
		break;
	case TA_PG_DOWN:
		if (p->top < max_top(p))
			p->top++;
		break;
	case TA_PG_PAGE_UP:
		p->top = p->top > page_rows() ? p->top - page_rows() : 0;
		p->follow = false;
		break;
	case TA_PG_PAGE_DOWN:
		p->top += page_rows();
		if (p->top > max_top(p))
			p->top = max_top(p);
		break;
	case TA_PG_TOP:
		p->top = 0;
		p->follow = false;
		break;
	case TA_PG_END:
		p->top = max_top(p);
		break;
	default:
		break;
	}
	return true;
}

void
ui_pager(struct tui_ui *ui, const struct ui_pager_opts *o, char *text)
{
	struct pager p = { .o = o, .wrap = o->wrap, .follow = o->follow };
	int64_t next_reload = 0;

	le_init(&p.se, NULL);
	set_raw(&p, text);
	if (p.follow)
		p.top = max_top(&p);
	for (;;) {
		draw(ui, &p);
		int key = ui_key(o->reload ? 500 : -1);
		if (ui_quit_signal)
			break;
		if (o->reload && now_ns() >= next_reload) {
			char *t = o->reload(o->arg);

			next_reload = now_ns() + 400 * 1000000LL;
			if (t) {
				set_raw(&p, t);
				if (p.follow)
					p.top = max_top(&p);
			}
		}
		if (key < 0 || key == TK_FN(KEY_RESIZE)) {
			p.rows_cols = -1;
			continue;
		}
		if (p.prompting) {
			prompt_key(&p, key);
			continue;
		}
		p.note[0] = '\0';
		const struct tui_key *k = tui_key_find(&tui_keys_pager, key,
		    caps(&p));
		if (k && tui_key_applies(k, caps(&p)) && !pager_key(&p, k))
			break;
	}
	le_free(&p.se);
	free(p.search);
	free(p.raw);
	free(p.text);
	free(p.lines);
	free(p.rows);
	ui->m->generation++;
}
