/* cgroup_int.h: what the cgroup files share; not for the rest of runj. */
#ifndef RJ_LINUX_CGROUP_INT_H
#define RJ_LINUX_CGROUP_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include <linux/bpf.h>

#include "runj.h"
#include "spec.h"

/* ---- layout (cgroup_layout.c) ---- */

enum cg_mode {
	CG_NONE,
	CG_V1,
	CG_HYBRID,
	CG_V2,
};

struct cg_hier {
	char *mountpoint;
	/* "cpu,cpuacct" as mounted, or "name=systemd" for a named one */
	char *controllers;
};

struct cg_layout {
	enum cg_mode mode;
	struct cg_hier *v1;
	size_t n_v1;
	char *unified; /* the cgroup2 mount point, or NULL */
};

/* Parses /proc/self/mountinfo text.  Pure. */
int
cg_layout_parse(const char *text, struct cg_layout *lay, struct rj_error **err);
void cg_layout_free(struct cg_layout *lay);
/* This host's layout, detected once per process. */
int cg_layout_get(const struct cg_layout **lay, struct rj_error **err);
/* Tests: use lay instead of the host's (NULL: the host's again). */
void cg_layout_override(const struct cg_layout *lay);
const char *cg_mode_name(enum cg_mode mode);
int cg_mode_from_name(const char *name);
/* The v1 hierarchy holding controller (a "name=" too), or NULL. */
const struct cg_hier *
cg_layout_find(const struct cg_layout *lay, const char *controller);
/* Whether a comma list has the item. */
bool cg_list_has(const char *list, const char *item);

/* ---- resources to writes (cgroup_resources.c, pure) ---- */

/* Where a write goes: a v1 controller's hierarchy, or on v2 the one
 * directory with the controller that must be enabled (NULL: core files).
 * CG_UNIFIED is a v1 "controller" meaning the hybrid cgroup2 tree. */
#define CG_UNIFIED "unified"

struct cg_write {
	const char *controller;
	char *file;
	char *value;
	/* Tried when file does not exist (older or newer kernels name it
	 * differently: blkio.weight / blkio.bfq.weight). */
	char *alt_file;
	char *alt_value;
};

struct cg_writes {
	struct cg_write *v;
	size_t n;
};

