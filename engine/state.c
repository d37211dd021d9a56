/* state.c: <root>/<id>/{state.json,config.json,lock}. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"
#include "jsonfield.h"
#include "state.h"
#include "util.h"

static const char *const status_names[] = {
	[RJ_STATUS_CREATING] = "creating",
	[RJ_STATUS_CREATED] = "created",
	[RJ_STATUS_RUNNING] = "running",
	[RJ_STATUS_PAUSED] = "paused",
	[RJ_STATUS_STOPPED] = "stopped",
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

char *
rj_state_dir(const char *root, const char *id)
{
	return xasprintf("%s/%s", root, id);
}

int
state_dir_create(struct rj_container *c, struct rj_error **err)
{
	if (mkdir_p(c->root, 0711, err) < 0)
		return rj_error_wrap(err, "state root");
	if (mkdir(c->dir, 0711) < 0) {
		if (errno == EEXIST)
			return rj_error_set(err, EEXIST,
			    "container %s already exists", c->id);
		return rj_error_sys(err, "mkdir %s", c->dir);
	}
	return 0;
}

int
state_lock(const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/lock", dir);
	/* No O_CREAT: a lock file is made only with its directory (create),
	 * so a waiter never re-creates what a delete removed. */
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && access(dir, F_OK) == 0)
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return rj_error_sys(err, "open %s", path);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return rj_error_sys(err, "lock %s", path);
		}
	}
	/* While we waited, delete may have removed the container and a
	 * create made it anew: our lock would then guard a file nobody
	 * else uses.  Only the file still at the path counts. */
	struct stat held, now;
	if (fstat(fd, &held) < 0 || stat(path, &now) < 0 ||
	    held.st_ino != now.st_ino || held.st_dev != now.st_dev) {
		close(fd);
		return rj_error_set(err, ENOENT,
		    "%s: the container was deleted meanwhile", dir);
	}
	return fd;
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
	json_t *priv = json_pack("{s:s, s:I, s:s, s:I, s:b, s:o, s:b}",
	    "rootfs", c->rootfs ? c->rootfs : "", "createdNs",
	    (json_int_t)c->created, "created", created, "startTime",
	    (json_int_t)c->start_time, "started", c->started, "args", args,
	    "logToState", c->opts.log_to_state);
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
	_cleanup_free_ char *path = xasprintf("%s/state.json", c->dir);
	int rc = write_file_replace(path, text, strlen(text), 0600, false, err);
	free(text);
	return rc;
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
	if (!json_is_object(priv) || s < 0) {
		rj_error_set(err, EINVAL, "state.json: not written by runj");
		goto out;
	}
	c->status = s;
	c->pid = (pid_t)json_integer_value(json_object_get(st, "pid"));
	c->bundle = xstrdup(
	    json_string_value(json_object_get(st, "bundle")) ?: "");
	c->rootfs = xstrdup(
	    json_string_value(json_object_get(priv, "rootfs")) ?: "");
	c->created = json_integer_value(json_object_get(priv, "createdNs"));
	c->start_time = (uint64_t)json_integer_value(
	    json_object_get(priv, "startTime"));
	c->started = json_is_true(json_object_get(priv, "started"));
	c->opts.log_to_state = json_is_true(
	    json_object_get(priv, "logToState"));
	json_t *ds = json_object_get(priv, "driver");
	c->driver_state = ds ? json_incref(ds) : json_object();
	json_t *args = json_object_get(priv, "args");
	size_t n = json_array_size(args);
	c->spec.process.args = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		c->spec.process.args[i] = xstrdup(
		    json_string_value(json_array_get(args, i)) ?: "");
	json_t *ann = json_object_get(st, "annotations");
	c->spec.annotations = ann
	    ? json_dumps(ann, JSON_COMPACT | JSON_SORT_KEYS)
	    : xstrdup("{}");
	rc = 0;
out:
	json_decref(st);
	return rc;
}

int
state_load(const char *root, const char *id, struct rj_container *c,
    bool with_spec, struct rj_error **err)
{
	memset(c, 0, sizeof(*c));
	c->sync_fd = c->console_fd = c->lock_fd = -1;
	if (rj_id_check(id, err) < 0)
		return -1;
	c->root = xstrdup(root);
	c->id = xstrdup(id);
	c->dir = rj_state_dir(root, id);
	struct stat st;
	if (stat(c->dir, &st) < 0) {
		if (errno == ENOENT)
			return rj_error_set(err, ENOENT,
			    "container %s does not exist", id);
		return rj_error_sys(err, "stat %s", c->dir);
	}
	_cleanup_free_ char *path = xasprintf("%s/state.json", c->dir);
	_cleanup_free_ char *text = NULL;
	struct rj_error *rerr = NULL;
	if (read_file(path, &text, NULL, &rerr) < 0) {
		int e = rerr->errnum;
		rj_error_free(rerr);
		if (e != ENOENT)
			return rj_error_set(err, e, "read %s: %s", path,
			    strerror(e));
		/* A create that died before its first save. */
		c->status = RJ_STATUS_CREATING;
		c->driver_state = json_object();
		c->spec.annotations = xstrdup("{}");
		return 0;
	}
	if (parse_state(text, c, err) < 0)
		return rj_error_wrap(err, "container %s", id);
	if (!with_spec)
		return 0;
	_cleanup_free_ char *cfg = xasprintf("%s/config.json", c->dir);
	_cleanup_free_ char *ctext = NULL;
	if (read_file(cfg, &ctext, NULL, NULL) < 0)
		return 0; /* a partial create: nothing in it needs the spec */
	char **keep_args = steal_ptr(c->spec.process.args);
	char *keep_ann = steal_ptr(c->spec.annotations);
	if (spec_parse(ctext, &c->spec, err) < 0) {
		strv_free(keep_args);
		free(keep_ann);
		return rj_error_wrap(err, "container %s: config.json", id);
	}
	strv_free(keep_args);
	free(keep_ann);
	return 0;
}

