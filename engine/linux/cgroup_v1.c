/* cgroup_v1.c: what only v1 hierarchies need: cpuset, freezer, stats. */
#include <errno.h>
#include <string.h>

#include "cgroup_int.h"
#include "util.h"

int
cg_v1_cpuset_init(const char *dir, struct rj_error **err)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	_cleanup_free_ char *parent = xstrdup(dir);
	char *slash = strrchr(parent, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *mine = NULL, *theirs = NULL;
		if (cg_read(dir, files[i], &mine, err) < 0)
			return -1;
		if (mine[0] != '\0')
			continue;
		if (cg_read(parent, files[i], &theirs, err) < 0 ||
		    cg_write(dir, files[i], theirs, err) < 0)
			return -1;
	}
	return 0;
}

int
cg_v1_freeze(const char *dir, bool on, struct rj_error **err)
{
	if (!on)
		return cg_write(dir, "freezer.state", "THAWED", err);
	/* a task in a vfork or a syscall can keep the state at FREEZING;
	 * asking again lets the kernel retry it */
	for (int tries = 0; tries < 5; tries++) {
		if (cg_write(dir, "freezer.state", "FROZEN", err) < 0)
			return -1;
		if (cg_wait_value(dir, "freezer.state", NULL, "FROZEN"))
			return 0;
	}
	cg_write(dir, "freezer.state", "THAWED", NULL);
	return rj_error_set(err, ETIMEDOUT,
	    "cgroup: freeze: %s stayed FREEZING", dir);
}

bool
cg_v1_frozen(const char *dir)
{
	_cleanup_free_ char *state = NULL;
	return cg_read(dir, "freezer.state", &state, NULL) == 0 &&
	    strcmp(state, "FROZEN") == 0;
}

static const char *
dir_for(json_t *dirs, const char *controller)
{
	const char *key;
	json_t *v;
	json_object_foreach(dirs, key,
	    v) if (cg_list_has(key, controller)) return json_string_value(v);
	return NULL;
}

void
cg_v1_stats(json_t *dirs, json_t *out)
{
	const char *acct = dir_for(dirs, "cpuacct");
	const char *cpu = dir_for(dirs, "cpu");
	const char *mem = dir_for(dirs, "memory");
	const char *pids = dir_for(dirs, "pids");
	json_t *c = json_object(), *usage = json_object(), *thr = json_object();
	cg_put(usage, "total", acct, "cpuacct.usage");
	cg_put(usage, "user", acct, "cpuacct.usage_user");
	cg_put(usage, "kernel", acct, "cpuacct.usage_sys");
	cg_put_keyed(thr, "periods", cpu, "cpu.stat", "nr_periods", 1);
	cg_put_keyed(thr, "throttled_periods", cpu, "cpu.stat", "nr_throttled",
	    1);
	cg_put_keyed(thr, "throttled_time", cpu, "cpu.stat", "throttled_time",
	    1);
	json_object_set_new(c, "usage", usage);
	json_object_set_new(c, "throttling", thr);
	json_object_set_new(out, "cpu", c);

	json_t *m = json_object(), *mu = json_object(), *sw = json_object(),
	       *raw = json_object();
	cg_put(mu, "usage", mem, "memory.usage_in_bytes");
	cg_put(mu, "limit", mem, "memory.limit_in_bytes");
	cg_put(mu, "max", mem, "memory.max_usage_in_bytes");
	cg_put(mu, "failcnt", mem, "memory.failcnt");
	cg_put(sw, "usage", mem, "memory.memsw.usage_in_bytes");
	cg_put(sw, "limit", mem, "memory.memsw.limit_in_bytes");
	cg_put_all_keyed(raw, mem, "memory.stat");
	json_t *cache = json_object_get(raw, "cache");
	if (cache != NULL)
		json_object_set(m, "cache", cache);
	json_object_set_new(m, "usage", mu);
	json_object_set_new(m, "swap", sw);
	json_object_set_new(m, "raw", raw);
	json_object_set_new(out, "memory", m);

	json_t *p = json_object();
	cg_put(p, "current", pids, "pids.current");
	cg_put(p, "limit", pids, "pids.max");
	json_object_set_new(out, "pids", p);
}
