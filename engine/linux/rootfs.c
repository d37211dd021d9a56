/*
 * rootfs.c: the container's mount namespace: the config's mounts in order,
 * devices, pivot_root, masked and read-only paths.
 *
 * Every destination is opened with openat2(RESOLVE_IN_ROOT) below the
 * rootfs and mounted on through /proc/self/fd/N, so a symlink in the rootfs
 * can never point a mount outside it (the CVE-2021-30465 class).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux/linux_int.h"
#include "linux/mount_opts.h"
#include "linux/mountinfo.h"
#include "util.h"

#ifndef MOUNT_ATTR_RDONLY
struct mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV  0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

static int
openat2_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = { .flags = (uint64_t)flags | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	return linux_openat2(rootfd, path, &how);
}

/* Opens path below rootfd, making it (and its parents) when missing: a
 * directory, or an empty file when as_file. */
int
rootfs_open_dest(int rootfd, const char *path, bool as_file,
    struct rj_error **err)
{
	int fd = openat2_in_root(rootfd, path, O_PATH);
	if (fd >= 0 || errno != ENOENT) {
		if (fd < 0)
			return rj_error_sys(err, "open %s in the rootfs", path);
		return fd;
	}
	_cleanup_free_ char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');
	const char *name = slash ? slash + 1 : copy;
	_cleanup_close_ int parent = -1;
	if (slash != NULL && slash != copy) {
		*slash = '\0';
		parent = rootfs_open_dest(rootfd, copy, false, err);
	} else {
		parent = openat2_in_root(rootfd, "/", O_PATH);
	}
	if (parent < 0)
		return rj_error_sys(err, "open %s in the rootfs", path);
	/* mkdirat/openat need a real directory fd, not O_PATH. */
	_cleanup_close_ int dirfd_ = openat(parent, ".",
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd_ < 0)
		return rj_error_sys(err, "open the parent of %s", path);
	if (as_file) {
		/* made, never opened: whatever appeared there meanwhile
		 * (a device node) is not opened either */
		if (mknodat(dirfd_, name, S_IFREG | 0644, 0) < 0 &&
		    errno != EEXIST)
			return rj_error_sys(err, "create %s in the rootfs",
			    path);
	} else if (mkdirat(dirfd_, name, 0755) < 0 && errno != EEXIST) {
		return rj_error_sys(err, "mkdir %s in the rootfs", path);
	}
	fd = openat2_in_root(rootfd, path, O_PATH);
	if (fd < 0)
		return rj_error_sys(err, "open %s in the rootfs", path);
	return fd;
}

static void
fd_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* Remounts a bind mount with flags, keeping the flags a user namespace
 * locks (nosuid, nodev, noexec, ro of the source) when the kernel asks. */
static int
bind_remount(const char *target, unsigned long flags, const char *what,
    struct rj_error **err)
{
	unsigned long f = MS_BIND | MS_REMOUNT | flags;
	if (mount(NULL, target, NULL, f, NULL) == 0)
		return 0;
	struct statvfs sv;
	if (errno == EPERM && statvfs(target, &sv) == 0) {
		static const struct {
			unsigned long st, ms;
		} locked[] = { { ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
			{ ST_NOEXEC, MS_NOEXEC }, { ST_RDONLY, MS_RDONLY } };
		for (size_t i = 0; i < ARRAY_SIZE(locked); i++)
			if (sv.f_flag & locked[i].st)
				f |= locked[i].ms;
		if (mount(NULL, target, NULL, f, NULL) == 0)
			return 0;
	}
	return rj_error_sys(err, "remount %s", what);
}

static int
mount_attrs(int rootfd, const char *dest, const struct mount_opts *mo,
    struct rj_error **err)
{
	if (mo->attr_set == 0 && mo->attr_clr == 0)
		return 0;
	_cleanup_close_ int fd = openat2_in_root(rootfd, dest, O_PATH);
	if (fd < 0)
		return rj_error_sys(err, "open %s", dest);
	struct mount_attr attr = { .attr_set = mo->attr_set,
		.attr_clr = mo->attr_clr };
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE,
		&attr, sizeof(attr)) < 0)
		return rj_error_sys(err, "mount_setattr %s", dest);
	return 0;
}

