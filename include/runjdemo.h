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
/* The same, reporting files made ("rootfs") and stopping, with nothing
 * left, when progress returns false. */
int rjd_rootfs_progress(const char *out_dir, bool force,
    rjd_progress_fn progress, void *arg, struct rj_error **err);

struct rjd_download_opts {
	/* What: an archive by URL (http, https, file), fetched as it is, or
	 * (url NULL) a FreeBSD release's base.txz, checked against the
	 * release's MANIFEST. */
	const char *url;
	const char *version; /* e.g. "14.3-RELEASE" when url is NULL */
	const char *arch;    /* e.g. "amd64" when url is NULL */
	const char *sha256;  /* the file's SHA-256 (64 hex digits), or NULL */
	bool manifest;	     /* check url against the MANIFEST beside it too */
	const char *out;     /* output file; default: the URL's file name */
	long connect_timeout, stall_timeout; /* seconds; 0 for defaults */
	rjd_progress_fn progress;
	void *arg;
	bool force; /* replace an existing non-empty out */
};
/* Progress phases: "connecting to HOST", "waiting for HOST", "MANIFEST",
 * "download".  The part file (<out>.part) is never followed or taken over
 * when someone else made it. */
int rjd_download(const struct rjd_download_opts *opts, struct rj_error **err);
/* The URL rjd_download fetches: opts->url, or
 * <site>/<arch dir>/<version>/base.txz, where <site> is
 * $RUNJ_FREEBSD_SITE or https://download.freebsd.org/releases. */
int rjd_download_url(const struct rjd_download_opts *opts, char **url,
    struct rj_error **err);
/* True for an http, https or file URL. */
bool rjd_is_url(const char *s);
/* The FreeBSD releases for opts->arch, newest first: read from the site's
 * index (opts gives the timeouts and progress), or a built-in list when it
 * cannot be read (*from_site false).  Free with strv_free. */
int rjd_freebsd_releases(const struct rjd_download_opts *opts, char ***out,
    bool *from_site, struct rj_error **err);

#define RJD_SHA256_HEX_LEN 64
/* The SHA-256 of a whole file as 64 lowercase hex digits and a NUL. */
int rjd_sha256_file(const char *path, char out[RJD_SHA256_HEX_LEN + 1],
    struct rj_error **err);
/* True when s is 64 lowercase hex digits. */
bool rjd_sha256_hex_valid(const char *s);
/* Checks a SHA-256 as a user types it (64 hex digits, either case) and
 * gives it in lowercase. */
int rjd_sha256_parse(const char *s, char out[RJD_SHA256_HEX_LEN + 1],
    struct rj_error **err);
/* Fails unless the SHA-256 of the file path is sha256; reports progress
 * ("verify") and can be cancelled. */
int rjd_verify_file(const char *path, const char *sha256,
    rjd_progress_fn progress, void *arg, struct rj_error **err);

/* Writes <bundle>/config.json for os ("linux" or "freebsd"). */
int rjd_spec(const char *bundle, const char *os, char *const *args, bool force,
    struct rj_error **err);

/* An extraction reads at most its size budget of archive data (entries'
 * data, plus 512 bytes an entry) and fails, naming the entry, past it.
 * max_size 0 is the default: 64 times the archive's size, at least 256
 * MiB (no limit for a directory), and when extracting to disk at most 95%
 * of the space free there.  RJD_NO_BUDGET: none. */
#define RJD_NO_BUDGET UINT64_MAX

struct rjd_bundle_opts {
	const char *input; /* an archive libarchive reads, or a directory */
	const char *out;   /* the bundle directory */
	const char *os;	   /* NULL: the host's */
	char *const *args; /* NULL: "sh" */
	bool force;
	uint64_t max_size; /* the size budget; 0: the default */
	rjd_progress_fn progress;
	void *arg;
};
int rjd_bundle(const struct rjd_bundle_opts *opts, struct rj_error **err);

/* A bundle from wherever its root filesystem is: a local archive or
 * directory, an archive by URL, or a FreeBSD release.  The archive is
 * checked (SHA-256, or the release's MANIFEST) before anything is
 * extracted; a download goes to a temporary file that is always removed;
 * the bundle's parent directories are made as needed; a failure or a
 * cancel leaves nothing behind. */
struct rjd_source {
	const char *input;   /* a path or URL; NULL for a release */
	const char *sha256;  /* the archive's SHA-256, optional */
	const char *version; /* a FreeBSD release (input NULL) */
	const char *arch;
	long connect_timeout, stall_timeout;
};
int rjd_bundle_from(const struct rjd_source *src,
    const struct rjd_bundle_opts *opts, struct rj_error **err);

struct rjd_image_opts {
	const char *input; /* an archive or a directory */
	const char *out;   /* image.tar */
	const char *name;  /* ref name, default "runj-demo:latest" */
	const char *arch, *os;
	bool force;
	uint64_t max_size; /* the size budget (input archives); 0: default */
	rjd_progress_fn progress;
	void *arg;
};
int rjd_oci_image(const struct rjd_image_opts *opts, struct rj_error **err);

struct rjd_unpack_opts {
	const char *image; /* a layout tar or a layout directory */
	const char *out;   /* the bundle directory */
	bool force;
	uint64_t max_size; /* the size budget; 0: the default */
	rjd_progress_fn progress;
	void *arg;
};
int rjd_unpack(const struct rjd_unpack_opts *opts, struct rj_error **err);

/* The config.json text rjd_spec writes (os NULL: the host's).  Caller
 * frees. */
int rjd_spec_text(const char *os, char *const *args, char **out,
    struct rj_error **err);
/* Extracts input (an archive or a directory) into the existing directory
 * dir, refusing names that would land outside it, within the default size
 * budget. */
int rjd_extract(const char *input, const char *dir, rjd_progress_fn progress,
    void *arg, struct rj_error **err);

#endif
