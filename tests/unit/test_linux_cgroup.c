/*
 * test_linux_cgroup.c: the layout parser on mountinfo texts for v1, hybrid
 * and v2; the path rules; range checks; the v1 and v2 translation tables
 * row by row; then a real cgroup on this host (as root): create with
 * limits, files, freeze, update, stats, destroy, nothing left.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/cgroup.h"
#include "linux/cgroup_int.h"
#include "util.h"

/* ---- layout ---- */

static const char mountinfo_hybrid[] =
    "22 1 0:21 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n"
    "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup "
    "rw,cpuacct\n"
    "33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup "
    "rw,cpuset\n"
    "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup "
    "cgroup rw,memory\n"
    "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup "
    "rw,xattr,name=systemd\n"
    "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static const char mountinfo_v1[] =
    "25 21 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
    "26 25 0:23 / /sys/fs/cgroup/cpu,cpuacct rw shared:9 master:1 - cgroup "
    "cgroup rw,cpu,cpuacct\n"
    "27 25 0:24 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n"
    /* the same hierarchy again (a bind mount): the first one wins */
    "28 25 0:24 / /mnt/other\\040place rw - cgroup cgroup rw,freezer\n"
    "29 25 0:25 / /mnt/my\\040pids rw - cgroup cgroup rw,pids,"
    "clone_children\n";

static const char mountinfo_v2[] =
    "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec shared:9 - cgroup2 "
    "cgroup2 rw,nsdelegate,memory_recursiveprot\n"
    "36 22 0:31 / /proc rw - proc proc rw\n";

static const char mountinfo_none[] = "36 22 0:31 / /proc rw - proc proc rw\n";

static void
test_layout_hybrid(void **state)
{
	(void)state;
	struct cg_layout lay;
	assert_int_equal(cg_layout_parse(mountinfo_hybrid, &lay, NULL), 0);
	assert_int_equal(lay.mode, CG_HYBRID);
	assert_string_equal(lay.unified, "/sys/fs/cgroup/unified");
	assert_int_equal(lay.n_v1, 5);
	assert_string_equal(lay.v1[0].controllers, "cpu");
	assert_string_equal(lay.v1[0].mountpoint, "/sys/fs/cgroup/cpu");
	assert_string_equal(lay.v1[4].controllers, "name=systemd");
	assert_string_equal(cg_layout_find(&lay, "memory")->mountpoint,
	    "/sys/fs/cgroup/memory");
	assert_null(cg_layout_find(&lay, "pids"));
	assert_null(cg_layout_find(&lay, "cpu,cpuacct"));
	cg_layout_free(&lay);
}

static void
test_layout_v1(void **state)
{
	(void)state;
	struct cg_layout lay;
	assert_int_equal(cg_layout_parse(mountinfo_v1, &lay, NULL), 0);
	assert_int_equal(lay.mode, CG_V1);
	assert_null(lay.unified);
	assert_int_equal(lay.n_v1, 3);
	assert_string_equal(lay.v1[0].controllers, "cpu,cpuacct");
	assert_string_equal(cg_layout_find(&lay, "cpuacct")->mountpoint,
	    "/sys/fs/cgroup/cpu,cpuacct");
	assert_string_equal(cg_layout_find(&lay, "freezer")->mountpoint,
	    "/sys/fs/cgroup/freezer");
	/* clone_children is an option, not a controller; \040 a space */
	assert_string_equal(lay.v1[2].controllers, "pids");
	assert_string_equal(lay.v1[2].mountpoint, "/mnt/my pids");
	cg_layout_free(&lay);
}

static void
test_layout_v2_and_none(void **state)
{
	(void)state;
	struct cg_layout lay;
	assert_int_equal(cg_layout_parse(mountinfo_v2, &lay, NULL), 0);
	assert_int_equal(lay.mode, CG_V2);
	assert_string_equal(lay.unified, "/sys/fs/cgroup");
	assert_int_equal(lay.n_v1, 0);
	cg_layout_free(&lay);
	assert_int_equal(cg_layout_parse(mountinfo_none, &lay, NULL), 0);
	assert_int_equal(lay.mode, CG_NONE);
	cg_layout_free(&lay);
	assert_string_equal(cg_mode_name(CG_HYBRID), "hybrid");
	assert_int_equal(cg_mode_from_name("v2"), CG_V2);
	assert_int_equal(cg_mode_from_name("v3"), -1);
}

/* ---- paths ---- */

static void
expect_path(const char *cgroups_path, const char *want)
{
	char *out = NULL;
	struct rj_error *err = NULL;
	assert_int_equal(cg_path_resolve(cgroups_path, "c1", &out, &err), 0);
	assert_string_equal(out, want);
	free(out);
}

static void
expect_path_error(const char *cgroups_path, const char *msg)
{
	char *out = NULL;
	struct rj_error *err = NULL;
	assert_int_equal(cg_path_resolve(cgroups_path, "c1", &out, &err), -1);
	assert_null(out);
	assert_string_equal(err->msg, msg);
	rj_error_free(err);
}

