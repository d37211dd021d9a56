/* model.c: containers, view, selection and actions, without curses. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "model.h"
#include "poll.h"
#include "runjutil.h"

const char *const tui_col_names[TC_NCOLS] = {
	[TC_ID] = "ID",
	[TC_STATUS] = "STATUS",
	[TC_PID] = "PID",
	[TC_BUNDLE] = "BUNDLE",
	[TC_CREATED] = "CREATED",
	[TC_COMMAND] = "COMMAND",
};

void
tui_model_init(struct tui_model *m, const char *root,
    const struct tui_engine *eng)
{
	memset(m, 0, sizeof(*m));
	m->root = xstrdup(root);
	m->eng = eng;
	m->page = 10;
	m->sort_col = TC_ID;
}

void
tui_model_pending_clear(struct tui_model *m)
{
	free(m->pending.id);
	free(m->pending.question);
	memset(&m->pending, 0, sizeof(m->pending));
}

void
tui_model_free(struct tui_model *m)
{
	if (m->all)
		m->eng->list_free(m->all, m->nall);
	free(m->fp);
	free(m->view);
	free(m->filter);
	free(m->root);
	tui_model_pending_clear(m);
	memset(m, 0, sizeof(*m));
}

void
tui_model_status(struct tui_model *m, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->status, sizeof(m->status), fmt, ap);
	va_end(ap);
	/* One line: a multi-line message would garble the screen. */
	for (char *p = m->status; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	m->status_error = error;
	m->generation++;
}

void
tui_model_error(struct tui_model *m, struct rj_error *err)
{
	tui_model_status(m, true, "%s", err && err->msg ? err->msg : "error");
	rj_error_free(err);
}

void
tui_cell_text(const struct rj_state *st, enum tui_col col, char *buf,
    size_t size)
{
	_cleanup_free_ char *cmd = NULL;
	struct tm tm;
	time_t t;

	buf[0] = '\0';
	switch (col) {
	case TC_ID:
		snprintf(buf, size, "%s", st->id ? st->id : "");
		break;
	case TC_STATUS:
		snprintf(buf, size, "%s", rj_status_name(st->status));
		break;
	case TC_PID:
		if (st->pid > 0)
			snprintf(buf, size, "%ld", (long)st->pid);
		else
			snprintf(buf, size, "-");
		break;
	case TC_BUNDLE:
		snprintf(buf, size, "%s", st->bundle ? st->bundle : "");
		break;
	case TC_CREATED:
		t = (time_t)(st->created / 1000000000);
		if (st->created > 0 && localtime_r(&t, &tm))
			strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
		break;
	case TC_COMMAND:
		if (st->args) {
			cmd = strv_join(st->args, " ");
			snprintf(buf, size, "%s", cmd);
		}
		break;
	default:
		break;
	}
}

static bool
matches(const struct rj_state *st, const char *filter)
{
	static const enum tui_col searched[] = { TC_ID, TC_STATUS, TC_BUNDLE,
		TC_COMMAND, TC_PID };
	char buf[1024];

	if (!filter || !*filter)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(searched); i++) {
		tui_cell_text(st, searched[i], buf, sizeof(buf));
		if (strcasestr(buf, filter))
			return true;
	}
	return false;
}

/* qsort has no context argument everywhere: the sort keys live here for
 * the length of one call. */
static const struct tui_model *sorting;

static int
cmp_int64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct rj_state *a = &sorting->all[*(const size_t *)pa];
	const struct rj_state *b = &sorting->all[*(const size_t *)pb];
	char ta[1024], tb[1024];
	int r;

	switch (sorting->sort_col) {
	case TC_STATUS:
		r = cmp_int64(a->status, b->status);
		break;
	case TC_PID:
		r = cmp_int64(a->pid, b->pid);
		break;
	case TC_CREATED:
		r = cmp_int64(a->created, b->created);
		break;
	default:
		tui_cell_text(a, sorting->sort_col, ta, sizeof(ta));
		tui_cell_text(b, sorting->sort_col, tb, sizeof(tb));
		r = strcmp(ta, tb);
		break;
	}
	/* Ties by ID, so the order is stable between refreshes. */
	if (r == 0 && sorting->sort_col != TC_ID)
		r = strcmp(a->id, b->id);
	return sorting->sort_reverse ? -r : r;
}

