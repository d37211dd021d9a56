/*
 * cgroup_resources.c: linux.resources as a list of (controller, file,
 * value) writes, for v1 and for v2.  Pure: no system calls, so every row
 * is unit-tested.  Ranges were checked by cgroup_check_resources(); what is
 * left here are the differences between the two versions.
 *
 * Deliberately not written: memory.kernel (the kernel dropped kmem
 * limits); on v2 also swappiness, kernelTCP, disableOOMKiller,
 * useHierarchy and blkio leaf weights; a network limit there is an error
 * (no net_cls or net_prio controller).
 * Devices are not here: cgroup_devices.c makes their rules (v1 writes, a
 * v2 program) at create only; `update` leaves them, as runc's does.  A
 * value of 0 for memory limits, cpu shares, quota and period means unset,
 * as in runc.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_int.h"
#include "util.h"

struct cg_write *
cg_writes_add(struct cg_writes *w, const char *controller, const char *file,
    const char *fmt, ...)
{
	va_list ap;
	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	struct cg_write *e = &w->v[w->n++];
	memset(e, 0, sizeof(*e));
	e->controller = controller;
	e->file = xstrdup(file);
	va_start(ap, fmt);
	if (vasprintf(&e->value, fmt, ap) < 0)
		abort();
	va_end(ap);
	return e;
}

void
cg_writes_free(struct cg_writes *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].file);
		free(w->v[i].value);
		free(w->v[i].alt_file);
		free(w->v[i].alt_value);
	}
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

uint64_t
cg_shares_to_weight(uint64_t shares)
{
	/* [2, 262144] onto [1, 10000], as runc and crun did first */
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t
cg_blkio_to_io_weight(uint64_t weight)
{
	/* [10, 1000] onto [1, 10000] */
	if (weight < 10)
		weight = 10;
	if (weight > 1000)
		weight = 1000;
	return 1 + ((weight - 10) * 9999) / 990;
}

int
cg_swap_v2(int64_t swap, int64_t limit, int64_t *out, const char **why)
{
	if (swap == -1) {
		*out = -1;
		return 0;
	}
	if (swap == 0)
		return 1;
	if (limit <= 0) {
		*why = "swap needs a memory limit";
		return -1;
	}
	if (swap < limit) {
		*why = "swap (memory+swap) must not be below the memory limit";
		return -1;
	}
	*out = swap - limit;
	return 0;
}

struct size_unit {
	const char *suffix;
	uint64_t kb;
};

static const struct size_unit size_units[] = {
	{ "KB", 1 },
	{ "MB", 1024 },
	{ "GB", 1024 * 1024 },
	{ "TB", 1024ULL * 1024 * 1024 },
};

uint64_t
cg_hugepage_kb(const char *size)
{
	char *end;
	if (size == NULL || size[0] < '1' || size[0] > '9')
		return 0;
	uint64_t n = strtoull(size, &end, 10);
	for (size_t i = 0; i < ARRAY_SIZE(size_units); i++)
		if (strcmp(end, size_units[i].suffix) == 0)
			return n * size_units[i].kb;
	return 0;
}

/* "max" for the no-limit values, the number otherwise. */
static const char *
max_or(int64_t v, char *buf, size_t size)
{
	if (v < 0)
		return "max";
	snprintf(buf, size, "%" PRId64, v);
	return buf;
}

static const char *const throttle_v1[4] = {
	"blkio.throttle.read_bps_device",
	"blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device",
	"blkio.throttle.write_iops_device",
};

static const char *const throttle_v2[4] = { "rbps", "wbps", "riops", "wiops" };

