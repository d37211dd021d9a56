/*
 * container.c: the lifecycle.  config.json -> struct rj_spec -> the driver,
 * with the state store and the hooks at the points runtime-spec names.
 * Every command that changes a container holds its lock throughout.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver.h"
#include "gate.h"
#include "hooks.h"
#include "logger.h"
#include "msg.h"
#include "run_wait.h"
#include "state.h"
#include "sync.h"
#include "trace.h"
#include "util.h"

void
container_init(struct rj_container *c)
{
	memset(c, 0, sizeof(*c));
	c->sync_fd = c->console_fd = c->lock_fd = -1;
	c->log_fds[0] = c->log_fds[1] = -1;
}

void
container_free(struct rj_container *c)
{
	free(c->root);
	free(c->id);
	free(c->dir);
	free(c->bundle);
	free(c->rootfs);
	free(c->problem);
	spec_free(&c->spec);
	if (c->driver_state != NULL)
		json_decref(c->driver_state);
	if (c->sync_fd >= 0)
		close(c->sync_fd);
	if (c->console_fd >= 0)
		close(c->console_fd);
	container_init(c);
}

int
container_save(const struct rj_container *c, struct rj_error **err)
{
	return state_save(c, err);
}

void
container_child_cleanup(struct rj_container *c)
{
	if (c->lock_fd >= 0)
		close(steal_fd(c->lock_fd));
}

/* The OCI state a hook reads on stdin. */
char *
container_state_json(const struct rj_container *c, enum rj_status status)
{
	json_error_t jerr;
	json_t *ann = json_loads(c->spec.annotations ? c->spec.annotations
						     : "{}",
	    0, &jerr);
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o}", "ociVersion",
	    RJ_OCI_VERSION, "id", c->id, "status", rj_status_name(status),
	    "pid", (int)c->pid, "bundle", c->bundle ? c->bundle : "",
	    "annotations", ann ? ann : json_object());
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

static int
container_run_hooks(const struct rj_container *c, enum rj_hook_kind kind,
    enum rj_status status, struct rj_error **err)
{
	if (c->spec.hooks[kind].n == 0)
		return 0;
	_cleanup_free_ char *state = container_state_json(c, status);
	return hooks_run(&c->spec.hooks[kind], kind, state, err);
}

/* Called by the driver once the init's namespaces (or jail) exist and the
 * init waits: prestart, then createRuntime, in the runtime's namespace. */
int
container_runtime_hooks(struct rj_container *c, struct rj_error **err)
{
	if (container_run_hooks(c, RJ_HOOK_PRESTART, RJ_STATUS_CREATING, err) <
		0 ||
	    container_run_hooks(c, RJ_HOOK_CREATE_RUNTIME, RJ_STATUS_CREATING,
		err) < 0)
		return -1;
	return 0;
}

static int
write_pid_file(const char *path, pid_t pid, struct rj_error **err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
	if (rj_write_file_atomic(path, buf, (size_t)n, 0644, err) < 0)
		return rj_error_wrap(err, "pid file");
	return 0;
}