static void
clamp_selection(struct tui_model *m)
{
	if (m->nview == 0) {
		m->sel = m->top = 0;
		return;
	}
	if (m->sel >= m->nview)
		m->sel = m->nview - 1;
	if (m->page == 0)
		m->page = 1;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + m->page)
		m->top = m->sel - m->page + 1;
	if (m->top + m->page > m->nview)
		m->top = m->nview > m->page ? m->nview - m->page : 0;
}

static void
rebuild_keep(struct tui_model *m, const char *keep_id)
{
	free(m->view);
	m->view = xcalloc(m->nall ? m->nall : 1, sizeof(*m->view));
	m->nview = 0;
	for (size_t i = 0; i < m->nall; i++)
		if (matches(&m->all[i], m->filter))
			m->view[m->nview++] = i;
	sorting = m;
	qsort(m->view, m->nview, sizeof(*m->view), cmp_rows);
	sorting = NULL;
	if (!keep_id || !tui_model_select_id(m, keep_id))
		clamp_selection(m);
	m->generation++;
}

void
tui_model_rebuild(struct tui_model *m)
{
	const struct rj_state *st = tui_model_selected(m);
	_cleanup_free_ char *keep = st ? xstrdup(st->id) : NULL;

	rebuild_keep(m, keep);
}

/* keep: the ID to keep selected. */
static void
set_list(struct tui_model *m, struct rj_state *list, size_t n, uint64_t *fp,
    const char *keep)
{
	if (m->all)
		m->eng->list_free(m->all, m->nall);
	free(m->fp);
	m->all = list;
	m->nall = n;
	m->fp = fp;
	rebuild_keep(m, keep);
}

static int
cmp_state_id(const void *a, const void *b)
{
	return strcmp(((const struct rj_state *)a)->id,
	    ((const struct rj_state *)b)->id);
}

static char *
selected_id(const struct tui_model *m)
{
	const struct rj_state *st = tui_model_selected(m);

	return st && st->id ? xstrdup(st->id) : NULL;
}

int
tui_model_refresh(struct tui_model *m)
{
	_cleanup_free_ char *keep = selected_id(m);
	struct rj_error *err = NULL;
	struct rj_state *list = NULL;
	uint64_t *fp;
	size_t n = 0;

	if (m->eng->list(m->root, &list, &n, &err) < 0) {
		rj_error_wrap(&err, "list %s", m->root);
		tui_model_error(m, err);
		return -1;
	}
	/* The poll walks the list and the directory together, by ID. */
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_state_id);
	fp = xcalloc(n ? n : 1, sizeof(*fp));
	for (size_t i = 0; i < n; i++)
		fp[i] = tui_poll_fp(m->root, list[i].id, list[i].pid);
	set_list(m, list, n, fp, keep);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The container IDs in the root, sorted (the order rj_list gives). */
static int
root_ids(const char *root, char ***out, size_t *n, struct rj_error **err)
{
	DIR *d = opendir(root);
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : rj_error_sys(err, "open %s", root);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || rj_id_check(de->d_name, NULL) < 0)
			continue;
		if (*n + 1 >= cap)
			*out = xrealloc(*out,
			    (cap = cap ? cap * 2 : 64) * sizeof(**out));
		(*out)[(*n)++] = xstrdup(de->d_name);
		(*out)[*n] = NULL;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_name);
	return 0;
}

