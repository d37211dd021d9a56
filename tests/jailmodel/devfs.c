/*
 * devfs.c: devfs rulesets and what a devfs mount shows, after
 * sys/fs/devfs/devfs_rule.c.  Rulesets: [{n, refs, rules: [{id, include,
 * incset, path, action, mode}]}], sorted by number and rule id.  At boot
 * the model loads the stock rulesets of /etc/defaults/devfs.rules
 * (sbin/devfs/devfs.rules) as rc.d/devfs does, numbering the rules 100,
 * 200... as devfs(8)'s "add" does.
 *
 * A devfs mount is a tmpfs holding the model's devices that its ruleset
 * leaves visible; the device nodes are Linux's own null, zero, random,
 * urandom, tty and ptmx, and /dev/null stands in for every other one (mem,
 * kmem, io, console, pf, bpf...) so that nothing a jail can open is more
 * than the host already gives it.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

/* vfs.devfs.rule_depth (devfs_devs.c): how deep includes are followed. */
#define DEVFS_RULE_DEPTH 1

static const struct dnode {
	const char *name;
	char type;	 /* c: device, d: directory, l: symlink */
	const char *src; /* the device it is, or the link's target */
	mode_t mode;
} dnodes[] = {
	{ "null", 'c', "/dev/null", 0666 },
	{ "zero", 'c', "/dev/zero", 0666 },
	{ "random", 'c', "/dev/random", 0666 },
	{ "urandom", 'c', "/dev/urandom", 0666 },
	{ "crypto", 'c', "/dev/null", 0666 },
	{ "tty", 'c', "/dev/tty", 0666 },
	{ "ptmx", 'c', "/dev/ptmx", 0666 },
	{ "console", 'c', "/dev/null", 0600 },
	{ "mem", 'c', "/dev/null", 0640 },
	{ "kmem", 'c', "/dev/null", 0640 },
	{ "io", 'c', "/dev/null", 0600 },
	{ "pf", 'c', "/dev/null", 0600 },
	{ "bpf", 'c', "/dev/null", 0600 },
	{ "fuse", 'c', "/dev/null", 0666 },
	{ "zfs", 'c', "/dev/null", 0666 },
	{ "pts", 'd', NULL, 0755 },
	{ "fd", 'd', NULL, 0555 },
	{ "fd/0", 'l', "/proc/self/fd/0", 0 },
	{ "fd/1", 'l', "/proc/self/fd/1", 0 },
	{ "fd/2", 'l', "/proc/self/fd/2", 0 },
	{ "stdin", 'l', "fd/0", 0 },
	{ "stdout", 'l', "fd/1", 0 },
	{ "stderr", 'l', "fd/2", 0 },
};

static json_t *
rulesets(json_t *k)
{
	return jarr(k, "rulesets");
}

static json_t *
ruleset_find(json_t *k, unsigned n)
{
	size_t i;
	json_t *rs;
	json_array_foreach(rulesets(k), i,
	    rs) if (jint(rs, "n") == n) return rs;
	return NULL;
}

/* devfs_ruleset_create: inserted in number order. */
static json_t *
ruleset_create(json_t *k, unsigned n)
{
	json_t *all = rulesets(k);
	json_t *rs = json_pack("{s:i, s:i, s:[]}", "n", (int)n, "refs", 0,
	    "rules");
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o) if (jint(o, "n") > n) break;
	json_array_insert_new(all, i, rs);
	return rs;
}

/* devfs_ruleset_reap: a ruleset without rules nobody uses is gone. */
static void
ruleset_reap(json_t *k, json_t *rs)
{
	if (json_array_size(jarr(rs, "rules")) != 0 || jint(rs, "refs") != 0)
		return;
	json_t *all = rulesets(k);
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		if (o == rs) {
			json_array_remove(all, i);
			return;
		}
	}
}

static void
ruleset_ref(json_t *k, unsigned n, int d)
{
	json_t *rs = ruleset_find(k, n);
	if (rs == NULL)
		return;
	jset_int(rs, "refs", jint(rs, "refs") + d);
	ruleset_reap(k, rs);
}

static json_t *
rule_json(const struct kern_devfs_rule *r, unsigned id)
{
	json_t *o = json_pack("{s:i}", "id", (int)id);
	if (r->include) {
		jset_bool(o, "include", true);
		jset_int(o, "incset", r->incset);
		return o;
	}
	if (r->path != NULL)
		jset_str(o, "path", r->path);
	if (r->action != KD_NONE)
		jset_str(o, "action", r->action == KD_HIDE ? "hide" : "unhide");
	if (r->has_mode)
		jset_int(o, "mode", r->mode);
	return o;
}

