/*
 * spec.h: config.json (runtime-spec v1.3.0) as typed structs.  Parsed and
 * checked once by spec_load(); nothing downstream looks at JSON again.
 * Unknown properties are ignored, as the spec demands.
 */
#ifndef RJ_SPEC_H
#define RJ_SPEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "runj.h"
#include "spec_freebsd.h"

struct rj_mount {
	char *destination;
	char *type;
	char *source;
	char **options; /* NULL-terminated */
};

enum rj_hook_kind {
	RJ_HOOK_PRESTART,
	RJ_HOOK_CREATE_RUNTIME,
	RJ_HOOK_CREATE_CONTAINER,
	RJ_HOOK_START_CONTAINER,
	RJ_HOOK_POSTSTART,
	RJ_HOOK_POSTSTOP,
	RJ_HOOK_KINDS,
};

struct rj_hook {
	char *path;
	char **args; /* NULL-terminated, may be NULL */
	char **env;  /* NULL-terminated, may be NULL */
	int timeout; /* seconds; 0 means none */
};

struct rj_hook_list {
	struct rj_hook *v;
	size_t n;
};

struct rj_rlimit {
	int resource;
	const char *name; /* "RLIMIT_NOFILE", static */
	uint64_t soft, hard;
};

/* Capability sets as bitmasks indexed by the CAP_ number. */
struct rj_caps {
	bool present;
	uint64_t bounding, effective, inheritable, permitted, ambient;
};

struct rj_process {
	bool terminal;
	unsigned console_height, console_width;
	char *cwd;
	char **args; /* NULL-terminated, at least one */
	char **env;  /* NULL-terminated */
	uid_t uid;
	gid_t gid;
	bool has_umask;
	mode_t umask;
	gid_t *additional_gids;
	size_t n_additional_gids;
	struct rj_rlimit *rlimits;
	size_t n_rlimits;
	struct rj_caps caps;
	bool no_new_privileges;
	bool has_oom_score_adj;
	int oom_score_adj;
	char *apparmor_profile;
	char *selinux_label;
};

enum rj_ns_type {
	RJ_NS_PID,
	RJ_NS_NETWORK,
	RJ_NS_MOUNT,
	RJ_NS_IPC,
	RJ_NS_UTS,
	RJ_NS_USER,
	RJ_NS_CGROUP,
	RJ_NS_TIME,
	RJ_NS_TYPES,
};

struct rj_namespace {
	bool present;
	char *path; /* join this one instead of making a new one */
};

struct rj_id_mapping {
	uint32_t container_id, host_id, size;
};

struct rj_device {
	char type; /* 'c', 'b', 'u' or 'p' */
	char *path;
	int64_t major, minor;
	bool has_file_mode, has_uid, has_gid;
	mode_t file_mode;
	uid_t uid;
	gid_t gid;
};

struct rj_device_rule {
	bool allow;
	char type;	      /* 'a', 'c' or 'b' */
	int64_t major, minor; /* -1 for any */
	char access[4];	      /* subset of "rwm" */
};

struct rj_throttle_device {
	int64_t major, minor;
	uint64_t rate;
};

struct rj_weight_device {
	int64_t major, minor;
	bool has_weight, has_leaf_weight;
	uint16_t weight, leaf_weight;
};

struct rj_hugepage_limit {
	char *page_size;
	uint64_t limit;
};

/* Resource fields: has_* says whether the config set it. */
struct rj_resources {
	struct rj_device_rule *devices;
	size_t n_devices;
	struct {
		bool has_limit, has_reservation, has_swap, has_kernel,
		    has_kernel_tcp, has_swappiness, has_disable_oom_killer,
		    has_use_hierarchy, has_check_before_update;
		int64_t limit, reservation, swap, kernel, kernel_tcp;
		uint64_t swappiness;
		bool disable_oom_killer, use_hierarchy, check_before_update;
	} memory;
	struct {
		bool has_shares, has_quota, has_burst, has_period,
		    has_realtime_runtime, has_realtime_period, has_idle;
		uint64_t shares, period, burst, realtime_period;
		int64_t quota, realtime_runtime, idle;
		char *cpus, *mems;
	} cpu;
	struct {
		bool has_limit;
		int64_t limit;
	} pids;
	struct {
		bool has_weight, has_leaf_weight;
		uint16_t weight, leaf_weight;
		struct rj_weight_device *weight_device;
		size_t n_weight_device;
		struct rj_throttle_device
		    *throttle[4]; /* rbps wbps riops wiops */
		size_t n_throttle[4];
	} block_io;
	struct rj_hugepage_limit *hugepage_limits;
	size_t n_hugepage_limits;
	struct {
		bool has_class_id;
		uint32_t class_id;
		char **prio_names;
		uint32_t *prio_values;
		size_t n_prio;
	} network;
	char **unified_keys, **unified_values;
};

