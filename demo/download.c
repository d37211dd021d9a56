/*
 * download.c: a FreeBSD distribution set over HTTP(S) or file://, with
 * libcurl.  The release's MANIFEST is fetched first; the file goes to
 * "<out>.part" (kept across failures, so a second run resumes it), is
 * checked against the MANIFEST and only then renamed to <out>.  Proxies
 * come from the usual environment variables, which libcurl reads.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"
#include "platform.h"
#include "progress.h"
#include "runjdemo.h"
#include "sha256.h"
#include "staging.h"
#include "runjutil.h"

#define CONNECT_TIMEOUT_DEFAULT 30
#define STALL_TIMEOUT_DEFAULT	60
#define MANIFEST_MAX		(1 << 20)

struct fetch {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	/* to memory (the MANIFEST) */
	char *mem;
	size_t len;
	/* to a file */
	const char *part;
	int fd;
	uint64_t have; /* bytes already in the part file */
	struct sha256 hash;
	bool checked; /* the response code was looked at */
	struct progress pr;
	struct rj_error *cb_err;
};

static void
fetch_init(struct fetch *f, const struct rjd_download_opts *o, const char *url)
{
	static bool global;
	if (!global) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global = true;
	}
	f->curl = curl_easy_init();
	if (f->curl == NULL)
		abort();
	f->fd = -1;
	CURL *c = f->curl;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, f->errbuf);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "runj-demo/" RJ_VERSION);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    o->connect_timeout > 0 ? o->connect_timeout
				   : CONNECT_TIMEOUT_DEFAULT);
	/* A stall: under one byte a second for that long. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
	    o->stall_timeout > 0 ? o->stall_timeout : STALL_TIMEOUT_DEFAULT);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
}

static void
fetch_free(struct fetch *f)
{
	if (f->curl != NULL)
		curl_easy_cleanup(f->curl);
	free(f->mem);
	if (f->fd >= 0)
		close(f->fd);
	if (f->hash.ctx != NULL)
		sha256_free(&f->hash);
	rj_error_free(f->cb_err);
}

static int
fetch_error(struct fetch *f, CURLcode rc, const char *url,
    struct rj_error **err)
{
	if (f->cb_err != NULL) {
		*err = steal_ptr(f->cb_err);
		return -1;
	}
	if (rc == CURLE_HTTP_RETURNED_ERROR) {
		long code = 0;
		curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &code);
		return rj_error_set(err, EIO, "%s: HTTP %ld", url, code);
	}
	if (rc == CURLE_RANGE_ERROR)
		return rj_error_set(err, ERANGE, "%s: the server cannot resume",
		    url);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return rj_error_set(err, ETIMEDOUT, "%s: timed out (%s)", url,
		    f->errbuf[0] ? f->errbuf : curl_easy_strerror(rc));
	return rj_error_set(err, EIO, "%s: %s", url,
	    f->errbuf[0] ? f->errbuf : curl_easy_strerror(rc));
}

static size_t
mem_write(char *ptr, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n;
	if (f->len + len > MANIFEST_MAX) {
		rj_error_set(&f->cb_err, EFBIG, "MANIFEST is too large");
		return 0;
	}
	f->mem = xrealloc(f->mem, f->len + len + 1);
	memcpy(f->mem + f->len, ptr, len);
	f->len += len;
	f->mem[f->len] = '\0';
	return len;
}

static int
fetch_text(const struct rjd_download_opts *o, const char *url, char **out,
    struct rj_error **err)
{
	struct fetch f = { 0 };
	fetch_init(&f, o, url);
	curl_easy_setopt(f.curl, CURLOPT_WRITEFUNCTION, mem_write);
	curl_easy_setopt(f.curl, CURLOPT_WRITEDATA, &f);
	CURLcode rc = curl_easy_perform(f.curl);
	if (rc != CURLE_OK) {
		fetch_error(&f, rc, url, err);
		fetch_free(&f);
		return -1;
	}
	*out = f.mem != NULL ? steal_ptr(f.mem) : xstrdup("");
	fetch_free(&f);
	return 0;
}

/* Starts over when the server ignored the range and sends everything. */
static int
file_check_response(struct fetch *f)
{
	long code = 0;
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &code);
	f->checked = true;
	if (f->have > 0 && code == 200) {
		if (ftruncate(f->fd, 0) < 0 || lseek(f->fd, 0, SEEK_SET) < 0)
			return rj_error_sys(&f->cb_err, "truncate %s", f->part);
		sha256_free(&f->hash);
		sha256_init(&f->hash);
		f->have = 0;
		f->pr.base = 0;
	}
	return 0;
}