static void
test_paths(void **state)
{
	(void)state;
	expect_path(NULL, "/runj/c1");
	expect_path("", "/runj/c1");
	expect_path("/default/c1", "/default/c1");
	expect_path("pods/c1", "/runj/pods/c1");
	expect_path("machine.slice:libpod:abc",
	    "/machine.slice/libpod-abc.scope");
	expect_path("a-b.slice:p:n", "/a.slice/a-b.slice/p-n.scope");
	expect_path(":runj:n", "/system.slice/runj-n.scope");
	expect_path("-.slice::n", "/n.scope");
	static const char escape[] = "must be normalised and stay inside "
				     "the cgroup tree (no \"..\", \".\" or "
				     "empty components)";
	char msg[256];
	snprintf(msg, sizeof(msg), "linux.cgroupsPath: \"/a/../../etc\": %s",
	    escape);
	expect_path_error("/a/../../etc", msg);
	snprintf(msg, sizeof(msg), "linux.cgroupsPath: \"/a//b\": %s", escape);
	expect_path_error("/a//b", msg);
	snprintf(msg, sizeof(msg), "linux.cgroupsPath: \"/a/\": %s", escape);
	expect_path_error("/a/", msg);
	snprintf(msg, sizeof(msg), "linux.cgroupsPath: \"../x\": %s", escape);
	expect_path_error("../x", msg);
	expect_path_error("/",
	    "linux.cgroupsPath: \"/\": the root cgroup "
	    "cannot be a container's");
	expect_path_error("a:b",
	    "linux.cgroupsPath: \"a:b\": expected an "
	    "absolute path or slice:prefix:name");
	expect_path_error("x.scope:p:n",
	    "linux.cgroupsPath: \"x.scope:p:n\": "
	    "\"x.scope\" is not a slice name");
}

/* ---- ranges ---- */

static void
check_gives(const struct rj_resources *r, const char *msg)
{
	struct rj_error *err = NULL;
	if (msg == NULL) {
		assert_int_equal(cgroup_check_resources(r, "linux.resources",
				     &err),
		    0);
		return;
	}
	assert_int_equal(cgroup_check_resources(r, "linux.resources", &err),
	    -1);
	assert_string_equal(err->msg, msg);
	rj_error_free(err);
}

static void
test_ranges(void **state)
{
	(void)state;
	struct rj_resources r = { 0 };
	check_gives(&r, NULL);
	r.cpu.has_shares = true;
	r.cpu.shares = 1;
	check_gives(&r,
	    "linux.resources.cpu.shares: 1 is out of range [2, "
	    "262144]");
	r.cpu.shares = 262145;
	check_gives(&r,
	    "linux.resources.cpu.shares: 262145 is out of range "
	    "[2, 262144]");
	r.cpu.shares = 0; /* unset, as in runc */
	check_gives(&r, NULL);
	r.cpu.has_quota = true;
	r.cpu.quota = 500;
	check_gives(&r,
	    "linux.resources.cpu.quota: 500 is below the "
	    "minimum 1000 (microseconds)");
	r.cpu.quota = 50000;
	r.cpu.has_period = true;
	r.cpu.period = 2000000;
	check_gives(&r,
	    "linux.resources.cpu.period: 2000000 is out of range "
	    "[1000, 1000000]");
	r.cpu.period = 100000;
	r.cpu.has_burst = true;
	r.cpu.burst = 60000;
	check_gives(&r,
	    "linux.resources.cpu.burst: 60000 must not exceed "
	    "cpu.quota");
	r.cpu.burst = 1000;
	r.cpu.cpus = "3-1";
	check_gives(&r,
	    "linux.resources.cpu.cpus: \"3-1\" is not a list "
	    "like 0-3,5");
	r.cpu.cpus = "0-1,3";
	r.cpu.mems = "x";
	check_gives(&r,
	    "linux.resources.cpu.mems: \"x\" is not a list like "
	    "0-1");
	r.cpu.mems = NULL;
	check_gives(&r, NULL);

	r.memory.has_swappiness = true;
	r.memory.swappiness = 101;
	check_gives(&r,
	    "linux.resources.memory.swappiness: 101 is out of "
	    "range [0, 100]");
	r.memory.swappiness = 60;
	r.memory.has_limit = r.memory.has_swap = true;
	r.memory.limit = 1 << 20;
	r.memory.swap = 1 << 19;
	check_gives(&r,
	    "linux.resources.memory.swap: 524288 is below "
	    "memory.limit 1048576 (swap counts memory plus swap)");
	r.memory.swap = -1;
	r.memory.limit = -2;
	check_gives(&r,
	    "linux.resources.memory.limit: -2 is out of range "
	    "[-1, 9223372036854775807]");
	r.memory.limit = -1;
	check_gives(&r, NULL);

	r.block_io.has_weight = true;
	r.block_io.weight = 5;
	check_gives(&r,
	    "linux.resources.blockIO.weight: 5 is out of range "
	    "[10, 1000]");
	r.block_io.weight = 500;
	struct rj_weight_device wd = { .major = 8,
		.has_weight = true,
		.weight = 1001 };
	r.block_io.weight_device = &wd;
	r.block_io.n_weight_device = 1;
	check_gives(&r,
	    "linux.resources.blockIO.weightDevice[0].weight: "
	    "1001 is out of range [10, 1000]");
	r.block_io.n_weight_device = 0;

	r.pids.has_limit = true;
	r.pids.limit = -5;
	check_gives(&r,
	    "linux.resources.pids.limit: -5 is out of range [-1, "
	    "9223372036854775807]");
	r.pids.limit = 10;

	struct rj_hugepage_limit h = { .page_size = "2XB", .limit = 0 };
	r.hugepage_limits = &h;
	r.n_hugepage_limits = 1;
	check_gives(&r,
	    "linux.resources.hugepageLimits[0].pageSize: \"2XB\" "
	    "is not a size like 2MB");
	h.page_size = "3MB";
	check_gives(&r,
	    "linux.resources.hugepageLimits[0].pageSize: this "
	    "host has no 3MB huge pages");
	r.n_hugepage_limits = 0;

	struct rj_device_rule d = { .allow = true,
		.type = 'x',
		.major = -1,
		.minor = -1 };
	r.devices = &d;
	r.n_devices = 1;
	check_gives(&r,
	    "linux.resources.devices[0].type: \"x\" is not a, b "
	    "or c");
	r.n_devices = 0;

	char *keys[] = { "../cgroup.procs", NULL }, *values[] = { "1", NULL };
	r.unified_keys = keys;
	r.unified_values = values;
	check_gives(&r,
	    "linux.resources.unified: \"../cgroup.procs\" is not "
	    "a cgroup file name");
	r.unified_keys = NULL;
	check_gives(&r, NULL);
}