/* Everything create checks before it touches the system. */
static int
create_prepare(struct rj_container *c, const char *root, const char *id,
    const struct rj_create_opts *opts, bool run_mode, char **config_text,
    struct rj_error **err)
{
	container_init(c);
	c->run_mode = run_mode;
	if (rj_id_check(id, err) < 0)
		return -1;
	c->root = xstrdup(root);
	c->id = xstrdup(id);
	c->dir = rj_state_dir(root, id);
	c->opts = *opts;
	char real[PATH_MAX];
	const char *bundle = opts->bundle != NULL ? opts->bundle : ".";
	if (realpath(bundle, real) == NULL)
		return rj_error_sys(err, "bundle %s", bundle);
	/* The state and the hooks' input are JSON, which needs UTF-8. */
	json_t *probe = json_string(real);
	if (probe == NULL)
		return rj_error_set(err, EINVAL,
		    "bundle %s: the path is not valid UTF-8", bundle);
	json_decref(probe);
	c->bundle = xstrdup(real);
	c->opts.bundle = c->bundle;
	_cleanup_free_ char *cfg = xasprintf("%s/config.json", c->bundle);
	if (read_regular_file(cfg, RJ_CONFIG_MAX, config_text, NULL, err) < 0) {
		if ((*err)->errnum == ENOENT)
			return rj_error_set(err, ENOENT,
			    "config.json: not found in bundle %s", c->bundle);
		return rj_error_wrap(err, "config.json");
	}
	if (spec_parse(*config_text, &c->spec, err) < 0)
		return rj_error_wrap(err, "config.json");
	if (!c->spec.has_process)
		return rj_error_set(err, EINVAL,
		    "config.json: process: required but missing");
	if (spec_rootfs(c->bundle, &c->spec, &c->rootfs, err) < 0)
		return -1;
	if (c->spec.process.terminal && opts->console_socket == NULL &&
	    !c->run_mode)
		return rj_error_set(err, EINVAL,
		    "process.terminal is true: --console-socket is required");
	if (!c->spec.process.terminal && opts->console_socket != NULL)
		return rj_error_set(err, EINVAL,
		    "--console-socket given but process.terminal is false");
	if (opts->preserve_fds < 0)
		return rj_error_set(err, EINVAL, "--preserve-fds: negative");
	if (drv_check(&c->spec, err) < 0)
		return -1;
	c->created = now_ns();
	c->driver_state = json_object();
	return 0;
}

/* poststart and poststop hooks only warn when they fail (runtime-spec). */
static void
run_hooks_warning(struct rj_container *c, enum rj_hook_kind kind,
    enum rj_status status)
{
	struct rj_error *e = NULL;
	if (container_run_hooks(c, kind, status, &e) < 0) {
		msg_warn("%s", e->msg);
		rj_error_free(e);
	}
}

static int
destroy_and_remove(struct rj_container *c, struct rj_error **err)
{
	if (drv_destroy(c, err) < 0)
		return -1;
	run_hooks_warning(c, RJ_HOOK_POSTSTOP, RJ_STATUS_STOPPED);
	return state_remove(c, err);
}

/* Undoes a create that failed after its state directory was made:
 * what the driver made, the poststop hooks (the spec continues a failed
 * create at "destroy"), then the directory. */
static void
create_undo(struct rj_container *c, bool driver_made)
{
	struct rj_error *e = NULL;
	if (!driver_made || destroy_and_remove(c, &e) < 0)
		rm_rf(c->dir, &e);
	rj_error_free(e);
}

static int
create_locked(struct rj_container *c, const char *config_text,
    struct rj_error **err)
{
	_cleanup_free_ char *cfg = state_path(c->dir, STATE_FILE_CONFIG);
	if (write_file_replace(cfg, config_text, strlen(config_text), 0600,
		false, err) < 0)
		return -1;
	if (!c->run_mode && gate_make(c->dir, err) < 0)
		return -1;
	c->status = RJ_STATUS_CREATING;
	if (state_save(c, err) < 0)
		return -1;
	trace_mark("state");
	if (c->opts.log_to_state &&
	    logger_start(c->dir, c->opts.log_max, c->log_fds, err) < 0)
		return -1;
	int rc = c->restore != NULL ? drv_restore(c, c->restore, err)
				    : drv_create(c, err);
	/* The init has its copies; the logger ends with the last of them. */
	for (int i = 0; i < 2; i++)
		if (c->log_fds[i] >= 0)
			close(steal_fd(c->log_fds[i]));
	if (rc < 0)
		return -1;
	/* restored processes run on from where they were */
	c->started = c->restore != NULL;
	c->status = c->started ? RJ_STATUS_RUNNING : RJ_STATUS_CREATED;
	if (state_save(c, err) < 0 ||
	    (c->opts.pid_file != NULL &&
		write_pid_file(c->opts.pid_file, c->pid, err) < 0)) {
		kill(c->pid, SIGKILL);
		create_undo(c, true);
		return -2;
	}
	return 0;
}

