/* platform.h: operating system and architecture names, as OCI images
 * (Go's names) and FreeBSD's download site spell them. */
#ifndef RJD_PLATFORM_H
#define RJD_PLATFORM_H

#include "runj.h"

/* The FreeBSD release used on other systems when none is given. */
#define RJD_FREEBSD_DEFAULT_VERSION "14.3-RELEASE"
#define RJD_FREEBSD_SITE	    "https://download.freebsd.org/releases"

/* Fails unless os is "linux" or "freebsd". */
int platform_os_check(const char *os, struct rj_error **err);
/* The OCI name of arch ("x86_64" and "amd64" give "amd64"); NULL: the
 * host's. */
int
platform_oci_arch(const char *arch, const char **out, struct rj_error **err);
/* FreeBSD's release directory for arch ("amd64", "arm64/aarch64"). */
int
platform_freebsd_dir(const char *arch, const char **out, struct rj_error **err);
/* The host's FreeBSD release ("14.1-RELEASE" from "14.1-RELEASE-p5"), or
 * RJD_FREEBSD_DEFAULT_VERSION elsewhere.  Caller frees. */
char *platform_freebsd_version(void);

#endif
