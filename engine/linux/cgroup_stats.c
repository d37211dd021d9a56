/* cgroup_stats.c: a container's use, read from its cgroup files into
 * struct rj_stats.  One row per number, for each cgroup version. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup_int.h"
#include "util.h"

#define AT(field) offsetof(struct rj_stats, field)

struct stat_row {
	const char *controller; /* v1: the hierarchy; v2 rows: ignored */
	const char *file;
	const char *key; /* in a "key value" file; NULL: the file is one */
	uint64_t scale;
	size_t at; /* a uint64_t in struct rj_stats */
	unsigned have;
};

static const struct stat_row v1_rows[] = {
	{ "cpuacct", "cpuacct.usage", NULL, 1, AT(cpu.total), RJ_STATS_CPU },
	{ "cpuacct", "cpuacct.usage_user", NULL, 1, AT(cpu.user),
	    RJ_STATS_CPU },
	{ "cpuacct", "cpuacct.usage_sys", NULL, 1, AT(cpu.kernel),
	    RJ_STATS_CPU },
	{ "cpu", "cpu.stat", "nr_periods", 1, AT(cpu.periods),
	    RJ_STATS_CPU_THROTTLING },
	{ "cpu", "cpu.stat", "nr_throttled", 1, AT(cpu.throttled_periods),
	    RJ_STATS_CPU_THROTTLING },
	{ "cpu", "cpu.stat", "throttled_time", 1, AT(cpu.throttled_time),
	    RJ_STATS_CPU_THROTTLING },
	{ "memory", "memory.usage_in_bytes", NULL, 1, AT(memory.usage),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.limit_in_bytes", NULL, 1, AT(memory.limit),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.max_usage_in_bytes", NULL, 1, AT(memory.max),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.failcnt", NULL, 1, AT(memory.failcnt),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.stat", "cache", 1, AT(memory.cache),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.memsw.usage_in_bytes", NULL, 1,
	    AT(memory.swap_usage), RJ_STATS_SWAP },
	{ "memory", "memory.memsw.limit_in_bytes", NULL, 1,
	    AT(memory.swap_limit), RJ_STATS_SWAP },
	{ "memory", "memory.oom_control", "oom_kill", 1, AT(memory.oom_kills),
	    RJ_STATS_OOM },
	{ "pids", "pids.current", NULL, 1, AT(pids.current), RJ_STATS_PIDS },
	{ "pids", "pids.max", NULL, 1, AT(pids.limit), RJ_STATS_PIDS },
};

static const struct stat_row v2_rows[] = {
	{ "cpu", "cpu.stat", "usage_usec", 1000, AT(cpu.total), RJ_STATS_CPU },
	{ "cpu", "cpu.stat", "user_usec", 1000, AT(cpu.user), RJ_STATS_CPU },
	{ "cpu", "cpu.stat", "system_usec", 1000, AT(cpu.kernel),
	    RJ_STATS_CPU },
	{ "cpu", "cpu.stat", "nr_periods", 1, AT(cpu.periods),
	    RJ_STATS_CPU_THROTTLING },
	{ "cpu", "cpu.stat", "nr_throttled", 1, AT(cpu.throttled_periods),
	    RJ_STATS_CPU_THROTTLING },
	{ "cpu", "cpu.stat", "throttled_usec", 1000, AT(cpu.throttled_time),
	    RJ_STATS_CPU_THROTTLING },
	{ "memory", "memory.current", NULL, 1, AT(memory.usage),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.max", NULL, 1, AT(memory.limit), RJ_STATS_MEMORY },
	{ "memory", "memory.peak", NULL, 1, AT(memory.max), RJ_STATS_MEMORY },
	{ "memory", "memory.events", "max", 1, AT(memory.failcnt),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.stat", "file", 1, AT(memory.cache),
	    RJ_STATS_MEMORY },
	{ "memory", "memory.swap.current", NULL, 1, AT(memory.swap_usage),
	    RJ_STATS_SWAP },
	{ "memory", "memory.swap.max", NULL, 1, AT(memory.swap_limit),
	    RJ_STATS_SWAP },
	{ "memory", "memory.events", "oom_kill", 1, AT(memory.oom_kills),
	    RJ_STATS_OOM },
	{ "pids", "pids.current", NULL, 1, AT(pids.current), RJ_STATS_PIDS },
	{ "pids", "pids.max", NULL, 1, AT(pids.limit), RJ_STATS_PIDS },
};

/* v1 writes "no limit" as the page counter's maximum, v2 as "max". */
static uint64_t
unlimited(uint64_t v)
{
	return v >= (UINT64_C(1) << 62) ? RJ_STATS_UNLIMITED : v;
}

static void
read_rows(const struct stat_row *rows, size_t n, bool v2,
    const char *(*dir_of)(const char *controller, void *arg), void *arg,
    struct rj_stats *st)
{
	for (size_t i = 0; i < n; i++) {
		const struct stat_row *r = &rows[i];
		const char *dir = dir_of(v2 ? CG_UNIFIED : r->controller, arg);
		uint64_t v;
		if (dir == NULL ||
		    (r->key != NULL ? cg_read_keyed(dir, r->file, r->key, &v)
				    : cg_read_u64(dir, r->file, &v, NULL)) < 0)
			continue;
		if (r->at == AT(memory.limit) || r->at == AT(pids.limit) ||
		    r->at == AT(memory.swap_limit))
			v = unlimited(v);
		else
			v *= r->scale;
		*(uint64_t *)((char *)st + r->at) = v;
		st->have |= r->have;
	}
}

/* memory.stat, every key. */
static void
read_raw(const char *dir, const char *file, struct rj_stats *st)
{
	_cleanup_free_ char *text = NULL;
	if (dir == NULL || cg_read(dir, file, &text, NULL) < 0)
		return;
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		if (sp == NULL)
			continue;
		*sp = '\0';
		st->memory.raw = xrealloc(st->memory.raw,
		    (st->memory.n_raw + 1) * sizeof(*st->memory.raw));
		st->memory.raw[st->memory.n_raw++] = (struct rj_stats_kv){
			.key = xstrdup(line),
			.value = strtoull(sp + 1, NULL, 10),
		};
	}
}

