/*
 * init.c: the container's init, from clone(2) to execve(2).  Errors travel
 * back to runj over the sync channel, so `create` reports them (args[0]
 * not found, a bad mount) before it returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gate.h"
#include "hooks.h"
#include "linux/caps.h"
#include "linux/cgroup.h"
#include "linux/linux_int.h"
#include "linux/seccomp_filter.h"
#include "process.h"
#include "sync.h"
#include "state.h"
#include "trace.h"
#include "util.h"

/* Joins the namespaces given by path as runc does: each path opened
 * first (after a join it may be out of reach), then the namespaces we may
 * join as the host's root, then the user namespace (becoming its root),
 * then those only its root may join.  In each pass the mount namespace
 * comes last (linux_ns_join_order). */
static int
join_namespaces(struct linux_init *li, struct rj_error **err)
{
	const enum rj_ns_type *order = linux_ns_join_order;
	const struct rj_linux *l = &li->c->spec.linux_;
	int fds[RJ_NS_TYPES];
	int rc = -1;
	for (size_t i = 0; i < RJ_NS_TYPES; i++)
		fds[i] = -1;
	for (size_t i = 0; i < RJ_NS_TYPES; i++) {
		const struct rj_namespace *ns = &l->namespaces[order[i]];
		if (!ns->present || ns->path == NULL)
			continue;
		fds[i] = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			rj_error_sys(err, "linux.namespaces: %s %s",
			    spec_ns_name(order[i]), ns->path);
			goto out;
		}
	}
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < RJ_NS_TYPES; i++) {
			bool user = order[i] == RJ_NS_USER;
			if (fds[i] < 0 || user != (pass == 1))
				continue;
			if (setns(fds[i], (int)linux_ns[order[i]].flag) < 0) {
				if (pass == 0 && errno == EPERM)
					continue;
				rj_error_sys(err,
				    "linux.namespaces: join %s %s",
				    spec_ns_name(order[i]),
				    l->namespaces[order[i]].path);
				goto out;
			}
			close(steal_fd(fds[i]));
			if (!user)
				continue;
			li->in_userns = true;
			if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
				rj_error_sys(err,
				    "linux.namespaces: become root in the "
				    "user namespace %s",
				    l->namespaces[RJ_NS_USER].path);
				goto out;
			}
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < RJ_NS_TYPES; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

/* With a user namespace joined by path, clone(2) made no namespace (see
 * linux_clone_flags): the new ones are made now, so that it owns them.  A
 * pid namespace waits for enter_by_fork. */
static int
make_late_namespaces(const struct rj_linux *l, struct rj_error **err)
{
	unsigned long late = linux_new_ns_flags(l) & ~linux_clone_flags(l) &
	    ~(unsigned long)CLONE_NEWPID;
	if (late != 0 && unshare((int)late) < 0)
		return rj_error_sys(err,
		    "linux.namespaces: make the new namespaces");
	return 0;
}

static int
write_proc_file(const char *path, const char *value, struct rj_error **err)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write_all(fd, value, strlen(value)) < 0)
		return rj_error_sys(err, "write %s", path);
	return 0;
}

/* A time namespace or a pid namespace joined by path holds only the
 * children of who enters it: the init forks once more, with CLONE_PARENT
 * so runj stays its parent, and tells runj the new pid. */
