/* run_wait.c: signal forwarding and the terminal relay of `runj run`. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "run_wait.h"
#include "util.h"

static int sig_pipe[2] = { -1, -1 };

/* What a shell would deliver to the foreground job, plus WINCH for the
 * pty's size. */
static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1,
	SIGUSR2, SIGWINCH, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM };

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	(void)!write(sig_pipe[1], &b, 1);
	errno = saved;
}

static void
resize(int console_fd)
{
	struct winsize ws;
	if (console_fd >= 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(console_fd, TIOCSWINSZ, &ws);
}

static int
decode(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 255;
}

static void
forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaddset(set, forwarded[i]);
}

void
run_block_signals(sigset_t *old)
{
	sigset_t set;
	forwarded_set(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

void
run_reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

/* Copies what is readable on from to to; false at EOF or error. */
static bool
relay(int from, int to)
{
	char buf[8192];
	ssize_t r = read(from, buf, sizeof(buf));
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (r <= 0)
		return false;
	return write_all(to, buf, (size_t)r) == 0;
}

int
run_wait(pid_t pid, int console_fd)
{
	/* kill(-1) or kill(0) would reach far beyond the container. */
	if (pid <= 0)
		return 255;
	struct sigaction sa = { .sa_handler = on_signal },
			 old[ARRAY_SIZE(forwarded)];
	struct sigaction chld_old;
	struct termios saved_tio;
	bool raw = false;
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return run_reap(pid), 255;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaction(forwarded[i], &sa, &old[i]);
	sigaction(SIGCHLD, &sa, &chld_old);
	/* Signals that came while the process started are delivered now,
	 * to the handlers, and forwarded. */
	sigset_t set;
	forwarded_set(&set);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (console_fd >= 0 && isatty(STDIN_FILENO) &&
	    tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
		struct termios t = saved_tio;
		cfmakeraw(&t);
		raw = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
		resize(console_fd);
	}
	int status = 255, st;
	bool in_open = console_fd >= 0, out_open = console_fd >= 0;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			status = decode(st);
			break;
		}
		if (w < 0 && errno != EINTR)
			break;
		struct pollfd p[3] = { { sig_pipe[0], POLLIN, 0 },
			{ in_open ? STDIN_FILENO : -1, POLLIN, 0 },
			{ out_open ? console_fd : -1, POLLIN, 0 } };
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN) {
			unsigned char sig;
			while (read(sig_pipe[0], &sig, 1) == 1) {
				if (sig == SIGCHLD)
					continue;
				if (sig == SIGWINCH)
					resize(console_fd);
				else
					kill(pid, sig);
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP) &&
		    !relay(STDIN_FILENO, console_fd))
			in_open = false;
		if (p[2].revents & (POLLIN | POLLHUP) &&
		    !relay(console_fd, STDOUT_FILENO))
			out_open = false;
	}
	/* The pty may still hold the last of the output. */
	if (out_open) {
		fcntl(console_fd, F_SETFL, O_NONBLOCK);
		while (relay(console_fd, STDOUT_FILENO))
			;
	}
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaction(forwarded[i], &old[i], NULL);
	sigaction(SIGCHLD, &chld_old, NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	return status;
}
