/*
 * cgroup.c: the container's cgroup, from the record kept in the driver's
 * state (see cgroup.h).  Layout detection, translation and the version
 * specifics live in the other cgroup_*.c files.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_int.h"
#include "util.h"

/* Controllers that are skipped where the host lacks them: the spec's
 * network section is only meaningful where net_cls/net_prio exist. */
static const char *const optional_v1[] = { "net_cls", "net_prio" };

struct rec {
	enum cg_mode mode;
	json_t *obj;  /* ds["cgroup"] */
	json_t *dirs; /* key -> directory */
	json_t *made;
};

static int
rec_get(json_t *ds, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->obj = ds != NULL ? json_object_get(ds, "cgroup") : NULL;
	if (!json_is_object(r->obj))
		return -1;
	const char *mode = json_string_value(json_object_get(r->obj, "mode"));
	int m = mode != NULL ? cg_mode_from_name(mode) : -1;
	r->dirs = json_object_get(r->obj, "dirs");
	r->made = json_object_get(r->obj, "made");
	if (m < 0 || !json_is_object(r->dirs) || !json_is_array(r->made))
		return -1;
	r->mode = m;
	return 0;
}

static int
rec_need(json_t *ds, struct rec *r, struct rj_error **err)
{
	if (rec_get(ds, r) < 0)
		return rj_error_set(err, ENOENT,
		    "cgroup: the container has no cgroup record");
	return 0;
}

/* The directory a write for controller goes to, or NULL to skip it. */
static const char *
rec_dir_of(const char *controller, void *arg)
{
	const struct rec *r = arg;
	if (r->mode == CG_V2 ||
	    (controller != NULL && strcmp(controller, CG_UNIFIED) == 0))
		return json_string_value(json_object_get(r->dirs, CG_UNIFIED));
	const char *key;
	json_t *v;
	json_object_foreach(r->dirs, key, v) if (controller != NULL &&
	    cg_list_has(key, controller)) return json_string_value(v);
	return NULL;
}

static bool
is_optional(const char *controller)
{
	for (size_t i = 0; i < ARRAY_SIZE(optional_v1); i++)
		if (controller != NULL &&
		    strcmp(controller, optional_v1[i]) == 0)
			return true;
	return false;
}

/* Every write has a place to go, before anything is made or changed. */
static int
check_controllers(const struct rec *r, const struct cg_writes *w,
    struct rj_error **err)
{
	if (r->mode == CG_V2)
		return 0; /* cg_v2_enable() says what is missing */
	for (size_t i = 0; i < w->n; i++)
		if (rec_dir_of(w->v[i].controller, (void *)r) == NULL &&
		    !is_optional(w->v[i].controller))
			return rj_error_set(err, ENOTSUP,
			    "cgroup: %s: the %s "
			    "controller is not mounted on this host",
			    w->v[i].file, w->v[i].controller);
	return 0;
}

/* The v2 controllers the writes need, comma-joined; malloc'd. */
static char *
needed_v2(const struct cg_writes *w)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < w->n; i++) {
		const char *c = w->v[i].controller;
		if (c == NULL || cg_list_has(out, c))
			continue;
		char *next = out[0] != '\0' ? xasprintf("%s,%s", out, c)
					    : xstrdup(c);
		free(out);
		out = next;
	}
	return out;
}

static int
translate(enum cg_mode mode, const struct rj_resources *res,
    struct cg_writes *w, struct rj_error **err)
{
	if (res == NULL) {
		memset(w, 0, sizeof(*w));
		return 0;
	}
	if (mode == CG_V2)
		return cg_writes_v2(res, w, err);
	return cg_writes_v1(res, mode == CG_HYBRID, w, err);
}

/*
 * mkdir -p of root+path, one component at a time so each directory made is
 * recorded (and removed on failure or delete).  v2 enables controllers in
 * each parent first; v1 cpuset fills new directories from their parent.
 */
