/*
 * download.c: an archive over HTTP(S) or file://, with libcurl.  A plain
 * URL is fetched as it is, checked against a SHA-256 when one is given; a
 * FreeBSD release (or a URL with `manifest`) is checked against the
 * release's MANIFEST beside the file.  Data goes to "<out>.part" (kept
 * across failures, so a second run resumes it) and is renamed to <out>
 * only once checked.  Every stage (connecting, waiting for an answer, the
 * data) reports progress and can be cancelled.  Proxies come from the
 * usual environment variables, which libcurl reads.
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
#define TEXT_MAX		(1 << 20)

struct fetch {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	const char *url;
	char host[256]; /* for the phases: "connecting to HOST" */
	char phase[300];
	const char *data_phase; /* the phase once data comes */
	/* to memory (a MANIFEST, an index) */
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

/* The host (and port) of a URL, for the progress phases. */
static void
url_host(const char *url, char *buf, size_t size)
{
	const char *p = strstr(url, "://");
	p = p != NULL ? p + 3 : url;
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n);
	if (at != NULL) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	snprintf(buf, size, "%.*s", (int)n, n ? p : "localhost");
}

static void
fetch_global(void)
{
	static bool global;
	if (!global) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global = true;
	}
}

static int xferinfo(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow);

static void
fetch_init(struct fetch *f, const struct rjd_download_opts *o, const char *url,
    const char *data_phase)
{
	fetch_global();
	f->curl = curl_easy_init();
	if (f->curl == NULL)
		abort();
	f->fd = -1;
	f->url = url;
	f->data_phase = data_phase;
	url_host(url, f->host, sizeof(f->host));
	progress_start(&f->pr, o->progress, o->arg, data_phase, 0);
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
	/* A stall: under one byte a second for that long, from the request
	 * on (a server that accepts and never answers is one too). */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
	    o->stall_timeout > 0 ? o->stall_timeout : STALL_TIMEOUT_DEFAULT);
	/* Progress (and so a cancel) at every stage, the connection and
	 * the wait for an answer included: libcurl calls this about once a
	 * second even when nothing moves. */
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, xferinfo);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, f);
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

/* The error of a transfer, about the URL the user gave, said once. */
static int
fetch_error(struct fetch *f, CURLcode rc, struct rj_error **err)
{
	if (f->cb_err != NULL) {
		*err = steal_ptr(f->cb_err);
		return -1;
	}
	if (rc == CURLE_HTTP_RETURNED_ERROR) {
		long code = 0;
		curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &code);
		return rj_error_set(err, EIO, "%s: HTTP %ld", f->url, code);
	}
	if (rc == CURLE_RANGE_ERROR)
		return rj_error_set(err, ERANGE, "%s: the server cannot resume",
		    f->url);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return rj_error_set(err, ETIMEDOUT, "%s: timed out (%s)",
		    f->url, f->errbuf[0] ? f->errbuf : curl_easy_strerror(rc));
	return rj_error_set(err, EIO, "%s: %s", f->url,
	    f->errbuf[0] ? f->errbuf : curl_easy_strerror(rc));
}

static int
xferinfo(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	(void)ultotal;
	(void)ulnow;
	struct fetch *f = arg;
	curl_off_t connected = 0;
	long code = 0;
	curl_easy_getinfo(f->curl, CURLINFO_CONNECT_TIME_T, &connected);
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &code);
	if (dlnow > 0 || code != 0 || has_prefix(f->url, "file:")) {
		f->pr.phase = f->data_phase;
		if (dltotal > 0)
			f->pr.total = f->pr.base + (uint64_t)dltotal;
	} else {
		snprintf(f->phase, sizeof(f->phase), "%s %s",
		    connected > 0 ? "waiting for" : "connecting to", f->host);
		f->pr.phase = f->phase;
	}
	uint64_t done = f->part != NULL ? f->have : (uint64_t)f->len;
	return progress_report(&f->pr, done, false, &f->cb_err) < 0;
}

static size_t
mem_write(char *ptr, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n;
	if (f->len + len > TEXT_MAX) {
		rj_error_set(&f->cb_err, EFBIG, "%s: larger than %d bytes",
		    f->url, TEXT_MAX);
		return 0;
	}
	f->mem = xrealloc(f->mem, f->len + len + 1);
	memcpy(f->mem + f->len, ptr, len);
	f->len += len;
	f->mem[f->len] = '\0';
	return len;
}

