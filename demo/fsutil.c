/* fsutil.c: copy a file, write a small one, make a directory. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "runjutil.h"

int
copy_file(const char *src, const char *dst, mode_t mode, struct rj_error **err)
{
	_cleanup_close_ int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return rj_error_sys(err, "open %s", src);
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
