/* util.c: allocation, string vectors, files, directories, time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

void
rj_freep(void *p)
{
	free(*(void **)p);
}

void
rj_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

void
rj_fclosep(FILE **f)
{
	if (*f != NULL)
		fclose(*f);
}

void
rj_strvfreep(char ***v)
{
	strv_free(*v);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		abort();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

size_t
strv_len(char *const *v)
{
	size_t n = 0;
	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

void
strv_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

char **
strv_dup(char *const *v)
{
	size_t n = strv_len(v);
	char **out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

char *
strv_join(char *const *v, const char *sep)
{
	size_t len = 1, seplen = strlen(sep);
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		len += strlen(v[i]) + seplen;
	char *out = xmalloc(len), *p = out;
	for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
		if (i > 0) {
			memcpy(p, sep, seplen);
			p += seplen;
		}
		size_t l = strlen(v[i]);
		memcpy(p, v[i], l);
		p += l;
	}
	*p = '\0';
	return out;
}

int
read_file(const char *path, char **out, size_t *lenp, struct rj_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", path);
	size_t cap = 4096, len = 0;
	_cleanup_free_ char *buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rj_error_sys(err, "read %s", path);
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	*out = steal_ptr(buf);
	return 0;
}

int
read_regular_file(const char *path, size_t max, char **out, size_t *lenp,
    struct rj_error **err)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	_cleanup_close_ int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		return rj_error_sys(err, "stat %s", path);
	if (!S_ISREG(st.st_mode))
		return rj_error_set(err, EINVAL, "%s: not a regular file",
		    path);
	if ((uint64_t)st.st_size > max)
		return rj_error_set(err, EFBIG,
		    "%s: larger than the %zu MiB limit", path, max >> 20);
	/* The file may grow while we read: never past max. */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	_cleanup_free_ char *buf = xmalloc(cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap > max)
				return rj_error_set(err, EFBIG,
				    "%s: larger than the %zu MiB limit", path,
				    max >> 20);
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rj_error_sys(err, "read %s", path);
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max)
		return rj_error_set(err, EFBIG,
		    "%s: larger than the %zu MiB limit", path, max >> 20);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	*out = steal_ptr(buf);
	return 0;
}

int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

ssize_t
read_all(int fd, void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, (char *)buf + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int
mkdir_p(const char *path, mode_t mode, struct rj_error **err)
{
	_cleanup_free_ char *p = xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return rj_error_sys(err, "mkdir %s", p);
		*s = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

static int
rm_rf_at(int parent, const char *name, dev_t dev, struct rj_error **err)
{
	struct stat st;
	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : rj_error_sys(err, "stat %s", name);
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(parent, name, 0) < 0 && errno != ENOENT)
			return rj_error_sys(err, "unlink %s", name);
		return 0;
	}
	if (st.st_dev != dev)
		return rj_error_set(err, EBUSY,
		    "%s: a mount point, not removed", name);
	int fd = openat(parent, name,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", name);
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return rj_error_sys(err, "opendir %s", name);
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		rc = rm_rf_at(dirfd(d), de->d_name, dev, err);
	}
	closedir(d);
	if (rc == 0 && unlinkat(parent, name, AT_REMOVEDIR) < 0 &&
	    errno != ENOENT)
		return rj_error_sys(err, "rmdir %s", name);
	return rc;
}

int
rm_rf(const char *path, struct rj_error **err)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : rj_error_sys(err, "stat %s", path);
	return rm_rf_at(AT_FDCWD, path, st.st_dev, err);
}

bool
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
format_bytes(char *buf, size_t size, double n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	size_t u = 0;
	while (n >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		n /= 1024;
		u++;
	}
	snprintf(buf, size, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
}

/* By hand: strftime would read /etc/localtime on the start path. */
void
format_rfc3339(int64_t ns, char *buf, size_t size)
{
	int64_t secs = ns / 1000000000, days = secs / 86400;
	int rem = (int)(secs % 86400);
	/* Civil date from days since 1970-01-01 (Howard Hinnant's method). */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int day = (int)(doy - (153 * mp + 2) / 5 + 1);
	int month = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t year = yoe + era * 400 + (month <= 2);
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d.%09lldZ",
	    (long long)year, month, day, rem / 3600, rem / 60 % 60, rem % 60,
	    (long long)(ns % 1000000000));
}

/* A new file beside path under a name nobody can guess, made by us:
 * O_EXCL|O_NOFOLLOW, so a symlink planted where others may write (a pid
 * file in /tmp) is never followed.  *tmp is malloc'd. */
static int
create_temp_beside(const char *path, mode_t mode, char **tmp,
    struct rj_error **err)
{
	for (int tries = 0;; tries++) {
		uint64_t r;
		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
			r = (uint64_t)now_ns() ^ ((uint64_t)getpid() << 32);
		*tmp = xasprintf("%s.tmp.%016llx", path, (unsigned long long)r);
		int fd = open(*tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST || tries == 16) {
			rj_error_sys(err, "create %s", *tmp);
			free(steal_ptr(*tmp));
			return -1;
		}
		free(steal_ptr(*tmp));
	}
}

int
write_file_replace(const char *path, const void *data, size_t len, mode_t mode,
    bool durable, struct rj_error **err)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = create_temp_beside(path, mode, &tmp, err);
	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) < 0 || (durable && fsync(fd) < 0)) {
		rj_error_sys(err, "write %s", tmp);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		rj_error_sys(err, "rename %s", tmp);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
rj_write_file_atomic(const char *path, const void *data, size_t len,
    mode_t mode, struct rj_error **err)
{
	return write_file_replace(path, data, len, mode, true, err);
}