static int
create_common(struct rj_container *c, const char *root, const char *id,
    const struct rj_create_opts *opts, bool run_mode,
    const struct rj_criu_opts *restore, int *lock_fd, struct rj_error **err)
{
	_cleanup_free_ char *config_text = NULL;
	trace_begin();
	if (create_prepare(c, root, id, opts, run_mode, &config_text, err) < 0)
		return -1;
	trace_mark("parse");
	/* A directory this create did not make and lock is never undone:
	 * state_dir_create cleans its own failures. */
	c->restore = restore;
	*lock_fd = c->lock_fd = state_dir_create(c, err);
	if (*lock_fd < 0)
		return -1;
	int rc = create_locked(c, config_text, err);
	if (rc == -1)
		/* The driver cleaned up its own part when create failed. */
		create_undo(c, false);
	return rc < 0 ? -1 : 0;
}

int
rj_create(const char *root, const char *id, const struct rj_create_opts *opts,
    struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	int rc = create_common(&c, root, id, opts, false, NULL, &lock, err);
	trace_mark("record");
	trace_end("create");
	container_free(&c);
	return rc;
}

int
container_load_locked(const char *root, const char *id, struct rj_container *c,
    int *lock, struct rj_error **err)
{
	container_init(c);
	*lock = state_lock(root, id, err);
	if (*lock < 0)
		return -1;
	if (state_load(root, id, c, true, err) < 0) {
		container_free(c);
		return -1;
	}
	c->lock_fd = *lock;
	return 0;
}

int
container_refuse_broken(const struct rj_container *c, struct rj_error **err)
{
	if (c->status != RJ_STATUS_BROKEN)
		return 0;
	return rj_error_set(err, EINVAL,
	    "container %s is broken (%s): only delete --force acts on it",
	    c->id, c->problem);
}

static void
poststart(struct rj_container *c)
{
	run_hooks_warning(c, RJ_HOOK_POSTSTART, RJ_STATUS_RUNNING);
}

int
rj_start(const char *root, const char *id, struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	trace_begin();
	if (container_load_locked(root, id, &c, &lock, err) < 0)
		return -1;
	trace_mark("load");
	int rc = -1;
	if (container_refuse_broken(&c, err) < 0)
		goto out;
	enum rj_status s = container_status(&c);
	if (s != RJ_STATUS_CREATED) {
		rj_error_set(err, EINVAL,
		    "container %s is %s, not created: cannot start it", id,
		    rj_status_name(s));
		goto out;
	}
	/* Recorded first: a start that cannot record opens nothing, and one
	 * killed before the gate opens still reads as created (the gate,
	 * not this flag, tells; see container_status). */
	c.started = true;
	c.status = RJ_STATUS_RUNNING;
	if (state_save(&c, err) < 0) {
		rj_error_wrap(err, "start %s", id);
		goto out;
	}
	trace_mark("record");
	if (gate_release(c.dir, c.pid, c.start_time, err) < 0) {
		rj_error_wrap(err, "start %s", id);
		goto out;
	}
	trace_mark("gate");
	poststart(&c);
	trace_mark("poststart");
	rc = 0;
out:
	trace_end("start");
	container_free(&c);
	return rc;
}

int
rj_kill(const char *root, const char *id, int sig, bool all,
    struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	if (container_load_locked(root, id, &c, &lock, err) < 0)
		return -1;
	int rc = -1;
	if (container_refuse_broken(&c, err) < 0)
		goto out;
	enum rj_status s = container_status(&c);
	if (s == RJ_STATUS_STOPPED || s == RJ_STATUS_CREATING) {
		/* runc lets `kill --all` of a stopped container succeed so
		 * shims can sweep; a single kill needs a live init. */
		if (all && s == RJ_STATUS_STOPPED) {
			rc = drv_signal(&c, sig, true, err);
			goto out;
		}
		/* runc's words: containerd's shim takes "container not
		 * running" as "already finished" (not an error) for a kill
		 * that raced the exit. */
		rj_error_set(err, ESRCH, "kill %s: container not running", id);
		goto out;
	}
	rc = drv_signal(&c, sig, all, err);
	/* A frozen process dies of SIGKILL only once thawed: after the
	 * signal is queued, thaw, as runc does, so that the kill ends the
	 * container now rather than at a resume that may never come. */
	if (rc == 0 && sig == SIGKILL && s == RJ_STATUS_PAUSED) {
		struct rj_error *e = NULL;
		if (drv_pause(&c, false, &e) < 0)
			rj_error_free(e);
	}
out:
	container_free(&c);
	return rc;
}

