/* hooks.c: runs hooks with the state JSON on stdin, their own env, and
 * their timeout enforced; a hook's last line of output goes in the error. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "util.h"

static pid_t
hook_spawn(const struct rj_hook *h, int in, int out)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	/* The child: stdio, a clean signal state, then exec. */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(127);
	char *argv_default[] = { h->path, NULL };
	char *env_empty[] = { NULL };
	execve(h->path,
	    h->args != NULL && h->args[0] != NULL ? h->args : argv_default,
	    h->env != NULL ? h->env : env_empty);
	dprintf(2, "exec %s: %s\n", h->path, strerror(errno));
	_exit(127);
}

/* The last non-empty line of what the hook printed, for the error. */
static const char *
last_line(char *buf)
{
	size_t n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	char *nl = strrchr(buf, '\n');
	return nl != NULL ? nl + 1 : buf;
}

static int
hook_run(const struct rj_hook *h, const char *name, size_t index,
    const char *state, struct rj_error **err)
{
	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		return rj_error_sys(err, "%s hook %zu: pipe", name, index);
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return rj_error_sys(err, "%s hook %zu: pipe", name, index);
	}
	pid_t pid = hook_spawn(h, in[0], out[1]);
	close(in[0]);
	close(out[1]);
	_cleanup_close_ int wfd = in[1];
	_cleanup_close_ int rfd = out[0];
	if (pid < 0)
		return rj_error_sys(err, "%s hook %zu: fork", name, index);
	/* The state goes in as the hook reads it, inside the timeout: a hook
	 * that never reads must not hold runj past it.  One that exits
	 * without reading gives EPIPE, which is not its failure. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	fcntl(wfd, F_SETFL, O_NONBLOCK);
	const char *pending = state;
	size_t left_bytes = strlen(state);

	char buf[4096];
	size_t len = 0;
	int64_t deadline = h->timeout > 0
	    ? mono_ms() + (int64_t)h->timeout * 1000
	    : 0;
	int status;
	bool eof = false;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		int wait_ms = 20;
		if (deadline > 0) {
			int64_t left = deadline - mono_ms();
			if (left <= 0) {
				signal(SIGPIPE, old);
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				return rj_error_set(err, ETIMEDOUT,
				    "%s hook %s timed out after %d s", name,
				    h->path, h->timeout);
			}
			if (left < wait_ms)
				wait_ms = (int)left;
		}
		if (wfd >= 0 && left_bytes > 0) {
			ssize_t wr = write(wfd, pending, left_bytes);
			if (wr > 0) {
				pending += wr;
				left_bytes -= (size_t)wr;
			} else if (wr < 0 && errno != EAGAIN &&
			    errno != EINTR) {
				left_bytes = 0;
			}
		}
		if (wfd >= 0 && left_bytes == 0)
			close(steal_fd(wfd));
		if (eof) {
			poll(NULL, 0, wait_ms);
			continue;
		}
		struct pollfd p = { .fd = rfd, .events = POLLIN };
		if (poll(&p, 1, wait_ms) > 0) {
			ssize_t r = read(rfd, buf + len,
			    len < sizeof(buf) - 1 ? sizeof(buf) - 1 - len : 0);
			if (r <= 0 || len >= sizeof(buf) - 1)
				eof = r <= 0;
			if (r > 0)
				len += (size_t)r;
			if (len >= sizeof(buf) - 1) {
				/* Keep the tail: the last line matters. */
				memmove(buf, buf + len / 2, len - len / 2);
				len -= len / 2;
			}
		}
	}
	signal(SIGPIPE, old);
	buf[len] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	const char *line = last_line(buf);
	if (WIFSIGNALED(status))
		return rj_error_set(err, EINVAL,
		    "%s hook %s killed by signal %d%s%s", name, h->path,
		    WTERMSIG(status), *line ? ": " : "", line);
	return rj_error_set(err, EINVAL, "%s hook %s exited with status %d%s%s",
	    name, h->path, WEXITSTATUS(status), *line ? ": " : "", line);
}

int
hooks_run(const struct rj_hook_list *list, enum rj_hook_kind kind,
    const char *state_json, struct rj_error **err)
{
	for (size_t i = 0; i < list->n; i++)
		if (hook_run(&list->v[i], spec_hook_name(kind), i, state_json,
			err) < 0)
			return -1;
	return 0;
}
