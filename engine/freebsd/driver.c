/*
 * driver.c: the FreeBSD jail driver (struct rj_driver).  create carries
 * out the container's jail_plan step by step, recording each step in the
 * driver state so that destroy (or a failed create) undoes exactly what
 * exists, in reverse: rctl rules, addresses, the jail, mounts, the devfs
 * ruleset.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "freebsd/jail_name.h"
#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "msg.h"
#include "sync.h"
#include "util.h"

/* A path as the kernel reports it (f_mntonname is without links). */
static char *
real(const char *path)
{
	char buf[PATH_MAX];
	return xstrdup(realpath(path, buf) != NULL ? buf : path);
}

static int
plan_for(struct rj_container *c, const char *rootfs, struct jail_plan *plan,
    struct rj_error **err)
{
	_cleanup_free_ char *dir = real(c->dir);
	_cleanup_free_ char *ext_path = xasprintf("%s/runj.ext.json",
	    c->bundle);
	_cleanup_free_ char *ext = NULL;
	if (access(ext_path, F_OK) == 0 &&
	    read_file(ext_path, &ext, NULL, err) < 0)
		return rj_error_wrap(err, "runj.ext.json");
	struct jail_plan_input in = {
		.spec = &c->spec,
		.id = c->id,
		.bundle = c->bundle,
		.rootfs = rootfs,
		.state_dir = dir,
		.ext_json = ext,
	};
	return jail_plan_build(&in, plan, err);
}

/* What the plan cannot know without the kernel.  Without racct, limits
 * mapped from linux.resources are dropped with a warning (as ocijail,
 * which does not apply them at all), while a runj.rctl.* annotation,
 * asked for explicitly, is an error.  ocijail's default allow.chflags
 * goes only where the parent jail has it. */
static int
plan_settle(struct jail_plan *plan, bool warn, struct rj_error **err)
{
	if (plan->rctl_rules != NULL) {
		struct rj_error *e = NULL;
		if (fb_racct_enabled(&e) < 0) {
			if (plan->rctl_explicit) {
				*err = e;
				return -1;
			}
			if (warn)
				msg_warn("linux.resources: %s; the limits are "
					 "not applied",
				    e->msg);
			rj_error_free(e);
			strv_free(steal_ptr(plan->rctl_rules));
		}
	}
	if (plan->chflags_default && plan->parent != NULL &&
	    fb_jail_bool(plan->parent, "allow.chflags") == 0) {
		for (size_t i = 0; i < plan->n_params; i++) {
			if (strcmp(plan->params[i].name, "allow.chflags") != 0)
				continue;
			free(plan->params[i].name);
			free(plan->params[i].value);
			plan->params[i] = plan->params[--plan->n_params];
			break;
		}
	}
	for (size_t i = 0; warn && plan->warnings && plan->warnings[i]; i++)
		msg_warn("%s", plan->warnings[i]);
	return 0;
}

static int
jail_check(const struct rj_spec *spec, struct rj_error **err)
{
	/* Everything but the ID and the paths: those come at create. */
	struct jail_plan plan;
	struct jail_plan_input in = {
		.spec = spec,
		.id = "check",
		.bundle = "/",
		.rootfs = "/",
		.state_dir = "/",
	};
	if (jail_plan_build(&in, &plan, err) < 0)
		return -1;
	int rc = plan_settle(&plan, false, err);
	jail_plan_free(&plan);
	return rc;
}

static json_t *
state_array(struct rj_container *c, const char *key)
{
	json_t *a = json_object_get(c->driver_state, key);
	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(c->driver_state, key, a);
	}
	return a;
}

/* The init's side of create, in the parent: the hooks between, and the
 * pty when run has no console socket. */
static int
init_handshake(struct rj_container *c, int sock, struct rj_error **err)
{
	enum sync_type type;
	_cleanup_free_ char *payload = NULL;
	for (;;) {
		int fd = -1;
		free(steal_ptr(payload));
		if (sync_recv_any(sock, &type, &payload, &fd, err) < 0)
			return -1;
		if (type == SYNC_FD) {
			c->console_fd = fd;
			continue;
		}
		if (fd >= 0)
			close(fd);
		if (type != SYNC_HOOKS)
			return rj_error_set(err, EPROTO,
			    "init: unexpected message %c", type);
		break;
	}
	if (container_runtime_hooks(c, err) < 0)
		return -1;
	if (sync_send(sock, SYNC_GO, NULL) < 0)
		return rj_error_sys(err, "init");
	return sync_expect(sock, SYNC_READY, err);
}

