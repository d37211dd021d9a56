/* platform.c: one table of architecture names. */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include "platform.h"
#include "runjutil.h"

struct arch_name {
	const char *name;    /* as uname(2) or a user may spell it */
	const char *oci;     /* GOARCH, as image configs want it */
	const char *freebsd; /* the download site's directory, or NULL */
};

static const struct arch_name arch_table[] = {
	{ "amd64", "amd64", "amd64" },
	{ "x86_64", "amd64", "amd64" },
	{ "arm64", "arm64", "arm64/aarch64" },
	{ "aarch64", "arm64", "arm64/aarch64" },
	{ "386", "386", "i386" },
	{ "i386", "386", "i386" },
	{ "i686", "386", "i386" },
	{ "arm", "arm", "arm/armv7" },
	{ "armv7", "arm", "arm/armv7" },
	{ "armv7l", "arm", "arm/armv7" },
	{ "riscv64", "riscv64", "riscv/riscv64" },
	{ "ppc64le", "ppc64le", "powerpc/powerpc64le" },
	{ "powerpc64le", "ppc64le", "powerpc/powerpc64le" },
	{ "ppc64", "ppc64", "powerpc/powerpc64" },
	{ "powerpc64", "ppc64", "powerpc/powerpc64" },
	{ "s390x", "s390x", NULL },
};

static const char *const os_table[] = { "linux", "freebsd" };

int
platform_os_check(const char *os, struct rj_error **err)
{
	for (size_t i = 0; i < ARRAY_SIZE(os_table); i++)
		if (strcmp(os, os_table[i]) == 0)
			return 0;
	return rj_error_set(err, EINVAL, "unknown OS \"%s\" (linux or freebsd)",
	    os);
}

static int
arch_lookup(const char *arch, const struct arch_name **out,
    struct rj_error **err)
{
	struct utsname u;
	if (arch == NULL) {
		if (uname(&u) < 0)
			return rj_error_sys(err, "uname");
		arch = u.machine;
	}
	for (size_t i = 0; i < ARRAY_SIZE(arch_table); i++) {
		if (strcmp(arch, arch_table[i].name) == 0) {
			*out = &arch_table[i];
			return 0;
		}
	}
	return rj_error_set(err, EINVAL, "unknown architecture \"%s\"", arch);
}

int
platform_oci_arch(const char *arch, const char **out, struct rj_error **err)
{
	const struct arch_name *a;
	if (arch_lookup(arch, &a, err) < 0)
		return -1;
	*out = a->oci;
	return 0;
}

int
platform_freebsd_dir(const char *arch, const char **out, struct rj_error **err)
{
	const struct arch_name *a;
	if (arch_lookup(arch, &a, err) < 0)
		return -1;
	if (a->freebsd == NULL)
		return rj_error_set(err, EINVAL,
		    "FreeBSD has no release for %s", a->name);
	*out = a->freebsd;
	return 0;
}

char *
platform_freebsd_version(void)
{
	struct utsname u;
	if (strcmp(rj_host_os(), "freebsd") == 0 && uname(&u) == 0) {
		/* "14.1-RELEASE-p5": the patch level is not a directory. */
		char *v = xstrdup(u.release);
		char *p = strstr(v, "-p");
		if (p != NULL)
			*p = '\0';
		return v;
	}
	return xstrdup(RJD_FREEBSD_DEFAULT_VERSION);
}
