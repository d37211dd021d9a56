/* entries_source.c: entries from a directory (sorted, so the order never
 * depends on the filesystem) or from an archive. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "entries.h"
#include "fsutil.h"
#include "safepath.h"
#include "runjutil.h"

#define ENTRIES_BLOCK 65536

/* Files with more than one link, by (dev, ino), to write later ones as
 * hard links to the first path seen. */
struct link_seen {
	dev_t dev;
	ino_t ino;
	char *path;
};

struct walk {
	const struct entry_sink *sink;
	void *ctx;
	struct progress *pr;
	struct budget *budget;
	uint64_t bytes;
	struct link_seen *links;
	size_t nlinks, caplinks;
	char *buf;
};

static const char *
link_lookup(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nlinks; i++)
		if (w->links[i].dev == st->st_dev &&
		    w->links[i].ino == st->st_ino)
			return w->links[i].path;
	return NULL;
}

static void
link_add(struct walk *w, const struct stat *st, const char *path)
{
	if (w->nlinks == w->caplinks) {
		w->caplinks = w->caplinks ? 2 * w->caplinks : 64;
		w->links = xrealloc(w->links, w->caplinks * sizeof(*w->links));
	}
	w->links[w->nlinks++] = (struct link_seen){ st->st_dev, st->st_ino,
		xstrdup(path) };
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a directory, sorted bytewise. */
static int
dir_names(int fd, const char *path, char ***out, size_t *n,
    struct rj_error **err)
{
	int dfd = dup(fd);
	if (dfd < 0)
		return rj_error_sys(err, "dup");
	DIR *d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return rj_error_sys(err, "opendir %s", path);
	}
	char **v = NULL;
	size_t cnt = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (cnt + 1 >= cap) {
			cap = cap ? 2 * cap : 32;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[cnt++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (v != NULL) {
		qsort(v, cnt, sizeof(*v), name_cmp);
		v[cnt] = NULL;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static int
walk_dir(struct walk *w, int fd, const char *rel, struct rj_error **err);

/* The data of a regular file, at most the size it had when stat'd: one
 * that grows (or turned into a FIFO since) cannot keep the walk going. */
static int
walk_file_data(struct walk *w, int dfd, const char *name, const char *rel,
    const struct stat *st, struct rj_error **err)
{
	_cleanup_close_ int fd = openat(dfd, name,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "open %s", rel);
	struct stat fst;
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode) ||
	    fst.st_ino != st->st_ino || fst.st_dev != st->st_dev)
		return rj_error_set(err, EINVAL,
		    "%s: changed while read (no longer the same file)", rel);
	int64_t off = 0;
	while (off < st->st_size) {
		size_t want = st->st_size - off < ENTRIES_BLOCK
		    ? (size_t)(st->st_size - off)
		    : ENTRIES_BLOCK;
		ssize_t r = read(fd, w->buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rj_error_sys(err, "read %s", rel);
		if (r == 0)
			return 0;
		if (budget_charge(w->budget, rel, (uint64_t)r, err) < 0 ||
		    w->sink->data(w->ctx, w->buf, (size_t)r, off, err) < 0)
			return -1;
		off += r;
		w->bytes += (uint64_t)r;
		if (progress_report(w->pr, w->bytes, false, err) < 0)
			return -1;
	}
	return 0;
}

static int
walk_entry(struct walk *w, int dfd, const char *name, const char *rel,
    struct rj_error **err)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return rj_error_sys(err, "stat %s", rel);
	if (S_ISSOCK(st.st_mode))
		return 0; /* a socket cannot be archived */
	if (budget_charge(w->budget, rel, BUDGET_ENTRY_COST, err) < 0 ||
	    progress_report(w->pr, w->bytes, false, err) < 0)
		return -1;

	struct archive_entry *e = archive_entry_new();
	archive_entry_copy_stat(e, &st);
	archive_entry_set_pathname(e, rel);
	/* Only what the image needs: no access or change times. */
	archive_entry_unset_atime(e);
	archive_entry_unset_ctime(e);
	archive_entry_unset_birthtime(e);
	archive_entry_set_mtime(e, st.st_mtime, 0);
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);
		if (n < 0) {
			archive_entry_free(e);
			return rj_error_sys(err, "readlink %s", rel);
		}
		target[n] = '\0';
		archive_entry_set_symlink(e, target);
		archive_entry_set_size(e, 0);
	} else if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
		const char *first = link_lookup(w, &st);
		if (first != NULL) {
			archive_entry_set_hardlink(e, first);
			archive_entry_set_size(e, 0);
		} else {
			link_add(w, &st, rel);
		}
	} else if (!S_ISREG(st.st_mode)) {
		archive_entry_set_size(e, 0);
	}
	int rc = w->sink->header(w->ctx, e, err);
	bool send = rc == 0 && S_ISREG(st.st_mode) &&
	    archive_entry_hardlink(e) == NULL && st.st_size > 0;
	archive_entry_free(e);
	if (rc < 0)
		return -1;
	if (send && walk_file_data(w, dfd, name, rel, &st, err) < 0)
		return -1;
	if (rc == 0 && w->sink->end(w->ctx, err) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		_cleanup_close_ int sub = openat(dfd, name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			return rj_error_sys(err, "open %s", rel);
		return walk_dir(w, sub, rel, err);
	}
	return 0;
}

