/* driver.c: the binding of the driver and the one way to call it: each
 * wrapper checks that an optional operation exists. */
#include <errno.h>
#include <stdlib.h>

#include "driver.h"
#include "util.h"

static const struct rj_driver *bound;

static const struct rj_driver *
drv(void)
{
	if (bound == NULL)
		bound = driver_for_host();
	return bound;
}

void
driver_bind(const struct rj_driver *d)
{
	/* A driver without its required operations is a build error. */
	if (d->check == NULL || d->create == NULL || d->exec == NULL ||
	    d->signal == NULL || d->destroy == NULL)
		abort();
	bound = d;
}

const char *
driver_name(void)
{
	return drv()->name;
}

static int
unsupported(const char *op, struct rj_error **err)
{
	return rj_error_set(err, ENOTSUP,
	    "%s is not supported by the %s driver", op, drv()->name);
}

/* Calls an operation, optional or not. */
#define DRV_CALL(op, err, ...)                                                 \
	(drv()->op != NULL ? drv()->op(__VA_ARGS__) : unsupported(#op, err))

int
drv_check(const struct rj_spec *spec, struct rj_error **err)
{
	return DRV_CALL(check, err, spec, err);
}

int
drv_create(struct rj_container *c, struct rj_error **err)
{
	return DRV_CALL(create, err, c, err);
}

int
drv_exec(struct rj_container *c, const struct rj_process *p,
    const struct rj_exec_opts *opts, pid_t *pid, struct rj_error **err)
{
	return DRV_CALL(exec, err, c, p, opts, pid, err);
}

int
drv_signal(struct rj_container *c, int sig, bool all, struct rj_error **err)
{
	return DRV_CALL(signal, err, c, sig, all, err);
}

int
drv_destroy(struct rj_container *c, struct rj_error **err)
{
	return DRV_CALL(destroy, err, c, err);
}

int
drv_pause(struct rj_container *c, bool on, struct rj_error **err)
{
	return DRV_CALL(pause, err, c, on, err);
}

int
drv_checkpoint(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err)
{
	return DRV_CALL(checkpoint, err, c, o, err);
}

int
drv_restore(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err)
{
	return DRV_CALL(restore, err, c, o, err);
}

bool
drv_paused(struct rj_container *c)
{
	return drv()->paused != NULL && drv()->paused(c);
}

int
drv_stats(struct rj_container *c, struct rj_stats *st, struct rj_error **err)
{
	return DRV_CALL(stats, err, c, st, err);
}

int
drv_pids(struct rj_container *c, pid_t **pids, size_t *n, struct rj_error **err)
{
	return DRV_CALL(pids, err, c, pids, n, err);
}

int
drv_update(struct rj_container *c, const struct rj_resources *r,
    struct rj_error **err)
{
	return DRV_CALL(update, err, c, r, err);
}

void
drv_features(json_t *features)
{
	if (drv()->features != NULL)
		drv()->features(features);
}
