/*
 * hostfds.c: what keeps the host out of a container's process
 * (CVE-2024-21626): every descriptor runj or its caller holds is closed
 * before the process enters the container, and its working directory is
 * resolved inside the container's root, never through a /proc magic link.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "linux/linux_int.h"
#include "util.h"

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* close_range(2) is Linux 5.9; older kernels walk /proc/self/fd. */
static int
close_span(unsigned first, unsigned last)
{
	if (close_range(first, last, 0) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	DIR *d = opendir("/proc/self/fd");
	if (d == NULL)
		return -1;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);
		if (*end != '\0' || end == de->d_name || fd == dirfd(d))
			continue;
		if ((unsigned long)fd >= first && (unsigned long)fd <= last)
			close((int)fd);
	}
	closedir(d);
	return 0;
}

int
linux_close_host_fds(int first, const int *keep, size_t n_keep,
    struct rj_error **err)
{
	int sorted[8];
	size_t n = 0;
	for (size_t i = 0; i < n_keep && n < ARRAY_SIZE(sorted); i++)
		if (keep[i] >= first)
			sorted[n++] = keep[i];
	qsort(sorted, n, sizeof(*sorted), int_cmp);
	unsigned from = (unsigned)first;
	for (size_t i = 0; i <= n; i++) {
		unsigned to = i < n ? (unsigned)sorted[i] : ~0U;
		if (to > from && close_span(from, i < n ? to - 1 : to) < 0)
			return rj_error_sys(err, "close inherited descriptors");
		if (i < n)
			from = to + 1;
	}
	return 0;
}

int
linux_enter_cwd(const char *cwd, struct rj_error **err)
{
	_cleanup_close_ int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return rj_error_sys(err, "process.cwd %s: open /", cwd);
	/* Inside the root, and no /proc/PID/fd (or exe, cwd, root) links:
	 * through them a descriptor would lead out of the container. */
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	_cleanup_close_ int fd = linux_openat2(root, cwd, &how);
	if (fd < 0 && errno == ELOOP)
		return rj_error_set(err, ELOOP,
		    "process.cwd %s: goes through a /proc magic link "
		    "(or too many symlinks): refused",
		    cwd);
	if (fd < 0 && errno != ENOSYS)
		return rj_error_sys(err, "process.cwd %s", cwd);
	/* Without openat2(2) (Linux < 5.6) a plain chdir: the descriptors are
	 * closed already, and the result is checked below. */
	if ((fd >= 0 ? fchdir(fd) : chdir(cwd)) < 0)
		return rj_error_sys(err, "process.cwd %s", cwd);
	/* Whatever the way in, the result must be below the root: getcwd(3)
	 * fails (ENOENT) for a directory unreachable from it. */
	char buf[PATH_MAX];
	if (getcwd(buf, sizeof(buf)) != NULL ? buf[0] != '/' : errno == ENOENT)
		return rj_error_set(err, EPERM,
		    "process.cwd %s: outside the container's root: refused",
		    cwd);
	return 0;
}
