/* model.c: containers, view, selection and actions, without curses. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>

#include "model.h"
#include "runjutil.h"

#define BORN_MAX 256

const char *const tui_col_names[TC_NCOLS] = {
	[TC_ID] = "ID",
	[TC_STATUS] = "STATUS",
	[TC_PID] = "PID",
	[TC_UPTIME] = "UP",
	[TC_CPU] = "CPU%",
	[TC_MEM] = "MEM",
	[TC_BUNDLE] = "BUNDLE",
	[TC_CREATED] = "CREATED",
	[TC_COMMAND] = "COMMAND",
};

struct tui_batch {
	enum tui_op op;
	size_t total, done, failed;
};

/* What the user is told about a request: its verb, and what it did. */
static const struct {
	const char *verb, *did, *doing;
} op_words[] = {
	[TOP_CREATE] = { "create", "created", "creating" },
	[TOP_START] = { "start", "started", "starting" },
	[TOP_KILL] = { "kill", "signalled", "signalling" },
	[TOP_DELETE] = { "delete", "deleted", "deleting" },
	[TOP_PAUSE] = { "pause", "paused", "pausing" },
	[TOP_RESUME] = { "resume", "resumed", "resuming" },
	[TOP_RESTART] = { "restart", "restarted", "restarting" },
};

void
tui_model_init(struct tui_model *m, const char *root,
    const struct tui_engine *eng, struct tui_runner *run)
{
	memset(m, 0, sizeof(*m));
	m->root = xstrdup(root);
	m->eng = eng;
	m->run = run;
	m->page = 10;
	m->sort_col = TC_ID;
	m->kill_wait_s = 10;
}

void
tui_model_pending_clear(struct tui_model *m)
{
	strv_free(m->pending.ids);
	free(m->pending.question);
	free(m->pending.toggle);
	memset(&m->pending, 0, sizeof(m->pending));
}

static void
free_list(struct tui_model *m)
{
	if (m->all)
		m->eng->list_free(m->all, m->nall);
	free(m->extra);
	m->all = NULL;
	m->extra = NULL;
	m->nall = 0;
}

void
tui_model_free(struct tui_model *m)
{
	free_list(m);
	free(m->view);
	free(m->filter);
	free(m->root);
	free(m->attach_id);
	tui_model_pending_clear(m);
	for (size_t i = 0; i < m->nfollowups; i++)
		free(m->followups[i].id);
	free(m->followups);
	for (size_t i = 0; i < m->nborn; i++)
		free(m->born[i].id);
	free(m->born);
	for (size_t i = 0; i < m->nhist; i++)
		free(m->hist[i].text);
	free(m->hist);
	memset(m, 0, sizeof(*m));
}

static void
history_add(struct tui_model *m, bool error, const char *text)
{
	if (m->nhist == TUI_HISTORY_MAX) {
		free(m->hist[0].text);
		memmove(m->hist, m->hist + 1,
		    (m->nhist - 1) * sizeof(*m->hist));
		m->nhist--;
	}
	if (m->nhist % 32 == 0)
		m->hist = xrealloc(m->hist, (m->nhist + 32) * sizeof(*m->hist));
	m->hist[m->nhist++] = (struct tui_msg){ .when = now_ns(),
		.error = error,
		.text = xstrdup(text) };
}

void
tui_model_status(struct tui_model *m, bool error, const char *fmt, ...)
{
	_cleanup_free_ char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	va_end(ap);
	/* The history keeps it whole; the status line gets one line. */
	history_add(m, error, text);
	snprintf(m->status, sizeof(m->status), "%s", text);
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

/* ---- cells ---- */

void
tui_duration_text(int64_t secs, char *buf, size_t size)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, size, "%llds", (long long)secs);
	else if (secs < 3600)
		snprintf(buf, size, "%lldm%02llds", (long long)secs / 60,
		    (long long)secs % 60);
	else if (secs < 86400)
		snprintf(buf, size, "%lldh%02lldm", (long long)secs / 3600,
		    (long long)secs / 60 % 60);
	else
		snprintf(buf, size, "%lldd%lldh", (long long)secs / 86400,
		    (long long)secs / 3600 % 24);
}

