/* gate.c: exec.fifo, the start gate between create and start. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gate.h"
#include "util.h"

int
gate_make(const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/exec.fifo", dir);
	if (mkfifo(path, 0600) < 0)
		return rj_error_sys(err, "mkfifo %s", path);
	return 0;
}

int
gate_open(const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/exec.fifo", dir);
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
gate_release(const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/exec.fifo", dir);
	_cleanup_close_ int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENXIO)
			return rj_error_set(err, ESRCH,
			    "the container's init is gone");
		if (errno == ENOENT)
			return rj_error_set(err, EALREADY,
			    "the container was already started");
		return rj_error_sys(err, "open %s", path);
	}
	if (write(fd, "0", 1) != 1)
		return rj_error_sys(err, "write %s", path);
	unlink(path);
	return 0;
}
