/*
 * criu.c: checkpoint and restore with CRIU's command line (criu(8)), the
 * way runc uses CRIU: the same options reach the same CRIU settings, so
 * images are made and read as runc makes and reads them.
 *
 * Dump: CRIU walks the init's process tree and its namespaces.  What the
 * container's mount namespace has from outside (bind mounts of the config,
 * /dev/null over masked files) is named external, keyed by its
 * destination.  The descriptors 0-2 of the init are recorded in
 * descriptors.json beside the images, as runc does, so a restore can hand
 * CRIU the new pipes an engine passes in their place.
 *
 * Restore: runj makes the cgroup (with the config's limits) and a mount of
 * the root filesystem for CRIU's --root in a mount namespace of its own;
 * CRIU recreates the namespaces and the processes there, as siblings of
 * itself, so the restored init is runj's child, then exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/cgroup.h"
#include "linux/linux_int.h"
#include "linux/mount_opts.h"
#include "run_wait.h"
#include "util.h"

/* The file runc and runj keep the init's stdio names in. */
#define DESCRIPTORS "descriptors.json"

/* argv under construction */
struct argv {
	char **v;
	size_t n, cap;
};

static void
arg(struct argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
arg(struct argv *a, const char *fmt, ...)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->v = xrealloc(a->v, a->cap * sizeof(char *));
	}
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&a->v[a->n], fmt, ap) < 0)
		abort();
	va_end(ap);
	a->v[++a->n] = NULL;
}