static int
spawn_init(struct rj_container *c, int jid, struct rj_error **err)
{
	/* run collects the exit status of whatever the init leaves. */
	if (c->run_mode && kern_procctl_reap_acquire() < 0 && errno != EBUSY)
		return rj_error_sys(err, "procctl PROC_REAP_ACQUIRE");
	int sock;
	pid_t pid = sync_spawn(NULL, 0, &sock, err);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		container_child_cleanup(c);
		struct fb_child ch = {
			.c = c,
			.p = &c->spec.process,
			.jid = jid,
			.sock = sock,
			.console_socket = c->opts.console_socket,
			.preserve_fds = c->opts.preserve_fds,
		};
		fb_child_main(&ch);
	}
	c->pid = pid;
	c->start_time = proc_start_time(pid);
	if (init_handshake(c, sock, err) < 0) {
		close(sock);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		c->pid = 0;
		return rj_error_wrap(err, "create %s", c->id);
	}
	if (c->run_mode)
		c->sync_fd = sock;
	else
		close(sock);
	return 0;
}

/* Each step is recorded (and saved) before it happens, so a runj killed
 * at any point leaves a state from which destroy undoes exactly what
 * exists. */
static int
mount_steps(struct rj_container *c, const struct jail_plan *plan,
    const char *rootfs, unsigned ruleset, struct rj_error **err)
{
	json_t *done = state_array(c, "mounts");
	for (size_t i = 0; i < plan->n_mounts; i++) {
		const struct mount_step *m = &plan->mounts[i];
		json_t *entry = json_object();
		json_array_append_new(done, entry);
		if (fb_mount_point(m, rootfs, plan->path, entry, err) < 0 ||
		    container_save(c, err) < 0 ||
		    fb_mount_do(m, ruleset, entry, err) < 0 ||
		    container_save(c, err) < 0)
			return -1;
	}
	return 0;
}

static int
network_steps(struct rj_container *c, const struct jail_plan *plan, int jid,
    struct rj_error **err)
{
	json_t *ifs = state_array(c, "vnet_ifs");
	for (size_t i = 0; plan->vnet_interfaces && plan->vnet_interfaces[i];
	     i++) {
		json_array_append_new(ifs,
		    json_string(plan->vnet_interfaces[i]));
		if (container_save(c, err) < 0 ||
		    fb_vnet_move(plan->vnet_interfaces[i], jid, err) < 0)
			return -1;
	}
	if (plan->interface == NULL)
		return 0;
	json_t *done = state_array(c, "aliases");
	char **lists[2] = { plan->ip4_addr, plan->ip6_addr };
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; lists[f] && lists[f][i]; i++) {
			json_array_append_new(done,
			    json_pack("{s:s, s:i, s:s}", "if", plan->interface,
				"family", f ? 6 : 4, "addr", lists[f][i]));
			if (container_save(c, err) < 0 ||
			    fb_alias(plan->interface, f ? 6 : 4, lists[f][i],
				true, err) < 0)
				return -1;
		}
	}
	return 0;
}

static int
jail_create_steps(struct rj_container *c, const struct jail_plan *plan,
    const char *rootfs, struct rj_error **err)
{
	json_t *ds = c->driver_state;
	unsigned ruleset = 0;
	int jid;
	json_object_set_new(ds, "jail", json_string(plan->full_name));
	if (container_save(c, err) < 0)
		return -1;
	if (plan->devfs_own) {
		json_t *rec = json_object();
		json_object_set_new(ds, "devfs", rec);
		if (fb_devfs_ruleset_make(c, plan, rec, &ruleset, err) < 0)
			return -1;
	}
	if (mount_steps(c, plan, rootfs, ruleset, err) < 0)
		return -1;
	if (fb_jail_create(plan, &jid, err) < 0)
		return -1;
	json_object_set_new(ds, "jid", json_integer(jid));
	if (container_save(c, err) < 0 || network_steps(c, plan, jid, err) < 0)
		return -1;
	if (plan->rctl_rules != NULL) {
		json_object_set_new(ds, "rctl", json_true());
		json_object_set_new(ds, "memory_limit",
		    json_integer(
			(json_int_t)rctl_memory_limit(plan->rctl_rules)));
		if (container_save(c, err) < 0 ||
		    fb_rctl_apply(plan->rctl_rules, err) < 0)
			return -1;
	}
	return spawn_init(c, jid, err);
}

static int jail_destroy(struct rj_container *c, struct rj_error **err);

