/* keys.c: the key tables and lookups over them. */
#include <curses.h> /* KEY_* codes only; nothing here draws */
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "runjutil.h"

#define ACTIVE                                                                 \
	(TS_BIT(RJ_STATUS_CREATED) | TS_BIT(RJ_STATUS_RUNNING) |               \
	    TS_BIT(RJ_STATUS_PAUSED))

/* The list.  The order is the hint bar's: what is used most comes first;
 * rows without .hint are on the "more" page (m). */
static const struct tui_key list_keys[] = {
	{ .keys = { '\n', '\r', TK_FN(KEY_ENTER) },
	    .keyname = "Enter",
	    .label = "menu",
	    .help = "the actions of the selected container",
	    .action = TA_MENU,
	    .when = TS_ANYC,
	    .hint = true },
	{ .keys = { 's' },
	    .keyname = "s",
	    .label = "start",
	    .help = "start a created container (and attach to its terminal)",
	    .action = TA_START,
	    .when = TS_BIT(RJ_STATUS_CREATED),
	    .hint = true,
	    .menu = true,
	    .marked = true },
	{ .keys = { 'a' },
	    .keyname = "a",
	    .label = "attach",
	    .help = "attach to the terminal runj-tui holds (Ctrl-] detaches)",
	    .action = TA_ATTACH,
	    .when = TS_CONSOLE,
	    .hint = true,
	    .menu = true },
	{ .keys = { 'x' },
	    .keyname = "x",
	    .label = "kill",
	    .help = "send a signal (SIGTERM first, then offers SIGKILL)",
	    .action = TA_KILL,
	    .when = ACTIVE,
	    .hint = true,
	    .menu = true,
	    .marked = true },
	{ .keys = { 'p' },
	    .keyname = "p",
	    .label = "pause",
	    .help = "freeze every process of a running container",
	    .action = TA_PAUSE,
	    .when = TS_BIT(RJ_STATUS_RUNNING),
	    .hint = true,
	    .menu = true,
	    .marked = true },
	{ .keys = { 'p' },
	    .keyname = "p",
	    .label = "resume",
	    .help = "thaw a paused container",
	    .action = TA_RESUME,
	    .when = TS_BIT(RJ_STATUS_PAUSED),
	    .hint = true,
	    .menu = true,
	    .marked = true },
	{ .keys = { 'R' },
	    .keyname = "R",
	    .label = "restart",
	    .help = "delete a stopped container and create and start it again "
		    "from its bundle",
	    .action = TA_RESTART,
	    .when = TS_BIT(RJ_STATUS_STOPPED),
	    .confirm = true,
	    .hint = true,
	    .menu = true },
	{ .keys = { 'd', TK_FN(KEY_DC) },
	    .keyname = "d",
	    .label = "delete",
	    .help = "delete the container; a running one is killed first",
	    .action = TA_DELETE,
	    .when = TS_ANYC,
	    .confirm = true,
	    .hint = true,
	    .menu = true,
	    .marked = true },
	{ .keys = { 'l' },
	    .keyname = "l",
	    .label = "logs",
	    .help = "the output of a container made here, as it comes",
	    .action = TA_LOGS,
	    .when = TS_ANYC,
	    .hint = true,
	    .menu = true },
	{ .keys = { 'e' },
	    .keyname = "e",
	    .label = "shell",
	    .help = "a shell in a running container (runj exec -t)",
	    .action = TA_SHELL,
	    .when = TS_BIT(RJ_STATUS_RUNNING),
	    .hint = true,
	    .menu = true },
	{ .keys = { 'i' },
	    .keyname = "i",
	    .label = "inspect",
	    .help = "the state and config.json, with search",
	    .action = TA_INSPECT,
	    .when = TS_ANYC,
	    .hint = true,
	    .menu = true },
	{ .keys = { 'c' },
	    .keyname = "c",
	    .label = "create",
	    .help = "create a container from a bundle",
	    .action = TA_CREATE,
	    .when = TS_ALWAYS,
	    .hint = true,
	    .menu = true },
	{ .keys = { 'n' },
	    .keyname = "n",
	    .label = "new bundle",
	    .help = "a bundle from an archive, a URL or a FreeBSD release",
	    .action = TA_NEW_BUNDLE,
	    .when = TS_ALWAYS,
	    .hint = true,
	    .menu = true },
	{ .keys = { '/' },
	    .keyname = "/",
	    .label = "filter",
	    .help = "filter the list as you type",
	    .action = TA_FILTER,
	    .when = TS_ALWAYS,
	    .hint = true },
	{ .keys = { ' ' },
	    .keyname = "Space",
	    .label = "mark",
	    .help = "mark or unmark a container; s, x, p and d then act on "
		    "every marked one",
	    .action = TA_MARK,
	    .when = TS_ANYC,
	    .hint = true },
	{ .keys = { 'v' },
	    .keyname = "v",
	    .label = "events",
	    .help = "live resource events of a running container "
		    "(runj events)",
	    .action = TA_EVENTS,
	    .when = TS_BIT(RJ_STATUS_RUNNING) | TS_BIT(RJ_STATUS_PAUSED),
	    .menu = true },
	{ .keys = { 'D' },
	    .keyname = "D",
	    .label = "detail pane",
	    .help = "show or hide the detail pane: state, config, processes, "
		    "log",
	    .action = TA_DETAIL,
	    .when = TS_ALWAYS },
	{ .keys = { '*' },
	    .keyname = "*",
	    .label = "mark all",
	    .help = "mark every container shown (again: unmark all)",
	    .action = TA_MARK_ALL,
	    .when = TS_ANYC },
	{ .keys = { 'P' },
	    .keyname = "P",
	    .label = "prune stopped",
	    .help = "delete every stopped container",
	    .action = TA_PRUNE,
	    .when = TS_ALWAYS,
	    .confirm = true },
	{ .keys = { 'r' },
	    .keyname = "r",
	    .label = "offline rootfs",
	    .help = "a bundle with a root filesystem from the host, offline",
	    .action = TA_ROOTFS,
	    .when = TS_ALWAYS,
	    .menu = true },
	{ .keys = { 'E' },
	    .keyname = "E",
	    .label = "edit bundle",
	    .help = "edit a bundle's process args, terminal and root path",
	    .action = TA_EDIT,
	    .when = TS_ALWAYS,
	    .menu = true },
	{ .keys = { 'o' },
	    .keyname = "o",
	    .label = "sort",
	    .help = "sort by the next column (a click on a header too)",
	    .action = TA_SORT,
	    .when = TS_ALWAYS },
	{ .keys = { 'O' },
	    .keyname = "O",
	    .label = "reverse",
	    .help = "reverse the sort order",
	    .action = TA_SORT_REVERSE,
	    .when = TS_ALWAYS },
	{ .keys = { 't' },
	    .keyname = "t",
	    .label = "theme",
	    .help = "the next theme (remembered)",
	    .action = TA_THEME,
	    .when = TS_ALWAYS },
	{ .keys = { 'h' },
	    .keyname = "h",
	    .label = "messages",
	    .help = "every message so far, in full",
	    .action = TA_HISTORY,
	    .when = TS_ALWAYS },
	{ .keys = { TK_ESC },
	    .keyname = "Esc",
	    .label = "clear",
	    .help = "clear the filter, then the marks, then cancel work in the "
		    "background",
	    .action = TA_ESCAPE,
	    .when = TS_ALWAYS },
	{ .keys = { 'k', TK_FN(KEY_UP) },
	    .keyname = "k/Up",
	    .label = "up",
	    .help = "select the previous container",
	    .action = TA_UP,
	    .when = TS_ALWAYS },
	{ .keys = { 'j', TK_FN(KEY_DOWN) },
	    .keyname = "j/Down",
	    .label = "down",
	    .help = "select the next container",
	    .action = TA_DOWN,
	    .when = TS_ALWAYS },
	{ .keys = { TK_FN(KEY_PPAGE), TK_CTRL('b') },
	    .keyname = "PgUp",
	    .label = "page up",
	    .help = "one page up",
	    .action = TA_PAGE_UP,
	    .when = TS_ALWAYS },
	{ .keys = { TK_FN(KEY_NPAGE), TK_CTRL('f') },
	    .keyname = "PgDn",
	    .label = "page down",
	    .help = "one page down",
	    .action = TA_PAGE_DOWN,
	    .when = TS_ALWAYS },
	{ .keys = { 'g', TK_FN(KEY_HOME) },
	    .keyname = "g/Home",
	    .label = "top",
	    .help = "the first container",
	    .action = TA_TOP,
	    .when = TS_ALWAYS },
	{ .keys = { 'G', TK_FN(KEY_END) },
	    .keyname = "G/End",
	    .label = "bottom",
	    .help = "the last container",
	    .action = TA_BOTTOM,
	    .when = TS_ALWAYS },
	{ .keys = { TK_CTRL('l') },
	    .keyname = "^L",
	    .label = "redraw",
	    .help = "redraw the screen and read the list again",
	    .action = TA_REDRAW,
	    .when = TS_ALWAYS },
	{ .keys = { 'm' },
	    .keyname = "m",
	    .label = "more",
	    .help = "every action not in the hint bar, to pick from",
	    .action = TA_MORE,
	    .when = TS_ALWAYS,
	    .hint = true },
	{ .keys = { '?', TK_FN(KEY_F(1)) },
	    .keyname = "?",
	    .label = "help",
	    .help = "this help",
	    .action = TA_HELP,
	    .when = TS_ALWAYS,
	    .hint = true },
	{ .keys = { 'q' },
	    .keyname = "q",
	    .label = "quit",
	    .help = "quit (containers keep running)",
	    .action = TA_QUIT,
	    .when = TS_ALWAYS,
	    .hint = true },
};

