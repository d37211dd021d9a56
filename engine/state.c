/* state.c: the state store: <root>/<id>/{state.json,config.json,exec.fifo}.
 * Nothing in it is trusted further than runj's own writing: the root is
 * checked, no symlink is followed, files are read only when regular and
 * within a size. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

/* A saved config.json is at most what create read (RJ_CONFIG_MAX), and
 * state.json holds parts of it (args, annotations) and a little more. */
#define STATE_MAX (RJ_CONFIG_MAX + ((size_t)1 << 20))

static const char *const file_names[] = {
	[STATE_FILE_STATE] = "state.json",
	[STATE_FILE_CONFIG] = "config.json",
	[STATE_FILE_FIFO] = "exec.fifo",
	[STATE_FILE_LOG] = "console.log",
	[STATE_FILE_LOG_OLD] = "console.log.1",
};

static const char *const status_names[] = {
	[RJ_STATUS_CREATING] = "creating",
	[RJ_STATUS_CREATED] = "created",
	[RJ_STATUS_RUNNING] = "running",
	[RJ_STATUS_PAUSED] = "paused",
	[RJ_STATUS_STOPPED] = "stopped",
	[RJ_STATUS_BROKEN] = "broken",
};

const char *
rj_status_name(enum rj_status s)
{
	return status_names[s];
}

static int
status_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (strcmp(status_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
state_file_name(enum state_file f)
{
	return file_names[f];
}

char *
state_path(const char *dir, enum state_file f)
{
	return xasprintf("%s/%s", dir, file_names[f]);
}

char *
rj_state_dir(const char *root, const char *id)
{
	return xasprintf("%s/%s", root, id);
}

int
state_root_check(const char *root, bool create, struct rj_error **err)
{
	struct stat st;
	if (lstat(root, &st) < 0) {
		if (errno != ENOENT || !create)
			return errno == ENOENT
			    ? 0 /* nothing to read: no containers */
			    : rj_error_sys(err, "state root %s", root);
		_cleanup_free_ char *parent = xstrdup(root);
		char *slash = strrchr(parent, '/');
		if (slash != NULL && slash != parent) {
			*slash = '\0';
			if (mkdir_p(parent, 0755, err) < 0)
				return rj_error_wrap(err, "state root");
		}
		if (mkdir(root, 0700) < 0 && errno != EEXIST)
			return rj_error_sys(err, "state root: mkdir %s", root);
		if (lstat(root, &st) < 0)
			return rj_error_sys(err, "state root %s", root);
	}
	if (S_ISLNK(st.st_mode))
		return rj_error_set(err, ELOOP,
		    "state root %s is a symlink: refusing it", root);
	if (!S_ISDIR(st.st_mode))
		return rj_error_set(err, ENOTDIR,
		    "state root %s is not a directory", root);
	if (st.st_uid != geteuid())
		return rj_error_set(err, EPERM,
		    "state root %s is owned by uid %u, not by us: refusing it",
		    root, (unsigned)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return rj_error_set(err, EPERM,
		    "state root %s is writable by others (mode %04o): "
		    "refusing it",
		    root, (unsigned)(st.st_mode & 07777));
	return 0;
}

/* Opens and flocks <root>/<id> (never through a symlink) and checks it
 * is still the directory at that path once the lock is ours. */
static int
lock_dir(const char *path, const char *id, struct rj_error **err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return rj_error_set(err, ENOENT,
			    "container %s does not exist", id);
		if (errno == ELOOP || errno == ENOTDIR)
			return rj_error_set(err, errno,
			    "container %s: %s is not a directory runj made", id,
			    path);
		return rj_error_sys(err, "open %s", path);
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return rj_error_sys(err, "lock %s", path);
		}
	}
	/* While we waited, delete may have removed the container (and a
	 * create made it anew): only the directory at the path counts. */
	struct stat held, now;
	if (fstat(fd, &held) < 0 || lstat(path, &now) < 0 ||
	    held.st_ino != now.st_ino || held.st_dev != now.st_dev) {
		close(fd);
		return rj_error_set(err, ENOENT, "container %s does not exist",
		    id);
	}
	return fd;
}

/* Whether the directory open at fd holds nothing. */
static bool
dir_is_empty(int fd)
{
	int dup_fd = dup(fd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (d == NULL) {
		if (dup_fd >= 0)
			close(dup_fd);
		return false;
	}
	bool empty = true;
	struct dirent *de;
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

int
state_dir_create(struct rj_container *c, struct rj_error **err)
{
	if (state_root_check(c->root, true, err) < 0)
		return -1;
	if (mkdir(c->dir, 0700) < 0) {
		if (errno == EEXIST)
			return rj_error_set(err, EEXIST,
			    "container %s already exists", c->id);
		return rj_error_sys(err, "mkdir %s", c->dir);
	}
	int fd = lock_dir(c->dir, c->id, err);
	if (fd < 0) {
		/* Gone already (a delete took it for a dead create): then
		 * this rmdir finds nothing, or someone else's directory that
		 * is not empty. */
		rmdir(c->dir);
		return -1;
	}
	/* Between the mkdir and the lock, a delete may have removed ours and
	 * another create made and filled the same ID: that one is not ours
	 * to write into, nor to undo. */
	if (!dir_is_empty(fd)) {
		close(fd);
		return rj_error_set(err, EEXIST, "container %s already exists",
		    c->id);
	}
	return fd;
}

int
state_lock(const char *root, const char *id, struct rj_error **err)
{
	if (rj_id_check(id, err) < 0 || state_root_check(root, false, err) < 0)
		return -1;
	_cleanup_free_ char *dir = rj_state_dir(root, id);
	return lock_dir(dir, id, err);
}

bool
state_locked(const char *dir)
{
	_cleanup_close_ int fd = open(dir,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		return false;
	return errno == EWOULDBLOCK;
}

int
state_save(const struct rj_container *c, struct rj_error **err)
{
	char created[64];
	format_rfc3339(c->created, created, sizeof(created));
	json_error_t jerr;
	json_t *ann = json_loads(c->spec.annotations ? c->spec.annotations
						     : "{}",
	    0, &jerr);
	json_t *args = json_array();
	for (size_t i = 0;
	     c->spec.process.args != NULL && c->spec.process.args[i] != NULL;
	     i++)
		json_array_append_new(args,
		    json_string(c->spec.process.args[i]));
	json_t *priv = json_pack("{s:s, s:I, s:s, s:I, s:b, s:b, s:o, s:b}",
	    "rootfs", c->rootfs ? c->rootfs : "", "createdNs",
	    (json_int_t)c->created, "created", created, "startTime",
	    (json_int_t)c->start_time, "started", c->started, "gated",
	    !c->run_mode, "args", args, "logToState", c->opts.log_to_state);
	if (c->driver_state != NULL)
		json_object_set(priv, "driver", c->driver_state);
	json_t *st = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o}",
	    "ociVersion", RJ_OCI_VERSION, "id", c->id, "status",
	    rj_status_name(c->status), "pid", (int)c->pid, "bundle",
	    c->bundle ? c->bundle : "", "annotations",
	    ann ? ann : json_object(), "runj", priv);
	char *text = st != NULL ? json_dumps(st, JSON_COMPACT) : NULL;
	json_decref(st);
	if (text == NULL)
		return rj_error_set(err, EINVAL,
		    "state of %s: a path or argument is not valid UTF-8",
		    c->id);
	_cleanup_free_ char *path = state_path(c->dir, STATE_FILE_STATE);
	int rc = write_file_replace(path, text, strlen(text), 0600, false, err);
	free(text);
	return rc;
}

/* A file of the state directory: regular, not a symlink, within max. */
static int
read_state_file(const char *dir, enum state_file f, char **out,
    struct rj_error **err)
{
	_cleanup_free_ char *path = state_path(dir, f);
	_cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "%s", file_names[f]);
	struct stat st;
	if (fstat(fd, &st) < 0)
		return rj_error_sys(err, "%s", file_names[f]);
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > STATE_MAX)
		return rj_error_set(err, EINVAL,
		    "%s: not a regular file of at most %zu bytes",
		    file_names[f], STATE_MAX);
	_cleanup_free_ char *buf = xmalloc((size_t)st.st_size + 1);
	ssize_t n = read_all(fd, buf, (size_t)st.st_size);
	if (n < 0)
		return rj_error_sys(err, "read %s", file_names[f]);
	buf[n] = '\0';
	*out = steal_ptr(buf);
	return 0;
}

