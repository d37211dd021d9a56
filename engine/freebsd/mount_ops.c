/* mount_ops.c: carries out the mount steps with nmount(2). */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

static const struct {
	unsigned mp, km;
} flag_map[] = {
	{ MP_RDONLY, KM_RDONLY },
	{ MP_NOSUID, KM_NOSUID },
	{ MP_NOEXEC, KM_NOEXEC },
	{ MP_NOATIME, KM_NOATIME },
	{ MP_SYNC, KM_SYNC },
};

/* Makes the mount point: a directory, or an empty file for a nullfs
 * mount of a file.  It must stay inside the rootfs: a symlink in the
 * image must not send a mount onto the host. */
static int
make_point(const struct mount_step *m, const char *rootfs,
    struct rj_error **err)
{
	struct stat st;
	bool file = m->source != NULL && !m->is_root &&
	    stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode);
	if (file) {
		_cleanup_free_ char *dir = xstrdup(m->mkpath);
		*strrchr(dir, '/') = '\0';
		if (mkdir_p(dir, 0755, err) < 0)
			return -1;
		int fd = open(m->mkpath, O_WRONLY | O_CREAT | O_NOFOLLOW, 0644);
		if (fd < 0)
			return rj_error_sys(err, "mount point %s", m->mkpath);
		close(fd);
	} else if (mkdir_p(m->mkpath, 0755, err) < 0) {
		return -1;
	}
	if (m->is_root)
		return 0;
	char real[PATH_MAX], rroot[PATH_MAX];
	if (realpath(m->mkpath, real) == NULL ||
	    realpath(rootfs, rroot) == NULL)
		return rj_error_sys(err, "mount point %s", m->mkpath);
	size_t len = strlen(rroot);
	if (strncmp(real, rroot, len) != 0 ||
	    (real[len] != '/' && real[len] != '\0'))
		return rj_error_set(err, EPERM,
		    "mount point %s leads out of the rootfs (to %s)", m->mkpath,
		    real);
	return 0;
}

static int
mount_one(const struct mount_step *m, unsigned ruleset, struct rj_error **err)
{
	size_t nopts = strv_len(m->opts) / 2;
	_cleanup_free_ struct kern_param *opts = xcalloc(nopts + 4,
	    sizeof(*opts));
	size_t n = 0;
	char errmsg[256] = "", rs[8];
	opts[n++] = (struct kern_param){ "fstype", m->fstype };
	opts[n++] = (struct kern_param){ "fspath", m->fspath };
	for (size_t i = 0; i < nopts; i++)
		opts[n++] = (struct kern_param){ m->opts[2 * i],
			m->opts[2 * i + 1] };
	if (m->own_ruleset) {
		snprintf(rs, sizeof(rs), "%u", ruleset);
		opts[n++] = (struct kern_param){ "ruleset", rs };
	}
	unsigned flags = 0;
	for (size_t i = 0; i < ARRAY_SIZE(flag_map); i++)
		if (m->flags & flag_map[i].mp)
			flags |= flag_map[i].km;
	if (kern_nmount(opts, n, flags, errmsg, sizeof(errmsg)) < 0) {
		int e = errno;
		return rj_error_set(err, e, "mount %s on %s: %s", m->fstype,
		    m->fspath, errmsg[0] ? errmsg : strerror(e));
	}
	return 0;
}

/* tmpcopyup (ocijail): what was below the mount point, copied into the
 * new file system -- directories, files and links with their modes and
 * owners; nothing else.  from is the covered directory, opened before
 * the mount. */
