/*
 * ui.h: the curses side: the screen state shared by the view, dialogs and
 * screens.  Everything here draws; the model (model.h) does not.
 */
#ifndef TUI_UI_H
#define TUI_UI_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>

#include "jobs.h"
#include "model.h"
#include "runjdemo.h"
#include "theme.h"

#define TUI_MIN_COLS  40
#define TUI_MIN_LINES 8

/* What a form remembers between two openings (a failure or Esc keeps
 * what was typed). */
struct ui_memory {
	char **values;
	bool *checked;
	size_t n;
};

struct tui_ui {
	struct tui_model *m;
	struct tui_theme theme;
	attr_t attr[TE_NELEMS];
	bool no_color;	   /* NO_COLOR or a terminal without colours */
	char *exe_dir;	   /* where runj-tui (and its sibling runj) live */
	char *last_bundle; /* the last bundle made or used, for the forms */
	unsigned drawn;	   /* the model generation on screen */
	bool curses;	   /* the screen is up (not in --bench) */
	/* forms */
	struct ui_memory mem_create, mem_bundle, mem_rootfs;
	char *release_arch, *release_version; /* the release picked */
};

/* The one UI (signal handlers and the pump need it). */
extern struct tui_ui *ui_main;

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
/* Columns of a UTF-8 string (one per character). */
int ui_width(const char *s);
/* The rows of the list on screen: [from, to) of the view. */
void ui_visible_rows(struct tui_ui *ui, size_t *from, size_t *to);

/* pump.c: the one place that waits.  Reads a key, waiting at most
 * timeout_ms (-1: until something happens), and serves everything else
 * meanwhile: jobs, consoles, the list's refresh, reaping.  Returns the
 * key as the tables hold it, or -1 when the time ran out or the screen
 * should be drawn again (something changed); check ui_quit_signal. */
extern volatile sig_atomic_t ui_quit_signal;
int ui_key(int timeout_ms);
void ui_pump_init(struct tui_ui *ui);
/* A follow-up question came due: the list asks it when it can. */
bool ui_pump_question_due(void);

/* dialog.c */
struct ui_field {
	const char *label;
	char *value;   /* owned; any length */
	bool checkbox; /* value is unused; checked says */
	bool checked;
};
void ui_fields_free(struct ui_field *f, int n);
void ui_memory_save(struct ui_memory *mem, const struct ui_field *f, int n);
/* Fills f from mem when it holds as many fields; true when it did. */
bool ui_memory_load(const struct ui_memory *mem, struct ui_field *f, int n);
void ui_memory_clear(struct ui_memory *mem);

/* A box over the list: returns its top-left corner and inner size. */
void ui_box(struct tui_ui *ui, const char *title, int h, int w, int *y, int *x);
/* Returns the index chosen or -1.  hotkeys (optional): a key per item
 * that chooses it at once.  toggle (optional) adds a checkbox line
 * flipped with Space. */
int ui_menu(struct tui_ui *ui, const char *title, const char *const *items,
    const int *hotkeys, int n, int initial, const char *toggle_label,
    bool *toggle);
/* "No" is the default.  toggle (optional): a checkbox under the
 * question. */
bool ui_confirm(struct tui_ui *ui, const char *title, const char *question,
    const char *toggle_label, bool *toggle);
/* validate fills msg and returns false to keep the form open. */
typedef bool (*ui_validate_fn)(void *arg, struct ui_field *f, int n, char *msg,
    size_t msgsize);
bool ui_form(struct tui_ui *ui, const char *title, struct ui_field *f, int n,
    ui_validate_fn validate, void *arg);
/* A one-line prompt on the status line; live is called on each change.
 * buf is replaced (owned, malloc'd). */
bool ui_prompt_line(struct tui_ui *ui, const char *prompt, char **buf,
    void (*live)(struct tui_ui *, const char *));
/* Splits text into lines of at most width columns, at blanks; returns
 * how many (lines are malloc'd, the array NULL-terminated). */
char **ui_wrap(const char *text, int width);

/* pager.c: scrollable text with search, wrap and sideways scroll.
 * reload (optional) is called every half second and returns new text or
 * NULL if unchanged (the pager owns what it returns). */
typedef char *(*ui_reload_fn)(void *arg);
struct ui_pager_opts {
	const char *title;
	ui_reload_fn reload;
	void *arg;
	/* The text as shown (optional): times says whether time stamps
	 * are wanted.  Returns a new string. */
	char *(*render)(const char *raw, bool times);
	unsigned caps; /* PG_FOLLOW (a growing log), PG_TIMES */
	bool follow;   /* start at the end, following */
	bool wrap;     /* start wrapped */
};
void ui_pager(struct tui_ui *ui, const struct ui_pager_opts *o, char *text);

/* progress.c: a box showing a job until it ends (true) or goes to the
 * background with b (false; only when can_background).  *ended is set by
 * the job's on_done. */
bool ui_job_box(struct tui_ui *ui, struct tui_job *j, const bool *ended,
    bool can_background);

/* screens.c: what the actions open. */
void ui_run_action(struct tui_ui *ui, enum tui_action a);
void ui_help(struct tui_ui *ui);
/* Asks the pending question of the model (a follow-up) now. */
void ui_ask_pending(struct tui_ui *ui);

/* shell.c */
void ui_shell(struct tui_ui *ui, const char *id);
/* The runj beside runj-tui, else the one on PATH.  Caller frees. */
char *ui_runj_path(struct tui_ui *ui);

/* forms.c */
void ui_create(struct tui_ui *ui);
/* The model's console_for: a socket of ours when bundle's process has a
 * terminal. */
char *ui_console_for(void *arg, const char *id, const char *bundle);
void ui_new_bundle(struct tui_ui *ui);
void ui_offline_rootfs(struct tui_ui *ui);
void ui_edit_bundle(struct tui_ui *ui);

#define CONSOLE_KEEP (256 * 1024)

/* console.c: terminals of containers made here.  The pty master comes on
 * a socket of ours (--console-socket), and runj-tui keeps it: the output
 * is kept (the last CONSOLE_KEEP bytes) while nobody is attached. */
/* A socket path for the container id's pty; NULL with a message in the
 * status line on an error.  Caller frees. */
char *ui_console_listen(struct tui_ui *ui, const char *id);
bool ui_console_has(void *arg, const char *id);
/* The fds to watch and their service, for the pump. */
size_t ui_console_pollfds(struct pollfd *p, size_t max);
bool ui_console_service(void);
/* Attaches the terminal to id's pty until Ctrl-] or its end. */
void ui_attach(struct tui_ui *ui, const char *id);
/* What id's terminal said lately (for logs); caller frees, NULL when
 * there is no terminal. */
char *ui_console_output(const char *id);
size_t ui_console_count(void);
void ui_console_shutdown(void);

/* logs.c */
void ui_logs(struct tui_ui *ui, const struct rj_state *st);
/* The last lines of a container's output, for the detail pane. */
char *ui_log_tail(const struct rj_state *st, size_t max_bytes);

/* events.c */
void ui_events(struct tui_ui *ui, const char *id);

/* detail.c: the side pane: state, config, processes, log tail. */
void ui_draw_detail(struct tui_ui *ui, int y, int x, int h, int w);

#endif