static const struct tui_key pager_keys[] = {
	{ .keys = { 'q', TK_ESC },
	    .keyname = "q",
	    .label = "back",
	    .help = "back to the list",
	    .action = TA_PG_BACK,
	    .when = PG_ALWAYS,
	    .hint = true },
	{ .keys = { '/' },
	    .keyname = "/",
	    .label = "search",
	    .help = "search (no case); the text stays put while you type",
	    .action = TA_PG_SEARCH,
	    .when = PG_ALWAYS,
	    .hint = true },
	{ .keys = { 'n' },
	    .keyname = "n",
	    .label = "next",
	    .help = "the next match",
	    .action = TA_PG_NEXT,
	    .when = PG_ALWAYS,
	    .hint = true },
	{ .keys = { 'N' },
	    .keyname = "N",
	    .label = "prev",
	    .help = "the previous match",
	    .action = TA_PG_PREV,
	    .when = PG_ALWAYS,
	    .hint = true },
	{ .keys = { 'w' },
	    .keyname = "w",
	    .label = "wrap",
	    .help = "wrap long lines, or cut them and scroll sideways",
	    .action = TA_PG_WRAP,
	    .when = PG_ALWAYS,
	    .hint = true },
	{ .keys = { 'F', 'f' },
	    .keyname = "F",
	    .label = "follow",
	    .help = "follow new lines as they come (or stop)",
	    .action = TA_PG_FOLLOW,
	    .when = PG_FOLLOW,
	    .hint = true },
	{ .keys = { 'T' },
	    .keyname = "T",
	    .label = "times",
	    .help = "show or hide each line's time stamp",
	    .action = TA_PG_TIMES,
	    .when = PG_TIMES,
	    .hint = true },
	{ .keys = { 'h', TK_FN(KEY_LEFT) },
	    .keyname = "h/Left",
	    .label = "left",
	    .help = "scroll left when lines are cut",
	    .action = TA_PG_LEFT,
	    .when = PG_ALWAYS },
	{ .keys = { 'l', TK_FN(KEY_RIGHT) },
	    .keyname = "l/Right",
	    .label = "right",
	    .help = "scroll right",
	    .action = TA_PG_RIGHT,
	    .when = PG_ALWAYS },
	{ .keys = { 'k', TK_FN(KEY_UP) },
	    .keyname = "k/Up",
	    .label = "up",
	    .help = "one line up",
	    .action = TA_PG_UP,
	    .when = PG_ALWAYS },
	{ .keys = { 'j', TK_FN(KEY_DOWN) },
	    .keyname = "j/Down",
	    .label = "down",
	    .help = "one line down",
	    .action = TA_PG_DOWN,
	    .when = PG_ALWAYS },
	{ .keys = { 'b', TK_FN(KEY_PPAGE) },
	    .keyname = "b/PgUp",
	    .label = "page up",
	    .help = "one page up",
	    .action = TA_PG_PAGE_UP,
	    .when = PG_ALWAYS },
	{ .keys = { ' ', TK_FN(KEY_NPAGE) },
	    .keyname = "Space",
	    .label = "page down",
	    .help = "one page down",
	    .action = TA_PG_PAGE_DOWN,
	    .when = PG_ALWAYS },
	{ .keys = { 'g', TK_FN(KEY_HOME) },
	    .keyname = "g",
	    .label = "top",
	    .help = "the first line",
	    .action = TA_PG_TOP,
	    .when = PG_ALWAYS,
	    .hint = true },
	{ .keys = { 'G', TK_FN(KEY_END) },
	    .keyname = "G",
	    .label = "end",
	    .help = "the last line",
	    .action = TA_PG_END,
	    .when = PG_ALWAYS,
	    .hint = true },
};