static int
walk_dir(struct walk *w, int fd, const char *rel, struct rj_error **err)
{
	_cleanup_strv_ char **names = NULL;
	size_t n = 0;
	if (dir_names(fd, *rel ? rel : ".", &names, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *sub = *rel == '\0'
		    ? xstrdup(names[i])
		    : xasprintf("%s/%s", rel, names[i]);
		if (walk_entry(w, fd, names[i], sub, err) < 0)
			return -1;
	}
	return 0;
}

int
entries_from_dir(const char *dir, const struct entry_sink *sink, void *ctx,
    struct progress *pr, struct budget *budget, struct rj_error **err)
{
	_cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "%s", dir);
	struct walk w = { .sink = sink,
		.ctx = ctx,
		.pr = pr,
		.budget = budget };
	w.buf = xmalloc(ENTRIES_BLOCK);
	int rc = walk_dir(&w, fd, "", err);
	if (rc == 0)
		rc = progress_report(pr, w.bytes, true, err);
	for (size_t i = 0; i < w.nlinks; i++)
		free(w.links[i].path);
	free(w.links);
	free(w.buf);
	return rc;
}

locale_t
utf8_locale_enter(void)
{
	locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (l == (locale_t)0)
		return (locale_t)0; /* none: non-ASCII names may fail */
	locale_t saved = uselocale(l);
	if (saved == (locale_t)0)
		freelocale(l);
	return saved;
}

void
utf8_locale_leave(locale_t *saved)
{
	if (*saved == (locale_t)0)
		return;
	freelocale(uselocale(*saved));
	*saved = (locale_t)0;
}

struct archive *
entries_reader_new(void)
{
	struct archive *a = archive_read_new();
	if (a == NULL)
		abort();
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	return a;
}

int
entries_archive_error(struct archive *a, const char *what,
    struct rj_error **err)
{
	const char *msg = archive_error_string(a);
	return rj_error_set(err, archive_errno(a) > 0 ? archive_errno(a) : EIO,
	    "%s: %s", what, msg != NULL ? msg : "unreadable archive");
}

/* An error about entry name of the archive what. */
static int
entry_error(struct archive *a, const char *what, const char *name,
    struct rj_error **err)
{
	_cleanup_free_ char *w = xasprintf("%s: %s", what, name);
	return entries_archive_error(a, w, err);
}

/* The data of the current entry to the sink, or (sink NULL) nowhere:
 * either way it is read, counted and can be cancelled, where
 * archive_read_next_header would skip it unseen. */
