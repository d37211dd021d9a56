/*
 * mount_ops.c: carries out the mount steps with nmount(2), and undoes
 * them.
 *
 * A mount point comes from the image, which runj does not trust: its path
 * is resolved component by component from the rootfs with O_NOFOLLOW, a
 * symbolic link being followed as the container would follow it -- inside
 * the root, ".." stopping there -- and missing directories are made only
 * once the walk has proven where they go.  So a link in the image cannot
 * send a mount, or a mkdir, onto the host.
 *
 * What was mounted is recorded in the driver state as it happens
 * ({fspath, base, rel}, saved before nmount; then the fsid), and undone by
 * fsid (MNT_BYFSID): unmount(2) by path follows symbolic links, and a
 * container can turn a parent of its mount point into one.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

#define MAX_LINKS 40 /* MAXSYMLINKS, and then some */

static const struct {
	unsigned mp, km;
} flag_map[] = {
	{ MP_RDONLY, KM_RDONLY },
	{ MP_NOSUID, KM_NOSUID },
	{ MP_NOEXEC, KM_NOEXEC },
	{ MP_NOATIME, KM_NOATIME },
	{ MP_SYNC, KM_SYNC },
};

/* ---- walking inside a root ---- */

struct walk {
	int fds[PATH_MAX / 2]; /* fds[0] the root, fds[i] component i */
	char *names[PATH_MAX / 2];
	size_t depth;
};

static void
walk_free(struct walk *w)
{
	for (size_t i = 1; i <= w->depth; i++) {
		close(w->fds[i]);
		free(w->names[i]);
	}
	w->depth = 0;
}

/* Pushes the components of path (a link's target, or the destination)
 * in front of the pending list. */
static void
pending_push(char ***pending, size_t *n, const char *path)
{
	_cleanup_free_ char *copy = xstrdup(path);
	size_t add = 0;
	for (char *c = copy; *c; c++)
		add += *c == '/';
	char **v = xcalloc(*n + add + 2, sizeof(*v));
	size_t k = 0;
	char *save = NULL;
	for (char *c = strtok_r(copy, "/", &save); c != NULL;
	     c = strtok_r(NULL, "/", &save))
		v[k++] = xstrdup(c);
	for (size_t i = 0; i < *n; i++)
		v[k++] = (*pending)[i];
	free(*pending);
	*pending = v;
	*n = k;
}

static char *
pending_pop(char ***pending, size_t *n)
{
	char *c = (*pending)[0];
	memmove(*pending, *pending + 1, (*n - 1) * sizeof(**pending));
	(*n)--;
	return c;
}

/* Resolves dest inside the directory rootfd, making what is missing (a
 * directory; with file, the last component as an empty file).  *rel gets
 * the path the walk went through, relative to the root and free of
 * links. */
