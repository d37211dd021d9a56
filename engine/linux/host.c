/* host.c: what the engine knows of the host it was built for: Linux. */
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