static size_t
file_write(char *ptr, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n;
	if (f->fd < 0) {
		/* Created only once data comes: a 404 leaves nothing. */
		f->fd = open(f->part, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		    0644);
		if (f->fd < 0) {
			rj_error_sys(&f->cb_err, "create %s", f->part);
			return 0;
		}
	}
	if (!f->checked && file_check_response(f) < 0)
		return 0;
	if (write_all(f->fd, ptr, len) < 0) {
		rj_error_sys(&f->cb_err, "write %s", f->part);
		return 0;
	}
	sha256_update(&f->hash, ptr, len);
	f->have += len;
	return len;
}

static int
file_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	(void)ultotal;
	(void)ulnow;
	struct fetch *f = arg;
	if (dltotal > 0)
		f->pr.total = f->pr.base + (uint64_t)dltotal;
	(void)dlnow;
	return progress_report(&f->pr, f->have, false, &f->cb_err) < 0;
}

/* Hashes what an earlier run left in the part file. */
static int
part_resume(struct fetch *f, struct rj_error **err)
{
	struct stat st;
	sha256_init(&f->hash);
	if (stat(f->part, &st) < 0)
		return errno == ENOENT ? 0 : rj_error_sys(err, "%s", f->part);
	if (!S_ISREG(st.st_mode))
		return rj_error_set(err, EINVAL, "%s: not a file", f->part);
	if (st.st_size == 0)
		return 0;
	f->fd = open(f->part, O_RDWR | O_APPEND | O_CLOEXEC);
	if (f->fd < 0)
		return rj_error_sys(err, "open %s", f->part);
	_cleanup_free_ char *buf = xmalloc(65536);
	ssize_t r;
	while ((r = read(f->fd, buf, 65536)) > 0) {
		sha256_update(&f->hash, buf, (size_t)r);
		f->have += (uint64_t)r;
	}
	if (r < 0)
		return rj_error_sys(err, "read %s", f->part);
	return 0;
}