static int
resolve_in_root(int rootfd, const char *dest, bool file, char **rel,
    struct rj_error **err)
{
	struct walk w = { .fds = { rootfd } };
	_cleanup_free_ char *leaf = NULL; /* the file, with file */
	char **pending = NULL;
	size_t npending = 0;
	int links = 0, rc = -1;
	pending_push(&pending, &npending, dest);
	while (npending > 0) {
		_cleanup_free_ char *c = pending_pop(&pending, &npending);
		bool last = npending == 0;
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			if (w.depth > 0) {
				close(w.fds[w.depth]);
				free(w.names[w.depth]);
				w.depth--;
			}
			continue;
		}
		int dir = w.fds[w.depth];
		struct stat st;
		if (fstatat(dir, c, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT) {
				rj_error_sys(err, "mount point %s", dest);
				goto out;
			}
			int made = last && file
			    ? openat(dir, c,
				  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				      O_CLOEXEC,
				  0644)
			    : mkdirat(dir, c, 0755);
			if (made < 0 && errno != EEXIST) {
				rj_error_sys(err, "mount point %s", dest);
				goto out;
			}
			if (last && file)
				close(made);
			if (fstatat(dir, c, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				rj_error_sys(err, "mount point %s", dest);
				goto out;
			}
		}
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(dir, c, target,
			    sizeof(target) - 1);
			if (n < 0 || ++links > MAX_LINKS) {
				rj_error_set(err, ELOOP,
				    "mount point %s: too many links", dest);
				goto out;
			}
			target[n] = '\0';
			if (target[0] == '/')
				walk_free(&w); /* absolute: from the root */
			pending_push(&pending, &npending, target);
			continue;
		}
		if (!S_ISDIR(st.st_mode) && !(last && file)) {
			rj_error_set(err, ENOTDIR,
			    "mount point %s: %s is not "
			    "a directory",
			    dest, c);
			goto out;
		}
		if (S_ISDIR(st.st_mode) && last && file) {
			rj_error_set(err, EISDIR,
			    "mount point %s: a file cannot go on a directory",
			    dest);
			goto out;
		}
		if (last && file) {
			leaf = steal_ptr(c);
			break;
		}
		if (w.depth + 1 >= ARRAY_SIZE(w.fds)) {
			rj_error_set(err, ENAMETOOLONG, "mount point %s", dest);
			goto out;
		}
		int fd = openat(dir, c,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rj_error_sys(err, "mount point %s", dest);
			goto out;
		}
		w.fds[++w.depth] = fd;
		w.names[w.depth] = steal_ptr(c);
		if (npending == 0)
			break;
	}
	if (file && leaf == NULL) {
		rj_error_set(err, EISDIR, "mount point %s: not a file", dest);
		goto out;
	}
	/* The path walked, and the file. */
	size_t len = 2 + (leaf ? strlen(leaf) : 0);
	for (size_t i = 1; i <= w.depth; i++)
		len += strlen(w.names[i]) + 1;
	char *out = xcalloc(1, len), *p = out;
	for (size_t i = 1; i <= w.depth; i++)
		p += sprintf(p, "%s%s", i > 1 ? "/" : "", w.names[i]);
	if (leaf != NULL)
		sprintf(p, "%s%s", w.depth ? "/" : "", leaf);
	*rel = out;
	rc = 0;
out:
	walk_free(&w);
	for (size_t i = 0; i < npending; i++)
		free(pending[i]);
	free(pending);
	return rc;
}

/* Opens base/rel without following any link (rel is a walked path). */
static int
walk_open(const char *base, const char *rel, bool dir)
{
	int fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	_cleanup_free_ char *copy = xstrdup(rel);
	char *save = NULL, *next;
	for (char *c = strtok_r(copy, "/", &save); c != NULL; c = next) {
		next = strtok_r(NULL, "/", &save);
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC;
		if (next != NULL || dir)
			flags |= O_DIRECTORY;
		int nfd = openat(fd, c, flags);
		int e = errno;
		close(fd);
		if (nfd < 0) {
			errno = e;
			return -1;
		}
		fd = nfd;
	}
	return fd;
}

/* ---- tmpcopyup and rule= ---- */

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
apply_rules(const struct mount_step *m, int fd, const char *fspath,
    struct rj_error **err)
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
			return rj_error_sys(err, "devfs rule on %s", fspath);
	}
	return 0;
}

/* ---- mount, unmount ---- */

static bool
source_is_file(const struct mount_step *m)
{
	struct stat st;
	return m->source != NULL && !m->is_root && stat(m->source, &st) == 0 &&
	    !S_ISDIR(st.st_mode);
}

int
fb_mount_point(const struct mount_step *m, const char *rootfs, const char *base,
    json_t *entry, struct rj_error **err)
{
	_cleanup_free_ char *rel = NULL;
	if (m->is_root) {
		/* The read-only alias of the root, in the state directory. */
		if (mkdir(m->fspath, 0700) < 0 && errno != EEXIST)
			return rj_error_sys(err, "%s", m->fspath);
		_cleanup_free_ char *dir = xstrdup(m->fspath);
		char *slash = strrchr(dir, '/');
		*slash = '\0';
		json_object_set_new(entry, "base", json_string(dir));
		json_object_set_new(entry, "rel", json_string(slash + 1));
		json_object_set_new(entry, "fspath", json_string(m->fspath));
		return 0;
	}
	bool file = source_is_file(m);
	_cleanup_close_ int rootfd = open(rootfs,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return rj_error_sys(err, "rootfs %s", rootfs);
	if (resolve_in_root(rootfd, m->dest, file, &rel, err) < 0)
		return -1;
	_cleanup_free_ char *fspath = *rel ? xasprintf("%s/%s", base, rel)
					   : xstrdup(base);
	json_object_set_new(entry, "base", json_string(base));
	json_object_set_new(entry, "rel", json_string(rel));
	json_object_set_new(entry, "fspath", json_string(fspath));
	return 0;
}

static int
mount_one(const struct mount_step *m, const char *fspath, unsigned ruleset,
    struct rj_error **err)
{
	size_t nopts = strv_len(m->opts) / 2;
	_cleanup_free_ struct kern_param *opts = xcalloc(nopts + 4,
	    sizeof(*opts));
	size_t n = 0;
	char errmsg[256] = "", rs[8];
	opts[n++] = (struct kern_param){ "fstype", m->fstype };
	opts[n++] = (struct kern_param){ "fspath", fspath };
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
		    fspath, errmsg[0] ? errmsg : strerror(e));
	}
	return 0;
}