/* A small text (a MANIFEST, a directory index) into *out. */
static int
fetch_text(const struct rjd_download_opts *o, const char *url,
    const char *phase, char **out, struct rj_error **err)
{
	struct fetch f = { 0 };
	fetch_init(&f, o, url, phase);
	curl_easy_setopt(f.curl, CURLOPT_WRITEFUNCTION, mem_write);
	curl_easy_setopt(f.curl, CURLOPT_WRITEDATA, &f);
	CURLcode rc = curl_easy_perform(f.curl);
	if (rc != CURLE_OK) {
		fetch_error(&f, rc, err);
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

/*
 * The part file is made by us, never followed: a name planted in a
 * directory others can write (a symbolic link to /etc/shadow, a hard link,
 * a FIFO) must not make root write, truncate or hash someone else's file.
 */
static int
part_create(const char *part, struct rj_error **err)
{
	int fd = open(part,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND | O_CLOEXEC,
	    0644);
	if (fd < 0)
		return rj_error_sys(err, "create %s", part);
	return fd;
}

static size_t
file_write(char *ptr, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n;
	if (f->fd < 0) {
		/* Created only once data comes: a 404 leaves nothing. */
		f->fd = part_create(f->part, &f->cb_err);
		if (f->fd < 0)
			return 0;
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

/* Opens what an earlier run left in the part file, if it is ours, and
 * hashes it. */
static int
part_resume(struct fetch *f, struct rj_error **err)
{
	sha256_init(&f->hash);
	int fd = open(f->part,
	    O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP)
			return rj_error_set(err, ELOOP,
			    "%s: a symbolic link, not a partial download: "
			    "remove it",
			    f->part);
		return rj_error_sys(err, "open %s", f->part);
	}
	f->fd = fd;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return rj_error_sys(err, "%s", f->part);
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1)
		return rj_error_set(err, EPERM,
		    "%s: not a partial download of ours (not a regular "
		    "file with one link, owned by us): remove it",
		    f->part);
	if (fcntl(fd, F_SETFL, O_APPEND) < 0)
		return rj_error_sys(err, "%s", f->part);
	_cleanup_free_ char *buf = xmalloc(65536);
	ssize_t r;
	while ((r = read(fd, buf, 65536)) > 0) {
		sha256_update(&f->hash, buf, (size_t)r);
		f->have += (uint64_t)r;
	}
	if (r < 0)
		return rj_error_sys(err, "read %s", f->part);
	return 0;
}

/* What the file is checked against: a SHA-256, and where it came from. */
struct expect {
	char hex[SHA256_HEX_LEN + 1];
	const char *source; /* "MANIFEST" or "expected" */
};

static int
fetch_file(const struct rjd_download_opts *o, const char *url, const char *part,
    const struct expect *ex, size_t nex, struct rj_error **err)
{
	struct fetch f = { .part = part };
	fetch_init(&f, o, url, "download");
	int rc = -1;
	if (part_resume(&f, err) < 0) {
		fetch_free(&f);
		return -1;
	}
	f.pr.base = f.have;
	curl_easy_setopt(f.curl, CURLOPT_WRITEFUNCTION, file_write);
	curl_easy_setopt(f.curl, CURLOPT_WRITEDATA, &f);
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
		fetch_error(&f, cc, err);
		if (err != NULL && *err != NULL &&
		    (*err)->errnum == ECANCELED && f.fd >= 0)
			unlink(part);
		goto out;
	}
	if (progress_report(&f.pr, f.have, true, err) < 0) {
		if (f.fd >= 0)
			unlink(part);
		goto out;
	}
	char got[SHA256_HEX_LEN + 1];
	sha256_hex(&f.hash, got);
	for (size_t i = 0; i < nex; i++) {
		if (strcmp(got, ex[i].hex) == 0)
			continue;
		/* A bad part file would fail every resume: start afresh. */
		if (f.fd >= 0)
			unlink(part);
		rj_error_set(err, EINVAL,
		    "%s: checksum mismatch (%s %.12s..., got %.12s...)", url,
		    ex[i].source, ex[i].hex, got);
		goto out;
	}
	if (f.fd < 0) {
		/* An empty file that matched: still make it. */
		f.fd = part_create(part, err);
		if (f.fd < 0)
			goto out;
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

static const char *
freebsd_site(void)
{
	/* A mirror, or a local copy for tests. */
	const char *s = getenv("RUNJ_FREEBSD_SITE");
	return s != NULL && *s != '\0' ? s : RJD_FREEBSD_SITE;
}

int
rjd_download_url(const struct rjd_download_opts *o, char **out,
    struct rj_error **err)
{
	if (o->url != NULL) {
		if (!rjd_is_url(o->url))
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
	*out = xasprintf("%s/%s/%s/base.txz", freebsd_site(), dir, v);
	return 0;
}

bool
rjd_is_url(const char *s)
{
	return has_prefix(s, "http://") || has_prefix(s, "https://") ||
	    has_prefix(s, "file://");
}

int
rjd_download(const struct rjd_download_opts *o, struct rj_error **err)
{
	_cleanup_free_ char *url = NULL;
	if (rjd_download_url(o, &url, err) < 0)
		return -1;
	char want[SHA256_HEX_LEN + 1];
	if (o->sha256 != NULL && rjd_sha256_parse(o->sha256, want, err) < 0)
		return -1;
	/* The file is the URL's last component; MANIFEST sits beside it. */
	char *q = url + strcspn(url, "?#");
	_cleanup_free_ char *path = strndup(url, (size_t)(q - url));
	char *slash = strrchr(path, '/');
	if (slash == NULL || slash[1] == '\0')
		return rj_error_set(err, EINVAL, "%s: no file name in the URL",
		    url);
	const char *file = slash + 1;
	const char *out = o->out ? o->out : file;
	if (staging_check_out(out, o->force, err) < 0)
		return -1;

	struct expect ex[2];
	size_t nex = 0;
	if (o->sha256 != NULL) {
		memcpy(ex[nex].hex, want, sizeof(want));
		ex[nex++].source = "expected";
	}
	/* A release is checked against its MANIFEST; a plain URL only when
	 * asked (a mirror of a release). */
	if (o->url == NULL || o->manifest) {
		_cleanup_free_ char *murl = xasprintf("%.*s/MANIFEST",
		    (int)(slash - path), path);
		_cleanup_free_ char *manifest = NULL;
		if (fetch_text(o, murl, "MANIFEST", &manifest, err) < 0)
			return -1;
		if (manifest_lookup(manifest, file, ex[nex].hex, err) < 0)
			return -1;
		ex[nex++].source = "MANIFEST says";
	}
	_cleanup_free_ char *part = xasprintf("%s.part", out);
	int rc = fetch_file(o, url, part, ex, nex, err);
	if (rc < 0 && (*err)->errnum == ERANGE) {
		/* No byte ranges there: start the part file over. */
		rj_error_free(*err);
		*err = NULL;
		unlink(part);
		rc = fetch_file(o, url, part, ex, nex, err);
	}
	if (rc < 0)
		return -1;
	if (rename(part, out) < 0)
		return rj_error_sys(err, "rename %s", part);
	return 0;
}

/* ---- the releases on offer ---- */

/* Used when the site's index cannot be read: the releases supported when
 * this was written, newest first. */
static const char *const known_releases[] = { "15.0-RELEASE", "14.3-RELEASE",
	"14.2-RELEASE", "13.5-RELEASE", NULL };

static int
cmp_version_desc(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	long xm = strtol(x, NULL, 10), ym = strtol(y, NULL, 10);
	if (xm != ym)
		return xm < ym ? 1 : -1;
	const char *xd = strchr(x, '.'), *yd = strchr(y, '.');
	long xn = xd ? strtol(xd + 1, NULL, 10) : 0;
	long yn = yd ? strtol(yd + 1, NULL, 10) : 0;
	return xn < yn ? 1 : xn > yn ? -1 : strcmp(x, y);
}

/* "NN.N-RELEASE" names linked from an HTML directory index. */
static char **
parse_index(const char *html)
{
	char **v = xcalloc(1, sizeof(*v));
	size_t n = 0;
	for (const char *p = strstr(html, "href=\""); p != NULL;
	     p = strstr(p + 1, "href=\"")) {
		const char *s = p + 6;
		size_t digits = strspn(s, "0123456789");
		if (digits == 0 || digits > 3 || s[digits] != '.')
			continue;
		size_t minor = strspn(s + digits + 1, "0123456789");
		const char *rest = s + digits + 1 + minor;
		if (minor == 0 || minor > 3 || !has_prefix(rest, "-RELEASE/"))
			continue;
		char *name = strndup(s, (size_t)(rest - s) + 8);
		bool dup = false;
		for (size_t i = 0; i < n && !dup; i++)
			dup = strcmp(v[i], name) == 0;
		if (dup) {
			free(name);
			continue;
		}
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = name;
		v[n] = NULL;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_version_desc);
	return v;
}

int
rjd_freebsd_releases(const struct rjd_download_opts *o, char ***out,
    bool *from_site, struct rj_error **err)
{
	const char *dir;
	if (platform_freebsd_dir(o->arch, &dir, err) < 0)
		return -1;
	_cleanup_free_ char *url = xasprintf("%s/%s/", freebsd_site(), dir);
	_cleanup_free_ char *html = NULL;
	struct rj_error *e = NULL;
	*from_site = false;
	if (fetch_text(o, url, "index", &html, &e) == 0) {
		char **v = parse_index(html);
		if (v[0] != NULL) {
			*out = v;
			*from_site = true;
			return 0;
		}
		strv_free(v);
	} else if (e->errnum == ECANCELED) {
		*err = e;
		return -1;
	}
	rj_error_free(e);
	*out = strv_dup((char *const *)known_releases);
	return 0;
}
