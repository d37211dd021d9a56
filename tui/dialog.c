/* dialog.c: boxes over the list: menus, confirmations, forms, prompts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "ui.h"
#include "runjutil.h"

#define ESC 27

volatile sig_atomic_t ui_quit_signal;

int
ui_read_key(wint_t *key, int timeout_ms)
{
	int r;

	if (ui_quit_signal)
		return ERR;
	timeout(timeout_ms);
	r = get_wch(key);
	if (r == ERR || ui_quit_signal)
		return ERR;
	return r;
}

static bool
is_cancel(int r, wint_t k)
{
	return (r == OK && k == ESC) || ui_quit_signal;
}

static bool
is_enter(int r, wint_t k)
{
	return (r == OK && (k == '\n' || k == '\r')) ||
	    (r == KEY_CODE_YES && k == KEY_ENTER);
}

void
ui_box(struct tui_ui *ui, const char *title, int h, int w, int *y, int *x)
{
	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	*y = (LINES - h) / 2;
	*x = (COLS - w) / 2;
	for (int r = 0; r < h; r++)
		ui_fill(*y + r, *x, w, ui->attr[TE_DIALOG]);
	/* The wide-character forms: box lines as Unicode in a UTF-8 locale,
	 * which survives terminals and multiplexers that mangle the VT100
	 * alternate character set. */
	attrset(ui->attr[TE_BORDER]);
	mvadd_wch(*y, *x, WACS_ULCORNER);
	mvhline_set(*y, *x + 1, WACS_HLINE, w - 2);
	mvadd_wch(*y, *x + w - 1, WACS_URCORNER);
	mvvline_set(*y + 1, *x, WACS_VLINE, h - 2);
	mvvline_set(*y + 1, *x + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(*y + h - 1, *x, WACS_LLCORNER);
	mvhline_set(*y + h - 1, *x + 1, WACS_HLINE, w - 2);
	mvadd_wch(*y + h - 1, *x + w - 1, WACS_LRCORNER);
	attrset(A_NORMAL);
	if (title) {
		char t[256];

		snprintf(t, sizeof(t), " %s ", title);
		ui_put(*y, *x + 2, t, w - 4, ui->attr[TE_DIALOG_TITLE]);
	}
}

static void
show(void)
{
	wnoutrefresh(stdscr);
	doupdate();
}

int
ui_menu(struct tui_ui *ui, const char *title, const char *const *items, int n,
    int initial, const char *toggle_label, bool *toggle)
{
	int sel = initial < n ? initial : 0, y, x, w = 30, h, r;
	wint_t k;
	char buf[256];

	for (int i = 0; i < n; i++)
		if ((int)strlen(items[i]) + 6 > w)
			w = (int)strlen(items[i]) + 6;
	if (toggle_label && (int)strlen(toggle_label) + 10 > w)
		w = (int)strlen(toggle_label) + 10;
	h = n + 2 + (toggle ? 2 : 0);
	curs_set(0);
	for (;;) {
		ui_draw_main(ui);
		if (!ui_too_small()) {
			ui_box(ui, title, h, w, &y, &x);
			for (int i = 0; i < n && i < LINES - 4; i++) {
				attr_t a = i == sel ? ui->attr[TE_SELECTED]
						    : ui->attr[TE_DIALOG];
				ui_fill(y + 1 + i, x + 1, w - 2, a);
				ui_put(y + 1 + i, x + 2, items[i], w - 4, a);
			}
			if (toggle) {
				snprintf(buf, sizeof(buf), "[%c] %s (Space)",
				    *toggle ? 'x' : ' ', toggle_label);
				ui_put(y + n + 2, x + 2, buf, w - 4,
				    ui->attr[TE_DIALOG]);
			}
		}
		show();
		r = ui_read_key(&k, -1);
		if (r == ERR && ui_quit_signal)
			return -1;
		if (is_cancel(r, k) || (r == OK && k == 'q'))
			return -1;
		if (is_enter(r, k))
			return sel;
		if ((r == KEY_CODE_YES && k == KEY_UP) || (r == OK && k == 'k'))
			sel = sel > 0 ? sel - 1 : n - 1;
		else if ((r == KEY_CODE_YES && k == KEY_DOWN) ||
		    (r == OK && k == 'j'))
			sel = sel + 1 < n ? sel + 1 : 0;
		else if (toggle && r == OK && (k == ' ' || k == 'a'))
			*toggle = !*toggle;
	}
}

