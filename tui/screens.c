/* screens.c: what an action opens: menus, the signal picker, questions,
 * inspect, help, messages, the filter. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"
#include "runjutil.h"

/* A menu of list actions: those of rows that pass keep() and apply now;
 * each entry's key works in the menu too. */
static void
action_menu(struct tui_ui *ui, const char *title,
    bool (*keep)(const struct tui_key *))
{
	const struct tui_keytable *t = &tui_keys_list;
	unsigned bit = tui_model_hint_bits(ui->m);
	const char **items = xcalloc(t->n, sizeof(*items));
	enum tui_action *acts = xcalloc(t->n, sizeof(*acts));
	int *hot = xcalloc(t->n, sizeof(*hot)), n = 0, c;

	for (size_t i = 0; i < t->n; i++) {
		const struct tui_key *k = &t->keys[i];

		if (!keep(k) || !tui_key_applies(k, bit))
			continue;
		items[n] = xasprintf("%-6s %-15s %s", k->keyname, k->label,
		    k->help);
		/* A key the menu has a use for (Esc, q, j, k, Space...)
		 * stays the menu's: q must not quit from here. */
		hot[n] = tui_key_find(&tui_keys_menu, k->keys[0],
			     DLG_ALWAYS | DLG_TOGGLE)
		    ? 0
		    : k->keys[0];
		acts[n++] = k->action;
	}
	c = ui_menu(ui, title, items, hot, n, 0, NULL, NULL);
	for (int i = 0; i < n; i++)
		free((char *)items[i]);
	free(items);
	free(hot);
	if (c >= 0)
		ui_run_action(ui, tui_model_action(ui->m, acts[c]));
	free(acts);
}

static bool
container_action(const struct tui_key *k)
{
	return k->menu;
}

/* Everything but moving about and the more page itself. */
static bool
any_action(const struct tui_key *k)
{
	switch (k->action) {
	case TA_UP:
	case TA_DOWN:
	case TA_PAGE_UP:
	case TA_PAGE_DOWN:
	case TA_TOP:
	case TA_BOTTOM:
	case TA_MORE:
	case TA_MENU:
		return false;
	default:
		return true;
	}
}

/* The usual signals first, SIGTERM on top; "more..." lists them all. */
static void
kill_picker(struct tui_ui *ui)
{
	static const int common[] = { SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGQUIT,
		SIGUSR1, SIGUSR2, SIGSTOP, SIGCONT };
	const char *items[80];
	char labels[80][48];
	int sigs[80], n = 0, c, sig;
	bool all = false;
	const char *name;
	size_t nids = strv_len(ui->m->pending.ids);
	_cleanup_free_ char *title = nids > 1
	    ? xasprintf("Send a signal to %zu containers", nids)
	    : xasprintf("Send a signal to %s",
		  nids ? ui->m->pending.ids[0] : "?");

	for (size_t i = 0; i < ARRAY_SIZE(common); i++) {
		name = rj_signal_name(common[i]);
		snprintf(labels[n], sizeof(labels[n]), "SIG%s%s",
		    name ? name : "?",
		    common[i] == SIGTERM       ? " (ask to stop)"
			: common[i] == SIGKILL ? " (force)"
					       : "");
		sigs[n] = common[i];
		items[n] = labels[n];
		n++;
	}
	snprintf(labels[n], sizeof(labels[n]), "more...");
	items[n] = labels[n];
	sigs[n++] = -1;
	c = ui_menu(ui, title, items, NULL, n, 0, "--all: every process", &all);
	if (c >= 0 && sigs[c] == -1) {
		n = 0;
		for (size_t i = 0; n < 80 && rj_signal_at(i, &name, &sig);
		     i++) {
			snprintf(labels[n], sizeof(labels[n]), "SIG%s (%d)",
			    name, sig);
			items[n] = labels[n];
			sigs[n++] = sig;
		}
		c = ui_menu(ui, title, items, NULL, n, 0,
		    "--all: every process", &all);
	}
	tui_model_kill(ui->m, c >= 0 ? sigs[c] : 0, all);
}