int
state_remove(struct rj_container *c, struct rj_error **err)
{
	return rm_rf(c->dir, err);
}

void
container_free(struct rj_container *c)
{
	free(c->root);
	free(c->id);
	free(c->dir);
	free(c->bundle);
	free(c->rootfs);
	spec_free(&c->spec);
	if (c->driver_state != NULL)
		json_decref(c->driver_state);
	if (c->sync_fd >= 0)
		close(c->sync_fd);
	if (c->console_fd >= 0)
		close(c->console_fd);
	memset(c, 0, sizeof(*c));
	c->sync_fd = c->console_fd = c->lock_fd = -1;
}

enum rj_status
container_status(struct rj_container *c)
{
	switch (c->status) {
	case RJ_STATUS_STOPPED:
		return RJ_STATUS_STOPPED;
	case RJ_STATUS_CREATING:
		/* Only a live create holds the lock; see rj_state_get. */
		return RJ_STATUS_CREATING;
	default:
		break;
	}
	if (c->pid <= 0 || proc_start_time(c->pid) != c->start_time)
		return RJ_STATUS_STOPPED;
	if (!c->started)
		return RJ_STATUS_CREATED;
	if (drv_paused(c))
		return RJ_STATUS_PAUSED;
	return RJ_STATUS_RUNNING;
}

/* A "creating" record whose lock is free belongs to a create that died:
 * nobody will finish it, so it reads as stopped (and delete cleans it). */
static bool
create_is_alive(const char *dir)
{
	_cleanup_free_ char *path = xasprintf("%s/lock", dir);
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		return false;
	return errno == EWOULDBLOCK;
}

static void
state_fill(struct rj_container *c, struct rj_state *st)
{
	st->status = container_status(c);
	if (st->status == RJ_STATUS_CREATING && !create_is_alive(c->dir))
		st->status = RJ_STATUS_STOPPED;
	st->id = xstrdup(c->id);
	st->pid = st->status == RJ_STATUS_STOPPED ? 0 : c->pid;
	st->bundle = xstrdup(c->bundle ? c->bundle : "");
	st->rootfs = xstrdup(c->rootfs ? c->rootfs : "");
	st->created = c->created;
	st->args = strv_dup(c->spec.process.args);
	st->annotations = xstrdup(
	    c->spec.annotations ? c->spec.annotations : "{}");
	st->log_path = c->opts.log_to_state
	    ? xasprintf("%s/console.log", c->dir)
	    : NULL;
}

int
rj_state_get(const char *root, const char *id, struct rj_state *st,
    struct rj_error **err)
{
	struct rj_container c;
	memset(st, 0, sizeof(*st));
	int rc = state_load(root, id, &c, false, err);
	if (rc == 0)
		state_fill(&c, st);
	container_free(&c);
	return rc;
}

void
rj_state_clear(struct rj_state *st)
{
	free(st->id);
	free(st->bundle);
	free(st->rootfs);
	strv_free(st->args);
	free(st->annotations);
	free(st->log_path);
	memset(st, 0, sizeof(*st));
}

char *
rj_state_to_json(const struct rj_state *st)
{
	char created[64];
	format_rfc3339(st->created, created, sizeof(created));
	json_error_t jerr;
	json_t *ann = json_loads(st->annotations ? st->annotations : "{}", 0,
	    &jerr);
	json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o}",
	    "ociVersion", RJ_OCI_VERSION, "id", st->id, "pid", (int)st->pid,
	    "status", rj_status_name(st->status), "bundle", st->bundle,
	    "rootfs", st->rootfs, "created", created, "owner", "",
	    "annotations", ann ? ann : json_object());
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

static int
compare_state(const void *a, const void *b)
{
	return strcmp(((const struct rj_state *)a)->id,
	    ((const struct rj_state *)b)->id);
}

int
rj_list(const char *root, struct rj_state **out, size_t *n,
    struct rj_error **err)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(root);
	if (d == NULL)
		return errno == ENOENT ? 0 : rj_error_sys(err, "open %s", root);
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || rj_id_check(de->d_name, NULL) < 0)
			continue;
		struct rj_state st;
		/* A container deleted while we read is simply not listed. */
		if (rj_state_get(root, de->d_name, &st, NULL) < 0)
			continue;
		if (*n == cap)
			*out = xrealloc(*out,
			    (cap = cap ? cap * 2 : 16) * sizeof(**out));
		(*out)[(*n)++] = st;
	}
	closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), compare_state);
	return 0;
}

void
rj_list_free(struct rj_state *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rj_state_clear(&list[i]);
	free(list);
}