static int
fetch_file(const struct rjd_download_opts *o, const char *url, const char *part,
    const char *expect, struct rj_error **err)
{
	struct fetch f = { .part = part };
	fetch_init(&f, o, url);
	int rc = -1;
	if (part_resume(&f, err) < 0)
		goto out;
	progress_start(&f.pr, o->progress, o->arg, "download", 0);
	f.pr.base = f.have;
	curl_easy_setopt(f.curl, CURLOPT_WRITEFUNCTION, file_write);
	curl_easy_setopt(f.curl, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(f.curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(f.curl, CURLOPT_XFERINFOFUNCTION, file_progress);
	curl_easy_setopt(f.curl, CURLOPT_XFERINFODATA, &f);
	if (f.have > 0)
		curl_easy_setopt(f.curl, CURLOPT_RESUME_FROM_LARGE,
		    (curl_off_t)f.have);
	CURLcode cc = curl_easy_perform(f.curl);
	long code = 0;
	curl_easy_getinfo(f.curl, CURLINFO_RESPONSE_CODE, &code);
	/* 416: the part file already holds the whole thing. */
	bool whole = cc == CURLE_OK ||
	    (cc == CURLE_HTTP_RETURNED_ERROR && code == 416 && f.have > 0);
	if (!whole) {
		fetch_error(&f, cc, url, err);
		if (f.cb_err == NULL && err != NULL && *err != NULL &&
		    (*err)->errnum == ECANCELED)
			unlink(part);
		goto out;
	}
	if (progress_report(&f.pr, f.have, true, err) < 0) {
		unlink(part);
		goto out;
	}
	char got[SHA256_HEX_LEN + 1];
	sha256_hex(&f.hash, got);
	if (strcmp(got, expect) != 0) {
		/* A bad part file would fail every resume: start afresh. */
		unlink(part);
		rj_error_set(err, EINVAL,
		    "%s: checksum mismatch (MANIFEST says %.12s..., got "
		    "%.12s...)",
		    url, expect, got);
		goto out;
	}
	if (f.fd < 0) {
		/* An empty file that matched: still make it. */
		f.fd = open(part, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (f.fd < 0) {
			rj_error_sys(err, "create %s", part);
			goto out;
		}
	}
	if (fsync(f.fd) < 0) {
		rj_error_sys(err, "fsync %s", part);
		goto out;
	}
	rc = 0;
out:
	fetch_free(&f);
	return rc;
}

int
rjd_download_url(const struct rjd_download_opts *o, char **out,
    struct rj_error **err)
{
	if (o->url != NULL) {
		if (!has_prefix(o->url, "http://") &&
		    !has_prefix(o->url, "https://") &&
		    !has_prefix(o->url, "file://"))
			return rj_error_set(err, EINVAL,
			    "%s: not an http, https or file URL", o->url);
		*out = xstrdup(o->url);
		return 0;
	}
	const char *dir;
	if (platform_freebsd_dir(o->arch, &dir, err) < 0)
		return -1;
	_cleanup_free_ char *v = o->version ? xstrdup(o->version)
					    : platform_freebsd_version();
	if (*v == '\0' || strchr(v, '/') != NULL)
		return rj_error_set(err, EINVAL, "bad FreeBSD version \"%s\"",
		    v);
	*out = xasprintf("%s/%s/%s/base.txz", RJD_FREEBSD_SITE, dir, v);
	return 0;
}

int
rjd_download(const struct rjd_download_opts *o, struct rj_error **err)
{
	_cleanup_free_ char *url = NULL;
	if (rjd_download_url(o, &url, err) < 0)
		return rj_error_wrap(err, "download");
	/* The file is the URL's last component; MANIFEST sits beside it. */
	char *q = url + strcspn(url, "?#");
	_cleanup_free_ char *path = strndup(url, (size_t)(q - url));
	char *slash = strrchr(path, '/');
	if (slash == NULL || slash[1] == '\0')
		return rj_error_set(err, EINVAL,
		    "download: %s: no file name in the URL", url);
	const char *file = slash + 1;
	_cleanup_free_ char *murl = xasprintf("%.*s/MANIFEST",
	    (int)(slash - path), path);
	const char *out = o->out ? o->out : file;
	if (staging_check_out(out, o->force, err) < 0)
		return rj_error_wrap(err, "download");

	_cleanup_free_ char *manifest = NULL;
	char expect[SHA256_HEX_LEN + 1];
	if (fetch_text(o, murl, &manifest, err) < 0 ||
	    manifest_lookup(manifest, file, expect, err) < 0)
		return rj_error_wrap(err, "download");
	_cleanup_free_ char *part = xasprintf("%s.part", out);
	int rc = fetch_file(o, url, part, expect, err);
	if (rc < 0 && (*err)->errnum == ERANGE) {
		/* No byte ranges there: start the part file over. */
		rj_error_free(*err);
		*err = NULL;
		unlink(part);
		rc = fetch_file(o, url, part, expect, err);
	}
	if (rc < 0)
		return rj_error_wrap(err, "download");
	if (rename(part, out) < 0)
		return rj_error_sys(err, "download: rename %s", part);
	return 0;
}