static void
memory_v1(const struct rj_resources *r, struct cg_writes *w)
{
	static const struct {
		const char *file;
		size_t has_off, val_off;
	} limits[] = {
#define M(file, f)                                                             \
	{ file, offsetof(struct rj_resources, memory.has_##f),                 \
		offsetof(struct rj_resources, memory.f) }
		M("memory.limit_in_bytes", limit),
		M("memory.soft_limit_in_bytes", reservation),
		M("memory.memsw.limit_in_bytes", swap),
		M("memory.kmem.tcp.limit_in_bytes", kernel_tcp),
#undef M
	};
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
		bool has = *(const bool *)((const char *)r + limits[i].has_off);
		int64_t v = *(
		    const int64_t *)((const char *)r + limits[i].val_off);
		if (has && v != 0)
			cg_writes_add(w, "memory", limits[i].file, "%" PRId64,
			    v);
	}
	if (r->memory.has_swappiness)
		cg_writes_add(w, "memory", "memory.swappiness", "%" PRIu64,
		    r->memory.swappiness);
	if (r->memory.has_disable_oom_killer)
		cg_writes_add(w, "memory", "memory.oom_control", "%d",
		    r->memory.disable_oom_killer ? 1 : 0);
	if (r->memory.has_use_hierarchy)
		cg_writes_add(w, "memory", "memory.use_hierarchy", "%d",
		    r->memory.use_hierarchy ? 1 : 0);
}

static void
cpu_v1(const struct rj_resources *r, struct cg_writes *w)
{
	if (r->cpu.has_shares && r->cpu.shares != 0)
		cg_writes_add(w, "cpu", "cpu.shares", "%" PRIu64,
		    r->cpu.shares);
	/* the period first: the quota is checked against it */
	if (r->cpu.has_period && r->cpu.period != 0)
		cg_writes_add(w, "cpu", "cpu.cfs_period_us", "%" PRIu64,
		    r->cpu.period);
	if (r->cpu.has_quota && r->cpu.quota != 0)
		cg_writes_add(w, "cpu", "cpu.cfs_quota_us", "%" PRId64,
		    r->cpu.quota);
	if (r->cpu.has_burst)
		cg_writes_add(w, "cpu", "cpu.cfs_burst_us", "%" PRIu64,
		    r->cpu.burst);
	if (r->cpu.has_realtime_period && r->cpu.realtime_period != 0)
		cg_writes_add(w, "cpu", "cpu.rt_period_us", "%" PRIu64,
		    r->cpu.realtime_period);
	if (r->cpu.has_realtime_runtime)
		cg_writes_add(w, "cpu", "cpu.rt_runtime_us", "%" PRId64,
		    r->cpu.realtime_runtime);
	if (r->cpu.has_idle)
		cg_writes_add(w, "cpu", "cpu.idle", "%" PRId64, r->cpu.idle);
}

static void
cpuset_pids(const struct rj_resources *r, struct cg_writes *w)
{
	if (r->cpu.cpus != NULL && r->cpu.cpus[0] != '\0')
		cg_writes_add(w, "cpuset", "cpuset.cpus", "%s", r->cpu.cpus);
	if (r->cpu.mems != NULL && r->cpu.mems[0] != '\0')
		cg_writes_add(w, "cpuset", "cpuset.mems", "%s", r->cpu.mems);
	if (r->pids.has_limit) {
		char buf[24];
		cg_writes_add(w, "pids", "pids.max", "%s",
		    max_or(r->pids.limit > 0 ? r->pids.limit : -1, buf,
			sizeof(buf)));
	}
}

static void
blkio_v1(const struct rj_resources *r, struct cg_writes *w)
{
	struct cg_write *e;
	if (r->block_io.has_weight && r->block_io.weight != 0) {
		e = cg_writes_add(w, "blkio", "blkio.weight", "%u",
		    r->block_io.weight);
		e->alt_file = xstrdup("blkio.bfq.weight");
		e->alt_value = xstrdup(e->value);
	}
	if (r->block_io.has_leaf_weight && r->block_io.leaf_weight != 0)
		cg_writes_add(w, "blkio", "blkio.leaf_weight", "%u",
		    r->block_io.leaf_weight);
	for (size_t i = 0; i < r->block_io.n_weight_device; i++) {
		const struct rj_weight_device *d =
		    &r->block_io.weight_device[i];
		if (d->has_weight) {
			e = cg_writes_add(w, "blkio", "blkio.weight_device",
			    "%" PRId64 ":%" PRId64 " %u", d->major, d->minor,
			    d->weight);
			e->alt_file = xstrdup("blkio.bfq.weight_device");
			e->alt_value = xstrdup(e->value);
		}
		if (d->has_leaf_weight)
			cg_writes_add(w, "blkio", "blkio.leaf_weight_device",
			    "%" PRId64 ":%" PRId64 " %u", d->major, d->minor,
			    d->leaf_weight);
	}
	for (int t = 0; t < 4; t++)
		for (size_t i = 0; i < r->block_io.n_throttle[t]; i++) {
			const struct rj_throttle_device *d =
			    &r->block_io.throttle[t][i];
			cg_writes_add(w, "blkio", throttle_v1[t],
			    "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
			    d->minor, d->rate);
		}
}

