/*
 * cgroup_check.c: the cgroup path and the resource values, checked before
 * anything is made.  Errors name the JSON path.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup.h"
#include "cgroup_int.h"
#include "util.h"

#define CG_PATH_MAX 2048

/* "a-b.slice" -> "/a.slice/a-b.slice"; "-.slice" is the root. */
static int
slice_path(const char *slice, char **out)
{
	size_t len = strlen(slice);
	if (len < 6 || strcmp(slice + len - 6, ".slice") != 0 ||
	    strchr(slice, '/') != NULL)
		return -1;
	if (strcmp(slice, "-.slice") == 0) {
		*out = xstrdup("");
		return 0;
	}
	size_t stem = len - 6;
	if (slice[0] == '-' || slice[stem - 1] == '-' ||
	    strstr(slice, "--") != NULL)
		return -1;
	char *path = xstrdup("");
	for (size_t i = 0; i <= stem; i++) {
		if (i < stem && slice[i] != '-')
			continue;
		char *next = xasprintf("%s/%.*s.slice", path, (int)i, slice);
		free(path);
		path = next;
	}
	*out = path;
	return 0;
}

static int
systemd_path(const char *spec, char **out, struct rj_error **err)
{
	_cleanup_free_ char *copy = xstrdup(spec);
	char *prefix = strchr(copy, ':'), *name;
	if (prefix == NULL || (name = strchr(prefix + 1, ':')) == NULL ||
	    strchr(name + 1, ':') != NULL)
		return rj_error_set(err, EINVAL,
		    "linux.cgroupsPath: \"%s\": "
		    "expected an absolute path or slice:prefix:name",
		    spec);
	*prefix++ = '\0';
	*name++ = '\0';
	_cleanup_free_ char *slice = NULL;
	if (slice_path(copy[0] != '\0' ? copy : "system.slice", &slice) < 0)
		return rj_error_set(err, EINVAL,
		    "linux.cgroupsPath: \"%s\": "
		    "\"%s\" is not a slice name",
		    spec, copy);
	if (name[0] == '\0' || strchr(name, '/') != NULL ||
	    strchr(prefix, '/') != NULL)
		return rj_error_set(err, EINVAL,
		    "linux.cgroupsPath: \"%s\": "
		    "bad unit name",
		    spec);
	if (prefix[0] != '\0')
		*out = xasprintf("%s/%s-%s.scope", slice, prefix, name);
	else
		*out = xasprintf("%s/%s.scope", slice, name);
	return 0;
}

/* Absolute, no empty, "." or ".." component, no trailing slash: the path
 * can only name a directory below the hierarchy's root. */
static int
path_normal(const char *orig, const char *path, struct rj_error **err)
{
	if (strlen(path) > CG_PATH_MAX)
		return rj_error_set(err, ENAMETOOLONG,
		    "linux.cgroupsPath: too long");
	if (path[0] != '/' || path[1] == '\0')
		return rj_error_set(err, EINVAL,
		    "linux.cgroupsPath: \"%s\": "
		    "the root cgroup cannot be a container's",
		    orig);
	for (const char *p = path; *p != '\0';) {
		const char *c = p + 1, *end = strchrnul(c, '/');
		size_t n = (size_t)(end - c);
		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return rj_error_set(err, EINVAL,
			    "linux.cgroupsPath: \"%s\": must be normalised "
			    "and stay inside the cgroup tree (no \"..\", "
			    "\".\" or empty components)",
			    orig);
		if (memchr(c, '\n', n) != NULL)
			return rj_error_set(err, EINVAL,
			    "linux.cgroupsPath: "
			    "newline in the path");
		p = end;
	}
	return 0;
}

int
cg_path_resolve(const char *cgroups_path, const char *id, char **out,
    struct rj_error **err)
{
	_cleanup_free_ char *path = NULL;
	if (cgroups_path == NULL || cgroups_path[0] == '\0')
		path = xasprintf("/runj/%s", id);
	else if (cgroups_path[0] == '/')
		path = xstrdup(cgroups_path);
	else if (strchr(cgroups_path, ':') != NULL) {
		if (systemd_path(cgroups_path, &path, err) < 0)
			return -1;
	} else
		/* the spec leaves relative paths to the runtime */
		path = xasprintf("/runj/%s", cgroups_path);
	if (path_normal(cgroups_path != NULL ? cgroups_path : path, path, err) <
	    0)
		return -1;
	*out = steal_ptr(path);
	return 0;
}

/* A range check: has_off says set, val_off the value; 0 passes when
 * zero_unset (runc's "0 means unset"). */