static int
copy_tree(int from, int to, int depth, struct rj_error **err)
{
	if (depth > 64)
		return rj_error_set(err, ELOOP, "tmpcopyup: too deep");
	int dfd = dup(from);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (d == NULL) {
		if (dfd >= 0)
			close(dfd);
		return rj_error_sys(err, "tmpcopyup");
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		struct stat st;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 ||
		    fstatat(from, n, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (mkdirat(to, n, st.st_mode & 07777) < 0 &&
			    errno != EEXIST) {
				rc = rj_error_sys(err, "tmpcopyup: %s", n);
				break;
			}
			_cleanup_close_ int a = openat(from, n,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			_cleanup_close_ int b = openat(to, n,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (a < 0 || b < 0)
				rc = rj_error_sys(err, "tmpcopyup: %s", n);
			else
				rc = copy_tree(a, b, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			_cleanup_close_ int a = openat(from, n,
			    O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			_cleanup_close_ int b = openat(to, n,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				O_CLOEXEC,
			    st.st_mode & 07777);
			char buf[65536];
			ssize_t r = 0;
			while (a >= 0 && b >= 0 &&
			    (r = read(a, buf, sizeof(buf))) > 0)
				if (write_all(b, buf, (size_t)r) < 0)
					break;
			if (a < 0 || b < 0 || r != 0)
				rc = rj_error_sys(err, "tmpcopyup: %s", n);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t l = readlinkat(from, n, target,
			    sizeof(target) - 1);
			if (l < 0)
				continue;
			target[l] = '\0';
			if (symlinkat(target, to, n) < 0)
				rc = rj_error_sys(err, "tmpcopyup: %s", n);
		} else {
			continue; /* devices, fifos, sockets: not copied */
		}
		if (rc == 0) {
			fchownat(to, n, st.st_uid, st.st_gid,
			    AT_SYMLINK_NOFOLLOW);
			if (!S_ISLNK(st.st_mode))
				fchmodat(to, n, st.st_mode & 07777, 0);
		}
	}
	closedir(d);
	return rc;
}

/* rule= (ocijail): each devfs rule runs once on the new mount, as
 * `devfs -m MOUNT rule apply RULE` does. */
static int
apply_rules(const struct mount_step *m, int fd, struct rj_error **err)
{
	for (size_t i = 0; i < m->n_apply; i++) {
		const struct devfs_step *s = &m->apply[i];
		struct kern_devfs_rule r = {
			.include = s->include,
			.incset = s->incset,
			.path = s->path,
			.action = s->hide ? KD_HIDE
			    : s->unhide	  ? KD_UNHIDE
					  : KD_NONE,
			.has_mode = s->has_mode,
			.mode = s->mode,
		};
		if (kern_devfs_rule_apply(fd, &r) < 0)
			return rj_error_sys(err, "devfs rule on %s", m->fspath);
	}
	return 0;
}

int
fb_mounts_apply(const struct jail_plan *plan, const char *rootfs,
    unsigned ruleset, json_t *done, struct rj_error **err)
{
	for (size_t i = 0; i < plan->n_mounts; i++) {
		const struct mount_step *m = &plan->mounts[i];
		if (make_point(m, rootfs, err) < 0)
			return -1;
		_cleanup_close_ int below = m->copyup
		    ? open(m->fspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
		    : -1;
		if (m->copyup && below < 0)
			return rj_error_sys(err, "tmpcopyup: %s", m->fspath);
		if (mount_one(m, ruleset, err) < 0)
			return -1;
		json_array_append_new(done, json_string(m->fspath));
		if (m->copyup || m->n_apply > 0) {
			_cleanup_close_ int top = open(m->fspath,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (top < 0)
				return rj_error_sys(err, "%s", m->fspath);
			if (m->copyup && copy_tree(below, top, 0, err) < 0)
				return -1;
			if (apply_rules(m, top, err) < 0)
				return -1;
		}
	}
	return 0;
}

int
fb_mounts_undo(json_t *done, struct rj_error **err)
{
	int rc = 0;
	for (size_t i = json_array_size(done); i-- > 0;) {
		const char *path = json_string_value(json_array_get(done, i));
		if (path == NULL)
			continue;
		if (kern_unmount_path(path, 0) == 0 || errno == EINVAL ||
		    errno == ENOENT)
			continue;
		/* Busy: the jail is gone, so nothing of ours holds it. */
		if (kern_unmount_path(path, KU_FORCE) < 0 && errno != EINVAL &&
		    errno != ENOENT && rc == 0)
			rc = rj_error_sys(err, "unmount %s", path);
	}
	return rc;
}
