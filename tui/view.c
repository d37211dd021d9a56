/* view.c: draws the model: title, list (and the detail pane beside it),
 * hint bar and status line. */
#include <stdio.h>
#include <string.h>

#include "ui.h"
#include "runjutil.h"

#define DETAIL_MIN_COLS 80 /* below this the detail pane does not fit */

static int col_x[TC_NCOLS], col_w[TC_NCOLS];
static int list_w; /* the list's width (the pane takes the rest) */

bool
ui_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

int
ui_width(const char *s)
{
	int cols = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			cols++;
	return cols;
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
	if (width <= 0 || y < 0 || y >= LINES)
		return;
	attrset(attr);
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void
ui_put(int y, int x, const char *text, int width, attr_t attr)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS || x < 0)
		return;
	if (x + width > COLS)
		width = COLS - x;
	attrset(attr);
	mvaddnstr(y, x, text, fit_bytes(text, width));
	attrset(A_NORMAL);
}

static bool
detail_shown(const struct tui_ui *ui)
{
	return ui->m->detail && COLS >= DETAIL_MIN_COLS;
}

/* Which columns fit, in the order they go when space is short. */
static void
layout(struct tui_ui *ui)
{
	static const enum tui_col order[] = { TC_ID, TC_STATUS, TC_PID,
		TC_UPTIME, TC_CPU, TC_MEM, TC_BUNDLE, TC_CREATED, TC_COMMAND };
	static const enum tui_col drop[] = { TC_CREATED, TC_BUNDLE, TC_PID,
		TC_MEM, TC_CPU, TC_UPTIME };
	struct tui_model *m = ui->m;
	int idw = 8, x = 2, used;

	list_w = detail_shown(ui) ? COLS * 11 / 20 : COLS;
	for (size_t i = 0; i < m->nview; i++) {
		int l = ui_width(m->all[m->view[i]].id);
		if (l > idw)
			idw = l;
	}
	col_w[TC_ID] = idw > 24 ? 24 : idw;
	col_w[TC_STATUS] = 14;
	col_w[TC_PID] = 7;
	col_w[TC_UPTIME] = 7;
	col_w[TC_CPU] = 5;
	col_w[TC_MEM] = 6;
	col_w[TC_CREATED] = 19;
	col_w[TC_BUNDLE] = 0;
	col_w[TC_COMMAND] = 0;
	/* The command keeps 16 columns at least; the bundle gets a share
	 * of what is left when there is a lot. */
	for (size_t d = 0;; d++) {
		used = x;
		for (int c = 0; c < TC_NCOLS; c++)
			used += col_w[c] ? col_w[c] + 1 : 0;
		if (list_w - used >= 16 || d == ARRAY_SIZE(drop))
			break;
		col_w[drop[d]] = 0;
	}
	int rest = list_w - used - 1;
	if (rest >= 50) {
		col_w[TC_BUNDLE] = rest * 2 / 5;
		rest -= col_w[TC_BUNDLE] + 1;
	}
	col_w[TC_COMMAND] = rest > 0 ? rest : 0;
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

/* Work in the background, for the title: "[bundle: 1.2 MiB of 3 MiB]". */
static void
jobs_text(char *buf, size_t size)
{
	size_t n = tui_jobs_count();
	struct tui_job *j = tui_jobs_first();
	char pr[200];

	buf[0] = '\0';
	if (!n)
		return;
	for (; j && !j->cancellable; j = j->next)
		;
	if (!j) {
		snprintf(buf, size, "[%zu at work] ", n);
		return;
	}
	tui_job_progress_text(j, pr, sizeof(pr));
	snprintf(buf, size, "[%s%s] ", pr, n > 1 ? ", +more" : "");
}

static void
draw_title(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	size_t marked = tui_model_nmarked(m);
	char jobs[300], marks[64] = "";
	_cleanup_free_ char *buf = NULL;
	int jw;

	jobs_text(jobs, sizeof(jobs));
	if (marked)
		snprintf(marks, sizeof(marks), "  %zu marked", marked);
	ui_fill(0, 0, COLS, ui->attr[TE_TITLE]);
	buf = xasprintf(" runj-tui  %s  %zu container%s%s%s%s%s  sort: %s %s  "
			"theme: %s",
	    m->root, m->nall, m->nall == 1 ? "" : "s", marks,
	    m->filter ? "  filter: \"" : "", m->filter ? m->filter : "",
	    m->filter ? "\"" : "", tui_col_names[m->sort_col],
	    m->sort_reverse ? "v" : "^", ui->theme.name);
	/* Work under way is on the right, and wins the room. */
	jw = ui_width(jobs);
	if (jw > COLS / 2)
		jw = COLS / 2;
	ui_put(0, 0, buf, COLS - jw - 1, ui->attr[TE_TITLE]);
	if (jw)
		ui_put(0, COLS - jw, jobs, jw, ui->attr[TE_TITLE]);
}

static void
draw_list(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	int rows = LINES - 4;
	char buf[1024];

	ui_fill(1, 0, list_w, ui->attr[TE_HEADER]);
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
		_cleanup_strv_ char **lines = ui_wrap(m->nall
			? "No container matches the filter (/ changes it, Esc "
			  "clears it)."
			: "No containers yet: press n to make a bundle (from "
			  "an "
			  "archive, a URL or a FreeBSD release), r for one "
			  "from the host, c to create a container, ? for help.",
		    list_w - 4);

		for (size_t i = 0; lines[i] && (int)i < rows - 1; i++)
			ui_put(3 + (int)i, 2, lines[i], list_w - 4,
			    ui->attr[TE_NORMAL]);
		return;
	}
	for (int r = 0; r < rows && m->top + (size_t)r < m->nview; r++) {
		size_t vi = m->top + (size_t)r, i = m->view[vi];
		const struct rj_state *st = &m->all[i];
		bool sel = vi == m->sel;
		attr_t base = sel ? ui->attr[TE_SELECTED] : ui->attr[TE_NORMAL];

		if (sel)
			ui_fill(2 + r, 0, list_w, base);
		if (m->extra[i].marked)
			ui_put(2 + r, 0, "*", 1,
			    sel ? base : ui->attr[TE_HINT_KEY]);
		for (int c = 0; c < TC_NCOLS; c++) {
			if (!col_w[c])
				continue;
			tui_cell_text(m, st, c, buf, sizeof(buf));
			ui_put(2 + r, col_x[c], buf, col_w[c],
			    c == TC_STATUS && !sel ? status_attr(ui, st->status)
						   : base);
		}
	}
}