static int
jail_create(struct rj_container *c, struct rj_error **err)
{
	struct jail_plan plan;
	_cleanup_free_ char *rootfs = real(c->rootfs);
	if (plan_for(c, rootfs, &plan, err) < 0)
		return rj_error_wrap(err, "create %s", c->id);
	if (c->driver_state == NULL)
		c->driver_state = json_object();
	int rc = 0;
	if (plan_settle(&plan, true, err) < 0 ||
	    jail_create_steps(c, &plan, rootfs, err) < 0)
		rc = -1;
	jail_plan_free(&plan);
	if (rc < 0) {
		struct rj_error *e = NULL;
		jail_destroy(c, &e);
		rj_error_free(e);
	}
	return rc;
}

/* The jail's ID now, from its recorded name. */
static int
current_jid(struct rj_container *c, struct rj_error **err)
{
	const char *name = json_string_value(
	    json_object_get(c->driver_state, "jail"));
	int jid = name != NULL ? fb_jail_find(name) : -1;
	if (jid < 0)
		return rj_error_set(err, ESRCH,
		    "container %s: its jail is gone", c->id);
	return jid;
}

static int
jail_exec(struct rj_container *c, const struct rj_process *p,
    const struct rj_exec_opts *opts, pid_t *pid, struct rj_error **err)
{
	int jid = current_jid(c, err);
	if (jid < 0)
		return -1;
	int sock;
	pid_t child = sync_spawn(NULL, 0, &sock, err);
	if (child < 0)
		return -1;
	if (child == 0) {
		container_child_cleanup(c);
		struct fb_child ch = {
			.c = c,
			.p = p,
			.jid = jid,
			.sock = sock,
			.is_exec = true,
			.console_socket = opts->console_socket,
			.preserve_fds = opts->preserve_fds,
		};
		fb_child_main(&ch);
	}
	/* EOF: the exec happened; a message: why it did not. */
	enum sync_type type;
	struct rj_error *e = NULL;
	int rc = 0;
	for (;;) {
		_cleanup_free_ char *payload = NULL;
		int fd = -1;
		if (sync_recv_any(sock, &type, &payload, &fd, &e) < 0)
			break;
		if (type == SYNC_FD)
			c->console_fd = fd;
		else if (fd >= 0)
			close(fd);
	}
	if (e != NULL && e->errnum != EPIPE) {
		*err = e;
		waitpid(child, NULL, 0);
		rc = rj_error_wrap(err, "exec in %s", c->id);
	} else {
		rj_error_free(e);
		*pid = child;
	}
	close(sock);
	return rc;
}

