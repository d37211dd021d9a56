/* proc_ops.c: processes as the kernel reports them (kinfo_proc), never
 * ps(1): start times for status, a jail's processes for kill --all and
 * pause. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

uint64_t
proc_start_time(pid_t pid)
{
	struct kern_proc kp;
	if (pid <= 0 || kern_proc_get(pid, &kp) < 0)
		return 0;
	return kp.start;
}

int
fb_jail_pids(int jid, pid_t **pids, size_t *n, struct rj_error **err)
{
	_cleanup_free_ struct kern_proc *kp = NULL;
	size_t nk;
	if (kern_proc_list(&kp, &nk) < 0)
		return rj_error_sys(err, "kern.proc");
	*pids = xcalloc(nk + 1, sizeof(**pids));
	*n = 0;
	for (size_t i = 0; i < nk; i++)
		if (kp[i].jid == jid)
			(*pids)[(*n)++] = kp[i].pid;
	return 0;
}

bool
fb_jail_stopped(int jid)
{
	_cleanup_free_ struct kern_proc *kp = NULL;
	size_t nk, found = 0;
	if (kern_proc_list(&kp, &nk) < 0)
		return false;
	for (size_t i = 0; i < nk; i++) {
		if (kp[i].jid != jid)
			continue;
		if (kp[i].state != KP_STOP)
			return false;
		found++;
	}
	return found > 0;
}