static int
make_dirs(const char *root, const char *path, bool cpuset, bool v2,
    const char *needed, json_t *made, char **leaf, struct rj_error **err)
{
	_cleanup_free_ char *dir = xasprintf("%s%s", root, path);
	size_t rootlen = strlen(root);
	int retries = 0;
	for (char *s = dir + rootlen + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (v2) {
			/* enable in the parent of the one being made */
			char *slash = strrchr(dir, '/');
			*slash = '\0';
			int rc = cg_v2_enable(dir, needed, err);
			*slash = '/';
			if (rc < 0)
				return -1;
		}
		if (mkdir(dir, 0755) == 0) {
			json_array_append_new(made, json_string(dir));
			if (cpuset && cg_v1_cpuset_init(dir, err) < 0)
				return -1;
		} else if (errno == ENOENT && retries++ < 3) {
			/* another container's delete took a shared parent
			 * away between two mkdirs: start again */
			*s = saved;
			s = dir + rootlen;
			continue;
		} else if (errno != EEXIST)
			return rj_error_sys(err, "cgroup: mkdir %s", dir);
		*s = saved;
		if (saved == '\0')
			break;
	}
	*leaf = steal_ptr(dir);
	return 0;
}

static int
create_dirs(const struct cg_layout *lay, const char *path,
    const struct cg_writes *w, struct rec *r, struct rj_error **err)
{
	char *leaf = NULL;
	if (lay->mode == CG_V1 || lay->mode == CG_HYBRID)
		for (size_t i = 0; i < lay->n_v1; i++) {
			const struct cg_hier *h = &lay->v1[i];
			if (make_dirs(h->mountpoint, path,
				cg_list_has(h->controllers, "cpuset"), false,
				NULL, r->made, &leaf, err) < 0)
				return -1;
			json_object_set_new(r->dirs, h->controllers,
			    json_string(leaf));
			free(leaf);
		}
	if (lay->mode == CG_HYBRID || lay->mode == CG_V2) {
		_cleanup_free_ char *needed = needed_v2(w);
		if (make_dirs(lay->unified, path, false, lay->mode == CG_V2,
			needed, r->made, &leaf, err) < 0)
			return -1;
		json_object_set_new(r->dirs, CG_UNIFIED, json_string(leaf));
		free(leaf);
	}
	return 0;
}

/*
 * The device rules (cgroup_devices.c): as devices.allow/deny writes where
 * a v1 devices hierarchy is mounted, and as a program on the cgroup2
 * directory wherever there is one (pure v2, and hybrid hosts too: the
 * kernel asks both).  A host with neither cannot confine devices: that is
 * an error, never an open container.
 */
static int
device_rules_writes(const struct cg_layout *lay, const struct rj_linux *l,
    struct cg_writes *w, struct rj_error **err)
{
	bool v1 = lay->mode != CG_V2 && cg_layout_find(lay, "devices") != NULL;
	if (!v1 && lay->unified == NULL)
		return rj_error_set(err, ENOTSUP,
		    "cgroup: this host has neither a devices hierarchy nor "
		    "cgroup2: devices cannot be confined");
	if (v1) {
		_cleanup_free_ struct rj_device_rule *rules = NULL;
		size_t n = cg_device_rules(l->has_resources ? &l->resources
							    : NULL,
		    &rules);
		cg_device_writes_v1(rules, n, w);
	}
	return 0;
}

static int
device_program(const struct rec *r, const struct rj_linux *l,
    struct rj_error **err)
{
	const char *dir = json_string_value(
	    json_object_get(r->dirs, CG_UNIFIED));
	if (dir == NULL)
		return 0;
	_cleanup_free_ struct rj_device_rule *rules = NULL;
	size_t n = cg_device_rules(l->has_resources ? &l->resources : NULL,
	    &rules);
	_cleanup_free_ struct bpf_insn *prog = NULL;
	size_t n_insns = cg_devices_bpf(rules, n, &prog);
	return cg_bpf_attach_devices(dir, prog, n_insns, err);
}

static int
enter(const struct rec *r, pid_t pid, struct rj_error **err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%ld", (long)pid);
	const char *key;
	json_t *v;
	json_object_foreach(r->dirs, key, v)
	{
		const char *dir = json_string_value(v);
		/* A hierarchy unmounted since create took its directory with
		 * it: nothing to join there. */
		if (access(dir, F_OK) < 0 && errno == ENOENT)
			continue;
		if (cg_write(dir, "cgroup.procs", buf, err) < 0)
			return -1;
	}
	return 0;
}

static bool
made_here(const struct rec *r, const char *dir)
{
	for (size_t i = 0; i < json_array_size(r->made); i++)
		if (strcmp(json_string_value(json_array_get(r->made, i)),
			dir) == 0)
			return true;
	return false;
}