static void
read_percpu(const char *dir, struct rj_stats *st)
{
	_cleanup_free_ char *text = NULL;
	if (dir == NULL ||
	    cg_read(dir, "cpuacct.usage_percpu", &text, NULL) < 0)
		return;
	for (char *p = text, *end;; p = end) {
		uint64_t v = strtoull(p, &end, 10);
		if (end == p)
			break;
		st->cpu.percpu = xrealloc(st->cpu.percpu,
		    (st->cpu.n_percpu + 1) * sizeof(*st->cpu.percpu));
		st->cpu.percpu[st->cpu.n_percpu++] = v;
	}
}

static void
blkio_add(struct rj_stats_blkio **v, size_t *n, unsigned major, unsigned minor,
    const char *op, uint64_t value)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	struct rj_stats_blkio *e = &(*v)[(*n)++];
	e->major = major;
	e->minor = minor;
	snprintf(e->op, sizeof(e->op), "%s", op);
	e->value = value;
}

/* v1: "MAJ:MIN Op value" lines (and a last "Total value"). */
static void
read_blkio_v1(const char *dir, const char *file, struct rj_stats_blkio **v,
    size_t *n)
{
	_cleanup_free_ char *text = NULL;
	if (dir == NULL || cg_read(dir, file, &text, NULL) < 0)
		return;
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		unsigned major, minor;
		char op[12];
		unsigned long long value;
		if (sscanf(line, "%u:%u %11s %llu", &major, &minor, op,
			&value) == 4)
			blkio_add(v, n, major, minor, op, value);
	}
}

/* v2: "MAJ:MIN rbytes=N wbytes=N rios=N wios=N ..." lines. */
static void
read_io_v2(const char *dir, struct rj_stats *st)
{
	static const struct {
		const char *key, *op;
		bool ios;
	} keys[] = {
		{ "rbytes", "Read", false },
		{ "wbytes", "Write", false },
		{ "rios", "Read", true },
		{ "wios", "Write", true },
	};
	_cleanup_free_ char *text = NULL;
	if (dir == NULL || cg_read(dir, "io.stat", &text, NULL) < 0)
		return;
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		unsigned major, minor;
		if (sscanf(line, "%u:%u", &major, &minor) != 2)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			_cleanup_free_ char *pat = xasprintf(" %s=",
			    keys[k].key);
			const char *at = strstr(line, pat);
			if (at == NULL)
				continue;
			uint64_t v = strtoull(at + strlen(pat), NULL, 10);
			if (keys[k].ios)
				blkio_add(&st->blkio.ios, &st->blkio.n_ios,
				    major, minor, keys[k].op, v);
			else
				blkio_add(&st->blkio.bytes, &st->blkio.n_bytes,
				    major, minor, keys[k].op, v);
		}
	}
}