static void
test_check_whole(void **state)
{
	(void)state;
	struct rj_linux l = { 0 };
	struct rj_error *err = NULL;
	assert_int_equal(cgroup_check(&l, "c1", &err), 0);
	l.cgroups_path = "/a/../b";
	assert_int_equal(cgroup_check(&l, "c1", &err), -1);
	assert_non_null(strstr(err->msg, "linux.cgroupsPath"));
	rj_error_freep(&err);
	l.cgroups_path = NULL;
	l.has_resources = true;
	l.resources.pids.has_limit = true;
	l.resources.pids.limit = -3;
	assert_int_equal(cgroup_check(&l, "c1", &err), -1);
	assert_non_null(strstr(err->msg, "linux.resources.pids.limit"));
	rj_error_freep(&err);
}

/* ---- translation ---- */

struct row {
	const char *controller, *file, *value, *alt_file, *alt_value;
};

static void
expect_rows(const struct cg_writes *w, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < w->n && i < n; i++) {
		const struct cg_write *e = &w->v[i];
		if (rows[i].controller == NULL)
			assert_null(e->controller);
		else
			assert_string_equal(e->controller, rows[i].controller);
		assert_string_equal(e->file, rows[i].file);
		assert_string_equal(e->value, rows[i].value);
		if (rows[i].alt_file == NULL) {
			assert_null(e->alt_file);
		} else {
			assert_string_equal(e->alt_file, rows[i].alt_file);
			assert_string_equal(e->alt_value, rows[i].alt_value);
		}
	}
	assert_int_equal(w->n, n);
}

/* Every field set once. */
static void
full_resources(struct rj_resources *r)
{
	static struct rj_device_rule devs[] = {
		{ .allow = false,
		    .type = 'a',
		    .major = -1,
		    .minor = -1,
		    .access = "rwm" },
		{ .allow = true,
		    .type = 'c',
		    .major = 1,
		    .minor = 3,
		    .access = "rw" },
		{ .allow = true,
		    .type = 'c',
		    .major = 136,
		    .minor = -1,
		    .access = "" },
	};
	static struct rj_weight_device wd[] = {
		{ .major = 8,
		    .minor = 0,
		    .has_weight = true,
		    .weight = 300,
		    .has_leaf_weight = true,
		    .leaf_weight = 200 },
	};
	static struct rj_throttle_device rbps[] = { { 8, 0, 1048576 } },
					 wiops[] = { { 8, 16, 100 } };
	static struct rj_hugepage_limit huge[] = { { "2MB", 4194304 } };
	static char *prio_names[] = { "eth0", NULL };
	static uint32_t prio_values[] = { 5 };
	static char *ukeys[] = { "memory.oom.group", "cgroup.max.depth", NULL };
	static char *uvals[] = { "1", "4", NULL };
	memset(r, 0, sizeof(*r));
	r->devices = devs;
	r->n_devices = ARRAY_SIZE(devs);
	r->memory.has_limit = r->memory.has_reservation = r->memory.has_swap =
	    r->memory.has_kernel = r->memory.has_kernel_tcp =
		r->memory.has_swappiness = r->memory.has_disable_oom_killer =
		    true;
	r->memory.limit = 1 << 30;
	r->memory.reservation = 1 << 29;
	r->memory.swap = 2LL << 30;
	r->memory.kernel = 1 << 20;
	r->memory.kernel_tcp = 1 << 21;
	r->memory.swappiness = 10;
	r->memory.disable_oom_killer = true;
	r->cpu.has_shares = r->cpu.has_quota = r->cpu.has_period =
	    r->cpu.has_burst = r->cpu.has_idle = true;
	r->cpu.shares = 1024;
	r->cpu.quota = 50000;
	r->cpu.period = 100000;
	r->cpu.burst = 1000;
	r->cpu.idle = 0;
	r->cpu.cpus = "0-1";
	r->cpu.mems = "0";
	r->pids.has_limit = true;
	r->pids.limit = 100;
	r->block_io.has_weight = r->block_io.has_leaf_weight = true;
	r->block_io.weight = 500;
	r->block_io.leaf_weight = 400;
	r->block_io.weight_device = wd;
	r->block_io.n_weight_device = 1;
	r->block_io.throttle[0] = rbps;
	r->block_io.n_throttle[0] = 1;
	r->block_io.throttle[3] = wiops;
	r->block_io.n_throttle[3] = 1;
	r->hugepage_limits = huge;
	r->n_hugepage_limits = 1;
	r->network.has_class_id = true;
	r->network.class_id = 0x100001;
	r->network.prio_names = prio_names;
	r->network.prio_values = prio_values;
	r->network.n_prio = 1;
	r->unified_keys = ukeys;
	r->unified_values = uvals;
}

