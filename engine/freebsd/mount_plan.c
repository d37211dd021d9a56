/*
 * mount_plan.c: the config's mounts (and root.readonly) as nmount(2) calls.
 * Linux-style bind mounts become nullfs, "proc" becomes procfs; options are
 * checked against a table per file system, so a typo fails at create with
 * the mount's JSON path rather than as EINVAL from the kernel.  ocijail's
 * pseudo-options are understood: "tmpcopyup" on a tmpfs (it starts with
 * what the image had there) and "rule=RULE" on a devfs (a devfs(8) rule
 * applied to the mount once it is made).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_plan.h"
#include "util.h"

/* Flag options: set or clear an MP_* bit; 0 bits means ignored (Linux
 * propagation and device options that mean nothing here). */
static const struct {
	const char *name;
	unsigned set, clear;
} flag_opts[] = {
	{ "ro", MP_RDONLY, 0 },
	{ "rw", 0, MP_RDONLY },
	{ "nosuid", MP_NOSUID, 0 },
	{ "suid", 0, MP_NOSUID },
	{ "noexec", MP_NOEXEC, 0 },
	{ "exec", 0, MP_NOEXEC },
	{ "noatime", MP_NOATIME, 0 },
	{ "atime", 0, MP_NOATIME },
	{ "sync", MP_SYNC, 0 },
	{ "async", 0, MP_SYNC },
	{ "bind", 0, 0 },
	{ "rbind", 0, 0 },
	{ "dev", 0, 0 },
	{ "nodev", 0, 0 },
	{ "defaults", 0, 0 },
	{ "private", 0, 0 },
	{ "rprivate", 0, 0 },
	{ "slave", 0, 0 },
	{ "rslave", 0, 0 },
	{ "shared", 0, 0 },
	{ "rshared", 0, 0 },
	{ "unbindable", 0, 0 },
	{ "runbindable", 0, 0 },
	{ "relatime", 0, 0 },
	{ "strictatime", 0, 0 },
};

/* name=value options each file system takes; "nr_inodes" is Linux's name
 * for tmpfs's "inodes". */
static const struct {
	const char *fstype, *name, *as;
} value_opts[] = {
	{ "tmpfs", "size", "size" },
	{ "tmpfs", "mode", "mode" },
	{ "tmpfs", "uid", "uid" },
	{ "tmpfs", "gid", "gid" },
	{ "tmpfs", "inodes", "inodes" },
	{ "tmpfs", "nr_inodes", "inodes" },
	{ "tmpfs", "maxfilesize", "maxfilesize" },
	{ "devfs", "ruleset", "ruleset" },
};

static const struct {
	const char *type, *fstype;
} fs_types[] = {
	{ "nullfs", "nullfs" },
	{ "bind", "nullfs" },
	{ "devfs", "devfs" },
	{ "tmpfs", "tmpfs" },
	{ "fdescfs", "fdescfs" },
	{ "procfs", "procfs" },
	{ "proc", "procfs" },
};

static bool
path_clean(const char *p)
{
	for (const char *s = p; s != NULL; s = strchr(s, '/')) {
		while (*s == '/')
			s++;
		if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0'))
			return false;
	}
	return true;
}

static bool
digits(const char *s, int base, const char *suffixes)
{
	const char *p = s;
	while ((base == 8 && *p >= '0' && *p <= '7') ||
	    (base == 10 && *p >= '0' && *p <= '9'))
		p++;
	if (p == s)
		return false;
	if (*p != '\0' && suffixes != NULL && strchr(suffixes, *p) != NULL)
		p++;
	return *p == '\0';
}

static void
opt_add(struct mount_step *m, const char *name, const char *value)
{
	size_t n = strv_len(m->opts);
	m->opts = xrealloc(m->opts, (n + 3) * sizeof(*m->opts));
	m->opts[n] = xstrdup(name);
	m->opts[n + 1] = xstrdup(value);
	m->opts[n + 2] = NULL;
}

/* A rule as devfs(8) takes it after "rule apply": "[path PATTERN]
 * [hide | unhide] [mode OCTAL]" or "include RULESET". */
