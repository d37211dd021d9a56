/* screens.c: what an action opens: menu, signal picker, confirmation,
 * inspect, logs, help, filter. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui.h"
#include "runjutil.h"

static void
menu(struct tui_ui *ui)
{
	unsigned bit = tui_model_state_bit(ui->m);
	const struct rj_state *st = tui_model_selected(ui->m);
	const char *items[32];
	enum tui_action acts[32];
	char labels[32][96];
	int n = 0, c;

	for (size_t i = 0; i < tui_nkeys && n < 32; i++) {
		const struct tui_key *k = &tui_keys[i];

		if (!k->menu || !tui_key_applies(k, bit))
			continue;
		snprintf(labels[n], sizeof(labels[n]), "%-6s %s", k->keyname,
		    k->label);
		items[n] = labels[n];
		acts[n++] = k->action;
	}
	c = ui_menu(ui, st ? st->id : "actions", items, n, 0, NULL, NULL);
	if (c >= 0)
		ui_run_action(ui, tui_model_action(ui->m, acts[c]));
}

/* The usual signals first, SIGTERM on top; "more..." lists them all. */
static void
kill_picker(struct tui_ui *ui)
{
	static const int common[] = { SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGQUIT,
		SIGUSR1, SIGUSR2, SIGSTOP, SIGCONT };
	const char *items[80];
	char labels[80][48];
	int sigs[80], n = 0, c;
	bool all = false;
	const char *name;
	int sig;

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
	c = ui_menu(ui, "Send a signal", items, n, 0,
	    "--all: every process in the container", &all);
	if (c >= 0 && sigs[c] == -1) {
		n = 0;
		for (size_t i = 0; n < 80 && rj_signal_at(i, &name, &sig);
		     i++) {
			snprintf(labels[n], sizeof(labels[n]), "SIG%s (%d)",
			    name, sig);
			items[n] = labels[n];
			sigs[n++] = sig;
		}
		c = ui_menu(ui, "Send a signal", items, n, 0,
		    "--all: every process in the container", &all);
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

	ps = pretty_json(state ? state : "{}");
	cfgpath = xasprintf("%s/config.json", st->bundle);
	if (read_file(cfgpath, &cfg, NULL, &err) < 0) {
		pc = xasprintf("(%s)", err->msg);
		rj_error_free(err);
	} else {
		pc = pretty_json(cfg);
	}
	title = xasprintf("inspect %s", st->id);
	ui_pager(ui, title,
	    xasprintf("# state\n%s\n\n# %s\n%s\n", ps, cfgpath, pc), NULL,
	    NULL);
}

struct log_ctx {
	const char *path;
	off_t size;
	struct timespec mtime;
};

/* The last 1 MiB of the log: enough for a screen, bounded for a chatty
 * container. */
static char *
read_log(struct log_ctx *c)
{
	struct stat sb;
	FILE *f;
	char *buf;
	size_t n, max = 1 << 20;
	off_t from;

	if (stat(c->path, &sb) < 0)
		return xasprintf("(%s: not there yet)", c->path);
	c->size = sb.st_size;
	c->mtime = sb.st_mtim;
	f = fopen(c->path, "r");
	if (!f)
		return xasprintf("(cannot open %s)", c->path);
	from = sb.st_size > (off_t)max ? sb.st_size - (off_t)max : 0;
	fseeko(f, from, SEEK_SET);
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static char *
reload_log(void *arg)
{
	struct log_ctx *c = arg;
	struct stat sb;

	if (stat(c->path, &sb) == 0 && sb.st_size == c->size &&
	    sb.st_mtim.tv_sec == c->mtime.tv_sec &&
	    sb.st_mtim.tv_nsec == c->mtime.tv_nsec)
		return NULL;
	return read_log(c);
}

static void
logs(struct tui_ui *ui, const struct rj_state *st)
{
	struct log_ctx c = { .path = st->log_path, .size = -1 };
	_cleanup_free_ char *title = NULL;

	if (!st->log_path) {
		tui_model_status(ui->m, true,
		    "logs: %s was not created here, "
		    "so its output went to whoever created it",
		    st->id);
		return;
	}
	title = xasprintf("logs %s  (%s)", st->id, st->log_path);
	ui_pager(ui, title, read_log(&c), reload_log, &c);
}

void
ui_help(struct tui_ui *ui)
{
	size_t cap = 8192, used = 0;
	char *text = xmalloc(cap), states[128];

	used += (size_t)snprintf(text, cap,
	    "runj-tui %s: keys (the hint bar "
	    "shows the ones that apply to the selected container)\n\n",
	    RJ_VERSION);
	for (size_t i = 0; i < tui_nkeys; i++) {
		const struct tui_key *k = &tui_keys[i];

		tui_states_text(k->states, states, sizeof(states));
		if (used + 512 > cap)
			text = xrealloc(text, cap *= 2);
		used += (size_t)snprintf(text + used, cap - used,
		    "  %-8s %-15s %s%s  [%s]\n", k->keyname, k->label, k->help,
		    k->confirm ? " (asks first)" : "", states);
	}
	snprintf(text + used, cap - used,
	    "\nIn forms: Tab/Up/Down move, Enter "
	    "accepts, Esc cancels.  In the pager: / searches, n/N repeat, F "
	    "follows a log, q goes back.\nThemes: --theme NAME or t; see "
	    "runj-theme(5).  Mouse: click selects, double-click opens the "
	    "menu, a header click sorts.\n");
	ui_pager(ui, "help", text, NULL, NULL);
}

static void
filter_live(struct tui_ui *ui, const char *text)
{
	tui_model_set_filter(ui->m, text);
}

static void
filter_prompt(struct tui_ui *ui)
{
	char buf[256];
	_cleanup_free_ char *old = ui->m->filter ? xstrdup(ui->m->filter)
						 : NULL;

	snprintf(buf, sizeof(buf), "%s", old ? old : "");
	if (!ui_prompt_line(ui, "filter:", buf, sizeof(buf), filter_live)) {
		/* Esc clears the filter. */
		tui_model_set_filter(ui->m, NULL);
		tui_model_status(ui->m, false, "filter cleared");
		return;
	}
	tui_model_set_filter(ui->m, buf);
	if (buf[0])
		tui_model_status(ui->m, false, "%zu of %zu match \"%s\"",
		    ui->m->nview, ui->m->nall, buf);
}

void
ui_run_action(struct tui_ui *ui, enum tui_action a)
{
	const struct rj_state *st = tui_model_selected(ui->m);

	switch (a) {
	case TA_MENU:
		menu(ui);
		break;
	case TA_HELP:
		ui_help(ui);
		break;
	case TA_KILL:
		kill_picker(ui);
		break;
	case TA_DELETE:
		tui_model_confirm(ui->m,
		    ui_confirm(ui, "Delete", ui->m->pending.question));
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
			logs(ui, st);
		break;
	case TA_SHELL:
		if (st) {
			_cleanup_free_ char *id = xstrdup(st->id);
			ui_shell(ui, id);
		}
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
	case TA_REDRAW:
		clearok(curscr, TRUE);
		tui_model_refresh(ui->m);
		break;
	default:
		break;
	}
	ui->m->generation++;
}