/* A cgroup that already has processes belongs to someone else: adopting
 * it would let kill --all, ps and delete reach them (runc refuses too).
 * On refusal the record keeps only what we made, so the undo that
 * follows never touches the other cgroup. */
static int
refuse_busy(struct rec *r, struct rj_error **err)
{
	const char *key;
	json_t *v;
	json_object_foreach(r->dirs, key, v)
	{
		const char *dir = json_string_value(v);
		if (made_here(r, dir))
			continue;
		_cleanup_free_ pid_t *pids = NULL;
		size_t n = 0;
		if (cg_read_pids(dir, &pids, &n, NULL) == 0 && n > 0) {
			rj_error_set(err, EBUSY,
			    "cgroup: %s already has processes: not the "
			    "container's to take",
			    dir);
			json_object_clear(r->dirs);
			return -1;
		}
	}
	return 0;
}

int
cgroup_create(const struct rj_linux *l, const char *id, pid_t pid, json_t *ds,
    struct rj_error **err)
{
	const struct cg_layout *lay;
	_cleanup_free_ char *path = NULL;
	if (cg_layout_get(&lay, err) < 0 ||
	    cg_path_resolve(l->cgroups_path, id, &path, err) < 0)
		return -1;
	struct cg_writes w;
	if (translate(lay->mode, l->has_resources ? &l->resources : NULL, &w,
		err) < 0)
		return rj_error_wrap(err, "cgroup");
	if (device_rules_writes(lay, l, &w, err) < 0) {
		cg_writes_free(&w);
		return -1;
	}
	struct rec r = { .mode = lay->mode,
		.obj = json_object(),
		.dirs = json_object(),
		.made = json_array() };
	json_object_set_new(r.obj, "mode",
	    json_string(cg_mode_name(lay->mode)));
	json_object_set_new(r.obj, "path", json_string(path));
	json_object_set_new(r.obj, "dirs", r.dirs);
	json_object_set_new(r.obj, "made", r.made);
	/* recorded first, so a failure below is undone by cgroup_destroy */
	json_object_set_new(ds, "cgroup", r.obj);
	/* the dirs a v1 host will have, to check controllers up front */
	if (lay->mode != CG_V2) {
		for (size_t i = 0; i < lay->n_v1; i++)
			json_object_set_new(r.dirs, lay->v1[i].controllers,
			    json_string(""));
		if (lay->unified != NULL)
			json_object_set_new(r.dirs, CG_UNIFIED,
			    json_string(""));
	}
	int rc = check_controllers(&r, &w, err);
	json_object_clear(r.dirs);
	if (rc == 0)
		rc = create_dirs(lay, path, &w, &r, err);
	if (rc == 0)
		rc = refuse_busy(&r, err);
	if (rc == 0)
		rc = cg_apply_writes(&w, rec_dir_of, &r, err);
	if (rc == 0)
		rc = device_program(&r, l, err);
	if (rc == 0 && pid > 0)
		rc = enter(&r, pid, err);
	cg_writes_free(&w);
	if (rc < 0) {
		cgroup_destroy(ds, NULL);
		return -1;
	}
	return 0;
}

int
cgroup_enter(json_t *ds, pid_t pid, struct rj_error **err)
{
	struct rec r;
	if (rec_need(ds, &r, err) < 0)
		return -1;
	return enter(&r, pid, err);
}