static int
parse_state(const char *text, struct rj_container *c, struct rj_error **err)
{
	json_error_t jerr;
	json_t *st = json_loads(text, 0, &jerr);
	if (st == NULL)
		return rj_error_set(err, EINVAL, "state.json: %s", jerr.text);
	int rc = -1;
	json_t *priv = json_object_get(st, "runj");
	const char *status = json_string_value(json_object_get(st, "status"));
	int s = status ? status_from_name(status) : -1;
	json_t *pid = json_object_get(st, "pid");
	if (!json_is_object(priv) || s < 0 || s == RJ_STATUS_BROKEN ||
	    !json_is_integer(pid) || json_integer_value(pid) < 0 ||
	    json_integer_value(pid) > INT32_MAX) {
		rj_error_set(err, EINVAL, "state.json: not written by runj");
		goto out;
	}
	c->status = s;
	c->pid = (pid_t)json_integer_value(pid);
	c->bundle = xstrdup(
	    json_string_value(json_object_get(st, "bundle")) ?: "");
	c->rootfs = xstrdup(
	    json_string_value(json_object_get(priv, "rootfs")) ?: "");
	c->created = json_integer_value(json_object_get(priv, "createdNs"));
	c->start_time = (uint64_t)json_integer_value(
	    json_object_get(priv, "startTime"));
	c->started = json_is_true(json_object_get(priv, "started"));
	/* Older states lack "gated": they were all made by create. */
	c->run_mode = json_is_false(json_object_get(priv, "gated"));
	c->opts.log_to_state = json_is_true(
	    json_object_get(priv, "logToState"));
	json_t *ds = json_object_get(priv, "driver");
	c->driver_state = json_is_object(ds) ? json_incref(ds) : json_object();
	json_t *args = json_object_get(priv, "args");
	size_t n = json_array_size(args);
	c->spec.process.args = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		c->spec.process.args[i] = xstrdup(
		    json_string_value(json_array_get(args, i)) ?: "");
	json_t *ann = json_object_get(st, "annotations");
	c->spec.annotations = json_is_object(ann)
	    ? json_dumps(ann, JSON_COMPACT | JSON_SORT_KEYS)
	    : xstrdup("{}");
	rc = 0;
out:
	json_decref(st);
	return rc;
}

