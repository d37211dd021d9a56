/* events.c: a live view of `runj events`: the resource use of a running
 * container, one line a second, with the CPU worked out between two
 * reports.  runj events runs as a child; its JSON lines come on a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

#define EVENTS_KEEP 2000 /* lines */

struct events {
	pid_t pid;
	int fd;
	char buf[65536];
	size_t blen;
	char **lines;
	size_t n;
	bool changed, ended;
	uint64_t cpu_ns;
	int64_t cpu_at;
};

static void
add_line(struct events *e, char *line)
{
	if (e->n == EVENTS_KEEP) {
		free(e->lines[0]);
		memmove(e->lines, e->lines + 1, (e->n - 1) * sizeof(*e->lines));
		e->n--;
	}
	e->lines = xrealloc(e->lines, (e->n + 1) * sizeof(*e->lines));
	e->lines[e->n++] = line;
	e->changed = true;
}

static uint64_t
num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(json_object_get(o, a), b);
	double d = json_is_number(v) ? json_number_value(v) : 0;

	return d > 0 && d < 18446744073709551615.0 ? (uint64_t)d : 0;
}

/* One event as a line: "11:23:07  cpu 12.3%  mem 1.2M/64M  pids 3". */
static char *
summary(struct events *e, const char *text)
{
	/* As reals: runc writes "no limit" as 2^64-1, past jansson's
	 * integers. */
	json_t *j = json_loads(text, JSON_DECODE_INT_AS_REAL, NULL), *d;
	char when[16], mem[16], lim[16];
	time_t t = time(NULL);
	struct tm tm;
	int64_t now = now_ns();
	double cpu = -1;
	char *r;

	if (!j)
		return xstrdup(text);
	d = json_object_get(j, "data");
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	uint64_t total = num(json_object_get(d, "cpu"), "usage", "total");
	if (e->cpu_at && total >= e->cpu_ns && now > e->cpu_at)
		cpu = 100.0 * (double)(total - e->cpu_ns) /
		    (double)(now - e->cpu_at);
	e->cpu_ns = total;
	e->cpu_at = now;
	json_t *memo = json_object_get(d, "memory");
	tui_bytes_text(num(memo, "usage", "usage"), mem, sizeof(mem));
	uint64_t l = num(memo, "usage", "limit");
	tui_bytes_text(l, lim, sizeof(lim));
	json_t *type = json_object_get(j, "type");
	if (json_is_string(type) && strcmp(json_string_value(type), "stats")) {
		r = xasprintf("%s  %s event", when, json_string_value(type));
	} else if (cpu >= 0) {
		r = xasprintf("%s  cpu %5.1f%%  memory %s%s%s  pids %llu", when,
		    cpu, mem, l && l < (1ULL << 62) ? " of " : "",
		    l && l < (1ULL << 62) ? lim : "",
		    (unsigned long long)num(d, "pids", "current"));
	} else {
		r = xasprintf("%s  cpu    -    memory %s  pids %llu", when, mem,
		    (unsigned long long)num(d, "pids", "current"));
	}
	json_decref(j);
	return r;
}

static void
drain(struct events *e)
{
	for (;;) {
		ssize_t r;
		char *nl;

		if (e->blen == sizeof(e->buf) - 1)
			e->blen = 0; /* a line longer than that: dropped */
		r = read(e->fd, e->buf + e->blen, sizeof(e->buf) - 1 - e->blen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return;
		if (r == 0) {
			if (!e->ended)
				add_line(e,
				    xstrdup("(runj events ended: the "
					    "container stopped)"));
			e->ended = true;
			return;
		}
		e->blen += (size_t)r;
		while ((nl = memchr(e->buf, '\n', e->blen))) {
			*nl = '\0';
			add_line(e, summary(e, e->buf));
			e->blen -= (size_t)(nl + 1 - e->buf);
			memmove(e->buf, nl + 1, e->blen);
		}
	}
}

static char *
reload(void *arg)
{
	struct events *e = arg;

	if (!e->ended)
		drain(e);
	if (!e->changed)
		return NULL;
	e->changed = false;
	size_t len = 1;
	for (size_t i = 0; i < e->n; i++)
		len += strlen(e->lines[i]) + 1;
	char *text = xmalloc(len), *p = text;
	for (size_t i = 0; i < e->n; i++)
		p += sprintf(p, "%s\n", e->lines[i]);
	*p = '\0';
	return text;
}

void
ui_events(struct tui_ui *ui, const char *id)
{
	_cleanup_free_ char *runj = ui_runj_path(ui), *title = NULL;
	struct events e = { .fd = -1 };
	struct ui_pager_opts o = { .reload = reload,
		.arg = &e,
		.caps = PG_FOLLOW,
		.follow = true };
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0 || (e.pid = fork()) < 0) {
		tui_model_status(ui->m, true, "events %s: %s", id,
		    strerror(errno));
		return;
	}
	if (e.pid == 0) {
		int null = open("/dev/null", O_RDWR);

		setpgid(0, 0);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		dup2(null, 0);
		dup2(p[1], 1);
		dup2(null, 2);
		execl(runj, runj, "--root", ui->m->root, "events", "--interval",
		    "1s", id, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	e.fd = p[0];
	fcntl(e.fd, F_SETFL, O_NONBLOCK);
	title = xasprintf("events %s  (runj events --interval 1s)", id);
	o.title = title;
	add_line(&e, xasprintf("waiting for the first report of %s...", id));
	ui_pager(ui, &o, reload(&e));
	kill(e.pid, SIGTERM);
	close(e.fd);
	for (size_t i = 0; i < e.n; i++)
		free(e.lines[i]);
	free(e.lines);
}