static bool
is_bind(const struct rj_mount *m, const struct mount_opts *mo)
{
	return mo->bind || (m->type != NULL && strcmp(m->type, "bind") == 0);
}

/* A mapped root may not reach a bind mount's source on the host (under a
 * 0700 directory, another user's).  As runc does, runj opens such sources
 * with the host's rights and passes them to the init, which mounts from
 * the descriptor where its own path lookup is refused. */
bool
rootfs_bind_source_wanted(const struct rj_spec *s, size_t i)
{
	const struct rj_namespace *ns = s->linux_.namespaces;
	if (!ns[RJ_NS_USER].present || ns[RJ_NS_USER].path != NULL ||
	    !ns[RJ_NS_MOUNT].present || ns[RJ_NS_MOUNT].path != NULL ||
	    s->mounts[i].source == NULL)
		return false;
	struct mount_opts mo;
	if (mount_opts_parse(s->mounts[i].options, &mo, NULL) < 0)
		return false;
	bool bind = is_bind(&s->mounts[i], &mo);
	mount_opts_free(&mo);
	return bind;
}

static int
mount_bind(struct linux_init *li, const struct rj_mount *m, int src_fd,
    const struct mount_opts *mo, struct rj_error **err)
{
	_cleanup_free_ char *source = m->source == NULL ? NULL
	    : m->source[0] == '/'
	    ? xstrdup(m->source)
	    : xasprintf("%s/%s", li->c->bundle, m->source);
	if (source == NULL)
		return rj_error_set(err, EINVAL, "bind mount needs a source");
	struct stat st;
	if (stat(source, &st) < 0) {
		/* Out of the mapped root's reach: runj's descriptor, which
		 * names a mount of this namespace (a bind may come from no
		 * other). */
		if (errno != EACCES || src_fd < 0 || fstat(src_fd, &st) < 0)
			return rj_error_sys(err, "source %s", source);
		free(source);
		source = xasprintf("/proc/self/fd/%d", src_fd);
	}
	_cleanup_close_ int fd = rootfs_open_dest(li->rootfd, m->destination,
	    !S_ISDIR(st.st_mode), err);
	if (fd < 0)
		return -1;
	char target[64];
	fd_path(target, sizeof(target), fd);
	if (mount(source, target, NULL, mo->flags & (MS_BIND | MS_REC), NULL) <
	    0)
		return rj_error_sys(err, "bind %s", source);
	unsigned long extra = mo->flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
	if (extra != 0) {
		/* The fd still names the mount point under the new mount: open
		 * it again to reach the bind itself. */
		_cleanup_close_ int nfd = openat2_in_root(li->rootfd,
		    m->destination, O_PATH);
		char ntarget[64];
		fd_path(ntarget, sizeof(ntarget), nfd);
		if (nfd < 0 ||
		    bind_remount(ntarget, extra, m->destination, err) < 0)
			return -1;
	}
	return 0;
}

/* Without mount_setattr(2) (Linux < 5.12): a remount of each bind, then
 * of the tmpfs. */