int
devfs_rule_parse(const char *text, struct devfs_step *s, struct rj_error **err)
{
	memset(s, 0, sizeof(*s));
	_cleanup_free_ char *copy = xstrdup(text);
	char *save = NULL;
	bool any = false;
	for (char *w = strtok_r(copy, " \t", &save); w != NULL;
	     w = strtok_r(NULL, " \t", &save)) {
		any = true;
		char *arg = NULL;
		if (strcmp(w, "path") == 0 || strcmp(w, "mode") == 0 ||
		    strcmp(w, "include") == 0) {
			arg = strtok_r(NULL, " \t", &save);
			if (arg == NULL)
				return rj_error_set(err, EINVAL,
				    "devfs rule \"%s\": %s needs a value", text,
				    w);
		}
		if (strcmp(w, "path") == 0 && s->path == NULL) {
			s->path = xstrdup(arg);
		} else if (strcmp(w, "hide") == 0) {
			s->hide = true;
		} else if (strcmp(w, "unhide") == 0) {
			s->unhide = true;
		} else if (strcmp(w, "mode") == 0 && digits(arg, 8, NULL) &&
		    strlen(arg) <= 5) {
			s->has_mode = true;
			s->mode = (mode_t)strtoul(arg, NULL, 8);
		} else if (strcmp(w, "include") == 0 &&
		    devfs_ruleset_parse(arg, &s->incset, NULL) == 0) {
			s->include = true;
		} else {
			free(steal_ptr(s->path));
			return rj_error_set(err, EINVAL,
			    "devfs rule \"%s\": \"%s\" is not something runj "
			    "applies (path, hide, unhide, mode, include)",
			    text, w);
		}
	}
	if (!any || (s->hide && s->unhide) ||
	    (s->include && (s->path || s->hide || s->unhide || s->has_mode))) {
		free(steal_ptr(s->path));
		return rj_error_set(err, EINVAL,
		    "devfs rule \"%s\": not a rule", text);
	}
	return 0;
}

static int
value_opt(struct mount_step *m, const char *mpath, const char *opt,
    unsigned *ruleset, bool *has_ruleset, struct rj_error **err)
{
	const char *eq = strchr(opt, '=');
	size_t klen = (size_t)(eq - opt);
	const char *v = eq + 1;
	if (strcmp(m->fstype, "devfs") == 0 && klen == 4 &&
	    strncmp(opt, "rule", 4) == 0) {
		struct devfs_step s;
		if (devfs_rule_parse(v, &s, err) < 0)
			return rj_error_wrap(err, "%s.options", mpath);
		m->apply = xrealloc(m->apply, (m->n_apply + 1) * sizeof(s));
		m->apply[m->n_apply++] = s;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(value_opts); i++) {
		if (strcmp(value_opts[i].fstype, m->fstype) != 0 ||
		    strlen(value_opts[i].name) != klen ||
		    strncmp(value_opts[i].name, opt, klen) != 0)
			continue;
		const char *as = value_opts[i].as;
		if (strcmp(as, "ruleset") == 0) {
			if (devfs_ruleset_parse(v, ruleset, err) < 0)
				return rj_error_wrap(err, "%s.options", mpath);
			*has_ruleset = true;
			return 0; /* added once the own ruleset is known */
		}
		bool ok = strcmp(as, "mode") == 0
		    ? digits(v, 8, NULL) && strlen(v) <= 5
		    : strcmp(as, "size") == 0 || strcmp(as, "maxfilesize") == 0
		    ? digits(v, 10, "kKmMgGtT")
		    : digits(v, 10, NULL);
		if (!ok)
			return rj_error_set(err, EINVAL,
			    "%s.options: \"%s\" is not a valid value", mpath,
			    opt);
		opt_add(m, as, v);
		return 0;
	}
	return rj_error_set(err, EINVAL,
	    "%s.options: \"%.*s\" is not an option of %s", mpath, (int)klen,
	    opt, m->fstype);
}

static int
flag_opt(struct mount_step *m, const char *mpath, const char *opt,
    struct rj_error **err)
{
	if (strcmp(opt, "tmpcopyup") == 0) {
		if (strcmp(m->fstype, "tmpfs") != 0)
			return rj_error_set(err, EINVAL,
			    "%s.options: \"tmpcopyup\" is only for tmpfs",
			    mpath);
		m->copyup = true;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(flag_opts); i++) {
		if (strcmp(flag_opts[i].name, opt) != 0)
			continue;
		m->flags = (m->flags | flag_opts[i].set) & ~flag_opts[i].clear;
		return 0;
	}
	return rj_error_set(err, EINVAL,
	    "%s.options: \"%s\" is not a mount option runj knows", mpath, opt);
}