/* Splits text into lines of at most width columns, at blanks. */
static int
wrap(const char *text, int width, char lines[][256], int max)
{
	int n = 0;
	const char *p = text;

	while (*p && n < max) {
		int len = (int)strlen(p), cut = len;

		if (len > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		if (cut > 255)
			cut = 255;
		memcpy(lines[n], p, (size_t)cut);
		lines[n][cut] = '\0';
		n++;
		p += cut;
		while (*p == ' ')
			p++;
	}
	return n;
}

bool
ui_confirm(struct tui_ui *ui, const char *title, const char *question)
{
	char lines[6][256];
	int focus_yes = 0, y, x, w, h, n, r;
	wint_t k;

	curs_set(0);
	for (;;) {
		ui_draw_main(ui);
		w = COLS - 4 < 60 ? COLS - 4 : 60;
		n = wrap(question, w - 4, lines, 6);
		h = n + 4;
		if (!ui_too_small()) {
			ui_box(ui, title, h, w, &y, &x);
			for (int i = 0; i < n; i++)
				ui_put(y + 1 + i, x + 2, lines[i], w - 4,
				    ui->attr[TE_DIALOG]);
			ui_put(y + h - 2, x + w / 2 - 10, "[ Yes ]", 7,
			    ui->attr[focus_yes ? TE_BUTTON_FOCUS : TE_BUTTON]);
			ui_put(y + h - 2, x + w / 2 + 3, "[ No ]", 6,
			    ui->attr[focus_yes ? TE_BUTTON : TE_BUTTON_FOCUS]);
		}
		show();
		r = ui_read_key(&k, -1);
		if (is_cancel(r, k) ||
		    (r == OK && (k == 'n' || k == 'N' || k == 'q')))
			return false;
		if (r == OK && (k == 'y' || k == 'Y'))
			return true;
		if (is_enter(r, k))
			return focus_yes;
		if ((r == OK && (k == '\t' || k == 'h' || k == 'l')) ||
		    (r == KEY_CODE_YES &&
			(k == KEY_LEFT || k == KEY_RIGHT || k == KEY_BTAB)))
			focus_yes = !focus_yes;
	}
}

void
ui_message(struct tui_ui *ui, const char *title, const char *text)
{
	char lines[12][256];
	int y, x, w, h, n, r;
	wint_t k;

	curs_set(0);
	for (;;) {
		ui_draw_main(ui);
		w = COLS - 4 < 70 ? COLS - 4 : 70;
		n = wrap(text, w - 4, lines, 12);
		h = n + 4;
		if (!ui_too_small()) {
			ui_box(ui, title, h, w, &y, &x);
			for (int i = 0; i < n; i++)
				ui_put(y + 1 + i, x + 2, lines[i], w - 4,
				    ui->attr[TE_DIALOG]);
			ui_put(y + h - 2, x + w / 2 - 3, "[ OK ]", 6,
			    ui->attr[TE_BUTTON_FOCUS]);
		}
		show();
		r = ui_read_key(&k, -1);
		if (r == ERR && ui_quit_signal)
			return;
		if (is_cancel(r, k) || is_enter(r, k) || (r == OK && k == 'q'))
			return;
	}
}

bool
ui_form(struct tui_ui *ui, const char *title, struct ui_field *f, int n,
    ui_validate_fn validate, void *arg)
{
	struct lineedit le[8];
	char msg[512] = "";
	int focus = 0, y, x, w, h, lw = 0, r, cx = 0;
	wint_t k;

	if (n > 8)
		n = 8;
	for (int i = 0; i < n; i++) {
		le_init(&le[i], f[i].value, sizeof(f[i].value));
		if ((int)strlen(f[i].label) > lw)
			lw = (int)strlen(f[i].label);
	}
	for (;;) {
		ui_draw_main(ui);
		w = COLS - 4 < 90 ? COLS - 4 : 90;
		h = 2 * n + 5;
		if (!ui_too_small()) {
			ui_box(ui, title, h, w, &y, &x);
			for (int i = 0; i < n; i++) {
				int fy = y + 2 + 2 * i, fx = x + 3 + lw + 2;

				ui_put(fy, x + 2, f[i].label, lw + 1,
				    i == focus ? ui->attr[TE_DIALOG_TITLE]
					       : ui->attr[TE_DIALOG]);
				if (f[i].checkbox) {
					ui_put(fy, fx,
					    f[i].checked ? "[x]" : "[ ]", 3,
					    ui->attr[TE_INPUT]);
					if (i == focus)
						cx = fx + 1;
					continue;
				}
				int c = le_draw(&le[i], fy, fx, w - lw - 7,
				    ui->attr[TE_INPUT]);
				if (i == focus)
					cx = c;
			}
			ui_put(y + h - 2, x + 2,
			    msg[0] ? msg
				   : "Enter: OK   "
				     "Esc: cancel   Tab/Up/Down: field   "
				     "Space: tick",
			    w - 4,
			    msg[0] ? ui->attr[TE_ERROR] : ui->attr[TE_DIALOG]);
			move(y + 2 + 2 * focus, cx);
			curs_set(1);
		}
		show();
		r = ui_read_key(&k, -1);
		if (is_cancel(r, k)) {
			curs_set(0);
			return false;
		}
		if (r == ERR)
			continue;
		if (is_enter(r, k)) {
			msg[0] = '\0';
			if (!validate ||
			    validate(arg, f, n, msg, sizeof(msg))) {
				curs_set(0);
				return true;
			}
			continue;
		}
		if ((r == OK && k == '\t') ||
		    (r == KEY_CODE_YES && k == KEY_DOWN)) {
			focus = (focus + 1) % n;
			continue;
		}
		if (r == KEY_CODE_YES && (k == KEY_UP || k == KEY_BTAB)) {
			focus = (focus + n - 1) % n;
			continue;
		}
		if (f[focus].checkbox) {
			if (r == OK && k == ' ')
				f[focus].checked = !f[focus].checked;
			continue;
		}
		if (r != KEY_CODE_YES || k != KEY_RESIZE)
			le_key(&le[focus], k, r == KEY_CODE_YES);
	}
}

bool
ui_prompt_line(struct tui_ui *ui, const char *prompt, char *buf, size_t size,
    void (*live)(struct tui_ui *, const char *))
{
	struct lineedit le;
	int r, pl = (int)strlen(prompt), c;
	wint_t k;

	le_init(&le, buf, size);
	for (;;) {
		ui_draw_main(ui);
		if (!ui_too_small()) {
			ui_fill(LINES - 1, 0, COLS, ui->attr[TE_NORMAL]);
			ui_put(LINES - 1, 1, prompt, pl, ui->attr[TE_HINT_KEY]);
			c = le_draw(&le, LINES - 1, pl + 2, COLS - pl - 3,
			    ui->attr[TE_INPUT]);
			move(LINES - 1, c);
			curs_set(1);
		}
		show();
		r = ui_read_key(&k, -1);
		if (is_cancel(r, k)) {
			curs_set(0);
			return false;
		}
		if (is_enter(r, k)) {
			curs_set(0);
			return true;
		}
		if (r != ERR && !(r == KEY_CODE_YES && k == KEY_RESIZE) &&
		    le_key(&le, k, r == KEY_CODE_YES) && live)
			live(ui, buf);
	}
}
