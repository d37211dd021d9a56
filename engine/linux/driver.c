/*
 * driver.c: the Linux driver.  create clones the init into new namespaces
 * and answers its requests (uid/gid maps, its pid after a fork, the cgroup
 * and the runtime hooks) until it is ready; the rest works from the cgroup
 * record kept in the driver state.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/caps.h"
#include "linux/cgroup.h"
#include "linux/linux_int.h"
#include "linux/mount_opts.h"
#include "linux/seccomp_filter.h"
#include "msg.h"
#include "run_wait.h"
#include "sync.h"
#include "trace.h"
#include "util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* Each namespace: its clone flag, its name under /proc/PID/ns, and
 * whether clone(2) makes it.  A new cgroup namespace is left to the init,
 * which unshares it once it sits in its cgroup (its root is then the
 * container's cgroup); a time namespace needs unshare and a fork. */
const struct linux_ns linux_ns[RJ_NS_TYPES] = {
	[RJ_NS_PID] = { CLONE_NEWPID, "pid", true },
	[RJ_NS_NETWORK] = { CLONE_NEWNET, "net", true },
	[RJ_NS_MOUNT] = { CLONE_NEWNS, "mnt", true },
	[RJ_NS_IPC] = { CLONE_NEWIPC, "ipc", true },
	[RJ_NS_UTS] = { CLONE_NEWUTS, "uts", true },
	[RJ_NS_USER] = { CLONE_NEWUSER, "user", true },
	[RJ_NS_CGROUP] = { CLONE_NEWCGROUP, "cgroup", false },
	[RJ_NS_TIME] = { 0x00000080 /* CLONE_NEWTIME */, "time", false },
};

/* The order to join namespaces in: the user namespace first (it grants
 * the rights to join the rest), the mount namespace last (it changes our
 * root and /proc). */
const enum rj_ns_type linux_ns_join_order[RJ_NS_TYPES] = { RJ_NS_USER,
	RJ_NS_PID, RJ_NS_NETWORK, RJ_NS_IPC, RJ_NS_UTS, RJ_NS_CGROUP,
	RJ_NS_TIME, RJ_NS_MOUNT };

unsigned long
linux_new_ns_flags(const struct rj_linux *l)
{
	unsigned long flags = 0;
	for (int t = 0; t < RJ_NS_TYPES; t++)
		if (linux_ns_new(l, (enum rj_ns_type)t) && linux_ns[t].at_clone)
			flags |= linux_ns[t].flag;
	return flags;
}

unsigned long
linux_clone_flags(const struct rj_linux *l)
{
	const struct rj_namespace *user = &l->namespaces[RJ_NS_USER];
	if (user->present && user->path != NULL)
		return 0;
	unsigned long flags = linux_new_ns_flags(l);
	/* With a new time namespace the init unshares the pid namespace
	 * itself and forks into both (see enter_by_fork). */
	if (linux_ns_new(l, RJ_NS_TIME))
		flags &= ~(unsigned long)CLONE_NEWPID;
	return flags;
}

