/* disk_sink.c: entries created under a root directory, each name resolved
 * inside the root first, so no entry lands outside it. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "entries.h"
#include "fsutil.h"
#include "safepath.h"
#include "runjutil.h"

#define WH_PREFIX ".wh."
#define WH_OPAQUE ".wh..wh..opq"

struct disk_sink {
	char *root;
	struct archive *disk;
	bool whiteouts;
	/* Paths made by the current layer: an opaque whiteout must spare
	 * them (it hides only what lower layers made). */
	char **made;
	size_t nmade, capmade;
	char *cur; /* the entry being written, for errors */
};

struct disk_sink *
disk_sink_new(const char *root, bool whiteouts)
{
	struct disk_sink *d = xcalloc(1, sizeof(*d));
	d->root = xstrdup(root);
	d->whiteouts = whiteouts;
	d->disk = archive_write_disk_new();
	if (d->disk == NULL)
		abort();
	/* Our own resolution keeps names inside the root; UNLINK replaces a
	 * symlink in the last component instead of writing through it. */
	int flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
	    ARCHIVE_EXTRACT_UNLINK | ARCHIVE_EXTRACT_SECURE_NODOTDOT;
	if (geteuid() == 0)
		flags |= ARCHIVE_EXTRACT_OWNER;
	archive_write_disk_set_options(d->disk, flags);
	archive_write_disk_set_standard_lookup(d->disk);
	return d;
}

static void
made_clear(struct disk_sink *d)
{
	for (size_t i = 0; i < d->nmade; i++)
		free(d->made[i]);
	d->nmade = 0;
}

void
disk_sink_next_layer(struct disk_sink *d)
{
	made_clear(d);
}

void
disk_sink_free(struct disk_sink *d)
{
	if (d == NULL)
		return;
	archive_write_free(d->disk);
	made_clear(d);
	free(d->made);
	free(d->cur);
	free(d->root);
	free(d);
}

int
disk_sink_close(struct disk_sink *d, struct rj_error **err)
{
	int rc = 0;
	if (archive_write_close(d->disk) != ARCHIVE_OK)
		rc = rj_error_set(err, EIO, "%s: %s", d->root,
		    archive_error_string(d->disk));
	disk_sink_free(d);
	return rc;
}

static bool
made_has(const struct disk_sink *d, const char *path)
{
	for (size_t i = 0; i < d->nmade; i++)
		if (strcmp(d->made[i], path) == 0)
			return true;
	return false;
}

static void
made_add(struct disk_sink *d, const char *path)
{
	if (!d->whiteouts)
		return;
	if (d->nmade == d->capmade) {
		d->capmade = d->capmade ? 2 * d->capmade : 256;
		d->made = xrealloc(d->made, d->capmade * sizeof(*d->made));
	}
	d->made[d->nmade++] = xstrdup(path);
}

/* Removes what lower layers put in dir (resolved, relative). */
static int
whiteout_opaque(struct disk_sink *d, const char *dir, struct rj_error **err)
{
	_cleanup_free_ char *full = *dir ? xasprintf("%s/%s", d->root, dir)
					 : xstrdup(d->root);
	DIR *dh = opendir(full);
	if (dh == NULL)
		return errno == ENOENT ? 0 : rj_error_sys(err, "%s", dir);
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(dh)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		_cleanup_free_ char *rel = *dir
		    ? xasprintf("%s/%s", dir, de->d_name)
		    : xstrdup(de->d_name);
		if (made_has(d, rel))
			continue;
		_cleanup_free_ char *p = xasprintf("%s/%s", d->root, rel);
		rc = tree_remove(p, err);
	}
	closedir(dh);
	return rc;
}

