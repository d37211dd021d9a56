/*
 * keys.h: the key tables, one per screen (the list, the pager, menus,
 * questions, forms, progress).  Each row says which keys trigger an
 * action, its label (hint bar and menus), its help text, when it applies
 * and whether it asks first.  Help, hint bars, menus, the "more" page and
 * the key dispatch are all generated from them: a key that is not in a
 * table does nothing, and an action's confirm field alone decides whether
 * it asks.
 */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "runj.h"

/* A key as the tables hold it: a character, or a curses function key
 * (KEY_UP, ...) marked so that it never equals a character. */
#define TK_FN(k)    (0x1000000 | (k))
#define TK_IS_FN(k) (((k)&0x1000000) != 0)
#define TK_CTRL(c)  ((c)&0x1f)
#define TK_ESC	    27
/* A paste between these (bracketed paste): line breaks are text. */
#define TK_PASTE_BEGIN TK_FN(0x600)
#define TK_PASTE_END   TK_FN(0x601)
#define TUI_KEYS_MAX   3

enum tui_action {
	TA_NONE,
	/* the list */
	TA_QUIT,
	TA_HELP,
	TA_UP,
	TA_DOWN,
	TA_PAGE_UP,
	TA_PAGE_DOWN,
	TA_TOP,
	TA_BOTTOM,
	TA_MENU,
	TA_MORE,
	TA_START,
	TA_ATTACH,
	TA_KILL,
	TA_PAUSE,
	TA_RESUME,
	TA_RESTART,
	TA_DELETE,
	TA_PRUNE,
	TA_MARK,
	TA_MARK_ALL,
	TA_CREATE,
	TA_INSPECT,
	TA_LOGS,
	TA_EVENTS,
	TA_SHELL,
	TA_DETAIL,
	TA_NEW_BUNDLE,
	TA_ROOTFS,
	TA_EDIT,
	TA_FILTER,
	TA_ESCAPE,
	TA_SORT,
	TA_SORT_REVERSE,
	TA_THEME,
	TA_HISTORY,
	TA_REDRAW,
	TA_SIGKILL, /* no key: the question after a SIGTERM that did not do */
	/* the pager */
	TA_PG_BACK,
	TA_PG_SEARCH,
	TA_PG_NEXT,
	TA_PG_PREV,
	TA_PG_FOLLOW,
	TA_PG_WRAP,
	TA_PG_TIMES,
	TA_PG_LEFT,
	TA_PG_RIGHT,
	TA_PG_UP,
	TA_PG_DOWN,
	TA_PG_PAGE_UP,
	TA_PG_PAGE_DOWN,
	TA_PG_TOP,
	TA_PG_END,
	/* menus, questions, forms and progress boxes */
	TA_DLG_UP,
	TA_DLG_DOWN,
	TA_DLG_OK,
	TA_DLG_CANCEL,
	TA_DLG_TOGGLE,
	TA_DLG_YES,
	TA_DLG_NO,
	TA_DLG_SWITCH,
	TA_DLG_NEXT,
	TA_DLG_PREV,
	TA_DLG_BACKGROUND,
	TA_NACTIONS,
};

/* When a list action applies: one bit per enum rj_status, plus "no
 * container selected". */
#define TS_BIT(s) (1u << (s))
#define TS_NONE	  (1u << 8)
#define TS_ANYC                                                                \
	(TS_BIT(RJ_STATUS_CREATING) | TS_BIT(RJ_STATUS_CREATED) |              \
	    TS_BIT(RJ_STATUS_RUNNING) | TS_BIT(RJ_STATUS_PAUSED) |             \
	    TS_BIT(RJ_STATUS_STOPPED))
#define TS_ALWAYS (TS_ANYC | TS_NONE)
/* A container whose terminal runj-tui holds (for attach). */
#define TS_CONSOLE (1u << 9)

/* When a pager action applies. */
#define PG_ALWAYS (1u << 0)
#define PG_FOLLOW (1u << 1) /* the text grows (a log) */
#define PG_TIMES  (1u << 2) /* lines carry time stamps (a log) */

/* When a dialog action applies. */
#define DLG_ALWAYS (1u << 0)
#define DLG_TOGGLE (1u << 1) /* the menu or question has a checkbox */
#define DLG_BG	   (1u << 2) /* the work can go on in the background */

struct tui_key {
	int keys[TUI_KEYS_MAX]; /* 0-terminated when shorter */
	const char *keyname;	/* how help and hint bars show the keys */
	const char *label;	/* short: hint bar and menus */
	const char *help;	/* one line for the help screen */
	enum tui_action action;
	unsigned when; /* where it applies (TS_*, PG_* or DLG_*) */
	bool confirm;  /* asks first, "No" by default */
	bool hint;     /* shown in the hint bar (else on the "more" page) */
	bool menu;     /* offered in the Enter menu of a container */
	bool marked;   /* applies to every marked container at once */
};

struct tui_keytable {
	const char *name; /* the help screen's heading */
	const struct tui_key *keys;
	size_t n;
};

extern const struct tui_keytable tui_keys_list, tui_keys_pager, tui_keys_menu,
    tui_keys_confirm, tui_keys_form, tui_keys_progress;
/* Every table, for the help screen. */
extern const struct tui_keytable *const tui_keytables[];
extern const size_t tui_nkeytables;

/* The row for a key that applies when (the first one that does), else
 * the first row with the key at all, else NULL. */
const struct tui_key *
tui_key_find(const struct tui_keytable *t, int key, unsigned when);
/* The row of an action, or NULL. */
const struct tui_key *
tui_key_for_action(const struct tui_keytable *t, enum tui_action a);
/* The bits of a list selection: TS_NONE when there is none. */
unsigned tui_state_bit(bool has_selection, enum rj_status st);
bool tui_key_applies(const struct tui_key *k, unsigned when);
/* "created, running" for a TS_* mask, into buf. */
void tui_states_text(unsigned states, char *buf, size_t size);
/* A hint line of a table's hint rows that apply: "Enter OK  Esc cancel". */
void tui_hint_text(const struct tui_keytable *t, unsigned when, char *buf,
    size_t size);

#endif