static const struct tui_key menu_keys[] = {
	{ .keys = { '\n', '\r', TK_FN(KEY_ENTER) },
	    .keyname = "Enter",
	    .label = "choose",
	    .help = "run the highlighted entry",
	    .action = TA_DLG_OK,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { 'k', TK_FN(KEY_UP) },
	    .keyname = "Up",
	    .label = "up",
	    .help = "the entry above",
	    .action = TA_DLG_UP,
	    .when = DLG_ALWAYS },
	{ .keys = { 'j', TK_FN(KEY_DOWN) },
	    .keyname = "Down",
	    .label = "down",
	    .help = "the entry below",
	    .action = TA_DLG_DOWN,
	    .when = DLG_ALWAYS },
	{ .keys = { ' ' },
	    .keyname = "Space",
	    .label = "tick",
	    .help = "tick or untick the checkbox",
	    .action = TA_DLG_TOGGLE,
	    .when = DLG_TOGGLE,
	    .hint = true },
	{ .keys = { TK_ESC, 'q' },
	    .keyname = "Esc",
	    .label = "cancel",
	    .help = "close the menu",
	    .action = TA_DLG_CANCEL,
	    .when = DLG_ALWAYS,
	    .hint = true },
};

static const struct tui_key confirm_keys[] = {
	{ .keys = { 'y', 'Y' },
	    .keyname = "y",
	    .label = "yes",
	    .help = "yes",
	    .action = TA_DLG_YES,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { 'n', 'N', TK_ESC },
	    .keyname = "n/Esc",
	    .label = "no",
	    .help = "no",
	    .action = TA_DLG_NO,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { '\n', '\r', TK_FN(KEY_ENTER) },
	    .keyname = "Enter",
	    .label = "button shown",
	    .help = "the highlighted button (No unless moved)",
	    .action = TA_DLG_OK,
	    .when = DLG_ALWAYS },
	{ .keys = { '\t', TK_FN(KEY_LEFT), TK_FN(KEY_RIGHT) },
	    .keyname = "Tab",
	    .label = "other button",
	    .help = "highlight the other button",
	    .action = TA_DLG_SWITCH,
	    .when = DLG_ALWAYS },
	{ .keys = { ' ' },
	    .keyname = "Space",
	    .label = "tick",
	    .help = "tick or untick the checkbox",
	    .action = TA_DLG_TOGGLE,
	    .when = DLG_TOGGLE,
	    .hint = true },
};