void
tui_bytes_text(uint64_t n, char *buf, size_t size)
{
	static const char units[] = "BKMGTP";
	double v = (double)n;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%lluB", (unsigned long long)n);
	else
		snprintf(buf, size, v < 10 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

void
tui_status_text(const struct rj_state *st, const struct tui_extra *x, char *buf,
    size_t size)
{
	if (st->status != RJ_STATUS_STOPPED || !x || !x->have_exit) {
		snprintf(buf, size, "%s", rj_status_name(st->status));
		return;
	}
	/* As shells and Docker say it: 128+N for a signal. */
	if (WIFSIGNALED(x->exit_status))
		snprintf(buf, size, "exited (%d)",
		    128 + WTERMSIG(x->exit_status));
	else
		snprintf(buf, size, "exited (%d)", WEXITSTATUS(x->exit_status));
}

static const struct tui_extra *
extra_of(const struct tui_model *m, const struct rj_state *st)
{
	if (st >= m->all && st < m->all + m->nall)
		return &m->extra[st - m->all];
	return NULL;
}

static int64_t
up_since(const struct rj_state *st, const struct tui_extra *x)
{
	if (st->status != RJ_STATUS_RUNNING && st->status != RJ_STATUS_PAUSED)
		return 0;
	return x && x->seen_up ? x->seen_up : st->created;
}

void
tui_cell_text(const struct tui_model *m, const struct rj_state *st,
    enum tui_col col, char *buf, size_t size)
{
	const struct tui_extra *x = extra_of(m, st);
	_cleanup_free_ char *cmd = NULL;
	int64_t since;
	struct tm tm;
	time_t t;

	buf[0] = '\0';
	switch (col) {
	case TC_ID:
		snprintf(buf, size, "%s", st->id ? st->id : "");
		break;
	case TC_STATUS:
		tui_status_text(st, x, buf, size);
		if (x && x->busy && strlen(buf) + 2 < size)
			strcat(buf, " *");
		break;
	case TC_PID:
		if (st->pid > 0)
			snprintf(buf, size, "%ld", (long)st->pid);
		else
			snprintf(buf, size, "-");
		break;
	case TC_UPTIME:
		since = up_since(st, x);
		if (since > 0)
			tui_duration_text((now_ns() - since) / 1000000000, buf,
			    size);
		else
			snprintf(buf, size, "-");
		break;
	case TC_CPU:
		if (x && x->have_stats && st->status != RJ_STATUS_STOPPED)
			snprintf(buf, size, "%.1f", x->cpu_pct);
		else
			snprintf(buf, size, "-");
		break;
	case TC_MEM:
		if (x && x->have_stats && st->status != RJ_STATUS_STOPPED)
			tui_bytes_text(x->mem, buf, size);
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

/* ---- the view ---- */

static bool
matches(const struct tui_model *m, const struct rj_state *st,
    const char *filter)
{
	static const enum tui_col searched[] = { TC_ID, TC_STATUS, TC_BUNDLE,
		TC_COMMAND, TC_PID };
	char buf[1024];

	if (!filter || !*filter)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(searched); i++) {
		tui_cell_text(m, st, searched[i], buf, sizeof(buf));
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
cmp_double(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_rows(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct rj_state *a = &sorting->all[ia], *b = &sorting->all[ib];
	const struct tui_extra *xa = &sorting->extra[ia];
	const struct tui_extra *xb = &sorting->extra[ib];
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
	case TC_UPTIME:
		/* The longest up first when ascending by age. */
		r = cmp_int64(up_since(b, xb), up_since(a, xa));
		break;
	case TC_CPU:
		r = cmp_double(xa->have_stats ? xa->cpu_pct : -1,
		    xb->have_stats ? xb->cpu_pct : -1);
		break;
	case TC_MEM:
		r = cmp_int64(xa->have_stats ? (int64_t)xa->mem : -1,
		    xb->have_stats ? (int64_t)xb->mem : -1);
		break;
	default:
		tui_cell_text(sorting, a, sorting->sort_col, ta, sizeof(ta));
		tui_cell_text(sorting, b, sorting->sort_col, tb, sizeof(tb));
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
		if (matches(m, &m->all[i], m->filter))
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

/* The parts of x that belong to the container rather than to one reading
 * of its state, from old to new (same ID and creation time). */
static void
carry(struct tui_extra *to, const struct tui_extra *from)
{
	uint64_t stamp = to->stamp;

	*to = *from;
	to->stamp = stamp;
}

static void
note_state(struct tui_extra *x, const struct rj_state *st, enum rj_status old,
    bool had_old)
{
	if (st->pid > 0)
		x->last_pid = st->pid;
	/* Up since we saw it start; otherwise since its creation. */
	if (had_old && st->status == RJ_STATUS_RUNNING &&
	    (old == RJ_STATUS_CREATED || old == RJ_STATUS_CREATING) &&
	    !x->seen_up)
		x->seen_up = now_ns();
	if (st->status == RJ_STATUS_STOPPED)
		x->have_stats = false;
}

/* keep: the ID to keep selected.  Takes list and extra. */
static void
set_list(struct tui_model *m, struct rj_state *list, struct tui_extra *extra,
    size_t n, const char *keep)
{
	free_list(m);
	m->all = list;
	m->extra = extra;
	m->nall = n;
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

/* The old entry of id in the (sorted) old list, walking forward from *k. */
static ssize_t
old_index(const struct tui_model *m, const char *id, size_t *k)
{
	int c = 1;

	while (*k < m->nall && (c = strcmp(m->all[*k].id, id)) < 0)
		(*k)++;
	return c == 0 ? (ssize_t)*k : -1;
}

int
tui_model_refresh(struct tui_model *m)
{
	_cleanup_free_ char *keep = selected_id(m);
	struct rj_error *err = NULL;
	struct rj_state *list = NULL;
	struct tui_extra *extra;
	size_t n = 0, k = 0;

	if (m->eng->list(m->root, &list, &n, &err) < 0) {
		rj_error_wrap(&err, "list %s", m->root);
		tui_model_error(m, err);
		return -1;
	}
	/* The poll walks the list and the directory together, by ID. */
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_state_id);
	extra = xcalloc(n ? n : 1, sizeof(*extra));
	for (size_t i = 0; i < n; i++) {
		ssize_t o = old_index(m, list[i].id, &k);

		extra[i].stamp = m->eng->stamp(m->root, list[i].id,
		    list[i].pid);
		if (o >= 0 && m->all[o].created == list[i].created)
			carry(&extra[i], &m->extra[o]);
		note_state(&extra[i], &list[i], o >= 0 ? m->all[o].status : 0,
		    o >= 0);
	}
	set_list(m, list, extra, n, keep);
	return 0;
}

int
tui_model_poll(struct tui_model *m)
{
	_cleanup_strv_ char **ids = NULL;
	_cleanup_free_ char *keep = selected_id(m);
	struct rj_error *err = NULL;
	struct rj_state *list;
	struct tui_extra *extra;
	size_t n = 0, k = 0, got = 0;
	bool changed = false;

	if (m->eng->list_ids(m->root, &ids, &n, &err) < 0) {
		rj_error_wrap(&err, "list %s", m->root);
		tui_model_error(m, err);
		return -1;
	}
	list = xcalloc(n ? n : 1, sizeof(*list));
	extra = xcalloc(n ? n : 1, sizeof(*extra));
	for (size_t i = 0; i < n; i++) {
		size_t before = k;
		ssize_t o = old_index(m, ids[i], &k);

		if (k != before)
			changed = true; /* some are gone */
		if (o >= 0) {
			uint64_t s = m->eng->stamp(m->root, ids[i],
			    m->all[o].pid);

			k++;
			if (s == m->extra[o].stamp) {
				/* Unchanged: move it over as it is. */
				list[got] = m->all[o];
				memset(&m->all[o], 0, sizeof(m->all[o]));
				extra[got++] = m->extra[o];
				continue;
			}
		}
		changed = true;
		if (m->eng->state_get(m->root, ids[i], &list[got], NULL) < 0)
			continue; /* deleted while we looked */
		extra[got].stamp = m->eng->stamp(m->root, ids[i],
		    list[got].pid);
		if (o >= 0 && m->all[o].created == list[got].created)
			carry(&extra[got], &m->extra[o]);
		note_state(&extra[got], &list[got],
		    o >= 0 ? m->all[o].status : 0, o >= 0);
		got++;
	}
	if (k < m->nall)
		changed = true;
	if (!changed) {
		/* Give the entries back; nothing to redraw. */
		for (size_t i = 0; i < got; i++)
			m->all[i] = list[i];
		free(list);
		free(extra);
		return 0;
	}
	set_list(m, list, extra, got, keep);
	return 1;
}

static bool
read_stats(struct tui_model *m, size_t i, int64_t now)
{
	struct tui_extra *x = &m->extra[i];
	struct rj_stats s;

	if (m->all[i].status != RJ_STATUS_RUNNING &&
	    m->all[i].status != RJ_STATUS_PAUSED)
		return false;
	memset(&s, 0, sizeof(s));
	if (m->eng->stats(m->root, m->all[i].id, &s, NULL) < 0) {
		x->have_stats = false;
		return true;
	}
	if (s.have & RJ_STATS_CPU) {
		/* CPU time over wall time since the last reading. */
		if (x->cpu_at && now > x->cpu_at && s.cpu.total >= x->cpu_ns)
			x->cpu_pct = 100.0 * (double)(s.cpu.total - x->cpu_ns) /
			    (double)(now - x->cpu_at);
		x->cpu_ns = s.cpu.total;
		x->cpu_at = now;
	}
	if (s.have & RJ_STATS_MEMORY) {
		x->mem = s.memory.usage;
		x->mem_max = s.memory.limit == RJ_STATS_UNLIMITED
		    ? 0
		    : s.memory.limit;
	}
	x->have_stats = (s.have & (RJ_STATS_CPU | RJ_STATS_MEMORY)) != 0;
	m->eng->stats_clear(&s);
	return true;
}

void
tui_model_stats(struct tui_model *m, size_t from, size_t to, int64_t now)
{
	bool changed = false;

	if (to > m->nview)
		to = m->nview;
	for (size_t v = from; v < to; v++)
		changed |= read_stats(m, m->view[v], now);
	/* The selection, for the detail pane, even when scrolled away. */
	if (m->nview && (m->sel < from || m->sel >= to))
		changed |= read_stats(m, m->view[m->sel], now);
	if (changed)
		m->generation++;
}

/* ---- selection and marks ---- */

const struct rj_state *
tui_model_selected(const struct tui_model *m)
{
	if (m->nview == 0 || m->sel >= m->nview)
		return NULL;
	return &m->all[m->view[m->sel]];
}

static ssize_t
index_of(const struct tui_model *m, const char *id)
{
	size_t lo = 0, hi = m->nall;

	/* all is sorted by ID. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->all[mid].id, id);

		if (c == 0)
			return (ssize_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct tui_extra *
tui_model_extra(const struct tui_model *m, const char *id)
{
	ssize_t i = index_of(m, id);

	return i >= 0 ? &m->extra[i] : NULL;
}

static unsigned
state_bits(const struct tui_model *m, const struct rj_state *st)
{
	unsigned bit = tui_state_bit(st != NULL,
	    st ? st->status : RJ_STATUS_STOPPED);

	if (st && m->has_console && m->has_console(m->console_arg, st->id))
		bit |= TS_CONSOLE;
	return bit;
}

unsigned
tui_model_state_bit(const struct tui_model *m)
{
	return state_bits(m, tui_model_selected(m));
}

unsigned
tui_model_hint_bits(const struct tui_model *m)
{
	unsigned bits = tui_model_state_bit(m);

	for (size_t i = 0; i < m->nall; i++)
		if (m->extra[i].marked)
			bits |= state_bits(m, &m->all[i]);
	return bits;
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

size_t
tui_model_nmarked(const struct tui_model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nall; i++)
		n += m->extra[i].marked;
	return n;
}

static void
clear_marks(struct tui_model *m)
{
	for (size_t i = 0; i < m->nall; i++)
		m->extra[i].marked = false;
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

char **
tui_model_bundle_users(const struct tui_model *m, const char *bundle,
    bool active_only)
{
	char real[PATH_MAX];
	char **v = NULL;
	size_t n = 0;

	if (!realpath(bundle, real))
		snprintf(real, sizeof(real), "%s", bundle);
	for (size_t i = 0; i < m->nall; i++) {
		const struct rj_state *st = &m->all[i];
		size_t len = strlen(real);

		if (active_only && st->status == RJ_STATUS_STOPPED)
			continue;
		/* The bundle itself, or a root filesystem inside it. */
		if (strcmp(st->bundle ? st->bundle : "", real) != 0 &&
		    !(st->rootfs && strncmp(st->rootfs, real, len) == 0 &&
			st->rootfs[len] == '/'))
			continue;
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = xstrdup(st->id);
		v[n] = NULL;
	}
	return v;
}

/* ---- requests ---- */

void
tui_req_free(struct tui_req *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->bundle);
	free(r->console);
	free(r->error);
	free(r);
}

static int
req_fail(struct tui_req *r, struct rj_error *err)
{
	r->error = xstrdup(err && err->msg ? err->msg : "failed");
	rj_error_free(err);
	return -1;
}

static int
req_create(const struct tui_engine *eng, const char *root, struct tui_req *r,
    struct rj_error **err)
{
	struct rj_create_opts o = {
		.bundle = r->bundle,
		.console_socket = r->console,
		/* With a terminal, runj-tui holds the output itself. */
		.log_to_state = r->console == NULL,
		.log_max = r->log_max,
	};
	struct rj_state st;

	if (eng->create(root, r->id, &o, err) < 0)
		return -1;
	if (eng->state_get(root, r->id, &st, NULL) == 0) {
		r->pid = st.pid;
		rj_state_clear(&st);
	}
	return 0;
}

int
tui_req_exec(const struct tui_engine *eng, const char *root, struct tui_req *r)
{
	struct rj_error *err = NULL;
	int rc = 0;

	switch (r->op) {
	case TOP_CREATE:
		rc = req_create(eng, root, r, &err);
		break;
	case TOP_START:
		rc = eng->start(root, r->id, &err);
		break;
	case TOP_KILL:
		rc = eng->kill(root, r->id, r->sig, r->all, &err);
		break;
	case TOP_DELETE:
		rc = eng->delete (root, r->id, r->force, &err);
		if (rc == 0 && r->remove_bundle && r->bundle && *r->bundle &&
		    strcmp(r->bundle, "/") != 0 &&
		    (rc = rm_rf(r->bundle, &err)) < 0)
			rj_error_wrap(&err, "%s deleted, but not its bundle",
			    r->id);
		break;
	case TOP_PAUSE:
	case TOP_RESUME:
		rc = eng->pause(root, r->id, r->op == TOP_PAUSE, &err);
		break;
	case TOP_RESTART:
		/* The old one goes only when a new one can be made. */
		if ((rc = eng->validate(r->bundle, &err)) == 0 &&
		    (rc = eng->delete (root, r->id, false, &err)) == 0 &&
		    (rc = req_create(eng, root, r, &err)) == 0)
			rc = eng->start(root, r->id, &err);
		break;
	}
	return rc < 0 ? req_fail(r, err) : 0;
}

static void
inline_submit(struct tui_runner *run, struct tui_model *m, struct tui_req *r)
{
	(void)run;
	tui_req_exec(m->eng, m->root, r);
	tui_model_done(m, r);
}

struct tui_runner tui_runner_inline = { .submit = inline_submit };

static void
submit(struct tui_model *m, struct tui_req *r)
{
	struct tui_extra *x = tui_model_extra(m, r->id);

	if (x) {
		x->busy = true;
		m->generation++;
	}
	m->run->submit(m->run, m, r);
}

static struct tui_req *
req_new(enum tui_op op, const char *id)
{
	struct tui_req *r = xcalloc(1, sizeof(*r));

	r->op = op;
	r->id = xstrdup(id);
	return r;
}

static char *
console_for(struct tui_model *m, const char *id, const char *bundle)
{
	return m->console_for && bundle
	    ? m->console_for(m->console_arg, id, bundle)
	    : NULL;
}

void
tui_model_create(struct tui_model *m, const char *id, const char *bundle)
{
	struct rj_error *err = NULL;
	struct tui_req *r;

	if (rj_id_check(id, &err) < 0) {
		rj_error_wrap(&err, "create %s", id);
		tui_model_error(m, err);
		return;
	}
	r = req_new(TOP_CREATE, id);

	r->bundle = xstrdup(bundle);
	r->console = console_for(m, id, bundle);
	r->log_max = m->log_max;
	tui_model_status(m, false, "creating %s...", id);
	submit(m, r);
}

static void
followup_add(struct tui_model *m, const char *id, int64_t created)
{
	m->followups = xrealloc(m->followups,
	    (m->nfollowups + 1) * sizeof(*m->followups));
	m->followups[m->nfollowups++] = (struct tui_followup){
		.id = xstrdup(id),
		.created = created,
		.due = now_ns() + (int64_t)m->kill_wait_s * 1000000000,
	};
}

static void
followup_drop(struct tui_model *m, const char *id)
{
	for (size_t i = 0; i < m->nfollowups;) {
		if (strcmp(m->followups[i].id, id) != 0) {
			i++;
			continue;
		}
		free(m->followups[i].id);
		m->followups[i] = m->followups[--m->nfollowups];
	}
}

/* What the user reads about a failed request: the engine's error, with
 * the verb and ID in front unless it names the container already. */
static void
report_error(struct tui_model *m, const struct tui_req *r)
{
	if (strstr(r->error, r->id))
		tui_model_status(m, true, "%s: %s", op_words[r->op].verb,
		    r->error);
	else
		tui_model_status(m, true, "%s %s: %s", op_words[r->op].verb,
		    r->id, r->error);
}

static void
born_add(struct tui_model *m, pid_t pid, const char *id)
{
	if (pid <= 0)
		return;
	if (m->nborn == BORN_MAX) {
		free(m->born[0].id);
		memmove(m->born, m->born + 1,
		    (m->nborn - 1) * sizeof(*m->born));
		m->nborn--;
	}
	m->born = xrealloc(m->born, (m->nborn + 1) * sizeof(*m->born));
	m->born[m->nborn].pid = pid;
	m->born[m->nborn++].id = xstrdup(id);
}

static void
report_done(struct tui_model *m, const struct tui_req *r)
{
	const char *sig;

	switch (r->op) {
	case TOP_CREATE:
		tui_model_status(m, false, "created %s from %s (s starts it)",
		    r->id, r->bundle);
		break;
	case TOP_KILL:
		sig = rj_signal_name(r->sig);
		tui_model_status(m, false, "sent SIG%s to %s%s",
		    sig ? sig : "?", r->id, r->all ? " (all processes)" : "");
		break;
	case TOP_DELETE:
		tui_model_status(m, false, "deleted %s%s", r->id,
		    r->remove_bundle ? " and its bundle" : "");
		break;
	default:
		tui_model_status(m, false, "%s %s", op_words[r->op].did, r->id);
		break;
	}
}

void
tui_model_done(struct tui_model *m, struct tui_req *r)
{
	struct tui_batch *b = r->batch;
	struct tui_extra *x;

	if (r->pid > 0)
		born_add(m, r->pid, r->id);
	if (r->error && r->op == TOP_KILL)
		followup_drop(m, r->id);
	if (r->error)
		report_error(m, r);
	else if (!b)
		report_done(m, r);
	/* Read it again even if its state file did not change (a pause
	 * does not write one). */
	if ((x = tui_model_extra(m, r->id)))
		x->stamp = 0;
	tui_model_poll(m);
	if ((x = tui_model_extra(m, r->id)))
		x->busy = false;
	if (!r->error && (r->op == TOP_CREATE || r->op == TOP_RESTART))
		tui_model_select_id(m, r->id);
	/* A terminal of a container just started: the UI attaches. */
	if (!r->error && !b && (r->op == TOP_START || r->op == TOP_RESTART) &&
	    m->has_console && m->has_console(m->console_arg, r->id)) {
		free(m->attach_id);
		m->attach_id = xstrdup(r->id);
	}
	if (b) {
		b->done++;
		b->failed += r->error != NULL;
		if (b->done == b->total) {
			if (b->failed == 0)
				tui_model_status(m, false, "%s %zu container%s",
				    op_words[b->op].did, b->total,
				    b->total == 1 ? "" : "s");
			else
				tui_model_status(m, true,
				    "%s %zu of %zu containers; %zu failed "
				    "(h shows why)",
				    op_words[b->op].did, b->total - b->failed,
				    b->total, b->failed);
			free(b);
		}
	}
	m->generation++;
	tui_req_free(r);
}

void
tui_model_reaped(struct tui_model *m, pid_t pid, int status)
{
	const char *id = NULL;

	for (size_t i = 0; i < m->nall && !id; i++)
		if (m->extra[i].last_pid == pid || m->all[i].pid == pid)
			id = m->all[i].id;
	for (size_t i = 0; i < m->nborn && !id; i++)
		if (m->born[i].pid == pid)
			id = m->born[i].id;
	if (!id)
		return;
	struct tui_extra *x = tui_model_extra(m, id);
	if (!x) {
		/* Not listed yet: the next poll finds it stopped. */
		tui_model_poll(m);
		x = tui_model_extra(m, id);
	}
	if (x) {
		x->have_exit = true;
		x->exit_status = status;
		x->last_pid = pid;
		m->generation++;
	}
}

/* ---- actions ---- */

/* The containers an action is for: the marked ones it applies to, or the
 * selected one.  NULL (with a note in the status line) when none. */
static char **
targets(struct tui_model *m, const struct tui_key *k)
{
	const struct rj_state *st = tui_model_selected(m);
	char **v = NULL;
	size_t n = 0, skipped = 0;

	if (k->action == TA_PRUNE) {
		for (size_t i = 0; i < m->nall; i++) {
			if (m->all[i].status != RJ_STATUS_STOPPED)
				continue;
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = xstrdup(m->all[i].id);
			v[n] = NULL;
		}
		if (!v)
			tui_model_status(m, false,
			    "nothing to prune: no stopped container");
		return v;
	}
	if (k->marked && tui_model_nmarked(m) > 0) {
		for (size_t vi = 0; vi < m->nview; vi++) {
			size_t i = m->view[vi];

			if (!m->extra[i].marked)
				continue;
			if (!tui_key_applies(k, state_bits(m, &m->all[i]))) {
				skipped++;
				continue;
			}
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = xstrdup(m->all[i].id);
			v[n] = NULL;
		}
		if (!v)
			tui_model_status(m, true,
			    "%s: not possible for any of the %zu marked "
			    "containers",
			    k->label, skipped);
		return v;
	}
	if (!tui_key_applies(k, state_bits(m, st))) {
		if (st)
			tui_model_status(m, true,
			    "%s: not possible for %s container %s", k->label,
			    rj_status_name(st->status), st->id);
		else
			tui_model_status(m, true, "%s: no container selected",
			    k->label);
		return NULL;
	}
	if (!st)
		return xcalloc(1, sizeof(char *)); /* applies without one */
	v = xcalloc(2, sizeof(*v));
	v[0] = xstrdup(st->id);
	return v;
}

/* "t1", "t1 and t2", "t1, t2, t3 and 4 more" */
static char *
names_text(char *const *ids)
{
	size_t n = strv_len(ids), shown = n <= 4 ? n : 3;
	char *r = xstrdup(""), *t;

	for (size_t i = 0; i < shown; i++) {
		const char *sep = i == 0	   ? ""
		    : i + 1 == shown && shown == n ? " and "
						   : ", ";

		t = xasprintf("%s%s%s", r, sep, ids[i]);
		free(r);
		r = t;
	}
	if (shown < n) {
		t = xasprintf("%s and %zu more", r, n - shown);
		free(r);
		r = t;
	}
	return r;
}

static size_t
count_active(const struct tui_model *m, char *const *ids)
{
	size_t n = 0;

	for (size_t i = 0; ids[i]; i++) {
		ssize_t k = index_of(m, ids[i]);

		if (k >= 0 && m->all[k].status != RJ_STATUS_STOPPED &&
		    m->all[k].status != RJ_STATUS_CREATED)
			n++;
	}
	return n;
}

static void
ask(struct tui_model *m, enum tui_action a, char **ids)
{
	size_t n = strv_len(ids), active = count_active(m, ids);
	_cleanup_free_ char *names = names_text(ids);
	ssize_t k = index_of(m, ids[0]);
	const struct rj_state *st = k >= 0 ? &m->all[k] : NULL;

	tui_model_pending_clear(m);
	m->pending.action = a;
	m->pending.ids = ids;
	switch (a) {
	case TA_DELETE:
		m->pending.force = active > 0;
		if (n == 1 && st)
			m->pending.question =
			    xasprintf("Delete %s container %s%s?",
				rj_status_name(st->status), st->id,
				active ? " (forced: it is killed first)" : "");
		else
			m->pending.question =
			    xasprintf("Delete %zu containers (%s)%s?", n, names,
				active ? " (running ones are killed first)"
				       : "");
		/* The bundle too, when nothing else uses it. */
		if (n == 1 && st && st->bundle && *st->bundle &&
		    strcmp(st->bundle, "/") != 0) {
			_cleanup_strv_ char **users = tui_model_bundle_users(m,
			    st->bundle, false);

			if (strv_len(users) == 1)
				m->pending.toggle =
				    xasprintf("also remove its bundle %s",
					st->bundle);
		}
		break;
	case TA_PRUNE:
		m->pending.question =
		    xasprintf("Delete the %zu stopped container%s (%s)?", n,
			n == 1 ? "" : "s", names);
		break;
	case TA_RESTART:
		m->pending.question = xasprintf("Restart %s: delete it, then "
						"create and start it again "
						"from %s?",
		    names, st && st->bundle ? st->bundle : "its bundle");
		break;
	default:
		m->pending.question = xasprintf("%s %s?",
		    tui_key_for_action(&tui_keys_list, a)->label, names);
		break;
	}
}

static enum tui_op
op_of(enum tui_action a)
{
	switch (a) {
	case TA_START:
		return TOP_START;
	case TA_PAUSE:
		return TOP_PAUSE;
	case TA_RESUME:
		return TOP_RESUME;
	case TA_RESTART:
		return TOP_RESTART;
	case TA_KILL:
	case TA_SIGKILL:
		return TOP_KILL;
	default:
		return TOP_DELETE;
	}
}

/* One request per container, counted together when there are several. */
static void
run_all(struct tui_model *m, enum tui_action a, char *const *ids, int sig,
    bool all_procs, bool toggled)
{
	size_t n = strv_len(ids);
	struct tui_batch *b = NULL;
	enum tui_op op = op_of(a);

	if (n == 0)
		return;
	if (n > 1) {
		/* Counted up front, so a runner that finishes at once does
		 * not end the batch after the first one. */
		b = xcalloc(1, sizeof(*b));
		b->op = op;
		b->total = n;
		tui_model_status(m, false, "%s %zu containers...",
		    op_words[op].doing, n);
	} else {
		tui_model_status(m, false, "%s %s...", op_words[op].doing,
		    ids[0]);
	}
	for (size_t i = 0; ids[i]; i++) {
		ssize_t k = index_of(m, ids[i]);
		const struct rj_state *st = k >= 0 ? &m->all[k] : NULL;
		struct tui_req *r = req_new(op, ids[i]);

		r->batch = b;
		r->sig = sig;
		r->all = all_procs;
		if (st) {
			r->force = st->status != RJ_STATUS_STOPPED &&
			    st->status != RJ_STATUS_CREATED;
			r->bundle = st->bundle ? xstrdup(st->bundle) : NULL;
		}
		r->remove_bundle = op == TOP_DELETE && toggled;
		if (op == TOP_RESTART)
			r->console = console_for(m, ids[i], r->bundle);
		r->log_max = m->log_max;
		if (op == TOP_KILL && sig != SIGKILL && st &&
		    m->kill_wait_s > 0)
			followup_add(m, ids[i], st->created);
		submit(m, r);
	}
}

enum tui_action
tui_model_action(struct tui_model *m, enum tui_action a)
{
	const struct tui_key *k = tui_key_for_action(&tui_keys_list, a);
	char **ids;

	if (!k)
		return TA_NONE;
	/* What needs no container at all. */
	switch (a) {
	case TA_ESCAPE:
		if (m->filter) {
			tui_model_set_filter(m, NULL);
			tui_model_status(m, false, "filter cleared");
			return TA_NONE;
		}
		if (tui_model_nmarked(m)) {
			clear_marks(m);
			tui_model_status(m, false, "marks cleared");
			return TA_NONE;
		}
		return TA_ESCAPE;
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
	case TA_DETAIL:
		m->detail = !m->detail;
		m->generation++;
		return TA_NONE;
	case TA_MARK_ALL: {
		bool all = m->nview > 0;

		for (size_t v = 0; v < m->nview; v++)
			all = all && m->extra[m->view[v]].marked;
		for (size_t v = 0; v < m->nview; v++)
			m->extra[m->view[v]].marked = !all;
		tui_model_status(m, false, "%zu marked", tui_model_nmarked(m));
		return TA_NONE;
	}
	default:
		break;
	}
	if (!(ids = targets(m, k)))
		return TA_NONE;
	switch (a) {
	case TA_MARK: {
		struct tui_extra *x = &m->extra[m->view[m->sel]];

		x->marked = !x->marked;
		tui_model_move(m, 1);
		tui_model_status(m, false, "%zu marked (Esc clears)",
		    tui_model_nmarked(m));
		strv_free(ids);
		return TA_NONE;
	}
	case TA_START:
	case TA_PAUSE:
	case TA_RESUME:
	case TA_DELETE:
	case TA_PRUNE:
	case TA_RESTART:
		if (k->confirm) {
			ask(m, a, ids);
			return a;
		}
		run_all(m, a, ids, 0, false, false);
		strv_free(ids);
		return TA_NONE;
	case TA_KILL:
		tui_model_pending_clear(m);
		m->pending.action = TA_KILL;
		m->pending.ids = ids;
		return TA_KILL;
	default:
		/* Dialogs, forms and screens: the UI's job. */
		strv_free(ids);
		return a;
	}
}

enum tui_action
tui_model_key(struct tui_model *m, int key)
{
	const struct tui_key *k = tui_key_find(&tui_keys_list, key,
	    tui_model_state_bit(m));

	if (!k)
		return TA_NONE;
	return tui_model_action(m, k->action);
}

void
tui_model_confirm(struct tui_model *m, bool yes)
{
	enum tui_action a = m->pending.action;
	_cleanup_strv_ char **ids = steal_ptr(m->pending.ids);
	bool toggled = m->pending.toggled && m->pending.toggle;

	if (a == TA_NONE)
		return;
	tui_model_pending_clear(m);
	if (!yes) {
		tui_model_status(m, false, "cancelled");
		return;
	}
	if (a == TA_SIGKILL)
		run_all(m, TA_SIGKILL, ids, SIGKILL, true, false);
	else
		run_all(m, a, ids, 0, false, toggled);
}

void
tui_model_kill(struct tui_model *m, int sig, bool all)
{
	_cleanup_strv_ char **ids = NULL;

	if (m->pending.action != TA_KILL)
		return;
	ids = steal_ptr(m->pending.ids);
	tui_model_pending_clear(m);
	if (sig == 0) {
		tui_model_status(m, false, "cancelled");
		return;
	}
	run_all(m, TA_KILL, ids, sig, all, false);
}

bool
tui_model_tick(struct tui_model *m, int64_t now)
{
	char **ids = NULL;
	size_t n = 0;

	for (size_t i = 0; i < m->nfollowups;) {
		struct tui_followup *f = &m->followups[i];
		ssize_t k;

		if (f->due > now) {
			i++;
			continue;
		}
		k = index_of(m, f->id);
		if (k >= 0 && m->all[k].created == f->created &&
		    (m->all[k].status == RJ_STATUS_RUNNING ||
			m->all[k].status == RJ_STATUS_PAUSED)) {
			ids = xrealloc(ids, (n + 2) * sizeof(*ids));
			ids[n++] = xstrdup(f->id);
			ids[n] = NULL;
		}
		free(f->id);
		*f = m->followups[--m->nfollowups];
	}
	if (!ids)
		return false;
	if (m->pending.action != TA_NONE) {
		/* Busy with another question: ask again a bit later. */
		for (size_t i = 0; ids[i]; i++) {
			ssize_t k = index_of(m, ids[i]);

			followup_add(m, ids[i], k >= 0 ? m->all[k].created : 0);
			m->followups[m->nfollowups - 1].due = now + 1000000000;
		}
		strv_free(ids);
		return false;
	}
	_cleanup_free_ char *names = names_text(ids);
	tui_model_pending_clear(m);
	m->pending.action = TA_SIGKILL;
	m->pending.ids = ids;
	m->pending.question = xasprintf("%s %s still running %d s after the "
					"signal: send SIGKILL?",
	    names, n == 1 ? "is" : "are", m->kill_wait_s);
	return true;
}