static int
enter_by_fork(struct linux_init *li, struct rj_error **err)
{
	const struct rj_linux *l = &li->c->spec.linux_;
	bool new_time = linux_ns_new(l, RJ_NS_TIME);
	bool joined_pid = l->namespaces[RJ_NS_PID].present &&
	    l->namespaces[RJ_NS_PID].path != NULL;
	bool late_pid = linux_ns_new(l, RJ_NS_PID) &&
	    !(linux_clone_flags(l) & CLONE_NEWPID);
	if (!new_time && !joined_pid && !late_pid)
		return 0;
	if (!new_time && late_pid && unshare(CLONE_NEWPID) < 0)
		return rj_error_sys(err, "linux.namespaces: unshare pid");
	if (new_time) {
		/* The pid namespace comes with it here, not from clone: the
		 * init of a pid namespace may not fork with CLONE_PARENT. */
		int flags = (int)linux_ns[RJ_NS_TIME].flag;
		if (l->namespaces[RJ_NS_PID].present &&
		    l->namespaces[RJ_NS_PID].path == NULL)
			flags |= CLONE_NEWPID;
		if (unshare(flags) < 0)
			return rj_error_sys(err, "linux.timeOffsets: unshare");
		char buf[128];
		snprintf(buf, sizeof(buf),
		    "monotonic %lld %u\nboottime %lld %u\n",
		    (long long)l->monotonic_secs, l->monotonic_nsecs,
		    (long long)l->boottime_secs, l->boottime_nsecs);
		if (write_proc_file("/proc/self/timens_offsets", buf, err) < 0)
			return rj_error_wrap(err, "linux.timeOffsets");
	}
	return linux_fork_into(li, err);
}

/* A GO from runj: the cgroup's limits are set, or, after the runtime
 * hooks, it carries "pid". */
static int
read_go(struct linux_init *li, struct rj_error **err)
{
	enum sync_type type;
	_cleanup_free_ char *payload = NULL;
	if (sync_recv(li->sync_fd, &type, &payload, err) < 0)
		return -1;
	if (type != SYNC_GO)
		return rj_error_set(err, EPROTO, "unexpected message '%c'",
		    type);
	json_error_t jerr;
	json_t *o = payload ? json_loads(payload, 0, &jerr) : NULL;
	if (o != NULL) {
		json_t *pid = json_object_get(o, "pid");
		if (pid != NULL)
			li->c->pid = (pid_t)json_integer_value(pid);
		json_decref(o);
	}
	return 0;
}

/* We are in the cgroup from the start: a new cgroup namespace, rooted at
 * the container's cgroup, is made once its namespaces are joined (for
 * the cgroup mount, or else before the hooks). */
int
linux_init_cgroup_ns(struct linux_init *li, struct rj_error **err)
{
	if (li->cgroup_ns_made)
		return 0;
	li->cgroup_ns_made = true;
	const struct rj_namespace *ns =
	    &li->c->spec.linux_.namespaces[RJ_NS_CGROUP];
	if (ns->present && ns->path == NULL && unshare(CLONE_NEWCGROUP) < 0)
		return rj_error_sys(err, "linux.namespaces: cgroup");
	return 0;
}

/* runj sets the cgroup's limits while we mount; nothing of the
 * container's runs before they are set. */
static int
wait_for_limits(struct linux_init *li, struct rj_error **err)
{
	return read_go(li, err) < 0 ? -1 : linux_init_cgroup_ns(li, err);
}

/* A session keyring of its own, so the container does not share the
 * caller's (containerd's) keys; runc does the same unless
 * --no-new-keyring.  Kernels without keys have nothing to share. */
static int
join_session_keyring(const struct rj_container *c, struct rj_error **err)
{
	if (c->opts.no_new_keyring)
		return 0;
	if (syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, NULL) <
		0 &&
	    errno != ENOSYS && errno != EPERM && errno != EACCES)
		return rj_error_sys(err, "join a new session keyring");
	return 0;
}

static int
set_names(const struct rj_spec *s, struct rj_error **err)
{
	if (s->hostname != NULL &&
	    sethostname(s->hostname, strlen(s->hostname)) < 0)
		return rj_error_sys(err, "hostname");
	if (s->domainname != NULL &&
	    setdomainname(s->domainname, strlen(s->domainname)) < 0)
		return rj_error_sys(err, "domainname");
	return 0;
}

static int
apply_sysctl(const struct rj_linux *l, struct rj_error **err)
{
	for (size_t i = 0; l->sysctl_keys && l->sysctl_keys[i]; i++) {
		_cleanup_free_ char *path = xasprintf("/proc/sys/%s",
		    l->sysctl_keys[i]);
		for (char *p = path + 10; *p; p++)
			if (*p == '.')
				*p = '/';
		if (write_proc_file(path, l->sysctl_values[i], err) < 0)
			return rj_error_wrap(err, "linux.sysctl %s",
			    l->sysctl_keys[i]);
	}
	return 0;
}

