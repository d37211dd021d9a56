/* staging.c: temporary outputs beside the target, renamed when whole. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "staging.h"
#include "runjutil.h"

static int
dir_is_empty(const char *path, bool *empty, struct rj_error **err)
{
	DIR *d = opendir(path);
	if (d == NULL)
		return rj_error_sys(err, "%s", path);
	struct dirent *de;
	*empty = true;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			*empty = false;
			break;
		}
	}
	closedir(d);
	return 0;
}

int
staging_check_out(const char *out, bool force, struct rj_error **err)
{
	struct stat st;
	if (lstat(out, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return rj_error_sys(err, "%s", out);
	}
	if (force)
		return 0;
	bool empty = st.st_size == 0;
	if (S_ISDIR(st.st_mode) && dir_is_empty(out, &empty, err) < 0)
		return -1;
	if (!empty)
		return rj_error_set(err, EEXIST,
		    "%s: exists and is not empty (use --force to replace it)",
		    out);
	return 0;
}

char *
staging_sibling(const char *path, const char *tag)
{
	_cleanup_free_ char *d = xstrdup(path);
	_cleanup_free_ char *b = xstrdup(path);
	/* Trailing slashes would make basename() return "" on some libcs. */
	size_t n = strlen(b);
	while (n > 1 && b[n - 1] == '/')
		b[--n] = '\0';
	return xasprintf("%s/.%s.%s.%ld", dirname(d), basename(b), tag,
	    (long)getpid());
}

/* The outermost directory of path that does not exist yet. */
static char *
first_missing(const char *path)
{
	_cleanup_free_ char *p = xstrdup(path);
	char *missing = xstrdup(path);
	for (;;) {
		_cleanup_free_ char *copy = xstrdup(p);
		char *up = dirname(copy);
		if (strcmp(up, p) == 0 || access(up, F_OK) == 0)
			return missing;
		free(missing);
		missing = xstrdup(up);
		free(p);
		p = xstrdup(up);
	}
}

/* rmdir from the output's parent up to the first directory staging made;
 * one that is not empty (someone else's now) stops it. */
static void
remove_made_parents(struct staging *s)
{
	if (s->made == NULL)
		return;
	_cleanup_free_ char *p = xstrdup(s->parent);
	while (rmdir(p) == 0 && strcmp(p, s->made) != 0) {
		char *copy = xstrdup(p);
		free(p);
		p = xstrdup(dirname(copy));
		free(copy);
	}
}

int
staging_begin(struct staging *s, const char *out, bool is_dir, bool force,
    struct rj_error **err)
{
	memset(s, 0, sizeof(*s));
	if (out == NULL || *out == '\0')
		return rj_error_set(err, EINVAL, "no output given");
	if (staging_check_out(out, force, err) < 0)
		return -1;
	/* Like mkdir -p for the output's parent: `-o new/dir/rootfs` works;
	 * what it makes is removed again on failure. */
	_cleanup_free_ char *parent_copy = xstrdup(out);
	const char *parent = dirname(parent_copy);
	if (access(parent, F_OK) < 0) {
		s->made = first_missing(parent);
		s->parent = xstrdup(parent);
		if (mkdir_p(parent, 0755, err) < 0) {
			remove_made_parents(s);
			return -1;
		}
	}
	s->out = xstrdup(out);
	s->tmp = staging_sibling(out, "tmp");
	s->is_dir = is_dir;
	/* Private while it is built, and a bundle stays so: its root
	 * filesystem may hold setuid files and device nodes from an
	 * untrusted archive, for the container only (umoci does the same). */
	if (is_dir && mkdir(s->tmp, 0700) < 0) {
		rj_error_sys(err, "mkdir %s", s->tmp);
		free(s->tmp);
		s->tmp = NULL;
		remove_made_parents(s);
		return -1;
	}
	return 0;
}

int
staging_commit(struct staging *s, struct rj_error **err)
{
	struct stat st;
	_cleanup_free_ char *old = NULL;

	if (lstat(s->out, &st) == 0) {
		/* rename(2) will not replace a non-empty directory, nor a
		 * directory by a file: move the old one aside first. */
		if (S_ISDIR(st.st_mode) || s->is_dir) {
			old = staging_sibling(s->out, "old");
			if (rename(s->out, old) < 0)
				return rj_error_sys(err, "rename %s", s->out);
		}
	}
	if (rename(s->tmp, s->out) < 0) {
		rj_error_sys(err, "rename %s to %s", s->tmp, s->out);
		if (old != NULL)
			(void)rename(old, s->out);
		return -1;
	}
	s->done = true;
	if (old != NULL) {
		_cleanup_error_ struct rj_error *e = NULL;
		(void)tree_remove(old, &e);
	}
	return 0;
}

void
staging_end(struct staging *s)
{
	if (s->tmp != NULL && !s->done) {
		_cleanup_error_ struct rj_error *e = NULL;
		(void)tree_remove(s->tmp, &e);
	}
	if (!s->done)
		remove_made_parents(s);
	free(s->made);
	free(s->parent);
	free(s->tmp);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

int
staging_check_apart(const char *input, const char *out, struct rj_error **err)
{
	struct stat st;
	if (stat(input, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* an archive, or an error reported by the reader */
	char in_real[PATH_MAX], out_real[PATH_MAX];
	_cleanup_free_ char *parent = xstrdup(out);
	if (realpath(input, in_real) == NULL ||
	    realpath(dirname(parent), out_real) == NULL)
		return 0;
	size_t n = strlen(in_real);
	if (strcmp(in_real, "/") == 0 ||
	    (strncmp(out_real, in_real, n) == 0 &&
		(out_real[n] == '\0' || out_real[n] == '/')))
		return rj_error_set(err, EINVAL,
		    "%s: the output would be inside the input %s", out, input);
	return 0;
}