static const struct tui_key form_keys[] = {
	{ .keys = { '\n', '\r', TK_FN(KEY_ENTER) },
	    .keyname = "Enter",
	    .label = "OK",
	    .help = "check the form and go ahead; a wrong field is named and "
		    "kept",
	    .action = TA_DLG_OK,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { TK_ESC },
	    .keyname = "Esc",
	    .label = "cancel",
	    .help = "close the form (what was typed is offered again next "
		    "time)",
	    .action = TA_DLG_CANCEL,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { '\t', TK_FN(KEY_DOWN) },
	    .keyname = "Tab",
	    .label = "next field",
	    .help = "the next field",
	    .action = TA_DLG_NEXT,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { TK_FN(KEY_BTAB), TK_FN(KEY_UP) },
	    .keyname = "S-Tab/Up",
	    .label = "previous field",
	    .help = "the previous field",
	    .action = TA_DLG_PREV,
	    .when = DLG_ALWAYS },
	{ .keys = { ' ' },
	    .keyname = "Space",
	    .label = "tick",
	    .help = "tick or untick a checkbox (in a text field: a blank)",
	    .action = TA_DLG_TOGGLE,
	    .when = DLG_TOGGLE,
	    .hint = true },
};

static const struct tui_key progress_keys[] = {
	{ .keys = { TK_ESC, 'c' },
	    .keyname = "Esc",
	    .label = "cancel",
	    .help = "cancel the work; nothing is left behind",
	    .action = TA_DLG_CANCEL,
	    .when = DLG_ALWAYS,
	    .hint = true },
	{ .keys = { 'b' },
	    .keyname = "b",
	    .label = "background",
	    .help = "close the box; the work goes on (the title bar shows it, "
		    "Esc in the list cancels it)",
	    .action = TA_DLG_BACKGROUND,
	    .when = DLG_BG,
	    .hint = true },
};

