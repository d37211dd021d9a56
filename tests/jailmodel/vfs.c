/*
 * vfs.c: nmount(2), unmount(2), fstatfs(2), after vfs_mount.c.  The model
 * mounts for real, in its own mount namespace: nullfs is a bind mount,
 * tmpfs and procfs are Linux's, devfs is a tmpfs the model fills with the
 * nodes its ruleset leaves visible (devfs.c), fdescfs an empty tmpfs
 * (Linux keeps per-process descriptors in procfs only).  Each mount is
 * recorded with the fsid the model gave it and the Linux mount id, so an
 * unmount by fsid finds it wherever it has been moved.
 *
 * A mount: {fsid: [a, b], fstype, on (f_mntonname), mnt_id, ruleset}.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

/* Options each file system takes besides the global ones
 * (vfs_filteropt()): tmpfs_opts (tmpfs_vfsops.c), devfs_opts
 * (devfs_vfsops.c), fdescfs_opts (fdesc_vfsops.c); nullfs and procfs
 * read what they know and ignore the rest. */
static const char *const tmpfs_opts[] = { "from", "easize", "export", "gid",
	"mode", "nomtime", "nonc", "pgread", "size", "maxfilesize", "inodes",
	"uid", "union", NULL };
static const char *const devfs_opts[] = { "from", "export", "ruleset", NULL };
static const char *const fdescfs_opts[] = { "from", "linrdlnk", "nodup", NULL };

static const struct fstype {
	const char *name;
	int typenum; /* the fsid's second word, vfc_typenum */
	const char *const *legal;
} fstypes[] = {
	{ "nullfs", 0x29, NULL },
	{ "tmpfs", 0x87, tmpfs_opts },
	{ "devfs", 0x71, devfs_opts },
	{ "fdescfs", 0x59, fdescfs_opts },
	{ "procfs", 0x02, NULL },
};

/* global_opts (vfs_mount.c). */
static const char *const global_opts[] = { "errmsg", "fstype", "fspath", "ro",
	"rw", "nosuid", "noexec", NULL };

static bool
in_list(const char *const *l, const char *p)
{
	const char *q = strncmp(p, "no", 2) == 0 ? p + 2 : NULL;
	for (; l != NULL && *l != NULL; l++)
		if (strcmp(*l, p) == 0 || (q != NULL && strcmp(*l, q) == 0))
			return true;
	return false;
}

int
vfs_linux_mnt_id(int dirfd, const char *path, uint64_t *id)
{
	struct statx sx;
	int flags = (*path == '\0' ? AT_EMPTY_PATH : 0);
	if (statx(dirfd, path, flags, STATX_MNT_ID, &sx) < 0)
		return -1;
	*id = sx.stx_mnt_id;
	return 0;
}

/* /proc/self/mountinfo: mount id, parent id and mount point of each. */
struct minfo {
	uint64_t id, parent;
	char path[PATH_MAX];
};

static void
unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r != '\0'; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '7' && r[2] &&
		    r[3]) {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 +
			    (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static size_t
mountinfo(struct minfo **out)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	size_t n = 0, cap = 64;
	*out = xcalloc(cap, sizeof(**out));
	if (f == NULL)
		return 0;
	char line[8192];
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long id, parent;
		char root[PATH_MAX], point[PATH_MAX];
		if (sscanf(line, "%llu %llu %*s %4095s %4095s", &id, &parent,
			root, point) != 4)
			continue;
		if (n == cap)
			*out = xrealloc(*out, (cap *= 2) * sizeof(**out));
		(*out)[n].id = id;
		(*out)[n].parent = parent;
		unescape(point);
		snprintf((*out)[n].path, PATH_MAX, "%s", point);
		n++;
	}
	fclose(f);
	return n;
}

json_t *
vfs_mount_by_id(struct model *m, uint64_t mnt_id)
{
	size_t i;
	json_t *mnt;
	json_array_foreach(jarr(m->k, "mounts"), i, mnt)
	{
		if ((uint64_t)jint(mnt, "mnt_id") == mnt_id)
			return mnt;
	}
	return NULL;
}

static const struct fstype *
fstype_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fstypes); i++)
		if (strcmp(fstypes[i].name, name) == 0)
			return &fstypes[i];
	return NULL;
}

static const char *
optval(const struct kern_param *opts, size_t n, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].name, name) == 0)
			v = opts[i].value ? opts[i].value : "";
	return v;
}

/* vfs_getopt_size (vfs_mount.c): a number with a k/m/g/t suffix. */
static int
opt_size(const char *v, unsigned long long *out)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 0);
	if (end == v || (end[0] && end[1]))
		return -1;
	switch (*end) {
	case 't':
	case 'T':
		n *= 1024;
		/* FALLTHROUGH */
	case 'g':
	case 'G':
		n *= 1024;
		/* FALLTHROUGH */
	case 'm':
	case 'M':
		n *= 1024;
		/* FALLTHROUGH */
	case 'k':
	case 'K':
		n *= 1024;
		/* FALLTHROUGH */
	case '\0':
		break;
	default:
		return -1;
	}
	*out = n;
	return 0;
}

