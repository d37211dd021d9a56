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

/* Makes the cgroup (every v1 hierarchy, or the one v2 tree enabling the
 * parents' controllers), applies l->resources, then moves pid in (pid 0:
 * moves nothing).  Records what it made in ds; on failure removes it. */
int cgroup_create(const struct rj_linux *l, const char *id, pid_t pid,
    json_t *ds, struct rj_error **err);

/* The same, saving the record through rec->save before any directory is
 * made, so a create killed at any point leaves a record of what it made
 * (runj create: the state file). */
struct cg_record {
	int (*save)(void *arg, struct rj_error **err);
	void *arg;
};
int cgroup_create_recorded(const struct rj_linux *l, const char *id, pid_t pid,
    json_t *ds, const struct cg_record *rec, struct rj_error **err);

/* Moves pid into the container's cgroup (exec). */
int cgroup_enter(json_t *ds, pid_t pid, struct rj_error **err);
/* Then into sub-cgroups of it that exist (exec --cgroup, as runc): each of
 * subs is "path" for every hierarchy or "ctrl[,ctrl]:path" (v1). */
int cgroup_enter_sub(json_t *ds, pid_t pid, char *const *subs,
    struct rj_error **err);

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
