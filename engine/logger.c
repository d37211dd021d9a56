/* logger.c: a container's output into console.log, capped and rotated
 * (see logger.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "logger.h"
#include "state.h"
#include "util.h"

size_t
logger_record(char *buf, int64_t ns, const char *stream, bool partial,
    const char *text, size_t len)
{
	char when[64];
	size_t n;

	format_rfc3339(ns, when, sizeof(when));
	n = (size_t)snprintf(buf, 64, "%s %s %c ", when, stream,
	    partial ? 'P' : 'F');
	memcpy(buf + n, text, len);
	buf[n + len] = '\n';
	return n + len + 1;
}

struct stream {
	const char *name;
	int fd;
	char buf[LOGGER_LINE_MAX];
	size_t len;
};

struct log {
	int dir, fd; /* the state directory (also its lock) and the log */
	off_t size, max;
};

/* The log becomes the old log and a new one starts.  Under a shared hold
 * of the state lock (the directory itself): a delete (exclusive) is either
 * done, the directory gone, or not begun, so no file is made in a
 * directory that is being removed. */
static void
rotate(struct log *l)
{
	const char *cur = state_file_name(STATE_FILE_LOG);

	flock(l->dir, LOCK_SH);
	close(l->fd);
	l->fd = -1;
	if (renameat(l->dir, cur, l->dir,
		state_file_name(STATE_FILE_LOG_OLD)) == 0)
		l->fd = openat(l->dir, cur,
		    O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW |
			O_CLOEXEC,
		    0600);
	l->size = 0;
	flock(l->dir, LOCK_UN);
}

static void
put(struct log *l, const char *stream, bool partial, const char *text,
    size_t len)
{
	char rec[LOGGER_LINE_MAX + 64];
	size_t n = logger_record(rec, now_ns(), stream, partial, text, len);

	if (l->fd >= 0 && l->size > 0 && l->size + (off_t)n > l->max)
		rotate(l);
	/* Gone with its directory: the output is read and dropped, so the
	 * container never blocks on a full pipe. */
	if (l->fd < 0)
		return;
	if (write_all(l->fd, rec, n) == 0)
		l->size += (off_t)n;
}

/* Records for what came: every whole line, and a full buffer as a
 * partial one.  at_end: the rest too. */
static void
flush(struct log *l, struct stream *s, bool at_end)
{
	char *nl;
	size_t off = 0;

	while ((nl = memchr(s->buf + off, '\n', s->len - off))) {
		put(l, s->name, false, s->buf + off,
		    (size_t)(nl - s->buf) - off);
		off = (size_t)(nl - s->buf) + 1;
	}
	if (s->len - off == sizeof(s->buf) || (at_end && s->len > off)) {
		put(l, s->name, !at_end, s->buf + off, s->len - off);
		off = s->len;
	}
	memmove(s->buf, s->buf + off, s->len - off);
	s->len -= off;
}

static void __attribute__((noreturn))
logger_main(struct log *l, int out, int errfd)
{
	struct stream s[2] = { { .name = "stdout", .fd = out },
		{ .name = "stderr", .fd = errfd } };

	for (;;) {
		struct pollfd p[2];
		struct stream *of[2];
		nfds_t n = 0;

		for (int i = 0; i < 2; i++) {
			if (s[i].fd < 0)
				continue;
			of[n] = &s[i];
			p[n++] = (struct pollfd){ .fd = s[i].fd,
				.events = POLLIN };
		}
		if (n == 0)
			_exit(0);
		if (poll(p, n, -1) < 0 && errno != EINTR)
			_exit(1);
		for (nfds_t i = 0; i < n; i++) {
			struct stream *st = of[i];
			ssize_t r;

			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(st->fd, st->buf + st->len,
			    sizeof(st->buf) - st->len);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				flush(l, st, true);
				close(st->fd);
				st->fd = -1;
				continue;
			}
			st->len += (size_t)r;
			flush(l, st, false);
		}
	}
}

/* Moves fd to at least 10 (away from the numbers it is dup2'd to). */
static int
high(int fd)
{
	int h = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	close(fd);
	return h;
}

int
logger_start(const char *dir, size_t max, int fds[2], struct rj_error **err)
{
	int out[2] = { -1, -1 }, er[2] = { -1, -1 };
	struct log l = { .dir = -1, .fd = -1 };
	pid_t pid;

	fds[0] = fds[1] = -1;
	l.max = (off_t)(max ? max : LOGGER_MAX_DEFAULT);
	l.dir = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (l.dir < 0)
		return rj_error_sys(err, "log: open %s", dir);
	/* Made here, under the caller's lock; the logger only rotates. */
	l.fd = openat(l.dir, state_file_name(STATE_FILE_LOG),
	    O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (l.fd < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(er, O_CLOEXEC) < 0) {
		rj_error_sys(err, "log: %s/%s", dir,
		    state_file_name(STATE_FILE_LOG));
		goto fail;
	}
	/* Twice forked: nobody has to wait for it, and it is in no one's
	 * session, so a terminal's signals never reach it. */
	pid = fork();
	if (pid < 0) {
		rj_error_sys(err, "log: fork");
		goto fail;
	}
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = SIG_DFL };
		sigset_t none;
		int null;

		setsid();
		if (fork() != 0)
			_exit(0);
		sigemptyset(&sa.sa_mask);
		for (int sig = 1; sig < NSIG; sig++)
			sigaction(sig, &sa, NULL);
		signal(SIGHUP, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(out[1]);
		close(er[1]);
		/* Only its pipes and files: never the caller's lock. */
		int o = high(out[0]), e = high(er[0]);
		l.dir = high(l.dir);
		l.fd = high(l.fd);
		null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		dup2(o, 3);
		dup2(e, 4);
		dup2(l.dir, 5);
		dup2(l.fd, 6);
		l = (struct log){ .dir = 5,
			.fd = 6,
			.size = lseek(6, 0, SEEK_END),
			.max = l.max };
		close_range(7, ~0U, 0);
		logger_main(&l, 3, 4);
	}
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(out[0]);
	close(er[0]);
	close(l.dir);
	close(l.fd);
	fds[0] = out[1];
	fds[1] = er[1];
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (er[i] >= 0)
			close(er[i]);
	}
	if (l.fd >= 0)
		close(l.fd);
	close(l.dir);
	return -1;
}