static int
linux_tmpfs(const char *src, const char *on, unsigned long mf,
    const struct kern_param *opts, size_t n)
{
	char data[256] = "";
	size_t len = 0;
	const char *v;
	unsigned long long sz;
	if ((v = optval(opts, n, "size")) != NULL) {
		if (opt_size(v, &sz) < 0)
			return errno = EINVAL, -1;
		len += (size_t)snprintf(data + len, sizeof(data) - len,
		    "size=%llu,", sz ? sz : 1024ULL * 1024 * 1024);
	}
	if ((v = optval(opts, n, "mode")) != NULL)
		len += (size_t)snprintf(data + len, sizeof(data) - len,
		    "mode=%lo,", strtoul(v, NULL, 8));
	if ((v = optval(opts, n, "uid")) != NULL)
		len += (size_t)snprintf(data + len, sizeof(data) - len,
		    "uid=%lu,", strtoul(v, NULL, 10));
	if ((v = optval(opts, n, "gid")) != NULL)
		len += (size_t)snprintf(data + len, sizeof(data) - len,
		    "gid=%lu,", strtoul(v, NULL, 10));
	if ((v = optval(opts, n, "inodes")) != NULL)
		len += (size_t)snprintf(data + len, sizeof(data) - len,
		    "nr_inodes=%lu,", strtoul(v, NULL, 10));
	if (len > 0)
		data[len - 1] = '\0';
	return mount(src, on, "tmpfs", mf, len ? data : NULL);
}

int
kern_nmount(const struct kern_param *opts, size_t n, unsigned flags,
    char *errmsg, size_t errlen)
{
	if (errmsg != NULL && errlen > 0)
		errmsg[0] = '\0';
	const char *type = optval(opts, n, "fstype");
	const char *fspath = optval(opts, n, "fspath");
	if (type == NULL || fspath == NULL || *type == '\0' ||
	    *fspath == '\0') {
		errno = EINVAL;
		return -1;
	}
	/* vfs_byname_kld: a file system the kernel cannot find. */
	const struct fstype *ft = fstype_find(type);
	if (ft == NULL) {
		errno = ENODEV;
		return -1;
	}
	if (ft->legal != NULL) {
		for (size_t i = 0; i < n; i++) {
			if (in_list(global_opts, opts[i].name) ||
			    in_list(ft->legal, opts[i].name))
				continue;
			model_errmsg(errmsg, errlen,
			    "mount option <%s> is unknown", opts[i].name);
			errno = EINVAL;
			return -1;
		}
	}
	/* vfs_domount: namei(FOLLOW) of fspath, and f_mntonname is the
	 * global path it resolved to. */
	char on[PATH_MAX];
	struct stat st;
	if (realpath(fspath, on) == NULL || stat(on, &st) < 0)
		return -1;
	unsigned long mf = 0;
	if (flags & KM_RDONLY)
		mf |= MS_RDONLY;
	if (flags & KM_NOSUID)
		mf |= MS_NOSUID;
	if (flags & KM_NOEXEC)
		mf |= MS_NOEXEC;
	if (flags & KM_NOATIME)
		mf |= MS_NOATIME;
	if (flags & KM_SYNC)
		mf |= MS_SYNCHRONOUS;
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	json_t *mnt = json_object();
	int rc = -1;
	if (strcmp(type, "nullfs") == 0) {
		/* nullfs_mount (null_vfsops.c): "target" (or "from") must
		 * exist; a file may cover a file, a directory a
		 * directory. */
		const char *target = optval(opts, n, "target");
		if (target == NULL)
			target = optval(opts, n, "from");
		char lower[PATH_MAX];
		struct stat lst;
		if (target == NULL) {
			errno = EINVAL;
		} else if (realpath(target, lower) == NULL ||
		    stat(lower, &lst) < 0) {
			/* errno from the lookup */
		} else if (S_ISDIR(lst.st_mode) != S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
		} else if ((rc = mount(lower, on, NULL, MS_BIND, NULL)) == 0 &&
		    mf != 0) {
			rc = mount(NULL, on, NULL, MS_REMOUNT | MS_BIND | mf,
			    NULL);
			if (rc < 0)
				umount2(on, MNT_DETACH);
		}
		jset_str(mnt, "target", lower);
	} else if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
	} else if (strcmp(type, "tmpfs") == 0) {
		rc = linux_tmpfs("tmpfs", on, mf, opts, n);
	} else if (strcmp(type, "procfs") == 0) {
		rc = mount("procfs", on, "proc", mf, NULL);
	} else if (strcmp(type, "fdescfs") == 0) {
		struct kern_param none[] = { { "mode", "555" } };
		rc = linux_tmpfs("fdescfs", on, mf | MS_RDONLY, none, 1);
	} else { /* devfs */
		const char *rs = optval(opts, n, "ruleset");
		long v = rs ? strtol(rs, NULL, 10) : 0;
		if (v < 0 || v > 65535) {
			errno = EINVAL;
		} else {
			struct kern_param dm[] = { { "mode", "755" } };
			rc = linux_tmpfs("devfs", on, mf & ~MS_RDONLY, dm, 1);
			jset_int(mnt, "ruleset", v);
		}
	}
	uint64_t id = 0;
	if (rc == 0 && vfs_linux_mnt_id(AT_FDCWD, on, &id) < 0) {
		umount2(on, MNT_DETACH);
		rc = -1;
	}
	if (rc == 0) {
		int seq = (int)jint(m.k, "next_fsid");
		jset_int(m.k, "next_fsid", seq + 1);
		json_object_set_new(mnt, "fsid",
		    json_pack("[i, i]", (int)(0xff000000u | (unsigned)seq),
			ft->typenum));
		jset_str(mnt, "fstype", type);
		jset_str(mnt, "on", on);
		jset_int(mnt, "mnt_id", (json_int_t)id);
		json_array_append(jarr(m.k, "mounts"), mnt);
		m.dirty = true;
		if (strcmp(type, "devfs") == 0 &&
		    devfs_mount_populate(&m, mnt, on) < 0) {
			int e = errno;
			json_array_remove(jarr(m.k, "mounts"),
			    json_array_size(jarr(m.k, "mounts")) - 1);
			umount2(on, MNT_DETACH);
			errno = e;
			rc = -1;
		}
	}
	json_decref(mnt);
	model_leave(&m);
	return rc;
}