static char *
pretty_json(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	char *s;

	if (!j)
		return xstrdup(text);
	s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return s ? s : xstrdup(text);
}

static void
inspect(struct tui_ui *ui, const struct rj_state *st)
{
	_cleanup_free_ char *state = rj_state_to_json(st);
	_cleanup_free_ char *ps = NULL, *pc = NULL, *cfgpath = NULL;
	_cleanup_free_ char *cfg = NULL, *title = NULL;
	struct rj_error *err = NULL;
	struct ui_pager_opts o = { .wrap = true };

	ps = pretty_json(state ? state : "{}");
	cfgpath = xasprintf("%s/config.json", st->bundle);
	if (read_file(cfgpath, &cfg, NULL, &err) < 0) {
		pc = xasprintf("(%s)", err->msg);
		rj_error_free(err);
	} else {
		pc = pretty_json(cfg);
	}
	title = xasprintf("inspect %s", st->id);
	o.title = title;
	ui_pager(ui, &o,
	    xasprintf("# state\n%s\n\n# %s\n%s\n", ps, cfgpath, pc));
}

static void append(char **text, size_t *used, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
append(char **text, size_t *used, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (*used + (size_t)n + 1 > *cap) {
		*cap = (*used + (size_t)n + 1) * 2;
		*text = xrealloc(*text, *cap);
	}
	va_start(ap, fmt);
	vsnprintf(*text + *used, *cap - *used, fmt, ap);
	va_end(ap);
	*used += (size_t)n;
}

void
ui_help(struct tui_ui *ui)
{
	size_t cap = 8192, used = 0;
	char *text = xmalloc(cap), states[128];
	struct ui_pager_opts o = { .title = "help", .wrap = true };

	text[0] = '\0';
	append(&text, &used, &cap,
	    "runj-tui %s.  The hint bar shows what applies to the selected "
	    "container; m lists every action; h shows every message.\n",
	    RJ_VERSION);
	for (size_t t = 0; t < tui_nkeytables; t++) {
		const struct tui_keytable *kt = tui_keytables[t];

		append(&text, &used, &cap, "\n%s\n", kt->name);
		for (size_t i = 0; i < kt->n; i++) {
			const struct tui_key *k = &kt->keys[i];

			append(&text, &used, &cap, "  %-10s %-16s %s%s",
			    k->keyname, k->label, k->help,
			    k->confirm ? " (asks first)" : "");
			if (kt == &tui_keys_list) {
				tui_states_text(k->when, states,
				    sizeof(states));
				append(&text, &used, &cap, "  [%s]", states);
			}
			append(&text, &used, &cap, "\n");
		}
	}
	append(&text, &used, &cap,
	    "\nThemes: --theme NAME or t; see runj-theme(5).  Mouse: a click "
	    "selects, a double click opens the menu, a header click "
	    "sorts.\nrunj-tui(1) says it all.\n");
	ui_pager(ui, &o, text);
}

static void
history(struct tui_ui *ui)
{
	struct tui_model *m = ui->m;
	size_t cap = 4096, used = 0;
	char *text = xmalloc(cap);
	struct ui_pager_opts o = { .title = "messages (the newest last)",
		.wrap = true,
		.follow = true };

	text[0] = '\0';
	for (size_t i = 0; i < m->nhist; i++) {
		time_t t = (time_t)(m->hist[i].when / 1000000000);
		struct tm tm;
		char when[16];

		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		append(&text, &used, &cap, "%s %s %s\n", when,
		    m->hist[i].error ? "error" : "     ", m->hist[i].text);
	}
	if (!m->nhist)
		append(&text, &used, &cap, "(no messages yet)\n");
	ui_pager(ui, &o, text);
}

static void
filter_live(struct tui_ui *ui, const char *text)
{
	tui_model_set_filter(ui->m, text);
}

static void
filter_prompt(struct tui_ui *ui)
{
	char *buf = xstrdup(ui->m->filter ? ui->m->filter : "");

	if (!ui_prompt_line(ui, "filter:", &buf, filter_live)) {
		/* Esc clears the filter. */
		tui_model_set_filter(ui->m, NULL);
		tui_model_status(ui->m, false, "filter cleared");
		free(buf);
		return;
	}
	tui_model_set_filter(ui->m, buf);
	if (buf[0])
		tui_model_status(ui->m, false,
		    "%zu of %zu match \"%s\" (Esc clears)", ui->m->nview,
		    ui->m->nall, buf);
	free(buf);
}

/* Esc with no filter and no marks: work in the background stops. */
static void
cancel_background(struct tui_ui *ui)
{
	size_t n = 0;

	for (struct tui_job *j = tui_jobs_first(); j; j = j->next)
		n += j->cancellable && !j->cancelled;
	if (!n)
		return;
	_cleanup_free_ char *q = xasprintf("Cancel the %zu job%s in the "
					   "background (%s)?",
	    n, n == 1 ? "" : "s", tui_jobs_first()->title);
	if (!ui_confirm(ui, "Cancel", q, NULL, NULL))
		return;
	for (struct tui_job *j = tui_jobs_first(); j; j = j->next)
		tui_job_cancel(j);
	tui_model_status(ui->m, false, "cancelling...");
}

void
ui_ask_pending(struct tui_ui *ui)
{
	struct tui_pending *p = &ui->m->pending;
	const struct tui_key *k;
	const char *title;

	if (p->action == TA_NONE)
		return;
	if (p->action == TA_KILL) {
		kill_picker(ui);
		return;
	}
	k = tui_key_for_action(&tui_keys_list, p->action);
	title = p->action == TA_SIGKILL ? "Still running" : k ? k->label : "?";
	bool yes = ui_confirm(ui, title, p->question, p->toggle,
	    p->toggle ? &p->toggled : NULL);
	tui_model_confirm(ui->m, yes);
}

void
ui_run_action(struct tui_ui *ui, enum tui_action a)
{
	const struct rj_state *st = tui_model_selected(ui->m);
	_cleanup_free_ char *id = st ? xstrdup(st->id) : NULL;

	switch (a) {
	case TA_MENU:
		action_menu(ui, st ? st->id : "actions", container_action);
		break;
	case TA_MORE:
		action_menu(ui, "every action", any_action);
		break;
	case TA_HELP:
		ui_help(ui);
		break;
	case TA_KILL:
	case TA_DELETE:
	case TA_PRUNE:
	case TA_RESTART:
	case TA_SIGKILL:
		ui_ask_pending(ui);
		break;
	case TA_CREATE:
		ui_create(ui);
		break;
	case TA_INSPECT:
		if (st)
			inspect(ui, st);
		break;
	case TA_LOGS:
		if (st)
			ui_logs(ui, st);
		break;
	case TA_EVENTS:
		if (id)
			ui_events(ui, id);
		break;
	case TA_SHELL:
		if (id)
			ui_shell(ui, id);
		break;
	case TA_ATTACH:
		if (id)
			ui_attach(ui, id);
		break;
	case TA_NEW_BUNDLE:
		ui_new_bundle(ui);
		break;
	case TA_ROOTFS:
		ui_offline_rootfs(ui);
		break;
	case TA_EDIT:
		ui_edit_bundle(ui);
		break;
	case TA_FILTER:
		filter_prompt(ui);
		break;
	case TA_THEME:
		ui_theme_next(ui);
		break;
	case TA_HISTORY:
		history(ui);
		break;
	case TA_ESCAPE:
		cancel_background(ui);
		break;
	case TA_REDRAW:
		clearok(curscr, TRUE);
		tui_model_refresh(ui->m);
		break;
	default:
		break;
	}
	ui->m->generation++;
}
