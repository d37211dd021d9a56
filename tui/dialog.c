/* dialog.c: boxes over the list: menus, questions, forms, prompts.  Each
 * reads keys through its key table (keys.c), and its hint line comes from
 * the same table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "ui.h"
#include "runjutil.h"

static void
show(void)
{
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- fields and what forms remember ---- */

void
ui_fields_free(struct ui_field *f, int n)
{
	for (int i = 0; i < n; i++) {
		free(f[i].value);
		f[i].value = NULL;
	}
}

void
ui_memory_clear(struct ui_memory *mem)
{
	for (size_t i = 0; i < mem->n; i++)
		free(mem->values[i]);
	free(mem->values);
	free(mem->checked);
	memset(mem, 0, sizeof(*mem));
}

void
ui_memory_save(struct ui_memory *mem, const struct ui_field *f, int n)
{
	ui_memory_clear(mem);
	mem->n = (size_t)n;
	mem->values = xcalloc((size_t)n, sizeof(*mem->values));
	mem->checked = xcalloc((size_t)n, sizeof(*mem->checked));
	for (int i = 0; i < n; i++) {
		mem->values[i] = xstrdup(f[i].value ? f[i].value : "");
		mem->checked[i] = f[i].checked;
	}
}

bool
ui_memory_load(const struct ui_memory *mem, struct ui_field *f, int n)
{
	if (mem->n != (size_t)n)
		return false;
	for (int i = 0; i < n; i++) {
		free(f[i].value);
		f[i].value = xstrdup(mem->values[i]);
		f[i].checked = mem->checked[i];
	}
	return true;
}

/* ---- boxes ---- */

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
		_cleanup_free_ char *t = xasprintf(" %s ", title);

		ui_put(*y, *x + 2, t, w - 4, ui->attr[TE_DIALOG_TITLE]);
	}
}

/* The width a box needs for text, within the screen. */
static int
fit_width(int want)
{
	int max = COLS - 4;

	return want > max ? max : want;
}

/* ---- menus ---- */

int
ui_menu(struct tui_ui *ui, const char *title, const char *const *items,
    const int *hotkeys, int n, int initial, const char *toggle_label,
    bool *toggle)
{
	unsigned when = DLG_ALWAYS | (toggle ? DLG_TOGGLE : 0);
	int sel = initial < n ? initial : 0, top = 0, y, x, w = 30, h;
	char hint[256];

	tui_hint_text(&tui_keys_menu, when, hint, sizeof(hint));
	if (ui_width(hint) + 4 > w)
		w = ui_width(hint) + 4;
	for (int i = 0; i < n; i++)
		if (ui_width(items[i]) + 6 > w)
			w = ui_width(items[i]) + 6;
	if (toggle_label && ui_width(toggle_label) + 10 > w)
		w = ui_width(toggle_label) + 10;
	curs_set(0);
	for (;;) {
		ui_draw_main(ui);
		if (!ui_too_small()) {
			int rows, bw = fit_width(w);

			h = n + 3 + (toggle ? 2 : 0);
			if (h > LINES - 2)
				h = LINES - 2;
			rows = h - 3 - (toggle ? 2 : 0);
			if (rows < 1)
				rows = 1;
			if (sel < top)
				top = sel;
			if (sel >= top + rows)
				top = sel - rows + 1;
			ui_box(ui, title, h, bw, &y, &x);
			for (int i = 0; i < rows && top + i < n; i++) {
				attr_t a = top + i == sel
				    ? ui->attr[TE_SELECTED]
				    : ui->attr[TE_DIALOG];
				ui_fill(y + 1 + i, x + 1, bw - 2, a);
				ui_put(y + 1 + i, x + 2, items[top + i], bw - 4,
				    a);
			}
			if (toggle) {
				_cleanup_free_ char *t = xasprintf("[%c] %s",
				    *toggle ? 'x' : ' ', toggle_label);

				ui_put(y + h - 3, x + 2, t, bw - 4,
				    ui->attr[TE_DIALOG]);
			}
			ui_put(y + h - 2, x + 2, hint, bw - 4,
			    ui->attr[TE_HINT]);
		}
		show();
		int key = ui_key(-1);
		if (ui_quit_signal)
			return -1;
		if (key < 0)
			continue;
		for (int i = 0; hotkeys && i < n; i++)
			if (hotkeys[i] && hotkeys[i] == key)
				return i;
		const struct tui_key *k = tui_key_find(&tui_keys_menu, key,
		    when);
		if (!k || !tui_key_applies(k, when))
			continue;
		switch (k->action) {
		case TA_DLG_OK:
			return sel;
		case TA_DLG_CANCEL:
			return -1;
		case TA_DLG_UP:
			sel = sel > 0 ? sel - 1 : n - 1;
			break;
		case TA_DLG_DOWN:
			sel = sel + 1 < n ? sel + 1 : 0;
			break;
		case TA_DLG_TOGGLE:
			*toggle = !*toggle;
			break;
		default:
			break;
		}
	}
}