static int
cgroup_flags_by_remount(struct linux_init *li, const struct rj_mount *m,
    const struct mount_opts *mo, json_t *dirs, struct rj_error **err)
{
	unsigned long want = mo->flags &
	    (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	const char *name;
	json_t *v;
	json_object_foreach(dirs, name, v)
	{
		const char *eq = strchr(name, '=');
		_cleanup_free_ char *dest = xasprintf("%s/%s", m->destination,
		    eq != NULL ? eq + 1 : name);
		_cleanup_close_ int nfd = openat2_in_root(li->rootfd, dest,
		    O_PATH);
		char ntarget[64];
		fd_path(ntarget, sizeof(ntarget), nfd);
		if (nfd < 0 || bind_remount(ntarget, want, dest, err) < 0)
			return -1;
	}
	if (!(mo->flags & MS_RDONLY))
		return 0;
	_cleanup_close_ int nfd = openat2_in_root(li->rootfd, m->destination,
	    O_PATH);
	char ntarget[64];
	fd_path(ntarget, sizeof(ntarget), nfd);
	if (mount(NULL, ntarget, NULL,
		MS_REMOUNT | MS_RDONLY | (mo->flags & ~MS_RDONLY),
		"mode=755") < 0)
		return rj_error_sys(err, "remount %s read-only",
		    m->destination);
	return 0;
}

/* v1 and hybrid hosts: a tmpfs with the container's own directory of each
 * hierarchy bound in, as runc does; v2: cgroup2 itself.  The tmpfs is
 * new and ours (nothing of the container runs yet), so its directories
 * are made from a descriptor of it, and one recursive mount_setattr(2)
 * gives the flags to it and every bind: three calls a hierarchy, where
 * a lookup in the root and a remount each took eight. */
static int
mount_cgroup(struct linux_init *li, const struct rj_mount *m,
    const struct mount_opts *mo, const char *target, struct rj_error **err)
{
	unsigned long flags = mo->flags & ~MS_RDONLY;
	if (linux_init_cgroup_ns(li, err) < 0)
		return -1;
	if (linux_cgroup_v2_only()) {
		if (mount("cgroup2", target, "cgroup2", mo->flags, NULL) < 0)
			return rj_error_sys(err, "mount cgroup2 on %s",
			    m->destination);
		return 0;
	}
	if (mount("tmpfs", target, "tmpfs", flags, "mode=755") < 0)
		return rj_error_sys(err, "mount tmpfs on %s", m->destination);
	_cleanup_close_ int top = openat2_in_root(li->rootfd, m->destination,
	    O_PATH | O_DIRECTORY);
	_cleanup_close_ int dir = top < 0
	    ? -1
	    : openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return rj_error_sys(err, "open the tmpfs on %s",
		    m->destination);
	json_t *dirs = json_object_get(json_object_get(li->c->driver_state,
					   "cgroup"),
	    "dirs");
	const char *name;
	json_t *v;
	json_object_foreach(dirs, name, v)
	{
		const char *src = json_string_value(v);
		/* "name=systemd" is mounted where systemd looks: systemd. */
		const char *eq = strchr(name, '=');
		const char *sub = eq != NULL ? eq + 1 : name;
		if (src == NULL || *sub == '\0' || strchr(sub, '/') != NULL ||
		    strcmp(sub, ".") == 0 || strcmp(sub, "..") == 0)
			return rj_error_set(err, EINVAL,
			    "cgroup hierarchy \"%s\": not a directory name",
			    name);
		if (mkdirat(dir, sub, 0755) < 0 && errno != EEXIST)
			return rj_error_sys(err, "mkdir %s/%s", m->destination,
			    sub);
		_cleanup_close_ int dfd = openat(dir, sub,
		    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd < 0)
			return rj_error_sys(err, "open %s/%s", m->destination,
			    sub);
		char dtarget[64];
		fd_path(dtarget, sizeof(dtarget), dfd);
		if (mount(src, dtarget, NULL, MS_BIND | MS_REC, NULL) < 0)
			return rj_error_sys(err, "bind %s", src);
	}
	static const struct {
		unsigned long ms;
		uint64_t attr;
	} to_attr[] = { { MS_RDONLY, MOUNT_ATTR_RDONLY },
		{ MS_NOSUID, MOUNT_ATTR_NOSUID },
		{ MS_NODEV, MOUNT_ATTR_NODEV },
		{ MS_NOEXEC, MOUNT_ATTR_NOEXEC } };
	struct mount_attr attr = { 0 };
	for (size_t i = 0; i < ARRAY_SIZE(to_attr); i++)
		if (mo->flags & to_attr[i].ms)
			attr.attr_set |= to_attr[i].attr;
	if (attr.attr_set == 0)
		return 0;
	if (syscall(SYS_mount_setattr, top, "", AT_EMPTY_PATH | AT_RECURSIVE,
		&attr, sizeof(attr)) == 0)
		return 0;
	if (errno != ENOSYS)
		return rj_error_sys(err, "mount_setattr %s", m->destination);
	return cgroup_flags_by_remount(li, m, mo, dirs, err);
}

/* linux.mountLabel labels the filesystems we make (not binds), through
 * the context= option SELinux reads; the driver's check made sure the
 * host has SELinux when it is set. */
static const char *
with_label(struct mount_opts *mo, struct linux_init *li)
{
	const char *label = li->c->spec.linux_.mount_label;
	if (label == NULL)
		return mo->data;
	char *d = xasprintf("%s%scontext=\"%s\"", mo->data,
	    *mo->data ? "," : "", label);
	free(mo->data);
	mo->data = d;
	return d;
}

/* "/dev", however many slashes. */
static bool
is_dev(const char *dest)
{
	dest += strspn(dest, "/");
	if (strncmp(dest, "dev", 3) != 0)
		return false;
	return dest[3 + strspn(dest + 3, "/")] == '\0';
}

/* A read-only tmpfs or /dev is mounted writable and made read-only in
 * rootfs_finish, as runc does: the devices, their links and the mount
 * points of later mounts are made in it first. */
static bool
ro_later(const struct rj_mount *m, const struct mount_opts *mo)
{
	return (mo->flags & MS_RDONLY) && !is_bind(m, mo) &&
	    ((m->type != NULL && strcmp(m->type, "tmpfs") == 0) ||
		is_dev(m->destination));
}

/* What is on /dev: the image's directory, a file system runj fills with
 * devices, or a bind (the host's /dev, maybe) left as it is, as runc
 * does. */
enum dev_kind {
	DEV_IMAGE,
	DEV_OURS,
	DEV_BOUND
};

static int
mount_one(struct linux_init *li, const struct rj_mount *m, int src_fd,
    enum dev_kind *dev, struct rj_error **err)
{
	struct mount_opts mo;
	if (mount_opts_parse(m->options, &mo, err) < 0)
		return -1;
	int rc = -1;
	const char *type = m->type != NULL ? m->type : "";
	if (ro_later(m, &mo))
		mo.flags &= ~(unsigned long)MS_RDONLY;
	if (is_dev(m->destination))
		*dev = is_bind(m, &mo) ? DEV_BOUND : DEV_OURS;
	if (is_bind(m, &mo)) {
		mo.flags |= MS_BIND;
		if (mount_bind(li, m, src_fd, &mo, err) < 0)
			goto out;
	} else {
		_cleanup_close_ int fd = rootfs_open_dest(li->rootfd,
		    m->destination, false, err);
		if (fd < 0)
			goto out;
		char target[64];
		fd_path(target, sizeof(target), fd);
		if (strcmp(type, "cgroup") == 0 ||
		    strcmp(type, "cgroup2") == 0) {
			if (mount_cgroup(li, m, &mo, target, err) < 0)
				goto out;
		} else if (mount(m->source ? m->source : type, target, type,
			       mo.flags, with_label(&mo, li)) < 0) {
			int e = errno;
			/* sysfs needs a network namespace of our own; without
			 * one, the host's /sys is bound read-only as runc does.
			 */
			if (strcmp(type, "sysfs") == 0 && e == EPERM) {
				if (mount("/sys", target, NULL,
					MS_BIND | MS_REC, NULL) < 0) {
					rj_error_sys(err, "bind /sys");
					goto out;
				}
				/* Through a new descriptor: the old one names
				 * the mount point below the bind. */
				_cleanup_close_ int nfd =
				    openat2_in_root(li->rootfd, m->destination,
					O_PATH);
				char ntarget[64];
				fd_path(ntarget, sizeof(ntarget), nfd);
				if (nfd < 0 ||
				    bind_remount(ntarget, MS_RDONLY | mo.flags,
					m->destination, err) < 0)
					goto out;
			} else {
				errno = e;
				rj_error_sys(err, "mount %s on %s", type,
				    m->destination);
				goto out;
			}
		}
	}
	if (mo.propagation != 0) {
		_cleanup_close_ int fd = openat2_in_root(li->rootfd,
		    m->destination, O_PATH);
		char target[64];
		fd_path(target, sizeof(target), fd);
		if (fd < 0 ||
		    mount(NULL, target, NULL, mo.propagation, NULL) < 0) {
			rj_error_sys(err, "propagation of %s", m->destination);
			goto out;
		}
	}
	if (mount_attrs(li->rootfd, m->destination, &mo, err) < 0)
		goto out;
	rc = 0;
out:
	mount_opts_free(&mo);
	if (rc < 0)
		rj_error_wrap(err, "mounts: %s", m->destination);
	return rc;
}

struct default_device {
	const char *name;
	unsigned major, minor;
};

static const struct default_device default_devices[] = {
	{ "null", 1, 3 },
	{ "zero", 1, 5 },
	{ "full", 1, 7 },
	{ "random", 1, 8 },
	{ "urandom", 1, 9 },
	{ "tty", 5, 0 },
};

static const struct {
	const char *target, *name;
} dev_links[] = {
	{ "/proc/self/fd", "fd" },
	{ "/proc/self/fd/0", "stdin" },
	{ "/proc/self/fd/1", "stdout" },
	{ "/proc/self/fd/2", "stderr" },
	{ "pts/ptmx", "ptmx" },
};

/* The node name in the directory dir, path naming it for errors: mknod
 * where we may (not in a user namespace), else a bind of the host's node,
 * as runc does.  make_devices clears the umask, so the mode is mknod's
 * own and needs no chmod but for the bits above 0777. */
static int
make_device_at(struct linux_init *li, int dir, const char *name,
    const char *path, char type, unsigned major, unsigned minor, mode_t mode,
    uid_t uid, gid_t gid, struct rj_error **err)
{
	mode_t fmt = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
	unlinkat(dir, name, 0);
	if (!li->in_userns &&
	    mknodat(dir, name, fmt | (mode & 07777), makedev(major, minor)) ==
		0) {
		/* made by root: 0:0 already, unless a setgid directory
		 * gave its group */
		struct stat st;
		bool owned = uid == 0 && gid == 0 && fstat(dir, &st) == 0 &&
		    !(st.st_mode & S_ISGID);
		if ((!owned &&
			fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) <
			    0) ||
		    ((mode & 07000) &&
			fchmodat(dir, name, mode & 07777, 0) < 0))
			return rj_error_sys(err, "device %s", path);
		return 0;
	}
	if (!li->in_userns && errno != EPERM)
		return rj_error_sys(err, "mknod %s", path);
	_cleanup_close_ int f = openat(dir, name,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (f < 0)
		return rj_error_sys(err, "create %s", path);
	char target[64];
	fd_path(target, sizeof(target), f);
	_cleanup_free_ char *host = xasprintf("/dev/%s", name);
	if (mount(path[0] == '/' && has_prefix(path, "/dev/") ? path : host,
		target, NULL, MS_BIND, NULL) < 0)
		return rj_error_sys(err, "bind device %s", path);
	return 0;
}

/* A directory of the rootfs (made when missing) to make nodes in. */
static int
open_dev_dir(struct linux_init *li, const char *path, struct rj_error **err)
{
	_cleanup_close_ int parent = rootfs_open_dest(li->rootfd, path, false,
	    err);
	if (parent < 0)
		return -1;
	int dir = openat(parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return rj_error_sys(err, "open %s", path);
	return dir;
}

static int
make_device(struct linux_init *li, const char *path, char type, unsigned major,
    unsigned minor, mode_t mode, uid_t uid, gid_t gid, struct rj_error **err)
{
	_cleanup_free_ char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');
	*slash = '\0';
	_cleanup_close_ int dir = open_dev_dir(li, *copy ? copy : "/", err);
	if (dir < 0)
		return -1;
	return make_device_at(li, dir, slash + 1, path, type, major, minor,
	    mode, uid, gid, err);
}

/* The defaults and links in /dev when the /dev mount is ours (one
 * descriptor of it: no container process runs yet), then linux.devices. */
static int
make_devices_in(struct linux_init *li, enum dev_kind kind,
    struct rj_error **err)
{
	const struct rj_linux *l = &li->c->spec.linux_;
	if (kind == DEV_OURS) {
		_cleanup_close_ int dir = open_dev_dir(li, "/dev", err);
		if (dir < 0)
			return -1;
		for (size_t i = 0; i < ARRAY_SIZE(default_devices); i++) {
			const struct default_device *d = &default_devices[i];
			_cleanup_free_ char *p = xasprintf("/dev/%s", d->name);
			if (make_device_at(li, dir, d->name, p, 'c', d->major,
				d->minor, 0666, 0, 0, err) < 0)
				return -1;
		}
		for (size_t i = 0; i < ARRAY_SIZE(dev_links); i++)
			if (symlinkat(dev_links[i].target, dir,
				dev_links[i].name) < 0 &&
			    errno != EEXIST)
				return rj_error_sys(err, "symlink /dev/%s",
				    dev_links[i].name);
	}
	for (size_t i = 0; i < l->n_devices; i++) {
		const struct rj_device *d = &l->devices[i];
		if (make_device(li, d->path, d->type == 'u' ? 'c' : d->type,
			(unsigned)d->major, (unsigned)d->minor,
			d->has_file_mode ? d->file_mode : 0666,
			d->has_uid ? d->uid : 0, d->has_gid ? d->gid : 0,
			err) < 0)
			return rj_error_wrap(err, "linux.devices[%zu]", i);
	}
	return 0;
}

static int
make_devices(struct linux_init *li, enum dev_kind kind, struct rj_error **err)
{
	if (kind == DEV_BOUND)
		return 0;
	mode_t old = umask(0);
	int rc = make_devices_in(li, kind, err);
	umask(old);
	return rc;
}

int
rootfs_setup(struct linux_init *li, struct rj_error **err)
{
	struct rj_container *c = li->c;
	const char *prop = c->spec.linux_.rootfs_propagation;
	/* Nothing we mount may reach the host: slave by default, private
	 * when asked; a shared root is made so after pivot_root. */
	unsigned long early = MS_SLAVE | MS_REC;
	if (prop != NULL && strstr(prop, "private") != NULL)
		early = MS_PRIVATE | MS_REC;
	if (mount(NULL, "/", NULL, early, NULL) < 0)
		return rj_error_sys(err, "make / %s",
		    early & MS_PRIVATE ? "private" : "slave");
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return rj_error_sys(err, "bind the rootfs %s", c->rootfs);
	li->rootfd = open(c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (li->rootfd < 0)
		return rj_error_sys(err, "open the rootfs %s", c->rootfs);
	enum dev_kind dev = DEV_IMAGE;
	for (size_t i = 0; i < c->spec.n_mounts; i++) {
		int src_fd = li->bind_fds != NULL ? li->bind_fds[i] : -1;
		int rc = mount_one(li, &c->spec.mounts[i], src_fd, &dev, err);
		/* Nothing of the host stays open longer than needed. */
		if (src_fd >= 0)
			close(steal_fd(li->bind_fds[i]));
		if (rc < 0)
			return -1;
	}
	return make_devices(li, dev, err);
}

/* Binds the pty's slave over /dev/console, as a container expects. */
int
rootfs_console(struct linux_init *li, const char *slave, struct rj_error **err)
{
	_cleanup_close_ int fd = rootfs_open_dest(li->rootfd, "/dev/console",
	    true, err);
	if (fd < 0)
		return -1;
	char target[64];
	fd_path(target, sizeof(target), fd);
	if (mount(slave, target, NULL, MS_BIND, NULL) < 0)
		return rj_error_sys(err, "bind %s on /dev/console", slave);
	return 0;
}

static int
mount_id_of(int dirfd, const char *path, int flags, uint64_t *id)
{
	struct statx stx;
	if (statx(dirfd, path, flags, STATX_MNT_ID, &stx) < 0)
		return -1;
	if (!(stx.stx_mask & STATX_MNT_ID)) {
		errno = ENOTSUP;
		return -1;
	}
	*id = stx.stx_mnt_id;
	return 0;
}

/* The whole of fd from its start (a seq_file lists afresh from 0). */
static char *
read_fd(int fd)
{
	size_t len = 0, cap = 16384;
	char *buf = xmalloc(cap);
	for (;;) {
		ssize_t n = pread(fd, buf + len, cap - len - 1, (off_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (cap - len < 4096)
			buf = xrealloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	return buf;
}

/* Detaches every mount hanging from the old root other than the rootfs
 * (moved onto it), with all below them; stacked and covered mounts come
 * into reach pass by pass.  The namespace is a slave or private since
 * rootfs_setup, so nothing of this reaches the host. */
static int
detach_old_tree(int info_fd, uint64_t old_root, uint64_t rootfs,
    struct rj_error **err)
{
	for (int pass = 0; pass < 64; pass++) {
		_cleanup_free_ char *text = read_fd(info_fd);
		if (text == NULL)
			return rj_error_sys(err, "read /proc/self/mountinfo");
		const char *cur = text;
		struct mountinfo_entry e;
		int rc, left = 0;
		while ((rc = mountinfo_next(&cur, &e)) != 0) {
			if (rc < 0)
				return rj_error_set(err, EINVAL,
				    "/proc/self/mountinfo: a line that is "
				    "not mountinfo");
			if ((uint64_t)e.parent == old_root &&
			    (uint64_t)e.id != rootfs &&
			    (uint64_t)e.id != old_root) {
				left++;
				if (umount2(e.mountpoint,
					MNT_DETACH | UMOUNT_NOFOLLOW) < 0 &&
				    errno != EINVAL && errno != ENOENT) {
					rj_error_sys(err, "detach %s",
					    e.mountpoint);
					free(e.mountpoint);
					return -1;
				}
			}
			free(e.mountpoint);
		}
		if (left == 0)
			return 0;
	}
	return rj_error_set(err, EBUSY,
	    "the host's mounts do not come off the old root");
}

/* --no-pivot: the rootfs is moved onto / and chrooted into, for a root
 * that pivot_root(2) cannot leave (a ramfs).  The host's mounts would
 * stay in the namespace below it, and a fully visible proc or sysfs
 * among them lets a process in a new user namespace mount a fresh one
 * past maskedPaths (the kernel's mnt_already_visible()), so the old tree
 * is detached first: only the old root mount itself remains, covered. */
static int
move_root(struct linux_init *li, struct rj_error **err)
{
	uint64_t old_root, rootfs;
	if (mount_id_of(AT_FDCWD, "/", 0, &old_root) < 0 ||
	    mount_id_of(li->rootfd, "", AT_EMPTY_PATH, &rootfs) < 0)
		return rj_error_sys(err, "--no-pivot: mount IDs");
	/* Opened once: /proc itself comes off in the first pass. */
	_cleanup_close_ int info = open("/proc/self/mountinfo",
	    O_RDONLY | O_CLOEXEC);
	if (info < 0)
		return rj_error_sys(err,
		    "--no-pivot: open /proc/self/mountinfo");
	if (mount(li->c->rootfs, "/", NULL, MS_MOVE, NULL) < 0)
		return rj_error_sys(err, "move the rootfs to /");
	if (detach_old_tree(info, old_root, rootfs, err) < 0)
		return rj_error_wrap(err, "--no-pivot");
	if (chroot(".") < 0)
		return rj_error_sys(err, "chroot");
	return 0;
}

int
rootfs_pivot(struct linux_init *li, struct rj_error **err)
{
	struct rj_container *c = li->c;
	if (chdir(c->rootfs) < 0)
		return rj_error_sys(err, "chdir %s", c->rootfs);
	if (!linux_ns_new(&c->spec.linux_, RJ_NS_MOUNT)) {
		/* A namespace others live in: pivot_root(2) would move their
		 * root too.  Only a chroot, as runc and crun do. */
		if (chroot(".") < 0)
			return rj_error_sys(err, "chroot %s", c->rootfs);
	} else if (c->opts.no_pivot) {
		if (move_root(li, err) < 0)
			return -1;
	} else {
		/* pivot_root(".", ".") stacks the old root on the new one.
		 * From a descriptor of the old root, "." names exactly it (a
		 * plain "." would name the new root below), so it alone turns
		 * slave, keeping the propagation the config gave our mounts,
		 * and is then detached. */
		_cleanup_close_ int old = open("/",
		    O_DIRECTORY | O_RDONLY | O_CLOEXEC);
		if (old < 0)
			return rj_error_sys(err, "open the old root");
		if (syscall(SYS_pivot_root, ".", ".") < 0)
			return rj_error_sys(err, "pivot_root");
		if (fchdir(old) < 0)
			return rj_error_sys(err, "fchdir to the old root");
		if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			return rj_error_sys(err, "make the old root a slave");
		if (umount2(".", MNT_DETACH) < 0)
			return rj_error_sys(err, "detach the old root");
	}
	if (chdir("/") < 0)
		return rj_error_sys(err, "chdir /");
	return 0;
}

static int
mask_path(const char *path, struct rj_error **err)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : rj_error_sys(err, "mask %s", path);
	if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0k") < 0)
			return rj_error_sys(err, "mask %s", path);
	} else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
		return rj_error_sys(err, "mask %s", path);
	}
	return 0;
}

static int
readonly_path(const char *path, struct rj_error **err)
{
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
		return errno == ENOENT ? 0 : rj_error_sys(err, "bind %s", path);
	return bind_remount(path, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    path, err);
}

static int
remount_ro_later(const struct rj_spec *s, struct rj_error **err)
{
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct rj_mount *m = &s->mounts[i];
		struct mount_opts mo;
		if (mount_opts_parse(m->options, &mo, err) < 0)
			return -1;
		bool later = ro_later(m, &mo);
		unsigned long flags = mo.flags &
		    ~(unsigned long)(MS_BIND | MS_REC | MS_REMOUNT);
		mount_opts_free(&mo);
		if (later &&
		    bind_remount(m->destination, flags, m->destination, err) <
			0)
			return rj_error_wrap(err, "mounts: %s", m->destination);
	}
	return 0;
}

int
rootfs_finish(struct linux_init *li, struct rj_error **err)
{
	const struct rj_spec *s = &li->c->spec;
	const struct rj_linux *l = &s->linux_;
	if (remount_ro_later(s, err) < 0)
		return -1;
	for (size_t i = 0; l->readonly_paths && l->readonly_paths[i]; i++)
		if (readonly_path(l->readonly_paths[i], err) < 0)
			return -1;
	for (size_t i = 0; l->masked_paths && l->masked_paths[i]; i++)
		if (mask_path(l->masked_paths[i], err) < 0)
			return -1;
	if (l->rootfs_propagation != NULL &&
	    mount(NULL, "/", NULL,
		mount_propagation_flags(l->rootfs_propagation), NULL) < 0)
		return rj_error_sys(err, "linux.rootfsPropagation %s",
		    l->rootfs_propagation);
	if (s->root_readonly && bind_remount("/", MS_RDONLY, "/", err) < 0)
		return rj_error_wrap(err, "root.readonly");
	return 0;
}