/* Handles name if it is a whiteout: 1 when it was one, 0 when not. */
static int
whiteout(struct disk_sink *d, const char *name, struct rj_error **err)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	if (!d->whiteouts || strncmp(base, WH_PREFIX, strlen(WH_PREFIX)) != 0)
		return 0;
	_cleanup_free_ char *parent = slash
	    ? strndup(name, (size_t)(slash - name))
	    : xstrdup("");
	_cleanup_free_ char *rdir = NULL;
	if (safepath_resolve(d->root, parent, true, &rdir, err) < 0)
		return -1;
	if (strcmp(base, WH_OPAQUE) == 0)
		return whiteout_opaque(d, rdir, err) < 0 ? -1 : 1;
	const char *victim = base + strlen(WH_PREFIX);
	if (*victim == '\0' || strcmp(victim, ".") == 0 ||
	    strcmp(victim, "..") == 0)
		return rj_error_set(err, EINVAL, "%s: bad whiteout", name);
	_cleanup_free_ char *p = *rdir
	    ? xasprintf("%s/%s/%s", d->root, rdir, victim)
	    : xasprintf("%s/%s", d->root, victim);
	return tree_remove(p, err) < 0 ? -1 : 1;
}

/* A failed (or warning: a short write on a full disk is one) call of the
 * disk writer, naming the entry. */
static int
disk_error(struct disk_sink *d, const char *name, struct rj_error **err)
{
	int e = archive_errno(d->disk);
	const char *msg = archive_error_string(d->disk);
	if (msg == NULL)
		msg = "cannot be written";
	/* "Write failed" alone would not say the disk is full. */
	if (e > 0 && strstr(msg, strerror(e)) == NULL)
		return rj_error_set(err, e, "%s: %s: %s", name, msg,
		    strerror(e));
	return rj_error_set(err, e > 0 ? e : EIO, "%s: %s", name, msg);
}

static int
disk_header(void *ctx, struct archive_entry *e, struct rj_error **err)
{
	struct disk_sink *d = ctx;
	free(d->cur);
	d->cur = xstrdup(archive_entry_pathname(e));
	const char *name = d->cur;

	int w = whiteout(d, name, err);
	if (w != 0)
		return w;
	_cleanup_free_ char *rel = NULL;
	if (safepath_resolve(d->root, name, false, &rel, err) < 0)
		return -1;
	if (*rel == '\0')
		return 1; /* the root itself already exists */
	const char *hl = archive_entry_hardlink(e);
	if (hl != NULL) {
		_cleanup_free_ char *hrel = NULL;
		if (safepath_resolve(d->root, hl, false, &hrel, err) < 0)
			return rj_error_wrap(err, "hard link %s", name);
		_cleanup_free_ char *hfull = xasprintf("%s/%s", d->root, hrel);
		struct stat st;
		if (lstat(hfull, &st) < 0 || S_ISDIR(st.st_mode))
			return rj_error_set(err, ENOENT,
			    "%s: hard link to %s, which is not in the root",
			    name, hl);
		archive_entry_copy_hardlink(e, hfull);
	}
	_cleanup_free_ char *full = xasprintf("%s/%s", d->root, rel);
	archive_entry_copy_pathname(e, full);
	int r = archive_write_header(d->disk, e);
	archive_entry_copy_pathname(e, name);
	if (r != ARCHIVE_OK)
		return disk_error(d, name, err);
	made_add(d, rel);
	return 0;
}

static int
disk_data(void *ctx, const void *buf, size_t len, int64_t off,
    struct rj_error **err)
{
	struct disk_sink *d = ctx;
	if (archive_write_data_block(d->disk, buf, len, off) != ARCHIVE_OK)
		return disk_error(d, d->cur, err);
	return 0;
}

static int
disk_end(void *ctx, struct rj_error **err)
{
	struct disk_sink *d = ctx;
	if (archive_write_finish_entry(d->disk) != ARCHIVE_OK)
		return disk_error(d, d->cur, err);
	return 0;
}

const struct entry_sink disk_sink_ops = {
	.header = disk_header,
	.data = disk_data,
	.end = disk_end,
};
