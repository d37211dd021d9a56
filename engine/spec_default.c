/* spec_default.c: the config.json `runj spec` and `runj demo spec` write:
 * runc's defaults on Linux, a jail with ruleset-4 devfs on FreeBSD. */
#include <string.h>

#include <jansson.h>

#include "runj.h"
#include "util.h"

static json_t *
strv_json(const char *const *v)
{
	json_t *a = json_array();
	for (size_t i = 0; v[i] != NULL; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *
mount_json(const char *dest, const char *type, const char *source,
    const char *const *options)
{
	json_t *m = json_pack("{s:s, s:s, s:s}", "destination", dest, "type",
	    type, "source", source);
	if (options != NULL)
		json_object_set_new(m, "options", strv_json(options));
	return m;
}

static json_t *
linux_mounts(void)
{
	static const char *const dev[] = { "nosuid", "strictatime", "mode=755",
		"size=65536k", NULL };
	static const char *const pts[] = { "nosuid", "noexec", "newinstance",
		"ptmxmode=0666", "mode=0620", "gid=5", NULL };
	static const char *const shm[] = { "nosuid", "noexec", "nodev",
		"mode=1777", "size=65536k", NULL };
	static const char *const mq[] = { "nosuid", "noexec", "nodev", NULL };
	static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro",
		NULL };
	static const char *const cg[] = { "nosuid", "noexec", "nodev",
		"relatime", "ro", NULL };
	json_t *a = json_array();
	json_array_append_new(a, mount_json("/proc", "proc", "proc", NULL));
	json_array_append_new(a, mount_json("/dev", "tmpfs", "tmpfs", dev));
	json_array_append_new(a,
	    mount_json("/dev/pts", "devpts", "devpts", pts));
	json_array_append_new(a, mount_json("/dev/shm", "tmpfs", "shm", shm));
	json_array_append_new(a,
	    mount_json("/dev/mqueue", "mqueue", "mqueue", mq));
	json_array_append_new(a, mount_json("/sys", "sysfs", "sysfs", sys));
	json_array_append_new(a,
	    mount_json("/sys/fs/cgroup", "cgroup", "cgroup", cg));
	return a;
}

static json_t *
linux_section(void)
{
	static const char *const masked[] = { "/proc/acpi", "/proc/asound",
		"/proc/kcore", "/proc/keys", "/proc/latency_stats",
		"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
		"/sys/firmware", "/proc/scsi", "/sys/devices/virtual/powercap",
		NULL };
	static const char *const readonly[] = { "/proc/bus", "/proc/fs",
		"/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL };
	/* runc's five: no cgroup namespace (issue 10 item 19).  runj
	 * stands in for runc, and what a process sees in /proc/self/cgroup
	 * (the full path, from which programs read their container ID) must
	 * not change with the runtime; a config may still ask for one. */
	static const char *const namespaces[] = { "pid", "network", "ipc",
		"uts", "mount", NULL };
	json_t *ns = json_array();
	for (size_t i = 0; namespaces[i] != NULL; i++)
		json_array_append_new(ns,
		    json_pack("{s:s}", "type", namespaces[i]));
	return json_pack("{s:{s:[{s:b, s:s}]}, s:o, s:o, s:o}", "resources",
	    "devices", "allow", 0, "access", "rwm", "namespaces", ns,
	    "maskedPaths", strv_json(masked), "readonlyPaths",
	    strv_json(readonly));
}

static json_t *
freebsd_mounts(void)
{
	static const char *const devfs[] = { "ruleset=4", NULL };
	json_t *a = json_array();
	json_array_append_new(a, mount_json("/dev", "devfs", "devfs", devfs));
	return a;
}

static json_t *
freebsd_section(void)
{
	/* A jail of its own name, sharing the host's addresses, that cannot
	 * see mounts outside its root: what jail(8) users expect. */
	return json_pack("{s:{s:s, s:s, s:s, s:i}}", "jail", "host", "new",
	    "ip4", "inherit", "ip6", "inherit", "enforceStatfs", 2);
}

char *
rj_spec_default_json(const char *os, char *const *args)
{
	static const char *const default_args[] = { "sh", NULL };
	static const char *const caps[] = { "CAP_AUDIT_WRITE", "CAP_KILL",
		"CAP_NET_BIND_SERVICE", NULL };
	bool freebsd = os != NULL && strcmp(os, "freebsd") == 0;
	json_t *process = json_pack("{s:b, s:{s:i, s:i}, s:o, s:[s, s], s:s, "
				    "s:b}",
	    "terminal", args == NULL, "user", "uid", 0, "gid", 0, "args",
	    strv_json(args != NULL ? (const char *const *)args : default_args),
	    "env",
	    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	    "TERM=xterm", "cwd", "/", "noNewPrivileges", 1);
	json_object_set_new(process, "rlimits",
	    json_pack("[{s:s, s:i, s:i}]", "type", "RLIMIT_NOFILE", "hard",
		1024, "soft", 1024));
	if (!freebsd) {
		json_t *c = json_object();
		static const char *const sets[] = { "bounding", "effective",
			"permitted" };
		for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
			json_object_set_new(c, sets[i], strv_json(caps));
		json_object_set_new(process, "capabilities", c);
	}
	json_t *spec = json_pack("{s:s, s:o, s:{s:s, s:b}, s:s, s:o}",
	    "ociVersion", RJ_OCI_VERSION, "process", process, "root", "path",
	    "rootfs", "readonly", !freebsd, "hostname", "runj", "mounts",
	    freebsd ? freebsd_mounts() : linux_mounts());
	if (freebsd)
		json_object_set_new(spec, "freebsd", freebsd_section());
	else
		json_object_set_new(spec, "linux", linux_section());
	char *text = json_dumps(spec, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(spec);
	if (text == NULL)
		abort();
	/* json_dumps leaves out the final newline a text file wants. */
	char *out = xasprintf("%s\n", text);
	free(text);
	return out;
}
