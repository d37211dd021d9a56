/* gate.c: exec.fifo, the start gate between create and start. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gate.h"
#include "state.h"
#include "util.h"

int
gate_make(const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *path = state_path(dir, STATE_FILE_FIFO);
	if (mkfifo(path, 0600) < 0)
		return rj_error_sys(err, "mkfifo %s", path);
	return 0;
}

int
gate_open(const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *path = state_path(dir, STATE_FILE_FIFO);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", path);
	return fd;
}

int
gate_wait(int fd, struct rj_error **err)
{
	char c;
	ssize_t r;
	do
		r = read(fd, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		return rj_error_sys(err, "wait for start");
	return 0;
}

int
gate_release(const char *dir, pid_t pid, uint64_t start_time,
    struct rj_error **err)
{
	_cleanup_free_ char *path = state_path(dir, STATE_FILE_FIFO);
	/* Our own read end first: it tells us, by POLLHUP, when the init's
	 * read-write descriptor closes, that is when the init has exec'd
	 * the process (or died). */
	_cleanup_close_ int rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (rfd < 0) {
		if (errno == ENOENT)
			return rj_error_set(err, EALREADY,
			    "the container was already started");
		return rj_error_sys(err, "open %s", path);
	}
	_cleanup_close_ int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", path);
	/* With our reader, a missing init no longer shows as ENXIO. */
	if (proc_start_time(pid) != start_time)
		return rj_error_set(err, ESRCH, "the container's init is gone");
	if (write(fd, "0", 1) != 1)
		return rj_error_sys(err, "write %s", path);
	close(steal_fd(fd));
	unlink(path);
	/* Events 0: only POLLHUP wakes us, not the byte we wrote. */
	for (;;) {
		struct pollfd p = { .fd = rfd, .events = 0 };
		int r = poll(&p, 1, 100);
		if (r > 0 && (p.revents & (POLLHUP | POLLERR)))
			break;
		if (r < 0 && errno != EINTR)
			return rj_error_sys(err, "wait for the init");
		if (proc_start_time(pid) != start_time)
			break;
	}
	/* An init that failed after the gate left its message here, after
	 * a mark: what else is left is a byte of an earlier start that was
	 * killed before it could unlink the gate. */
	char msg[1024];
	ssize_t n = read(rfd, msg, sizeof(msg) - 1);
	if (n <= 0)
		return 0;
	msg[n] = '\0';
	char *report = memchr(msg, GATE_REPORT_MARK, (size_t)n);
	if (report == NULL)
		return 0;
	report[strcspn(report, "\n")] = '\0';
	return rj_error_set(err, EINVAL, "%s", report + 1);
}

void
gate_report(int fd, const char *msg)
{
	char mark = GATE_REPORT_MARK;
	write_all(fd, &mark, 1);
	write_all(fd, msg, strlen(msg));
}