/* ---- text in boxes ---- */

char **
ui_wrap(const char *text, int width)
{
	char **v = xcalloc(1, sizeof(*v));
	size_t n = 0;
	const char *p = text;

	if (width < 1)
		width = 1;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), i, cols = 0;
		size_t cut;

		/* The bytes of width columns... */
		for (i = 0; i < len; i++) {
			if (((unsigned char)p[i] & 0xc0) == 0x80)
				continue;
			if (cols == (size_t)width)
				break;
			cols++;
		}
		cut = i;
		/* ...back to a blank when the line goes on, unless that
		 * leaves most of the width empty (a long word: cut it). */
		if (cut < len) {
			size_t b = cut;

			while (b > 0 && p[b] != ' ')
				b--;
			if (b > 0 && b >= cut / 2)
				cut = b;
		}
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = strndup(p, cut);
		v[n] = NULL;
		p += cut;
		if (cut == len) {
			if (*p == '\n')
				p++;
		} else {
			while (*p == ' ')
				p++;
		}
	}
	return v;
}

bool
ui_confirm(struct tui_ui *ui, const char *title, const char *question,
    const char *toggle_label, bool *toggle)
{
	unsigned when = DLG_ALWAYS | (toggle ? DLG_TOGGLE : 0);
	bool focus_yes = false;
	char hint[256];
	int y, x, w, h;

	tui_hint_text(&tui_keys_confirm, when, hint, sizeof(hint));
	curs_set(0);
	for (;;) {
		ui_draw_main(ui);
		if (!ui_too_small()) {
			w = fit_width(64);
			_cleanup_strv_ char **lines = ui_wrap(question, w - 4);
			_cleanup_strv_ char **tl = toggle_label
			    ? ui_wrap(toggle_label, w - 8)
			    : NULL;
			int n = (int)strv_len(lines), nt = (int)strv_len(tl);

			h = n + 5 + (toggle ? nt + 1 : 0);
			if (h > LINES - 2)
				h = LINES - 2;
			ui_box(ui, title, h, w, &y, &x);
			for (int i = 0; i < n && 1 + i < h - 4; i++)
				ui_put(y + 1 + i, x + 2, lines[i], w - 4,
				    ui->attr[TE_DIALOG]);
			if (toggle)
				ui_put(y + n + 2, x + 2,
				    *toggle ? "[x]" : "[ ]", 3,
				    ui->attr[TE_INPUT]);
			for (int i = 0; i < nt; i++)
				ui_put(y + n + 2 + i, x + 6, tl[i], w - 8,
				    ui->attr[TE_DIALOG]);
			ui_put(y + h - 3, x + w / 2 - 10, "[ Yes ]", 7,
			    ui->attr[focus_yes ? TE_BUTTON_FOCUS : TE_BUTTON]);
			ui_put(y + h - 3, x + w / 2 + 3, "[ No ]", 6,
			    ui->attr[focus_yes ? TE_BUTTON : TE_BUTTON_FOCUS]);
			ui_put(y + h - 2, x + 2, hint, w - 4,
			    ui->attr[TE_HINT]);
		}
		show();
		int key = ui_key(-1);
		if (ui_quit_signal)
			return false;
		if (key < 0)
			continue;
		const struct tui_key *k = tui_key_find(&tui_keys_confirm, key,
		    when);
		if (!k || !tui_key_applies(k, when))
			continue;
		switch (k->action) {
		case TA_DLG_YES:
			return true;
		case TA_DLG_NO:
			return false;
		case TA_DLG_OK:
			return focus_yes;
		case TA_DLG_SWITCH:
			focus_yes = !focus_yes;
			break;
		case TA_DLG_TOGGLE:
			*toggle = !*toggle;
			break;
		default:
			break;
		}
	}
}

