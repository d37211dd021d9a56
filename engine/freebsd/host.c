/* host.c: what the engine knows of the host it was built for: FreeBSD. */
#include <errno.h>

#include "driver.h"
#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"

const char *
rj_host_os(void)
{
	return "freebsd";
}

const char *
rj_default_root(void)
{
	return "/var/run/runj";
}

const struct rj_driver *
driver_for_host(void)
{
	return &jail_driver;
}

/* No /proc/self/exe for a container to reopen: a jail cannot reach the
 * host's processes, so there is nothing to seal (CVE-2019-5736). */
int
rj_exe_seal(char **argv, struct rj_error **err)
{
	(void)argv;
	(void)err;
	return 0;
}

const char *
rj_exe_path(void)
{
	return NULL;
}

int
rj_reaper_acquire(struct rj_error **err)
{
	/* EBUSY: this process is a reaper already. */
	if (kern_procctl_reap_acquire() < 0 && errno != EBUSY)
		return rj_error_sys(err, "procctl PROC_REAP_ACQUIRE");
	return 0;
}