int
tui_model_poll(struct tui_model *m)
{
	_cleanup_strv_ char **ids = NULL;
	_cleanup_free_ char *keep = selected_id(m);
	struct rj_error *err = NULL;
	struct rj_state *list;
	uint64_t *fp;
	size_t n = 0, k = 0, got = 0;
	bool changed = false;

	if (root_ids(m->root, &ids, &n, &err) < 0) {
		rj_error_wrap(&err, "list %s", m->root);
		tui_model_error(m, err);
		return -1;
	}
	list = xcalloc(n ? n : 1, sizeof(*list));
	fp = xcalloc(n ? n : 1, sizeof(*fp));
	for (size_t i = 0; i < n; i++) {
		int c = 1;

		/* Both lists are sorted by ID: walk them together. */
		while (k < m->nall && (c = strcmp(m->all[k].id, ids[i])) < 0) {
			k++;
			changed = true; /* gone */
		}
		if (c == 0) {
			uint64_t f = tui_poll_fp(m->root, ids[i],
			    m->all[k].pid);

			if (f == m->fp[k]) {
				/* Unchanged: move it over as it is. */
				list[got] = m->all[k];
				memset(&m->all[k], 0, sizeof(m->all[k]));
				fp[got++] = f;
				k++;
				continue;
			}
			k++;
		}
		changed = true;
		if (m->eng->state_get(m->root, ids[i], &list[got], NULL) < 0)
			continue; /* deleted while we looked */
		fp[got] = tui_poll_fp(m->root, ids[i], list[got].pid);
		got++;
	}
	if (k < m->nall)
		changed = true;
	if (!changed) {
		/* Give the entries back; nothing to redraw. */
		for (size_t i = 0; i < got; i++)
			m->all[i] = list[i];
		free(list);
		free(fp);
		return 0;
	}
	set_list(m, list, got, fp, keep);
	return 1;
}

const struct rj_state *
tui_model_selected(const struct tui_model *m)
{
	if (m->nview == 0 || m->sel >= m->nview)
		return NULL;
	return &m->all[m->view[m->sel]];
}

unsigned
tui_model_state_bit(const struct tui_model *m)
{
	const struct rj_state *st = tui_model_selected(m);

	return tui_state_bit(st != NULL, st ? st->status : RJ_STATUS_STOPPED);
}

bool
tui_model_select_id(struct tui_model *m, const char *id)
{
	for (size_t i = 0; i < m->nview; i++) {
		if (strcmp(m->all[m->view[i]].id, id) == 0) {
			m->sel = i;
			clamp_selection(m);
			m->generation++;
			return true;
		}
	}
	return false;
}

void
tui_model_move(struct tui_model *m, long delta)
{
	long s = (long)m->sel + delta;

	if (m->nview == 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)m->nview)
		s = (long)m->nview - 1;
	m->sel = (size_t)s;
	clamp_selection(m);
	m->generation++;
}

void
tui_model_set_filter(struct tui_model *m, const char *filter)
{
	free(m->filter);
	m->filter = filter && *filter ? xstrdup(filter) : NULL;
	tui_model_rebuild(m);
}

void
tui_model_set_sort(struct tui_model *m, enum tui_col col, bool reverse)
{
	m->sort_col = col;
	m->sort_reverse = reverse;
	tui_model_rebuild(m);
}

int
tui_model_start(struct tui_model *m, const char *id)
{
	struct rj_error *err = NULL;

	if (m->eng->start(m->root, id, &err) < 0) {
		rj_error_wrap(&err, "start %s", id);
		tui_model_error(m, err);
		return -1;
	}
	tui_model_status(m, false, "started %s", id);
	tui_model_refresh(m);
	return 0;
}

int
tui_model_create(struct tui_model *m, const char *id, const char *bundle)
{
	struct rj_create_opts opts = { .bundle = bundle, .log_to_state = true };
	struct rj_error *err = NULL;

	if (rj_id_check(id, &err) < 0 ||
	    m->eng->create(m->root, id, &opts, &err) < 0) {
		rj_error_wrap(&err, "create %s", id);
		tui_model_error(m, err);
		return -1;
	}
	tui_model_refresh(m);
	tui_model_select_id(m, id);
	tui_model_status(m, false, "created %s from %s (press s to start)", id,
	    bundle);
	return 0;
}

static void
pending_set(struct tui_model *m, enum tui_action a, const char *id, bool force,
    char *question)
{
	tui_model_pending_clear(m);
	m->pending.action = a;
	m->pending.id = xstrdup(id);
	m->pending.force = force;
	m->pending.question = question;
}

