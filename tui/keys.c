/* keys.c: the key table and lookups over it. */
#include <curses.h> /* KEY_* codes only; nothing here draws */
#include <stdio.h>
#include <string.h>

#include "keys.h"

#define CTRL(c) ((c)&0x1f)

#define ACTIVE                                                                 \
	(TS_BIT(RJ_STATUS_CREATED) | TS_BIT(RJ_STATUS_RUNNING) |               \
	    TS_BIT(RJ_STATUS_PAUSED))

const struct tui_key tui_keys[] = {
	{ { '\n', '\r', KEY_ENTER }, "Enter", "menu",
	    "open the action menu for the selected container", TA_MENU, TS_ANYC,
	    false, true, false },
	{ { 's' }, "s", "start", "start a created container (runs its process)",
	    TA_START, TS_BIT(RJ_STATUS_CREATED), false, true, true },
	{ { 'x' }, "x", "kill", "send a signal (SIGTERM first; --all optional)",
	    TA_KILL, ACTIVE, false, true, true },
	{ { 'd', KEY_DC }, "d", "delete",
	    "delete the container (asks; a running one is forced)", TA_DELETE,
	    TS_ANYC, true, true, true },
	{ { 'e' }, "e", "shell", "open a shell in a running container",
	    TA_SHELL, TS_BIT(RJ_STATUS_RUNNING), false, true, true },
	{ { 'i' }, "i", "inspect", "show config.json and the state", TA_INSPECT,
	    TS_ANYC, false, true, true },
	{ { 'l' }, "l", "logs", "show the output of a container made here",
	    TA_LOGS, TS_ANYC, false, true, true },
	{ { 'c' }, "c", "create", "create a container from a bundle", TA_CREATE,
	    TS_ALWAYS, false, true, true },
	{ { 'n' }, "n", "new bundle",
	    "make a bundle from a root filesystem archive or URL",
	    TA_NEW_BUNDLE, TS_ALWAYS, false, true, true },
	{ { 'r' }, "r", "offline rootfs",
	    "make a bundle with a root filesystem from the host, offline",
	    TA_ROOTFS, TS_ALWAYS, false, false, true },
	{ { 'E' }, "E", "edit bundle",
	    "edit a bundle's process args and root path", TA_EDIT, TS_ALWAYS,
	    false, false, true },
	{ { '/' }, "/", "filter", "filter the list (Esc clears)", TA_FILTER,
	    TS_ALWAYS, false, true, false },
	{ { 'o' }, "o", "sort", "sort by the next column", TA_SORT, TS_ALWAYS,
	    false, false, false },
	{ { 'O' }, "O", "reverse", "reverse the sort order", TA_SORT_REVERSE,
	    TS_ALWAYS, false, false, false },
	{ { 't' }, "t", "theme", "switch to the next theme (remembered)",
	    TA_THEME, TS_ALWAYS, false, false, false },
	{ { 'k', KEY_UP }, "k/Up", "up", "select the previous container", TA_UP,
	    TS_ALWAYS, false, false, false },
	{ { 'j', KEY_DOWN }, "j/Down", "down", "select the next container",
	    TA_DOWN, TS_ALWAYS, false, false, false },
	{ { KEY_PPAGE, CTRL('b') }, "PgUp", "page up", "one page up",
	    TA_PAGE_UP, TS_ALWAYS, false, false, false },
	{ { KEY_NPAGE, CTRL('f') }, "PgDn", "page down", "one page down",
	    TA_PAGE_DOWN, TS_ALWAYS, false, false, false },
	{ { 'g', KEY_HOME }, "g/Home", "top", "first container", TA_TOP,
	    TS_ALWAYS, false, false, false },
	{ { 'G', KEY_END }, "G/End", "bottom", "last container", TA_BOTTOM,
	    TS_ALWAYS, false, false, false },
	{ { CTRL('l') }, "^L", "redraw", "redraw the screen and reload",
	    TA_REDRAW, TS_ALWAYS, false, false, false },
	{ { '?', KEY_F(1) }, "?", "help", "this help", TA_HELP, TS_ALWAYS,
	    false, true, false },
	{ { 'q' }, "q", "quit", "quit (containers keep running)", TA_QUIT,
	    TS_ALWAYS, false, true, false },
};
const size_t tui_nkeys = sizeof(tui_keys) / sizeof(tui_keys[0]);

const struct tui_key *
tui_key_find(int key)
{
	for (size_t i = 0; i < tui_nkeys; i++)
		for (size_t j = 0; j < TUI_KEYS_MAX && tui_keys[i].keys[j]; j++)
			if (tui_keys[i].keys[j] == key)
				return &tui_keys[i];
	return NULL;
}

const struct tui_key *
tui_key_for_action(enum tui_action a)
{
	for (size_t i = 0; i < tui_nkeys; i++)
		if (tui_keys[i].action == a)
			return &tui_keys[i];
	return NULL;
}

unsigned
tui_state_bit(bool has_selection, enum rj_status st)
{
	return has_selection ? TS_BIT(st) : TS_NONE;
}

bool
tui_key_applies(const struct tui_key *k, unsigned state_bit)
{
	return (k->states & state_bit) != 0;
}

void
tui_states_text(unsigned states, char *buf, size_t size)
{
	static const enum rj_status all[] = { RJ_STATUS_CREATING,
		RJ_STATUS_CREATED, RJ_STATUS_RUNNING, RJ_STATUS_PAUSED,
		RJ_STATUS_STOPPED };
	size_t used = 0;

	buf[0] = '\0';
	if ((states & TS_ALWAYS) == TS_ALWAYS) {
		snprintf(buf, size, "always");
		return;
	}
	if ((states & TS_ANYC) == TS_ANYC) {
		snprintf(buf, size, "any container");
		return;
	}
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!(states & TS_BIT(all[i])) || used >= size)
			continue;
		used += snprintf(buf + used, size - used, "%s%s",
		    used ? ", " : "", rj_status_name(all[i]));
	}
}
