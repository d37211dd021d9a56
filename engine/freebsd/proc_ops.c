/* proc_ops.c: processes as the kernel reports them (kinfo_proc), never
 * ps(1): start times for status, a jail's processes for kill --all and
 * pause. */
#include <sys/param.h>
#include <sys/sysctl.h>
#include <sys/user.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "util.h"

uint64_t
proc_start_time(pid_t pid)
{
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)pid };
	struct kinfo_proc kp;
	size_t len = sizeof(kp);
	if (pid <= 0 || sysctl(mib, 4, &kp, &len, NULL, 0) < 0 || len == 0)
		return 0;
	/* Microseconds since the epoch: only compared for equality. */
	return (uint64_t)kp.ki_start.tv_sec * 1000000u +
	    (uint64_t)kp.ki_start.tv_usec;
}

static int
all_procs(struct kinfo_proc **out, size_t *n, struct rj_error **err)
{
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_PROC };
	for (int tries = 0; tries < 5; tries++) {
		size_t len = 0;
		if (sysctl(mib, 3, NULL, &len, NULL, 0) < 0)
			return rj_error_sys(err, "kern.proc");
		len += len / 4; /* room for processes born meanwhile */
		struct kinfo_proc *kp = xmalloc(len);
		if (sysctl(mib, 3, kp, &len, NULL, 0) == 0) {
			*out = kp;
			*n = len / sizeof(*kp);
			return 0;
		}
		free(kp);
		if (errno != ENOMEM)
			return rj_error_sys(err, "kern.proc");
	}
	return rj_error_set(err, ENOMEM, "kern.proc: the list keeps growing");
}

int
fb_jail_pids(int jid, pid_t **pids, size_t *n, struct rj_error **err)
{
	_cleanup_free_ struct kinfo_proc *kp = NULL;
	size_t nk;
	if (all_procs(&kp, &nk, err) < 0)
		return -1;
	*pids = xcalloc(nk + 1, sizeof(**pids));
	*n = 0;
	for (size_t i = 0; i < nk; i++)
		if (kp[i].ki_jid == jid)
			(*pids)[(*n)++] = kp[i].ki_pid;
	return 0;
}

bool
fb_jail_stopped(int jid)
{
	_cleanup_free_ struct kinfo_proc *kp = NULL;
	size_t nk, found = 0;
	if (all_procs(&kp, &nk, NULL) < 0)
		return false;
	for (size_t i = 0; i < nk; i++) {
		if (kp[i].ki_jid != jid)
			continue;
		if (kp[i].ki_stat != SSTOP)
			return false;
		found++;
	}
	return found > 0;
}