/* ---- forms ---- */

/*
 * A form's layout: a field's label beside its value when both fit, else
 * above it; a blank line between fields when there is room; and a window
 * over the fields that follows the focus when even that does not fit, so
 * nothing is ever drawn outside the box.
 */
struct form_layout {
	int y, x, w, h; /* the box */
	int lw;		/* the labels' width */
	bool stacked;	/* label above value */
	int per;	/* rows from one field to the next */
	int last_row;	/* the last row fields may use */
	int first;	/* the first field shown */
};

#define FORM_CHROME 5 /* top border; blank, message, hint, bottom border */

static void
form_layout(struct form_layout *L, const struct ui_field *f, int n, int focus)
{
	int rows, fit, want;
	bool gap;

	L->lw = 0;
	for (int i = 0; i < n; i++)
		if (ui_width(f[i].label) > L->lw)
			L->lw = ui_width(f[i].label);
	L->w = fit_width(96);
	L->stacked = L->w - L->lw - 7 < 20;
	rows = L->stacked ? 2 : 1;
	want = n * rows + (n - 1) + FORM_CHROME;
	gap = want <= LINES - 2;
	if (!gap)
		want = n * rows + FORM_CHROME;
	L->h = want > LINES - 2 ? LINES - 2 : want;
	L->per = rows + gap;
	fit = (L->h - FORM_CHROME + gap) / L->per;
	if (fit < 1)
		fit = 1;
	if (focus < L->first)
		L->first = focus;
	if (focus >= L->first + fit)
		L->first = focus - fit + 1;
	if (L->first > n - fit)
		L->first = n - fit > 0 ? n - fit : 0;
}

