/*
 * ui.h: the curses side: the screen state shared by the view, dialogs and
 * screens.  Everything here draws; the model (model.h) does not.
 */
#ifndef TUI_UI_H
#define TUI_UI_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>

#include "model.h"
#include "runjdemo.h"
#include "theme.h"

#define TUI_MIN_COLS  40
#define TUI_MIN_LINES 8

struct tui_ui {
	struct tui_model *m;
	struct tui_theme theme;
	attr_t attr[TE_NELEMS];
	bool no_color;	   /* NO_COLOR or a terminal without colours */
	char *exe_dir;	   /* where runj-tui (and its sibling runj) live */
	char *last_bundle; /* the last bundle made or used, for the forms */
	unsigned drawn;	   /* the model generation on screen */
};

/* theme_curses.c: turns a theme into curses attributes. */
void ui_theme_apply(struct tui_ui *ui, const struct tui_theme *t);
/* Loads a theme by name; on error keeps the default and says why in the
 * status line. */
void ui_theme_use(struct tui_ui *ui, const char *name);
void ui_theme_next(struct tui_ui *ui);

/* view.c */
bool ui_too_small(void);
/* Draws the list screen into stdscr (no doupdate). */
void ui_draw_main(struct tui_ui *ui);
/* Draws the list and shows it. */
void ui_redraw(struct tui_ui *ui);
/* Maps a mouse click on the list to a row; -1 when not on a row. */
long ui_row_at(struct tui_ui *ui, int y);
/* The column whose header is at x, or -1. */
int ui_col_at(struct tui_ui *ui, int x);
/* Writes at most width columns of text at y, x. */
void ui_put(int y, int x, const char *text, int width, attr_t attr);
void ui_fill(int y, int x, int width, attr_t attr);

/* dialog.c */

/* Set by SIGTERM, SIGHUP and SIGINT: every loop winds down. */
extern volatile sig_atomic_t ui_quit_signal;
/* Reads a key, waiting at most timeout_ms (-1: forever).  Returns
 * KEY_CODE_YES for a function key, OK for a character and ERR on a
 * timeout or a quit signal. */
int ui_read_key(wint_t *key, int timeout_ms);
struct ui_field {
	const char *label;
	char value[2048];
	bool checkbox; /* value is unused; checked says */
	bool checked;
};

/* A box over the list: returns its top-left corner and inner size. */
void ui_box(struct tui_ui *ui, const char *title, int h, int w, int *y, int *x);
/* Returns the index chosen or -1.  toggle (optional) adds a checkbox
 * line flipped with Space or 'a'. */
int ui_menu(struct tui_ui *ui, const char *title, const char *const *items,
    int n, int initial, const char *toggle_label, bool *toggle);
/* "No" is the default. */
bool ui_confirm(struct tui_ui *ui, const char *title, const char *question);
/* validate fills msg and returns false to keep the form open. */
typedef bool (*ui_validate_fn)(void *arg, struct ui_field *f, int n, char *msg,
    size_t msgsize);
bool ui_form(struct tui_ui *ui, const char *title, struct ui_field *f, int n,
    ui_validate_fn validate, void *arg);
/* A one-line prompt on the status line; live is called on each change. */
bool ui_prompt_line(struct tui_ui *ui, const char *prompt, char *buf,
    size_t size, void (*live)(struct tui_ui *, const char *));
void ui_message(struct tui_ui *ui, const char *title, const char *text);

/* pager.c: scrollable text with search; reload (optional) is called every
 * half second in follow mode and returns new text or NULL if unchanged. */
typedef char *(*ui_reload_fn)(void *arg);
void ui_pager(struct tui_ui *ui, const char *title, char *text,
    ui_reload_fn reload, void *arg);

/* progress.c: a progress box for the demo library's callbacks. */
struct ui_progress {
	struct tui_ui *ui;
	const char *title;
	bool cancelled;
	long long last_ms;
};
bool ui_progress_cb(void *arg, const struct rjd_progress *p);

/* screens.c: what the actions open. */
void ui_run_action(struct tui_ui *ui, enum tui_action a);
void ui_help(struct tui_ui *ui);

/* shell.c */
void ui_shell(struct tui_ui *ui, const char *id);

/* newbundle.c */
void ui_create(struct tui_ui *ui);
void ui_new_bundle(struct tui_ui *ui);
void ui_offline_rootfs(struct tui_ui *ui);
void ui_edit_bundle(struct tui_ui *ui);

#endif