static void
argv_free(struct argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* The options runc maps to the same CRIU settings. */
static int
common_args(struct argv *a, const struct rj_criu_opts *o, const char *work,
    const char *log, struct rj_error **err)
{
	static const char *const modes[] = { "soft", "full", "strict",
		"ignore" };
	const char *mode = o->manage_cgroups_mode ? o->manage_cgroups_mode
						  : "soft";
	size_t i;
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (strcmp(mode, modes[i]) == 0)
			break;
	if (i == ARRAY_SIZE(modes))
		return rj_error_set(err, EINVAL,
		    "--manage-cgroups-mode %s: expected soft, full, strict "
		    "or ignore",
		    mode);
	arg(a, "--images-dir");
	arg(a, "%s", o->image_path);
	arg(a, "--work-dir");
	arg(a, "%s", work);
	arg(a, "--log-file");
	arg(a, "%s", log);
	arg(a, "-v4");
	if (strcmp(mode, "ignore") != 0)
		arg(a, "--manage-cgroups=%s", mode);
	if (o->tcp_established)
		arg(a, "--tcp-established");
	if (o->ext_unix_sk)
		arg(a, "--ext-unix-sk");
	if (o->shell_job)
		arg(a, "--shell-job");
	if (o->file_locks)
		arg(a, "--file-locks");
	return 0;
}

static bool
mount_is_bind(const struct rj_mount *m)
{
	if (m->type != NULL && strcmp(m->type, "bind") == 0)
		return true;
	struct mount_opts mo;
	if (mount_opts_parse(m->options, &mo, NULL) < 0)
		return false;
	bool bind = mo.bind;
	mount_opts_free(&mo);
	return bind;
}

/* A masked path that is a file is /dev/null bound over it. */
static bool
masked_file(const struct rj_container *c, const char *path)
{
	_cleanup_free_ char *host = xasprintf("%s%s", c->rootfs, path);
	struct stat st;
	return lstat(host, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* What comes from outside the container's mount namespace: the dump
 * names it by its destination, the restore says where it is now. */
static void
external_mounts(struct argv *a, const struct rj_container *c, bool restore)
{
	for (size_t i = 0; i < c->spec.n_mounts; i++) {
		const struct rj_mount *m = &c->spec.mounts[i];
		if (m->source == NULL || !mount_is_bind(m))
			continue;
		if (!restore) {
			arg(a, "--external");
			arg(a, "mnt[%s]:%s", m->destination, m->destination);
			continue;
		}
		arg(a, "--external");
		if (m->source[0] == '/')
			arg(a, "mnt[%s]:%s", m->destination, m->source);
		else
			arg(a, "mnt[%s]:%s/%s", m->destination, c->bundle,
			    m->source);
	}
	const struct rj_linux *l = &c->spec.linux_;
	for (size_t i = 0; l->masked_paths && l->masked_paths[i]; i++) {
		if (!masked_file(c, l->masked_paths[i]))
			continue;
		arg(a, "--external");
		arg(a, "mnt[%s]:%s", l->masked_paths[i],
		    restore ? "/dev/null" : l->masked_paths[i]);
	}
}

/* Runs CRIU with a, in a mount namespace of its own with the root
 * filesystem bound at root_at (restore), and waits for it.  Its output
 * goes to its log; a failure names the log's last error. */
static int
run_criu(struct argv *a, const struct rj_container *c, const char *root_at,
    const char *log, struct rj_error **err)
{
	pid_t pid = fork();
	if (pid < 0)
		return rj_error_sys(err, "fork");
	if (pid == 0) {
		if (root_at != NULL) {
			/* the restored processes get runj's stdio (the
			 * engine's pipes, --inherit-fd) */
			if (unshare(CLONE_NEWNS) < 0 ||
			    mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) <
				0 ||
			    mount(c->rootfs, root_at, NULL, MS_BIND | MS_REC,
				NULL) < 0)
				_exit(126);
		} else {
			/* a dump needs none of runj's stdio */
			int null = open("/dev/null", O_RDWR | O_CLOEXEC);
			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
			}
		}
		execvp("criu", a->v);
		_exit(errno == ENOENT ? 127 : 126);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (status == 0)
		return 0;
	if (status == 127)
		return rj_error_set(err, ENOENT,
		    "criu: not found (CRIU is needed to checkpoint and "
		    "restore)");
	/* CRIU's own reason: the last "Error" line of its log */
	_cleanup_free_ char *text = NULL;
	char *why = NULL;
	if (read_file(log, &text, NULL, NULL) == 0) {
		for (char *line = strtok(text, "\n"); line != NULL;
		     line = strtok(NULL, "\n"))
			if (strstr(line, "Error") != NULL)
				why = line;
	}
	return rj_error_set(err, EIO, "criu %s failed (status %d)%s%s", a->v[1],
	    status, why ? ": " : "; see ", why ? why : log);
}

static char *
work_dir(const struct rj_criu_opts *o)
{
	return xstrdup(o->work_path ? o->work_path : o->image_path);
}

static int
make_dir(const char *path, struct rj_error **err)
{
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return rj_error_sys(err, "mkdir %s", path);
	return 0;
}

/* descriptors.json: what fds 0-2 of the init are ("pipe:[123]",
 * "/dev/null"...). */
static int
save_descriptors(const struct rj_container *c, const char *dir,
    struct rj_error **err)
{
	json_t *a = json_array();
	for (int fd = 0; fd < 3; fd++) {
		char link[64], target[PATH_MAX];
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)c->pid, fd);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		json_array_append_new(a, json_string(target));
	}
	_cleanup_free_ char *text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, DESCRIPTORS);
	return rj_write_file_atomic(path, text, strlen(text), 0600, err);
}

/* A pipe that was the init's fd N becomes runj's own fd N, which the
 * engine passed for the restored container, as with runc. */
static void
inherit_stdio(struct argv *a, const char *dir)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, DESCRIPTORS);
	json_error_t jerr;
	json_t *fds = json_load_file(path, 0, &jerr);
	for (size_t i = 0; i < 3 && i < json_array_size(fds); i++) {
		const char *name = json_string_value(json_array_get(fds, i));
		if (name != NULL && has_prefix(name, "pipe:")) {
			arg(a, "--inherit-fd");
			arg(a, "fd[%zu]:%s", i, name);
		}
	}
	json_decref(fds);
}