static void
set_fsid(json_t *entry, const struct kern_fsid *fsid)
{
	json_object_set_new(entry, "fsid",
	    json_pack("[i, i]", (int)fsid->val[0], (int)fsid->val[1]));
}

/* The fsid of what is mounted at base/rel, if that is entry's fspath. */
static int
lookup_fsid(json_t *entry, bool dir, struct kern_fsid *fsid)
{
	const char *base = json_string_value(json_object_get(entry, "base"));
	const char *rel = json_string_value(json_object_get(entry, "rel"));
	const char *fspath = json_string_value(
	    json_object_get(entry, "fspath"));
	if (base == NULL || rel == NULL || fspath == NULL)
		return -1;
	_cleanup_close_ int fd = walk_open(base, rel, dir);
	struct kern_statfs st;
	if (fd < 0 || kern_fstatfs(fd, &st) < 0 ||
	    strcmp(st.mntonname, fspath) != 0)
		return -1;
	*fsid = st.fsid;
	return 0;
}

int
fb_mount_do(const struct mount_step *m, unsigned ruleset, json_t *entry,
    struct rj_error **err)
{
	const char *base = json_string_value(json_object_get(entry, "base"));
	const char *rel = json_string_value(json_object_get(entry, "rel"));
	const char *fspath = json_string_value(
	    json_object_get(entry, "fspath"));
	bool dir = !source_is_file(m);
	_cleanup_close_ int below = m->copyup ? walk_open(base, rel, true) : -1;
	if (m->copyup && below < 0)
		return rj_error_sys(err, "tmpcopyup: %s", fspath);
	if (mount_one(m, fspath, ruleset, err) < 0)
		return -1;
	struct kern_fsid fsid;
	if (lookup_fsid(entry, dir, &fsid) < 0)
		return rj_error_set(err, EIO,
		    "mount %s on %s: not found there once mounted", m->fstype,
		    fspath);
	set_fsid(entry, &fsid);
	if (m->copyup || m->n_apply > 0) {
		_cleanup_close_ int top = walk_open(base, rel, true);
		if (top < 0)
			return rj_error_sys(err, "%s", fspath);
		if (m->copyup && copy_tree(below, top, 0, err) < 0)
			return -1;
		if (apply_rules(m, top, fspath, err) < 0)
			return -1;
	}
	return 0;
}

int
fb_mount_undo(json_t *entry, struct rj_error **err)
{
	const char *fspath = json_string_value(
	    json_object_get(entry, "fspath"));
	json_t *f = json_object_get(entry, "fsid");
	struct kern_fsid fsid;
	if (json_array_size(f) == 2) {
		fsid.val[0] = (int32_t)json_integer_value(json_array_get(f, 0));
		fsid.val[1] = (int32_t)json_integer_value(json_array_get(f, 1));
	} else if (lookup_fsid(entry, true, &fsid) < 0 &&
	    lookup_fsid(entry, false, &fsid) < 0) {
		/* Killed before the mount, or it is gone: nothing there. */
		return 0;
	}
	if (kern_unmount_fsid(fsid, 0) == 0 || errno == ENOENT)
		return 0;
	/* Busy: the jail is gone, so nothing of ours holds it. */
	if (kern_unmount_fsid(fsid, KU_FORCE) < 0 && errno != ENOENT)
		return rj_error_sys(err, "unmount %s",
		    fspath ? fspath : "(unknown)");
	return 0;
}