static bool
is_tail(enum tui_action a)
{
	return a == TA_MORE || a == TA_HELP || a == TA_QUIT;
}

/* The hint bar: what applies now, in the table's order, as much as fits;
 * "m more", "? help" and "q quit" always (more lists the rest). */
static void
draw_hints(struct tui_ui *ui)
{
	unsigned bit = tui_model_hint_bits(ui->m);
	const struct tui_keytable *t = &tui_keys_list;
	int x = 1, y = LINES - 2, tail = 0;

	ui_fill(y, 0, COLS, ui->attr[TE_HINT]);
	for (size_t i = 0; i < t->n; i++)
		if (t->keys[i].hint && is_tail(t->keys[i].action))
			tail += ui_width(t->keys[i].keyname) +
			    ui_width(t->keys[i].label) + 3;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->n; i++) {
			const struct tui_key *k = &t->keys[i];
			int need = ui_width(k->keyname) + ui_width(k->label) +
			    3;

			if (!k->hint || is_tail(k->action) != (pass == 1) ||
			    !tui_key_applies(k, bit))
				continue;
			if (pass == 0 && x + need > COLS - tail)
				continue;
			ui_put(y, x, k->keyname, COLS - x,
			    ui->attr[TE_HINT_KEY]);
			x += ui_width(k->keyname) + 1;
			ui_put(y, x, k->label, COLS - x, ui->attr[TE_HINT]);
			x += ui_width(k->label) + 2;
		}
	}
}

static void
draw_status(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	attr_t a = m->status_error ? ui->attr[TE_ERROR] : ui->attr[TE_INFO];
	static const char more[] = " ... (h: all of it)";
	int w = COLS - 2;

	ui_fill(LINES - 1, 0, COLS, ui->attr[TE_NORMAL]);
	if (ui_width(m->status) <= w) {
		ui_put(LINES - 1, 1, m->status, w, a);
		return;
	}
	/* Cut, and say where the whole of it is. */
	ui_put(LINES - 1, 1, m->status, w - (int)strlen(more), a);
	ui_put(LINES - 1, COLS - 1 - (int)strlen(more), more, (int)strlen(more),
	    ui->attr[TE_HINT]);
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
	if (detail_shown(ui))
		ui_draw_detail(ui, 1, list_w, LINES - 3, COLS - list_w);
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

void
ui_visible_rows(struct tui_ui *ui, size_t *from, size_t *to)
{
	struct tui_model *m = ui->m;

	*from = m->top;
	*to = m->top + m->page < m->nview ? m->top + m->page : m->nview;
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
