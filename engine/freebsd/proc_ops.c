/* proc_ops.c: processes as the kernel reports them (kinfo_proc), never
 * ps(1): start times for status, a jail's processes for ps, kill --all and
 * pause.  A jail's processes include those of the jails below it, which
 * the container made and which die with it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

/* A zombie has exited: it is no live init (as on Linux). */
uint64_t
proc_start_time(pid_t pid)
{
	struct kern_proc kp;
	if (pid <= 0 || kern_proc_get(pid, &kp) < 0 || kp.state == KP_ZOMB)
		return 0;
	return kp.start;
}

/* Whether jail jid is top or below it, from the "parent" of each jail
 * on the way up; known answers are kept in the cache (jid, yes). */
struct below_cache {
	int jid;
	bool yes;
};

static bool
jail_is_below(int jid, int top, struct below_cache **cache, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if ((*cache)[i].jid == jid)
			return (*cache)[i].yes;
	bool yes = false;
	int at = jid;
	for (int depth = 0; at > 0 && depth < 64; depth++) {
		if (at == top) {
			yes = true;
			break;
		}
		static const char *const parent[] = { "parent" };
		char *val = NULL;
		char id[16];
		snprintf(id, sizeof(id), "%d", at);
		if (kern_jail_get("jid", id, parent, &val, 1, KJ_DYING, NULL) <
		    0)
			break;
		at = atoi(val);
		free(val);
	}
	*cache = xrealloc(*cache, (*n + 1) * sizeof(**cache));
	(*cache)[(*n)++] = (struct below_cache){ jid, yes };
	return yes;
}

/* The processes of jid and the jails below it; zombies only if asked. */
static int
jail_procs(int jid, bool zombies, struct kern_proc **out, size_t *n,
    struct rj_error **err)
{
	_cleanup_free_ struct kern_proc *kp = NULL;
	_cleanup_free_ struct below_cache *cache = NULL;
	size_t nk, ncache = 0;
	if (kern_proc_list(&kp, &nk) < 0)
		return rj_error_sys(err, "kern.proc");
	*out = xcalloc(nk + 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < nk; i++) {
		if (kp[i].jid <= 0 || (!zombies && kp[i].state == KP_ZOMB))
			continue;
		if (kp[i].jid == jid ||
		    jail_is_below(kp[i].jid, jid, &cache, &ncache))
			(*out)[(*n)++] = kp[i];
	}
	return 0;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int
fb_jail_pids(int jid, pid_t **pids, size_t *n, struct rj_error **err)
{
	_cleanup_free_ struct kern_proc *kp = NULL;
	size_t nk;
	if (jail_procs(jid, false, &kp, &nk, err) < 0)
		return -1;
	*pids = xcalloc(nk + 1, sizeof(**pids));
	for (size_t i = 0; i < nk; i++)
		(*pids)[i] = kp[i].pid;
	qsort(*pids, nk, sizeof(**pids), pid_cmp);
	*n = nk;
	return 0;
}

/* Stopped: every live process stopped, and at least one. */
bool
fb_jail_stopped(int jid)
{
	_cleanup_free_ struct kern_proc *kp = NULL;
	size_t nk;
	if (jail_procs(jid, false, &kp, &nk, NULL) < 0 || nk == 0)
		return false;
	for (size_t i = 0; i < nk; i++)
		if (kp[i].state != KP_STOP)
			return false;
	return true;
}