static void
test_writes_v1(void **state)
{
	(void)state;
	struct rj_resources r;
	full_resources(&r);
	struct cg_writes w;
	assert_int_equal(cg_writes_v1(&r, true, &w, NULL), 0);
	static const struct row rows[] = {
		{ "memory", "memory.limit_in_bytes", "1073741824" },
		{ "memory", "memory.soft_limit_in_bytes", "536870912" },
		{ "memory", "memory.memsw.limit_in_bytes", "2147483648" },
		{ "memory", "memory.kmem.tcp.limit_in_bytes", "2097152" },
		{ "memory", "memory.swappiness", "10" },
		{ "memory", "memory.oom_control", "1" },
		{ "cpu", "cpu.shares", "1024" },
		{ "cpu", "cpu.cfs_period_us", "100000" },
		{ "cpu", "cpu.cfs_quota_us", "50000" },
		{ "cpu", "cpu.cfs_burst_us", "1000" },
		{ "cpu", "cpu.idle", "0" },
		{ "cpuset", "cpuset.cpus", "0-1" },
		{ "cpuset", "cpuset.mems", "0" },
		{ "pids", "pids.max", "100" },
		{ "blkio", "blkio.weight", "500", "blkio.bfq.weight", "500" },
		{ "blkio", "blkio.leaf_weight", "400" },
		{ "blkio", "blkio.weight_device", "8:0 300",
		    "blkio.bfq.weight_device", "8:0 300" },
		{ "blkio", "blkio.leaf_weight_device", "8:0 200" },
		{ "blkio", "blkio.throttle.read_bps_device", "8:0 1048576" },
		{ "blkio", "blkio.throttle.write_iops_device", "8:16 100" },
		{ "hugetlb", "hugetlb.2MB.limit_in_bytes", "4194304" },
		/* devices: cgroup_devices.c, at create only */
		{ "net_cls", "net_cls.classid", "1048577" },
		{ "net_prio", "net_prio.ifpriomap", "eth0 5" },
		{ CG_UNIFIED, "memory.oom.group", "1" },
		{ CG_UNIFIED, "cgroup.max.depth", "4" },
	};
	expect_rows(&w, rows, ARRAY_SIZE(rows));
	cg_writes_free(&w);

	/* pure v1 has nowhere to put unified keys */
	struct rj_error *err = NULL;
	assert_int_equal(cg_writes_v1(&r, false, &w, &err), -1);
	assert_string_equal(err->msg,
	    "unified: this host has no cgroup v2 hierarchy");
	rj_error_free(err);
}

static void
test_writes_v2(void **state)
{
	(void)state;
	struct rj_resources r;
	full_resources(&r);
	struct cg_writes w;
	/* v2 has no net_cls or net_prio: a network limit is an error */
	struct rj_error *err = NULL;
	assert_int_equal(cg_writes_v2(&r, &w, &err), -1);
	assert_non_null(strstr(err->msg, "net_cls"));
	rj_error_freep(&err);
	r.network.has_class_id = false;
	assert_int_equal(cg_writes_v2(&r, &w, &err), -1);
	assert_non_null(strstr(err->msg, "net_prio"));
	rj_error_freep(&err);
	r.network.n_prio = 0;
	assert_int_equal(cg_writes_v2(&r, &w, NULL), 0);
	static const struct row rows[] = {
		{ "memory", "memory.max", "1073741824" },
		{ "memory", "memory.low", "536870912" },
		{ "memory", "memory.swap.max", "1073741824" },
		{ "cpu", "cpu.weight", "39" },
		{ "cpu", "cpu.max", "50000 100000" },
		{ "cpu", "cpu.max.burst", "1000" },
		{ "cpu", "cpu.idle", "0" },
		{ "cpuset", "cpuset.cpus", "0-1" },
		{ "cpuset", "cpuset.mems", "0" },
		{ "pids", "pids.max", "100" },
		{ "io", "io.bfq.weight", "500", "io.weight", "default 4950" },
		{ "io", "io.bfq.weight", "8:0 300", "io.weight", "8:0 2930" },
		{ "io", "io.max", "8:0 rbps=1048576" },
		{ "io", "io.max", "8:16 wiops=100" },
		{ "hugetlb", "hugetlb.2MB.max", "4194304" },
		{ "memory", "memory.oom.group", "1" },
		{ NULL, "cgroup.max.depth", "4" },
	};
	expect_rows(&w, rows, ARRAY_SIZE(rows));
	cg_writes_free(&w);
}

