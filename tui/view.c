/* view.c: draws the model: title, list, hint bar and status line. */
#include <stdio.h>
#include <string.h>

#include "ui.h"
#include "runjutil.h"

static int col_x[TC_NCOLS], col_w[TC_NCOLS];

bool
ui_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

/* Bytes of s that fit in width columns (one column per character). */
static int
fit_bytes(const char *s, int width)
{
	int cols = 0, i = 0;

	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (cols == width)
			break;
		cols++;
	}
	return i;
}

void
ui_fill(int y, int x, int width, attr_t attr)
{
	if (width <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void
ui_put(int y, int x, const char *text, int width, attr_t attr)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	attrset(attr);
	mvaddnstr(y, x, text, fit_bytes(text, width));
	attrset(A_NORMAL);
}

static void
layout(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	int idw = 8, rest, x = 1;

	for (size_t i = 0; i < m->nview; i++) {
		int l = (int)strlen(m->all[m->view[i]].id);
		if (l > idw)
			idw = l;
	}
	col_w[TC_ID] = idw > 24 ? 24 : idw;
	col_w[TC_STATUS] = 9;
	col_w[TC_PID] = 8;
	col_w[TC_CREATED] = 19;
	rest = COLS - 2 - col_w[TC_ID] - col_w[TC_STATUS] - col_w[TC_PID] - 4;
	/* Narrow terminals lose the creation time, then the bundle. */
	if (rest < 60)
		col_w[TC_CREATED] = 0;
	else
		rest -= col_w[TC_CREATED] + 1;
	col_w[TC_BUNDLE] = rest >= 30 ? rest * 2 / 5 : 0;
	if (col_w[TC_BUNDLE])
		rest -= col_w[TC_BUNDLE] + 1;
	col_w[TC_COMMAND] = rest > 0 ? rest : 0;
	static const enum tui_col order[] = { TC_ID, TC_STATUS, TC_PID,
		TC_BUNDLE, TC_CREATED, TC_COMMAND };
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		col_x[order[i]] = x;
		if (col_w[order[i]])
			x += col_w[order[i]] + 1;
	}
}

static attr_t
status_attr(struct tui_ui *ui, enum rj_status s)
{
	static const enum tui_elem map[] = {
		[RJ_STATUS_CREATING] = TE_CREATING,
		[RJ_STATUS_CREATED] = TE_CREATED,
		[RJ_STATUS_RUNNING] = TE_RUNNING,
		[RJ_STATUS_PAUSED] = TE_PAUSED,
		[RJ_STATUS_STOPPED] = TE_STOPPED,
	};

	return (unsigned)s < ARRAY_SIZE(map) ? ui->attr[map[s]]
					     : ui->attr[TE_NORMAL];
}

static void
draw_title(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	char buf[1024];

	ui_fill(0, 0, COLS, ui->attr[TE_TITLE]);
	snprintf(buf, sizeof(buf),
	    " runj-tui  %s  %zu container%s%s%s%s  "
	    "sort: %s %s  theme: %s",
	    m->root, m->nall, m->nall == 1 ? "" : "s",
	    m->filter ? "  filter: \"" : "", m->filter ? m->filter : "",
	    m->filter ? "\"" : "", tui_col_names[m->sort_col],
	    m->sort_reverse ? "v" : "^", ui->theme.name);
	ui_put(0, 0, buf, COLS, ui->attr[TE_TITLE]);
}

