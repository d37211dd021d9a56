/* console.c: the terminals of containers made here.  A bundle whose
 * process has a terminal is created with --console-socket pointing at a
 * socket of ours (in a private directory); the container's init sends the
 * pty master there (runc's protocol: the pty's name as data, the master as
 * SCM_RIGHTS).  runj-tui keeps the master: it keeps the last output while
 * nobody is attached (so the container never blocks on a full pty), and
 * attaching hands the terminal over until Ctrl-]. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

#define DETACH_KEY 0x1d /* Ctrl-] */

struct listener {
	char *id;
	char *path;
	int fd;
};

struct console {
	char *id;
	int fd;	   /* the pty master; -1 once its other side is gone */
	char *out; /* the last CONSOLE_KEEP bytes of output */
	size_t len;
};

static char *dir; /* where the sockets are: 0700, ours */
static struct listener *lis;
static size_t nlis;
static struct console *cons;
static size_t ncons;

static struct console *
find(const char *id)
{
	for (size_t i = 0; i < ncons; i++)
		if (strcmp(cons[i].id, id) == 0)
			return &cons[i];
	return NULL;
}

char *
ui_console_listen(struct tui_ui *ui, const char *id)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_free_ char *path = NULL;
	int fd;

	if (!dir) {
		const char *tmp = getenv("TMPDIR");
		char *d = xasprintf("%s/runj-tui.XXXXXX",
		    tmp && *tmp == '/' ? tmp : "/tmp");

		if (!mkdtemp(d)) {
			tui_model_status(ui->m, true,
			    "a terminal for %s: mkdtemp %s: %s", id, d,
			    strerror(errno));
			free(d);
			return NULL;
		}
		dir = d;
	}
	path = xasprintf("%s/%s.%ld.sock", dir, id, (long)now_ns());
	if (strlen(path) >= sizeof(sa.sun_path)) {
		free(path);
		path = xasprintf("%s/c%zu.%ld.sock", dir, nlis,
		    (long)(now_ns() % 1000000000));
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		tui_model_status(ui->m, true, "a terminal for %s: %s: %s", id,
		    path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	lis = xrealloc(lis, (nlis + 1) * sizeof(*lis));
	lis[nlis++] = (struct listener){ xstrdup(id), xstrdup(path), fd };
	return steal_ptr(path);
}

bool
ui_console_has(void *arg, const char *id)
{
	struct console *c = find(id);

	(void)arg;
	return c && c->fd >= 0;
}

size_t
ui_console_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ncons; i++)
		n += cons[i].fd >= 0;
	return n;
}

size_t
ui_console_pollfds(struct pollfd *p, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nlis && n < max; i++)
		p[n++] = (struct pollfd){ .fd = lis[i].fd, .events = POLLIN };
	for (size_t i = 0; i < ncons && n < max; i++)
		if (cons[i].fd >= 0)
			p[n++] = (struct pollfd){ .fd = cons[i].fd,
				.events = POLLIN };
	return n;
}

