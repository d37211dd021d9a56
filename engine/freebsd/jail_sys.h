/*
 * jail_sys.h: the FreeBSD driver's system-call layer, private to
 * engine/freebsd.  Each part carries out one kind of step of a jail_plan
 * and records what it made in the container's driver state (state.json
 * "driver"), so destroy can undo it after a crash or a reboot.
 */
#ifndef RJ_FREEBSD_JAIL_SYS_H
#define RJ_FREEBSD_JAIL_SYS_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "driver.h"
#include "freebsd/jail_plan.h"

extern const struct rj_driver jail_driver;

/* From container.c (not yet in a header): prestart and createRuntime,
 * and the OCI state text a hook reads. */
int container_runtime_hooks(struct rj_container *c, struct rj_error **err);
char *container_state_json(const struct rj_container *c, enum rj_status status);

/* jail_ops.c */
int
fb_jail_create(const struct jail_plan *plan, int *jid, struct rj_error **err);
/* The jail's ID, or -1 when there is none (alive; or dying too). */
int fb_jail_find(const char *full_name);
int fb_jail_find_dying(const char *full_name);
int fb_jail_remove(int jid, const char *full_name, struct rj_error **err);
/* Waits until the jail is gone (its last process reaped), reaping those
 * of our children that died in a jail meanwhile; -1 when it is still
 * there after timeout_ms. */
int fb_jail_wait_gone(int jid, const char *full_name, int timeout_ms);
/* A boolean parameter of a jail: 1, 0, or -1 when there is no such jail. */
int fb_jail_bool(const char *full_name, const char *param);

/* mount_ops.c: a mount step.  fb_mount_point resolves and makes the mount
 * point inside the rootfs and records in entry where it is ("base",
 * "rel", "fspath"); fb_mount_do mounts there and records the "fsid";
 * fb_mount_undo unmounts by fsid (or, when the fsid was never saved, what
 * is mounted at base/rel, reached without following links). */
int fb_mount_point(const struct mount_step *m, const char *rootfs,
    const char *base, json_t *entry, struct rj_error **err);
int fb_mount_do(const struct mount_step *m, unsigned ruleset, json_t *entry,
    struct rj_error **err);
int fb_mount_undo(json_t *entry, struct rj_error **err);

/* devfs_ops.c: the container's own ruleset with the plan's rules, its
 * number and marker recorded in rec (saved) before rule 1 is added. */
int fb_devfs_ruleset_make(struct rj_container *c, const struct jail_plan *plan,
    json_t *rec, unsigned *ruleset, struct rj_error **err);
/* Removes the ruleset rec names, if its rule 1 is still our marker. */
int fb_devfs_ruleset_remove(json_t *rec, struct rj_error **err);
void fb_devfs_marker(const struct rj_container *c, char *buf, size_t len);

/* rctl_ops.c */
int fb_racct_enabled(struct rj_error **err);
int fb_rctl_apply(char *const *rules, struct rj_error **err);
int fb_rctl_remove(const char *full_name, struct rj_error **err);
int fb_rctl_usage(const char *full_name, struct rj_stats *st,
    struct rj_error **err);
/* *memory_limit: the new memoryuse limit, 0 for none, kept if untouched. */
int fb_rctl_update(const char *full_name, const struct rj_resources *r,
    int64_t *memory_limit, struct rj_error **err);

/* net_ops.c */
int fb_vnet_move(const char *ifname, int jid, struct rj_error **err);
int fb_vnet_reclaim(const char *ifname, int jid, struct rj_error **err);
int fb_alias(const char *ifname, int family, const char *addr, bool add,
    struct rj_error **err);

/* proc_ops.c: the processes of a jail and of the jails below it, from
 * kinfo_proc, sorted; zombies left out. */
int fb_jail_pids(int jid, pid_t **pids, size_t *n, struct rj_error **err);
/* Whether every process of the jail is stopped (and there is one). */
bool fb_jail_stopped(int jid);

/* init.c: the child side.  For create (p is the config's process, sock
 * the channel to runj) and exec.  Never returns. */
struct fb_child {
	struct rj_container *c;
	const struct rj_process *p;
	int jid;
	int sock;
	bool is_exec;
	const char *console_socket;
	int preserve_fds;
};
_Noreturn void fb_child_main(const struct fb_child *ch);

#endif
