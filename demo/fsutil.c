/* fsutil.c: copy a file, write a small one, make a directory, read only
 * regular files, remove a tree of any depth. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "runjutil.h"

int
copy_file(const char *src, const char *dst, mode_t mode, struct rj_error **err)
{
	_cleanup_close_ int in = open_regular(src, src, 0, NULL, err);
	if (in < 0)
		return -1;
	_cleanup_close_ int out = open(dst,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (out < 0)
		return rj_error_sys(err, "create %s", dst);
	_cleanup_free_ char *buf = xmalloc(65536);
	for (;;) {
		ssize_t r = read(in, buf, 65536);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rj_error_sys(err, "read %s", src);
		if (r == 0)
			break;
		if (write_all(out, buf, (size_t)r) < 0)
			return rj_error_sys(err, "write %s", dst);
	}
	if (fchmod(out, mode) < 0)
		return rj_error_sys(err, "chmod %s", dst);
	return 0;
}

int
write_text(const char *dir, const char *name, const char *text, mode_t mode,
    struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, name);
	_cleanup_close_ int fd = open(path,
	    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return rj_error_sys(err, "create %s", path);
	if (write_all(fd, text, strlen(text)) < 0)
		return rj_error_sys(err, "write %s", path);
	return 0;
}

int
make_dir(const char *dir, const char *name, mode_t mode, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, name);
	if (mkdir_p(path, 0755, err) < 0)
		return -1;
	if (chmod(path, mode) < 0)
		return rj_error_sys(err, "chmod %s", path);
	return 0;
}

void
size_text(uint64_t n, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB",
		"EiB" };
	if (n < 1024) {
		snprintf(buf, len, "%llu bytes", (unsigned long long)n);
		return;
	}
	size_t u = 0;
	uint64_t scale = 1024;
	while (u + 1 < ARRAY_SIZE(units) && n / scale >= 1024) {
		scale *= 1024;
		u++;
	}
	if (n % scale == 0)
		snprintf(buf, len, "%llu %s", (unsigned long long)(n / scale),
		    units[u]);
	else
		snprintf(buf, len, "%.1f %s", (double)n / (double)scale,
		    units[u]);
}

int
open_regular(const char *path, const char *what, uint64_t max, uint64_t *size,
    struct rj_error **err)
{
	struct stat st, fst;
	if (stat(path, &st) < 0)
		return rj_error_sys(err, "%s", what);
	if (!S_ISREG(st.st_mode))
		return rj_error_set(err, EINVAL, "%s: not a regular file",
		    what);
	/* O_NONBLOCK: should it have become a FIFO since, the open does not
	 * wait for a writer; fstat then refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "%s", what);
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode) ||
	    fst.st_dev != st.st_dev || fst.st_ino != st.st_ino ||
	    fcntl(fd, F_SETFL, 0) < 0) {
		close(fd);
		return rj_error_set(err, EINVAL,
		    "%s: not a regular file (it changed while opened)", what);
	}
	if (max > 0 && (uint64_t)fst.st_size > max) {
		close(fd);
		char lim[32];
		size_text(max, lim, sizeof(lim));
		return rj_error_set(err, EFBIG, "%s: larger than %s", what,
		    lim);
	}
	if (size != NULL)
		*size = (uint64_t)fst.st_size;
	return fd;
}

int
read_regular(const char *path, const char *what, uint64_t max, char **out,
    size_t *len, struct rj_error **err)
{
	uint64_t size;
	_cleanup_close_ int fd = open_regular(path, what, max, &size, err);
	if (fd < 0)
		return -1;
	/* One byte more than allowed tells a file that grew past max. */
	size_t cap = (size_t)(max > 0 ? max : size) + 1;
	_cleanup_free_ char *buf = xmalloc(cap + 1);
	ssize_t n = read_all(fd, buf, cap);
	if (n < 0)
		return rj_error_sys(err, "read %s", what);
	if ((size_t)n == cap) {
		char lim[32];
		size_text(cap - 1, lim, sizeof(lim));
		return rj_error_set(err, EFBIG, "%s: larger than %s", what,
		    lim);
	}
	buf[n] = '\0';
	if (len != NULL)
		*len = (size_t)n;
	*out = steal_ptr(buf);
	return 0;
}

