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

struct rec {
	enum cg_mode mode;
	json_t *obj;  /* ds["cgroup"] */
	json_t *dirs; /* key -> directory */
	json_t *made;
};

/* The mount point of the hierarchy a record's key names, on this host. */
static const char *
key_root(const struct cg_layout *lay, const char *key)
{
	if (strcmp(key, CG_UNIFIED) == 0)
		return lay->unified;
	for (size_t i = 0; i < lay->n_v1; i++)
		if (strcmp(lay->v1[i].controllers, key) == 0)
			return lay->v1[i].mountpoint;
	return NULL;
}

/* Whether dir is root followed by a leading part of path (all of it when
 * whole): a record names nothing outside the container's cgroup and the
 * parents runj made on the way to it. */
static bool
under_path(const char *dir, const char *root, const char *path, bool whole)
{
	if (root == NULL)
		return false;
	size_t rl = strlen(root), pl = strlen(path);
	if (strncmp(dir, root, rl) != 0 || strlen(dir) <= rl)
		return false;
	const char *rest = dir + rl;
	size_t n = strlen(rest);
	if (whole)
		return strcmp(rest, path) == 0;
	return n <= pl && strncmp(rest, path, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* A record is only used when everything it names lies in this host's
 * cgroup hierarchies, on the way to its own path: a state.json that
 * names other directories makes runj touch nothing. */
static bool
rec_valid(const struct rec *r)
{
	const struct cg_layout *lay;
	const char *path = json_string_value(json_object_get(r->obj, "path"));
	if (cg_layout_get(&lay, NULL) < 0 || path == NULL || path[0] != '/' ||
	    strstr(path, "/..") != NULL)
		return false;
	const char *key;
	json_t *v;
	json_object_foreach(r->dirs, key, v)
	{
		const char *dir = json_string_value(v);
		const char *root = key_root(lay, key);
		if (dir == NULL ||
		    (dir[0] != '\0' &&
			(root == NULL || !under_path(dir, root, path, true))))
			return false;
	}
	size_t i;
	json_array_foreach(r->made, i, v)
	{
		const char *dir = json_string_value(v);
		bool ok = false;
		for (size_t k = 0; dir != NULL && k <= lay->n_v1 && !ok; k++) {
			const char *root = k < lay->n_v1 ? lay->v1[k].mountpoint
							 : lay->unified;
			ok = root != NULL && under_path(dir, root, path, false);
		}
		if (!ok)
			return false;
	}
	return true;
}

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
	return rec_valid(r) ? 0 : -1;
}

bool
cgroup_owns(json_t *ds, pid_t pid)
{
	struct rec r;
	if (pid <= 0 || rec_get(ds, &r) < 0)
		return false;
	const char *path = json_string_value(json_object_get(r.obj, "path"));
	char file[64];
	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	_cleanup_free_ char *text = NULL;
	if (read_file(file, &text, NULL, NULL) < 0)
		return false;
	/* "N:controllers:/p" lines: /p is the path or below it (a process
	 * may move into a sub-cgroup of its own). */
	size_t pl = strlen(path);
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char *p = strchr(line, ':');
		p = p != NULL ? strchr(p + 1, ':') : NULL;
		if (p != NULL && strncmp(p + 1, path, pl) == 0 &&
		    (p[1 + pl] == '\0' || p[1 + pl] == '/'))
			return true;
	}
	return false;
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

/* Every write has a place to go, before anything is made or changed. */
static int
check_controllers(const struct rec *r, const struct cg_writes *w,
    struct rj_error **err)
{
	if (r->mode == CG_V2)
		return 0; /* cg_v2_enable() says what is missing */
	for (size_t i = 0; i < w->n; i++)
		/* net_cls and net_prio too: a limit the host cannot apply
		 * is an error, never dropped (runtime-spec) */
		if (rec_dir_of(w->v[i].controller, (void *)r) == NULL)
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

/* The hierarchies' roots, each with how its directories are made. */
struct hier {
	const char *key; /* the record's key: controllers, or CG_UNIFIED */
	const char *root;
	struct cg_make_opts o;
};

static size_t
hierarchies(const struct cg_layout *lay, const char *needed, struct hier **out)
{
	struct hier *h = xcalloc(lay->n_v1 + 1, sizeof(*h));
	size_t n = 0;
	if (lay->mode == CG_V1 || lay->mode == CG_HYBRID)
		for (size_t i = 0; i < lay->n_v1; i++)
			h[n++] = (struct hier){ lay->v1[i].controllers,
				lay->v1[i].mountpoint,
				{ .cpuset = cg_list_has(lay->v1[i].controllers,
				      "cpuset") } };
	if (lay->mode == CG_HYBRID || lay->mode == CG_V2)
		h[n++] = (struct hier){ CG_UNIFIED, lay->unified,
			{ .v2 = lay->mode == CG_V2, .needed = needed } };
	*out = h;
	return n;
}

/*
 * mkdir -p of the path in every hierarchy.  What will be made is recorded
 * first and saved (record), so that runj killed at any point here leaves
 * a record delete --force can undo; a directory that appears unplanned
 * is recorded and saved before it is made.  Leaves that existed already
 * are "adopted": named in *adopted (a JSON array).
 */
static int
create_dirs(const struct cg_layout *lay, const char *path,
    const struct cg_writes *w, struct rec *r, const struct cg_record *rec,
    json_t *adopted, struct rj_error **err)
{
	_cleanup_free_ char *needed = needed_v2(w);
	_cleanup_free_ struct hier *h = NULL;
	size_t n = hierarchies(lay, needed, &h);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *leaf = xasprintf("%s%s", h[i].root, path);
		json_object_set_new(r->dirs, h[i].key, json_string(leaf));
		cg_tree_plan(h[i].root, path, r->made);
	}
	if (rec != NULL && rec->save(rec->arg, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		h[i].o.record = rec != NULL ? rec->save : NULL;
		h[i].o.arg = rec != NULL ? rec->arg : NULL;
		bool was_there;
		if (cg_tree_make(h[i].root, path, &h[i].o, r->made, &was_there,
			err) < 0)
			return -1;
		if (was_there)
			json_array_append(adopted,
			    json_object_get(r->dirs, h[i].key));
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

static bool
made_here(const struct rec *r, const char *dir)
{
	return cg_json_has(r->made, dir);
}

/*
 * A cgroup that existed must have nothing running in it or anywhere
 * below it: it may be another container's parent (or /system.slice),
 * and adopting it would let kill --all, ps and delete reach them (runc
 * refuses a non-empty one too).  And no cgroup, ours or not, may be
 * frozen: the container would start frozen (runtime-spec: an error).
 */
static int
refuse_taken(const struct rec *r, json_t *adopted, struct rj_error **err)
{
	size_t i;
	json_t *v;
	json_array_foreach(adopted, i, v)
	{
		const char *dir = json_string_value(v);
		bool v2 = r->mode == CG_V2 ||
		    strcmp(dir,
			json_string_value(json_object_get(r->dirs, CG_UNIFIED))
			    ?: "") == 0;
		if (cg_tree_populated(dir, v2))
			return rj_error_set(err, EBUSY,
			    "cgroup: %s has processes in it or below it: not "
			    "the container's to take",
			    dir);
	}
	const char *fz = rec_dir_of("freezer", (void *)r);
	const char *u = json_string_value(json_object_get(r->dirs, CG_UNIFIED));
	if ((r->mode != CG_V2 && fz != NULL && !cg_v1_thawed(fz)) ||
	    (u != NULL && cg_v2_frozen(u)))
		return rj_error_set(err, EBUSY,
		    "cgroup: %s is frozen: a container cannot start in it",
		    fz != NULL && r->mode != CG_V2 ? fz : u);
	return 0;
}

int
cgroup_make(const struct rj_linux *l, const char *id, json_t *ds,
    const struct cg_record *rec, struct rj_error **err)
{
	const struct cg_layout *lay;
	_cleanup_free_ char *path = NULL;
	if (cg_layout_get(&lay, err) < 0 ||
	    cg_path_resolve(l->cgroups_path, id, &path, err) < 0)
		return -1;
	/* The limits are translated here too, so that a value the host
	 * cannot take is an error before anything is made.  The v1 device
	 * rules are applied here, while nobody is in the cgroup: v1 takes
	 * them one write at a time, and a process in it would meet the
	 * deny-all before the allows that follow.  The cgroup2 program
	 * goes in whole, so cgroup_limit attaches it. */
	struct cg_writes w, dev = { 0 };
	if (translate(lay->mode, l->has_resources ? &l->resources : NULL, &w,
		err) < 0)
		return rj_error_wrap(err, "cgroup");
	if (device_rules_writes(lay, l, &dev, err) < 0) {
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
	if (rc == 0)
		rc = check_controllers(&r, &dev, err);
	json_object_clear(r.dirs);
	json_t *adopted = json_array();
	if (rc == 0)
		rc = create_dirs(lay, path, &w, &r, rec, adopted, err);
	if (rc == 0)
		rc = refuse_taken(&r, adopted, err);
	json_decref(adopted);
	if (rc == 0)
		rc = cg_apply_writes(&dev, rec_dir_of, &r, err);
	cg_writes_free(&w);
	cg_writes_free(&dev);
	if (rc < 0) {
		cgroup_destroy(ds, NULL);
		return -1;
	}
	return 0;
}

int
cgroup_limit(const struct rj_linux *l, json_t *ds, struct rj_error **err)
{
	struct rec r;
	struct cg_writes w;
	if (rec_need(ds, &r, err) < 0)
		return -1;
	if (translate(r.mode, l->has_resources ? &l->resources : NULL, &w,
		err) < 0)
		return rj_error_wrap(err, "cgroup");
	int rc = cg_apply_writes(&w, rec_dir_of, &r, err);
	if (rc == 0)
		rc = device_program(&r, l, err);
	cg_writes_free(&w);
	return rc;
}

int
cgroup_create(const struct rj_linux *l, const char *id, json_t *ds,
    struct rj_error **err)
{
	if (cgroup_make(l, id, ds, NULL, err) < 0)
		return -1;
	if (cgroup_limit(l, ds, err) < 0) {
		cgroup_destroy(ds, NULL);
		return -1;
	}
	return 0;
}

/* Whether the hierarchy named key ("cpu,cpuacct", "name=systemd",
 * CG_UNIFIED) has one of the controllers in the comma list want. */
static bool
key_has(const char *key, const char *want, size_t wlen)
{
	const char *w = want;
	while (w < want + wlen) {
		size_t n = strcspn(w, ",");
		if (n > (size_t)(want + wlen - w))
			n = (size_t)(want + wlen - w);
		const char *k = key;
		while (*k != '\0') {
			size_t m = strcspn(k, ",");
			if (m == n && strncmp(k, w, n) == 0)
				return true;
			k += m + (k[m] == ',');
		}
		w += n + 1;
	}
	return false;
}

/* Points the hierarchies subs name ("path", or "ctrl[,ctrl]:path" on
 * v1) at that sub-cgroup of the container's in *targets (key -> dir). */
static int
sub_targets(const struct rec *r, char *const *subs, json_t *targets,
    struct rj_error **err)
{
	for (size_t i = 0; subs != NULL && subs[i] != NULL; i++) {
		const char *spec = subs[i];
		const char *colon = strchr(spec, ':');
		const char *path = colon ? colon + 1 : spec;
		if (*path == '\0' || strstr(path, "..") != NULL ||
		    (colon != NULL && r->mode == CG_V2))
			return rj_error_set(err, EINVAL,
			    "--cgroup %s: expected [controller,...:]path, a "
			    "path below the container's cgroup%s",
			    spec, r->mode == CG_V2 ? " (one tree here)" : "");
		bool found = false;
		const char *key;
		json_t *v;
		json_object_foreach(r->dirs, key, v)
		{
			if (colon != NULL &&
			    !key_has(key, spec, (size_t)(colon - spec)))
				continue;
			found = true;
			char *dir = xasprintf("%s/%s", json_string_value(v),
			    path);
			struct stat st;
			if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
				rj_error_set(err, ENOENT,
				    "--cgroup %s: %s is no cgroup", spec, dir);
				free(dir);
				return -1;
			}
			json_object_set_new(targets, key, json_string(dir));
			free(dir);
		}
		if (!found)
			return rj_error_set(err, ENOENT,
			    "--cgroup %s: no such controller here", spec);
	}
	return 0;
}

int
cgroup_join_open(json_t *ds, char *const *subs, struct cg_join *j,
    struct rj_error **err)
{
	struct rec r;
	if (rec_need(ds, &r, err) < 0)
		return -1;
	_cleanup_json_ json_t *targets = json_copy(r.dirs);
	if (sub_targets(&r, subs, targets, err) < 0)
		return -1;
	const char *key;
	json_t *v;
	json_object_foreach(targets, key, v)
	{
		const char *dir = json_string_value(v);
		if (dir == NULL || dir[0] == '\0')
			continue;
		bool v2 = r.mode == CG_V2 || strcmp(key, CG_UNIFIED) == 0;
		/* A hierarchy unmounted since create took its directory with
		 * it: nothing to join there (a sub-cgroup asked for must be).
		 */
		bool own = strcmp(dir,
			       json_string_value(json_object_get(r.dirs, key))
				   ?: "") == 0;
		if (cg_join_add(j, dir, v2, own, err) < 0)
			return -1;
	}
	return 0;
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
	/* below a cgroup of ours, the ones the container made count too */
	if (cg_tree_pids(dir, made_here(&r, dir), pids, n, err) < 0)
		return -1;
	if (*n > 1)
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
	/* freezing a cgroup freezes all below it: only one of ours */
	if (!made_here(&r, dir))
		return rj_error_set(err, EPERM,
		    "cgroup: %s was not made by runj: it is not runj's to "
		    "freeze",
		    dir);
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

/* SIGKILLs the container's processes: the whole tree below a cgroup
 * runj made (sub-cgroups the container made included), only the members
 * of one it did not make.  Frozen tasks die only once thawed. */
static void
kill_members(const struct rec *r)
{
	const char *key;
	json_t *v;
	json_object_foreach(r->dirs, key, v)
	{
		const char *dir = json_string_value(v);
		if (dir != NULL && dir[0] != '\0')
			cg_tree_kill(dir, made_here(r, dir),
			    r->mode == CG_V2 || strcmp(key, CG_UNIFIED) == 0);
	}
	bool v1;
	const char *fz = freezer_dir(r, &v1);
	if (fz != NULL && made_here(r, fz) &&
	    (v1 ? cg_v1_frozen(fz) : cg_v2_frozen(fz)))
		v1 ? cg_v1_freeze(fz, false, NULL)
		   : cg_v2_freeze(fz, false, NULL);
}

/* Waits out the members still exiting (2s at most): then removes a
 * cgroup runj made, with everything below it, or finds one it did not
 * make empty of the container's processes (and leaves it). */
static int
take_down(const struct rec *r, const char *dir, struct rj_error **err)
{
	bool ours = made_here(r, dir);
	for (int i = 0; i < 200; i++) {
		if (ours && cg_tree_remove(dir) == 0)
			return 0;
		if (!ours) {
			_cleanup_free_ pid_t *pids = NULL;
			size_t n = 0;
			if (cg_read_pids(dir, &pids, &n, NULL) < 0 || n == 0)
				return 0;
		}
		if (i % 20 == 0)
			kill_members(r);
		struct timespec ts = { 0, 10000000 };
		nanosleep(&ts, NULL);
	}
	if (ours)
		return rj_error_set(err, EBUSY,
		    "cgroup: rmdir %s: still busy after killing what ran in "
		    "it",
		    dir);
	return rj_error_set(err, EBUSY,
	    "cgroup: %s: the container's processes did not exit", dir);
}

int
cgroup_destroy(json_t *ds, struct rj_error **err)
{
	struct rec r;
	if (rec_get(ds, &r) < 0)
		return 0;
	const char *key;
	json_t *v;
	json_object_foreach(r.dirs, key, v)
	{
		const char *dir = json_string_value(v);
		if (dir != NULL && dir[0] != '\0' &&
		    take_down(&r, dir, err) < 0)
			return -1;
	}
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
cgroup_recover(const struct rj_linux *l, const char *id, json_t *ds,
    struct rj_error **err)
{
	const char *cp = l->cgroups_path;
	if (cp != NULL && cp[0] != '\0' && (cp[0] == '/' || strchr(cp, ':')))
		return 0;
	const struct cg_layout *lay;
	_cleanup_free_ char *path = NULL;
	if (cg_layout_get(&lay, err) < 0 ||
	    cg_path_resolve(cp, id, &path, err) < 0)
		return -1;
	json_t *dirs = json_object(), *made = json_array();
	_cleanup_free_ struct hier *h = NULL;
	size_t n = hierarchies(lay, NULL, &h);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *leaf = xasprintf("%s%s", h[i].root, path);
		if (access(leaf, F_OK) < 0)
			continue;
		json_object_set_new(dirs, h[i].key, json_string(leaf));
		json_array_append_new(made, json_string(leaf));
	}
	json_object_set_new(ds, "cgroup",
	    json_pack("{s:s, s:s, s:o, s:o}", "mode", cg_mode_name(lay->mode),
		"path", path, "dirs", dirs, "made", made));
	return 1;
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