static void
test_writes_edges(void **state)
{
	(void)state;
	struct rj_resources r = { 0 };
	struct cg_writes w;
	/* no limits: "max"; quota alone; period alone */
	r.memory.has_limit = true;
	r.memory.limit = -1;
	r.pids.has_limit = true;
	r.pids.limit = 0;
	r.cpu.has_quota = true;
	r.cpu.quota = -1;
	assert_int_equal(cg_writes_v2(&r, &w, NULL), 0);
	static const struct row v2rows[] = {
		{ "memory", "memory.max", "max" },
		{ "memory", "memory.swap.max", "max" },
		{ "cpu", "cpu.max", "max" },
		{ "pids", "pids.max", "max" },
	};
	expect_rows(&w, v2rows, ARRAY_SIZE(v2rows));
	cg_writes_free(&w);
	assert_int_equal(cg_writes_v1(&r, false, &w, NULL), 0);
	static const struct row v1rows[] = {
		{ "memory", "memory.limit_in_bytes", "-1" },
		{ "cpu", "cpu.cfs_quota_us", "-1" },
		{ "pids", "pids.max", "max" },
	};
	expect_rows(&w, v1rows, ARRAY_SIZE(v1rows));
	cg_writes_free(&w);

	memset(&r, 0, sizeof(r));
	r.cpu.has_period = true;
	r.cpu.period = 20000;
	assert_int_equal(cg_writes_v2(&r, &w, NULL), 0);
	static const struct row prow[] = { { "cpu", "cpu.max", "max 20000" } };
	expect_rows(&w, prow, 1);
	cg_writes_free(&w);

	/* what v2 cannot do */
	struct rj_error *err = NULL;
	r.cpu.has_realtime_runtime = true;
	r.cpu.realtime_runtime = 1000;
	assert_int_equal(cg_writes_v2(&r, &w, &err), -1);
	assert_string_equal(err->msg,
	    "cpu: realtimeRuntime and "
	    "realtimePeriod need cgroup v1");
	rj_error_freep(&err);
	memset(&r, 0, sizeof(r));
	r.memory.has_swap = true;
	r.memory.swap = 1 << 20;
	assert_int_equal(cg_writes_v2(&r, &w, &err), -1);
	assert_string_equal(err->msg, "memory: swap needs a memory limit");
	rj_error_freep(&err);
}

static void
test_conversions(void **state)
{
	(void)state;
	assert_int_equal(cg_shares_to_weight(2), 1);
	assert_int_equal(cg_shares_to_weight(1024), 39);
	assert_int_equal(cg_shares_to_weight(262144), 10000);
	assert_int_equal(cg_blkio_to_io_weight(10), 1);
	assert_int_equal(cg_blkio_to_io_weight(1000), 10000);
	int64_t out;
	const char *why = NULL;
	assert_int_equal(cg_swap_v2(-1, 100, &out, &why), 0);
	assert_int_equal(out, -1);
	assert_int_equal(cg_swap_v2(0, 100, &out, &why), 1);
	assert_int_equal(cg_swap_v2(300, 100, &out, &why), 0);
	assert_int_equal(out, 200);
	assert_int_equal(cg_swap_v2(100, 100, &out, &why), 0);
	assert_int_equal(out, 0);
	assert_int_equal(cg_swap_v2(50, 100, &out, &why), -1);
	assert_int_equal(cg_hugepage_kb("2MB"), 2048);
	assert_int_equal(cg_hugepage_kb("1GB"), 1048576);
	assert_int_equal(cg_hugepage_kb("64KB"), 64);
	assert_int_equal(cg_hugepage_kb("2mb"), 0);
	assert_int_equal(cg_hugepage_kb("MB"), 0);
	assert_int_equal(cg_hugepage_kb("0MB"), 0);
}

/* ---- on this host ---- */

static const struct cg_layout *host;

static void
need_host(void)
{
	if (geteuid() != 0 || cg_layout_get(&host, NULL) < 0)
		skip();
}