/* One level of tree_remove's walk: the name of the directory entered and
 * who it is, to check that ".." leads back to where it was. */
struct tree_level {
	char *name;
	dev_t dev;
	ino_t ino;
};

/* Unlinks what dir holds that is not a directory; returns the name of a
 * subdirectory still to empty (caller frees), or NULL when none is left. */
static int
tree_scan(int dir, dev_t dev, char **sub, struct rj_error **err)
{
	*sub = NULL;
	int dfd = dup(dir);
	if (dfd < 0)
		return rj_error_sys(err, "dup");
	DIR *d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return rj_error_sys(err, "opendir");
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && *sub == NULL && (errno = 0, de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(dir, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT)
				rc = rj_error_sys(err, "stat %s", de->d_name);
		} else if (!S_ISDIR(st.st_mode)) {
			if (unlinkat(dir, de->d_name, 0) < 0 && errno != ENOENT)
				rc = rj_error_sys(err, "unlink %s", de->d_name);
		} else if (st.st_dev != dev) {
			rc = rj_error_set(err, EBUSY,
			    "%s: a mount point, not removed", de->d_name);
		} else {
			*sub = xstrdup(de->d_name);
		}
	}
	if (rc == 0 && *sub == NULL && errno != 0)
		rc = rj_error_sys(err, "readdir");
	closedir(d);
	return rc;
}

int
tree_remove(const char *path, struct rj_error **err)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : rj_error_sys(err, "stat %s", path);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0 && errno != ENOENT)
			return rj_error_sys(err, "unlink %s", path);
		return 0;
	}
	const dev_t dev = st.st_dev;
	_cleanup_close_ int fd = open(path,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", path);
	struct tree_level *lv = NULL;
	size_t depth = 0, cap = 0;
	int rc = 0;
	/* Down into the first subdirectory left, up through ".." when one
	 * is empty: memory grows with the depth, descriptors do not. */
	while (rc == 0) {
		char *sub;
		struct stat here;
		/* Writable even when the archive made it 0555. */
		if (fstat(fd, &here) < 0 ||
		    ((here.st_mode & 0700) != 0700 && fchmod(fd, 0700) < 0)) {
			rc = rj_error_sys(err, "%s", path);
			break;
		}
		if ((rc = tree_scan(fd, dev, &sub, err)) < 0)
			break;
		if (sub != NULL) {
			int nfd = openat(fd, sub,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (nfd < 0) {
				rc = rj_error_sys(err, "open %s", sub);
				free(sub);
				break;
			}
			if (depth == cap) {
				cap = cap ? 2 * cap : 64;
				lv = xrealloc(lv, cap * sizeof(*lv));
			}
			lv[depth++] = (struct tree_level){ sub, here.st_dev,
				here.st_ino };
			close(fd);
			fd = nfd;
			continue;
		}
		if (depth == 0)
			break;
		struct tree_level *up = &lv[depth - 1];
		int pfd = openat(fd, "..",
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		struct stat pst;
		if (pfd < 0 || fstat(pfd, &pst) < 0 || pst.st_dev != up->dev ||
		    pst.st_ino != up->ino) {
			if (pfd >= 0)
				close(pfd);
			rc = rj_error_set(err, EBUSY,
			    "%s: moved while being removed", path);
			break;
		}
		close(fd);
		fd = pfd;
		if (unlinkat(fd, up->name, AT_REMOVEDIR) < 0 && errno != ENOENT)
			rc = rj_error_sys(err, "rmdir %s", up->name);
		free(up->name);
		depth--;
	}
	for (size_t i = 0; i < depth; i++)
		free(lv[i].name);
	free(lv);
	if (rc < 0)
		return rj_error_wrap(err, "remove %s", path);
	if (rmdir(path) < 0 && errno != ENOENT)
		return rj_error_sys(err, "rmdir %s", path);
	return 0;
}