static int
entry_data(struct archive *a, const char *what, const char *name,
    const struct entry_sink *sink, void *ctx, struct progress *pr,
    struct budget *budget, struct rj_error **err)
{
	for (;;) {
		const void *buf;
		size_t len;
		la_int64_t off;
		int r = archive_read_data_block(a, &buf, &len, &off);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r != ARCHIVE_OK)
			return entry_error(a, what, name, err);
		if (budget_charge(budget, name, len, err) < 0)
			return rj_error_wrap(err, "%s", what);
		if (sink != NULL && len > 0 &&
		    sink->data(ctx, buf, len, off, err) < 0)
			return rj_error_wrap(err, "%s", what);
		if (progress_report(pr, (uint64_t)archive_filter_bytes(a, -1),
			false, err) < 0)
			return -1;
	}
}

int
entries_skip_data(struct archive *a, const char *what, const char *name,
    struct progress *pr, struct budget *budget, struct rj_error **err)
{
	return entry_data(a, what, name, NULL, NULL, pr, budget, err);
}

int
entries_from_archive(struct archive *a, const char *what,
    const struct entry_sink *sink, void *ctx, struct progress *pr,
    struct budget *budget, struct rj_error **err)
{
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK) {
			const char *n = r == ARCHIVE_WARN
			    ? archive_entry_pathname(e)
			    : NULL;
			return n != NULL ? entry_error(a, what, n, err)
					 : entries_archive_error(a, what, err);
		}
		_cleanup_free_ char *name = NULL;
		if (safepath_clean(archive_entry_pathname(e), &name, err) < 0)
			return rj_error_wrap(err, "%s", what);
		if (budget_charge(budget, name, BUDGET_ENTRY_COST, err) < 0)
			return rj_error_wrap(err, "%s", what);
		const char *hl = archive_entry_hardlink(e);
		if (hl != NULL) {
			_cleanup_free_ char *link = NULL;
			if (safepath_clean(hl, &link, err) < 0)
				return rj_error_wrap(err, "%s: hard link %s",
				    what, name);
			if (*link == '\0')
				return rj_error_set(err, EINVAL,
				    "%s: hard link %s to the root", what, name);
			archive_entry_copy_hardlink(e, link);
		}
		int rc = 1; /* the root itself is the target directory */
		if (*name != '\0' && archive_entry_filetype(e) != AE_IFSOCK) {
			archive_entry_copy_pathname(e, name);
			rc = sink->header(ctx, e, err);
			if (rc < 0)
				return rj_error_wrap(err, "%s", what);
		}
		if (entry_data(a, what, name, rc == 0 ? sink : NULL, ctx, pr,
			budget, err) < 0)
			return -1;
		if (rc == 0 && sink->end(ctx, err) < 0)
			return rj_error_wrap(err, "%s", what);
		if (progress_report(pr, (uint64_t)archive_filter_bytes(a, -1),
			false, err) < 0)
			return -1;
	}
	return progress_report(pr, (uint64_t)archive_filter_bytes(a, -1), true,
	    err);
}

int
entries_from_path(const char *input, const struct entry_sink *sink, void *ctx,
    struct progress *pr, struct budget *budget, struct rj_error **err)
{
	struct stat st;
	if (stat(input, &st) < 0)
		return rj_error_sys(err, "%s", input);
	if (S_ISDIR(st.st_mode))
		return entries_from_dir(input, sink, ctx, pr, budget, err);
	if (!S_ISREG(st.st_mode))
		return rj_error_set(err, EINVAL,
		    "%s: not a directory nor an archive", input);
	uint64_t size;
	_cleanup_close_ int fd = open_regular(input, input, 0, &size, err);
	if (fd < 0)
		return -1;
	if (size == 0)
		return rj_error_set(err, EINVAL,
		    "%s: empty file, not an archive", input);
	pr->total = size;
	struct archive *a = entries_reader_new();
	int rc;
	if (archive_read_open_fd(a, fd, ENTRIES_BLOCK) != ARCHIVE_OK)
		rc = entries_archive_error(a, input, err);
	else
		rc = entries_from_archive(a, input, sink, ctx, pr, budget, err);
	archive_read_free(a);
	return rc;
}
