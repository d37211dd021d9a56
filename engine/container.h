/* container.h: one container as the lifecycle and the drivers see it. */
#ifndef RJ_CONTAINER_H
#define RJ_CONTAINER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "runj.h"
#include "spec.h"

struct rj_container {
	char *root; /* the state root (--root) */
	char *id;
	char *dir;    /* <root>/<id> */
	uid_t owner;  /* of dir */
	char *bundle; /* absolute */
	char *rootfs; /* absolute */
	struct rj_spec spec;
	struct rj_create_opts opts;
	pid_t pid;	       /* the init */
	uint64_t start_time;   /* the init's, to tell a reused pid */
	int64_t created;       /* ns since the epoch */
	enum rj_status status; /* as recorded; see container_status() */
	bool started;	       /* start has released the gate */
	/* Keys the driver wants kept between commands (cgroup path, jail
	 * ID, devfs ruleset...), saved in state.json under "driver". */
	json_t *driver_state;
	/* create: the parent's end of the channel to the init, and the
	 * container's stdio when the TUI asked for a log. */
	int sync_fd;
	bool run_mode; /* rj_run: gate by the sync channel, not exec.fifo */
	/* rj_restore: the processes come from these images, not create */
	const struct rj_criu_opts *restore;
	int console_fd; /* run with a terminal: the pty master */
	/* create with log_to_state: the write ends of the logger's pipes,
	 * the init's stdout and stderr (logger.h). */
	int log_fds[2];
	/* The state lock this command holds.  A child forked for the
	 * container must close it at once: flock(2) belongs to the open file,
	 * so an init that kept it would hold the lock for its whole life. */
	int lock_fd;
	/* state.json could not be read (status broken): why. */
	char *problem;
};

/* An empty container: every descriptor -1. */
void container_init(struct rj_container *c);
void container_free(struct rj_container *c);

/* The status, from the recorded one and whether the recorded pid still
 * is the init (same start time), and the driver's view (paused). */
enum rj_status container_status(struct rj_container *c);

/* Loads a container for a command that changes it, holding its lock
 * (*lock, also c->lock_fd; the caller closes it). */
int container_load_locked(const char *root, const char *id,
    struct rj_container *c, int *lock, struct rj_error **err);

/* Fails, naming the problem, for a container whose state.json is
 * broken: only delete --force may act on it. */
int
container_refuse_broken(const struct rj_container *c, struct rj_error **err);

/* In a child forked for the container: drop what only runj may hold. */
void container_child_cleanup(struct rj_container *c);

/* For the drivers: the OCI state a hook reads, and the prestart and
 * createRuntime hooks, which the driver runs once the init's isolation
 * exists and before it goes on. */
char *container_state_json(const struct rj_container *c, enum rj_status status);
int container_runtime_hooks(struct rj_container *c, struct rj_error **err);
/* Records the state so far: a driver calls it as soon as it has made
 * something delete must undo (a cgroup, a jail), so that a create killed
 * at any point can still be cleaned by delete --force. */
int container_save(const struct rj_container *c, struct rj_error **err);

#endif
