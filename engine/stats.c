/* stats.c: struct rj_stats, which every driver fills, and runc's
 * `events --stats` JSON made from it (runc's types/events.go: its field
 * names, and leaving out what it marks omitempty when zero). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "runj.h"
#include "util.h"

void
rj_stats_clear(struct rj_stats *st)
{
	free(st->cpu.percpu);
	for (size_t i = 0; i < st->memory.n_raw; i++)
		free(st->memory.raw[i].key);
	free(st->memory.raw);
	free(st->blkio.bytes);
	free(st->blkio.ios);
	free(st->hugetlb);
	memset(st, 0, sizeof(*st));
}

/* jansson holds signed 64-bit integers: "no limit" (UINT64_MAX, which
 * runc prints whole) goes in as this, and is written out in digits. */
#define UNLIMITED_MARK	"-9223372036854775731"
#define UNLIMITED_VALUE (INT64_MIN + 77)
#define UNLIMITED_TEXT	"18446744073709551615"

/* Sets key to v, or leaves it out when v is 0 and the key is omitempty. */
static void
put(json_t *o, const char *key, uint64_t v, bool omitempty)
{
	if (v == 0 && omitempty)
		return;
	json_object_set_new(o, key,
	    json_integer(
		v == RJ_STATS_UNLIMITED ? UNLIMITED_VALUE : (json_int_t)v));
}

static json_t *
cpu_json(const struct rj_stats *st)
{
	json_t *usage = json_object(), *thr = json_object();
	if (st->have & RJ_STATS_CPU) {
		put(usage, "total", st->cpu.total, true);
		if (st->cpu.n_percpu > 0) {
			json_t *a = json_array();
			for (size_t i = 0; i < st->cpu.n_percpu; i++)
				json_array_append_new(a,
				    json_integer(
					(json_int_t)st->cpu.percpu[i]));
			json_object_set_new(usage, "percpu", a);
		}
	}
	put(usage, "kernel", st->cpu.kernel, false);
	put(usage, "user", st->cpu.user, false);
	if (st->have & RJ_STATS_CPU_THROTTLING) {
		put(thr, "periods", st->cpu.periods, true);
		put(thr, "throttledPeriods", st->cpu.throttled_periods, true);
		put(thr, "throttledTime", st->cpu.throttled_time, true);
	}
	return json_pack("{s:o, s:o}", "usage", usage, "throttling", thr);
}

static json_t *
memory_entry(uint64_t usage, uint64_t limit, uint64_t max, uint64_t failcnt)
{
	json_t *o = json_object();
	put(o, "limit", limit, false);
	put(o, "usage", usage, true);
	put(o, "max", max, true);
	put(o, "failcnt", failcnt, false);
	return o;
}

/* runc's Memory: usage, swap, kernel and kernelTCP are structs, which
 * Go's omitempty never leaves out. */
static json_t *
memory_json(const struct rj_stats *st)
{
	json_t *m = json_object();
	put(m, "cache", st->memory.cache, true);
	json_object_set_new(m, "usage",
	    memory_entry(st->memory.usage, st->memory.limit, st->memory.max,
		st->memory.failcnt));
	json_object_set_new(m, "swap",
	    memory_entry(st->memory.swap_usage, st->memory.swap_limit, 0, 0));
	json_object_set_new(m, "kernel", memory_entry(0, 0, 0, 0));
	json_object_set_new(m, "kernelTCP", memory_entry(0, 0, 0, 0));
	if (st->memory.n_raw > 0) {
		json_t *raw = json_object();
		for (size_t i = 0; i < st->memory.n_raw; i++)
			put(raw, st->memory.raw[i].key, st->memory.raw[i].value,
			    false);
		json_object_set_new(m, "raw", raw);
	}
	return m;
}

static json_t *
blkio_entries(const struct rj_stats_blkio *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object();
		put(e, "major", v[i].major, true);
		put(e, "minor", v[i].minor, true);
		if (v[i].op[0] != '\0')
			json_object_set_new(e, "op", json_string(v[i].op));
		put(e, "value", v[i].value, true);
		json_array_append_new(a, e);
	}
	return a;
}

static json_t *
blkio_json(const struct rj_stats *st)
{
	json_t *b = json_object();
	if (st->blkio.n_bytes > 0)
		json_object_set_new(b, "ioServiceBytesRecursive",
		    blkio_entries(st->blkio.bytes, st->blkio.n_bytes));
	if (st->blkio.n_ios > 0)
		json_object_set_new(b, "ioServicedRecursive",
		    blkio_entries(st->blkio.ios, st->blkio.n_ios));
	return b;
}

static json_t *
hugetlb_json(const struct rj_stats *st)
{
	json_t *h = json_object();
	for (size_t i = 0; i < st->n_hugetlb; i++) {
		json_t *e = json_object();
		put(e, "usage", st->hugetlb[i].usage, true);
		put(e, "max", st->hugetlb[i].max, true);
		put(e, "failcnt", st->hugetlb[i].failcnt, false);
		json_object_set_new(h, st->hugetlb[i].pagesize, e);
	}
	return h;
}

char *
rj_stats_to_json(const struct rj_stats *st)
{
	json_t *pids = json_object();
	if (st->have & RJ_STATS_PIDS) {
		put(pids, "current", st->pids.current, true);
		/* runc: no limit is 0 (left out). */
		put(pids, "limit",
		    st->pids.limit == RJ_STATS_UNLIMITED ? 0 : st->pids.limit,
		    true);
	}
	/* runc's CPUSet: what it does not omit, none of which runj reads. */
	json_t *cpuset = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
				   "s:i}",
	    "cpu_exclusive", 0, "mem_hardwall", 0, "mem_exclusive", 0,
	    "memory_migrate", 0, "memory_spread_page", 0, "memory_spread_slab",
	    0, "memory_pressure", 0, "sched_load_balance", 0,
	    "sched_relax_domain_level", 0);
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:{}, s:n}",
	    "cpu", cpu_json(st), "cpuset", cpuset, "memory", memory_json(st),
	    "pids", pids, "blkio", blkio_json(st), "hugetlb", hugetlb_json(st),
	    "intel_rdt", "network_interfaces");
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	/* The mark is longer than the digits that replace it. */
	for (char *p = text; (p = strstr(p, UNLIMITED_MARK)) != NULL;) {
		size_t ml = strlen(UNLIMITED_MARK), tl = strlen(UNLIMITED_TEXT);
		memcpy(p, UNLIMITED_TEXT, tl);
		memmove(p + tl, p + ml, strlen(p + ml) + 1);
		p += tl;
	}
	return text;
}