static void
hugetlb(const struct rj_resources *r, struct cg_writes *w, bool v2)
{
	for (size_t i = 0; i < r->n_hugepage_limits; i++) {
		const struct rj_hugepage_limit *h = &r->hugepage_limits[i];
		char file[96];
		snprintf(file, sizeof(file), "hugetlb.%s.%s", h->page_size,
		    v2 ? "max" : "limit_in_bytes");
		cg_writes_add(w, "hugetlb", file, "%" PRIu64, h->limit);
	}
}

static int
unified_keys_check(const struct rj_resources *r, struct rj_error **err)
{
	for (size_t i = 0; r->unified_keys != NULL && r->unified_keys[i]; i++) {
		const char *k = r->unified_keys[i];
		if (k[0] == '\0' || k[0] == '.' || strchr(k, '/') != NULL)
			return rj_error_set(err, EINVAL,
			    "unified: \"%s\" is not a cgroup file name", k);
	}
	return 0;
}

int
cg_writes_v1(const struct rj_resources *r, bool hybrid, struct cg_writes *w,
    struct rj_error **err)
{
	memset(w, 0, sizeof(*w));
	if (unified_keys_check(r, err) < 0)
		return -1;
	if (r->unified_keys != NULL && r->unified_keys[0] != NULL && !hybrid)
		return rj_error_set(err, ENOTSUP,
		    "unified: this host has no cgroup v2 hierarchy");
	memory_v1(r, w);
	cpu_v1(r, w);
	cpuset_pids(r, w);
	blkio_v1(r, w);
	hugetlb(r, w, false);
	if (r->network.has_class_id)
		cg_writes_add(w, "net_cls", "net_cls.classid", "%" PRIu32,
		    r->network.class_id);
	for (size_t i = 0; i < r->network.n_prio; i++)
		cg_writes_add(w, "net_prio", "net_prio.ifpriomap",
		    "%s %" PRIu32, r->network.prio_names[i],
		    r->network.prio_values[i]);
	for (size_t i = 0; r->unified_keys != NULL && r->unified_keys[i]; i++)
		cg_writes_add(w, CG_UNIFIED, r->unified_keys[i], "%s",
		    r->unified_values[i]);
	return 0;
}

static int
memory_v2(const struct rj_resources *r, struct cg_writes *w,
    struct rj_error **err)
{
	char buf[24];
	int64_t limit = r->memory.has_limit ? r->memory.limit : 0;
	if (limit != 0)
		cg_writes_add(w, "memory", "memory.max", "%s",
		    max_or(limit, buf, sizeof(buf)));
	if (r->memory.has_reservation && r->memory.reservation != 0)
		cg_writes_add(w, "memory", "memory.low", "%s",
		    max_or(r->memory.reservation, buf, sizeof(buf)));
	int64_t swap = r->memory.has_swap ? r->memory.swap : 0, out;
	const char *why = NULL;
	/* runc's rule: an unlimited memory with no swap given means both
	 * unlimited */
	if (swap == 0 && limit == -1)
		swap = -1;
	int rc = cg_swap_v2(swap, limit, &out, &why);
	if (rc < 0)
		return rj_error_set(err, EINVAL, "memory: %s", why);
	if (rc == 0)
		cg_writes_add(w, "memory", "memory.swap.max", "%s",
		    max_or(out, buf, sizeof(buf)));
	return 0;
}