int
rj_delete(const char *root, const char *id, bool force, struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	trace_begin();
	if (container_load_locked(root, id, &c, &lock, err) < 0)
		return -1;
	trace_mark("load");
	int rc = -1;
	enum rj_status s = container_status(&c);
	/* Under our lock a "creating" record is a dead create. */
	if (s == RJ_STATUS_CREATING)
		s = RJ_STATUS_STOPPED;
	if (s == RJ_STATUS_BROKEN) {
		if (!force) {
			container_refuse_broken(&c, err);
			goto out;
		}
		/* Nothing recorded can be trusted: the driver undoes what the
		 * spec alone says create would have made. */
		s = RJ_STATUS_STOPPED;
		c.pid = 0;
	}
	if (s != RJ_STATUS_STOPPED && s != RJ_STATUS_CREATED && !force) {
		rj_error_set(err, EBUSY,
		    "container %s is %s: stop it first or use --force", id,
		    rj_status_name(s));
		goto out;
	}
	if (s != RJ_STATUS_STOPPED) {
		if (s == RJ_STATUS_PAUSED)
			drv_pause(&c, false, NULL);
		struct rj_error *e = NULL;
		if (drv_signal(&c, SIGKILL, true, &e) < 0)
			rj_error_free(e);
		/* Wait for the init to go, so nothing outlives the delete. */
		for (int i = 0; i < 500 && c.pid > 0 &&
		     proc_start_time(c.pid) == c.start_time;
		     i++)
			usleep(2000);
	}
	trace_mark("stop");
	rc = destroy_and_remove(&c, err);
	if (rc < 0)
		rj_error_wrap(err, "delete %s", id);
	trace_mark("destroy");
out:
	trace_end("delete");
	container_free(&c);
	return rc;
}

/* run: releases the init (startContainer hooks, then exec) and learns
 * whether the exec happened: the channel closes on exec, or carries the
 * init's error. */
static int
start_run_mode(struct rj_container *c, struct rj_error **err)
{
	enum sync_type type;
	struct rj_error *e = NULL;
	if (sync_send(c->sync_fd, SYNC_GO, NULL) < 0) {
		/* The init's own message, if it left one, says why. */
		if (sync_recv(c->sync_fd, &type, NULL, err) == 0)
			rj_error_sys(err, "start %s", c->id);
		return rj_error_wrap(err, "start %s", c->id);
	}
	if (sync_recv(c->sync_fd, &type, NULL, &e) < 0) {
		if (e->errnum == EPIPE) {
			/* EOF: the channel was closed by the exec. */
			rj_error_free(e);
		} else {
			*err = e;
			return rj_error_wrap(err, "start %s", c->id);
		}
	}
	close(steal_fd(c->sync_fd));
	c->started = true;
	c->status = RJ_STATUS_RUNNING;
	return state_save(c, err);
}

/* run and restore in the foreground: wait for the init, forwarding
 * signals (blocked in *saved_mask's stead), then delete the container
 * unless someone else did first, or --keep asks to leave it stopped.
 * Releases *lock while it waits. */