/* devfs_rule_insert: an include of a missing ruleset is ESRCH; rule 0
 * means the last one's number + 100 (devfs_rule_autonumber); the ruleset
 * is made on first use. */
static int
rule_insert(json_t *k, const struct kern_devfs_rule *r)
{
	if (r->include && ruleset_find(k, r->incset) == NULL) {
		errno = ESRCH;
		return -1;
	}
	json_t *rs = ruleset_find(k, r->ruleset);
	if (rs == NULL)
		rs = ruleset_create(k, r->ruleset);
	json_t *rules = jarr(rs, "rules");
	unsigned id = r->rule;
	if (id == 0) {
		size_t n = json_array_size(rules);
		id = n
		    ? (unsigned)jint(json_array_get(rules, n - 1), "id") + 100
		    : 100;
	}
	if (r->include)
		ruleset_ref(k, r->incset, +1);
	size_t i;
	json_t *o;
	json_array_foreach(rules, i, o) if (jint(o, "id") > id) break;
	json_array_insert_new(rules, i, rule_json(r, id));
	return 0;
}

void
devfs_boot(json_t *k)
{
	/* /etc/defaults/devfs.rules, loaded at boot by rc.d/devfs. */
	static const char *const basic[] = { "log", "null", "zero", "crypto",
		"random", "urandom" };
	static const char *const login[] = { "ptyp*", "ptyq*", "ptyr*", "ptys*",
		"ptyP*", "ptyQ*", "ptyR*", "ptyS*", "ptyl*", "ptym*", "ptyn*",
		"ptyo*", "ptyL*", "ptyM*", "ptyN*", "ptyO*", "ttyp*", "ttyq*",
		"ttyr*", "ttys*", "ttyP*", "ttyQ*", "ttyR*", "ttyS*", "ttyl*",
		"ttym*", "ttyn*", "ttyo*", "ttyL*", "ttyM*", "ttyN*", "ttyO*",
		"ptmx", "pts", "pts/*", "fd", "fd/*", "stdin", "stdout",
		"stderr" };
	struct kern_devfs_rule r = { .ruleset = 1, .action = KD_HIDE };
	rule_insert(k, &r); /* devfsrules_hide_all=1: add hide */
	r = (struct kern_devfs_rule){ .ruleset = 2, .action = KD_UNHIDE };
	for (size_t i = 0; i < ARRAY_SIZE(basic); i++) {
		r.path = basic[i];
		rule_insert(k, &r);
	}
	r.ruleset = 3;
	for (size_t i = 0; i < ARRAY_SIZE(login); i++) {
		r.path = login[i];
		rule_insert(k, &r);
	}
	/* devfsrules_jail=4 */
	for (unsigned inc = 1; inc <= 3; inc++) {
		r = (struct kern_devfs_rule){ .ruleset = 4,
			.include = true,
			.incset = inc };
		rule_insert(k, &r);
	}
	r = (struct kern_devfs_rule){ .ruleset = 4, .action = KD_UNHIDE };
	r.path = "fuse";
	rule_insert(k, &r);
	r.path = "zfs";
	rule_insert(k, &r);
	/* devfsrules_jail_vnet=5 */
	r = (struct kern_devfs_rule){ .ruleset = 5,
		.include = true,
		.incset = 4 };
	rule_insert(k, &r);
	r = (struct kern_devfs_rule){ .ruleset = 5,
		.action = KD_UNHIDE,
		.path = "pf" };
	rule_insert(k, &r);
}

/* ---- what a mount shows ---- */

/* devfs_rule_match / devfs_rule_matchpath: no pattern matches every
 * entry; a pattern is matched with fnmatch(FNM_PATHNAME) against the
 * device's name, or the path of a link or directory. */
static bool
rule_matches(json_t *rule, const struct dnode *d)
{
	const char *pat = jstr(rule, "path");
	return pat == NULL || fnmatch(pat, d->name, FNM_PATHNAME) == 0;
}

static void ruleset_apply(json_t *k, json_t *rs, json_t *state,
    const struct dnode *d, unsigned depth);

/* devfs_rule_run: hide/unhide (DE_WHITEOUT), mode, and an include runs
 * the included ruleset one level shallower; at depth 0 it is skipped. */