/* hugetlb.<size>.<file> for every page size the directory has. */
static void
read_hugetlb(const char *dir, bool v2, struct rj_stats *st)
{
	if (dir == NULL)
		return;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	const char *suffix = v2 ? ".current" : ".usage_in_bytes";
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		size_t len = strlen(name), slen = strlen(suffix);
		if (!has_prefix(name, "hugetlb.") || len <= 8 + slen ||
		    strcmp(name + len - slen, suffix) != 0 ||
		    has_prefix(name + len - slen - 5, ".rsvd"))
			continue;
		struct rj_stats_hugetlb h = { 0 };
		snprintf(h.pagesize, sizeof(h.pagesize), "%.*s",
		    (int)(len - 8 - slen), name + 8);
		_cleanup_free_ char *pre = xasprintf("hugetlb.%s.", h.pagesize);
		_cleanup_free_ char *f1 = xasprintf("%s%s", pre, suffix + 1);
		cg_read_u64(dir, f1, &h.usage, NULL);
		if (v2) {
			_cleanup_free_ char *ev = xasprintf("%sevents", pre);
			cg_read_keyed(dir, ev, "max", &h.failcnt);
		} else {
			_cleanup_free_ char *mx =
			    xasprintf("%smax_usage_in_bytes", pre);
			_cleanup_free_ char *fc = xasprintf("%sfailcnt", pre);
			cg_read_u64(dir, mx, &h.max, NULL);
			cg_read_u64(dir, fc, &h.failcnt, NULL);
		}
		st->hugetlb = xrealloc(st->hugetlb,
		    (st->n_hugetlb + 1) * sizeof(*st->hugetlb));
		st->hugetlb[st->n_hugetlb++] = h;
		st->have |= RJ_STATS_HUGETLB;
	}
	closedir(d);
}

void
cg_stats_read(enum cg_mode mode,
    const char *(*dir_of)(const char *controller, void *arg), void *arg,
    struct rj_stats *st)
{
	bool v2 = mode == CG_V2;
	if (v2) {
		read_rows(v2_rows, ARRAY_SIZE(v2_rows), true, dir_of, arg, st);
		/* v1 counts swap with memory (memsw): runc adds them up on v2
		 * too, and so do we. */
		if (st->have & RJ_STATS_SWAP) {
			st->memory.swap_usage += st->memory.usage;
			if (st->memory.swap_limit != RJ_STATS_UNLIMITED)
				st->memory.swap_limit = st->memory.limit ==
					RJ_STATS_UNLIMITED
				    ? RJ_STATS_UNLIMITED
				    : st->memory.swap_limit + st->memory.limit;
		}
		read_raw(dir_of(CG_UNIFIED, arg), "memory.stat", st);
		read_io_v2(dir_of(CG_UNIFIED, arg), st);
	} else {
		read_rows(v1_rows, ARRAY_SIZE(v1_rows), false, dir_of, arg, st);
		read_raw(dir_of("memory", arg), "memory.stat", st);
		read_percpu(dir_of("cpuacct", arg), st);
		const char *blk = dir_of("blkio", arg);
		read_blkio_v1(blk, "blkio.io_service_bytes_recursive",
		    &st->blkio.bytes, &st->blkio.n_bytes);
		if (st->blkio.n_bytes == 0)
			read_blkio_v1(blk,
			    "blkio.throttle.io_service_bytes_recursive",
			    &st->blkio.bytes, &st->blkio.n_bytes);
		read_blkio_v1(blk, "blkio.io_serviced_recursive",
		    &st->blkio.ios, &st->blkio.n_ios);
		if (st->blkio.n_ios == 0)
			read_blkio_v1(blk,
			    "blkio.throttle.io_serviced_recursive",
			    &st->blkio.ios, &st->blkio.n_ios);
	}
	if (st->blkio.n_bytes > 0 || st->blkio.n_ios > 0)
		st->have |= RJ_STATS_BLKIO;
	/* On a hybrid host hugetlb may sit in the cgroup2 tree. */
	const char *h1 = v2 ? NULL : dir_of("hugetlb", arg);
	if (h1 != NULL)
		read_hugetlb(h1, false, st);
	else
		read_hugetlb(dir_of(CG_UNIFIED, arg), true, st);
}
