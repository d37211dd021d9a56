/* safepath.c: archive member names checked and resolved inside a root. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safepath.h"
#include "runjutil.h"

#define SAFEPATH_MAX_LINKS 40

int
safepath_clean(const char *name, char **out, struct rj_error **err)
{
	if (name == NULL || *name == '\0')
		return rj_error_set(err, EINVAL, "an entry has an empty name");
	if (name[0] == '/')
		return rj_error_set(err, EINVAL, "%s: absolute path", name);

	size_t len = strlen(name);
	_cleanup_free_ char *res = xmalloc(len + 1);
	size_t n = 0;
	const char *p = name;
	while (*p != '\0') {
		const char *e = strchr(p, '/');
		size_t cl = e == NULL ? strlen(p) : (size_t)(e - p);
		if (cl == 2 && p[0] == '.' && p[1] == '.')
			return rj_error_set(err, EINVAL, "%s: path with \"..\"",
			    name);
		if (cl > 0 && !(cl == 1 && p[0] == '.')) {
			if (n > 0)
				res[n++] = '/';
			memcpy(res + n, p, cl);
			n += cl;
		}
		p += cl;
		while (*p == '/')
			p++;
	}
	res[n] = '\0';
	*out = steal_ptr(res);
	return 0;
}

/* Pops the last component of a relative path in place. */
static bool
pop_component(char *path)
{
	if (*path == '\0')
		return false;
	char *slash = strrchr(path, '/');
	if (slash == NULL)
		*path = '\0';
	else
		*slash = '\0';
	return true;
}

int
safepath_resolve(const char *root, const char *rel, bool follow_last,
    char **out, struct rj_error **err)
{
	_cleanup_free_ char *resolved = xstrdup("");
	_cleanup_free_ char *rest = xstrdup(rel);
	int links = 0;

	while (*rest != '\0') {
		char *slash = strchr(rest, '/');
		size_t cl = slash == NULL ? strlen(rest)
					  : (size_t)(slash - rest);
		_cleanup_free_ char *comp = strndup(rest, cl);
		if (comp == NULL)
			abort();
		const char *next = rest + cl;
		while (*next == '/')
			next++;
		bool last = *next == '\0';
		memmove(rest, next, strlen(next) + 1);

		if (*comp == '\0' || strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (!pop_component(resolved))
				return rj_error_set(err, EXDEV,
				    "%s: path through a symlink that points "
				    "out of the root",
				    rel);
			continue;
		}
		_cleanup_free_ char *cand = *resolved == '\0'
		    ? xstrdup(comp)
		    : xasprintf("%s/%s", resolved, comp);
		if (last && !follow_last) {
			free(resolved);
			resolved = steal_ptr(cand);
			break;
		}
		_cleanup_free_ char *full = xasprintf("%s/%s", root, cand);
		struct stat st;
		if (lstat(full, &st) < 0 || !S_ISLNK(st.st_mode)) {
			free(resolved);
			resolved = steal_ptr(cand);
			continue;
		}
		if (++links > SAFEPATH_MAX_LINKS)
			return rj_error_set(err, ELOOP,
			    "%s: too many levels of symlinks", rel);
		char target[PATH_MAX];
		ssize_t tl = readlink(full, target, sizeof(target) - 1);
		if (tl < 0)
			return rj_error_sys(err, "readlink %s", full);
		target[tl] = '\0';
		if (target[0] == '/')
			return rj_error_set(err, EXDEV,
			    "%s: path through symlink %s, which points out of "
			    "the root (to %s)",
			    rel, cand, target);
		char *nrest = *rest == '\0' ? xstrdup(target)
					    : xasprintf("%s/%s", target, rest);
		free(rest);
		rest = nrest;
	}
	*out = steal_ptr(resolved);
	return 0;
}