enum rj_seccomp_action {
	RJ_SCMP_KILL,
	RJ_SCMP_KILL_PROCESS,
	RJ_SCMP_KILL_THREAD,
	RJ_SCMP_TRAP,
	RJ_SCMP_ERRNO,
	RJ_SCMP_TRACE,
	RJ_SCMP_ALLOW,
	RJ_SCMP_LOG,
	RJ_SCMP_NOTIFY,
};

enum rj_seccomp_op {
	RJ_SCMP_CMP_NE,
	RJ_SCMP_CMP_LT,
	RJ_SCMP_CMP_LE,
	RJ_SCMP_CMP_EQ,
	RJ_SCMP_CMP_GE,
	RJ_SCMP_CMP_GT,
	RJ_SCMP_CMP_MASKED_EQ,
};

struct rj_seccomp_arg {
	unsigned index;
	uint64_t value, value_two;
	enum rj_seccomp_op op;
};

struct rj_seccomp_rule {
	char **names;
	enum rj_seccomp_action action;
	bool has_errno_ret;
	unsigned errno_ret;
	struct rj_seccomp_arg *args;
	size_t n_args;
};

struct rj_seccomp {
	bool present;
	enum rj_seccomp_action default_action;
	bool has_default_errno_ret;
	unsigned default_errno_ret;
	char **architectures;
	char **flags;
	char *listener_path;
	char *listener_metadata;
	struct rj_seccomp_rule *rules;
	size_t n_rules;
};

struct rj_linux {
	struct rj_namespace namespaces[RJ_NS_TYPES];
	struct rj_id_mapping *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
	bool has_time_offsets;
	int64_t monotonic_secs, boottime_secs;
	uint32_t monotonic_nsecs, boottime_nsecs;
	struct rj_device *devices;
	size_t n_devices;
	char *cgroups_path;
	bool has_resources;
	struct rj_resources resources;
	char *rootfs_propagation;
	char **masked_paths;
	char **readonly_paths;
	char *mount_label;
	char **sysctl_keys, **sysctl_values;
	struct rj_seccomp seccomp;
	bool has_personality;
	char *personality_domain;
	char **personality_flags;
};

struct rj_spec {
	char *oci_version;
	char *root_path; /* as written */
	bool root_readonly;
	char *hostname;
	char *domainname;
	struct rj_mount *mounts;
	size_t n_mounts;
	struct rj_process process;
	bool has_process;
	struct rj_hook_list hooks[RJ_HOOK_KINDS];
	char *annotations; /* JSON object text */
	bool has_linux;
	struct rj_linux linux_;
	bool has_freebsd;
	struct rj_freebsd freebsd;
};

/* Parses and checks a config.json text.  Paths in errors are JSON paths. */
int spec_parse(const char *text, struct rj_spec *spec, struct rj_error **err);
/* The root file system's absolute path (root.path against the bundle,
 * which is absolute and canonical): an existing directory that is not a
 * symbolic link and is not reached through one.  *out is malloc'd. */
int spec_rootfs(const char *bundle, const struct rj_spec *spec, char **out,
    struct rj_error **err);
/* Reads <bundle>/config.json; errors start "config.json: ". */
int spec_load(const char *bundle, struct rj_spec *spec, struct rj_error **err);
void spec_free(struct rj_spec *spec);

/* Parsers of the sections, each given the section's object. */
int spec_parse_process(json_t *obj, const char *path, struct rj_process *p,
    struct rj_error **err);
int spec_parse_linux(json_t *obj, struct rj_linux *l, struct rj_error **err);
/* linux.resources, also the input of `runj update --resources`. */
int spec_parse_resources(json_t *obj, const char *path, struct rj_resources *r,
    struct rj_error **err);
void spec_free_resources(struct rj_resources *r);
/* An exec's --process file: a runtime-spec process object as text. */
int spec_parse_process_text(const char *text, struct rj_process *p,
    struct rj_error **err);
void spec_free_process(struct rj_process *p);
void spec_free_linux(struct rj_linux *l);

/* Name tables shared by the parser, the drivers and `features`. */
int spec_cap_from_name(const char *name); /* "CAP_CHOWN" -> 0, or -1 */
const char *spec_cap_name(int cap);	  /* or NULL */
int spec_cap_last(void);		  /* highest known number */
/* "RLIMIT_NOFILE" -> RLIMIT_NOFILE and its static name, or -1. */
int spec_rlimit_from_name(const char *name, const char **static_name);
const char *spec_hook_name(enum rj_hook_kind kind); /* "createRuntime" */
const char *spec_ns_name(enum rj_ns_type type);	    /* "network" */

#endif