bool
ui_form(struct tui_ui *ui, const char *title, struct ui_field *f, int n,
    ui_validate_fn validate, void *arg)
{
	struct lineedit *le = xcalloc((size_t)n, sizeof(*le));
	struct form_layout L = { 0 };
	_cleanup_free_ char *msg = NULL;
	char msgbuf[1024];
	int focus = 0, cx = 0, cy = 0;
	bool pasting = false, ok = false;

	for (int i = 0; i < n; i++)
		le_init(&le[i], f[i].value);
	for (;;) {
		unsigned when = DLG_ALWAYS |
		    (f[focus].checkbox ? DLG_TOGGLE : 0);
		char hint[256];

		tui_hint_text(&tui_keys_form, when, hint, sizeof(hint));
		ui_draw_main(ui);
		if (!ui_too_small()) {
			form_layout(&L, f, n, focus);
			ui_box(ui, title, L.h, L.w, &L.y, &L.x);
			for (int i = L.first; i < n; i++) {
				int fy = L.y + 1 + (i - L.first) * L.per;
				int fx = L.stacked ? L.x + 4 : L.x + L.lw + 5;
				int fw = L.x + L.w - 2 - fx;
				attr_t la = i == focus
				    ? ui->attr[TE_DIALOG_TITLE]
				    : ui->attr[TE_DIALOG];

				if (fy + (L.stacked ? 1 : 0) >
				    L.y + L.h - FORM_CHROME)
					break;
				ui_put(fy, L.x + 2, f[i].label, L.w - 4, la);
				if (L.stacked)
					fy++;
				if (f[i].checkbox) {
					ui_put(fy, fx,
					    f[i].checked ? "[x]" : "[ ]", 3,
					    ui->attr[TE_INPUT]);
					if (i == focus) {
						cx = fx + 1;
						cy = fy;
					}
					continue;
				}
				int c = le_draw(&le[i], fy, fx, fw,
				    ui->attr[TE_INPUT]);
				if (i == focus) {
					cx = c;
					cy = fy;
				}
			}
			if (msg)
				ui_put(L.y + L.h - 3, L.x + 2, msg, L.w - 4,
				    ui->attr[TE_ERROR]);
			ui_put(L.y + L.h - 2, L.x + 2, hint, L.w - 4,
			    ui->attr[TE_HINT]);
			move(cy, cx);
			curs_set(1);
		}
		show();
		int key = ui_key(-1);
		if (ui_quit_signal)
			break;
		if (key < 0)
			continue;
		if (key == TK_PASTE_BEGIN || key == TK_PASTE_END) {
			pasting = key == TK_PASTE_BEGIN;
			continue;
		}
		/* In a paste, Enter and Tab are text. */
		if (pasting && !f[focus].checkbox &&
		    (key == '\n' || key == '\r' || key == '\t')) {
			le_insert(&le[focus], " ");
			continue;
		}
		const struct tui_key *k = tui_key_find(&tui_keys_form, key,
		    when);
		/* A blank in a text field is text. */
		if (k && k->action == TA_DLG_TOGGLE && !f[focus].checkbox)
			k = NULL;
		if (!k) {
			if (!f[focus].checkbox && key != TK_FN(KEY_RESIZE))
				le_key(&le[focus], key);
			continue;
		}
		if (k->action == TA_DLG_CANCEL)
			break;
		if (k->action == TA_DLG_NEXT) {
			focus = (focus + 1) % n;
			continue;
		}
		if (k->action == TA_DLG_PREV) {
			focus = (focus + n - 1) % n;
			continue;
		}
		if (k->action == TA_DLG_TOGGLE) {
			f[focus].checked = !f[focus].checked;
			continue;
		}
		if (k->action != TA_DLG_OK)
			continue;
		for (int i = 0; i < n; i++) {
			free(f[i].value);
			f[i].value = xstrdup(le[i].text);
		}
		msgbuf[0] = '\0';
		free(msg);
		msg = NULL;
		if (!validate || validate(arg, f, n, msgbuf, sizeof(msgbuf))) {
			ok = true;
			break;
		}
		/* validate may have tidied the values (trimmed blanks). */
		for (int i = 0; i < n; i++)
			le_set(&le[i], f[i].value);
		msg = xstrdup(msgbuf);
	}
	/* Cancelled or not, the caller gets what was typed. */
	for (int i = 0; i < n; i++) {
		free(f[i].value);
		f[i].value = xstrdup(le[i].text);
		le_free(&le[i]);
	}
	free(le);
	curs_set(0);
	return ok;
}

bool
ui_prompt_line(struct tui_ui *ui, const char *prompt, char **buf,
    void (*live)(struct tui_ui *, const char *))
{
	struct lineedit le;
	int pl = ui_width(prompt), c;
	bool ok = false;

	le_init(&le, *buf);
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
		int key = ui_key(-1);
		if (ui_quit_signal)
			break;
		if (key < 0 || key == TK_FN(KEY_RESIZE))
			continue;
		const struct tui_key *k = tui_key_find(&tui_keys_form, key,
		    DLG_ALWAYS);
		if (k && k->action == TA_DLG_CANCEL)
			break;
		if (k && k->action == TA_DLG_OK) {
			ok = true;
			break;
		}
		if (le_key(&le, key) && live)
			live(ui, le.text);
	}
	free(*buf);
	*buf = xstrdup(le.text);
	le_free(&le);
	curs_set(0);
	return ok;
}
