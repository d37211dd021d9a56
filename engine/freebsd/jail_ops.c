/* jail_ops.c: makes and removes the jail (jail_set(2), jail_remove(2)). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

static const char *
errmsg_or(const char *errmsg, int e)
{
	return errmsg[0] != '\0' ? errmsg : strerror(e);
}

/* A child jail needs room under its parent's children.max, which the
 * runtime manages (config-freebsd.md). */
static int
parent_make_room(const char *parent, struct rj_error **err)
{
	static const char *const names[] = { "children.cur", "children.max" };
	char *vals[2] = { NULL, NULL };
	char errmsg[KERN_ERRMSG_LEN] = "";
	if (kern_jail_get("name", parent, names, vals, 2, 0, errmsg) < 0)
		return rj_error_set(err, ENOENT, "parent jail %s: %s", parent,
		    errmsg_or(errmsg, errno));
	long ncur = strtol(vals[0], NULL, 10), nmax = strtol(vals[1], NULL, 10);
	free(vals[0]);
	free(vals[1]);
	if (ncur < nmax)
		return 0;
	char want[16];
	snprintf(want, sizeof(want), "%ld", ncur + 1);
	struct kern_param p[] = {
		{ "name", parent },
		{ "children.max", want },
	};
	if (kern_jail_set(p, ARRAY_SIZE(p), KJ_UPDATE, errmsg) < 0)
		return rj_error_set(err, EPERM,
		    "parent jail %s: children.max: %s", parent,
		    errmsg_or(errmsg, errno));
	return 0;
}

int
fb_jail_create(const struct jail_plan *plan, int *jid, struct rj_error **err)
{
	if (plan->parent != NULL && parent_make_room(plan->parent, err) < 0)
		return -1;
	struct kern_param *p = xcalloc(plan->n_params + 1, sizeof(*p));
	for (size_t i = 0; i < plan->n_params; i++) {
		p[i].name = plan->params[i].name;
		p[i].value = plan->params[i].value;
	}
	char errmsg[KERN_ERRMSG_LEN] = "";
	*jid = kern_jail_set(p, plan->n_params, KJ_CREATE, errmsg);
	int e = errno;
	free(p);
	if (*jid < 0)
		return rj_error_set(err, e, "jail %s: %s", plan->full_name,
		    errmsg_or(errmsg, e));
	return 0;
}

int
fb_jail_find(const char *full_name)
{
	return kern_jail_get("name", full_name, NULL, NULL, 0, 0, NULL);
}

int
fb_jail_find_dying(const char *full_name)
{
	return kern_jail_get("name", full_name, NULL, NULL, 0, KJ_DYING, NULL);
}

int
fb_jail_remove(int jid, const char *full_name, struct rj_error **err)
{
	/* jail_remove(2) only sends SIGKILL: the jail dies later. */
	if (kern_jail_remove(jid) < 0 && errno != EINVAL)
		return rj_error_sys(err, "jail_remove %s", full_name);
	return 0;
}

/* Whether jail jid, named full_name, still exists (alive or dying); a
 * jid now another jail's means ours is gone. */
static bool
jail_exists(int jid, const char *full_name)
{
	static const char *const names[] = { "name" };
	char *name = NULL;
	char id[16];
	snprintf(id, sizeof(id), "%d", jid);
	if (kern_jail_get("jid", id, names, &name, 1, KJ_DYING, NULL) < 0)
		return false;
	bool same = strcmp(name, full_name) == 0;
	free(name);
	return same;
}

/* Reaps our children that died in a jail below ours: the init, and with
 * runj run (a reaper) the jail's orphans, which would keep the jail
 * dying.  Never the others: a program linking the engine (runj-tui) has
 * children of its own to wait for. */
static void
reap_jailed_children(void)
{
	struct kern_proc self, *kp = NULL;
	size_t n = 0;
	if (kern_proc_get(getpid(), &self) < 0 || kern_proc_list(&kp, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (kp[i].ppid == self.pid && kp[i].state == KP_ZOMB &&
		    kp[i].jid != self.jid)
			waitpid(kp[i].pid, NULL, WNOHANG);
	free(kp);
}

int
fb_jail_wait_gone(int jid, const char *full_name, int timeout_ms)
{
	for (int waited = 0;; waited += 10) {
		reap_jailed_children();
		if (!jail_exists(jid, full_name))
			return 0;
		if (waited >= timeout_ms)
			return -1;
		usleep(10000);
	}
}

int
fb_jail_bool(const char *full_name, const char *param)
{
	const char *names[] = { param };
	char *val = NULL;
	if (kern_jail_get("name", full_name, names, &val, 1, 0, NULL) < 0)
		return -1;
	int rc = strcmp(val, "true") == 0 || strcmp(val, "1") == 0;
	free(val);
	return rc;
}
