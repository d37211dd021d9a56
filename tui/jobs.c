/* jobs.c: child processes for the work that must not hold up the UI. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobs.h"
#include "runjutil.h"

#define ENGINE_JOBS_MAX 4
#define CANCEL_GRACE_NS (15 * 1000000000LL)
#define OUTPUT_MAX	(256 * 1024)

static struct tui_job *jobs;

/* ---- in the child ---- */

static int child_fd = -1;
static volatile sig_atomic_t child_cancelled;

static void
child_line(char tag, const char *text)
{
	size_t n = strlen(text);
	_cleanup_free_ char *line = xmalloc(n + 3);

	line[0] = tag;
	line[1] = ' ';
	memcpy(line + 2, text, n);
	for (size_t i = 2; i < n + 2; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[n + 2] = '\n';
	/* One write: a line never mixes with another. */
	write_all(child_fd, line, n + 3);
}

bool
tui_job_progress(void *arg, const struct rjd_progress *p)
{
	char line[256];

	(void)arg;
	if (child_cancelled)
		return false;
	snprintf(line, sizeof(line), "%llu %llu %.0f %s",
	    (unsigned long long)p->done, (unsigned long long)p->total, p->rate,
	    p->phase ? p->phase : "working");
	child_line('P', line);
	return !child_cancelled;
}

void
tui_job_say(const char *fmt, ...)
{
	_cleanup_free_ char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	va_end(ap);
	child_line('O', text);
}

static void
child_sink(void *arg, enum rj_msg_level level, const char *msg)
{
	(void)arg;
	child_line(level == RJ_MSG_WARNING ? 'W' : 'I', msg);
}

static void
on_term(int sig)
{
	(void)sig;
	child_cancelled = 1;
}

static void
child_main(int fd, bool cancellable, tui_job_fn fn, void *arg)
{
	static const int deflt[] = { SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGWINCH,
		SIGTSTP, SIGTTIN, SIGTTOU };
	struct sigaction sa = { .sa_handler = SIG_DFL };
	struct rj_error *err = NULL;
	sigset_t none;
	int null;

	/* Its own process group: a ^C on the terminal is for the UI, not
	 * for a half-made container. */
	setpgid(0, 0);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(deflt); i++)
		sigaction(deflt[i], &sa, NULL);
	sa.sa_handler = cancellable ? on_term : SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Nothing may reach the terminal curses draws on. */
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	if (fd != 3) {
		dup2(fd, 3);
		fd = 3;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	close_range(4, ~0U, 0);
	child_fd = fd;
	rj_set_msg_sink(child_sink, NULL, RJ_MSG_INFO);
	if (fn(arg, &err) < 0) {
		child_line('E', err && err->msg ? err->msg : "failed");
		_exit(1);
	}
	child_line('R', "");
	_exit(0);
}

/* ---- in the UI ---- */

struct tui_job *
tui_job_start(const char *title, tui_job_fn fn, void *arg, bool cancellable,
    void (*on_done)(struct tui_job *, void *), void *darg)
{
	struct tui_job *j = xcalloc(1, sizeof(*j)), **tail;
	int p[2];

	j->title = xstrdup(title);
	j->cancellable = cancellable;
	j->on_done = on_done;
	j->arg = darg;
	j->started = now_ns();
	j->fd = -1;
	if (pipe2(p, O_CLOEXEC) < 0) {
		j->finished = j->exited = true;
		j->error = xasprintf("%s: pipe: %s", title, strerror(errno));
	} else if ((j->pid = fork()) < 0) {
		j->finished = j->exited = true;
		j->error = xasprintf("%s: fork: %s", title, strerror(errno));
		close(p[0]);
		close(p[1]);
	} else if (j->pid == 0) {
		close(p[0]);
		child_main(p[1], cancellable, fn, arg);
	} else {
		close(p[1]);
		j->fd = p[0];
		fcntl(j->fd, F_SETFL, O_NONBLOCK);
	}
	/* Even a job that failed to start ends through on_done. */
	for (tail = &jobs; *tail; tail = &(*tail)->next)
		;
	*tail = j;
	return j;
}

static void
append_output(struct tui_job *j, const char *text)
{
	size_t have = j->output ? strlen(j->output) : 0, n = strlen(text);

	if (have + n + 2 > OUTPUT_MAX)
		return;
	j->output = xrealloc(j->output, have + n + 2);
	memcpy(j->output + have, text, n);
	j->output[have + n] = '\n';
	j->output[have + n + 1] = '\0';
}

static void
parse_line(struct tui_job *j, char *line)
{
	char tag = line[0];
	char *text = line[0] && line[1] ? line + 2 : line + strlen(line);
	unsigned long long done, total;
	double rate;
	int off = 0;

	switch (tag) {
	case 'P':
		if (sscanf(text, "%llu %llu %lf %n", &done, &total, &rate,
			&off) >= 3 &&
		    off > 0) {
			j->done = done;
			j->total = total;
			j->rate = rate;
			snprintf(j->phase, sizeof(j->phase), "%s", text + off);
			j->have_progress = true;
		}
		break;
	case 'O':
		append_output(j, text);
		break;
	case 'W':
	case 'I': {
		/* Engine messages: the output says them, marked. */
		_cleanup_free_ char *m = xasprintf("%s: %s",
		    tag == 'W' ? "warning" : "note", text);
		append_output(j, m);
		break;
	}
	case 'E':
		free(j->error);
		j->error = xstrdup(text);
		j->finished = true;
		break;
	case 'R':
		j->finished = true;
		break;
	default:
		break;
	}
}

/* Reads what is there; false at EOF or on an error. */
static bool
drain(struct tui_job *j)
{
	for (;;) {
		ssize_t r;
		char *nl;

		if (j->blen == sizeof(j->buf) - 1) {
			/* A line longer than the buffer: cut it. */
			j->buf[j->blen] = '\0';
			parse_line(j, j->buf);
			j->blen = 0;
		}
		r = read(j->fd, j->buf + j->blen, sizeof(j->buf) - 1 - j->blen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (r <= 0)
			return false;
		j->blen += (size_t)r;
		while ((nl = memchr(j->buf, '\n', j->blen))) {
			*nl = '\0';
			parse_line(j, j->buf);
			j->blen -= (size_t)(nl + 1 - j->buf);
			memmove(j->buf, nl + 1, j->blen);
		}
	}
}

size_t
tui_jobs_pollfds(struct pollfd *p, size_t max)
{
	size_t n = 0;

	for (struct tui_job *j = jobs; j && n < max; j = j->next)
		if (j->fd >= 0)
			p[n++] = (struct pollfd){ .fd = j->fd,
				.events = POLLIN };
	return n;
}

static void
job_free(struct tui_job *j)
{
	if (j->fd >= 0)
		close(j->fd);
	free(j->title);
	free(j->error);
	free(j->output);
	free(j);
}

bool
tui_jobs_service(void)
{
	bool changed = false;
	struct tui_job **pp = &jobs;
	int64_t now = now_ns();

	while (*pp) {
		struct tui_job *j = *pp;
		bool had = j->have_progress;
		uint64_t done = j->done;

		if (j->fd >= 0 && !drain(j)) {
			close(j->fd);
			j->fd = -1;
		}
		changed |= j->have_progress != had || j->done != done;
		/* Cancelled and deaf to it: stop it for good. */
		if (j->cancelled && !j->finished && !j->exited &&
		    now - j->cancel_at > CANCEL_GRACE_NS) {
			kill(j->pid, SIGKILL);
			j->cancel_at = now;
		}
		/* Done when it said so (a container it made may hold the
		 * pipe open for a while), or when it is gone and silent. */
		if (!j->finished && (j->fd >= 0 || !j->exited)) {
			pp = &j->next;
			continue;
		}
		if (!j->finished && !j->error)
			j->error = xstrdup(j->cancelled
				? "cancelled"
				: "ended without a word "
				  "(killed?)");
		*pp = j->next;
		if (j->on_done)
			j->on_done(j, j->arg);
		job_free(j);
		changed = true;
	}
	return changed;
}

bool
tui_jobs_reaped(pid_t pid, int status)
{
	(void)status;
	for (struct tui_job *j = jobs; j; j = j->next) {
		if (j->pid == pid) {
			j->exited = true;
			return true;
		}
	}
	return false;
}

void
tui_job_cancel(struct tui_job *j)
{
	if (!j->cancellable || j->cancelled || j->finished)
		return;
	j->cancelled = true;
	j->cancel_at = now_ns();
	if (j->pid > 0)
		kill(j->pid, SIGTERM);
}

struct tui_job *
tui_jobs_first(void)
{
	return jobs;
}

size_t
tui_jobs_count(void)
{
	size_t n = 0;

	for (struct tui_job *j = jobs; j; j = j->next)
		n++;
	return n;
}

void
tui_jobs_shutdown(int ms)
{
	int64_t until = now_ns() + (int64_t)ms * 1000000;

	for (struct tui_job *j = jobs; j; j = j->next)
		tui_job_cancel(j);
	while (now_ns() < until) {
		bool left = false;

		for (struct tui_job *j = jobs; j; j = j->next) {
			int status;

			if (j->cancellable && !j->exited &&
			    waitpid(j->pid, &status, WNOHANG) == j->pid)
				j->exited = true;
			left |= j->cancellable && !j->exited;
		}
		if (!left)
			break;
		usleep(20000);
	}
}

void
tui_job_progress_text(const struct tui_job *j, char *buf, size_t size)
{
	char done[32], total[32], rate[32];
	long secs = (long)((now_ns() - j->started) / 1000000000);

	if (!j->have_progress) {
		snprintf(buf, size, "starting  (%lds)", secs);
		return;
	}
	format_bytes(done, sizeof(done), (double)j->done);
	format_bytes(total, sizeof(total), (double)j->total);
	format_bytes(rate, sizeof(rate), j->rate);
	if (j->done == 0 && j->total == 0)
		/* Nothing moves (connecting, waiting): the time does. */
		snprintf(buf, size, "%s  (%lds)", j->phase, secs);
	else
		snprintf(buf, size, "%s: %s%s%s%s%s/s  (%lds)", j->phase, done,
		    j->total ? " of " : "", j->total ? total : "",
		    j->rate > 0 ? "  " : "", j->rate > 0 ? rate : "", secs);
	if (j->rate <= 0) {
		/* No rate: drop the "/s" the format put there. */
		char *s = strstr(buf, "/s  (");
		if (s)
			memmove(s, s + 2, strlen(s + 2) + 1);
	}
}

/* ---- engine requests ---- */

struct engine_job {
	struct tui_model *m;
	struct tui_req *r;
	struct engine_job *next;
};

static struct engine_job *queue;
static size_t engine_running;

static int
engine_work(void *arg, struct rj_error **err)
{
	struct engine_job *e = arg;

	if (tui_req_exec(e->m->eng, e->m->root, e->r) < 0)
		return rj_error_set(err, 0, "%s", e->r->error);
	if (e->r->pid > 0)
		tui_job_say("pid=%ld", (long)e->r->pid);
	return 0;
}

static void engine_next(void);

static void
engine_done(struct tui_job *j, void *arg)
{
	struct engine_job *e = arg;
	long pid;
	const char *p;

	if (j->error)
		e->r->error = xstrdup(j->error);
	if (j->output && (p = strstr(j->output, "pid=")) &&
	    sscanf(p, "pid=%ld", &pid) == 1)
		e->r->pid = (pid_t)pid;
	/* Engine warnings go to the status line and the history. */
	for (char *line = j->output; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (has_prefix(line, "warning: ") || has_prefix(line, "note: "))
			tui_model_status(e->m, has_prefix(line, "warning: "),
			    "%s: %s", e->r->id, line);
		line = nl ? nl + 1 : NULL;
	}
	engine_running--;
	tui_model_done(e->m, e->r);
	free(e);
	engine_next();
}

static void
engine_next(void)
{
	while (queue && engine_running < ENGINE_JOBS_MAX) {
		struct engine_job *e = queue;
		_cleanup_free_ char *title = NULL;

		queue = e->next;
		engine_running++;
		title = xasprintf("%s %s",
		    e->r->op == TOP_CREATE ? "create" : "engine", e->r->id);
		tui_job_start(title, engine_work, e, false, engine_done, e);
	}
}

static void
jobs_submit(struct tui_runner *run, struct tui_model *m, struct tui_req *r)
{
	struct engine_job *e = xcalloc(1, sizeof(*e)), **tail;

	(void)run;
	e->m = m;
	e->r = r;
	for (tail = &queue; *tail; tail = &(*tail)->next)
		;
	*tail = e;
	engine_next();
}

struct tui_runner tui_runner_jobs = { .submit = jobs_submit };