struct range {
	const char *key;
	size_t has_off, val_off;
	bool is_unsigned, zero_unset;
	int64_t min, max;
};

#define R(key, grp, f, u, z, lo, hi)                                           \
	{                                                                      \
		key, offsetof(struct rj_resources, grp.has_##f),               \
		    offsetof(struct rj_resources, grp.f), u, z, lo, hi         \
	}

static const struct range ranges[] = {
	R("memory.limit", memory, limit, false, true, -1, INT64_MAX),
	R("memory.reservation", memory, reservation, false, true, -1,
	    INT64_MAX),
	R("memory.swap", memory, swap, false, true, -1, INT64_MAX),
	R("memory.kernel", memory, kernel, false, true, -1, INT64_MAX),
	R("memory.kernelTCP", memory, kernel_tcp, false, true, -1, INT64_MAX),
	R("memory.swappiness", memory, swappiness, true, false, 0, 100),
	R("cpu.shares", cpu, shares, true, true, 2, 262144),
	R("cpu.quota", cpu, quota, false, true, -1, INT64_MAX),
	R("cpu.period", cpu, period, true, true, 1000, 1000000),
	R("cpu.burst", cpu, burst, true, false, 0, INT64_MAX),
	R("cpu.realtimePeriod", cpu, realtime_period, true, true, 1, INT64_MAX),
	R("cpu.realtimeRuntime", cpu, realtime_runtime, false, false, -1,
	    INT64_MAX),
	R("cpu.idle", cpu, idle, false, false, 0, 1),
	R("pids.limit", pids, limit, false, false, -1, INT64_MAX),
};

#undef R

static int
check_range(const struct rj_resources *r, const struct range *g,
    const char *path, struct rj_error **err)
{
	if (!*(const bool *)((const char *)r + g->has_off))
		return 0;
	const void *vp = (const char *)r + g->val_off;
	if (g->is_unsigned) {
		uint64_t v = *(const uint64_t *)vp;
		if ((v == 0 && g->zero_unset) ||
		    (v >= (uint64_t)g->min && v <= (uint64_t)g->max))
			return 0;
		return rj_error_set(err, ERANGE,
		    "%s.%s: %" PRIu64 " is out of "
		    "range [%" PRId64 ", %" PRId64 "]",
		    path, g->key, v, g->min, g->max);
	}
	int64_t v = *(const int64_t *)vp;
	if ((v == 0 && g->zero_unset) || (v >= g->min && v <= g->max))
		return 0;
	return rj_error_set(err, ERANGE,
	    "%s.%s: %" PRId64 " is out of range "
	    "[%" PRId64 ", %" PRId64 "]",
	    path, g->key, v, g->min, g->max);
}

/* "0-3,5": numbers and ascending ranges. */
static bool
cpu_list_ok(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return true;
	for (const char *p = s;;) {
		char *end;
		if (*p < '0' || *p > '9')
			return false;
		unsigned long a = strtoul(p, &end, 10);
		p = end;
		if (*p == '-') {
			if (p[1] < '0' || p[1] > '9')
				return false;
			unsigned long b = strtoul(p + 1, &end, 10);
			if (b < a)
				return false;
			p = end;
		}
		if (*p == '\0')
			return true;
		if (*p++ != ',')
			return false;
	}
}

static int
check_weight(uint16_t w, const char *path, const char *key,
    struct rj_error **err)
{
	if (w == 0 || (w >= 10 && w <= 1000))
		return 0;
	return rj_error_set(err, ERANGE, "%s.%s: %u is out of range [10, 1000]",
	    path, key, w);
}

static int
check_block_io(const struct rj_resources *r, const char *path,
    struct rj_error **err)
{
	if ((r->block_io.has_weight &&
		check_weight(r->block_io.weight, path, "blockIO.weight", err) <
		    0) ||
	    (r->block_io.has_leaf_weight &&
		check_weight(r->block_io.leaf_weight, path,
		    "blockIO.leafWeight", err) < 0))
		return -1;
	for (size_t i = 0; i < r->block_io.n_weight_device; i++) {
		const struct rj_weight_device *d =
		    &r->block_io.weight_device[i];
		char key[64];
		snprintf(key, sizeof(key), "blockIO.weightDevice[%zu].weight",
		    i);
		if (d->has_weight &&
		    check_weight(d->weight, path, key, err) < 0)
			return -1;
		snprintf(key, sizeof(key),
		    "blockIO.weightDevice[%zu].leafWeight", i);
		if (d->has_leaf_weight &&
		    check_weight(d->leaf_weight, path, key, err) < 0)
			return -1;
	}
	return 0;
}

static int
check_hugepages(const struct rj_resources *r, const char *path,
    struct rj_error **err)
{
	for (size_t i = 0; i < r->n_hugepage_limits; i++) {
		const char *size = r->hugepage_limits[i].page_size;
		uint64_t kb = cg_hugepage_kb(size);
		if (kb == 0)
			return rj_error_set(err, EINVAL,
			    "%s.hugepageLimits[%zu]"
			    ".pageSize: \"%s\" is not a size like 2MB",
			    path, i, size);
		char dir[96];
		struct stat st;
		snprintf(dir, sizeof(dir),
		    "/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB", kb);
		if (stat(dir, &st) < 0)
			return rj_error_set(err, ENOENT,
			    "%s.hugepageLimits[%zu]"
			    ".pageSize: this host has no %s huge pages",
			    path, i, size);
	}
	return 0;
}

int
cgroup_check_resources(const struct rj_resources *r, const char *path,
    struct rj_error **err)
{
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
		if (check_range(r, &ranges[i], path, err) < 0)
			return -1;
	if (r->memory.has_swap && r->memory.has_limit && r->memory.swap > 0 &&
	    r->memory.limit > 0 && r->memory.swap < r->memory.limit)
		return rj_error_set(err, ERANGE,
		    "%s.memory.swap: %" PRId64 " is below memory.limit %" PRId64
		    " (swap counts memory "
		    "plus swap)",
		    path, r->memory.swap, r->memory.limit);
	if (r->memory.has_swap && r->memory.swap > 0 && r->memory.has_limit &&
	    r->memory.limit <= 0)
		return rj_error_set(err, EINVAL,
		    "%s.memory.swap: needs a "
		    "memory.limit",
		    path);
	/* the kernel's floor for a CFS quota is 1ms */
	if (r->cpu.has_quota && r->cpu.quota > 0 && r->cpu.quota < 1000)
		return rj_error_set(err, ERANGE,
		    "%s.cpu.quota: %" PRId64
		    " is below the minimum 1000 (microseconds)",
		    path, r->cpu.quota);
	if (r->cpu.has_burst && r->cpu.burst > 0 && r->cpu.has_quota &&
	    (r->cpu.quota <= 0 || r->cpu.burst > (uint64_t)r->cpu.quota))
		return rj_error_set(err, ERANGE,
		    "%s.cpu.burst: %" PRIu64 " must not exceed cpu.quota", path,
		    r->cpu.burst);
	if (!cpu_list_ok(r->cpu.cpus))
		return rj_error_set(err, EINVAL,
		    "%s.cpu.cpus: \"%s\" is not a "
		    "list like 0-3,5",
		    path, r->cpu.cpus);
	if (!cpu_list_ok(r->cpu.mems))
		return rj_error_set(err, EINVAL,
		    "%s.cpu.mems: \"%s\" is not a "
		    "list like 0-1",
		    path, r->cpu.mems);
	if (check_block_io(r, path, err) < 0 ||
	    check_hugepages(r, path, err) < 0)
		return -1;
	for (size_t i = 0; i < r->n_devices; i++) {
		const struct rj_device_rule *d = &r->devices[i];
		if (strchr("acb", d->type) == NULL || d->type == '\0')
			return rj_error_set(err, EINVAL,
			    "%s.devices[%zu].type: "
			    "\"%c\" is not a, b or c",
			    path, i, d->type);
	}
	for (size_t i = 0; i < r->network.n_prio; i++) {
		const char *n = r->network.prio_names[i];
		if (n[0] == '\0' || strpbrk(n, " \t\n/") != NULL)
			return rj_error_set(err, EINVAL,
			    "%s.network.priorities"
			    "[%zu].name: \"%s\" is not an interface name",
			    path, i, n);
	}
	for (size_t i = 0; r->unified_keys != NULL && r->unified_keys[i]; i++) {
		const char *k = r->unified_keys[i];
		if (k[0] == '\0' || k[0] == '.' || strchr(k, '/') != NULL ||
		    strchr(k, '.') == NULL)
			return rj_error_set(err, EINVAL,
			    "%s.unified: \"%s\" is "
			    "not a cgroup file name",
			    path, k);
	}
	return 0;
}

int
cgroup_check(const struct rj_linux *l, const char *id, struct rj_error **err)
{
	_cleanup_free_ char *path = NULL;
	if (cg_path_resolve(l->cgroups_path, id, &path, err) < 0)
		return -1;
	if (l->has_resources &&
	    cgroup_check_resources(&l->resources, "linux.resources", err) < 0)
		return -1;
	return 0;
}
