/*
 * exec.c: `runj exec` on Linux.  A helper child, cloned into the
 * container's cgroup, enters its namespaces (the user namespace first,
 * the mount namespace last) and forks the process with CLONE_PARENT, so
 * runj is its parent and the pid namespace holds it; the helper reports
 * its pid and exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/caps.h"
#include "linux/cgroup.h"
#include "linux/linux_int.h"
#include "linux/seccomp_filter.h"
#include "process.h"
#include "run_wait.h"
#include "sync.h"
#include "util.h"

static bool
same_ns(pid_t pid, const char *name)
{
	char a[64], b[64];
	struct stat sa, sb;
	snprintf(a, sizeof(a), "/proc/self/ns/%s", name);
	snprintf(b, sizeof(b), "/proc/%d/ns/%s", (int)pid, name);
	if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
		return true; /* a kind this kernel lacks */
	return sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

static int
join_container(struct linux_init *li, struct rj_error **err)
{
	pid_t init = li->c->pid;
	/* Open them all first: once in the mount namespace, /proc may be
	 * another one. */
	int fds[RJ_NS_TYPES];
	const enum rj_ns_type *order = linux_ns_join_order;
	for (size_t i = 0; i < RJ_NS_TYPES; i++) {
		const char *name = linux_ns[order[i]].proc;
		fds[i] = -1;
		if (same_ns(init, name))
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)init, name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			return rj_error_sys(err, "open %s", path);
	}
	/* An init without a mount namespace of its own is chrooted in a
	 * shared one: its root is ours to enter too (enter_init_root). */
	if (!linux_ns_new(&li->c->spec.linux_, RJ_NS_MOUNT)) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/root", (int)init);
		li->rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (li->rootfd < 0)
			return rj_error_sys(err, "open %s", path);
	}
	for (size_t i = 0; i < RJ_NS_TYPES; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], (int)linux_ns[order[i]].flag) < 0)
			return rj_error_sys(err, "join the %s namespace",
			    linux_ns[order[i]].proc);
		close(fds[i]);
		if (order[i] == RJ_NS_USER)
			li->in_userns = true;
	}
	return 0;
}

/* After the pty (the shared namespace's, as the init's): the init's
 * chroot. */
static int
enter_init_root(struct linux_init *li, struct rj_error **err)
{
	if (li->rootfd < 0)
		return 0;
	if (fchdir(li->rootfd) < 0 || chroot(".") < 0)
		return rj_error_sys(err, "enter the container's root");
	close(steal_fd(li->rootfd));
	return 0;
}