static const char *
fs_type(const struct rj_mount *mnt)
{
	for (size_t i = 0; mnt->options != NULL && mnt->options[i]; i++)
		if (strcmp(mnt->options[i], "bind") == 0 ||
		    strcmp(mnt->options[i], "rbind") == 0)
			return "nullfs";
	if (mnt->type == NULL)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++)
		if (strcmp(mnt->type, fs_types[i].type) == 0)
			return fs_types[i].fstype;
	return NULL;
}

static struct mount_step *
step_add(struct jail_plan *plan)
{
	plan->mounts = xrealloc(plan->mounts,
	    (plan->n_mounts + 1) * sizeof(*plan->mounts));
	struct mount_step *m = &plan->mounts[plan->n_mounts++];
	memset(m, 0, sizeof(*m));
	return m;
}

static int
one_mount(const struct jail_plan_input *in, size_t idx, struct jail_plan *plan,
    bool *has_devfs, struct rj_error **err)
{
	const struct rj_mount *mnt = &in->spec->mounts[idx];
	char mpath[64];
	snprintf(mpath, sizeof(mpath), "mounts[%zu]", idx);
	const char *fstype = fs_type(mnt);
	if (fstype == NULL)
		return rj_error_set(err, EINVAL,
		    "%s.type: %s%s%s is not supported on FreeBSD (nullfs, "
		    "devfs, tmpfs, fdescfs, procfs)",
		    mpath, mnt->type ? "\"" : "",
		    mnt->type ? mnt->type : "no type", mnt->type ? "\"" : "");
	if (mnt->destination == NULL || mnt->destination[0] != '/' ||
	    !path_clean(mnt->destination))
		return rj_error_set(err, EINVAL,
		    "%s.destination: \"%s\" is not an absolute path inside "
		    "the container",
		    mpath, mnt->destination ? mnt->destination : "");
	struct mount_step *m = step_add(plan);
	m->fstype = xstrdup(fstype);
	m->dest = xstrdup(mnt->destination);
	m->fspath = xasprintf("%s%s", plan->path, mnt->destination);
	if (strcmp(fstype, "nullfs") == 0) {
		if (mnt->source == NULL || *mnt->source == '\0')
			return rj_error_set(err, EINVAL,
			    "%s.source: required for a nullfs mount", mpath);
		/* The spec reads a relative source from the bundle. */
		m->source = mnt->source[0] == '/'
		    ? xstrdup(mnt->source)
		    : xasprintf("%s/%s", in->bundle, mnt->source);
		opt_add(m, "target", m->source);
	} else {
		opt_add(m, "from", fstype);
	}
	unsigned ruleset = 0;
	bool has_ruleset = false;
	for (size_t i = 0; mnt->options != NULL && mnt->options[i]; i++) {
		const char *o = mnt->options[i];
		int rc = strchr(o, '=') != NULL
		    ? value_opt(m, mpath, o, &ruleset, &has_ruleset, err)
		    : flag_opt(m, mpath, o, err);
		if (rc < 0)
			return -1;
	}
	if (strcmp(fstype, "devfs") == 0 && !*has_devfs &&
	    strcmp(mnt->destination, "/dev") == 0) {
		*has_devfs = true;
		if (devfs_plan_build(in->spec, ruleset, has_ruleset, plan,
			err) < 0)
			return -1;
		m->own_ruleset = plan->devfs_own;
	}
	if (has_ruleset && !m->own_ruleset) {
		char n[8];
		snprintf(n, sizeof(n), "%u", ruleset);
		opt_add(m, "ruleset", n);
	}
	return 0;
}

int
mount_plan_build(const struct jail_plan_input *in, struct jail_plan *plan,
    struct rj_error **err)
{
	const struct rj_spec *spec = in->spec;
	if (spec->root_readonly) {
		/* A read-only nullfs view of the rootfs is the jail's root,
		 * so the config's mounts can still go inside it. */
		struct mount_step *m = step_add(plan);
		m->fstype = xstrdup("nullfs");
		m->dest = xstrdup("");
		m->fspath = xstrdup(plan->path);
		m->source = xstrdup(in->rootfs);
		m->flags = MP_RDONLY;
		m->is_root = true;
		opt_add(m, "target", in->rootfs);
	}
	bool has_devfs = false;
	for (size_t i = 0; i < spec->n_mounts; i++)
		if (one_mount(in, i, plan, &has_devfs, err) < 0)
			return -1;
	if (spec->freebsd.n_devices > 0 && !has_devfs)
		return rj_error_set(err, EINVAL,
		    "freebsd.devices: needs a devfs mount on /dev in mounts");
	return 0;
}