int
linux_apply_oom_score_adj(const struct rj_process *p, struct rj_error **err)
{
	if (!p->has_oom_score_adj)
		return 0;
	char buf[16];
	snprintf(buf, sizeof(buf), "%d", p->oom_score_adj);
	if (write_proc_file("/proc/self/oom_score_adj", buf, err) < 0)
		return rj_error_wrap(err, "process.oomScoreAdj");
	return 0;
}

/* Output of a container the TUI made goes to the logger's pipes (its
 * log in the state dir, logger.h); input is /dev/null. */
static int
redirect_to_log(struct rj_container *c, struct rj_error **err)
{
	_cleanup_close_ int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || c->log_fds[0] < 0 || c->log_fds[1] < 0)
		return rj_error_sys(err, "the container's log");
	if (dup2(null, 0) < 0 || dup2(c->log_fds[0], 1) < 0 ||
	    dup2(c->log_fds[1], 2) < 0)
		return rj_error_sys(err, "redirect to the container's log");
	close(steal_fd(c->log_fds[0]));
	close(steal_fd(c->log_fds[1]));
	return 0;
}

static int
apply_personality(const struct rj_linux *l, struct rj_error **err)
{
	if (!l->has_personality)
		return 0;
	unsigned long persona = strcmp(l->personality_domain, "LINUX32") == 0
	    ? PER_LINUX32
	    : PER_LINUX;
	if (personality(persona) < 0)
		return rj_error_sys(err, "linux.personality");
	return 0;
}

/* AppArmor and SELinux take the label for the next exec through
 * /proc/self/attr; the driver's check made sure the host has them. */
static int
apply_lsm_labels(const struct rj_process *p, struct rj_error **err)
{
	if (p->apparmor_profile != NULL) {
		_cleanup_free_ char *v = xasprintf("exec %s",
		    p->apparmor_profile);
		if (write_proc_file("/proc/self/attr/apparmor/exec", v, NULL) <
			0 &&
		    write_proc_file("/proc/self/attr/exec", v, err) < 0)
			return rj_error_wrap(err, "process.apparmorProfile");
	}
	if (p->selinux_label != NULL &&
	    write_proc_file("/proc/self/attr/exec", p->selinux_label, err) < 0)
		return rj_error_wrap(err, "process.selinuxLabel");
	return 0;
}

/* The filter; the listener of an SCMP_ACT_NOTIFY rule goes to runj, which
 * passes it to linux.seccomp.listenerPath (seccomp_agent.c).  sendmsg is
 * never notified (seccomp_check), so this cannot wait for the agent. */
static int
load_seccomp(struct linux_init *li, struct rj_error **err)
{
	int listener = -1;
	if (seccomp_load_filter(&li->c->spec.linux_.seccomp, &listener, err) <
	    0)
		return -1;
	if (listener < 0)
		return 0;
	int rc = sync_send_fd_tagged(li->sync_fd, listener, SYNC_TAG_SECCOMP);
	close(listener);
	if (rc < 0)
		return rj_error_sys(err, "send the seccomp listener to runj");
	return 0;
}

/* What runc too does before the gate, so that an rlimit, a capability or
 * a user that cannot be had fails create (and create leaves nothing), not
 * start: limits, identity, capabilities, the labels and the filter. */
