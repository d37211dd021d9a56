/*
 * driver.h: what an OS does for the engine.  One implementation per OS:
 * engine/linux (namespaces) and engine/freebsd (jails).  The driver is
 * bound once, at the first call (driver_for_host(), defined by the OS's
 * host.c) or by a test (driver_bind()), and the lifecycle reaches it only
 * through the drv_*() wrappers below.
 */
#ifndef RJ_DRIVER_H
#define RJ_DRIVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "container.h"

struct rj_exec_opts {
	const char *console_socket;
	const char *pid_file;
	int preserve_fds;
	bool detach;
	char *const *cgroups; /* exec --cgroup, or NULL */
};

struct rj_driver {
	const char *name; /* "linux", "jail" */

	/* Required. */

	/* What this OS cannot honour in the spec; touches nothing. */
	int (*check)(const struct rj_spec *spec, struct rj_error **err);
	/* Makes the isolation and spawns the init, which waits at the gate;
	 * sets c->pid and c->start_time.  On failure leaves nothing. */
	int (*create)(struct rj_container *c, struct rj_error **err);
	/* Runs p in the running container; *pid is its pid. */
	int (*exec)(struct rj_container *c, const struct rj_process *p,
	    const struct rj_exec_opts *opts, pid_t *pid, struct rj_error **err);
	int (*signal)(struct rj_container *c, int sig, bool all,
	    struct rj_error **err);
	/* Undoes what create made.  Idempotent: safe after a partial create,
	 * a killed init or a reboot. */
	int (*destroy)(struct rj_container *c, struct rj_error **err);

	/* Optional: NULL where the OS cannot; the wrappers then fail with
	 * "X is not supported by the NAME driver". */

	int (*pause)(struct rj_container *c, bool on, struct rj_error **err);
	/* Checkpoint: writes the processes' images (CRIU on Linux). */
	int (*checkpoint)(struct rj_container *c, const struct rj_criu_opts *o,
	    struct rj_error **err);
	/* Restore: what create makes, with the processes of the images,
	 * running; sets c->pid and c->start_time.  On failure leaves
	 * nothing. */
	int (*restore)(struct rj_container *c, const struct rj_criu_opts *o,
	    struct rj_error **err);
	/* Whether the container is paused now (NULL: never). */
	bool (*paused)(struct rj_container *c);
	/* The container's use; fills what the OS keeps and sets st->have. */
	int (*stats)(struct rj_container *c, struct rj_stats *st,
	    struct rj_error **err);
	/* The container's processes, sorted (ps, kill --all). */
	int (*pids)(struct rj_container *c, pid_t **pids, size_t *n,
	    struct rj_error **err);
	/* New resource limits (runj update). */
	int (*update)(struct rj_container *c, const struct rj_resources *r,
	    struct rj_error **err);
	/* This OS's part of the features JSON (e.g. the "linux" object). */
	void (*features)(json_t *features);
};

/* The host's driver (engine/<os>/host.c). */
const struct rj_driver *driver_for_host(void);
/* Binds another driver (tests); before any container call. */
void driver_bind(const struct rj_driver *d);
const char *driver_name(void);

int drv_check(const struct rj_spec *spec, struct rj_error **err);
int drv_create(struct rj_container *c, struct rj_error **err);
int drv_exec(struct rj_container *c, const struct rj_process *p,
    const struct rj_exec_opts *opts, pid_t *pid, struct rj_error **err);
int
drv_signal(struct rj_container *c, int sig, bool all, struct rj_error **err);
int drv_destroy(struct rj_container *c, struct rj_error **err);
int drv_pause(struct rj_container *c, bool on, struct rj_error **err);
int drv_checkpoint(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err);
int drv_restore(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err);
bool drv_paused(struct rj_container *c);
int
drv_stats(struct rj_container *c, struct rj_stats *st, struct rj_error **err);
int drv_pids(struct rj_container *c, pid_t **pids, size_t *n,
    struct rj_error **err);
int drv_update(struct rj_container *c, const struct rj_resources *r,
    struct rj_error **err);
void drv_features(json_t *features);

#endif
