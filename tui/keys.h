/*
 * keys.h: the one key table.  Each entry says which keys trigger an action,
 * its label (hint bar and menu), its help text, the container states in
 * which it applies and whether it asks first.  The help screen, the hint
 * bar, the action menu and the key dispatch are all generated from it.
 */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "runj.h"

enum tui_action {
	TA_NONE,
	TA_QUIT,
	TA_HELP,
	TA_UP,
	TA_DOWN,
	TA_PAGE_UP,
	TA_PAGE_DOWN,
	TA_TOP,
	TA_BOTTOM,
	TA_MENU,
	TA_START,
	TA_KILL,
	TA_DELETE,
	TA_CREATE,
	TA_INSPECT,
	TA_LOGS,
	TA_SHELL,
	TA_NEW_BUNDLE,
	TA_ROOTFS,
	TA_EDIT,
	TA_FILTER,
	TA_SORT,
	TA_SORT_REVERSE,
	TA_THEME,
	TA_REDRAW,
};

/* States bits: one per enum rj_status, plus "no container selected". */
#define TS_BIT(s) (1u << (s))
#define TS_NONE	  (1u << 8)
#define TS_ANYC                                                                \
	(TS_BIT(RJ_STATUS_CREATING) | TS_BIT(RJ_STATUS_CREATED) |              \
	    TS_BIT(RJ_STATUS_RUNNING) | TS_BIT(RJ_STATUS_PAUSED) |             \
	    TS_BIT(RJ_STATUS_STOPPED))
#define TS_ALWAYS (TS_ANYC | TS_NONE)

#define TUI_KEYS_MAX 3

struct tui_key {
	int keys[TUI_KEYS_MAX]; /* 0-terminated when shorter */
	const char *keyname;	/* how help and the hint bar show the keys */
	const char *label;	/* short: hint bar and action menu */
	const char *help;	/* one line for the help screen */
	enum tui_action action;
	unsigned states; /* where it applies */
	bool confirm;	 /* asks first, "No" by default */
	bool hint;	 /* shown in the hint bar */
	bool menu;	 /* offered in the Enter menu */
};

extern const struct tui_key tui_keys[];
extern const size_t tui_nkeys;

/* The entry for a key code, or NULL. */
const struct tui_key *tui_key_find(int key);
/* The entry for an action, or NULL. */
const struct tui_key *tui_key_for_action(enum tui_action a);
/* The states bit of a selection: TS_NONE when there is none. */
unsigned tui_state_bit(bool has_selection, enum rj_status st);
bool tui_key_applies(const struct tui_key *k, unsigned state_bit);
/* "created, running" for a states mask, into buf. */
void tui_states_text(unsigned states, char *buf, size_t size);

#endif
