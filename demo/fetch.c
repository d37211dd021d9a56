/*
 * fetch.c: a bundle from wherever its root filesystem is (a path, a URL or
 * a FreeBSD release), with the archive checked before anything is
 * extracted.  runj-demo bundle and runj-tui's new-bundle form both come
 * through here, so they accept the same inputs and say the same things.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "runjdemo.h"
#include "sha256.h"
#include "staging.h"
#include "runjutil.h"

int
rjd_sha256_parse(const char *s, char out[RJD_SHA256_HEX_LEN + 1],
    struct rj_error **err)
{
	size_t n = strlen(s);
	if (n != RJD_SHA256_HEX_LEN || strspn(s, "0123456789abcdefABCDEF") != n)
		return rj_error_set(err, EINVAL,
		    "SHA-256 \"%.80s\": expected 64 hexadecimal digits", s);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
	return 0;
}

int
rjd_verify_file(const char *path, const char *sha256, rjd_progress_fn fn,
    void *arg, struct rj_error **err)
{
	char want[RJD_SHA256_HEX_LEN + 1], got[SHA256_HEX_LEN + 1];
	if (rjd_sha256_parse(sha256, want, err) < 0)
		return -1;
	_cleanup_close_ int fd = open(path,
	    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "%s", path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		return rj_error_sys(err, "%s", path);
	/* A FIFO or a device would be read forever. */
	if (!S_ISREG(st.st_mode))
		return rj_error_set(err, EINVAL,
		    "%s: a SHA-256 is checked on a regular file only", path);
	struct progress pr;
	progress_start(&pr, fn, arg, "verify", (uint64_t)st.st_size);
	struct sha256 h;
	sha256_init(&h);
	_cleanup_free_ char *buf = xmalloc(1 << 16);
	uint64_t done = 0;
	for (;;) {
		ssize_t r = read(fd, buf, 1 << 16);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			sha256_free(&h);
			return rj_error_sys(err, "read %s", path);
		}
		if (r == 0)
			break;
		sha256_update(&h, buf, (size_t)r);
		done += (uint64_t)r;
		if (progress_report(&pr, done, false, err) < 0) {
			sha256_free(&h);
			return -1;
		}
	}
	sha256_hex(&h, got);
	if (strcmp(got, want) != 0)
		return rj_error_set(err, EINVAL,
		    "%s: SHA-256 is %s, expected %s", path, got, want);
	return progress_report(&pr, done, true, err);
}

/* The nearest directory at or above dirname(path) that exists: where a
 * download waits to be extracted when the bundle's parents are still to
 * be made (they are made only once the download is good). */
static char *
existing_parent(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (;;) {
		char *d = dirname(buf);
		struct stat st;
		if (stat(d, &st) == 0 && S_ISDIR(st.st_mode))
			return xstrdup(d);
		if (strcmp(d, "/") == 0 || strcmp(d, ".") == 0)
			return xstrdup(d);
		memmove(buf, d, strlen(d) + 1);
	}
}

static int
bundle_from_download(const struct rjd_source *src,
    const struct rjd_bundle_opts *o, struct rj_error **err)
{
	_cleanup_free_ char *parent = existing_parent(o->out);
	_cleanup_free_ char *copy = xstrdup(o->out);
	_cleanup_free_ char *base = xstrdup(basename(copy));
	_cleanup_free_ char *beside = xasprintf("%s/%s", parent, base);
	_cleanup_free_ char *tmp = staging_sibling(beside, "download");
	_cleanup_free_ char *part = xasprintf("%s.part", tmp);
	struct rjd_download_opts d = {
		.url = src->input,
		.version = src->version,
		.arch = src->arch,
		.sha256 = src->sha256,
		.out = tmp,
		.connect_timeout = src->connect_timeout,
		.stall_timeout = src->stall_timeout,
		.progress = o->progress,
		.arg = o->arg,
		.force = true,
	};
	int rc = rjd_download(&d, err);
	if (rc == 0) {
		struct rjd_bundle_opts b = *o;
		b.input = tmp;
		rc = rjd_bundle(&b, err);
	}
	unlink(tmp);
	unlink(part);
	return rc;
}

int
rjd_bundle_from(const struct rjd_source *src, const struct rjd_bundle_opts *o,
    struct rj_error **err)
{
	bool download = src->input == NULL || rjd_is_url(src->input);
	if (o->out == NULL || *o->out == '\0')
		return rj_error_set(err, EINVAL, "bundle: no output directory");
	if (src->input != NULL && *src->input == '\0')
		return rj_error_set(err, EINVAL, "bundle: no input given");
	/* What can be checked before a long download is checked first. */
	_cleanup_free_ char *json = NULL;
	char sha[RJD_SHA256_HEX_LEN + 1];
	if (src->sha256 != NULL && rjd_sha256_parse(src->sha256, sha, err) < 0)
		return -1;
	if (rjd_spec_text(o->os, o->args, &json, err) < 0 ||
	    staging_check_out(o->out, o->force, err) < 0)
		return rj_error_wrap(err, "bundle");
	if (download)
		return bundle_from_download(src, o, err);
	struct stat st;
	if (stat(src->input, &st) < 0)
		return rj_error_sys(err, "bundle: %s", src->input);
	if (src->sha256 != NULL &&
	    rjd_verify_file(src->input, sha, o->progress, o->arg, err) < 0)
		return -1;
	struct rjd_bundle_opts b = *o;
	b.input = src->input;
	return rjd_bundle(&b, err);
}