static void
rule_run(json_t *k, json_t *rule, json_t *state, const struct dnode *d,
    unsigned depth)
{
	if (!rule_matches(rule, d))
		return;
	json_t *e = jobj(state, d->name);
	const char *act = jstr(rule, "action");
	if (act != NULL)
		jset_bool(e, "hidden", strcmp(act, "hide") == 0);
	if (json_object_get(rule, "mode"))
		jset_int(e, "mode", jint(rule, "mode"));
	if (jbool(rule, "include") && depth > 0) {
		json_t *inc = ruleset_find(k, (unsigned)jint(rule, "incset"));
		if (inc != NULL)
			ruleset_apply(k, inc, state, d, depth - 1);
	}
}

static void
ruleset_apply(json_t *k, json_t *rs, json_t *state, const struct dnode *d,
    unsigned depth)
{
	size_t i;
	json_t *rule;
	json_array_foreach(jarr(rs, "rules"), i, rule)
	    rule_run(k, rule, state, d, depth);
}

static bool
parent_hidden(json_t *state, const struct dnode *d)
{
	const char *slash = strrchr(d->name, '/');
	if (slash == NULL)
		return false;
	char dir[64];
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - d->name), d->name);
	return jbool(json_object_get(state, dir), "hidden");
}

/* Makes the tmpfs at path show what state leaves visible. */
static int
materialize(json_t *state, const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(dnodes); i++) {
		const struct dnode *d = &dnodes[i];
		json_t *e = json_object_get(state, d->name);
		bool hidden = jbool(e, "hidden") || parent_hidden(state, d);
		mode_t mode = json_object_get(e, "mode")
		    ? (mode_t)jint(e, "mode")
		    : d->mode;
		_cleanup_free_ char *p = xasprintf("%s/%s", path, d->name);
		struct stat st;
		bool there = lstat(p, &st) == 0;
		if (hidden) {
			if (there &&
			    (d->type == 'd' ? rmdir(p) : unlink(p)) < 0 &&
			    errno != ENOTEMPTY)
				return -1;
			continue;
		}
		if (!there) {
			struct stat src;
			int rc = 0;
			if (d->type == 'd')
				rc = mkdir(p, mode);
			else if (d->type == 'l')
				rc = symlink(d->src, p);
			else if (stat(d->src, &src) == 0)
				rc = mknod(p, S_IFCHR | mode, src.st_rdev);
			if (rc < 0)
				return -1;
		}
		if (d->type != 'l')
			chmod(p, mode);
	}
	return 0;
}

/* devfs_mount + devfs_ruleset_set + devfs_ruleset_apply: the mount uses
 * its ruleset (made on first use) and shows what it leaves visible. */
int
devfs_mount_populate(struct model *m, json_t *mnt, const char *path)
{
	unsigned n = (unsigned)jint(mnt, "ruleset");
	json_t *state = jobj(mnt, "nodes");
	if (n != 0) {
		json_t *rs = ruleset_find(m->k, n);
		if (rs == NULL)
			rs = ruleset_create(m->k, n);
		jset_int(rs, "refs", jint(rs, "refs") + 1);
		size_t i;
		json_t *rule;
		json_array_foreach(jarr(rs, "rules"), i, rule)
		{
			for (size_t k = 0; k < ARRAY_SIZE(dnodes); k++)
				rule_run(m->k, rule, state, &dnodes[k],
				    DEVFS_RULE_DEPTH);
		}
	}
	return materialize(state, path);
}

/* devfs_rules_cleanup: the ruleset loses the mount's reference. */
void
devfs_mount_release(struct model *m, json_t *mnt)
{
	if (strcmp(jstr(mnt, "fstype"), "devfs") == 0 &&
	    jint(mnt, "ruleset") != 0)
		ruleset_ref(m->k, (unsigned)jint(mnt, "ruleset"), -1);
}

/* ---- the ioctls (devfs_rules_ioctl) ---- */

/* DEVFSIO_RADD: a rule id that exists is EEXIST; ruleset 0 is EIO. */
int
kern_devfs_rule_add(const struct kern_devfs_rule *r)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	json_t *rs = ruleset_find(m.k, r->ruleset);
	bool exists = false;
	size_t i;
	json_t *o;
	if (rs != NULL)
		json_array_foreach(jarr(rs, "rules"), i,
		    o) if (jint(o, "id") == r->rule) exists = true;
	if (exists && r->rule != 0)
		errno = EEXIST;
	else if (r->ruleset == 0)
		errno = EIO;
	else if ((rc = rule_insert(m.k, r)) == 0)
		m.dirty = true;
	model_leave(&m);
	return rc;
}

