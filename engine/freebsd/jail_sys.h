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
/* The jail's ID, or -1 when it does not exist. */
int fb_jail_find(const char *full_name);
int fb_jail_remove(const char *full_name, struct rj_error **err);
/* A boolean parameter of a jail: 1, 0, or -1 when there is no such jail. */
int fb_jail_bool(const char *full_name, const char *param);

/* mount_ops.c: mounts each step, appending its fspath to done (a JSON
 * array) as it succeeds; unmounts a done list in reverse. */
int fb_mounts_apply(const struct jail_plan *plan, const char *rootfs,
    unsigned ruleset, json_t *done, struct rj_error **err);
int fb_mounts_undo(json_t *done, struct rj_error **err);

/* devfs_ops.c: a free ruleset number with the plan's rules in it. */
int fb_devfs_ruleset_make(const struct jail_plan *plan, unsigned *ruleset,
    struct rj_error **err);
int fb_devfs_ruleset_remove(unsigned ruleset, unsigned nrules,
    struct rj_error **err);

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