/* Where the member list is read: any hierarchy has every member. */
static const char *
procs_dir(const struct rec *r)
{
	static const char *const prefer[] = { "freezer", "pids", "memory" };
	if (r->mode == CG_V2)
		return rec_dir_of(NULL, (void *)r);
	for (size_t i = 0; i < ARRAY_SIZE(prefer); i++) {
		const char *d = rec_dir_of(prefer[i], (void *)r);
		if (d != NULL)
			return d;
	}
	const char *key;
	json_t *v;
	json_object_foreach(r->dirs, key, v) return json_string_value(v);
	return NULL;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int
cgroup_pids(json_t *ds, pid_t **pids, size_t *n, struct rj_error **err)
{
	struct rec r;
	*pids = NULL;
	*n = 0;
	if (rec_need(ds, &r, err) < 0)
		return -1;
	const char *dir = procs_dir(&r);
	if (dir == NULL)
		return 0;
	if (cg_read_pids(dir, pids, n, err) < 0)
		return -1;
	qsort(*pids, *n, sizeof(**pids), pid_cmp);
	return 0;
}

/* The freezer to use: v1's where mounted, else cgroup.freeze. */
static const char *
freezer_dir(const struct rec *r, bool *v1)
{
	*v1 = false;
	if (r->mode != CG_V2) {
		const char *d = rec_dir_of("freezer", (void *)r);
		if (d != NULL) {
			*v1 = true;
			return d;
		}
	}
	return json_string_value(json_object_get(r->dirs, CG_UNIFIED));
}

int
cgroup_freeze(json_t *ds, bool on, struct rj_error **err)
{
	struct rec r;
	bool v1;
	if (rec_need(ds, &r, err) < 0)
		return -1;
	const char *dir = freezer_dir(&r, &v1);
	if (dir == NULL)
		return rj_error_set(err, ENOTSUP,
		    "cgroup: this host has no freezer");
	return v1 ? cg_v1_freeze(dir, on, err) : cg_v2_freeze(dir, on, err);
}

bool
cgroup_frozen(json_t *ds)
{
	struct rec r;
	bool v1;
	if (rec_get(ds, &r) < 0)
		return false;
	const char *dir = freezer_dir(&r, &v1);
	if (dir == NULL)
		return false;
	return v1 ? cg_v1_frozen(dir) : cg_v2_frozen(dir);
}

/* SIGKILLs every member; frozen tasks die only once thawed. */
static void
kill_all(const struct rec *r)
{
	const char *unified = json_string_value(
	    json_object_get(r->dirs, CG_UNIFIED));
	const char *key;
	json_t *v;
	if (unified == NULL || !cg_v2_kill(unified))
		json_object_foreach(r->dirs, key, v)
		{
			_cleanup_free_ pid_t *pids = NULL;
			size_t n = 0;
			if (cg_read_pids(json_string_value(v), &pids, &n,
				NULL) < 0)
				continue;
			for (size_t i = 0; i < n; i++)
				kill(pids[i], SIGKILL);
		}
	bool v1;
	const char *fz = freezer_dir(r, &v1);
	if (fz != NULL && (v1 ? cg_v1_frozen(fz) : cg_v2_frozen(fz)))
		v1 ? cg_v1_freeze(fz, false, NULL)
		   : cg_v2_freeze(fz, false, NULL);
}

/* rmdir that waits out the members still exiting (2s at most). */
static int
rmdir_leaf(const struct rec *r, const char *dir, struct rj_error **err)
{
	for (int i = 0; i < 200; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			break;
		if (i % 20 == 0)
			kill_all(r);
		struct timespec ts = { 0, 10000000 };
		nanosleep(&ts, NULL);
	}
	return rj_error_sys(err, "cgroup: rmdir %s", dir);
}

int
cgroup_destroy(json_t *ds, struct rj_error **err)
{
	struct rec r;
	if (rec_get(ds, &r) < 0)
		return 0;
	const char *key;
	json_t *v;
	int rc = 0;
	json_object_foreach(r.dirs, key, v) if (rc == 0 &&
	    rmdir_leaf(&r, json_string_value(v), err) < 0) rc = -1;
	if (rc < 0)
		return -1;
	/* then the parents this container made, innermost first; another
	 * container may still use one, which is fine */
	for (size_t i = json_array_size(r.made); i-- > 0;) {
		const char *d = json_string_value(json_array_get(r.made, i));
		if (d != NULL && rmdir(d) < 0 && errno != ENOENT &&
		    errno != EBUSY && errno != ENOTEMPTY)
			return rj_error_sys(err, "cgroup: rmdir %s", d);
	}
	json_object_del(ds, "cgroup");
	return 0;
}

int
cgroup_update(json_t *ds, const struct rj_resources *res, struct rj_error **err)
{
	struct rec r;
	struct cg_writes w;
	if (rec_need(ds, &r, err) < 0 ||
	    cgroup_check_resources(res, "resources", err) < 0)
		return -1;
	if (translate(r.mode, res, &w, err) < 0)
		return rj_error_wrap(err, "cgroup");
	int rc = check_controllers(&r, &w, err);
	if (rc == 0)
		rc = cg_apply_writes(&w, rec_dir_of, &r, err);
	cg_writes_free(&w);
	return rc;
}

int
cgroup_stats(json_t *ds, struct rj_stats *st, struct rj_error **err)
{
	struct rec r;
	if (rec_need(ds, &r, err) < 0)
		return -1;
	cg_stats_read(r.mode, rec_dir_of, &r, st);
	return 0;
}
