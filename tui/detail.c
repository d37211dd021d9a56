/* detail.c: the pane beside the list: the selected container's state,
 * its config, its processes and the tail of its log, kept fresh. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "ui.h"
#include "runjutil.h"

#define PIDS_NS (2 * 1000000000LL)
#define LOG_NS	(500 * 1000000LL)

/* What was read for the container shown, so a redraw reads nothing. */
static struct {
	char *id;
	int64_t created;
	char *config; /* the lines of the config section */
	char *pids;
	int64_t pids_at;
	char *log;
	int64_t log_at;
} cache;

static void
cache_reset(const struct rj_state *st)
{
	free(cache.id);
	free(cache.config);
	free(cache.pids);
	free(cache.log);
	memset(&cache, 0, sizeof(cache));
	cache.id = xstrdup(st->id);
	cache.created = st->created;
}

static char *
join_json_strings(json_t *a, const char *sep)
{
	char *r = xstrdup("");
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		char *t = xasprintf("%s%s%s", r, i ? sep : "",
		    json_is_string(e) ? json_string_value(e) : "?");
		free(r);
		r = t;
	}
	return r;
}

/* The parts of config.json a user looks for first. */
static char *
config_text(const struct rj_state *st)
{
	_cleanup_free_ char *path = xasprintf("%s/config.json", st->bundle);
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr), *p, *r;
	char *out;

	if (!j)
		return xasprintf("config.json: %s", jerr.text);
	p = json_object_get(j, "process");
	r = json_object_get(j, "root");
	_cleanup_free_ char *args = join_json_strings(json_object_get(p,
							  "args"),
	    " ");
	/* One variable a line, under the label. */
	_cleanup_free_ char *env = join_json_strings(json_object_get(p, "env"),
	    "\n          ");
	json_t *cwd = json_object_get(p, "cwd");
	json_t *host = json_object_get(j, "hostname");
	json_t *rp = json_object_get(r, "path");
	out = xasprintf("args      %s\n"
			"cwd       %s\n"
			"terminal  %s\n"
			"root      %s%s\n"
			"hostname  %s\n"
			"env       %s",
	    args, json_is_string(cwd) ? json_string_value(cwd) : "/",
	    json_is_true(json_object_get(p, "terminal")) ? "yes" : "no",
	    json_is_string(rp) ? json_string_value(rp) : "?",
	    json_is_true(json_object_get(r, "readonly")) ? " (read-only)" : "",
	    json_is_string(host) ? json_string_value(host) : "-", env);
	json_decref(j);
	return out;
}

static char *
pids_text(struct tui_model *m, const struct rj_state *st)
{
	_cleanup_free_ pid_t *pids = NULL;
	struct rj_error *err = NULL;
	size_t n = 0;
	char *r;

	if (st->status == RJ_STATUS_STOPPED)
		return xstrdup("none (stopped)");
	if (m->eng->pids(m->root, st->id, &pids, &n, &err) < 0) {
		r = xasprintf("(%s)", err->msg);
		rj_error_free(err);
		return r;
	}
	r = xasprintf("%zu:", n);
	for (size_t i = 0; i < n && i < 64; i++) {
		char *t = xasprintf("%s %ld", r, (long)pids[i]);
		free(r);
		r = t;
	}
	return r;
}

static void
exit_text(const struct tui_extra *x, char *buf, size_t size)
{
	const char *name;

	if (!x || !x->have_exit) {
		snprintf(buf, size, "not known here");
		return;
	}
	if (WIFSIGNALED(x->exit_status)) {
		name = rj_signal_name(WTERMSIG(x->exit_status));
		snprintf(buf, size, "killed by SIG%s (%d)", name ? name : "?",
		    128 + WTERMSIG(x->exit_status));
	} else {
		snprintf(buf, size, "status %d", WEXITSTATUS(x->exit_status));
	}
}

/* Draws lines of text from row *y, wrapped to w, up to row ymax. */
static void
put_lines(int *y, int ymax, int x, int w, const char *text, attr_t a)
{
	_cleanup_strv_ char **lines = ui_wrap(text, w);

	for (size_t i = 0; lines[i] && *y < ymax; i++)
		ui_put((*y)++, x, lines[i], w, a);
}