/* The config create saved, for the commands that need the spec. */
static int
load_spec(struct rj_container *c, struct rj_error **err)
{
	_cleanup_free_ char *text = NULL;
	struct rj_error *e = NULL;
	if (read_state_file(c->dir, STATE_FILE_CONFIG, &text, &e) < 0) {
		/* A partial create: nothing in it needs the spec. */
		bool missing = e->errnum == ENOENT;
		if (missing) {
			rj_error_free(e);
			return 0;
		}
		*err = e;
		return rj_error_wrap(err, "container %s", c->id);
	}
	char **keep_args = steal_ptr(c->spec.process.args);
	char *keep_ann = steal_ptr(c->spec.annotations);
	int rc = spec_parse(text, &c->spec, err);
	strv_free(keep_args);
	free(keep_ann);
	if (rc < 0)
		return rj_error_wrap(err, "container %s: config.json", c->id);
	return 0;
}

static int
load(const char *root, const char *id, struct rj_container *c, bool with_spec,
    bool root_checked, struct rj_error **err)
{
	container_init(c);
	if (rj_id_check(id, err) < 0 ||
	    (!root_checked && state_root_check(root, false, err) < 0))
		return -1;
	c->root = xstrdup(root);
	c->id = xstrdup(id);
	c->dir = rj_state_dir(root, id);
	struct stat st;
	if (lstat(c->dir, &st) < 0) {
		if (errno == ENOENT)
			return rj_error_set(err, ENOENT,
			    "container %s does not exist", id);
		return rj_error_sys(err, "stat %s", c->dir);
	}
	if (!S_ISDIR(st.st_mode))
		return rj_error_set(err, ENOTDIR,
		    "container %s: %s is not a directory runj made", id,
		    c->dir);
	c->owner = st.st_uid;
	_cleanup_free_ char *text = NULL;
	struct rj_error *rerr = NULL;
	if (read_state_file(c->dir, STATE_FILE_STATE, &text, &rerr) < 0 ||
	    parse_state(text, c, &rerr) < 0) {
		bool missing = rerr->errnum == ENOENT;
		c->driver_state = c->driver_state ?: json_object();
		c->spec.annotations = c->spec.annotations ?: xstrdup("{}");
		if (missing) {
			/* A create that died before its first save. */
			rj_error_free(rerr);
			c->status = RJ_STATUS_CREATING;
		} else {
			/* Listed and deletable, never acted on. */
			c->status = RJ_STATUS_BROKEN;
			c->problem = steal_ptr(rerr->msg);
			rj_error_free(rerr);
		}
	}
	if (!with_spec)
		return 0;
	/* A saved config that cannot be read makes the container broken
	 * too: delete --force must still be able to take it away.  A broken
	 * state.json keeps the spec when it can be read: delete --force
	 * finds the container's cgroup through it. */
	struct rj_error *serr = NULL;
	if (load_spec(c, &serr) < 0) {
		if (c->status != RJ_STATUS_BROKEN) {
			c->status = RJ_STATUS_BROKEN;
			c->problem = steal_ptr(serr->msg);
		}
		rj_error_free(serr);
	}
	return 0;
}

int
state_load(const char *root, const char *id, struct rj_container *c,
    bool with_spec, struct rj_error **err)
{
	return load(root, id, c, with_spec, false, err);
}

int
state_load_listed(const char *root, const char *id, struct rj_container *c)
{
	return load(root, id, c, false, true, NULL);
}

int
state_remove(struct rj_container *c, struct rj_error **err)
{
	return rm_rf(c->dir, err);
}

int
state_ids(const char *root, char ***ids, size_t *n, struct rj_error **err)
{
	*ids = NULL;
	*n = 0;
	if (state_root_check(root, false, err) < 0)
		return -1;
	DIR *d = opendir(root);
	if (d == NULL)
		return errno == ENOENT ? 0 : rj_error_sys(err, "open %s", root);
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || rj_id_check(de->d_name, NULL) < 0)
			continue;
		if (*n + 1 >= cap)
			*ids = xrealloc(*ids,
			    (cap = cap ? cap * 2 : 16) * sizeof(**ids));
		(*ids)[(*n)++] = xstrdup(de->d_name);
		(*ids)[*n] = NULL;
	}
	closedir(d);
	return 0;
}