/* The master from a connection: runc's protocol. */
static int
recv_master(int s)
{
	char name[128];
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { name, sizeof(name) };
	struct msghdr mh = { .msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(s, &mh, MSG_CMSG_CLOEXEC) < 0)
		return -1;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

static void
keep_output(struct console *c, const char *buf, size_t n)
{
	if (n >= CONSOLE_KEEP) {
		buf += n - CONSOLE_KEEP;
		n = CONSOLE_KEEP;
	}
	if (c->len + n > CONSOLE_KEEP) {
		size_t drop = c->len + n - CONSOLE_KEEP;

		memmove(c->out, c->out + drop, c->len - drop);
		c->len -= drop;
	}
	memcpy(c->out + c->len, buf, n);
	c->len += n;
}

static void
console_add(const char *id, int fd)
{
	struct console *c = find(id);

	if (c) {
		if (c->fd >= 0)
			close(c->fd);
		c->len = 0;
	} else {
		cons = xrealloc(cons, (ncons + 1) * sizeof(*cons));
		c = &cons[ncons++];
		c->id = xstrdup(id);
		c->out = xmalloc(CONSOLE_KEEP);
		c->len = 0;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	c->fd = fd;
}

/* Reads what the terminal said; false when it has gone. */
static bool
drain(struct console *c)
{
	char buf[16384];

	for (;;) {
		ssize_t r = read(c->fd, buf, sizeof(buf));

		if (r > 0) {
			keep_output(c, buf, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		/* EIO: every process with the slave open is gone. */
		return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
	}
}

bool
ui_console_service(void)
{
	bool changed = false;

	for (size_t i = 0; i < nlis;) {
		int s = accept(lis[i].fd, NULL, NULL), fd;

		if (s < 0) {
			i++;
			continue;
		}
		fd = recv_master(s);
		close(s);
		if (fd >= 0) {
			console_add(lis[i].id, fd);
			changed = true;
		}
		/* One container per socket: done with it. */
		close(lis[i].fd);
		unlink(lis[i].path);
		free(lis[i].id);
		free(lis[i].path);
		lis[i] = lis[--nlis];
	}
	for (size_t i = 0; i < ncons; i++) {
		if (cons[i].fd < 0)
			continue;
		size_t before = cons[i].len;
		if (!drain(&cons[i])) {
			close(cons[i].fd);
			cons[i].fd = -1;
			changed = true;
		}
		changed |= cons[i].len != before;
	}
	return changed;
}

char *
ui_console_output(const char *id)
{
	struct console *c = find(id);

	return c ? strndup(c->out, c->len) : NULL;
}

void
ui_console_shutdown(void)
{
	for (size_t i = 0; i < nlis; i++) {
		close(lis[i].fd);
		unlink(lis[i].path);
		free(lis[i].id);
		free(lis[i].path);
	}
	free(lis);
	lis = NULL;
	nlis = 0;
	for (size_t i = 0; i < ncons; i++) {
		if (cons[i].fd >= 0)
			close(cons[i].fd);
		free(cons[i].id);
		free(cons[i].out);
	}
	free(cons);
	cons = NULL;
	ncons = 0;
	if (dir) {
		rmdir(dir);
		free(dir);
		dir = NULL;
	}
}

/* ---- attached ---- */

static volatile sig_atomic_t resized;

static void
on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void
copy_size(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

void
ui_attach(struct tui_ui *ui, const char *id_in)
{
	_cleanup_free_ char *id = xstrdup(id_in);
	struct console *c = find(id);
	struct sigaction sa = { .sa_handler = on_winch }, old;
	struct termios saved, raw;
	const char *why = "detached";
	size_t tail;

	if (!c || c->fd < 0) {
		tui_model_status(ui->m, true,
		    "attach: runj-tui holds no terminal of %s", id);
		return;
	}
	def_prog_mode();
	endwin();
	fputs("\033[?2004l", stdout);
	printf("runj-tui: attached to %s's terminal; Ctrl-] detaches\r\n", id);
	/* What it said last, so a prompt shows. */
	tail = c->len > 2048 ? 2048 : c->len;
	fwrite(c->out + c->len - tail, 1, tail, stdout);
	fflush(stdout);
	tcgetattr(STDIN_FILENO, &saved);
	raw = saved;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, &old);
	copy_size(c->fd);
	for (;;) {
		struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = c->fd, .events = POLLIN } };
		char buf[8192];
		ssize_t r;

		if (ui_quit_signal) {
			why = "runj-tui was asked to quit";
			break;
		}
		if (resized) {
			resized = 0;
			copy_size(c->fd);
		}
		if (poll(p, 2, 1000) < 0)
			continue;
		if (p[0].revents & POLLIN) {
			r = read(STDIN_FILENO, buf, sizeof(buf));
			if (r <= 0)
				break;
			char *d = memchr(buf, DETACH_KEY, (size_t)r);
			if (d) {
				write_all(c->fd, buf, (size_t)(d - buf));
				break;
			}
			write_all(c->fd, buf, (size_t)r);
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = read(c->fd, buf, sizeof(buf));
			if (r <= 0 &&
			    !(r < 0 && (errno == EAGAIN || errno == EINTR))) {
				close(c->fd);
				c->fd = -1;
				why = "its terminal closed (the container "
				      "ended)";
				break;
			}
			if (r > 0) {
				keep_output(c, buf, (size_t)r);
				write_all(STDOUT_FILENO, buf, (size_t)r);
			}
		}
	}
	sigaction(SIGWINCH, &old, NULL);
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	reset_prog_mode();
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	clearok(curscr, TRUE);
	tui_model_status(ui->m, false, "%s: %s", id, why);
	tui_model_poll(ui->m);
	ui_redraw(ui);
}
