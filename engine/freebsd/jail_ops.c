/* jail_ops.c: makes and removes the jail with libjail (jail_set(2)). */
#include <sys/param.h>
#include <sys/jail.h>

#include <errno.h>
#include <jail.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "util.h"

/* A child jail needs room under its parent's children.max, which the
 * runtime manages (config-freebsd.md). */
static int
parent_make_room(const char *parent, struct rj_error **err)
{
	char cur[16] = "", max[16] = "";
	if (jail_getv(0, "name", parent, "children.cur", cur, "children.max",
		max, NULL) < 0)
		return rj_error_set(err, ENOENT, "parent jail %s: %s", parent,
		    jail_errmsg);
	long ncur = strtol(cur, NULL, 10), nmax = strtol(max, NULL, 10);
	if (ncur < nmax)
		return 0;
	char want[16];
	snprintf(want, sizeof(want), "%ld", ncur + 1);
	if (jail_setv(JAIL_UPDATE, "name", parent, "children.max", want, NULL) <
	    0)
		return rj_error_set(err, EPERM,
		    "parent jail %s: children.max: %s", parent, jail_errmsg);
	return 0;
}

int
fb_jail_create(const struct jail_plan *plan, int *jid, struct rj_error **err)
{
	if (plan->parent != NULL && parent_make_room(plan->parent, err) < 0)
		return -1;
	struct jailparam *jp = xcalloc(plan->n_params, sizeof(*jp));
	unsigned n = 0;
	int rc = -1;
	for (; n < plan->n_params; n++) {
		const struct jail_param *p = &plan->params[n];
		if (jailparam_init(&jp[n], p->name) < 0) {
			rj_error_set(err, EINVAL, "jail %s: %s",
			    plan->full_name, jail_errmsg);
			goto out;
		}
		if (jailparam_import(&jp[n], p->value) < 0) {
			n++;
			rj_error_set(err, EINVAL, "jail %s: %s",
			    plan->full_name, jail_errmsg);
			goto out;
		}
	}
	*jid = jailparam_set(jp, n, JAIL_CREATE);
	if (*jid < 0) {
		rj_error_set(err, errno, "jail %s: %s", plan->full_name,
		    jail_errmsg);
		goto out;
	}
	rc = 0;
out:
	jailparam_free(jp, n);
	free(jp);
	return rc;
}

int
fb_jail_find(const char *full_name)
{
	return jail_getid(full_name);
}

int
fb_jail_remove(const char *full_name, struct rj_error **err)
{
	int jid = jail_getid(full_name);
	if (jid < 0)
		return 0; /* already gone */
	/* jail_remove(2) kills what runs inside and waits for it. */
	if (jail_remove(jid) < 0 && errno != EINVAL)
		return rj_error_sys(err, "jail_remove %s", full_name);
	return 0;
}