/* dounmount (vfs_mount.c): a file system something else is mounted on is
 * busy; so is one in use, unless forced. */
static int
dounmount(struct model *m, size_t idx, int flags)
{
	json_t *mounts = jarr(m->k, "mounts");
	json_t *mnt = json_array_get(mounts, idx);
	uint64_t id = (uint64_t)jint(mnt, "mnt_id");
	_cleanup_free_ struct minfo *mi = NULL;
	size_t nmi = mountinfo(&mi);
	const char *where = NULL;
	for (size_t i = 0; i < nmi; i++) {
		if (mi[i].parent == id) {
			errno = EBUSY;
			return -1;
		}
		if (mi[i].id == id)
			where = mi[i].path;
	}
	if (where != NULL &&
	    umount2(where,
		UMOUNT_NOFOLLOW | ((flags & KU_FORCE) ? MNT_DETACH : 0)) < 0)
		return -1;
	devfs_mount_release(m, mnt);
	json_array_remove(mounts, idx);
	m->dirty = true;
	return 0;
}

/* kern_unmount (vfs_mount.c) by path: namei(FOLLOW) -- the path's
 * symlinks are followed -- then the last mount whose f_mntonname is the
 * global path it resolved to.  None: EINVAL. */
int
kern_unmount_path(const char *path, int flags)
{
	char real[PATH_MAX];
	const char *p = realpath(path, real) ? real : path;
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	json_t *mounts = jarr(m.k, "mounts");
	int rc = -1;
	errno = EINVAL;
	for (size_t i = json_array_size(mounts); i-- > 0;) {
		if (strcmp(jstr(json_array_get(mounts, i), "on"), p) == 0) {
			rc = dounmount(&m, i, flags);
			break;
		}
	}
	model_leave(&m);
	return rc;
}

/* kern_unmount with MNT_BYFSID: the mount with that f_fsid, wherever it
 * is now.  None: ENOENT. */
int
kern_unmount_fsid(struct kern_fsid fsid, int flags)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	json_t *mounts = jarr(m.k, "mounts");
	int rc = -1;
	errno = ENOENT;
	for (size_t i = json_array_size(mounts); i-- > 0;) {
		json_t *f = json_object_get(json_array_get(mounts, i), "fsid");
		if (json_integer_value(json_array_get(f, 0)) == fsid.val[0] &&
		    json_integer_value(json_array_get(f, 1)) == fsid.val[1]) {
			rc = dounmount(&m, i, flags);
			break;
		}
	}
	model_leave(&m);
	return rc;
}

/* fstatfs: the model's mounts report what the model recorded; any other
 * file system is the host's, "ufs" with no fsid the model knows. */
int
kern_fstatfs(int fd, struct kern_statfs *st)
{
	uint64_t id;
	if (vfs_linux_mnt_id(fd, "", &id) < 0)
		return -1;
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	memset(st, 0, sizeof(*st));
	json_t *mnt = vfs_mount_by_id(&m, id);
	if (mnt != NULL) {
		json_t *f = json_object_get(mnt, "fsid");
		st->fsid.val[0] = (int32_t)json_integer_value(
		    json_array_get(f, 0));
		st->fsid.val[1] = (int32_t)json_integer_value(
		    json_array_get(f, 1));
		snprintf(st->fstypename, sizeof(st->fstypename), "%s",
		    jstr(mnt, "fstype"));
		snprintf(st->mntonname, sizeof(st->mntonname), "%s",
		    jstr(mnt, "on"));
	} else {
		_cleanup_free_ struct minfo *mi = NULL;
		size_t nmi = mountinfo(&mi);
		snprintf(st->fstypename, sizeof(st->fstypename), "ufs");
		for (size_t i = 0; i < nmi; i++)
			if (mi[i].id == id)
				snprintf(st->mntonname, sizeof(st->mntonname),
				    "%s", mi[i].path);
	}
	model_leave(&m);
	return 0;
}