int
linux_process_prepare(struct linux_init *li, struct rj_error **err)
{
	const struct rj_process *p = li->proc;
	const struct rj_linux *l = &li->c->spec.linux_;
	/* Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load
	 * it while we are still root; with it, as late as can be. */
	bool seccomp_early = l->seccomp.present && !p->no_new_privileges;
	/* Once its capabilities are the container's, a process there could
	 * reach into ours through /proc: not dumpable until execve (an exec
	 * is so from its start; see exec.c). */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return rj_error_sys(err, "prctl(PR_SET_DUMPABLE)");
	if (process_apply_rlimits(p, err) < 0 ||
	    (!li->is_exec && apply_personality(l, err) < 0))
		return -1;
	/* Nothing of runj's may reach the process: every descriptor past
	 * stdio and the preserved ones closes at exec (CVE-2024-21626). */
	if (close_range(3 + (unsigned)li->preserve_fds, ~0U,
		CLOSE_RANGE_CLOEXEC) < 0)
		return rj_error_sys(err, "close_range");
	if (seccomp_early && load_seccomp(li, err) < 0)
		return -1;
	if (caps_drop_bounding(&p->caps, err) < 0 ||
	    process_apply_user(p, err) < 0 || caps_apply(&p->caps, err) < 0)
		return -1;
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rj_error_sys(err, "process.noNewPrivileges");
	/* The labels and the filter too, as runc does: startContainer hooks
	 * run under them, and the listener reaches runj while it listens. */
	if (apply_lsm_labels(p, err) < 0)
		return -1;
	if (l->seccomp.present && !seccomp_early && load_seccomp(li, err) < 0)
		return -1;
	return 0;
}

/* After the gate (and the startContainer hooks): the exec. */
int
linux_process_finish(struct linux_init *li, const char *path,
    struct rj_error **err)
{
	return process_exec(li->proc, path, err);
}

/* After the maps: the bind sources runj opened for us (see
 * rootfs_bind_source_wanted), each tagged with its mount's index, then
 * GO. */
static int
recv_bind_sources(struct linux_init *li, struct rj_error **err)
{
	const struct rj_spec *s = &li->c->spec;
	li->bind_fds = xmalloc((s->n_mounts + 1) * sizeof(int));
	for (size_t i = 0; i <= s->n_mounts; i++)
		li->bind_fds[i] = -1;
	for (;;) {
		enum sync_type type;
		_cleanup_free_ char *payload = NULL;
		int fd = -1;
		if (sync_recv_any(li->sync_fd, &type, &payload, &fd, err) < 0)
			return -1;
		if (type == SYNC_GO)
			return 0;
		char *end = NULL;
		unsigned long i = payload ? strtoul(payload, &end, 10) : 0;
		if (type != SYNC_FD || fd < 0 || end == payload ||
		    *end != '\0' || i >= s->n_mounts ||
		    !rootfs_bind_source_wanted(s, i) || li->bind_fds[i] >= 0) {
			if (fd >= 0)
				close(fd);
			return rj_error_set(err, EPROTO,
			    "unexpected message '%c' from runj", type);
		}
		li->bind_fds[i] = fd;
	}
}

