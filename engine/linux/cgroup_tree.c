/*
 * cgroup_tree.c: making a container's cgroup directories and taking them
 * down again, by the rules that keep other cgroups safe: a directory is
 * recorded before it is made (so a SIGKILLed create leaves nothing a
 * delete cannot find); a directory that existed is only used when nothing
 * runs in it or below it; only what runj made is killed as a tree and
 * removed, sub-cgroups the container made included.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_int.h"
#include "util.h"

/* Deeper than any cgroup tree a container makes; the walk stops there. */
#define TREE_DEPTH_MAX 64

bool
cg_json_has(json_t *array, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(array, i, v)
	{
		const char *e = json_string_value(v);
		if (e != NULL && strcmp(e, s) == 0)
			return true;
	}
	return false;
}

static void
json_remove(json_t *array, const char *s)
{
	for (size_t i = json_array_size(array); i-- > 0;) {
		const char *e = json_string_value(json_array_get(array, i));
		if (e != NULL && strcmp(e, s) == 0)
			json_array_remove(array, i);
	}
}

/* Calls fn(prefix) for each component of root+path below root, outermost
 * first; stops at the first that fails. */
static int
each_component(const char *root, const char *path,
    int (*fn)(const char *dir, void *arg), void *arg)
{
	_cleanup_free_ char *dir = xasprintf("%s%s", root, path);
	for (char *s = dir + strlen(root) + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		int rc = fn(dir, arg);
		*s = saved;
		if (rc != 0)
			return rc;
		if (saved == '\0')
			return 0;
	}
}

static int
plan_one(const char *dir, void *arg)
{
	struct stat st;
	if (lstat(dir, &st) < 0 && errno == ENOENT && !cg_json_has(arg, dir))
		json_array_append_new(arg, json_string(dir));
	return 0;
}

void
cg_tree_plan(const char *root, const char *path, json_t *made)
{
	each_component(root, path, plan_one, made);
}

struct make_ctx {
	const struct cg_make_opts *o;
	json_t *made;
	json_t *created; /* what this call made, to tell a retry apart */
	bool restart;
	int retries;
	struct rj_error **err;
};

static int
make_one(const char *dir, void *arg)
{
	struct make_ctx *m = arg;
	const struct cg_make_opts *o = m->o;
	if (o->v2) {
		/* enable in the parent of the one being made */
		_cleanup_free_ char *parent = xstrdup(dir);
		*strrchr(parent, '/') = '\0';
		if (cg_v2_enable(parent, o->needed, m->err) < 0)
			return -1;
	}
	if (!cg_json_has(m->made, dir)) {
		/* There at the plan: someone else's, nothing to make.  Gone
		 * since (another container's delete took a parent away):
		 * recorded before it is made. */
		struct stat st;
		if (lstat(dir, &st) == 0)
			goto made;
		json_array_append_new(m->made, json_string(dir));
		if (o->record != NULL && o->record(o->arg, m->err) < 0)
			return -1;
	}
	if (mkdir(dir, 0755) == 0) {
		json_array_append_new(m->created, json_string(dir));
	} else if (errno == EEXIST) {
		/* made by someone else between the plan and now: not ours */
		if (!cg_json_has(m->created, dir))
			json_remove(m->made, dir);
	} else if (errno == ENOENT && m->retries++ < 3) {
		m->restart = true;
		return 1;
	} else {
		return rj_error_sys(m->err, "cgroup: mkdir %s", dir);
	}
made:
	/* A v1 cpuset starts with no cpus or mems, ours and (issue 10.13)
	 * an ancestor someone else made alike: a task cannot join it. */
	if (o->cpuset && cg_v1_cpuset_init(dir, m->err) < 0)
		return -1;
	return 0;
}

int
cg_tree_make(const char *root, const char *path, const struct cg_make_opts *o,
    json_t *made, bool *adopted, struct rj_error **err)
{
	json_t *created = json_array();
	struct make_ctx m = { .o = o,
		.made = made,
		.created = created,
		.err = err };
	int rc;
	do {
		m.restart = false;
		rc = each_component(root, path, make_one, &m);
	} while (rc > 0 && m.restart);
	_cleanup_free_ char *leaf = xasprintf("%s%s", root, path);
	*adopted = !cg_json_has(created, leaf);
	json_decref(created);
	return rc < 0 ? -1 : 0;
}

/* ---- walking a tree ---- */

/* Calls fn on dir and every cgroup below it, children first when
 * post is true. */
static int
walk(const char *dir, bool post, int depth,
    int (*fn)(const char *dir, void *arg), void *arg)
{
	int rc;
	if (!post && (rc = fn(dir, arg)) != 0)
		return rc;
	if (depth < TREE_DEPTH_MAX) {
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d != NULL && (de = readdir(d)) != NULL) {
			if (de->d_type != DT_DIR || de->d_name[0] == '.')
				continue;
			_cleanup_free_ char *sub = xasprintf("%s/%s", dir,
			    de->d_name);
			if ((rc = walk(sub, post, depth + 1, fn, arg)) != 0) {
				closedir(d);
				return rc;
			}
		}
		if (d != NULL)
			closedir(d);
	}
	return post ? fn(dir, arg) : 0;
}

static int
has_pids(const char *dir, void *arg)
{
	(void)arg;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;
	return cg_read_pids(dir, &pids, &n, NULL) == 0 && n > 0;
}

bool
cg_tree_populated(const char *dir, bool v2)
{
	uint64_t v;
	if (v2 && cg_read_keyed(dir, "cgroup.events", "populated", &v) == 0)
		return v != 0;
	return walk(dir, false, 0, has_pids, NULL) > 0;
}

static int
collect(const char *dir, void *arg)
{
	struct {
		pid_t **pids;
		size_t *n;
	} *c = arg;
	cg_read_pids(dir, c->pids, c->n, NULL);
	return 0;
}

int
cg_tree_pids(const char *dir, bool tree, pid_t **pids, size_t *n,
    struct rj_error **err)
{
	if (!tree)
		return cg_read_pids(dir, pids, n, err);
	/* the top must be readable; below it, what is there */
	if (access(dir, F_OK) < 0)
		return rj_error_sys(err, "cgroup: %s", dir);
	struct {
		pid_t **pids;
		size_t *n;
	} c = { pids, n };
	walk(dir, false, 0, collect, &c);
	return 0;
}

static int
kill_in(const char *dir, void *arg)
{
	(void)arg;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;
	if (cg_read_pids(dir, &pids, &n, NULL) == 0)
		for (size_t i = 0; i < n; i++)
			if (pids[i] > 0)
				kill(pids[i], SIGKILL);
	return 0;
}

void
cg_tree_kill(const char *dir, bool tree, bool v2)
{
	if (!tree) {
		kill_in(dir, NULL);
		return;
	}
	if (v2 && cg_v2_kill(dir))
		return;
	walk(dir, false, 0, kill_in, NULL);
}

static int
rmdir_one(const char *dir, void *arg)
{
	(void)arg;
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	return -1;
}

int
cg_tree_remove(const char *dir)
{
	/* Most cgroups have no children: one rmdir, no directory read. */
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	return walk(dir, true, 0, rmdir_one, NULL) == 0 ? 0 : -1;
}