void cg_writes_free(struct cg_writes *w);
/* Appends one write; returns it (for alt_file). */
struct cg_write *
cg_writes_add(struct cg_writes *w, const char *controller, const char *file,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A whole list, for translating one resources object for a mode. */
int cg_writes_v1(const struct rj_resources *r, bool hybrid, struct cg_writes *w,
    struct rj_error **err);
int cg_writes_v2(const struct rj_resources *r, struct cg_writes *w,
    struct rj_error **err);
/* cpu.shares -> cpu.weight, blkio weight -> io.weight, and v2's swap. */
uint64_t cg_shares_to_weight(uint64_t shares);
uint64_t cg_blkio_to_io_weight(uint64_t weight);
/* memory+swap (spec) -> swap only (v2); -1 is "max".  Error text in *why. */
int cg_swap_v2(int64_t swap, int64_t limit, int64_t *out, const char **why);
/* "2MB" -> 2048 (kB); 0 when malformed. */
uint64_t cg_hugepage_kb(const char *size);

/* ---- devices (cgroup_devices.c, pure; cgroup_bpf.c) ---- */

/* The rules a container gets, in order: deny all, r's (r may be NULL),
 * then the devices every container needs.  *out is malloc'd. */
size_t
cg_device_rules(const struct rj_resources *r, struct rj_device_rule **out);
/* The rules as devices.allow / devices.deny writes, in order. */
void cg_device_writes_v1(const struct rj_device_rule *rules, size_t n,
    struct cg_writes *w);
/* "rwm" as BPF_DEVCG_ACC_* bits. */
uint32_t cg_bpf_access_bits(const char *access);
/* The rules as a BPF_PROG_TYPE_CGROUP_DEVICE program; *out malloc'd. */
size_t cg_devices_bpf(const struct rj_device_rule *rules, size_t n,
    struct bpf_insn **out);
/* Loads the program and attaches it to the cgroup v2 directory dir. */
int cg_bpf_attach_devices(const char *dir, const struct bpf_insn *insns,
    size_t n, struct rj_error **err);

/* ---- the directories (cgroup_tree.c) ---- */

struct cg_make_opts {
	bool cpuset;	    /* fill empty cpuset.cpus/mems on the way down */
	bool v2;	    /* enable controllers in each parent first */
	const char *needed; /* v2 controllers that must be there */
	/* Saves the record; called before a directory that is not in it
	 * yet is made (NULL: nothing to save). */
	int (*record)(void *arg, struct rj_error **err);
	void *arg;
};

bool cg_json_has(json_t *array, const char *s);
/* Appends to made each component of root+path that does not exist. */
void cg_tree_plan(const char *root, const char *path, json_t *made);
/* mkdir -p of root+path; a directory found made by another meanwhile
 * leaves made.  *adopted: the leaf existed (is not ours). */
int
cg_tree_make(const char *root, const char *path, const struct cg_make_opts *o,
    json_t *made, bool *adopted, struct rj_error **err);
/* Whether a process runs in dir or below it (v2: cgroup.events). */
bool cg_tree_populated(const char *dir, bool v2);
/* The pids in dir, and below it when tree; appended. */
int cg_tree_pids(const char *dir, bool tree, pid_t **pids, size_t *n,
    struct rj_error **err);
/* SIGKILLs what is in dir, and below it when tree (cgroup.kill on v2). */
void cg_tree_kill(const char *dir, bool tree, bool v2);
/* rmdir of dir and every cgroup below it, deepest first; -1 if one is
 * busy. */
int cg_tree_remove(const char *dir);

/* ---- files (cgroup_fs.c) ---- */

/* Writes value to dir/file: "cgroup: write FILE=VALUE: strerror". */
int cg_write(const char *dir, const char *file, const char *value,
    struct rj_error **err);
/* Reads dir/file, the trailing newline cut; *out malloc'd. */
int
cg_read(const char *dir, const char *file, char **out, struct rj_error **err);
/* Reads an unsigned number; "max" gives UINT64_MAX. */
int cg_read_u64(const char *dir, const char *file, uint64_t *out,
    struct rj_error **err);
/* Value of key in a "key value" per line file (memory.stat, cpu.stat). */
int cg_read_keyed(const char *dir, const char *file, const char *key,
    uint64_t *out);
/* Applies writes, each in the directory dir_of() gives for its controller;
 * a write that fails is retried once after the others (v1 memory and
 * memsw limits must be raised in one order and lowered in the other). */
int cg_apply_writes(const struct cg_writes *w,
    const char *(*dir_of)(const char *controller, void *arg), void *arg,
    struct rj_error **err);
/* The pids in dir/cgroup.procs, appended. */
int
cg_read_pids(const char *dir, pid_t **pids, size_t *n, struct rj_error **err);

/* ---- the path (cgroup_check.c) ---- */

/* The container's path from cgroupsPath or the ID; malloc'd. */
int cg_path_resolve(const char *cgroups_path, const char *id, char **out,
    struct rj_error **err);

/* ---- version specifics (cgroup_v1.c, cgroup_v2.c) ---- */

/* A new v1 cpuset cgroup starts with no cpus or mems: copy the parent's. */
int cg_v1_cpuset_init(const char *dir, struct rj_error **err);
int cg_v1_freeze(const char *dir, bool on, struct rj_error **err);
bool cg_v1_frozen(const char *dir);
/* THAWED (or no freezer.state): neither frozen nor freezing. */
bool cg_v1_thawed(const char *dir);

/* Enables in dir's cgroup.subtree_control every controller it has
 * available; failing for one in needed (a comma list) is an error. */
int cg_v2_enable(const char *dir, const char *needed, struct rj_error **err);
int cg_v2_freeze(const char *dir, bool on, struct rj_error **err);
bool cg_v2_frozen(const char *dir);
/* cgroup.kill where the kernel has it; false if not. */
bool cg_v2_kill(const char *dir);

/* ---- usage (cgroup_stats.c) ---- */

/* Fills st from the files of the cgroup dir_of() gives for each
 * controller (CG_UNIFIED: the cgroup2 directory). */
void cg_stats_read(enum cg_mode mode,
    const char *(*dir_of)(const char *controller, void *arg), void *arg,
    struct rj_stats *st);

/* Polls until the file's value (or keyed value) is want; 2s at most. */
bool cg_wait_value(const char *dir, const char *file, const char *key,
    const char *want);

/* ---- joining (cgroup_join.c) ---- */

struct cg_join;
/* Opens dir's cgroup.procs and directory (v2) or tasks file (v1) into j;
 * a dir that may be gone and is adds nothing. */
int cg_join_add(struct cg_join *j, const char *dir, bool v2, bool may_be_gone,
    struct rj_error **err);

#endif