void
linux_exec_main(struct linux_init *li)
{
	struct rj_error *err = NULL;
	_cleanup_free_ char *path = NULL;
	if (cgroup_join_self(li->join, &err) < 0)
		goto fail;
	container_child_cleanup(li->c);
	/* Until execve nothing in the container may reach into us through
	 * /proc (ptrace, /proc/PID/fd, pidfd_getfd): once the capabilities
	 * are the container's, a dumpable process would let it.  execve
	 * makes the program dumpable again, as runc's init does.  Then the
	 * host's descriptors go, before we join anything. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		rj_error_sys(&err, "prctl(PR_SET_DUMPABLE)");
		goto fail;
	}
	if (linux_close_host_fds(3 + li->preserve_fds, &li->sync_fd, 1, &err) <
	    0)
		goto fail;
	/* Inherited by the process we fork; set while we are the host's
	 * root, since non-dumpable, a mapped root could not write it. */
	if (linux_apply_oom_score_adj(li->proc, &err) < 0)
		goto fail;
	/* The socket's path is the host's: reach it before we enter the
	 * container's mount namespace. */
	if (li->proc->terminal && li->console_socket != NULL &&
	    (li->console_sock_fd = console_connect(li->console_socket, &err)) <
		0)
		goto fail;
	if (sync_expect(li->sync_fd, SYNC_GO, &err) < 0 ||
	    join_container(li, &err) < 0)
		goto fail;
	if (linux_fork_into(li, &err) < 0)
		goto fail;
	if (li->in_userns &&
	    (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) {
		rj_error_sys(&err, "become root in the user namespace");
		goto fail;
	}
	if (li->proc->terminal && console_setup(li, -1, &err) < 0)
		goto fail;
	if (enter_init_root(li, &err) < 0 ||
	    linux_enter_cwd(li->proc->cwd, &err) < 0 ||
	    process_find_exec(li->proc, &path, &err) < 0 ||
	    linux_process_prepare(li, &err) < 0)
		goto fail;
	if (sync_send(li->sync_fd, SYNC_READY, NULL) < 0)
		_exit(1);
	linux_process_finish(li, path, &err);
fail:
	sync_send_error(li->sync_fd, err);
	_exit(1);
}

int
linux_exec(struct rj_container *c, const struct rj_process *p,
    const struct rj_exec_opts *opts, pid_t *pidp, struct rj_error **err)
{
	/* exec joins the namespaces of the recorded init: only while it is
	 * the container's. */
	if (!cgroup_owns(c->driver_state, c->pid))
		return rj_error_set(err, ESRCH,
		    "container %s: its init (pid %d) is not in its cgroup: no "
		    "exec into it",
		    c->id, (int)c->pid);
	caps_warn_ambient(&p->caps, "exec");
	_cleanup_cg_join_ struct cg_join join = CG_JOIN_INIT;
	if (cgroup_join_open(c->driver_state, opts->cgroups, &join, err) < 0)
		return -1;
	struct linux_spawn how = { 0, &join };
	int end;
	pid_t helper = linux_spawn(&how, &end, err);
	if (helper < 0)
		return -1;
	if (helper == 0) {
		struct linux_init li = { .c = c,
			.proc = p,
			.sync_fd = end,
			.join = &join,
			.rootfd = -1,
			.gate_fd = -1,
			.preserve_fds = opts->preserve_fds,
			.console_socket = opts->console_socket,
			.is_exec = true,
			.detach = opts->detach,
			.console_sock_fd = -1 };
		linux_exec_main(&li);
	}
	cgroup_join_close(&join);
	_cleanup_close_ int sock = end;
	pid_t pid = -1;
	int console = -1, listener = -1;
	if (sync_send(sock, SYNC_GO, NULL) < 0)
		goto fail;
	/* The pid comes from the helper, READY from the process itself, on
	 * one channel and in either order: both are needed. */
	bool ready = false;
	while (!ready || pid <= 0) {
		enum sync_type type;
		_cleanup_free_ char *payload = NULL;
		int fd = -1;
		if (sync_recv_any(sock, &type, &payload, &fd, err) < 0)
			goto fail;
		if (type == SYNC_PID) {
			pid = (pid_t)atoi(payload ? payload : "0");
			run_reap(helper);
			helper = -1;
			if (pid <= 0) {
				rj_error_set(err, EPROTO,
				    "bad pid from the exec helper");
				goto fail;
			}
		} else if (type == SYNC_FD && payload != NULL &&
		    strcmp(payload, SYNC_TAG_SECCOMP) == 0) {
			/* sent on once the pid is known */
			if (listener >= 0)
				close(listener);
			listener = fd;
		} else if (type == SYNC_FD) {
			console = fd;
		} else if (type == SYNC_READY) {
			ready = true;
		}
	}
	if (listener >= 0) {
		int rc = seccomp_agent_send(c, RJ_STATUS_RUNNING, pid, listener,
		    err);
		close(steal_fd(listener));
		if (rc < 0)
			goto fail;
	}
	/* The channel closes at the exec, or brings the last error. */
	enum sync_type type;
	struct rj_error *e = NULL;
	if (sync_recv(sock, &type, NULL, &e) < 0 && e->errnum != EPIPE) {
		*err = e;
		goto fail;
	}
	rj_error_free(e);
	*pidp = pid;
	if (opts->detach) {
		if (console >= 0)
			close(console);
		return 0;
	}
	/* The exit status travels back through *pidp's wait in the caller. */
	c->console_fd = console;
	return 0;
fail:
	if (helper > 0) {
		kill(helper, SIGKILL);
		run_reap(helper);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		run_reap(pid);
	}
	if (console >= 0)
		close(console);
	if (listener >= 0)
		close(listener);
	return -1;
}