static int
wait_and_remove(struct rj_container *c, int *lock, sigset_t *saved_mask,
    int *status, struct rj_error **err)
{
	/* Let other commands (kill, state) in while we wait. */
	close(steal_fd(*lock));
	*status = run_wait(c->pid, c->console_fd);
	sigprocmask(SIG_SETMASK, saved_mask, NULL);
	trace_mark("wait");
	if (c->opts.keep)
		return 0;
	/* Someone may have deleted it meanwhile (runj delete --force), or
	 * even made a new one of the same ID: that one is not ours. */
	struct rj_error *gone = NULL;
	*lock = state_lock(c->root, c->id, &gone);
	if (*lock < 0) {
		rj_error_free(gone);
		return 0;
	}
	/* The state is read again; the spec is the one run started from
	 * (the saved config.json is never changed). */
	struct rj_container cur;
	if (state_load(c->root, c->id, &cur, false, err) < 0) {
		container_free(&cur);
		return -1;
	}
	int rc = 0;
	if (cur.created == c->created) {
		spec_free(&cur.spec);
		cur.spec = c->spec;
		memset(&c->spec, 0, sizeof(c->spec));
		rc = destroy_and_remove(&cur, err);
	}
	trace_mark("delete");
	container_free(&cur);
	return rc;
}

int
rj_run(const char *root, const char *id, const struct rj_create_opts *opts,
    bool detach, int *status, struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	int rc = -1;
	*status = 0;
	if (create_common(&c, root, id, opts, true, NULL, &lock, err) < 0)
		goto out;
	if (detach && c.spec.process.terminal && opts->console_socket == NULL) {
		rj_error_set(err, EINVAL,
		    "run --detach with process.terminal needs "
		    "--console-socket");
		goto fail;
	}
	sigset_t saved_mask;
	if (!detach)
		run_block_signals(&saved_mask);
	trace_mark("record");
	if (start_run_mode(&c, err) < 0) {
		if (!detach)
			sigprocmask(SIG_SETMASK, &saved_mask, NULL);
		goto fail;
	}
	trace_mark("gate");
	poststart(&c);
	rc = detach ? 0 : wait_and_remove(&c, &lock, &saved_mask, status, err);
	goto out;
fail:;
	struct rj_error *e = NULL;
	kill(c.pid, SIGKILL);
	run_reap(c.pid);
	destroy_and_remove(&c, &e);
	rj_error_free(e);
out:
	trace_end("run");
	container_free(&c);
	return rc;
}

int
rj_checkpoint(const char *root, const char *id, const struct rj_criu_opts *o,
    struct rj_error **err)
{
	if (o->image_path == NULL)
		return rj_error_set(err, EINVAL,
		    "checkpoint: --image-path is required");
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	if (container_load_locked(root, id, &c, &lock, err) < 0)
		return -1;
	int rc = -1;
	enum rj_status s = container_status(&c);
	if (s != RJ_STATUS_RUNNING && s != RJ_STATUS_PAUSED) {
		rj_error_set(err, EINVAL,
		    "checkpoint %s: container not running", id);
		goto out;
	}
	if (drv_checkpoint(&c, o, err) < 0) {
		rj_error_wrap(err, "checkpoint %s", id);
		goto out;
	}
	/* As runc: CRIU has ended the processes, and the container goes. */
	rc = o->leave_running || o->pre_dump ? 0 : destroy_and_remove(&c, err);
out:
	container_free(&c);
	return rc;
}

int
rj_restore(const char *root, const char *id, const struct rj_create_opts *opts,
    const struct rj_criu_opts *o, bool detach, int *status,
    struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	*status = 0;
	if (o->image_path == NULL)
		return rj_error_set(err, EINVAL,
		    "restore: --image-path is required");
	/* Blocked before the processes exist, so none is lost. */
	sigset_t saved_mask;
	if (!detach)
		run_block_signals(&saved_mask);
	int rc = create_common(&c, root, id, opts, true, o, &lock, err);
	if (rc == 0) {
		poststart(&c);
		if (!detach)
			rc = wait_and_remove(&c, &lock, &saved_mask, status,
			    err);
	} else if (!detach) {
		sigprocmask(SIG_SETMASK, &saved_mask, NULL);
	}
	container_free(&c);
	return rc;
}
