/*
 * runjdemo.h: the demo library (librunjdemo.a): root filesystems, FreeBSD
 * downloads, configs, bundles and OCI images.  Used by runj-demo and
 * runj-tui.  Errors follow runj.h's convention.  Everything streams.
 */
#ifndef RUNJDEMO_H
#define RUNJDEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "runj.h"

struct rjd_progress {
	const char *phase; /* "download", "verify", "extract", ... */
	uint64_t done;	   /* bytes (or entries) so far */
	uint64_t total;	   /* 0 when unknown */
	double rate;	   /* bytes per second, 0 when unknown */
};

/* Called now and then during long work; returning false cancels it (the
 * call then fails with "cancelled" and leaves nothing behind). */
typedef bool (*rjd_progress_fn)(void *arg, const struct rjd_progress *p);

/* A root filesystem made offline from the host: /rescue on FreeBSD,
 * busybox-static with its applet links on Linux, plus a minimal /etc. */
int rjd_rootfs(const char *out_dir, bool force, struct rj_error **err);

struct rjd_download_opts {
	const char *url;     /* whole URL of base.txz (http, https, file) */
	const char *version; /* e.g. "14.1-RELEASE" when url is NULL */
	const char *arch;    /* e.g. "amd64" when url is NULL */
	const char *out;     /* output file; default ./base.txz */
	long connect_timeout, stall_timeout; /* seconds; 0 for defaults */
	rjd_progress_fn progress;
	void *arg;
	bool force; /* replace an existing non-empty out */
};
int rjd_download(const struct rjd_download_opts *opts, struct rj_error **err);
/* The URL rjd_download fetches: opts->url, or
 * https://download.freebsd.org/releases/<arch dir>/<version>/base.txz. */
int rjd_download_url(const struct rjd_download_opts *opts, char **url,
    struct rj_error **err);

#define RJD_SHA256_HEX_LEN 64
/* The SHA-256 of a whole file as 64 lowercase hex digits and a NUL. */
int rjd_sha256_file(const char *path, char out[RJD_SHA256_HEX_LEN + 1],
    struct rj_error **err);
/* True when s is 64 lowercase hex digits. */
bool rjd_sha256_hex_valid(const char *s);

/* Writes <bundle>/config.json for os ("linux" or "freebsd"). */
int rjd_spec(const char *bundle, const char *os, char *const *args, bool force,
    struct rj_error **err);

struct rjd_bundle_opts {
	const char *input; /* an archive libarchive reads, or a directory */
	const char *out;   /* the bundle directory */
	const char *os;	   /* NULL: the host's */
	char *const *args; /* NULL: "sh" */
	bool force;
	rjd_progress_fn progress;
	void *arg;
};
int rjd_bundle(const struct rjd_bundle_opts *opts, struct rj_error **err);

struct rjd_image_opts {
	const char *input; /* an archive or a directory */
	const char *out;   /* image.tar */
	const char *name;  /* ref name, default "runj-demo:latest" */
	const char *arch, *os;
	bool force;
	rjd_progress_fn progress;
	void *arg;
};
int rjd_oci_image(const struct rjd_image_opts *opts, struct rj_error **err);

int rjd_unpack(const char *image, const char *bundle, bool force,
    rjd_progress_fn progress, void *arg, struct rj_error **err);

/* The config.json text rjd_spec writes (os NULL: the host's).  Caller
 * frees. */
int rjd_spec_text(const char *os, char *const *args, char **out,
    struct rj_error **err);
/* Extracts input (an archive or a directory) into the existing directory
 * dir, refusing names that would land outside it. */
int rjd_extract(const char *input, const char *dir, rjd_progress_fn progress,
    void *arg, struct rj_error **err);

#endif