static void
draw_list(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	int rows = LINES - 4;
	char buf[1024];

	ui_fill(1, 0, COLS, ui->attr[TE_HEADER]);
	for (int c = 0; c < TC_NCOLS; c++) {
		if (!col_w[c])
			continue;
		snprintf(buf, sizeof(buf), "%s%s", tui_col_names[c],
		    m->sort_col == (enum tui_col)c
			? (m->sort_reverse ? " v" : " ^")
			: "");
		ui_put(1, col_x[c], buf, col_w[c], ui->attr[TE_HEADER]);
	}
	m->page = rows > 0 ? (size_t)rows : 1;
	tui_model_move(m, 0); /* keeps the selection on screen */
	if (m->nview == 0) {
		ui_put(3, 2,
		    m->nall ? "No container matches the filter "
			      "(/ to change it)."
			    : "No containers yet: press n to make "
			      "a bundle, c to create a container, ? for help.",
		    COLS - 4, ui->attr[TE_NORMAL]);
		return;
	}
	for (int r = 0; r < rows && m->top + (size_t)r < m->nview; r++) {
		size_t vi = m->top + (size_t)r;
		const struct rj_state *st = &m->all[m->view[vi]];
		bool sel = vi == m->sel;
		attr_t base = sel ? ui->attr[TE_SELECTED] : ui->attr[TE_NORMAL];

		if (sel)
			ui_fill(2 + r, 0, COLS, base);
		for (int c = 0; c < TC_NCOLS; c++) {
			if (!col_w[c])
				continue;
			tui_cell_text(st, c, buf, sizeof(buf));
			ui_put(2 + r, col_x[c], buf, col_w[c],
			    c == TC_STATUS && !sel ? status_attr(ui, st->status)
						   : base);
		}
	}
}

static void
draw_hints(struct tui_ui *ui)
{
	unsigned bit = tui_model_state_bit(ui->m);
	int x = 1, y = LINES - 2;

	ui_fill(y, 0, COLS, ui->attr[TE_HINT]);
	for (size_t i = 0; i < tui_nkeys; i++) {
		const struct tui_key *k = &tui_keys[i];
		int need = (int)(strlen(k->keyname) + strlen(k->label)) + 2;

		if (!k->hint || !tui_key_applies(k, bit))
			continue;
		if (x + need > COLS)
			break;
		ui_put(y, x, k->keyname, COLS - x, ui->attr[TE_HINT_KEY]);
		x += (int)strlen(k->keyname) + 1;
		ui_put(y, x, k->label, COLS - x, ui->attr[TE_HINT]);
		x += (int)strlen(k->label) + 2;
	}
}

static void
draw_status(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	attr_t a = m->status_error ? ui->attr[TE_ERROR] : ui->attr[TE_INFO];

	ui_fill(LINES - 1, 0, COLS, ui->attr[TE_NORMAL]);
	ui_put(LINES - 1, 1, m->status, COLS - 2, a);
}

static void
draw_too_small(struct tui_ui *ui)
{
	char size[64];
	static const char what[] = "terminal too small";
	int l;

	l = snprintf(size, sizeof(size), "%dx%d, need %dx%d", COLS, LINES,
	    TUI_MIN_COLS, TUI_MIN_LINES);
	ui_put(LINES / 2 - (LINES > 1), COLS > 18 ? (COLS - 18) / 2 : 0, what,
	    COLS, ui->attr[TE_ERROR]);
	if (LINES > 1)
		ui_put(LINES / 2, COLS > l ? (COLS - l) / 2 : 0, size, COLS,
		    ui->attr[TE_ERROR]);
}

void
ui_draw_main(struct tui_ui *ui)
{
	erase();
	if (ui_too_small()) {
		draw_too_small(ui);
		return;
	}
	layout(ui);
	draw_title(ui);
	draw_list(ui);
	draw_hints(ui);
	draw_status(ui);
}

void
ui_redraw(struct tui_ui *ui)
{
	ui_draw_main(ui);
	ui->drawn = ui->m->generation;
	wnoutrefresh(stdscr);
	doupdate();
}

long
ui_row_at(struct tui_ui *ui, int y)
{
	size_t r;

	if (y < 2 || y >= LINES - 2)
		return -1;
	r = ui->m->top + (size_t)(y - 2);
	return r < ui->m->nview ? (long)r : -1;
}

int
ui_col_at(struct tui_ui *ui, int x)
{
	(void)ui;
	for (int c = 0; c < TC_NCOLS; c++)
		if (col_w[c] && x >= col_x[c] && x < col_x[c] + col_w[c])
			return c;
	return -1;
}