static void
heading(struct tui_ui *ui, int *y, int ymax, int x, int w, const char *t)
{
	if (*y >= ymax)
		return;
	ui_fill(*y, x, w, ui->attr[TE_HEADER]);
	ui_put((*y)++, x, t, w, ui->attr[TE_HEADER]);
}

void
ui_draw_detail(struct tui_ui *ui, int y0, int x0, int h, int w)
{
	struct tui_model *m = ui->m;
	const struct rj_state *st = tui_model_selected(m);
	int y = y0, ymax = y0 + h, x = x0 + 2, cw = w - 3;
	char status[64], up[32] = "", ex[64], cpu[64] = "-", mem[32], lim[32];
	int64_t now = now_ns();

	/* A line between the list and the pane. */
	attrset(ui->attr[TE_BORDER]);
	mvvline_set(y0, x0, WACS_VLINE, h);
	attrset(A_NORMAL);
	if (!st) {
		ui_put(y + 1, x, "No container selected.", cw,
		    ui->attr[TE_NORMAL]);
		return;
	}
	if (!cache.id || strcmp(cache.id, st->id) != 0 ||
	    cache.created != st->created)
		cache_reset(st);
	const struct tui_extra *x_ = tui_model_extra(m, st->id);
	tui_status_text(st, x_, status, sizeof(status));
	tui_cell_text(m, st, TC_UPTIME, up, sizeof(up));
	exit_text(x_, ex, sizeof(ex));
	if (x_ && x_->have_stats) {
		tui_bytes_text(x_->mem, mem, sizeof(mem));
		tui_bytes_text(x_->mem_max, lim, sizeof(lim));
		snprintf(cpu, sizeof(cpu), "%.1f%%   memory %s%s%s",
		    x_->cpu_pct, mem, x_->mem_max ? " of " : "",
		    x_->mem_max ? lim : "");
	}
	if (!cache.config)
		cache.config = config_text(st);
	if (!cache.pids || now - cache.pids_at > PIDS_NS) {
		free(cache.pids);
		cache.pids = pids_text(m, st);
		cache.pids_at = now;
	}
	if (!cache.log || now - cache.log_at > LOG_NS) {
		free(cache.log);
		cache.log = ui_log_tail(st, 8192);
		cache.log_at = now;
	}
	_cleanup_free_ char *state = xasprintf("status    %s%s%s\n"
					       "pid       %ld\n"
					       "exit      %s\n"
					       "cpu       %s\n"
					       "bundle    %s\n"
					       "terminal  %s",
	    status, up[0] != '-' ? ", up " : "", up[0] != '-' ? up : "",
	    (long)st->pid, st->status == RJ_STATUS_STOPPED ? ex : "-", cpu,
	    st->bundle,
	    ui_console_has(NULL, st->id) ? "here (a attaches)"
					 : "not held here");
	heading(ui, &y, ymax, x0 + 1, w - 1, st->id);
	put_lines(&y, ymax, x, cw, state, ui->attr[TE_NORMAL]);
	heading(ui, &y, ymax, x0 + 1, w - 1, "config");
	put_lines(&y, ymax, x, cw, cache.config, ui->attr[TE_NORMAL]);
	heading(ui, &y, ymax, x0 + 1, w - 1, "processes");
	put_lines(&y, ymax, x, cw, cache.pids, ui->attr[TE_NORMAL]);
	heading(ui, &y, ymax, x0 + 1, w - 1, "log (l for all of it)");
	if (y >= ymax)
		return;
	/* The log's last lines: as many as are left. */
	_cleanup_strv_ char **lines = ui_wrap(cache.log ? cache.log : "", cw);
	size_t n = strv_len(lines), room = (size_t)(ymax - y);
	for (size_t i = n > room ? n - room : 0; i < n; i++)
		ui_put(y++, x, lines[i], cw, ui->attr[TE_NORMAL]);
}