static pid_t
sleeper(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* A process that joined the cgroup in ds as the init and exec do: at
 * its clone (cgroup2) and by itself (v1 tasks); returned once it has. */
static pid_t
joined_sleeper(json_t *ds)
{
	struct cg_join j = CG_JOIN_INIT;
	struct rj_error *err = NULL;
	int joined[2];
	assert_int_equal(pipe(joined), 0);
	if (cgroup_join_open(ds, NULL, &j, &err) < 0)
		fail_msg("cgroup_join_open: %s", err->msg);
	pid_t pid = cgroup_join_clone(&j, 0);
	assert_true(pid >= 0);
	if (pid == 0) {
		close(joined[0]);
		if (cgroup_join_self(&j, NULL) < 0)
			_exit(1);
		if (write(joined[1], "j", 1) != 1)
			_exit(1);
		close(joined[1]);
		for (;;)
			pause();
	}
	close(joined[1]);
	cgroup_join_close(&j);
	char c;
	assert_int_equal(read(joined[0], &c, 1), 1);
	close(joined[0]);
	return pid;
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* No directory of /runj-unit-<pid> is left in any hierarchy. */
static void
assert_nothing_left(const char *top)
{
	char path[512];
	for (size_t i = 0; i < host->n_v1; i++) {
		snprintf(path, sizeof(path), "%s%s", host->v1[i].mountpoint,
		    top);
		if (exists(path))
			fail_msg("left behind: %s", path);
	}
	if (host->unified != NULL) {
		snprintf(path, sizeof(path), "%s%s", host->unified, top);
		if (exists(path))
			fail_msg("left behind: %s", path);
	}
}

static char *
read_text(const char *dir, const char *file)
{
	char *text = NULL;
	if (cg_read(dir, file, &text, NULL) < 0)
		return xstrdup("(unreadable)");
	return text;
}

/* The directory of the record for controller. */
static const char *
rec_dir(json_t *ds, const char *key)
{
	json_t *dirs = json_object_get(json_object_get(ds, "cgroup"), "dirs");
	const char *k;
	json_t *v;
	json_object_foreach(dirs, k,
	    v) if (cg_list_has(k, key)) return json_string_value(v);
	return NULL;
}

static bool
in_proc_cgroup(pid_t pid, const char *path)
{
	char file[64], *text = NULL;
	snprintf(file, sizeof(file), "/proc/%d/cgroup", pid);
	if (read_file(file, &text, NULL, NULL) < 0)
		return false;
	bool found = strstr(text, path) != NULL;
	free(text);
	return found;
}

static void
test_host_lifecycle(void **state)
{
	(void)state;
	need_host();
	char top[64], path[96];
	snprintf(top, sizeof(top), "/runj-unit-%d", getpid());
	snprintf(path, sizeof(path), "%s/c1", top);
	struct rj_linux l = { .cgroups_path = path, .has_resources = true };
	l.resources.memory.has_limit = true;
	l.resources.memory.limit = 64 << 20;
	l.resources.pids.has_limit = true;
	l.resources.pids.limit = 32;
	bool v2 = host->mode == CG_V2;
	if (!v2 && cg_layout_find(host, "pids") == NULL)
		l.resources.pids.has_limit = false;

	json_t *ds = json_object();
	struct rj_error *err = NULL;
	if (cgroup_create(&l, "c1", ds, &err) < 0)
		fail_msg("cgroup_create: %s", err->msg);
	pid_t child = joined_sleeper(ds);
	json_t *rec = json_object_get(ds, "cgroup");
	assert_non_null(rec);
	assert_string_equal(json_string_value(json_object_get(rec, "path")),
	    path);
	assert_string_equal(json_string_value(json_object_get(rec, "mode")),
	    cg_mode_name(host->mode));

	/* the limits are in the files, the child is in the cgroup */
	_cleanup_free_ char *limit = NULL, *pids_max = NULL;
	if (v2) {
		const char *dir = rec_dir(ds, CG_UNIFIED);
		limit = read_text(dir, "memory.max");
		pids_max = read_text(dir, "pids.max");
	} else {
		limit = read_text(rec_dir(ds, "memory"),
		    "memory.limit_in_bytes");
		if (l.resources.pids.has_limit)
			pids_max = read_text(rec_dir(ds, "pids"), "pids.max");
	}
	assert_string_equal(limit, "67108864");
	if (pids_max != NULL)
		assert_string_equal(pids_max, "32");
	assert_true(in_proc_cgroup(child, path));

	pid_t *pids = NULL;
	size_t n = 0;
	assert_int_equal(cgroup_pids(ds, &pids, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pids[0], child);
	free(pids);

	/* exec: a second process joins */
	pid_t second = joined_sleeper(ds);
	assert_true(in_proc_cgroup(second, path));

	/* freeze and thaw */
	assert_false(cgroup_frozen(ds));
	if (cgroup_freeze(ds, true, &err) < 0)
		fail_msg("freeze: %s", err->msg);
	assert_true(cgroup_frozen(ds));
	assert_int_equal(cgroup_freeze(ds, false, NULL), 0);
	assert_false(cgroup_frozen(ds));

	/* update */
	struct rj_resources upd = { 0 };
	upd.memory.has_limit = true;
	upd.memory.limit = 128 << 20;
	if (cgroup_update(ds, &upd, &err) < 0)
		fail_msg("update: %s", err->msg);
	free(limit);
	limit = read_text(v2 ? rec_dir(ds, CG_UNIFIED) : rec_dir(ds, "memory"),
	    v2 ? "memory.max" : "memory.limit_in_bytes");
	assert_string_equal(limit, "134217728");
	/* v1: memory and memory+swap raised together need memsw first,
	 * lowered together the limit first; both orders must work */
	const char *mdir = rec_dir(ds, "memory");
	if (!v2 && mdir != NULL) {
		char memsw[512];
		snprintf(memsw, sizeof(memsw), "%s/memory.memsw.limit_in_bytes",
		    mdir);
		if (exists(memsw)) {
			upd.memory.has_swap = true;
			upd.memory.swap = 256 << 20;
			assert_int_equal(cgroup_update(ds, &upd, NULL), 0);
			upd.memory.limit = 512 << 20;
			upd.memory.swap = 1024 << 20;
			if (cgroup_update(ds, &upd, &err) < 0)
				fail_msg("raise: %s", err->msg);
			upd.memory.limit = 128 << 20;
			upd.memory.swap = 128 << 20;
			if (cgroup_update(ds, &upd, &err) < 0)
				fail_msg("lower: %s", err->msg);
			free(limit);
			limit = read_text(mdir, "memory.memsw.limit_in_bytes");
			assert_string_equal(limit, "134217728");
			upd.memory.has_swap = false;
		}
	}
	upd.memory.limit = -7;
	assert_int_equal(cgroup_update(ds, &upd, &err), -1);
	assert_string_equal(err->msg,
	    "resources.memory.limit: -7 is out of "
	    "range [-1, 9223372036854775807]");
	rj_error_freep(&err);

	/* stats */
	struct rj_stats stats = { 0 };
	assert_int_equal(cgroup_stats(ds, &stats, NULL), 0);
	assert_true(stats.have & RJ_STATS_MEMORY);
	assert_int_equal(stats.memory.limit, 128 << 20);
	assert_true(stats.have & RJ_STATS_PIDS);
	assert_true(stats.pids.current >= 1);
	_cleanup_free_ char *json = rj_stats_to_json(&stats);
	json_t *o = json_loads(json, 0, NULL);
	json_t *mem = json_object_get(json_object_get(o, "memory"), "usage");
	assert_int_equal(json_integer_value(json_object_get(mem, "limit")),
	    128 << 20);
	json_decref(o);
	rj_stats_clear(&stats);

	/* destroy while frozen: the members are killed and reaped */
	assert_int_equal(cgroup_freeze(ds, true, NULL), 0);
	if (cgroup_destroy(ds, &err) < 0)
		fail_msg("destroy: %s", err->msg);
	int st;
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	assert_int_equal(waitpid(second, &st, 0), second);
	assert_null(json_object_get(ds, "cgroup"));
	assert_nothing_left(top);
	/* again: nothing to do */
	assert_int_equal(cgroup_destroy(ds, NULL), 0);
	json_decref(ds);
}

static void
test_host_failure_leaves_nothing(void **state)
{
	(void)state;
	need_host();
	char top[64], path[96];
	snprintf(top, sizeof(top), "/runj-unit-%d", getpid());
	snprintf(path, sizeof(path), "%s/bad", top);
	struct rj_linux l = { .cgroups_path = path, .has_resources = true };
	/* passes the checks, refused by the kernel: no such CPU */
	l.resources.cpu.cpus = "4000";
	json_t *ds = json_object();
	struct rj_error *err = NULL;
	assert_int_equal(cgroup_create(&l, "bad", ds, &err), -1);
	/* the errno is the kernel's (ERANGE or EINVAL) */
	assert_true(has_prefix(err->msg, "cgroup: write cpuset.cpus=4000: "));
	rj_error_freep(&err);
	assert_null(json_object_get(ds, "cgroup"));
	assert_nothing_left(top);

	/* a controller the host lacks is refused before anything is made */
	memset(&l.resources, 0, sizeof(l.resources));
	if (host->mode != CG_V2 && cg_layout_find(host, "hugetlb") == NULL) {
		struct rj_hugepage_limit h = { "2MB", 2 << 20 };
		l.resources.hugepage_limits = &h;
		l.resources.n_hugepage_limits = 1;
		assert_int_equal(cgroup_create(&l, "bad", ds, &err), -1);
		assert_string_equal(err->msg,
		    "cgroup: hugetlb.2MB.limit_in_"
		    "bytes: the hugetlb controller "
		    "is not mounted on this host");
		rj_error_freep(&err);
		assert_nothing_left(top);
	}
	json_decref(ds);
}

/* The v2 freezer and kill on a hybrid host's cgroup2 tree. */
static void
test_host_v2_freeze(void **state)
{
	(void)state;
	need_host();
	if (host->unified == NULL)
		skip();
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/runj-unit-v2-%d", host->unified,
	    getpid());
	assert_int_equal(mkdir(dir, 0755), 0);
	pid_t child = sleeper();
	char buf[24];
	snprintf(buf, sizeof(buf), "%d", child);
	assert_int_equal(cg_write(dir, "cgroup.procs", buf, NULL), 0);
	assert_int_equal(cg_v2_freeze(dir, true, NULL), 0);
	assert_true(cg_v2_frozen(dir));
	assert_int_equal(cg_v2_freeze(dir, false, NULL), 0);
	assert_false(cg_v2_frozen(dir));
	/* nothing needed, nothing wrong; a missing controller is named */
	assert_int_equal(cg_v2_enable(dir, "", NULL), 0);
	struct rj_error *err = NULL;
	if (host->mode == CG_HYBRID) {
		assert_int_equal(cg_v2_enable(dir, "memory", &err), -1);
		assert_non_null(strstr(err->msg,
		    "the memory controller is not "
		    "available"));
		rj_error_freep(&err);
	}
	if (!cg_v2_kill(dir))
		kill(child, SIGKILL);
	int st;
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFSIGNALED(st));
	for (int i = 0; i < 100 && rmdir(dir) < 0; i++)
		usleep(10000);
	assert_false(exists(dir));
}

/* The pure v2 path, run on this host's cgroup2 tree as if it were the
 * only one: directories, a core-file write, enter, freeze, kill, removal. */
/* Disables, in dir's subtree_control, what was not enabled in before. */
static void
restore_subtree_control(const char *dir, const char *before)
{
	_cleanup_free_ char *now = read_text(dir, "cgroup.subtree_control");
	char *save = NULL;
	for (char *c = strtok_r(now, " \n", &save); c != NULL;
	     c = strtok_r(NULL, " \n", &save)) {
		char pad[64];
		snprintf(pad, sizeof(pad), " %s ", c);
		_cleanup_free_ char *was = xasprintf(" %s ",
		    before ? before : "");
		for (char *p = was; *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (strstr(was, pad) != NULL)
			continue;
		char tok[64];
		snprintf(tok, sizeof(tok), "-%s", c);
		cg_write(dir, "cgroup.subtree_control", tok, NULL);
	}
}

static void
test_host_as_v2(void **state)
{
	(void)state;
	need_host();
	if (host->unified == NULL || host->mode == CG_V2)
		skip(); /* CG_V2 hosts run it in test_host_lifecycle */
	struct cg_layout v2 = { .mode = CG_V2, .unified = host->unified };
	/* Treating the host's cgroup2 tree as a v2 host enables controllers
	 * in its root; those are given back at the end, or the host would
	 * keep them (and crun could no longer move hugetlb to v1). */
	_cleanup_free_ char *enabled_before = read_text(host->unified,
	    "cgroup.subtree_control");
	cg_layout_override(&v2);
	char top[64], path[96];
	snprintf(top, sizeof(top), "/runj-unit-v2-%d", getpid());
	snprintf(path, sizeof(path), "%s/c2", top);
	char *keys[] = { "cgroup.max.depth", NULL }, *values[] = { "3", NULL };
	struct rj_linux l = { .cgroups_path = path, .has_resources = true };
	l.resources.unified_keys = keys;
	l.resources.unified_values = values;
	json_t *ds = json_object();
	struct rj_error *err = NULL;
	if (cgroup_create(&l, "c2", ds, &err) < 0) {
		cg_layout_override(NULL);
		fail_msg("cgroup_create: %s", err->msg);
	}
	pid_t child = joined_sleeper(ds);
	const char *dir = rec_dir(ds, CG_UNIFIED);
	assert_string_equal(json_string_value(
				json_object_get(json_object_get(ds, "cgroup"),
				    "mode")),
	    "v2");
	_cleanup_free_ char *depth = read_text(dir, "cgroup.max.depth");
	assert_string_equal(depth, "3");
	assert_true(in_proc_cgroup(child, path));
	assert_int_equal(cgroup_freeze(ds, true, NULL), 0);
	assert_true(cgroup_frozen(ds));
	pid_t *pids = NULL;
	size_t n = 0;
	assert_int_equal(cgroup_pids(ds, &pids, &n, NULL), 0);
	assert_int_equal(n, 1);
	free(pids);
	/* a controller this tree does not offer: named, nothing left */
	json_t *ds2 = json_object();
	struct rj_linux bad = { .cgroups_path = "/runj-unit-v2-bad/x",
		.has_resources = true };
	bad.resources.pids.has_limit = true;
	bad.resources.pids.limit = 5;
	if (host->mode == CG_HYBRID) {
		assert_int_equal(cgroup_create(&bad, "x", ds2, &err), -1);
		assert_non_null(strstr(err->msg,
		    "the pids controller is not "
		    "available"));
		rj_error_freep(&err);
		char gone[128];
		snprintf(gone, sizeof(gone), "%s/runj-unit-v2-bad",
		    host->unified);
		assert_false(exists(gone));
	}
	json_decref(ds2);
	int rc = cgroup_destroy(ds, &err);
	cg_layout_override(NULL);
	if (rc < 0)
		fail_msg("destroy: %s", err->msg);
	int st;
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFSIGNALED(st));
	assert_nothing_left(top);
	json_decref(ds);
	restore_subtree_control(host->unified, enabled_before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_hybrid),
		cmocka_unit_test(test_layout_v1),
		cmocka_unit_test(test_layout_v2_and_none),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_check_whole),
		cmocka_unit_test(test_writes_v1),
		cmocka_unit_test(test_writes_v2),
		cmocka_unit_test(test_writes_edges),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_host_lifecycle),
		cmocka_unit_test(test_host_failure_leaves_nothing),
		cmocka_unit_test(test_host_v2_freeze),
		cmocka_unit_test(test_host_as_v2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
