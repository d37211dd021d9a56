/*
 * openat2.c: openat2(2) retried while the kernel says a lookup raced.
 * With RESOLVE_IN_ROOT (or BENEATH) a ".." is resolved only while no
 * mount and no rename happened anywhere on the host meanwhile; else the
 * call fails with EAGAIN and is meant to be repeated.
 */
#include <errno.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/linux_int.h"

int
linux_openat2(int dirfd, const char *path, const struct open_how *how)
{
	int fd;
	int tries = 0;
	do
		fd = (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
	while (fd < 0 && (errno == EAGAIN || errno == EINTR) && ++tries < 64);
	return fd;
}