int
tui_model_confirm(struct tui_model *m, bool yes)
{
	struct rj_error *err = NULL;
	_cleanup_free_ char *id = NULL;
	enum tui_action a = m->pending.action;
	bool force = m->pending.force;
	int r = 0;

	if (a == TA_NONE)
		return 0;
	id = steal_ptr(m->pending.id);
	tui_model_pending_clear(m);
	if (!yes) {
		tui_model_status(m, false, "cancelled");
		return 0;
	}
	switch (a) {
	case TA_DELETE:
		r = m->eng->delete (m->root, id, force, &err);
		if (r < 0) {
			rj_error_wrap(&err, "delete %s", id);
			tui_model_error(m, err);
		} else {
			tui_model_status(m, false, "deleted %s", id);
		}
		break;
	default:
		break;
	}
	tui_model_refresh(m);
	return r;
}

int
tui_model_kill(struct tui_model *m, int sig, bool all)
{
	struct rj_error *err = NULL;
	_cleanup_free_ char *id = NULL;
	const char *name;

	if (m->pending.action != TA_KILL)
		return 0;
	id = steal_ptr(m->pending.id);
	tui_model_pending_clear(m);
	if (sig == 0) {
		tui_model_status(m, false, "cancelled");
		return 0;
	}
	if (m->eng->kill(m->root, id, sig, all, &err) < 0) {
		rj_error_wrap(&err, "kill %s", id);
		tui_model_error(m, err);
		return -1;
	}
	name = rj_signal_name(sig);
	tui_model_status(m, false, "sent SIG%s to %s%s", name ? name : "?", id,
	    all ? " (all processes)" : "");
	tui_model_refresh(m);
	return 0;
}

enum tui_action
tui_model_action(struct tui_model *m, enum tui_action a)
{
	const struct tui_key *k = tui_key_for_action(a);
	const struct rj_state *st = tui_model_selected(m);
	unsigned bit = tui_model_state_bit(m);
	bool force;

	if (!k)
		return TA_NONE;
	if (!tui_key_applies(k, bit)) {
		if (st)
			tui_model_status(m, true,
			    "%s: not possible for %s "
			    "container %s",
			    k->label, rj_status_name(st->status), st->id);
		else
			tui_model_status(m, true, "%s: no container selected",
			    k->label);
		return TA_NONE;
	}
	switch (a) {
	case TA_UP:
		tui_model_move(m, -1);
		return TA_NONE;
	case TA_DOWN:
		tui_model_move(m, 1);
		return TA_NONE;
	case TA_PAGE_UP:
		tui_model_move(m, -(long)m->page);
		return TA_NONE;
	case TA_PAGE_DOWN:
		tui_model_move(m, (long)m->page);
		return TA_NONE;
	case TA_TOP:
		tui_model_move(m, -(long)m->nview);
		return TA_NONE;
	case TA_BOTTOM:
		tui_model_move(m, (long)m->nview);
		return TA_NONE;
	case TA_SORT:
		tui_model_set_sort(m, (m->sort_col + 1) % TC_NCOLS,
		    m->sort_reverse);
		tui_model_status(m, false, "sorted by %s",
		    tui_col_names[m->sort_col]);
		return TA_NONE;
	case TA_SORT_REVERSE:
		tui_model_set_sort(m, m->sort_col, !m->sort_reverse);
		tui_model_status(m, false, "sorted by %s, %s",
		    tui_col_names[m->sort_col],
		    m->sort_reverse ? "descending" : "ascending");
		return TA_NONE;
	case TA_START:
		tui_model_start(m, st->id);
		return TA_NONE;
	case TA_KILL:
		pending_set(m, TA_KILL, st->id, false, NULL);
		return TA_KILL;
	case TA_DELETE:
		force = st->status == RJ_STATUS_RUNNING ||
		    st->status == RJ_STATUS_PAUSED ||
		    st->status == RJ_STATUS_CREATING;
		pending_set(m, TA_DELETE, st->id, force,
		    xasprintf("Delete %s container %s%s?",
			rj_status_name(st->status), st->id,
			force ? " (forced: it is killed first)" : ""));
		return TA_DELETE;
	default:
		/* Dialogs, forms and screens: the UI's job. */
		return a;
	}
}

enum tui_action
tui_model_key(struct tui_model *m, int key)
{
	const struct tui_key *k = tui_key_find(key);

	if (!k)
		return TA_NONE;
	return tui_model_action(m, k->action);
}
