/* mount_ops.c: carries out the mount steps with nmount(2). */
#include <sys/stat.h>

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

int
fb_mounts_apply(const struct jail_plan *plan, const char *rootfs,
    unsigned ruleset, json_t *done, struct rj_error **err)
{
	for (size_t i = 0; i < plan->n_mounts; i++) {
		const struct mount_step *m = &plan->mounts[i];
		if (make_point(m, rootfs, err) < 0 ||
		    mount_one(m, ruleset, err) < 0)
			return -1;
		json_array_append_new(done, json_string(m->fspath));
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