int
linux_checkpoint(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err)
{
	_cleanup_free_ char *work = work_dir(o);
	if (make_dir(o->image_path, err) < 0 || make_dir(work, err) < 0)
		return -1;
	_cleanup_free_ char *log = xasprintf("%s/%s.log", work,
	    o->pre_dump ? "pre-dump" : "dump");
	if (!o->pre_dump && save_descriptors(c, o->image_path, err) < 0)
		return -1;
	struct argv a = { 0 };
	arg(&a, "criu");
	arg(&a, "%s", o->pre_dump ? "pre-dump" : "dump");
	arg(&a, "--tree");
	arg(&a, "%d", (int)c->pid);
	int rc = common_args(&a, o, work, log, err);
	if (rc == 0) {
		if (o->leave_running && !o->pre_dump)
			arg(&a, "--leave-running");
		if (o->parent_path != NULL) {
			arg(&a, "--prev-images-dir");
			arg(&a, "%s", o->parent_path);
		}
		if (o->pre_dump || o->parent_path != NULL)
			arg(&a, "--track-mem");
		/* a paused container is frozen already: CRIU takes it as is */
		const char *freezer = json_string_value(json_object_get(
		    json_object_get(json_object_get(c->driver_state, "cgroup"),
			"dirs"),
		    "freezer"));
		if (freezer != NULL && cgroup_frozen(c->driver_state)) {
			arg(&a, "--freeze-cgroup");
			arg(&a, "%s", freezer);
		}
		external_mounts(&a, c, false);
		rc = run_criu(&a, c, NULL, log, err);
	}
	argv_free(&a);
	return rc;
}

int
linux_restore(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err)
{
	const struct rj_linux *l = &c->spec.linux_;
	if (c->spec.process.terminal)
		return rj_error_set(err, ENOTSUP,
		    "restore: a process with a terminal cannot be restored "
		    "by runj");
	struct stat st;
	if (stat(o->image_path, &st) < 0)
		return rj_error_sys(err, "--image-path %s", o->image_path);
	_cleanup_free_ char *work = work_dir(o);
	if (make_dir(work, err) < 0)
		return -1;
	if (cgroup_create(l, c->id, c->driver_state, err) < 0 ||
	    container_save(c, err) < 0)
		return -1;
	const char *cg = json_string_value(
	    json_object_get(json_object_get(c->driver_state, "cgroup"),
		"path"));
	_cleanup_free_ char *log = xasprintf("%s/restore.log", work);
	_cleanup_free_ char *root_at = xasprintf("%s/criu-root", c->dir);
	_cleanup_free_ char *pidfile = xasprintf("%s/criu.pid", c->dir);
	int rc = make_dir(root_at, err);
	struct argv a = { 0 };
	arg(&a, "criu");
	arg(&a, "restore");
	if (rc == 0)
		rc = common_args(&a, o, work, log, err);
	if (rc == 0) {
		arg(&a, "--root");
		arg(&a, "%s", root_at);
		arg(&a, "--restore-detached");
		arg(&a, "--restore-sibling");
		arg(&a, "--pidfile");
		arg(&a, "%s", pidfile);
		if (cg != NULL) {
			arg(&a, "--cgroup-root");
			arg(&a, "%s", cg);
		}
		external_mounts(&a, c, true);
		inherit_stdio(&a, o->image_path);
		rc = run_criu(&a, c, root_at, log, err);
	}
	argv_free(&a);
	_cleanup_free_ char *pid_text = NULL;
	if (rc == 0 && read_file(pidfile, &pid_text, NULL, err) == 0) {
		c->pid = (pid_t)atoi(pid_text);
		c->start_time = proc_start_time(c->pid);
		if (c->pid <= 0 || c->start_time == 0)
			rc = rj_error_set(err, ESRCH,
			    "restore: the restored init %s is not running",
			    pid_text);
	} else if (rc == 0) {
		rc = -1;
	}
	unlink(pidfile);
	rmdir(root_at);
	if (rc < 0) {
		if (c->pid > 0) {
			kill(c->pid, SIGKILL);
			run_reap(c->pid);
		}
		struct rj_error *e = NULL;
		cgroup_destroy(c->driver_state, &e);
		rj_error_free(e);
	}
	return rc;
}
