/*
 * cgroup_layout.c: which cgroup hierarchies this host has, found once.  A
 * pure v2 host is told by one statfs(2); the rest by /proc/self/mountinfo.
 */
#include <errno.h>
#include <string.h>
#include <sys/vfs.h>

#include <linux/magic.h>

#include "cgroup_int.h"
#include "util.h"

/* The v1 controllers the kernel has had; other mount options are not. */
static const char *const v1_controllers[] = {
	"blkio",
	"cpu",
	"cpuacct",
	"cpuset",
	"devices",
	"freezer",
	"hugetlb",
	"memory",
	"misc",
	"net_cls",
	"net_prio",
	"perf_event",
	"pids",
	"rdma",
};

static const char *const mode_names[] = {
	[CG_NONE] = "none",
	[CG_V1] = "v1",
	[CG_HYBRID] = "hybrid",
	[CG_V2] = "v2",
};

const char *
cg_mode_name(enum cg_mode mode)
{
	return mode_names[mode];
}

int
cg_mode_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(mode_names); i++)
		if (strcmp(mode_names[i], name) == 0)
			return (int)i;
	return -1;
}

bool
cg_list_has(const char *list, const char *item)
{
	size_t len = strlen(item);
	for (const char *p = list; p != NULL && *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == len && strncmp(p, item, len) == 0)
			return true;
		p = end != NULL ? end + 1 : NULL;
	}
	return false;
}

static bool
is_v1_controller(const char *opt)
{
	if (has_prefix(opt, "name="))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(v1_controllers); i++)
		if (strcmp(v1_controllers[i], opt) == 0)
			return true;
	return false;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static char *
unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 4;
		} else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* The controllers among the super options, comma-joined, or NULL. */
static char *
controllers_of(const char *superopts)
{
	_cleanup_free_ char *copy = xstrdup(superopts);
	char *out = NULL, *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t != NULL;
	     t = strtok_r(NULL, ",", &save)) {
		if (!is_v1_controller(t))
			continue;
		char *joined = out == NULL ? xstrdup(t)
					   : xasprintf("%s,%s", out, t);
		free(out);
		out = joined;
	}
	return out;
}

static void
add_v1(struct cg_layout *lay, const char *mountpoint, char *controllers)
{
	for (size_t i = 0; i < lay->n_v1; i++)
		if (strcmp(lay->v1[i].controllers, controllers) == 0) {
			/* the same hierarchy mounted again: first wins */
			free(controllers);
			return;
		}
	lay->v1 = xrealloc(lay->v1, (lay->n_v1 + 1) * sizeof(*lay->v1));
	lay->v1[lay->n_v1].mountpoint = unescape(mountpoint);
	lay->v1[lay->n_v1].controllers = controllers;
	lay->n_v1++;
}

/* One line: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - TYPE
 * SOURCE SUPEROPTS. */
static void
parse_line(char *line, struct cg_layout *lay)
{
	char *f[6], *save = NULL, *t;
	size_t n = 0;
	for (t = strtok_r(line, " ", &save); t != NULL && n < 6;
	     t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	if (n < 6)
		return;
	/* skip the optional fields up to the separator */
	while (t != NULL && strcmp(t, "-") != 0)
		t = strtok_r(NULL, " ", &save);
	char *type = strtok_r(NULL, " ", &save);
	char *source = strtok_r(NULL, " ", &save);
	char *superopts = strtok_r(NULL, " ", &save);
	if (type == NULL || source == NULL || superopts == NULL)
		return;
	if (strcmp(type, "cgroup2") == 0) {
		if (lay->unified == NULL)
			lay->unified = unescape(f[4]);
	} else if (strcmp(type, "cgroup") == 0) {
		char *c = controllers_of(superopts);
		if (c != NULL)
			add_v1(lay, f[4], c);
	}
}

int
cg_layout_parse(const char *text, struct cg_layout *lay, struct rj_error **err)
{
	(void)err;
	memset(lay, 0, sizeof(*lay));
	_cleanup_free_ char *copy = xstrdup(text);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		parse_line(line, lay);
	bool real_v1 = false;
	for (size_t i = 0; i < lay->n_v1; i++)
		if (!has_prefix(lay->v1[i].controllers, "name="))
			real_v1 = true;
	if (real_v1)
		lay->mode = lay->unified != NULL ? CG_HYBRID : CG_V1;
	else
		lay->mode = lay->unified != NULL ? CG_V2 : CG_NONE;
	return 0;
}

void
cg_layout_free(struct cg_layout *lay)
{
	for (size_t i = 0; i < lay->n_v1; i++) {
		free(lay->v1[i].mountpoint);
		free(lay->v1[i].controllers);
	}
	free(lay->v1);
	free(lay->unified);
	memset(lay, 0, sizeof(*lay));
}

const struct cg_hier *
cg_layout_find(const struct cg_layout *lay, const char *controller)
{
	for (size_t i = 0; i < lay->n_v1; i++)
		if (cg_list_has(lay->v1[i].controllers, controller))
			return &lay->v1[i];
	return NULL;
}

static const struct cg_layout *override;

void
cg_layout_override(const struct cg_layout *lay)
{
	override = lay;
}

int
cg_layout_get(const struct cg_layout **out, struct rj_error **err)
{
	static struct cg_layout lay;
	static bool done;
	if (override != NULL) {
		*out = override;
		return 0;
	}
	if (done) {
		*out = &lay;
		return 0;
	}
	struct statfs sfs;
	if (statfs("/sys/fs/cgroup", &sfs) == 0 &&
	    sfs.f_type == CGROUP2_SUPER_MAGIC) {
		memset(&lay, 0, sizeof(lay));
		lay.mode = CG_V2;
		lay.unified = xstrdup("/sys/fs/cgroup");
	} else {
		_cleanup_free_ char *text = NULL;
		if (read_file("/proc/self/mountinfo", &text, NULL, err) < 0)
			return rj_error_wrap(err, "cgroup");
		cg_layout_parse(text, &lay, err);
	}
	if (lay.mode == CG_NONE) {
		cg_layout_free(&lay);
		return rj_error_set(err, ENOENT,
		    "cgroup: no cgroup file system is mounted");
	}
	done = true;
	*out = &lay;
	return 0;
}
