/* spec_names.c: the name tables of config.json (capabilities, rlimits,
 * hooks, namespaces), shared by the parser, the drivers and `features`. */
#include <string.h>
#include <sys/resource.h>

#include "spec.h"
#include "util.h"

/* Indexed by the kernel's capability number (linux/capability.h). */
static const char *const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

int
spec_cap_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(cap_names); i++)
		if (strcmp(cap_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
spec_cap_name(int cap)
{
	if (cap < 0 || (size_t)cap >= ARRAY_SIZE(cap_names))
		return NULL;
	return cap_names[cap];
}

int
spec_cap_last(void)
{
	return (int)ARRAY_SIZE(cap_names) - 1;
}

struct rlimit_name {
	const char *name;
	int resource;
};

/* Only the resources this OS has: a config naming another one is an
 * error, as the spec asks for values that cannot be mapped. */
static const struct rlimit_name rlimit_names[] = {
	{ "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU },
	{ "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_STACK", RLIMIT_STACK },
#ifdef RLIMIT_LOCKS
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS },
#endif
#ifdef RLIMIT_MSGQUEUE
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
#endif
#ifdef RLIMIT_NICE
	{ "RLIMIT_NICE", RLIMIT_NICE },
#endif
#ifdef RLIMIT_RTPRIO
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
#endif
#ifdef RLIMIT_RTTIME
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
#endif
#ifdef RLIMIT_SIGPENDING
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
#endif
#ifdef RLIMIT_SBSIZE
	{ "RLIMIT_SBSIZE", RLIMIT_SBSIZE },
#endif
#ifdef RLIMIT_SWAP
	{ "RLIMIT_SWAP", RLIMIT_SWAP },
#endif
#ifdef RLIMIT_NPTS
	{ "RLIMIT_NPTS", RLIMIT_NPTS },
#endif
#ifdef RLIMIT_KQUEUES
	{ "RLIMIT_KQUEUES", RLIMIT_KQUEUES },
#endif
#ifdef RLIMIT_UMTXP
	{ "RLIMIT_UMTXP", RLIMIT_UMTXP },
#endif
};

int
spec_rlimit_from_name(const char *name, const char **static_name)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimit_names); i++)
		if (strcmp(rlimit_names[i].name, name) == 0) {
			*static_name = rlimit_names[i].name;
			return rlimit_names[i].resource;
		}
	return -1;
}

static const char *const hook_names[RJ_HOOK_KINDS] = {
	[RJ_HOOK_PRESTART] = "prestart",
	[RJ_HOOK_CREATE_RUNTIME] = "createRuntime",
	[RJ_HOOK_CREATE_CONTAINER] = "createContainer",
	[RJ_HOOK_START_CONTAINER] = "startContainer",
	[RJ_HOOK_POSTSTART] = "poststart",
	[RJ_HOOK_POSTSTOP] = "poststop",
};

const char *
spec_hook_name(enum rj_hook_kind kind)
{
	return hook_names[kind];
}

static const char *const ns_names[RJ_NS_TYPES] = {
	[RJ_NS_PID] = "pid",
	[RJ_NS_NETWORK] = "network",
	[RJ_NS_MOUNT] = "mount",
	[RJ_NS_IPC] = "ipc",
	[RJ_NS_UTS] = "uts",
	[RJ_NS_USER] = "user",
	[RJ_NS_CGROUP] = "cgroup",
	[RJ_NS_TIME] = "time",
};

const char *
spec_ns_name(enum rj_ns_type type)
{
	return ns_names[type];
}