/* DEVFSIO_RDEL: ENOENT when there is no such rule; a ruleset left with
 * no rules and no user is gone (devfs_rule_delete). */
int
kern_devfs_rule_del(unsigned ruleset, unsigned rule)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	errno = ENOENT;
	json_t *rs = ruleset_find(m.k, ruleset);
	json_t *rules = rs ? jarr(rs, "rules") : NULL;
	size_t i;
	json_t *o;
	json_array_foreach(rules, i, o)
	{
		if (jint(o, "id") != rule)
			continue;
		if (jbool(o, "include"))
			ruleset_ref(m.k, (unsigned)jint(o, "incset"), -1);
		json_array_remove(rules, i);
		ruleset_reap(m.k, rs);
		m.dirty = true;
		rc = 0;
		break;
	}
	model_leave(&m);
	return rc;
}

/* DEVFSIO_SGETNEXT: the next ruleset number; ENOENT past the last. */
int
kern_devfs_ruleset_next(unsigned after, unsigned *next)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	errno = ENOENT;
	size_t i;
	json_t *rs;
	json_array_foreach(rulesets(m.k), i, rs)
	{
		if (jint(rs, "n") > after) {
			*next = (unsigned)jint(rs, "n");
			rc = 0;
			break;
		}
	}
	/* A slow caller, for tests that need two creates to race here. */
	const char *slow = getenv("RUNJ_JAILMODEL_SLOW_MS");
	model_leave(&m);
	if (slow != NULL)
		usleep((useconds_t)atoi(slow) * 1000);
	return rc;
}

/* devfs_rules_ioctl, DEVFSIO_RGETNEXT (devfs_rule.c): the first rule of
 * the ruleset numbered above `after` -- rule `after` need not exist, so
 * getnext(0) gives the first; a ruleset that does not exist, or nothing
 * after, is ENOENT (the end of the list). */
int
kern_devfs_rule_next(unsigned ruleset, unsigned after,
    struct kern_devfs_rule *r, char *path, size_t pathlen)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	errno = ENOENT;
	json_t *rs = ruleset_find(m.k, ruleset);
	size_t i;
	json_t *o;
	json_array_foreach(rs ? jarr(rs, "rules") : NULL, i, o)
	{
		if (jint(o, "id") <= after)
			continue;
		memset(r, 0, sizeof(*r));
		r->ruleset = ruleset;
		r->rule = (unsigned)jint(o, "id");
		r->include = jbool(o, "include");
		r->incset = (unsigned)jint(o, "incset");
		if (jstr(o, "path") != NULL) {
			snprintf(path, pathlen, "%s", jstr(o, "path"));
			r->path = path;
		}
		const char *act = jstr(o, "action");
		r->action = act == NULL	       ? KD_NONE
		    : strcmp(act, "hide") == 0 ? KD_HIDE
					       : KD_UNHIDE;
		r->has_mode = json_object_get(o, "mode") != NULL;
		r->mode = (mode_t)jint(o, "mode");
		rc = 0;
		break;
	}
	model_leave(&m);
	return rc;
}

/* DEVFSIO_RAPPLY: the rule, not stored, runs once on every entry of the
 * mount the descriptor is on; an include of a missing ruleset is ESRCH.
 * On anything but devfs the ioctl does not exist. */
int
kern_devfs_rule_apply(int mntfd, const struct kern_devfs_rule *r)
{
	uint64_t id;
	if (vfs_linux_mnt_id(mntfd, "", &id) < 0)
		return -1;
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	json_t *mnt = vfs_mount_by_id(&m, id);
	if (mnt == NULL || strcmp(jstr(mnt, "fstype"), "devfs") != 0) {
		errno = ENOTTY;
	} else if (r->include && ruleset_find(m.k, r->incset) == NULL) {
		errno = ESRCH;
	} else {
		json_t *rule = rule_json(r, r->rule);
		json_t *state = jobj(mnt, "nodes");
		for (size_t k = 0; k < ARRAY_SIZE(dnodes); k++)
			rule_run(m.k, rule, state, &dnodes[k],
			    DEVFS_RULE_DEPTH);
		json_decref(rule);
		_cleanup_free_ char *where = xasprintf("/proc/self/fd/%d",
		    mntfd);
		rc = materialize(state, where);
		m.dirty = true;
	}
	model_leave(&m);
	return rc;
}
