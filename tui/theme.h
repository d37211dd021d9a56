/*
 * theme.h: themes as data.  A theme file is JSON naming colours and
 * attributes for semantic elements (see runj-theme(5)); parsing and
 * finding them needs no curses, applying them does (theme_curses.c).
 */
#ifndef TUI_THEME_H
#define TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "runj.h"

enum tui_elem {
	TE_NORMAL,
	TE_HEADER,
	TE_SELECTED,
	TE_TITLE,
	TE_HINT,
	TE_HINT_KEY,
	TE_INFO,
	TE_ERROR,
	TE_CREATING,
	TE_CREATED,
	TE_RUNNING,
	TE_PAUSED,
	TE_STOPPED,
	TE_DIALOG,
	TE_DIALOG_TITLE,
	TE_INPUT,
	TE_BUTTON,
	TE_BUTTON_FOCUS,
	TE_PROGRESS,
	TE_MATCH,
	TE_BORDER,
	TE_NELEMS,
};

extern const char *const tui_elem_names[TE_NELEMS];

#define TUI_ATTR_BOLD	   0x01u
#define TUI_ATTR_UNDERLINE 0x02u
#define TUI_ATTR_REVERSE   0x04u
#define TUI_ATTR_DIM	   0x08u
#define TUI_ATTR_ITALIC	   0x10u

/* A colour: -1 is the terminal's own. */
struct tui_color {
	short c256; /* for terminals with 256 colours */
	short c8;   /* the nearest of the basic 8 */
};

struct tui_style {
	struct tui_color fg, bg;
	unsigned attrs;
};

struct tui_theme {
	char name[64];
	char description[160];
	struct tui_style s[TE_NELEMS];
};

/* The theme used when no file can be read, and the one for NO_COLOR. */
void tui_theme_default(struct tui_theme *t);
void tui_theme_mono(struct tui_theme *t);

/* Parses a theme's JSON text; what it leaves out comes from the default.
 * where names the file in messages. */
int tui_theme_parse(const char *text, const char *where, struct tui_theme *t,
    struct rj_error **err);
int tui_theme_load_file(const char *path, struct tui_theme *t,
    struct rj_error **err);

/* A colour by name: "default", "red", "bright-red", "0".."255",
 * "#rrggbb". */
int tui_color_parse(const char *text, struct tui_color *c);

/* Where themes are looked for, first wins: the user's directory
 * ($XDG_CONFIG_HOME or ~/.config)/runj/themes, $RUNJ_THEME_DIR, the
 * installed share/runj/themes and the source tree's themes/ beside the
 * program.  exe_dir is the directory runj-tui runs from. */
void tui_theme_dirs_init(const char *exe_dir);
size_t tui_theme_ndirs(void);
const char *tui_theme_dir(size_t i);

/* Loads a theme by name (or by path when it has a '/'). */
int
tui_theme_load(const char *name, struct tui_theme *t, struct rj_error **err);
/* The names of every theme found, sorted, unique; free with strv_free. */
char **tui_theme_names(void);

/* The remembered theme (config dir)/runj/tui.json, or NULL. */
char *tui_config_theme(void);
int tui_config_set_theme(const char *name, struct rj_error **err);

#endif