static int
cpu_v2(const struct rj_resources *r, struct cg_writes *w, struct rj_error **err)
{
	if ((r->cpu.has_realtime_runtime && r->cpu.realtime_runtime != 0) ||
	    (r->cpu.has_realtime_period && r->cpu.realtime_period != 0))
		return rj_error_set(err, ENOTSUP,
		    "cpu: realtimeRuntime and realtimePeriod need cgroup v1");
	if (r->cpu.has_shares && r->cpu.shares != 0)
		cg_writes_add(w, "cpu", "cpu.weight", "%" PRIu64,
		    cg_shares_to_weight(r->cpu.shares));
	bool quota = r->cpu.has_quota && r->cpu.quota != 0;
	bool period = r->cpu.has_period && r->cpu.period != 0;
	char buf[24];
	if (quota && period)
		cg_writes_add(w, "cpu", "cpu.max", "%s %" PRIu64,
		    max_or(r->cpu.quota, buf, sizeof(buf)), r->cpu.period);
	else if (quota)
		cg_writes_add(w, "cpu", "cpu.max", "%s",
		    max_or(r->cpu.quota, buf, sizeof(buf)));
	else if (period)
		cg_writes_add(w, "cpu", "cpu.max", "max %" PRIu64,
		    r->cpu.period);
	if (r->cpu.has_burst)
		cg_writes_add(w, "cpu", "cpu.max.burst", "%" PRIu64,
		    r->cpu.burst);
	if (r->cpu.has_idle)
		cg_writes_add(w, "cpu", "cpu.idle", "%" PRId64, r->cpu.idle);
	return 0;
}

static void
io_v2(const struct rj_resources *r, struct cg_writes *w)
{
	struct cg_write *e;
	/* BFQ takes the blkio range as is; io.weight wants it scaled */
	if (r->block_io.has_weight && r->block_io.weight != 0) {
		e = cg_writes_add(w, "io", "io.bfq.weight", "%u",
		    r->block_io.weight);
		e->alt_file = xstrdup("io.weight");
		e->alt_value = xasprintf("default %" PRIu64,
		    cg_blkio_to_io_weight(r->block_io.weight));
	}
	for (size_t i = 0; i < r->block_io.n_weight_device; i++) {
		const struct rj_weight_device *d =
		    &r->block_io.weight_device[i];
		if (!d->has_weight)
			continue;
		e = cg_writes_add(w, "io", "io.bfq.weight",
		    "%" PRId64 ":%" PRId64 " %u", d->major, d->minor,
		    d->weight);
		e->alt_file = xstrdup("io.weight");
		e->alt_value = xasprintf("%" PRId64 ":%" PRId64 " %" PRIu64,
		    d->major, d->minor, cg_blkio_to_io_weight(d->weight));
	}
	for (int t = 0; t < 4; t++)
		for (size_t i = 0; i < r->block_io.n_throttle[t]; i++) {
			const struct rj_throttle_device *d =
			    &r->block_io.throttle[t][i];
			cg_writes_add(w, "io", "io.max",
			    "%" PRId64 ":%" PRId64 " %s=%" PRIu64, d->major,
			    d->minor, throttle_v2[t], d->rate);
		}
}

/* The controller a unified key needs: its prefix, or none for cgroup.*. */
static const char *
unified_controller(const char *key)
{
	static const char *const known[] = { "cpu", "cpuset", "io", "memory",
		"pids", "hugetlb", "rdma", "misc" };
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		size_t n = strlen(known[i]);
		if (strncmp(key, known[i], n) == 0 && key[n] == '.')
			return known[i];
	}
	return NULL;
}

int
cg_writes_v2(const struct rj_resources *r, struct cg_writes *w,
    struct rj_error **err)
{
	memset(w, 0, sizeof(*w));
	/* a limit whose controller does not exist is an error (runtime-spec),
	 * never dropped */
	if (r->network.has_class_id)
		return rj_error_set(err, ENOTSUP,
		    "network.classID: cgroup v2 has no net_cls controller");
	if (r->network.n_prio > 0)
		return rj_error_set(err, ENOTSUP,
		    "network.priorities: cgroup v2 has no net_prio controller");
	if (unified_keys_check(r, err) < 0 || memory_v2(r, w, err) < 0 ||
	    cpu_v2(r, w, err) < 0) {
		cg_writes_free(w);
		return -1;
	}
	cpuset_pids(r, w);
	io_v2(r, w);
	hugetlb(r, w, true);
	for (size_t i = 0; r->unified_keys != NULL && r->unified_keys[i]; i++)
		cg_writes_add(w, unified_controller(r->unified_keys[i]),
		    r->unified_keys[i], "%s", r->unified_values[i]);
	return 0;
}
