/*
 * cgroup_join.c: a new process enters the container's cgroup by itself
 * (see struct cg_join in cgroup.h for why not through runj's cgroup.procs
 * writes).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_int.h"
#include "linux/linux_int.h"
#include "util.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* clone3's argument up to the cgroup field (CLONE_ARGS_SIZE_VER2,
 * include/uapi/linux/sched.h), spelled out: <linux/sched.h> clashes with
 * <sched.h>. */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
	    stack_size, tls, set_tid, set_tid_size, cgroup;
};

static int
open_in(const char *dir, const char *file, int flags, struct rj_error **err)
{
	_cleanup_free_ char *path = file != NULL ? xasprintf("%s/%s", dir, file)
						 : xstrdup(dir);
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		rj_error_sys(err, "cgroup: open %s", path);
	return fd;
}

int
cg_join_add(struct cg_join *j, const char *dir, bool v2, bool may_be_gone,
    struct rj_error **err)
{
	if (may_be_gone && access(dir, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (v2) {
		if (j->v2_dir >= 0)
			return rj_error_set(err, EINVAL,
			    "cgroup: two cgroup2 directories to join");
		j->v2_dir = open_in(dir, NULL, O_PATH | O_DIRECTORY, err);
		if (j->v2_dir < 0)
			return -1;
		j->v2_procs = open_in(dir, "cgroup.procs", O_WRONLY, err);
		return j->v2_procs < 0 ? -1 : 0;
	}
	int fd = open_in(dir, "tasks", O_WRONLY, err);
	if (fd < 0)
		return -1;
	j->tasks = xrealloc(j->tasks, (j->n_tasks + 1) * sizeof(*j->tasks));
	j->tasks[j->n_tasks++] = fd;
	return 0;
}

pid_t
cgroup_join_clone(struct cg_join *j, unsigned long flags)
{
	if (j->v2_dir >= 0) {
		struct clone3_args a = { .flags = flags | CLONE_INTO_CGROUP,
			.exit_signal = SIGCHLD,
			.cgroup = (uint64_t)j->v2_dir };
		/* set before: the child sees what its clone did */
		j->v2_joined = true;
		pid_t pid = (pid_t)syscall(SYS_clone3, &a, sizeof(a));
		if (pid >= 0)
			return pid;
		/* Only a kernel without clone3 or CLONE_INTO_CGROUP, or a
		 * seccomp filter that hides clone3, falls back to the
		 * child's own cgroup.procs write.  The cgroup's own refusals
		 * stand: a migration would not check pids.max. */
		if (errno != ENOSYS && errno != EPERM && errno != E2BIG &&
		    errno != EINVAL)
			return -1;
		j->v2_joined = false;
	}
	return linux_clone(flags);
}

/* "0" is the writer itself: in tasks, the one thread, which for a
 * single-threaded process is all of it. */
static int
write_self(int fd, struct rj_error **err)
{
	if (write(fd, "0", 1) == 1)
		return 0;
	int e = errno;
	char link[64], path[4096];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	path[n > 0 ? n : 0] = '\0';
	errno = e;
	return rj_error_sys(err, "cgroup: join %s",
	    n > 0 ? path : "the container's cgroup");
}

int
cgroup_join_self(struct cg_join *j, struct rj_error **err)
{
	int rc = 0;
	if (j->v2_dir >= 0 && !j->v2_joined)
		rc = write_self(j->v2_procs, err);
	for (size_t i = 0; rc == 0 && i < j->n_tasks; i++)
		rc = write_self(j->tasks[i], err);
	cgroup_join_close(j);
	return rc;
}

void
cgroup_join_close(struct cg_join *j)
{
	if (j->v2_dir >= 0)
		close(j->v2_dir);
	if (j->v2_procs >= 0)
		close(j->v2_procs);
	for (size_t i = 0; i < j->n_tasks; i++)
		close(j->tasks[i]);
	free(j->tasks);
	*j = (struct cg_join)CG_JOIN_INIT;
}
