/* host.c: what the engine knows of the host it was built for: Linux. */
#include <sys/prctl.h>

#include "driver.h"
#include "linux/linux_int.h"

const char *
rj_host_os(void)
{
	return "linux";
}

const char *
rj_default_root(void)
{
	return "/run/runj";
}

const struct rj_driver *
driver_for_host(void)
{
	return &linux_driver;
}

int
rj_reaper_acquire(struct rj_error **err)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return rj_error_sys(err, "prctl PR_SET_CHILD_SUBREAPER");
	return 0;
}
