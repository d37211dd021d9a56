/*
 * cgroup.h: the container's cgroup on cgroup v1, hybrid (v1 plus a cgroup2
 * tree at /sys/fs/cgroup/unified) and pure v2 hosts.
 *
 * What was made is recorded under the key "cgroup" of the driver's state
 * object ds (kept in state.json), so later commands (exec, pause, update,
 * ps, events, delete) work from the record alone:
 *
 *   "cgroup": { "mode": "v1" | "hybrid" | "v2", "path": "/runj/ID",
 *               "dirs": { "memory": "/sys/fs/cgroup/memory/runj/ID", ... },
 *               "made": [ directories created, outermost first ] }
 *
 * cgroupsPath: an absolute path is taken from the root of each hierarchy;
 * a relative one is placed under /runj; runc's systemd form
 * "slice:prefix:name" becomes /<slice path>/<prefix>-<name>.scope, the slice
 * expanded the way systemd does ("a-b.slice" is /a.slice/a-b.slice).
 * Absent, the path is /runj/<id>.
 */
#ifndef RJ_LINUX_CGROUP_H
#define RJ_LINUX_CGROUP_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "driver.h"
#include "runj.h"
#include "spec.h"

/* Validation at create, before anything exists: the path (an escape is an
 * error) and every resource value's range.  Touches nothing but stat(2)
 * of /sys/kernel/mm/hugepages for hugepage sizes. */
int
cgroup_check(const struct rj_linux *l, const char *id, struct rj_error **err);

/* What cgroup_make saves: the record reaches the state file before any
 * directory is made, so a create killed at any point leaves a record of
 * what it made (runj create: the state file). */
struct cg_record {
	int (*save)(void *arg, struct rj_error **err);
	void *arg;
};

/* Makes the cgroup (every v1 hierarchy, or the one v2 tree enabling the
 * parents' controllers, a v1 cpuset filled from its parent), refuses an
 * existing one that is in use or frozen, and writes the v1 device rules
 * (one at a time: no process may be in the cgroup meanwhile), recording
 * what it made in ds (saved through rec, which may be NULL).  The rest
 * waits for cgroup_limit: a process may join between (runc's Apply, then
 * Set), runj's own init, which runs nothing of the container's before
 * cgroup_limit is done.  On failure removes what it made. */
int cgroup_make(const struct rj_linux *l, const char *id, json_t *ds,
    const struct cg_record *rec, struct rj_error **err);
/* Applies l->resources to the cgroup in ds and attaches the cgroup2
 * device program (one atomic attach: a member never sees part of it). */
int cgroup_limit(const struct rj_linux *l, json_t *ds, struct rj_error **err);
/* Both, with nobody in it (runj restore: CRIU moves the processes). */
int cgroup_create(const struct rj_linux *l, const char *id, json_t *ds,
    struct rj_error **err);

/*
 * A new process (the init, an exec) enters the cgroup by itself, never
 * through runj writing its pid to cgroup.procs: that write takes the
 * kernel's global cgroup_threadgroup_rwsem for writing, and the first
 * writer after a quiet spell waits out an RCU grace period (10-20 ms on
 * an idle host, most of a container's start).  The cgroup2 directory is
 * joined at the clone (CLONE_INTO_CGROUP takes that lock only to read);
 * each v1 hierarchy by the new process writing 0, itself, to its tasks
 * file, which moves one thread and so takes no global lock
 * (kernel/cgroup/cgroup.c: cgroup_procs_write_start).  That thread is
 * the whole process: runj never starts threads.  runj opens the files
 * as the host's root, before the clone, so a process already in a new
 * user namespace can write them.
 */
struct cg_join {
	int v2_dir;	/* the cgroup2 directory, O_PATH; or -1 */
	int v2_procs;	/* its cgroup.procs, when the clone could not join */
	bool v2_joined; /* the clone joined v2_dir */
	int *tasks;	/* each v1 hierarchy's tasks file */
	size_t n_tasks;
};
#define CG_JOIN_INIT                                                           \
	{                                                                      \
		.v2_dir = -1, .v2_procs = -1                                   \
	}
/* Opens what a process needs to join the container's cgroup, or the
 * sub-cgroups of it that subs name (exec --cgroup, as runc: "path" for
 * every hierarchy or "ctrl[,ctrl]:path" on v1; NULL for none). */
int cgroup_join_open(json_t *ds, char *const *subs, struct cg_join *j,
    struct rj_error **err);
/* clone(2) with flags (and SIGCHLD), into j's cgroup2 directory where the
 * kernel can. */
pid_t cgroup_join_clone(struct cg_join *j, unsigned long flags);
/* In the new process, first: joins what the clone did not; closes j. */
int cgroup_join_self(struct cg_join *j, struct rj_error **err);
void cgroup_join_close(struct cg_join *j);
#define _cleanup_cg_join_ __attribute__((cleanup(cgroup_join_close)))

/* SIGKILLs what is left (the whole tree of a cgroup runj made; only the
 * members of one it did not), waits briefly, removes every directory runj
 * made (with the sub-cgroups the container made in them) and the record.
 * A cgroup runj did not make is left.  Idempotent; a missing record or
 * directory is fine. */
int cgroup_destroy(json_t *ds, struct rj_error **err);
/* Whether pid is in the container's cgroup or below it. */
bool cgroup_owns(json_t *ds, pid_t pid);
/* For a container whose record is lost (its state.json is broken): the
 * cgroup create would have made, rebuilt from the spec, when it lies in
 * runj's own /runj tree (no cgroupsPath, or a relative one), where only
 * runj makes directories.  Returns 1 when rebuilt into ds, 0 when the
 * path is not runj's to take (an absolute or systemd cgroupsPath). */
int cgroup_recover(const struct rj_linux *l, const char *id, json_t *ds,
    struct rj_error **err);

/* Freezes (waits until frozen) or thaws; only a cgroup runj made. */
int cgroup_freeze(json_t *ds, bool on, struct rj_error **err);
bool cgroup_frozen(json_t *ds);

/* Applies the set fields of r (runj update). */
int
cgroup_update(json_t *ds, const struct rj_resources *r, struct rj_error **err);
/* Checks r as cgroup_check does; path names it in errors ("resources"). */
int cgroup_check_resources(const struct rj_resources *r, const char *path,
    struct rj_error **err);

/* The pids in the cgroup, sorted; *pids is malloc'd. */
int cgroup_pids(json_t *ds, pid_t **pids, size_t *n, struct rj_error **err);

/* The container's use (struct rj_stats, runj.h). */
int cgroup_stats(json_t *ds, struct rj_stats *st, struct rj_error **err);

#endif