pid_t
linux_clone(unsigned long flags)
{
	return (
	    pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

int
linux_fork_into(struct linux_init *li, struct rj_error **err)
{
	/* The child waits until its pid is on the channel, so runj reads it
	 * before any message of the child's own. */
	int order[2];
	if (pipe2(order, O_CLOEXEC) < 0)
		return rj_error_sys(err, "pipe");
	pid_t pid = linux_clone(CLONE_PARENT);
	if (pid < 0) {
		close(order[0]);
		close(order[1]);
		return rj_error_sys(err, "fork into the container");
	}
	if (pid > 0) {
		char num[32];
		snprintf(num, sizeof(num), "%d", (int)pid);
		sync_send(li->sync_fd, SYNC_PID, num);
		_exit(0);
	}
	close(order[1]);
	char c;
	while (read(order[0], &c, 1) < 0 && errno == EINTR)
		;
	close(order[0]);
	return 0;
}

bool
linux_cgroup_v2_only(void)
{
	struct statfs sf;
	return statfs("/sys/fs/cgroup", &sf) == 0 &&
	    (unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC;
}

static bool
host_has(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Only namespaced sysctls may be set: any other would change the host. */
static const struct {
	const char *prefix;
	bool exact;
	enum rj_ns_type ns;
} sysctl_namespaces[] = {
	{ "net.", false, RJ_NS_NETWORK },
	{ "fs.mqueue.", false, RJ_NS_IPC },
	{ "kernel.msgmax", true, RJ_NS_IPC },
	{ "kernel.msgmnb", true, RJ_NS_IPC },
	{ "kernel.msgmni", true, RJ_NS_IPC },
	{ "kernel.sem", true, RJ_NS_IPC },
	{ "kernel.shmall", true, RJ_NS_IPC },
	{ "kernel.shmmax", true, RJ_NS_IPC },
	{ "kernel.shmmni", true, RJ_NS_IPC },
	{ "kernel.shm_rmid_forced", true, RJ_NS_IPC },
	{ "kernel.hostname", true, RJ_NS_UTS },
	{ "kernel.domainname", true, RJ_NS_UTS },
};

static int
check_sysctl(const struct rj_linux *l, struct rj_error **err)
{
	for (size_t i = 0; l->sysctl_keys && l->sysctl_keys[i]; i++) {
		const char *k = l->sysctl_keys[i];
		size_t j;
		for (j = 0; j < ARRAY_SIZE(sysctl_namespaces); j++)
			if (sysctl_namespaces[j].exact
				? strcmp(k, sysctl_namespaces[j].prefix) == 0
				: has_prefix(k, sysctl_namespaces[j].prefix))
				break;
		if (j == ARRAY_SIZE(sysctl_namespaces))
			return rj_error_set(err, EINVAL,
			    "config.json: linux.sysctl.%s: not a namespaced "
			    "sysctl; it would change the host",
			    k);
		const struct rj_namespace *ns =
		    &l->namespaces[sysctl_namespaces[j].ns];
		if (!ns->present || ns->path != NULL)
			return rj_error_set(err, EINVAL,
			    "config.json: linux.sysctl.%s: needs a new %s "
			    "namespace",
			    k, spec_ns_name(sysctl_namespaces[j].ns));
	}
	return 0;
}

/* Without a new mount namespace the container shares its caller's (the
 * type not listed) or joins one by path: runj makes no mount there, and
 * pivots no root others share, but chroots into root.path (as runc and
 * crun do).  What would need a mount is refused, as runc refuses
 * maskedPaths and readonlyPaths without one. */
static int
check_shared_mounts(const struct rj_spec *s, struct rj_error **err)
{
	const struct rj_linux *l = &s->linux_;
	const struct {
		bool set;
		const char *field;
	} needs_mounts[] = {
		{ s->n_mounts > 0, "mounts" },
		{ strv_len(l->masked_paths) > 0, "linux.maskedPaths" },
		{ strv_len(l->readonly_paths) > 0, "linux.readonlyPaths" },
		{ s->root_readonly, "root.readonly" },
		{ l->rootfs_propagation != NULL, "linux.rootfsPropagation" },
		{ l->n_devices > 0, "linux.devices" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(needs_mounts); i++)
		if (needs_mounts[i].set)
			return rj_error_set(err, EINVAL,
			    "config.json: %s: needs a new mount namespace "
			    "(runj mounts nothing in a namespace it shares)",
			    needs_mounts[i].field);
	return 0;
}

static int
linux_check(const struct rj_spec *s, struct rj_error **err)
{
	const struct rj_linux *l = &s->linux_;
	const struct rj_namespace *ns = l->namespaces;
	if (!s->has_linux)
		return rj_error_set(err, EINVAL,
		    "config.json: linux: required on Linux");
	if (!linux_ns_new(l, RJ_NS_MOUNT) && check_shared_mounts(s, err) < 0)
		return -1;
	if ((s->hostname != NULL || s->domainname != NULL) &&
	    (!ns[RJ_NS_UTS].present || ns[RJ_NS_UTS].path != NULL))
		return rj_error_set(err, EINVAL,
		    "config.json: hostname: needs a new uts namespace");
	if (l->has_time_offsets &&
	    (!ns[RJ_NS_TIME].present || ns[RJ_NS_TIME].path != NULL))
		return rj_error_set(err, EINVAL,
		    "config.json: linux.timeOffsets: needs a new time "
		    "namespace");
	if (ns[RJ_NS_USER].present && ns[RJ_NS_USER].path == NULL &&
	    (l->n_uid_mappings == 0 || l->n_gid_mappings == 0))
		return rj_error_set(err, EINVAL,
		    "config.json: linux.uidMappings: a new user namespace "
		    "needs uidMappings and gidMappings");
	if (s->process.apparmor_profile != NULL &&
	    !host_has("/sys/kernel/security/apparmor"))
		return rj_error_set(err, ENOTSUP,
		    "config.json: process.apparmorProfile: AppArmor is not "
		    "enabled on this host");
	if ((s->process.selinux_label != NULL || l->mount_label != NULL) &&
	    !host_has("/sys/fs/selinux/enforce"))
		return rj_error_set(err, ENOTSUP,
		    "config.json: %s: SELinux is not enabled on this host",
		    s->process.selinux_label ? "process.selinuxLabel"
					     : "linux.mountLabel");
	if (check_sysctl(l, err) < 0)
		return -1;
	if (l->seccomp.present && seccomp_check(&l->seccomp, err) < 0)
		return rj_error_wrap(err, "config.json");
	if (cgroup_check(l, "check", err) < 0)
		return rj_error_wrap(err, "config.json");
	return 0;
}

static int
write_map(pid_t pid, const char *file, const struct rj_id_mapping *m, size_t n,
    struct rj_error **err)
{
	char buf[4096];
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n",
		    m[i].container_id, m[i].host_id, m[i].size);
		if (w < 0 || (size_t)w >= sizeof(buf) - len)
			return rj_error_set(err, E2BIG,
			    "linux.%s: too many mappings for the kernel",
			    strcmp(file, "uid_map") == 0 ? "uidMappings"
							 : "gidMappings");
		len += (size_t)w;
	}
	_cleanup_free_ char *path = xasprintf("/proc/%d/%s", (int)pid, file);
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		return rj_error_sys(err, "linux.%s: write %s",
		    strcmp(file, "uid_map") == 0 ? "uidMappings"
						 : "gidMappings",
		    path);
	return 0;
}

/* A send that fails means the init has gone: its own error, if it sent
 * one before it exited, says why better than EPIPE does. */
static int
init_gone(struct rj_container *c, struct rj_error **err)
{
	enum sync_type type;
	if (sync_recv(c->sync_fd, &type, NULL, err) < 0)
		return -1;
	return rj_error_set(err, EPIPE, "the container init went away");
}

static int
send_go(struct rj_container *c, const char *key, json_t *value,
    struct rj_error **err)
{
	json_t *o = json_pack("{s:O}", key, value);
	_cleanup_free_ char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (sync_send(c->sync_fd, SYNC_GO, text) < 0)
		return init_gone(c, err);
	return 0;
}

/* The bind sources a mapped root may not reach, opened with our rights
 * but looked up from the init's root, so each names a mount of its
 * namespace (a bind may come from no other).  RESOLVE_IN_ROOT keeps an
 * absolute symlink on the way in there too.  A source we cannot open is
 * left to the init, whose own error names it. */
static int
send_bind_sources(struct rj_container *c, struct rj_error **err)
{
	const struct rj_spec *s = &c->spec;
	_cleanup_close_ int root = -1;
	for (size_t i = 0; i < s->n_mounts; i++) {
		if (!rootfs_bind_source_wanted(s, i))
			continue;
		if (root < 0) {
			_cleanup_free_ char *path = xasprintf("/proc/%d/root",
			    (int)c->pid);
			root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (root < 0)
				return rj_error_sys(err, "open %s", path);
		}
		const char *src = s->mounts[i].source;
		_cleanup_free_ char *abs = src[0] == '/'
		    ? xstrdup(src)
		    : xasprintf("%s/%s", c->bundle, src);
		struct open_how how = { .flags = O_PATH | O_CLOEXEC,
			.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
		_cleanup_close_ int fd = linux_openat2(root, abs, &how);
		if (fd < 0)
			continue;
		char tag[32];
		snprintf(tag, sizeof(tag), "%zu", i);
		if (sync_send_fd_tagged(c->sync_fd, fd, tag) < 0)
			return init_gone(c, err);
	}
	return 0;
}

static int
save_container(void *c, struct rj_error **err)
{
	return container_save(c, err);
}

/* Answers the init until it is ready.  The cgroup's limits are set
 * while the init mounts its root (it waits for them only to mount the
 * cgroup filesystem, or before asking for the hooks), so the two overlap
 * on a multi-core host. */
static int
serve_init(struct rj_container *c, pid_t first, struct rj_error **err)
{
	const struct rj_linux *l = &c->spec.linux_;
	if (l->namespaces[RJ_NS_USER].present &&
	    l->namespaces[RJ_NS_USER].path == NULL) {
		if (sync_expect(c->sync_fd, SYNC_MAPS, err) < 0 ||
		    write_map(c->pid, "uid_map", l->uid_mappings,
			l->n_uid_mappings, err) < 0 ||
		    write_map(c->pid, "gid_map", l->gid_mappings,
			l->n_gid_mappings, err) < 0 ||
		    send_bind_sources(c, err) < 0)
			return -1;
		if (sync_send(c->sync_fd, SYNC_GO, NULL) < 0)
			return init_gone(c, err);
	}
	if (cgroup_limit(l, c->driver_state, err) < 0 ||
	    container_save(c, err) < 0)
		return -1;
	if (sync_send(c->sync_fd, SYNC_GO, NULL) < 0)
		return init_gone(c, err);
	trace_mark("limits");
	for (;;) {
		enum sync_type type;
		_cleanup_free_ char *payload = NULL;
		int fd = -1;
		if (sync_recv_any(c->sync_fd, &type, &payload, &fd, err) < 0)
			return -1;
		switch (type) {
		case SYNC_PID:
			/* The init forked into its namespaces; the new one
			 * inherited the first one's cgroup. */
			c->pid = (pid_t)atoi(payload ? payload : "0");
			run_reap(first);
			break;
		case SYNC_HOOKS: {
			c->start_time = proc_start_time(c->pid);
			json_t *pid = json_integer(c->pid);
			int rc = container_runtime_hooks(c, err) < 0 ||
				send_go(c, "pid", pid, err) < 0
			    ? -1
			    : 0;
			json_decref(pid);
			if (rc < 0)
				return -1;
			break;
		}
		case SYNC_FD:
			if (payload != NULL &&
			    strcmp(payload, SYNC_TAG_SECCOMP) == 0) {
				int rc = seccomp_agent_send(c,
				    RJ_STATUS_CREATING, c->pid, fd, err);
				close(fd);
				if (rc < 0)
					return -1;
				break;
			}
			if (c->console_fd >= 0)
				close(c->console_fd);
			c->console_fd = fd;
			break;
		case SYNC_READY:
			trace_merge("init", payload);
			return 0;
		default:
			if (fd >= 0)
				close(fd);
			return rj_error_set(err, EPROTO,
			    "unexpected message '%c' from the container init",
			    type);
		}
	}
}

static pid_t
clone_into(void *arg)
{
	struct linux_spawn *how = arg;
	return cgroup_join_clone(how->join, how->flags);
}

pid_t
linux_spawn(struct linux_spawn *how, int *sock, struct rj_error **err)
{
	return sync_spawn(clone_into, how, sock, err);
}

static void
undo_create(struct rj_container *c, pid_t first)
{
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		run_reap(c->pid);
	}
	if (first > 0 && first != c->pid) {
		kill(first, SIGKILL);
		run_reap(first);
	}
	struct rj_error *e = NULL;
	cgroup_destroy(c->driver_state, &e);
	rj_error_free(e);
}

/* The cgroup is made before the init, which is in it from its first
 * instruction (see struct cg_join); its record reaches state.json before
 * any directory is made, so a create killed here leaves what delete
 * --force undoes. */
static int
linux_create(struct rj_container *c, struct rj_error **err)
{
	caps_warn_ambient(&c->spec.process.caps, "process");
	const struct rj_linux *l = &c->spec.linux_;
	struct cg_record rec = { save_container, c };
	_cleanup_cg_join_ struct cg_join join = CG_JOIN_INIT;
	if (cgroup_make(l, c->id, c->driver_state, &rec, err) < 0)
		return -1;
	if (cgroup_join_open(c->driver_state, NULL, &join, err) < 0) {
		undo_create(c, 0);
		return -1;
	}
	trace_mark("cgroup");
	struct linux_spawn how = { linux_clone_flags(l), &join };
	int sock;
	pid_t pid = linux_spawn(&how, &sock, err);
	if (pid < 0) {
		undo_create(c, 0);
		return -1;
	}
	if (pid == 0) {
		struct linux_init li = { .c = c,
			.proc = &c->spec.process,
			.sync_fd = sock,
			.join = &join,
			.preserve_fds = c->opts.preserve_fds,
			.console_socket = c->opts.console_socket,
			.console_sock_fd = -1 };
		linux_init_main(&li);
	}
	cgroup_join_close(&join);
	trace_mark("clone");
	c->pid = pid;
	c->sync_fd = sock;
	if (serve_init(c, pid, err) < 0) {
		undo_create(c, pid);
		return -1;
	}
	if (c->start_time == 0)
		c->start_time = proc_start_time(c->pid);
	if (!c->run_mode)
		close(steal_fd(c->sync_fd));
	return 0;
}

static int
linux_signal(struct rj_container *c, int sig, bool all, struct rj_error **err)
{
	/* kill(0) or kill(-1) would reach far beyond the container. */
	if (!all && c->pid <= 0)
		return rj_error_set(err, ESRCH, "container %s has no process",
		    c->id);
	/* The recorded pid is signalled only while it is in the container's
	 * cgroup (or below it): a state that names another process does not
	 * make runj signal it. */
	bool init_ours = c->pid > 0 &&
	    proc_start_time(c->pid) == c->start_time &&
	    cgroup_owns(c->driver_state, c->pid);
	if (!all) {
		if (proc_start_time(c->pid) != c->start_time)
			return rj_error_set(err, ESRCH,
			    "container not running");
		if (!init_ours)
			return rj_error_set(err, ESRCH,
			    "container %s: its init (pid %d) is not in its "
			    "cgroup: not signalled",
			    c->id, (int)c->pid);
		if (kill(c->pid, sig) < 0)
			return errno == ESRCH
			    ? rj_error_set(err, ESRCH, "container not running")
			    : rj_error_sys(err, "kill %d", (int)c->pid);
		return 0;
	}
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;
	if (cgroup_pids(c->driver_state, &pids, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		kill(pids[i], sig);
	if (n == 0 && init_ours)
		kill(c->pid, sig);
	return 0;
}

static int
linux_pause(struct rj_container *c, bool on, struct rj_error **err)
{
	return cgroup_freeze(c->driver_state, on, err);
}

static bool
linux_paused(struct rj_container *c)
{
	return cgroup_frozen(c->driver_state);
}

static int
linux_stats(struct rj_container *c, struct rj_stats *st, struct rj_error **err)
{
	return cgroup_stats(c->driver_state, st, err);
}

static int
linux_destroy(struct rj_container *c, struct rj_error **err)
{
	/* Mounts die with the mount namespace; the cgroup outlives it.  A
	 * broken state.json lost the record: the cgroup is found again from
	 * the spec where only runj could have made it. */
	if (c->status == RJ_STATUS_BROKEN &&
	    json_object_get(c->driver_state, "cgroup") == NULL &&
	    c->spec.has_linux) {
		int rc = cgroup_recover(&c->spec.linux_, c->id, c->driver_state,
		    err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			msg_warn("container %s: its cgroup record is lost and "
				 "%s is not runj's own: left as it is",
			    c->id, c->spec.linux_.cgroups_path);
	}
	return cgroup_destroy(c->driver_state, err);
}

static int
linux_pids(struct rj_container *c, pid_t **pids, size_t *n,
    struct rj_error **err)
{
	return cgroup_pids(c->driver_state, pids, n, err);
}

static int
linux_update(struct rj_container *c, const struct rj_resources *r,
    struct rj_error **err)
{
	if (cgroup_check_resources(r, "resources", err) < 0)
		return -1;
	return cgroup_update(c->driver_state, r, err);
}

static void
linux_features(json_t *f)
{
	static const char *const ns[] = { "cgroup", "ipc", "mount", "network",
		"pid", "user", "uts", "time" };
	json_t *nsa = json_array();
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		json_array_append_new(nsa, json_string(ns[i]));
	json_t *linux_ = json_pack("{s:o, s:o, s:o, s:{s:b, s:b, s:b, s:b}, "
				   "s:{s:b}, s:{s:b}, s:{s:b}, s:{s:{s:b}}}",
	    "namespaces", nsa, "capabilities", caps_features(), "seccomp",
	    seccomp_features(), "cgroup", "v1", 1, "v2", 1, "systemd", 0,
	    "systemdUser", 0, "apparmor", "enabled",
	    host_has("/sys/kernel/security/apparmor"), "selinux", "enabled",
	    host_has("/sys/fs/selinux/enforce"), "intelRdt", "enabled", 0,
	    "mountExtensions", "idmap", "enabled", 0);
	json_object_set_new(f, "linux", linux_);
	json_object_set_new(f, "mountOptions", mount_opts_names());
}

const struct rj_driver linux_driver = {
	.name = "linux",
	.check = linux_check,
	.create = linux_create,
	.exec = linux_exec,
	.signal = linux_signal,
	.pause = linux_pause,
	.paused = linux_paused,
	.checkpoint = linux_checkpoint,
	.restore = linux_restore,
	.stats = linux_stats,
	.pids = linux_pids,
	.update = linux_update,
	.features = linux_features,
	.destroy = linux_destroy,
};