static int
jail_signal(struct rj_container *c, int sig, bool all, struct rj_error **err)
{
	int jid = current_jid(c, NULL);
	if (!all) {
		/* The recorded pid is signalled only while it is the init
		 * (same start time) and in the container's jail: a state
		 * that names another process does not make runj signal it. */
		struct kern_proc kp;
		if (c->pid <= 0 || proc_start_time(c->pid) != c->start_time)
			return rj_error_set(err, ESRCH,
			    "container not running");
		if (jid < 0 || kern_proc_get(c->pid, &kp) < 0 || kp.jid != jid)
			return rj_error_set(err, ESRCH,
			    "container %s: its init (pid %d) is not in its "
			    "jail: not signalled",
			    c->id, (int)c->pid);
		if (kill(c->pid, sig) < 0)
			return errno == ESRCH
			    ? rj_error_set(err, ESRCH, "container not running")
			    : rj_error_sys(err, "kill %d", (int)c->pid);
		return 0;
	}
	if (jid < 0)
		return 0; /* nothing runs in a jail that is gone */
	_cleanup_free_ pid_t *pids = NULL;
	size_t n;
	if (fb_jail_pids(jid, &pids, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (kill(pids[i], sig) < 0 && errno != ESRCH)
			return rj_error_sys(err, "kill %d in %s", (int)pids[i],
			    c->id);
	return 0;
}

/* Jails have no freezer: every process is stopped and continued. */
static int
jail_pause(struct rj_container *c, bool on, struct rj_error **err)
{
	return jail_signal(c, on ? SIGSTOP : SIGCONT, true, err);
}

static bool
jail_paused(struct rj_container *c)
{
	int jid = current_jid(c, NULL);
	return jid >= 0 && fb_jail_stopped(jid);
}

static int
jail_pids(struct rj_container *c, pid_t **pids, size_t *n,
    struct rj_error **err)
{
	int jid = current_jid(c, NULL);
	if (jid < 0) {
		*pids = NULL;
		*n = 0;
		return 0; /* nothing runs in a jail that is gone */
	}
	return fb_jail_pids(jid, pids, n, err);
}

static int
jail_update(struct rj_container *c, const struct rj_resources *r,
    struct rj_error **err)
{
	const char *name = json_string_value(
	    json_object_get(c->driver_state, "jail"));
	if (name == NULL)
		return rj_error_set(err, ESRCH, "container %s: no jail", c->id);
	int64_t limit = json_integer_value(
	    json_object_get(c->driver_state, "memory_limit"));
	if (fb_rctl_update(name, r, &limit, err) < 0)
		return rj_error_wrap(err, "update %s", c->id);
	json_object_set_new(c->driver_state, "rctl", json_true());
	json_object_set_new(c->driver_state, "memory_limit",
	    json_integer(limit));
	return container_save(c, err);
}

static int
jail_stats(struct rj_container *c, struct rj_stats *st, struct rj_error **err)
{
	const char *name = json_string_value(
	    json_object_get(c->driver_state, "jail"));
	if (name == NULL)
		return rj_error_set(err, ESRCH, "container %s: no jail", c->id);
	if (fb_rctl_usage(name, st, err) < 0)
		return -1;
	uint64_t limit = (uint64_t)json_integer_value(
	    json_object_get(c->driver_state, "memory_limit"));
	if (limit > 0)
		st->memory.limit = limit;
	return 0;
}

/* Keeps the first error, carries on undoing. */
static void
keep(int rc, struct rj_error **first, struct rj_error **e)
{
	if (rc < 0 && *first == NULL)
		*first = steal_ptr(*e);
	rj_error_free(*e);
	*e = NULL;
}

/* How long delete waits for the jail to die: its processes are killed,
 * but the jail is gone only once the last is reaped, by its parent --
 * maybe another program's reaper. */
#define DYING_WAIT_MS 10000

static int
jail_destroy(struct rj_container *c, struct rj_error **err)
{
	json_t *ds = c->driver_state;
	if (ds == NULL)
		return 0;
	struct rj_error *first = NULL, *e = NULL;
	const char *name = json_string_value(json_object_get(ds, "jail"));
	if (name != NULL && json_is_true(json_object_get(ds, "rctl")))
		keep(fb_rctl_remove(name, &e), &first, &e);
	json_t *v;
	size_t i;
	json_array_foreach(json_object_get(ds, "aliases"), i, v)
	    keep(fb_alias(json_string_value(json_object_get(v, "if")),
		     (int)json_integer_value(json_object_get(v, "family")),
		     json_string_value(json_object_get(v, "addr")), false, &e),
		&first, &e);
	int jid = name != NULL ? fb_jail_find_dying(name) : -1;
	if (jid >= 0) {
		/* The interfaces first: left in the vnet, they would come
		 * back only when the jail is gone. */
		json_array_foreach(json_object_get(ds, "vnet_ifs"), i, v)
		    keep(fb_vnet_reclaim(json_string_value(v), jid, &e), &first,
			&e);
		keep(fb_jail_remove(jid, name, &e), &first, &e);
		if (c->pid > 0)
			waitpid(c->pid, NULL, WNOHANG);
		if (fb_jail_wait_gone(jid, name, DYING_WAIT_MS) < 0)
			msg_warn("jail %s (jid %d) is still dying after %d s: "
				 "a process of it is not reaped yet",
			    name, jid, DYING_WAIT_MS / 1000);
	}
	/* Each unmount is recorded as it happens: a delete killed half-way
	 * must not leave a later one an fsid the kernel may have given to
	 * another mount since. */
	json_t *mounts = json_object_get(ds, "mounts");
	for (i = json_array_size(mounts); i-- > 0;) {
		json_t *m = json_array_get(mounts, i);
		if (json_is_true(json_object_get(m, "unmounted")))
			continue;
		int rc = fb_mount_undo(m, &e);
		keep(rc, &first, &e);
		if (rc == 0) {
			json_object_set_new(m, "unmounted", json_true());
			container_save(c, NULL); /* at worst, retried */
		}
	}
	keep(fb_devfs_ruleset_remove(json_object_get(ds, "devfs"), &e), &first,
	    &e);
	/* The read-only root alias's mount point, if there is one. */
	_cleanup_free_ char *alias = xasprintf("%s/root", c->dir);
	rmdir(alias);
	json_object_clear(ds);
	if (first != NULL) {
		*err = first;
		return rj_error_wrap(err, "delete %s", c->id);
	}
	return 0;
}

const struct rj_driver jail_driver = {
	.name = "jail",
	.check = jail_check,
	.create = jail_create,
	.exec = jail_exec,
	.signal = jail_signal,
	.pause = jail_pause,
	.paused = jail_paused,
	.stats = jail_stats,
	.pids = jail_pids,
	.update = jail_update,
	.destroy = jail_destroy,
};