#define TABLE(name, rows)                                                      \
	{                                                                      \
		name, rows, ARRAY_SIZE(rows)                                   \
	}

const struct tui_keytable tui_keys_list = TABLE("The list", list_keys);
const struct tui_keytable tui_keys_pager =
    TABLE("The pager (logs, inspect, help, messages, events)", pager_keys);
const struct tui_keytable tui_keys_menu = TABLE("Menus", menu_keys);
const struct tui_keytable tui_keys_confirm = TABLE("Questions", confirm_keys);
const struct tui_keytable tui_keys_form = TABLE("Forms", form_keys);
const struct tui_keytable tui_keys_progress = TABLE("Progress boxes",
    progress_keys);

const struct tui_keytable *const tui_keytables[] = { &tui_keys_list,
	&tui_keys_pager, &tui_keys_menu, &tui_keys_confirm, &tui_keys_form,
	&tui_keys_progress };
const size_t tui_nkeytables = ARRAY_SIZE(tui_keytables);

static bool
row_has_key(const struct tui_key *k, int key)
{
	for (size_t j = 0; j < TUI_KEYS_MAX && k->keys[j]; j++)
		if (k->keys[j] == key)
			return true;
	return false;
}

const struct tui_key *
tui_key_find(const struct tui_keytable *t, int key, unsigned when)
{
	const struct tui_key *first = NULL;

	for (size_t i = 0; i < t->n; i++) {
		if (!row_has_key(&t->keys[i], key))
			continue;
		if (tui_key_applies(&t->keys[i], when))
			return &t->keys[i];
		if (!first)
			first = &t->keys[i];
	}
	return first;
}

const struct tui_key *
tui_key_for_action(const struct tui_keytable *t, enum tui_action a)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->keys[i].action == a)
			return &t->keys[i];
	return NULL;
}

unsigned
tui_state_bit(bool has_selection, enum rj_status st)
{
	return has_selection ? TS_BIT(st) : TS_NONE;
}

bool
tui_key_applies(const struct tui_key *k, unsigned when)
{
	return (k->when & when) != 0;
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
	if (states & TS_CONSOLE) {
		snprintf(buf, size, "its terminal is here");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		if (!(states & TS_BIT(all[i])) || used >= size)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    used ? ", " : "", rj_status_name(all[i]));
	}
}

void
tui_hint_text(const struct tui_keytable *t, unsigned when, char *buf,
    size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->n && used < size; i++) {
		const struct tui_key *k = &t->keys[i];

		if (!k->hint || !tui_key_applies(k, when))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s",
		    used ? "   " : "", k->keyname, k->label);
	}
}