static int
init_setup(struct linux_init *li, char **exec_path, struct rj_error **err)
{
	struct rj_container *c = li->c;
	const struct rj_linux *l = &c->spec.linux_;
	if (c->opts.log_to_state && redirect_to_log(c, err) < 0)
		return -1;
	/* What lives on the host (exec.fifo, the console socket) is opened
	 * while we are still the host's root, before the user namespace
	 * makes us a mapped uid that may not reach it. */
	if (!c->run_mode) {
		li->gate_fd = gate_open(c->dir, err);
		if (li->gate_fd < 0)
			return -1;
	}
	if (c->spec.process.terminal && li->console_socket != NULL &&
	    (li->console_sock_fd = console_connect(li->console_socket, err)) <
		0)
		return rj_error_wrap(err, "process.terminal");
	if (l->namespaces[RJ_NS_USER].present &&
	    l->namespaces[RJ_NS_USER].path == NULL) {
		li->in_userns = true;
		if (sync_send(li->sync_fd, SYNC_MAPS, NULL) < 0 ||
		    recv_bind_sources(li, err) < 0)
			return -1;
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			return rj_error_sys(err,
			    "become root in the user "
			    "namespace");
	}
	if (join_namespaces(li, err) < 0 || make_late_namespaces(l, err) < 0 ||
	    enter_by_fork(li, err) < 0)
		return -1;
	trace_mark("namespaces");
	/* In a mount namespace we share (see check_shared_mounts) runj
	 * mounts nothing: the pty is the current root's, /proc is the one
	 * we see before the chroot. */
	bool own_mounts = linux_ns_new(l, RJ_NS_MOUNT);
	if (join_session_keyring(c, err) < 0 || set_names(&c->spec, err) < 0 ||
	    (own_mounts && rootfs_setup(li, err) < 0))
		return -1;
	trace_mark("mounts");
	if (wait_for_limits(li, err) < 0)
		return -1;
	trace_mark("limits-wait");
	if (c->spec.process.terminal && console_setup(li, li->rootfd, err) < 0)
		return rj_error_wrap(err, "process.terminal");
	/* As runc: the runtime hooks run once the mounts are made. */
	if (sync_send(li->sync_fd, SYNC_HOOKS, NULL) < 0 ||
	    read_go(li, err) < 0)
		return -1;
	trace_mark("hooks");
	if (c->spec.hooks[RJ_HOOK_CREATE_CONTAINER].n > 0) {
		_cleanup_free_ char *state = container_state_json(c,
		    RJ_STATUS_CREATING);
		if (hooks_run(&c->spec.hooks[RJ_HOOK_CREATE_CONTAINER],
			RJ_HOOK_CREATE_CONTAINER, state, err) < 0)
			return -1;
	}
	if (own_mounts) {
		/* sysctls go in before readonlyPaths make /proc/sys
		 * read-only. */
		if (rootfs_pivot(li, err) < 0)
			return -1;
		trace_mark("pivot");
		if (apply_sysctl(l, err) < 0 || rootfs_finish(li, err) < 0 ||
		    linux_apply_oom_score_adj(li->proc, err) < 0)
			return -1;
	} else if (apply_sysctl(l, err) < 0 ||
	    linux_apply_oom_score_adj(li->proc, err) < 0 ||
	    rootfs_pivot(li, err) < 0) {
		return -1;
	}
	if (linux_enter_cwd(li->proc->cwd, err) < 0 ||
	    process_find_exec(li->proc, exec_path, err) < 0)
		return -1;
	close(steal_fd(li->rootfd));
	trace_mark("finish");
	return linux_process_prepare(li, err);
}

static int
wait_for_start(struct linux_init *li, struct rj_error **err)
{
	if (li->c->run_mode)
		return sync_expect(li->sync_fd, SYNC_GO, err);
	/* runj create has gone: nobody reads the channel any more. */
	close(steal_fd(li->sync_fd));
	return gate_wait(li->gate_fd, err);
}

void
linux_init_main(struct linux_init *li)
{
	struct rj_error *err = NULL;
	_cleanup_free_ char *path = NULL;
	li->rootfd = li->gate_fd = -1;
	trace_begin();
	if (cgroup_join_self(li->join, &err) < 0) {
		sync_send_error(li->sync_fd, err);
		_exit(1);
	}
	container_child_cleanup(li->c);
	/* The caller's descriptors and runj's go before anything else: the
	 * container's first chdir must find no host directory to follow.
	 * The logger's pipes stay for the redirect (which closes them). */
	int keep[] = { li->sync_fd, li->c->log_fds[0], li->c->log_fds[1] };
	if (linux_close_host_fds(3 + li->preserve_fds, keep, ARRAY_SIZE(keep),
		&err) < 0 ||
	    init_setup(li, &path, &err) < 0) {
		sync_send_error(li->sync_fd, err);
		_exit(1);
	}
	_cleanup_free_ char *marks = trace_take();
	if (sync_send(li->sync_fd, SYNC_READY, marks) < 0)
		_exit(1);
	if (wait_for_start(li, &err) < 0)
		goto fail;
	if (li->c->spec.hooks[RJ_HOOK_START_CONTAINER].n > 0) {
		_cleanup_free_ char *state = container_state_json(li->c,
		    RJ_STATUS_CREATED);
		if (hooks_run(&li->c->spec.hooks[RJ_HOOK_START_CONTAINER],
			RJ_HOOK_START_CONTAINER, state, &err) < 0)
			goto fail;
	}
	linux_process_finish(li, path, &err);
fail:
	if (li->sync_fd >= 0) {
		sync_send_error(li->sync_fd, err);
	} else {
		dprintf(2, "runj: %s\n", err ? err->msg : "init failed");
		if (li->gate_fd >= 0)
			gate_report(li->gate_fd,
			    err ? err->msg : "init failed");
	}
	_exit(1);
}
