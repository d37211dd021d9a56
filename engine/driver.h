/*
 * driver.h: what an OS does for the engine.  One implementation per OS,
 * chosen at build time: engine/linux (namespaces) and engine/freebsd
 * (jails).  The lifecycle in container.c calls only these.
 */
#ifndef RJ_DRIVER_H
#define RJ_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "container.h"

struct rj_stats {
	uint64_t cpu_ns;
	uint64_t memory_bytes;
	uint64_t memory_limit; /* 0: none */
	uint64_t pids;
};

struct rj_exec_opts {
	const char *console_socket;
	const char *pid_file;
	int preserve_fds;
	bool detach;
};

struct rj_driver {
	const char *name; /* "linux", "jail" */
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
	int (*pause)(struct rj_container *c, bool on, struct rj_error **err);
	/* Whether the container is paused now. */
	bool (*paused)(struct rj_container *c);
	int (*stats)(struct rj_container *c, struct rj_stats *st,
	    struct rj_error **err);
	/* The container's processes, sorted (ps, kill --all). */
	int (*pids)(struct rj_container *c, pid_t **pids, size_t *n,
	    struct rj_error **err);
	/* New resource limits (runj update). */
	int (*update)(struct rj_container *c, const struct rj_resources *r,
	    struct rj_error **err);
	/* runc's events --stats data as JSON text. */
	int (*stats_json)(struct rj_container *c, char **out,
	    struct rj_error **err);
	/* This OS's part of the features JSON (e.g. the "linux" object). */
	void (*features)(json_t *features);
	/* Undoes what create made.  Idempotent: safe after a partial create,
	 * a killed init or a reboot. */
	int (*destroy)(struct rj_container *c, struct rj_error **err);
};

extern const struct rj_driver rj_driver;

/* Calls an optional operation, or fails with "not supported on NAME". */
#define RJ_DRIVER_CALL(op, err, ...)                                           \
	(rj_driver.op != NULL ? rj_driver.op(__VA_ARGS__)                      \
			      : rj_error_set(err, ENOTSUP,                     \
				    "%s is not supported by the %s "           \
				    "driver",                                  \
				    #op, rj_driver.name))

#endif
